import BookmarkBorderIcon from '@mui/icons-material/BookmarkBorder';
import BookmarkRemoveIcon from '@mui/icons-material/BookmarkRemove';
import BookmarkAddIcon from '@mui/icons-material/BookmarkAdd';
import BookmarksIcon from '@mui/icons-material/Bookmarks';
import { Divider, ListItemIcon, ListItemText, Menu, MenuItem } from '@mui/material';
import { useRef, useState } from 'react';
import { AddSavedQueryDialog, Button, extractValidSavedQueries, RemoveSavedQueryDialog, useListContext, useSavedQueries } from 'react-admin';

/** JSON with keys sorted, so that two equal queries compare equal whatever their key order. */
const stable = (value: unknown): string =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`).join(',')}}`
    : JSON.stringify(value ?? null);

/**
 * Saved filters of a list (react-admin's saved queries, kept in this browser): apply one, save the
 * filters shown now under a name, or remove the one applied.
 */
export const SavedFilters = () => {
  const { resource, filterValues, displayedFilters, sort, perPage, setFilters, setSort, setPerPage } = useListContext();
  const [savedQueries] = useSavedQueries(resource);
  const saved = extractValidSavedQueries(savedQueries);
  const anchor = useRef<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState(false);
  const hasFilters = Object.keys(filterValues ?? {}).length > 0;
  // The saved query applied now, compared as react-admin does when it removes one.
  const now = stable({ filter: filterValues, sort, perPage, displayedFilters });
  const current = saved.find((query) => stable(query.value) === now);

  return (
    <>
      <Button ref={anchor} label="Saved filters" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(true)}>
        <BookmarksIcon />
      </Button>
      <Menu open={open} anchorEl={anchor.current} onClose={() => setOpen(false)}>
        {saved.length === 0 && <MenuItem disabled>No saved filters yet</MenuItem>}
        {saved.map((query) => (
          <MenuItem
            key={query.label}
            selected={query === current}
            onClick={() => {
              setFilters(query.value.filter ?? {}, query.value.displayedFilters ?? {}, false);
              if (query.value.sort) setSort(query.value.sort);
              if (query.value.perPage) setPerPage(query.value.perPage);
              setOpen(false);
            }}
          >
            <ListItemIcon><BookmarkBorderIcon fontSize="small" /></ListItemIcon>
            <ListItemText>{query.label}</ListItemText>
          </MenuItem>
        ))}
        <Divider />
        <MenuItem disabled={!hasFilters || !!current} onClick={() => { setOpen(false); setAdding(true); }}>
          <ListItemIcon><BookmarkAddIcon fontSize="small" /></ListItemIcon>
          <ListItemText>Save the current filters…</ListItemText>
        </MenuItem>
        {current && (
          <MenuItem onClick={() => { setOpen(false); setRemoving(true); }}>
            <ListItemIcon><BookmarkRemoveIcon fontSize="small" /></ListItemIcon>
            <ListItemText>Remove “{current.label}”</ListItemText>
          </MenuItem>
        )}
      </Menu>
      <AddSavedQueryDialog open={adding} onClose={() => setAdding(false)} />
      <RemoveSavedQueryDialog open={removing} onClose={() => setRemoving(false)} />
    </>
  );
};
