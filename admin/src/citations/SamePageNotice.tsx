import { Alert, Button, Link } from '@mui/material';
import { useEffect, useState } from 'react';
import { useGetList } from 'react-admin';

export interface CatalogSource {
  id: string;
  url: string;
  title: string;
  kind?: string;
  retiredAt?: string | null;
}

/** The URL typed, once it has stopped changing for a moment. */
function useSettled(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The source already holding the page a typed URL names (the API compares pages, not spellings). */
export function useSourceOfPage(url: string, exceptId?: string): CatalogSource | null {
  const settled = useSettled(url.trim());
  const enabled = /^https?:\/\/\S+\.\S+/i.test(settled);
  const { data } = useGetList<CatalogSource>(
    'sources',
    { filter: { samePageAs: settled }, pagination: { page: 1, perPage: 2 }, sort: { field: 'id', order: 'ASC' } },
    { enabled },
  );
  if (!enabled) return null;
  return data?.find((source) => source.id !== exceptId) ?? null;
}

/**
 * "Already in the catalog": the page a typed URL names has a source. `onPick` offers to cite that one
 * (the inline dialog); without it, a link opens it (the Sources form).
 */
export const SamePageNotice = ({ existing, onPick }: { existing: CatalogSource | null; onPick?: (source: CatalogSource) => void }) => {
  if (!existing) return null;
  const retired = !!existing.retiredAt;
  return (
    <Alert
      severity={retired ? 'error' : 'warning'}
      data-testid="already-in-catalog"
      action={
        onPick && !retired ? (
          <Button color="inherit" size="small" onClick={() => onPick(existing)}>
            Use this source
          </Button>
        ) : (
          <Button color="inherit" size="small" component="a" href={`#/sources/${encodeURIComponent(existing.id)}`}>
            Open it
          </Button>
        )
      }
    >
      Already in the catalog: <strong>{existing.title}</strong> —{' '}
      <Link href={existing.url} target="_blank" rel="noopener noreferrer" color="inherit">
        {existing.url}
      </Link>
      {retired ? '. It is retired: cite another page.' : '. Cite that source rather than adding the page again.'}
    </Alert>
  );
};
