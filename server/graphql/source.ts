import { and, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { deadLinkStatuses, sources } from '../../db/schema/index.ts';
import { z } from 'zod';
import { createSource, retireSource, updateSource } from '../catalog/entries.ts';
import { retirementReason, sourceSchema } from '../catalog/entryInputs.ts';
import { expectedVersion, parseInput } from '../catalog/inputs.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { versionedWriteErrors, writeErrors } from './errors.ts';
import { appliedOrPending, payload, versionArgs } from './payload.ts';
import { revisableWriteErrors } from './revision.ts';
import { isRowId, rowIdOf } from '../catalog/ids.ts';
import { publicCitationCount, publicSourceCondition } from '../catalog/visibility.ts';
import { LinkStatus, OrderDirection, SourceKind } from './enums.ts';
import { ErrorInterface, FieldErrorType } from './errors.ts';
import { DuplicateSourceError, refuseDuplicateSource, samePageAs } from '../sources/duplicates.ts';
import { cleanSourceUrl } from '../sources/sourceUrls.ts';
import { isPublicHttpUrl } from '../catalog/inputs.ts';

export const isPublicSource = (table: typeof sources) => publicSourceCondition(table.id);

/** Live entries citing a source, whatever their model's state: what editors count (drafts to verified). */
export const liveCitationCount = (sourceId: SQL | typeof sources.id) => sql<number>`(
  (select count(*) from scores c where c.source_id = ${sourceId} and c.status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED'))
  + (select count(*) from prices c where c.source_id = ${sourceId} and c.status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED'))
  + (select count(*) from model_facts c where c.source_id = ${sourceId} and c.status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')))::int`;

export const Source = builder.drizzleNode('sources', {
  name: 'Source',
  description: 'A page numbers are cited from, with the result of its last link check.',
  id: { column: (source) => source.id },
  select: {},
  fields: (t) => ({
    url: t.exposeString('url'),
    title: t.exposeString('title'),
    publisher: t.exposeString('publisher'),
    kind: t.expose('kind', { type: SourceKind }),
    publishedAt: t.expose('publishedAt', { type: 'Date', nullable: true }),
    retrievedAt: t.expose('retrievedAt', { type: 'Date' }),
    archivedUrl: t.exposeString('archivedUrl', { nullable: true }),
    linkStatus: t.expose('linkStatus', { type: LinkStatus }),
    linkHttpStatus: t.exposeInt('linkHttpStatus', { nullable: true }),
    retiredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was retired: numbers that cite it keep their citation, new ones cannot cite it.',
      select: { columns: { retiredAt: true } },
      resolve: (source) => (source.retiredAt ? new Date(source.retiredAt) : null),
    }),
    retirementReason: t.exposeString('retirementReason', { nullable: true }),
    // The column reads as PostgreSQL text ("2026-11-25 09:25:13.845+00"), which DateTime refuses as is.
    linkCheckedAt: t.field({
      type: 'DateTime',
      nullable: true,
      select: { columns: { linkCheckedAt: true } },
      resolve: (source) => (source.linkCheckedAt ? new Date(source.linkCheckedAt) : null),
    }),
    citationCount: t.int({
      description:
        'How many published numbers cite this source; for signed-in editors, every live entry citing it (draft, pending or verified).',
      select: (_args, ctx) => ({
        extras: { citationCount: (table) => (ctx.viewer ? liveCitationCount(table.id) : publicCitationCount(table.id)) },
      }),
      resolve: (source) => source.citationCount,
    }),
  }),
});

const SourceFilter = builder.inputType('SourceFilter', {
  fields: (t) => ({
    kind: t.field({ type: SourceKind }),
    linkStatus: t.field({ type: LinkStatus }),
    deadLink: t.boolean({ description: 'true: the last link check found the page BROKEN or UNREACHABLE (false: anything else).' }),
    search: t.string({ description: 'Matches URL, title or publisher.', validate: z.string().max(200) }),
    cited: t.boolean({ description: 'Editors: false finds sources no live entry cites (true: at least one does).' }),
    samePageAs: t.string({
      description: 'The source of the page this URL names, however spelled (letter case of the host, a trailing slash, a #fragment, tracking parameters such as utm_*).',
      validate: z.string().max(2000),
    }),
  }),
});

