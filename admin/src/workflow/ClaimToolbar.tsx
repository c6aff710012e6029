import { SaveButton, Toolbar, useRecordContext } from 'react-admin';

/** Save only while a number is still editable (draft or rejected); published numbers are corrected by a new entry. */
export const ClaimToolbar = () => {
  const record = useRecordContext();
  const editable = !record || record.status === 'DRAFT' || record.status === 'REJECTED' || record.status === 'PENDING_REVIEW';
  return <Toolbar>{editable ? <SaveButton label={record ? 'Save' : 'Save and submit for review'} /> : null}</Toolbar>;
};
