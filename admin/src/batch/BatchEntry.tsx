import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { AutocompleteInput, Form, ReferenceInput, Title, required, useNotify } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { Link as RouterLink } from 'react-router-dom';
import { CreateSourceInline } from '../citations/CreateSourceInline';
import { citationRequired } from '../citations/methodology';
import { createBatch, submitBatch, type BatchOutcome, type Entry } from './api';
import { parseTable, type TableRow as Row } from './table';

/** The API's limit on a batch (server/catalog/batch.ts). */
const maxRows = 50;

const sourceOption = (source: { title?: string; url?: string } | undefined) => (source ? `${source.title ?? ''} — ${source.url ?? ''}` : '');

const example = `model\tbenchmark\tvalue\tsetting\tlocator\tquote
o4-mini\tgpqa-diamond\t81.4\tpass@1, no tools\tTable 2: GPQA Diamond\t
o4-mini\t\t1.10\t\tPricing table: input\t`;

/** The source every row cites, picked (or added) as on a single entry's form. */
const SourcePicker = ({ onChange }: { onChange: (id: string | null) => void }) => {
  const sourceId = useWatch({ name: 'sourceId' }) as string | null | undefined;
  useEffect(() => onChange(sourceId || null), [sourceId, onChange]);
  return (
    <ReferenceInput source="sourceId" reference="sources" perPage={20}>
      <AutocompleteInput
        label="Source"
        optionText={sourceOption}
        filterToQuery={(q: string) => ({ q })}
        validate={required(citationRequired)}
        create={<CreateSourceInline />}
        createLabel="Add a new source…"
        createItemLabel="Add a new source: %{item}"
        helperText="Every row cites this page: search by URL or title, or add it"
        fullWidth
      />
    </ReferenceInput>
  );
};

interface Preview {
  rows: Row[];
  /** Problems by row index (from 0). */
  byRow: Map<number, string[]>;
  general: string[];
}

const goodRows = (preview: Preview) => preview.rows.flatMap((row, index) => (preview.byRow.has(index) ? [] : [{ row, index }]));

/**
 * Batch entry: one source, a pasted or uploaded table of scores and prices, a preview with each row's
 * problems (checked by the API as the creation would), then the good rows created as drafts and
 * submitted for review together. Nothing is half-done: each step is all or nothing.
 */
