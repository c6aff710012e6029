import { and, sql, type SQL } from 'drizzle-orm';
import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { z } from 'zod';
import { models, type modelFacts } from '../../db/schema/index.ts';
import { asOfDay, basePriceInEffectAsOf, claimAliasPublicAsOf, claimPublicAsOf, isPublicModelRowAsOf, priceAsOfSql, useAsOf } from '../catalog/asOf.ts';
import { estimateCost } from '../domain/cost.ts';
import { buildFaq } from '../domain/faq.ts';
import { renderSnippet } from '../domain/snippet.ts';
import { builder } from './builder.ts';
import { asOfDescription, FaqEntry, License, Modalities, SourcedDate, SourcedInt } from './modelValues.ts';
import { listedStates, publicationArgDescription } from './publication.ts';
import { citationColumns, citationOf, type CitationData } from './citation.ts';
import { ModelStatus, PublicationState, SnippetLanguage } from './enums.ts';
import { ModelFilter, publicModelCondition } from './modelFilter.ts';
import { cursorSortValue, keysetBound, ModelOrder, sortKeys, unknownBenchmark, type OrderField } from './modelOrder.ts';
import { isPublicFamilyRow, isPublicModelRow, isPublishedRow, published } from '../catalog/visibility.ts';

type FactRow = Pick<typeof modelFacts.$inferSelect, 'value'> & Omit<CitationData, 'evidenceSnapshot'>;

// A model's four facts, as of the request's day (server/catalog/asOf.ts): the value public then of each
// (today: the verified one), its citation source planned from the fields asked under `citation.source`.
// Every field and the FAQ select the `facts` relation with the same filter and order objects, one
// pair per request: the planner merges selections of a relation only when their arguments are the
// same (a second filter would load the relation in a statement of its own), so it is one join.
type FactKind = 'RELEASE_DATE' | 'KNOWLEDGE_CUTOFF' | 'CONTEXT_WINDOW' | 'MAX_OUTPUT_TOKENS';
type FactsQuery = { where: { RAW: (fact: typeof modelFacts) => SQL }; orderBy: (fact: typeof modelFacts) => SQL[] };
const factsQueries = new WeakMap<object, FactsQuery>();
const factsAsOf = (ctx: object) => {
  let query = factsQueries.get(ctx);
  if (!query) {
    query = {
      where: {
        RAW: (fact) =>
          sql`${fact.fact} in ('RELEASE_DATE', 'KNOWLEDGE_CUTOFF', 'CONTEXT_WINDOW', 'MAX_OUTPUT_TOKENS') and ${claimPublicAsOf(fact, asOfDay(ctx))}`,
      },
      // The most recently verified first: the one shown when a day saw a value replaced.
      orderBy: (fact) => [sql`coalesce(${fact.verifiedAt}, ${fact.createdAt}) desc`, sql`${fact.id} desc`],
    };
    factsQueries.set(ctx, query);
  }
  return query;
};

// Without `citation` asked (a list showing the values), only the values are read: a tenth of the bytes.
// Given as the plugin's own selection extension: a field's `select` option is not told what the
// field asks beneath it, this is (the names selected, through fragments and aliases).
type NestedSelection = (query: object, path: string[]) => unknown;
const factSelection = (_kind: FactKind) => ({
  pothosDrizzleSelect: (_args: unknown, ctx: object, nested: NestedSelection, selected: () => ReadonlySet<string>, position: object) =>
    selected().has('citation')
      ? {
          columns: {},
          with: {
            facts: {
              ...factsAsOf(ctx),
              columns: { fact: true, value: true, ...citationColumns },
              with: { source: Object.assign(nested, position)({ columns: { url: true } }, ['citation', 'source']) },
            },
          },
        }
      : { columns: {}, with: { facts: { ...factsAsOf(ctx), columns: { fact: true, value: true } } } },
});

