import { ClaimEdit } from '../workflow/ClaimEdit';
import { PriceFields } from './PriceFields';

export const PriceEdit = () => (
  <ClaimEdit title="Price" resource="prices">
    <PriceFields locked />
  </ClaimEdit>
);
