import { Create, SimpleForm } from 'react-admin';
import { ClaimToolbar } from '../workflow/ClaimToolbar';
import { CorrectionNotice } from '../workflow/CorrectionNotice';
import { ScoreFields } from './ScoreFields';
import { FormGuard } from '../forms/FormGuard';
import { useReturnTo } from '../forms/returnTo';

export const ScoreCreate = () => (
  <Create redirect={useReturnTo('list')} mutationMode="pessimistic" title="Add a score">
    <SimpleForm toolbar={<ClaimToolbar />}>
      <CorrectionNotice />
      <FormGuard />
      <ScoreFields />
    </SimpleForm>
  </Create>
);
