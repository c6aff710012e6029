import { useContext } from 'react';
import { CreateButton, FilterButton, FilterContext, TopToolbar, useResourceDefinition } from 'react-admin';
import { ExportAllButton } from './ExportAllButton';
import { SavedFilters } from './SavedFilters';

/** Saved filters and the full CSV export: put beside a list's own buttons in place of ExportButton. */
export const ListTools = () => (
  <>
    <SavedFilters />
    <ExportAllButton />
  </>
);

/** react-admin's default list buttons (filter, create) with ListTools in place of the capped export. */
export const ListActions = ({ createLabel }: { createLabel?: string }) => {
  const filters = useContext(FilterContext);
  const { hasCreate } = useResourceDefinition();
  return (
    <TopToolbar>
      {filters && <FilterButton disableSaveQuery />}
      {hasCreate && <CreateButton label={createLabel} />}
      <ListTools />
    </TopToolbar>
  );
};
