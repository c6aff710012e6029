import type { PublicationState as State } from '../../db/schema/index.ts';
import { setPublication, type PublishableKind } from '../catalog/entries.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { withdrawalReason } from '../catalog/entryInputs.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { PublicationState } from './enums.ts';
import { versionedWriteErrors } from './errors.ts';
import { payload, versionArgs } from './payload.ts';
import { published } from '../catalog/visibility.ts';

export const publicationArgDescription =
  'Signed-in editors: the publication states to list (default PUBLISHED), e.g. [DRAFT, PUBLISHED, RETIRED] for the admin. Anonymous readers always get PUBLISHED.';

/** Which publication states a list shows: what an editor asked for, published only for everyone else. */
export function listedStates(ctx: Context, asked: readonly State[] | null | undefined): State[] {
  return ctx.viewer && asked?.length ? [...asked] : [published.publication];
}

/**
 * publishX (PUBLISHED: public, its verified numbers show) or retireX (RETIRED: off the public API,
 * kept with its history) for a provider, family, model or benchmark. Reviewers only; publishing is
 * not of one's own entry (server/catalog/entries.ts). Each is declared by name in its type's module.
 */
export function publicationField(t: any, kind: PublishableKind, options: { type: object; field: string; success: string; to: 'PUBLISHED' | 'RETIRED' }) {
  const { type, field, success, to } = options;
  return t.field({
    type: payload(success, field, type),
    description:
      to === 'PUBLISHED'
        ? `Makes the ${field} public (its verified numbers then show). Reviewers only.`
        : `Takes the ${field} off the public API; kept with its history. Reviewers only.`,
    authScopes: { reviewer: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args:
      to === 'RETIRED'
        ? { ...versionArgs(t), reason: t.arg.string({ required: false, description: 'Why it is taken off the public API; kept in its history and the audit trail.' }) }
        : versionArgs(t),
    resolve: async (_root: unknown, args: { id: string | number; expectedVersion: number; reason?: string | null }, ctx: Context) => {
      const { id } = rowIdOf(String(args.id), kind);
      const version = parseInput(expectedVersion, args.expectedVersion);
      const reason = args.reason == null ? null : parseInput(withdrawalReason, args.reason);
      return { [field]: await write(ctx, (w) => setPublication(w, kind, id, version, to, reason)) };
    },
  });
}

const editorOnly = { authScopes: { editor: true }, nullable: true } as const;

/** What editors see of every entry: its version (to send back as expectedVersion) and publication state. */
export const entryEditorFields = (t: any) => ({
  version: t.exposeInt('version', { ...editorOnly, description: 'Send it back as expectedVersion when you change this record.' }),
  publication: t.expose('publication', { ...editorOnly, type: PublicationState }),
});