/** The model's fact of a kind among those selected (the first: the latest public). */
const factOf = (model: unknown, kind: FactKind) =>
  ((model as { facts?: { fact: string }[] }).facts ?? []).find((fact) => fact.fact === kind) ?? null;

// Current base-tier prices (as of the request's day), read at request time so cost estimates and FAQ
// answers never show a stale copy.
const currentPrice = (kind: 'INPUT' | 'OUTPUT', ctx: object) => (table: typeof models) =>
  sql<number | null>`${priceAsOfSql(sql`${table.id}`, kind, asOfDay(ctx))}::float8`;
// The same functions for every field of a request that asks for them (FAQ, cost estimate): the planner
// merges extras only when they are the same, and would otherwise load a field in a statement of its own.
const requestPrices = new WeakMap<object, ReturnType<typeof pricesOf>>();
const pricesOf = (ctx: object) => ({ currentInputPrice: currentPrice('INPUT', ctx), currentOutputPrice: currentPrice('OUTPUT', ctx) });
const currentPrices = (ctx: object) => {
  let prices = requestPrices.get(ctx);
  if (!prices) {
    prices = pricesOf(ctx);
    requestPrices.set(ctx, prices);
  }
  return prices;
};

// Kind and publisher of the source the current base-tier price (input, else output) cites: the FAQ
// says "as published by <provider>" only when the provider's own pages are the source.
const currentPriceSource = (ctx: object) => (table: typeof models) =>
  sql<string | null>`(select s.kind || '|' || s.publisher from prices p join sources s on s.id = p.source_id
    where ${basePriceInEffectAsOf(sql`${table.id}`, asOfDay(ctx))} and p.kind in ('INPUT', 'OUTPUT')
    order by p.kind = 'INPUT' desc, p.effective_from desc limit 1)`;

