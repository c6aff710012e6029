import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { parseInput, text } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import type { Context } from '../context.ts';
import { type Candidate, weekCandidates } from '../digest/candidates.ts';
import { publishDigest, resendDigestEmails, saveDigest } from '../digest/editing.ts';
import { type DigestItemView, type DigestView, isoWeekPattern, listPublishedDigests, readDigest, weekStart } from '../digest/read.ts';
import { digestEmail } from '../mail/messages.ts';
import { builder } from './builder.ts';
import { Change, ChangeKindEnum, claimWithSource, publicModel } from './changes.ts';
import { Citation, citationOf } from './citation.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { Model } from './model.ts';

// The weekly digest: public reads of published ones (`digest`, `digests`), the editors' draft with the
// week's candidate items (`digestDraft`), `saveDigest` to assemble it and `publishDigest` (a reviewer or
// admin other than its editors) to publish it and send it to confirmed subscribers.

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** An ISO week that exists ("2026-W49"), else a typed error naming the argument. */
function parseWeek(week: string, name = 'week'): string {
  if (!isoWeekPattern.test(week) || !weekStart(week)) throw badInput(`${name}: "${week.slice(0, 20)}" is not an ISO week such as 2026-W49.`);
  return week;
}


const citationFor = async (ctx: Context, kind: 'Score' | 'Price' | 'ModelFact', id: number) => {
  const claim = await claimWithSource(ctx, kind, id);
  return claim ? citationOf(claim as never) : null;
};

export const DigestItem = builder.objectRef<DigestItemView>('DigestItem').implement({
  description: 'An item of a digest: a change of the catalog, as its editor headed it, with the number it cites.',
  fields: (t) => ({
    kind: t.field({ type: ChangeKindEnum, resolve: (item) => item.kind as never }),
    headline: t.exposeString('headline'),
    note: t.exposeString('note', { nullable: true, description: "The editor's one-line note." }),
    model: t.field({ type: Model, nullable: true, description: 'The model, while it is public.', resolve: (item, _args, ctx) => publicModel(ctx, item.model.id) }),
    citation: t.field({ type: Citation, nullable: true, resolve: (item, _args, ctx) => citationFor(ctx, item.claim.kind, item.claim.id) }),
  }),
});

export const Digest = builder.objectRef<DigestView>('Digest').implement({
  description: 'A published weekly digest: new models, leaderboard moves and price drops, picked and headed by hand, every item cited.',
  fields: (t) => ({
    week: t.exposeString('week', { description: 'The ISO week, e.g. "2026-W49".' }),
    title: t.exposeString('title'),
    intro: t.exposeString('intro'),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (digest) => (digest.publishedAt ? new Date(digest.publishedAt) : null) }),
    items: t.field({ type: [DigestItem], resolve: (digest) => digest.items }),
  }),
});

const DigestCandidate = builder.objectRef<Candidate>('DigestCandidate').implement({
  description: 'A change of the week worth an item: a model published, a move into the top 10, a price down by 10% or more.',
  fields: (t) => ({
    change: t.field({ type: Change, resolve: (candidate) => candidate.change }),
    kind: t.field({ type: ChangeKindEnum, resolve: (candidate) => candidate.change.kind }),
    headline: t.string({ description: 'The change in one line (an item takes it unless the editor writes another).', resolve: (candidate) => candidate.headline }),
    model: t.field({ type: Model, nullable: true, resolve: (candidate, _args, ctx) => publicModel(ctx, candidate.change.modelId) }),
    citation: t.field({
      type: Citation,
      nullable: true,
      description: 'The number it would cite (a launch: one of the model’s verified numbers); null: nothing to cite yet, so it cannot be an item.',
      resolve: (candidate, _args, ctx) => (candidate.cited ? citationFor(ctx, candidate.cited.claimKind, candidate.cited.claimId) : null),
    }),
  }),
});

interface DraftData {
  week: string;
  digest: DigestView | null;
}

const DigestPreview = builder.objectRef<{ subject: string; text: string; html: string }>('DigestPreview').implement({
  description: 'The email as subscribers will get it (its unsubscribe link is a sample).',
  fields: (t) => ({ subject: t.exposeString('subject'), text: t.exposeString('text'), html: t.exposeString('html') }),
});

const DigestDelivery = builder.objectRef<Record<string, number>>('DigestDelivery').implement({
  description:
    'Where its emails stand: PENDING (to send or retry), SENDING, SENT, UNCERTAIN (its sender died mid-send, so it may have gone out: never re-sent on its own), FAILED (given up), SKIPPED (the subscriber left first).',
  fields: (t) => ({
    pending: t.int({ resolve: (counts) => counts.PENDING ?? 0 }),
    sending: t.int({ resolve: (counts) => counts.SENDING ?? 0 }),
    sent: t.int({ resolve: (counts) => counts.SENT ?? 0 }),
    uncertain: t.int({ resolve: (counts) => counts.UNCERTAIN ?? 0 }),
    failed: t.int({ resolve: (counts) => counts.FAILED ?? 0 }),
    skipped: t.int({ resolve: (counts) => counts.SKIPPED ?? 0 }),
  }),
});

