import { z } from 'zod';
import { rejectClaim, retireClaim, verifyClaim, type ClaimKind } from '../catalog/claims.ts';
import { rowIdOf } from '../catalog/ids.ts';
import { parseInput, text } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { versionedWriteErrors } from './errors.ts';
import { payload } from './payload.ts';

// The review workflow's moves on a sourced number, the same for scores, prices and model facts:
// verify and reject (reviewers), retire (editors for open entries, reviewers for published ones).
// Each mutation is declared by name beside its type (verifyScore in score.ts, …); the rules are
// server/catalog/claims.ts.

interface ClaimField {
  /** The GraphQL type of the claim, e.g. Score. */
  type: object;
  /** Its field in the success payload, e.g. `score`. */
  field: string;
  /** The success type's name, e.g. VerifyScoreSuccess. */
  success: string;
}

const reasonSchema = text(2000);
// A reason an auditor can read later: "." or "ok" says nothing about why the evidence is wrong.
const overrideSchema = text(2000)
  .refine((reason) => reason.trim().length >= 10 && (reason.match(/\p{L}{2,}/gu) ?? []).length >= 2, {
    message: 'Say in a sentence why the number is right although its source does not show it (at least 10 characters).',
  })
  .nullable();
export const optionalVersion = z.number().int().min(1, 'Versions start at 1.').nullish();
const requiredVersion = z.number().int().min(1, 'Versions start at 1.');
// A reviewer confirms or turns down the value they looked at: a changed entry answers ConflictError.
const seenVersion = (t: any) =>
  t.arg.int({ required: true, description: 'The version you looked at; if the entry changed since, ConflictError and nothing changes.' });

export const verifyClaimField = (t: any, kind: ClaimKind, { type, field, success }: ClaimField) =>
  t.field({
    type: payload(success, field, type),
    description: `A reviewer confirms the ${field} against its citation: it becomes VERIFIED (public once its model is published) and replaces, as SUPERSEDED, the value verified before it. Nobody verifies their own entry.`,
    authScopes: { reviewer: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: {
      id: t.arg.id({ required: true }),
      expectedVersion: seenVersion(t),
      evidenceOverride: t.arg.string({
        description: 'Required when the evidence speaks against the number (NOT_FOUND, PAGE_CHANGED): why it is right anyway. Audited.',
      }),
    },
    resolve: async (_root: unknown, args: { id: string; expectedVersion: number; evidenceOverride?: string | null }, ctx: Context) => {
      const { id } = rowIdOf(String(args.id), kind);
      const { expectedVersion: version, evidenceOverride } = parseInput(
        z.object({ expectedVersion: requiredVersion, evidenceOverride: overrideSchema }),
        { expectedVersion: args.expectedVersion, evidenceOverride: args.evidenceOverride ?? null },
      );
      return { [field]: await write(ctx, (w) => verifyClaim(w, kind, id, version, evidenceOverride)) };
    },
  });

export const rejectClaimField = (t: any, kind: ClaimKind, { type, field, success }: ClaimField) =>
  t.field({
    type: payload(success, field, type),
    description: `A reviewer turns the ${field} down, saying why; the editor can correct it and submit it again.`,
    authScopes: { reviewer: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }), expectedVersion: seenVersion(t) },
    resolve: async (_root: unknown, args: { id: string; reason: string; expectedVersion: number }, ctx: Context) => {
      const { id } = rowIdOf(String(args.id), kind);
      const { reason, expectedVersion } = parseInput(z.object({ reason: reasonSchema, expectedVersion: requiredVersion }), args);
      return { [field]: await write(ctx, (w) => rejectClaim(w, kind, id, reason, expectedVersion)) };
    },
  });

export const retireClaimField = (t: any, kind: ClaimKind, { type, field, success }: ClaimField) =>
  t.field({
    type: payload(success, field, type),
    description: `Withdraws the ${field} without a replacement (kept in history). Withdrawing a published one takes a reviewer.`,
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }), expectedVersion: t.arg.int() },
    resolve: async (_root: unknown, args: { id: string; reason: string; expectedVersion?: number | null }, ctx: Context) => {
      const { id } = rowIdOf(String(args.id), kind);
      const { reason, expectedVersion } = parseInput(z.object({ reason: reasonSchema, expectedVersion: optionalVersion }), args);
      return { [field]: await write(ctx, (w) => retireClaim(w, kind, id, reason, expectedVersion)) };
    },
  });
