import { z } from 'zod';
import { benchmarkCategories, benchmarkUnits, modelStatuses, sourceKinds } from '../../db/schema/index.ts';
import { boundedNumber, hiddenCharactersMessage, httpUrl, noHiddenCharacters, optionalText, pastDay, slug, text } from './inputs.ts';
import { modelFactsSchema } from './numbers.ts';
import { cleanSourceUrl } from '../sources/sourceUrls.ts';

// What an editor may enter for each catalog entry: the rules every create and update input is parsed
// with (one parse step, server/graphql/ declares the matching GraphQL input types). Updates take the
// `.partial()` of the same schema.

const optionalUrl = httpUrl.nullish();
const apiKeyEnv = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'An environment variable name, e.g. OPENAI_API_KEY.').nullish();
const list = (max: number, items: number) => z.array(text(max)).max(items, `At most ${items} entries.`);

export const providerSchema = z.object({
  slug,
  name: text(200),
  website: optionalUrl,
  docsUrl: optionalUrl,
  apiBaseUrl: optionalUrl,
  apiKeyEnv,
  npmPackage: optionalText(214),
  pythonPackage: optionalText(100),
});
export type ProviderInput = z.output<typeof providerSchema>;

export const familySchema = z.object({ slug, name: text(200), provider: text(100), description: optionalText(5000) });
export type FamilyInput = z.output<typeof familySchema>;

export const modelSchema = z.object({
  slug,
  name: text(200),
  provider: text(100),
  family: text(100).nullish(),
  familyPosition: z.number().int().min(0).max(10_000).nullish(),
  apiModelId: optionalText(200),
  tagline: optionalText(300),
  about: optionalText(20_000),
  status: z.enum(modelStatuses).nullish(),
  licenseName: optionalText(200),
  openWeights: z.boolean().nullish(),
  inputModalities: list(40, 10).nullish(),
  outputModalities: list(40, 10).nullish(),
  strengths: list(300, 20).nullish(),
  weaknesses: list(300, 20).nullish(),
});
export type ModelInput = z.output<typeof modelSchema>;
export const newModelSchema = modelSchema.extend({ facts: modelFactsSchema.nullish() });
export type NewModelInput = z.output<typeof newModelSchema>;

const finite = boundedNumber();
const benchmarkFields = z.object({
  slug,
  name: text(200),
  category: z.enum(benchmarkCategories).nullish(),
  description: optionalText(5000),
  unit: z.enum(benchmarkUnits).nullish(),
  scaleMin: finite.nullish(),
  scaleMax: finite.nullish(),
  higherIsBetter: z.boolean().nullish(),
  homepage: optionalUrl,
  paperSourceId: z.string().nullish(),
});
const scaleInOrder = (value: { scaleMin?: number | null; scaleMax?: number | null }) =>
  value.scaleMin == null || value.scaleMax == null || value.scaleMin < value.scaleMax;
const scaleOrder = { message: 'The top of the scale must be above its bottom.', path: ['scaleMax'] };
export const benchmarkSchema = benchmarkFields.refine(scaleInOrder, scaleOrder);
export const benchmarkPatchSchema = benchmarkFields.partial().refine(scaleInOrder, scaleOrder);
export type BenchmarkInput = z.output<typeof benchmarkFields>;

export const sourceSchema = z.object({
  // Stored as cleaned (lower-case host, no default port, #fragment or tracking parameters).
  url: httpUrl.transform(cleanSourceUrl),
  title: text(500),
  publisher: text(200),
  kind: z.enum(sourceKinds),
  publishedAt: pastDay.nullish(),
  retrievedAt: pastDay,
  archivedUrl: optionalUrl,
});
export type SourceInput = z.output<typeof sourceSchema>;

export const retirementReason = z
  .string()
  .trim()
  .min(1, 'Say why the source should no longer be cited.')
  .max(2_000)
  .refine(noHiddenCharacters, hiddenCharactersMessage);

/** Why a provider, family, model or benchmark is taken off the public API (optional; kept in the audit trail). */
export const withdrawalReason = z
  .string()
  .trim()
  .max(2_000)
  .refine(noHiddenCharacters, hiddenCharactersMessage)
  .transform((reason) => reason || null);