export const Model = builder.drizzleNode('models', {
  name: 'Model',
  description: 'An AI model with its sourced facts, prices and benchmark scores.',
  id: { column: (model) => model.id },
  // Only the columns the asked fields need (each field declares its own): a leaderboard row's model
  // would otherwise carry every column, long texts included.
  select: {},
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    tagline: t.exposeString('tagline', { nullable: true }),
    about: t.exposeString('about', { nullable: true, description: 'Editorial text, markdown.' }),
    apiModelId: t.exposeString('apiModelId', { nullable: true }),
    status: t.expose('status', { type: ModelStatus }),
    updatedAt: t.field({
      type: 'DateTime',
      select: { columns: { updatedAt: true } },
      resolve: (model) => new Date(model.updatedAt),
    }),
    // A public model's provider is public (the rule in visibility.ts requires it).
    provider: t.relation('provider'),
    // A draft family is the editors' business until it is published; signed-in editors see it.
    family: t.relation('family', { nullable: true, query: (_args, ctx) => (ctx.viewer ? {} : { where: { RAW: (family) => isPublicFamilyRow(family) } }) }),
    license: t.field({
      type: License,
      select: { columns: { licenseName: true, openWeights: true } },
      resolve: (model) => model,
    }),
    releaseDate: t.field({
      type: SourcedDate,
      nullable: true,
      extensions: factSelection('RELEASE_DATE'),
      resolve: (model) => dateFact(factOf(model, 'RELEASE_DATE')),
    }),
    knowledgeCutoff: t.field({
      type: SourcedDate,
      nullable: true,
      extensions: factSelection('KNOWLEDGE_CUTOFF'),
      resolve: (model) => dateFact(factOf(model, 'KNOWLEDGE_CUTOFF')),
    }),
    contextWindow: t.field({
      type: SourcedInt,
      nullable: true,
      description: 'Tokens of context the model accepts.',
      extensions: factSelection('CONTEXT_WINDOW'),
      resolve: (model) => intFact(factOf(model, 'CONTEXT_WINDOW')),
    }),
    maxOutputTokens: t.field({
      type: SourcedInt,
      nullable: true,
      extensions: factSelection('MAX_OUTPUT_TOKENS'),
      resolve: (model) => intFact(factOf(model, 'MAX_OUTPUT_TOKENS')),
    }),
    modalities: t.field({
      type: Modalities,
      select: { columns: { inputModalities: true, outputModalities: true } },
      resolve: (model) => model,
    }),
    prices: t.relation('prices', {
      description: 'Current published prices (the latest effective one of each kind and tier).',
      // As of the request's day (server/catalog/asOf.ts): public then, in effect then, the latest then.
      query: (_args, ctx) => ({
        where: {
          RAW: (price) => {
            const day = asOfDay(ctx);
            const on = day === null ? sql`current_date` : sql`${day}::date`;
            return sql`${claimPublicAsOf(price, day)} and ${price.effectiveFrom} <= ${on} and not exists (
            select 1 from prices newer where newer.model_id = ${price.modelId} and newer.kind = ${price.kind}
              and newer.tier_min_tokens = ${price.tierMinTokens} and ${claimAliasPublicAsOf('newer', day)}
              and newer.effective_from <= ${on} and newer.effective_from > ${price.effectiveFrom})`;
          },
        },
        orderBy: { kind: 'asc', tierMinTokens: 'asc' },
      }),
    }),
    priceHistory: t.relation('prices', {
      description: 'Every published price, newest first.',
      query: (_args, ctx) => ({
        where: { RAW: (price) => claimPublicAsOf(price, asOfDay(ctx)) },
        orderBy: { effectiveFrom: 'desc', kind: 'asc', id: 'asc' },
      }),
    }),
    scores: t.relation('scores', {
      description: 'Published benchmark scores (verified, on published benchmarks).',
      // A verified score on a draft or retired benchmark is not public: the benchmark itself is not.
      query: (_args, ctx) => ({
        where: {
          RAW: (score) => claimPublicAsOf(score, asOfDay(ctx)),
          ...(ctx.viewer ? {} : { benchmark: published }),
        },
        orderBy: { benchmarkId: 'asc', id: 'asc' },
      }),
    }),
    strengths: t.exposeStringList('strengths'),
    weaknesses: t.exposeStringList('weaknesses'),
    faq: t.field({
      type: [FaqEntry],
      description: 'Questions answered from the sourced facts.',
      select: (_args, ctx) => ({
        columns: {
          name: true,
          openWeights: true,
          licenseName: true,
          contextWindow: true,
          maxOutputTokens: true,
        },
        extras: { ...currentPrices(ctx), currentPriceSource: currentPriceSource(ctx) },
        // Dates from the cited facts, at the precision their source gives ("2025-04", not the 1st).
        with: {
          provider: { columns: { name: true } },
          facts: { ...factsAsOf(ctx), columns: { fact: true, value: true } },
        },
      }),
      resolve: (model) =>
        buildFaq({
          name: model.name,
          providerName: model.provider.name,
          inputUsdPerMillion: model.currentInputPrice,
          outputUsdPerMillion: model.currentOutputPrice,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          openWeights: model.openWeights,
          licenseName: model.licenseName,
          priceSource: priceSourceOf(model.currentPriceSource),
          releaseDate: (factOf(model, 'RELEASE_DATE') as { value: string } | null)?.value ?? null,
          knowledgeCutoff: (factOf(model, 'KNOWLEDGE_CUTOFF') as { value: string } | null)?.value ?? null,
        }),
    }),
    snippet: t.string({
      nullable: true,
      description: "A minimal call of the model from code, built from the provider's API facts.",
      args: { language: t.arg({ type: SnippetLanguage, required: true }) },
      select: {
        columns: { apiModelId: true, slug: true },
        with: { provider: { columns: { apiBaseUrl: true, apiKeyEnv: true } } },
      },
      resolve: (model, args) =>
        renderSnippet(args.language, {
          apiModelId: model.apiModelId ?? model.slug,
          baseUrl: model.provider.apiBaseUrl,
          apiKeyEnv: model.provider.apiKeyEnv,
        }),
    }),
    estimateCost: t.float({
      nullable: true,
      description: 'USD for one call with these token counts at current prices; null when a price is unknown.',
      args: {
        inputTokens: t.arg.int({ required: true, validate: z.number().int().min(0) }),
        outputTokens: t.arg.int({ required: true, validate: z.number().int().min(0) }),
      },
      select: (_args, ctx) => ({ extras: currentPrices(ctx) }),
      resolve: (model, args) =>
        estimateCost(
          { inputUsdPerMillion: model.currentInputPrice, outputUsdPerMillion: model.currentOutputPrice },
          args.inputTokens,
          args.outputTokens,
        ),
    }),
  }),
});

