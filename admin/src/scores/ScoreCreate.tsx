import { Create, SimpleForm } from 'react-admin';
import { ClaimToolbar } from '../workflow/ClaimToolbar';
import { ScoreFields } from './ScoreFields';

export const ScoreCreate = () => (
  <Create redirect="list" mutationMode="pessimistic" title="Add a score">
    <SimpleForm toolbar={<ClaimToolbar />}>
      <ScoreFields />
    </SimpleForm>
  </Create>
);
