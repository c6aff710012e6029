import { SaveButton, Toolbar, useRecordContext } from 'react-admin';
import { isSettled } from './correction';

/** Save only while a number is still editable (draft, pending or rejected); published numbers are corrected by a new entry. */
export const ClaimToolbar = () => {
  const record = useRecordContext();
  return <Toolbar>{isSettled(record) ? null : <SaveButton label={record?.id ? 'Save' : 'Save and submit for review'} />}</Toolbar>;
};