/** The cleaned form of a pasted http(s) URL, or null for any other text. */
function pageUrl(text: string): string | null {
  const trimmed = text.trim();
  return /^https?:\/\//i.test(trimmed) && isPublicHttpUrl(trimmed) ? cleanSourceUrl(trimmed) : null;
}

/** Anonymous readers see sources that published numbers cite; signed-in editors see every source. */
function sourceFilterSql(table: typeof sources, filter: typeof SourceFilter.$inferInput | null | undefined, signedIn = false): SQL {
  const conditions: (SQL | undefined)[] = signedIn ? [] : [isPublicSource(table)];
  if (filter?.cited != null) conditions.push(sql`${liveCitationCount(table.id)} ${sql.raw(filter.cited ? '>' : '=')} 0`);
  if (filter?.kind) conditions.push(eq(table.kind, filter.kind));
  if (filter?.linkStatus) conditions.push(eq(table.linkStatus, filter.linkStatus));
  if (filter?.deadLink != null) {
    const dead = [...deadLinkStatuses];
    conditions.push(filter.deadLink ? inArray(table.linkStatus, dead) : notInArray(table.linkStatus, dead));
  }
  if (filter?.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const text = sql`lower(${table.url} || ' ' || ${table.title} || ' ' || ${table.publisher}) like ${pattern}`;
    // A pasted URL finds its page however it is spelled (…/pricing/?utm_source=x finds …/pricing).
    const page = pageUrl(filter.search);
    conditions.push(page ? sql`(${text} or ${samePageAs(page, table)})` : text);
  }
  if (filter?.samePageAs != null) {
    const page = pageUrl(filter.samePageAs);
    conditions.push(page ? samePageAs(page, table) : sql`false`);
  }
  return and(...conditions) ?? sql`true`;
}

const SourceOrderField = builder.enumType('SourceOrderField', {
  values: { ADDED: {}, LINK_STATUS: { description: 'By link status (BROKEN, OK, REDIRECTED, UNCHECKED, UNREACHABLE), then as added.' }, TITLE: {} },
});

