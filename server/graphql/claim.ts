import { inArray } from 'drizzle-orm';
import type { scores } from '../../db/schema/index.ts';
import { isReviewer } from '../auth/viewer.ts';
import { claimKinds, submitClaim, type ClaimKind } from '../catalog/claims.ts';
import { viewerChanged } from '../catalog/fourEyes.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { builder } from './builder.ts';
import { optionalVersion } from './claimWorkflow.ts';
import { ClaimStatus } from './enums.ts';
import { versionedWriteErrors } from './errors.ts';
import { ModelFact } from './modelFact.ts';
import { Price } from './price.ts';
import { Score } from './score.ts';
import { payload } from './payload.ts';
import { User } from './user.ts';

// The workflow fields every claim type carries. Status is public (published numbers are VERIFIED);
// who entered and checked a number, and its version, are for signed-in editors only.
const editorOnly = { authScopes: { editor: true }, nullable: true } as const;

function claimFields(t: any, kind: ClaimKind) {
  return {
    status: t.expose('status', { type: ClaimStatus }),
    version: t.exposeInt('version', { ...editorOnly, description: 'Send it back as expectedVersion when you change this entry.' }),
    enteredBy: t.relation('createdBy', { ...editorOnly, description: 'Who entered it (null for imported numbers).' }),
    verifiedBy: t.relation('verifiedBy', { ...editorOnly, description: 'The second person who checked it against the source.' }),
    verifiedAt: t.field({
      ...editorOnly,
      type: 'DateTime',
      select: { columns: { verifiedAt: true } },
      resolve: (row: { verifiedAt: string | null }) => (row.verifiedAt ? new Date(row.verifiedAt) : null),
    }),
    rejectionReason: t.exposeString('rejectionReason', editorOnly),
    note: t.exposeString('note', editorOnly),
    origin: t.exposeString('origin', { ...editorOnly, description: 'EDITOR or IMPORT.' }),
    enteredAt: t.field({
      ...editorOnly,
      type: 'DateTime',
      select: { columns: { createdAt: true } },
      resolve: (row: { createdAt: string }) => new Date(row.createdAt),
    }),
    canVerify: t.boolean({
      ...editorOnly,
      description: 'Whether you may verify or reject it now: you are a reviewer, it is open, and you did not enter it.',
      select: { columns: { id: true, status: true, createdById: true } },
      resolve: async (row: { id: number; status: string; createdById: number | null }, _args: unknown, ctx: Context) =>
        isReviewer(ctx.viewer) &&
        (row.status === 'DRAFT' || row.status === 'PENDING_REVIEW') &&
        row.createdById !== ctx.viewer!.id &&
        // Whoever changed it since it was entered is not the second person either (server/catalog/fourEyes.ts).
        !(await viewerChanged(ctx, kind, row.id)),
    }),
  };
}

builder.drizzleObjectFields(Score, (t) => claimFields(t, 'Score'));
builder.drizzleObjectFields(Price, (t) => claimFields(t, 'Price'));
builder.drizzleObjectFields(ModelFact, (t) => claimFields(t, 'ModelFact'));

// Rows loaded outside a planned query carry their kind, so unions can resolve them.
const kindOf = Symbol('claimKind');
type Tagged = Record<string, unknown> & { [kindOf]?: string };

export function tagged<T extends object>(kind: string, row: T): T {
  Object.defineProperty(row, kindOf, { value: kind, enumerable: false });
  return row;
}

export const kindOfRow = (row: unknown) => (row as Tagged)[kindOf];

export const Claim = builder.unionType('Claim', {
  description: 'A sourced number in the review workflow: a score, a price or a model fact.',
  types: [Score, Price, ModelFact],
  resolveType: (row) => kindOfRow(row) as 'Score',
});

/** Loads claims by kind and id, in the order given (one statement per kind present). */
export async function loadClaims(ctx: Context, refs: { kind: ClaimKind; id: number }[]) {
  const byKind = new Map<ClaimKind, number[]>();
  for (const ref of refs) byKind.set(ref.kind, [...(byKind.get(ref.kind) ?? []), ref.id]);
  const loaded = new Map<string, object>();
  for (const [kind, ids] of byKind) {
    const table = claimKinds[kind].table;
    const rows = await ctx.db.select().from(table as typeof scores).where(inArray(table.id, ids));
    for (const row of rows) loaded.set(`${kind}:${row.id}`, tagged(kind, row));
  }
  return refs.map((ref) => loaded.get(`${ref.kind}:${ref.id}`)).filter((row): row is object => !!row);
}

builder.mutationField('submitForReview', (t) =>
  t.field({
    type: payload('SubmitForReviewSuccess', 'claim', Claim),
    description: 'Puts a draft (or a corrected rejected entry) of a score, price or model fact into the review queue.',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), expectedVersion: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const { typename, id } = rowIdOf(String(args.id), 'Score', 'Price', 'ModelFact');
      const version = parseInput(optionalVersion, args.expectedVersion);
      const row = await write(ctx, (w) => submitClaim(w, typename as ClaimKind, id, version));
      return { claim: tagged(typename, row) };
    },
  }),
);

export { ModelFact, User };
