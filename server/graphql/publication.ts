import type { PublicationState as State } from '../../db/schema/index.ts';
import type { Context } from '../context.ts';

export const publicationArgDescription =
  'Signed-in editors: the publication states to list (default PUBLISHED), e.g. [DRAFT, PUBLISHED, RETIRED] for the admin. Anonymous readers always get PUBLISHED.';

/** Which publication states a list shows: what an editor asked for, published only for everyone else. */
export function listedStates(ctx: Context, asked: readonly State[] | null | undefined): State[] {
  return ctx.viewer && asked?.length ? [...asked] : ['PUBLISHED'];
}
