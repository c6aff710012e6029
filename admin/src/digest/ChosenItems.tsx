import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import { Box, IconButton, Paper, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { KindChip, ModelAndCitation } from './parts';
import type { FormItem } from './types';

export const noteLimit = 300;

/** The API's messages about one item, by field ("headline", "note", "change"). */
export type ItemErrors = Record<string, Record<string, string>>;

interface Props {
  items: FormItem[];
  errors: ItemErrors;
  onChange: (items: FormItem[], edited?: { change: string; field: string }) => void;
}

/** The chosen items in order: move up or down (focus stays on the moved item), remove, headline and note. */
export const ChosenItems = ({ items, errors, onChange }: Props) => {
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ change: string; direction: 'up' | 'down' } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());

  useEffect(() => {
    if (!focus) return;
    const index = items.findIndex((item) => item.change === focus.change);
    // At the top or bottom the button pressed is disabled: keep the focus on the item's other one.
    const direction = (focus.direction === 'up' && index === 0) || (focus.direction === 'down' && index === items.length - 1) ? (focus.direction === 'up' ? 'down' : 'up') : focus.direction;
    buttons.current.get(`${focus.change}:${direction}`)?.focus();
    setFocus(null);
  }, [focus, items]);

  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
    setAnnouncement(`Moved “${item!.headline}” to position ${index + by + 1} of ${items.length}.`);
    setFocus({ change: item!.change, direction: by < 0 ? 'up' : 'down' });
  };
  const remove = (index: number) => {
    setAnnouncement(`Removed “${items[index]!.headline}”.`);
    onChange(items.filter((_, at) => at !== index));
  };
  const edit = (index: number, field: 'headline' | 'note', value: string) =>
    onChange(items.map((item, at) => (at === index ? { ...item, [field]: value } : item)), { change: items[index]!.change, field });

  return (
    <Box component="section" aria-labelledby="digest-items" sx={{ minWidth: 0 }}>
      <Typography id="digest-items" variant="h6" component="h2">
        Items ({items.length})
      </Typography>
      <Typography role="status" variant="body2" color="text.secondary" sx={{ minHeight: 20 }} data-testid="items-status">
        {announcement}
      </Typography>
      {items.length === 0 && <Typography>Add candidates to make the digest’s items.</Typography>}
      <Box component="ol" aria-label="Items" sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {items.map((item, index) => {
          const itemErrors = errors[item.change] ?? {};
          const noteLength = item.note.trim().length;
          const label = `item ${index + 1}`;
          return (
            <Paper component="li" key={item.change} variant="outlined" aria-label={`Item ${index + 1}: ${item.headline}`} sx={{ p: 1.5, mb: 1.5 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                <Typography sx={{ fontWeight: 600 }}>{index + 1}.</Typography>
                <KindChip kind={item.kind} />
                <Box sx={{ flex: 1 }} />
                <Tooltip title="Move up">
                  <span>
                    <IconButton size="small" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => move(index, -1)}
                      ref={(element) => void buttons.current.set(`${item.change}:up`, element)}>
                      <ArrowUpwardIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
                <Tooltip title="Move down">
                  <span>
                    <IconButton size="small" aria-label={`Move ${label} down`} disabled={index === items.length - 1} onClick={() => move(index, 1)}
                      ref={(element) => void buttons.current.set(`${item.change}:down`, element)}>
                      <ArrowDownwardIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
                <Tooltip title="Remove from the digest">
                  <IconButton size="small" aria-label={`Remove ${label}`} onClick={() => remove(index)}>
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </Stack>
              <ModelAndCitation model={item.model} citation={item.citation} />
              {itemErrors.change && (
                <Typography variant="body2" color="error" role="alert">
                  {itemErrors.change}
                </Typography>
              )}
              <TextField label={`Headline of ${label}`} size="small" fullWidth margin="dense" value={item.headline}
                onChange={(event) => edit(index, 'headline', event.target.value)}
                error={!!itemErrors.headline} helperText={itemErrors.headline || 'Empty: the change’s own summary.'} />
              <TextField label={`Note on ${label}`} size="small" fullWidth margin="dense" value={item.note}
                onChange={(event) => edit(index, 'note', event.target.value)}
                error={!!itemErrors.note || noteLength > noteLimit}
                helperText={itemErrors.note || `One line, optional (${noteLength}/${noteLimit} characters).`} />
            </Paper>
          );
        })}
      </Box>
    </Box>
  );
};
