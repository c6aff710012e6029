import { PublishableEdit } from '../workflow/PublishableEdit';
import { FamilyFields } from './FamilyForm';

export const FamilyEdit = () => (
  <PublishableEdit>
    <FamilyFields />
  </PublishableEdit>
);
