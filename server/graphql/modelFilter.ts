import { and, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import type { models, PublicationState } from '../../db/schema/index.ts';
import { builder } from './builder.ts';
import { ModelStatus } from './enums.ts';
import { anyDay } from '../catalog/inputs.ts';
import { isPublicModelRow, isPublished, published } from '../catalog/visibility.ts';
import { isPublicModelRowAsOf } from '../catalog/asOf.ts';

export const ModelFilter = builder.inputType('ModelFilter', {
  description: 'Conditions a model must meet; all given conditions apply.',
  fields: (t) => ({
    provider: t.string({ description: 'Provider slug.' }),
    providers: t.stringList({ description: 'Any of these provider slugs (at most 50).', validate: z.array(z.string()).max(50) }),
    family: t.string({ description: 'Family slug.' }),
    openWeights: t.boolean(),
    license: t.string({ description: 'Licence name, e.g. "Apache 2.0".' }),
    inputModality: t.string({ description: 'Accepts this input, e.g. "image".' }),
    outputModality: t.string({ description: 'Produces this output, e.g. "audio".' }),
    minContextWindow: t.int({ validate: z.number().int().min(0) }),
    minInputPrice: t.float({ description: 'USD per 1M input tokens, at least.', validate: z.number().min(0) }),
    maxInputPrice: t.float({ description: 'USD per 1M input tokens, at most.', validate: z.number().min(0) }),
    maxOutputPrice: t.float({ description: 'USD per 1M output tokens, at most.', validate: z.number().min(0) }),
    releasedAfter: t.field({ type: 'Date', description: 'Released on or after this day (1900-01-01 to 2200-12-31).', validate: anyDay }),
    releasedBefore: t.field({ type: 'Date', description: 'Released on or before this day (1900-01-01 to 2200-12-31).', validate: anyDay }),
    status: t.field({ type: ModelStatus }),
    search: t.string({ description: 'Text in the name or slug.', validate: z.string().max(100) }),
  }),
});

export type ModelFilterInput = typeof ModelFilter.$inferInput;

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * SQL for "listed and matching the filter", on whichever alias of `models` the query uses: public
 * models (server/catalog/visibility.ts) unless a signed-in editor asked for other publication states.
 */
export function publicModelCondition(
  table: typeof models,
  filter?: ModelFilterInput | null,
  publications: readonly PublicationState[] = [published.publication],
  signedIn = false,
  asOf: string | null = null,
): SQL {
  // As of a past day, the models public at its end (server/catalog/asOf.ts), whoever asks.
  const conditions: (SQL | undefined)[] = asOf
    ? [isPublicModelRowAsOf(table, asOf)]
    : [
        publications.length === 1 ? eq(table.publication, publications[0]!) : inArray(table.publication, [...publications]),
        signedIn ? undefined : isPublicModelRow(table),
      ];
  if (filter) {
    if (filter.provider) conditions.push(sql`${table.providerId} = (select id from providers where slug = ${filter.provider})`);
    if (filter.providers?.length) {
      conditions.push(sql`${table.providerId} in (select id from providers where slug in ${filter.providers})`);
    }
    // A draft family's slug finds nothing for the public, as if it did not exist.
    if (filter.family) {
      conditions.push(
        signedIn
          ? sql`${table.familyId} = (select id from model_families where slug = ${filter.family})`
          : sql`${table.familyId} = (select id from model_families where slug = ${filter.family} and ${isPublished(sql`publication`)})`,
      );
    }
    if (filter.openWeights != null) conditions.push(eq(table.openWeights, filter.openWeights));
    if (filter.license) conditions.push(sql`lower(${table.licenseName}) = ${filter.license.toLowerCase()}`);
    if (filter.inputModality) conditions.push(sql`${table.inputModalities} @> array[${filter.inputModality}]::text[]`);
    if (filter.outputModality) conditions.push(sql`${table.outputModalities} @> array[${filter.outputModality}]::text[]`);
    // Ranges on the expressions of the order indexes (models_pub_*_idx), so they can serve the filter too;
    // "is not null" keeps unknown values out, as the bare comparison would.
    const known = (column: SQLWrapper) => sql`${column} is not null`;
    if (filter.minContextWindow != null) conditions.push(sql`coalesce(${table.contextWindow}, 0) >= ${filter.minContextWindow}`, known(table.contextWindow));
    if (filter.minInputPrice != null) conditions.push(sql`coalesce(${table.inputPrice}, 0) >= ${filter.minInputPrice}`, known(table.inputPrice));
    if (filter.maxInputPrice != null) conditions.push(sql`coalesce(${table.inputPrice}, 0) <= ${filter.maxInputPrice}`, known(table.inputPrice));
    if (filter.maxOutputPrice != null) conditions.push(sql`coalesce(${table.outputPrice}, 0) <= ${filter.maxOutputPrice}`, known(table.outputPrice));
    const released = sql`coalesce(${table.releaseDate}, '0001-01-01'::date)`;
    if (filter.releasedAfter) conditions.push(sql`${released} >= ${filter.releasedAfter}::date`, known(table.releaseDate));
    if (filter.releasedBefore) conditions.push(sql`${released} <= ${filter.releasedBefore}::date`, known(table.releaseDate));
    if (filter.status) conditions.push(eq(table.status, filter.status));
    if (filter.search) {
      // Same expression as the trigram index models_search_idx.
      conditions.push(sql`lower(${table.name} || ' ' || ${table.slug}) like ${likePattern(filter.search)}`);
    }
  }
  return and(...conditions)!;
}