async function deliveryOf(ctx: Context, digestId: number): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(
    await ctx.db.execute(sql`select status, count(*)::int as n from email_outbox where kind = 'DIGEST' and digest_id = ${digestId} group by status`),
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

const previewReader = { id: 0, email: 'reader@example.com', unsubscribeToken: 'preview-only' };

const DigestDraft = builder.objectRef<DraftData>('DigestDraft').implement({
  description: "A week's digest as editors assemble it: what is saved so far, and the week's candidate items.",
  fields: (t) => ({
    week: t.exposeString('week'),
    status: t.string({ description: 'NEW (nothing saved yet), DRAFT or PUBLISHED.', resolve: (draft) => draft.digest?.status ?? 'NEW' }),
    version: t.int({ nullable: true, description: 'The version to send back with saveDigest (null: nothing saved yet).', resolve: (draft) => draft.digest?.version ?? null }),
    title: t.string({ nullable: true, resolve: (draft) => draft.digest?.title ?? null }),
    intro: t.string({ nullable: true, resolve: (draft) => draft.digest?.intro ?? null }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (draft) => (draft.digest?.publishedAt ? new Date(draft.digest.publishedAt) : null) }),
    items: t.field({ type: [DigestItem], resolve: (draft) => draft.digest?.items ?? [] }),
    itemChangeIds: t.idList({ description: 'The Change id of each saved item, in order.', resolve: (draft) => (draft.digest?.items ?? []).map((item) => encodeGlobalID('Change', item.changeId)) }),
    assembledByYou: t.boolean({
      description: 'You saved this digest, so another reviewer or admin must publish it.',
      resolve: (draft, _args, ctx) => !!ctx.viewer && !!draft.digest?.editedBy.includes(ctx.viewer.id),
    }),
    candidates: t.field({ type: [DigestCandidate], resolve: (draft, _args, ctx) => weekCandidates(ctx.db, draft.week) }),
    delivery: t.field({
      type: DigestDelivery,
      nullable: true,
      description: 'Its emails to subscribers, by state (null until published).',
      resolve: (draft, _args, ctx) => (draft.digest?.status === 'PUBLISHED' ? deliveryOf(ctx, draft.digest.id) : null),
    }),
    preview: t.field({
      type: DigestPreview,
      nullable: true,
      description: 'The email as saved (null: nothing saved yet).',
      resolve: (draft, _args, ctx) => (draft.digest ? digestEmail(ctx.mail, draft.digest, previewReader) : null),
    }),
  }),
});

interface DigestListRow {
  week: string;
  title: string;
  publishedAt: string;
}

const DigestSummary = builder.objectRef<DigestListRow>('DigestSummary').implement({
  description: 'A published digest in the list.',
  fields: (t) => ({
    week: t.exposeString('week'),
    title: t.exposeString('title'),
    publishedAt: t.field({ type: 'DateTime', resolve: (row) => new Date(row.publishedAt) }),
  }),
});

const DigestEdge = builder.objectRef<DigestListRow>('DigestEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (row) => row.week }),
    node: t.field({ type: DigestSummary, resolve: (row) => row }),
  }),
});

const DigestPageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('DigestPageInfo').implement({
  fields: (t) => ({ hasNextPage: t.exposeBoolean('hasNextPage'), endCursor: t.exposeString('endCursor', { nullable: true }) }),
});

const DigestConnection = builder.objectRef<{ rows: DigestListRow[]; hasNextPage: boolean }>('DigestConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [DigestEdge], resolve: (page) => page.rows }),
    pageInfo: t.field({ type: DigestPageInfo, resolve: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.week ?? null }) }),
  }),
});

builder.queryFields((t) => ({
  digest: t.field({
    type: Digest,
    nullable: true,
    description: 'A published digest (null for a week without one); week omitted: the latest published.',
    args: { week: t.arg.string({ description: 'The ISO week, e.g. "2026-W49".' }) },
    resolve: async (_root, args, ctx) => {
      if (args.week == null) {
        const [latest] = await listPublishedDigests(ctx.db, 1, null);
        return latest ? readDigest(ctx.db, { week: latest.week }, { publishedOnly: true }) : null;
      }
      return readDigest(ctx.db, { week: parseWeek(args.week) }, { publishedOnly: true });
    },
  }),
  digests: t.field({
    type: DigestConnection,
    description: 'Published digests, newest week first.',
    args: {
      first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(100) }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 20;
      const after = args.after == null ? null : parseWeek(args.after, 'after');
      const rows = await listPublishedDigests(ctx.db, first + 1, after);
      return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
    },
  }),
  digestDraft: t.field({
    type: DigestDraft,
    description: "A week's digest as saved so far, with the week's candidate items. Editors.",
    authScopes: { editor: true },
    args: { week: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const week = parseWeek(args.week);
      return { week, digest: await readDigest(ctx.db, { week }) };
    },
  }),
}));

const DigestItemInput = builder.inputType('DigestItemInput', {
  fields: (t) => ({
    change: t.id({ required: true, description: 'The Change the item reports (a candidate’s change.id).' }),
    headline: t.string({ description: "The item's heading; defaults to the change's one-line summary." }),
    note: t.string({ description: 'One line from the editor.' }),
  }),
});

