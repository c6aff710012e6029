import { Box } from '@mui/material';

/**
 * Where the number sits inside an excerpt the API stored without offsets. The excerpt reaches about
 * 80 characters either side of the match, cut between words and marked '…' where cut, so among the
 * rendering's occurrences the match is the last starting within 81 characters of a cut start, or
 * else the first ending within 80 characters of a cut end.
 */
export function spanInExcerpt(excerpt: string, explanation: string | null | undefined): { start: number; end: number } | null {
  // "found 81.4 as "81.4%" near …" names the rendering found; "found 81.4 near …" found it as written.
  const named = explanation?.match(/^found (.+?)(?: as "(.+?)")?(?: near | in: )/);
  const rendering = named ? (named[2] ?? named[1]!) : null;
  if (!rendering) return null;
  const places: number[] = [];
  for (let at = excerpt.indexOf(rendering); at >= 0; at = excerpt.indexOf(rendering, at + 1)) places.push(at);
  const cutEnd = excerpt.endsWith('…') ? excerpt.length - 1 : null;
  const start = excerpt.startsWith('…')
    ? places.filter((at) => at <= 81).at(-1)
    : cutEnd !== null
      ? places.find((at) => cutEnd - (at + rendering.length) <= 80)
      : places[0];
  const at = start ?? places[0];
  if (at === undefined) return null;
  // A rendering that begins with the value as written is not named ("81.4%" for 81.4): take its percent sign too.
  const suffix = named?.[2] ? '' : (excerpt.slice(at + rendering.length).match(/^ ?%/)?.[0] ?? '');
  return { start: at, end: at + rendering.length + suffix.length };
}

/** The captured text around a number, the number marked. */
export const HighlightedExcerpt = ({ excerpt, highlight }: { excerpt: string; highlight: { start: number; end: number } | null }) => {
  const valid = highlight && highlight.start >= 0 && highlight.end <= excerpt.length && highlight.start < highlight.end;
  return (
    <Box
      component="blockquote"
      data-testid="evidence-excerpt"
      sx={{ m: 0, my: 0.5, pl: 1.5, borderLeft: 3, borderColor: 'divider', color: 'text.secondary', fontSize: 14, overflowWrap: 'anywhere', '& mark': { px: 0.25, fontWeight: 600 } }}
    >
      {valid ? (
        <>
          {excerpt.slice(0, highlight.start)}
          <mark>{excerpt.slice(highlight.start, highlight.end)}</mark>
          {excerpt.slice(highlight.end)}
        </>
      ) : (
        excerpt
      )}
    </Box>
  );
};

/** A capture or check time, readable and machine-readable. */
export const Instant = ({ value }: { value: string | null | undefined }) =>
  value ? <time dateTime={value}>{new Date(value).toLocaleString()}</time> : <>never</>;