builder.drizzleObjectFields(Model, (t) => ({
  compareWith: t.field({
      type: [Model],
      description: 'Similar published models: same family, similar price or scores.',
      // The top 5 of each model are kept (server/catalog/similarity.ts): asking for more would silently get 5.
      args: { first: t.arg.int({ defaultValue: 3, validate: z.number().int().min(0).max(5, 'At most 5 similar models are kept.') }) },
      select: (args, _ctx, nestedSelection) => ({
        with: {
          similarities: {
            where: { similarModel: { RAW: (model) => isPublicModelRow(model) } },
            orderBy: { rank: 'asc' },
            limit: args.first ?? 3,
            with: { similarModel: nestedSelection() },
          },
        },
      }),
      resolve: (model) => model.similarities.map((similarity) => similarity.similarModel),
    }),
}));

function priceSourceOf(kindAndPublisher: string | null) {
  if (!kindAndPublisher) return null;
  const [kind = '', publisher = ''] = kindAndPublisher.split('|');
  return { vendor: kind.startsWith('VENDOR_'), publisher };
}

function dateFact(row: unknown) {
  const fact = row as FactRow | null | undefined;
  return fact ? { value: fact.value, citation: citationOf(fact) } : null;
}

function intFact(row: unknown) {
  const fact = row as FactRow | null | undefined;
  return fact ? { value: Number(fact.value), citation: citationOf(fact) } : null;
}