const SourceOrder = builder.inputType('SourceOrder', {
  fields: (t) => ({
    field: t.field({ type: SourceOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
  }),
});

// Every order ends with the id, so keyset cursors are unique (the columns are NOT NULL).
function sourceOrder(order: typeof SourceOrder.$inferInput | null | undefined) {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  switch (order?.field) {
    case 'LINK_STATUS':
      return { linkStatus: direction, id: direction } as const;
    case 'TITLE':
      return { title: direction, id: direction } as const;
    default:
      return { id: direction } as const;
  }
}

builder.queryFields((t) => ({
  sources: t.drizzleConnection({
    type: 'sources',
    description: 'Sources cited by published numbers (signed-in editors: every source), oldest first unless ordered otherwise.',
    args: { filter: t.arg({ type: SourceFilter }), orderBy: t.arg({ type: SourceOrder }) },
    totalCount: (_parent, args, ctx) => ctx.db.$count(sources, sourceFilterSql(sources, args.filter, !!ctx.viewer)),
    resolve: (query, _parent, args, ctx) =>
      ctx.db.query.sources.findMany(
        query({ where: { RAW: (table) => sourceFilterSql(table, args.filter, !!ctx.viewer) }, orderBy: sourceOrder(args.orderBy) }),
      ),
  }),
  source: t.drizzleField({
    type: 'sources',
    nullable: true,
    args: { id: t.arg.globalID({ required: true, for: Source }) },
    resolve: async (query, _parent, args, ctx) =>
      isRowId(Number(args.id.id))
        ? ctx.db.query.sources.findFirst(
            query({ where: { id: Number(args.id.id), RAW: (table) => (ctx.viewer ? sql`true` : isPublicSource(table)) } }),
          )
        : null,
  }),
}));

// Editing (server/catalog/entries.ts).

builder.drizzleObjectFields(Source, (t) => ({
  version: t.exposeInt('version', { authScopes: { editor: true }, nullable: true, description: 'Send it back as expectedVersion when you change this record.' }),
}));

const SourceInput = (name: string, required: boolean) =>
  builder.inputType(name, {
    fields: (t) => ({
      url: t.string({ required }),
      title: t.string({ required }),
      publisher: t.string({ required }),
      kind: t.field({ type: SourceKind, required }),
      publishedAt: t.field({ type: 'Date' }),
      retrievedAt: t.field({ type: 'Date', required, description: 'When the page was read; not in the future.' }),
      archivedUrl: t.string({ description: 'A copy in a web archive.' }),
    }),
  });

builder.objectType(DuplicateSourceError, {
  name: 'DuplicateSourceError',
  description:
    'The page is already in the catalog (the same URL up to letter case of scheme and host, a default port, a trailing slash, a #fragment or tracking parameters): cite the existing source.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DuplicateSourceError,
  fields: (t) => ({
    existingSource: t.field({
      type: Source,
      description: 'The source that already has this page.',
      resolve: (error, _args, ctx) => ctx.db.query.sources.findFirst({ where: { id: error.existing.id } }).then((row) => row!),
    }),
    fieldErrors: t.field({ type: [FieldErrorType], resolve: (error) => error.fieldErrors }),
  }),
});

builder.mutationField('createSource', (t) =>
  t.field({
    type: payload('CreateSourceSuccess', 'source', Source),
    description: 'Adds a source (a page numbers are cited from). One per URL: cite an existing one instead of adding it again.',
    authScopes: { editor: true },
    errors: { types: [...writeErrors, DuplicateSourceError], directResult: true },
    args: { input: t.arg({ type: SourceInput('CreateSourceInput', true), required: true }) },
    resolve: async (_root, args, ctx) => {
      const input = parseInput(sourceSchema, args.input);
      // The page is captured once the source is committed: the editor learns from the number's evidence once it arrives.
      const source = await write(ctx, async (w) => {
        await refuseDuplicateSource(w.tx, input.url);
        const created = await createSource(w, input);
        w.captureAfterCommit(created.id);
        return created;
      });
      return { source };
    },
  }),
);

builder.mutationField('updateSource', (t) =>
  t.field({
    type: payload('UpdateSourceSuccess', 'source', Source),
    description: `Corrects a source (title, publisher, kind, dates, archived copy, URL). Once a verified number cites it, the change is sent for review: a second person approves it.`,
    authScopes: { editor: true },
    errors: { types: [...revisableWriteErrors, DuplicateSourceError], directResult: true },
    args: { ...versionArgs(t), patch: t.arg({ type: SourceInput('UpdateSourceInput', false), required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Source');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const patch = parseInput(sourceSchema.partial(), args.patch);
      return appliedOrPending(
        'source',
        await write(ctx, async (w) => {
          if (patch.url) await refuseDuplicateSource(w.tx, patch.url, id);
          return updateSource(w, id, version, patch);
        }),
      );
    },
  }),
);

builder.mutationField('retireSource', (t) =>
  t.field({
    type: payload('RetireSourceSuccess', 'source', Source),
    description:
      'Retires a source that should no longer be cited (gone for good, unreliable, replaced). The numbers citing it keep their citation and history; new numbers cannot cite it. A source verified numbers cite: reviewers only.',
    authScopes: { editor: true },
    errors: { types: versionedWriteErrors, directResult: true },
    args: { ...versionArgs(t), reason: t.arg.string({ required: true, description: 'Why it should no longer be cited.' }) },
    resolve: async (_root, args, ctx) => {
      const { id } = rowIdOf(String(args.id), 'Source');
      const version = parseInput(expectedVersion, args.expectedVersion);
      const reason = parseInput(retirementReason, args.reason);
      return { source: await write(ctx, (w) => retireSource(w, id, version, reason)) };
    },
  }),
);
