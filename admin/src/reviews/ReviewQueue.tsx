import { Alert, Box, Typography } from '@mui/material';
import { useState } from 'react';
import { AutocompleteInput, List, ReferenceInput, SelectInput, usePermissions } from 'react-admin';
import { can } from '../authProvider';
import { BulkOutcomeAlert, type BulkOutcome } from './BulkReview';
import { PendingRevisions } from './PendingRevisions';
import { Workbench } from './Workbench';

const kinds = [
  { id: 'scores', name: 'Scores' },
  { id: 'prices', name: 'Prices' },
  { id: 'modelFacts', name: 'Quick facts' },
];

const filters = [
  <SelectInput key="kind" source="kind" choices={kinds} alwaysOn label="Kind" />,
  <ReferenceInput key="sourceId" source="sourceId" reference="sources" alwaysOn>
    <AutocompleteInput label="Source" optionText="title" sx={{ minWidth: 240, maxWidth: '100%' }} />
  </ReferenceInput>,
];

/**
 * Pending numbers to check against their sources and verify or reject: the selected one in full in a
 * panel beside the queue (with the published value it would replace), batches by source, bulk verify
 * or reject, and single-key shortcuts.
 */
export const ReviewQueue = () => {
  const { permissions } = usePermissions();
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  return (
    <>
      <PendingRevisions />
      {outcome && <BulkOutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />}
      <List resource="reviews" filters={filters} sort={{ field: 'id', order: 'ASC' }} perPage={50} exporter={false} title="Review queue"
        empty={<Box sx={{ p: 4 }}><Typography>Nothing is waiting for review.</Typography></Box>}>
        {!can.review(permissions) && (
          <Alert severity="info" sx={{ m: 1 }}>
            Your entries wait here until a reviewer checks them against their source. Reviewers verify or reject; nobody verifies their own entry.
          </Alert>
        )}
        <Workbench onOutcome={setOutcome} />
      </List>
    </>
  );
};
