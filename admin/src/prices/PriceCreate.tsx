import { Create, SimpleForm } from 'react-admin';
import { today } from '../citations/today';
import { ClaimToolbar } from '../workflow/ClaimToolbar';
import { CorrectionNotice } from '../workflow/CorrectionNotice';
import { PriceFields } from './PriceFields';
import { FormGuard } from '../forms/FormGuard';
import { useReturnTo } from '../forms/returnTo';

export const PriceCreate = () => (
  <Create redirect={useReturnTo('list')} mutationMode="pessimistic" title="Add a price">
    <SimpleForm toolbar={<ClaimToolbar />} defaultValues={{ kind: 'INPUT', tierMinTokens: 0, effectiveFrom: today() }}>
      <CorrectionNotice />
      <FormGuard />
      <PriceFields />
    </SimpleForm>
  </Create>
);
