import { ClaimEdit } from '../workflow/ClaimEdit';
import { ScoreFields } from './ScoreFields';

export const ScoreEdit = () => (
  <ClaimEdit title="Score" resource="scores">
    <ScoreFields locked />
  </ClaimEdit>
);
