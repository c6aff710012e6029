import { useGetIdentity, usePermissions, type RaRecord } from 'react-admin';
import { can } from '../authProvider';

/**
 * Whether the signed-in person may verify or reject this entry, and if not, why. The API answers
 * with `canVerify`; the reason shown is worked out here from the role and who entered it.
 */
export function useReviewRules(record: RaRecord | undefined) {
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const isOwn = !!record?.enteredBy && !!identity && (record.enteredBy.id === identity.id || record.enteredBy.email === identity.fullName);
  let reason: string | null = null;
  // One's own entry first: it is the reason that holds whatever the role.
  if (isOwn) reason = 'You entered this number: a different reviewer must check it against its source (four eyes).';
  else if (!can.review(permissions)) reason = 'Only reviewers and admins can verify or reject numbers.';
  else if (record && record.status !== 'PENDING_REVIEW') reason = 'Only numbers waiting for review can be verified or rejected.';
  // The API's canVerify is false when the reviewer changed the entry themself (four eyes again).
  else if (record?.canVerify === false) reason = 'You changed this number: a different reviewer must check it against its source (four eyes).';
  return { canReview: reason === null, reason, isOwn };
}