export const BatchEntry = () => {
  const notify = useNotify();
  const [source, setSource] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [created, setCreated] = useState<Entry[] | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A changed table or source needs a new preview (only setters: stable across renders).
  const restart = useCallback(() => {
    setPreview(null);
    setCreated(null);
    setSubmitted(false);
    setError(null);
  }, []);
  const changeText = (value: string) => {
    setText(value);
    restart();
  };
  const changeSource = useCallback(
    (id: string | null) => {
      setSource((current) => {
        if (current !== id) restart();
        return id;
      });
    },
    [restart],
  );
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) changeText(await file.text());
    event.target.value = '';
  };

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The API could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  const check = () =>
    run(async () => {
      const table = parseTable(text);
      if (!source) table.problems.unshift('Choose the source every row cites first.');
      if (table.rows.length > maxRows) table.problems.push(`At most ${maxRows} rows at once; this table has ${table.rows.length}: split it.`);
      if (table.problems.length) {
        setPreview({ rows: [], byRow: new Map(), general: table.problems });
        return;
      }
      const outcome = await createBatch(source!, table.rows, true);
      setPreview({ rows: table.rows, ...problemsOf(outcome) });
    });

  const create = () =>
    run(async () => {
      if (!preview || !source) return;
      const good = goodRows(preview);
      const outcome = await createBatch(source, good.map(({ row }) => row), false);
      if (outcome.kind === 'ok') {
        setCreated(outcome.entries);
        notify(`${outcome.count} drafts created, citing one source. Submit them for review when ready.`, { type: 'success' });
        return;
      }
      // Something changed since the preview: nothing was created; the problems land on their rows.
      const { byRow, general } = problemsOf(outcome);
      const remapped = new Map(preview.byRow);
      for (const [sent, messages] of byRow) remapped.set(good[sent]!.index, messages);
      setPreview({ ...preview, byRow: remapped, general });
      setError(outcome.kind === 'problems' ? outcome.message : outcome.message);
    });

  const submit = () =>
    run(async () => {
      if (!created) return;
      const outcome = await submitBatch(created.map((entry) => entry.id));
      if (outcome.kind === 'ok') {
        setSubmitted(true);
        notify(`${outcome.count} entries submitted for review together.`, { type: 'success' });
        return;
      }
      const { byRow, general } = problemsOf(outcome);
      setError([outcome.message, ...general, ...[...byRow.values()].flat()].join(' '));
    });

  // Drafts created and not yet submitted: the table stays as it was until they are (nothing forgotten half-way).
  const locked = !!created && !submitted;
  const startOver = () => {
    setText('');
    restart();
  };
  const good = preview ? goodRows(preview) : [];
  const bad = preview ? preview.byRow.size : 0;
  return (
    <Card sx={{ mt: 2, minWidth: 0 }}>
      <Title title="Batch entry" />
      <CardContent>
        <Typography variant="h5" component="h2" sx={{ fontSize: { xs: '1.2rem', sm: '1.5rem' } }}>
          Batch entry from one source
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Paste a table (tab- or comma-separated, with a header row) of numbers read from one page: columns model, benchmark or price
          kind, value, setting, locator, and optionally quote; at most 50 rows. Each row is checked before anything is written.
        </Typography>
        <Form>
          <Box sx={{ maxWidth: 720 }}>
            <SourcePicker onChange={changeSource} />
          </Box>
        </Form>
        <TextField
          label="Table (CSV or TSV)"
          multiline
          minRows={6}
          maxRows={20}
          fullWidth
          value={text}
          disabled={locked}
          onChange={(event) => changeText(event.target.value)}
          placeholder={example}
          helperText="Header names in any case; the price kind column takes Input, Output, Cached input…; a price's value is USD per million tokens"
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
        />
        <Stack direction="row" sx={{ gap: 1, mt: 1, flexWrap: 'wrap' }}>
          <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} disabled={locked}>
            Upload a CSV or TSV file
            <input type="file" hidden accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" onChange={upload} />
          </Button>
          <Button variant="contained" onClick={check} disabled={busy || locked || !text.trim()}>
            Preview
          </Button>
        </Stack>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            {error}
          </Alert>
        )}
        {preview && <PreviewTable preview={preview} />}
        {preview && preview.rows.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Typography variant="body2" data-testid="batch-summary" sx={{ mb: 1 }}>
              {good.length} of {preview.rows.length} rows ready
              {bad > 0 && `; ${bad} with problems will not be created (fix the table and preview again)`}.
            </Typography>
            {!created ? (
              <Button variant="contained" onClick={create} disabled={busy || good.length === 0}>
                Create {good.length} drafts
              </Button>
            ) : !submitted ? (
              <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
                <Alert severity="success" sx={{ flex: 1, minWidth: 240 }}>
                  {created.length} drafts created, each citing the source. Until you submit them they stay drafts (in the Scores and Prices
                  lists), and nobody reviews them.
                </Alert>
                <Button variant="contained" color="secondary" onClick={submit} disabled={busy}>
                  Submit {created.length} for review
                </Button>
              </Stack>
            ) : (
              <Alert severity="success" data-testid="batch-submitted">
                {created.length} entries are waiting for review, together: same source, same editor. They become public once a reviewer verifies
                them. <RouterLink to="/reviews">Open the review queue</RouterLink>
                <Box sx={{ mt: 1 }}>
                  <Button size="small" variant="outlined" onClick={startOver}>
                    Start another batch
                  </Button>
                </Box>
              </Alert>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

function problemsOf(outcome: BatchOutcome): { byRow: Map<number, string[]>; general: string[] } {
  if (outcome.kind === 'ok') return { byRow: new Map(), general: [] };
  if (outcome.kind === 'refused') return { byRow: new Map(), general: [outcome.message] };
  return { byRow: outcome.byRow, general: outcome.general };
}

const PreviewTable = ({ preview }: { preview: Preview }) => (
  <Box sx={{ mt: 2 }}>
    {preview.general.map((message) => (
      <Alert key={message} severity="error" sx={{ mb: 1 }} data-testid="batch-table-problem">
        {message}
      </Alert>
    ))}
    {preview.rows.length > 0 && (
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Preview of the rows">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>Model</TableCell>
              <TableCell>Benchmark or price kind</TableCell>
              <TableCell align="right">Value</TableCell>
              <TableCell>Setting</TableCell>
              <TableCell>Locator</TableCell>
              <TableCell>Check</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.rows.map((row, index) => {
              const problems = preview.byRow.get(index);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the pasted table
                <TableRow key={index} data-testid="batch-row" data-status={problems ? 'problem' : 'ready'}>
                  <TableCell>{index + 1}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.model}</TableCell>
                  <TableCell>{row.benchmark ?? row.priceKind ?? '—'}</TableCell>
                  <TableCell align="right">{row.valueText || '—'}</TableCell>
                  <TableCell>{row.setting ?? ''}</TableCell>
                  <TableCell>{row.locator ?? <em>missing</em>}</TableCell>
                  <TableCell sx={{ minWidth: 220 }}>
                    {problems ? (
                      <>
                        <Chip size="small" color="error" label="Not created" sx={{ mb: 0.5 }} />
                        {problems.map((message) => (
                          <Typography key={message} variant="body2" color="error" data-testid="batch-row-problem">
                            {message}
                          </Typography>
                        ))}
                      </>
                    ) : (
                      <Chip size="small" color="success" variant="outlined" label="Ready" />
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
    )}
  </Box>
);
