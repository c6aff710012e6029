import { SaveButton, Toolbar, useRecordContext } from 'react-admin';
import { isSettled } from './correction';

/**
 * Save only while a number is still editable (draft, pending or rejected); published numbers are
 * corrected by a new entry. No toolbar at all otherwise: an empty react-admin Toolbar would bring back
 * its default Save and Delete buttons.
 */
export const ClaimToolbar = () => {
  const record = useRecordContext();
  if (isSettled(record)) return null;
  return (
    <Toolbar>
      <SaveButton label={record?.id ? 'Save' : 'Save and submit for review'} />
    </Toolbar>
  );
};
