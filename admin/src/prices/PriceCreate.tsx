import { Create, SimpleForm } from 'react-admin';
import { today } from '../citations/today';
import { ClaimToolbar } from '../workflow/ClaimToolbar';
import { CorrectionNotice } from '../workflow/CorrectionNotice';
import { PriceFields } from './PriceFields';

export const PriceCreate = () => (
  <Create redirect="list" mutationMode="pessimistic" title="Add a price">
    <SimpleForm toolbar={<ClaimToolbar />} defaultValues={{ kind: 'INPUT', tierMinTokens: 0, effectiveFrom: today() }}>
      <CorrectionNotice />
      <PriceFields />
    </SimpleForm>
  </Create>
);