const SaveDigestInput = builder.inputType('SaveDigestInput', {
  fields: (t) => ({
    week: t.string({ required: true, description: 'The ISO week, e.g. "2026-W49".' }),
    title: t.string({ required: true }),
    intro: t.string({ description: 'A few sentences above the items.' }),
    items: t.field({ type: [DigestItemInput], required: true, description: 'The items, in the order they are shown (replacing those saved).' }),
    expectedVersion: t.int({ description: 'The version you loaded (digestDraft.version); required once the week has a digest.' }),
  }),
});

const changeId = z.string().transform((value, context) => {
  const match = /^Change:(\d{1,15})$/.exec(Buffer.from(value, 'base64').toString('utf8'));
  if (!match) {
    context.addIssue({ code: 'custom', message: 'Not a Change id.' });
    return z.NEVER;
  }
  return Number(match[1]);
});

const saveSchema = z.object({
  week: z.string().regex(isoWeekPattern, 'An ISO week such as 2026-W49.'),
  title: text(200).refine((value) => !/[\r\n]/.test(value), 'One line: no line breaks.'),
  intro: z.string().trim().max(2000, 'Use at most 2000 characters.').nullish(),
  items: z
    .array(
      z.object({
        change: changeId,
        headline: text(300).nullish(),
        note: text(300).refine((value) => !/[\r\n]/.test(value), 'One line: no line breaks.').nullish(),
      }),
    )
    .max(30, 'At most 30 items: a digest is short.'),
  expectedVersion: z.number().int().min(1).nullish(),
});

const SaveDigestSuccess = builder.objectRef<DraftData>('SaveDigestSuccess').implement({
  fields: (t) => ({ digest: t.field({ type: DigestDraft, resolve: (data) => data }) }),
});

const PublishDigestSuccess = builder.objectRef<{ digest: DigestView; recipients: number }>('PublishDigestSuccess').implement({
  fields: (t) => ({
    digest: t.field({ type: Digest, resolve: (data) => data.digest }),
    recipients: t.exposeInt('recipients', { description: 'Confirmed subscribers it was queued for.' }),
  }),
});

const ResendableStatus = builder.enumType('ResendableEmailStatus', {
  values: ['UNCERTAIN', 'FAILED'] as const,
  description: 'UNCERTAIN: may have arrived (its sender died mid-send); FAILED: given up after about a day of attempts.',
});

const ResendDigestEmailsSuccess = builder.objectRef<{ queued: number }>('ResendDigestEmailsSuccess').implement({
  fields: (t) => ({ queued: t.exposeInt('queued', { description: 'Emails queued again (to subscribers still confirmed).' }) }),
});

builder.mutationFields((t) => ({
  resendDigestEmails: t.field({
    type: ResendDigestEmailsSuccess,
    description:
      "Sends again a published digest's UNCERTAIN emails (a subscriber may get a second copy) and, if asked, its FAILED ones. Reviewers and admins; audited.",
    authScopes: { reviewer: true },
    errors: { types: writeErrors, directResult: true },
    args: { week: t.arg.string({ required: true }), statuses: t.arg({ type: [ResendableStatus], required: true }) },
    resolve: async (_root, args, ctx) => {
      const week = parseWeek(args.week);
      const statuses = [...new Set(args.statuses)] as ('UNCERTAIN' | 'FAILED')[];
      if (!statuses.length) throw badInput('statuses: name UNCERTAIN, FAILED or both.');
      return { queued: await write(ctx, (w) => resendDigestEmails(w, week, statuses)) };
    },
  }),
  saveDigest: t.field({
    type: SaveDigestSuccess,
    description: "Saves a week's digest: title, intro and its items in order, each a public change with its citation. Editors; not once published.",
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { input: t.arg({ type: SaveDigestInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(saveSchema, args.input);
      parseWeek(input.week);
      await write(ctx, (w) =>
        saveDigest(w, {
          week: input.week,
          title: input.title,
          intro: input.intro ?? '',
          items: input.items.map((item) => ({ changeId: item.change, headline: item.headline ?? null, note: item.note ?? null })),
          expectedVersion: input.expectedVersion ?? null,
        }),
      );
      return { week: input.week, digest: await readDigest(ctx.db, { week: input.week }) };
    },
  }),
  publishDigest: t.field({
    type: PublishDigestSuccess,
    description: "Publishes the week's digest as saved and sends it to confirmed subscribers. Reviewers and admins, other than those who assembled it (four eyes).",
    authScopes: { reviewer: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: {
      week: t.arg.string({ required: true }),
      expectedVersion: t.arg.int({ description: 'The version you read (digestDraft.version): a digest saved again since is not published (ConflictError).' }),
    },
    resolve: async (_root, args, ctx) => {
      const week = parseWeek(args.week);
      const { recipients } = await write(ctx, (w) => publishDigest(w, week, args.expectedVersion ?? null));
      return { digest: (await readDigest(ctx.db, { week }, { publishedOnly: true }))!, recipients };
    },
  }),
}));