builder.queryFields((t) => ({
  model: t.drizzleField({
    type: 'models',
    nullable: true,
    description: 'A published model by slug: everything its page needs, in one request.',
    args: { slug: t.arg.string({ required: true }), asOf: t.arg({ type: 'Date', description: asOfDescription }) },
    resolve: async (query, _parent, args, ctx) => {
      const day = await useAsOf(ctx, args.asOf);
      const config = query({ where: { slug: args.slug, RAW: (model) => isPublicModelRowAsOf(model, day) } });
      // Planning a compiled document (server/graphql/compiled.ts): the statement is kept, not run.
      if (ctx.planning) return ctx.planning.keep('model', { table: 'models', mode: 'first', config }), null;
      return ctx.db.query.models.findFirst(config);
    },
  }),
  models: t.drizzleConnection({
    type: 'models',
    description: 'Published models, filtered and ordered; keyset-paginated.',
    args: {
      filter: t.arg({ type: ModelFilter }),
      orderBy: t.arg({ type: ModelOrder }),
      publication: t.arg({ type: [PublicationState], description: publicationArgDescription }),
      asOf: t.arg({ type: 'Date', description: asOfDescription }),
    },
    // As of a past day: the models published then; filters and orders read today's values.
    totalCount: (_parent, args, ctx) => {
      const where = publicModelCondition(models, args.filter, listedStates(ctx, args.publication), !!ctx.viewer, args.asOf ?? null);
      if (ctx.planning) return ctx.planning.keep('models.totalCount', { table: 'models', mode: 'count', where }), 0;
      return ctx.db.$count(models, where);
    },
    resolve: async (query, _parent, args, ctx) => {
      const day = await useAsOf(ctx, args.asOf);
      const { field, direction } = orderOf(args.orderBy);
      const after = cursorSortValue(args.after, field, 'after');
      cursorSortValue(args.before, field, 'before');
      const listed = (table: typeof models) => publicModelCondition(table, args.filter, listedStates(ctx, args.publication), !!ctx.viewer, day);
      const where = { RAW: listed };
      // Planning a compiled document (server/graphql/compiled.ts): a first page, in today's public
      // catalog, by a column (the order by score reads the benchmark). Its plan is kept for these
      // variables, its rows made into the connection as the plugin does (modelsConnection).
      if (ctx.planning) {
        if (field === 'SCORE' || args.after != null || args.before != null || args.last != null || day !== null || args.publication != null) return ctx.planning.decline(), [];
        const config = query({ where, ...listOrder(field, direction) });
        const finish = (rows: unknown) => modelsConnection.resolve(rows as never[], args, ctx);
        return ctx.planning.keep('models', { table: 'models', mode: 'many', config, finish }), [];
      }
      if (field === 'NAME') {
        const bounded = { RAW: (table: typeof models) => and(listed(table), keysetBound(sql`${table.name}`, after, direction))! };
        return ctx.db.query.models.findMany(query({ where: bounded, ...listOrder(field, direction) }));
      }
      if (field === 'SCORE') {
        const slug = args.orderBy?.benchmark ?? '';
        const benchmark = await ctx.meta.benchmark(slug);
        // A draft or retired benchmark does not exist for the public: refused exactly as a benchmark
        // that does not exist (an empty page would still count every model and say there is no next).
        // Signed-in editors see drafts, so they may order by one.
        if (!benchmark || (!ctx.viewer && !isPublishedRow(benchmark))) throw unknownBenchmark(slug);
        // Best published score of the model on the benchmark; models without one sort last.
        const best = benchmark.higherIsBetter ? 'max' : 'min';
        const missing = direction === 'desc' ? '-Infinity' : 'Infinity';
        return ctx.db.query.models.findMany(
          query({
            where,
            extras: {
              sortKey: (table) => sql`coalesce((select ${sql.raw(best)}(s.value) from scores s
                where s.model_id = ${table.id} and s.benchmark_id = ${benchmark.id} and ${claimAliasPublicAsOf('s', day)}),
                ${missing}::float8)`,
            },
            orderBy: { sortKey: direction, id: direction },
          }),
        );
      }
      const bounded = { RAW: (table: typeof models) => and(listed(table), keysetBound(sortKeys[field](table), after, direction))! };
      return ctx.db.query.models.findMany(query({ where: bounded, ...listOrder(field, direction) }));
    },
  }),
}));

/** The order asked: by name ascending unless said, descending when a field is given without a direction. */
function orderOf(orderBy: { field?: string | null; direction?: string | null } | null | undefined) {
  const field = (orderBy?.field ?? 'NAME') as OrderField;
  return { field, direction: orderBy?.direction === 'ASC' ? 'asc' : orderBy ? 'desc' : 'asc' } as const;
}

/** The order of a list by a column of the model (the cursor's fields follow from it). */
function listOrder(field: Exclude<OrderField, 'SCORE'>, direction: 'asc' | 'desc') {
  if (field === 'NAME') return { orderBy: { name: direction, id: direction } } as const;
  return { extras: { sortKey: sortKeys[field] }, orderBy: { sortKey: direction, id: direction } } as const;
}

/**
 * The plugin's own wrapping of a page of rows into a connection (cursors, pageInfo), for a compiled
 * first page: the same order as the field's query, so the same cursors.
 */
const modelsConnection = drizzleConnectionHelpers(builder, 'models', {
  query: (args: { orderBy?: { field?: string | null; direction?: string | null } | null }) => {
    const { field, direction } = orderOf(args.orderBy);
    // Only lists ordered by a column are compiled (the field's planning declines SCORE).
    return listOrder(field as Exclude<OrderField, 'SCORE'>, direction);
  },
});
