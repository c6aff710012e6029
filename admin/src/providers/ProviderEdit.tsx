import { PublishableEdit } from '../workflow/PublishableEdit';
import { ProviderFields } from './ProviderForm';

export const ProviderEdit = () => (
  <PublishableEdit>
    <ProviderFields />
  </PublishableEdit>
);
