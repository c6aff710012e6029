import { Create, SimpleForm } from 'react-admin';
import { ClaimToolbar } from '../workflow/ClaimToolbar';
import { CorrectionNotice } from '../workflow/CorrectionNotice';
import { ScoreFields } from './ScoreFields';

export const ScoreCreate = () => (
  <Create redirect="list" mutationMode="pessimistic" title="Add a score">
    <SimpleForm toolbar={<ClaimToolbar />}>
      <CorrectionNotice />
      <ScoreFields />
    </SimpleForm>
  </Create>
);
