import { z } from 'zod';
import { hiddenCharactersMessage, isPublicHttpUrl, noHiddenCharacters } from '../catalog/inputs.ts';
import type { PriceKind } from '../../db/schema/index.ts';
import { dateProblem } from './dataset.ts';
import type { Problem } from './summary.ts';

// File formats (models.dev packages/core/src/schema.ts): each field is checked on its own, so one bad
// value skips that value (reported), not the model. Also the shapes the read step hands on.

export const day = z.string().superRefine((value, ctx) => {
  const problem = dateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
// The editors' rules for text and links (server/catalog/inputs.ts): no hidden characters, public hosts only.
export const plain = z.string().min(1).refine(noHiddenCharacters, hiddenCharactersMessage);
// The database stores a URL only as ^https?://[^\s]+$ (sources_url_check): the scheme is written in
// lower case, and a URL with whitespace is refused here, entry by entry, not by the database.
export const publicUrl = z
  .string()
  .transform((value) => value.replace(/^https?:/i, (scheme) => scheme.toLowerCase()))
  .refine((value) => !/\s/.test(value), 'contains a space or other whitespace (write it as %20): not a URL the catalog can store')
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && isPublicHttpUrl(value), 'expected a public http(s) URL (no credentials, no loopback, private or local host)');
/** Token counts: 0 means "does not apply" in models.dev; the catalog stores up to 2^31-1. */
export const tokens = z.number().int('expected a whole number of tokens').nonnegative('cannot be negative').max(2_147_483_647, 'too large (at most 2147483647 tokens)');
/**
 * USD per 1M tokens, as the prices column stores them (numeric(14,6)): a value with more than 6
 * decimals would be stored as another number (1e-7 as 0), so it is skipped, not published rounded.
 */
export const usd = z
  .number()
  .nonnegative('a price cannot be negative')
  .lt(1e8, 'too large (below 100000000 USD per 1M tokens)')
  .superRefine((value, ctx) => {
    if (Number(value.toFixed(6)) !== value) {
      ctx.addIssue({
        code: 'custom',
        message: `more than 6 decimal places: the catalog stores USD per 1M tokens to 6 decimals, so ${value} would be published as ${value.toFixed(6)}, a value the file does not state`,
      });
    }
  });
export const modalityList = z.array(plain);

/** Price fields of a cost table and the catalog's price kind for each. */
export const priceKindByKey: [string, PriceKind][] = [
  ['input', 'INPUT'],
  ['output', 'OUTPUT'],
  ['cache_read', 'CACHED_INPUT'],
  ['cached_input', 'CACHED_INPUT'],
  ['cache_write', 'CACHE_WRITE'],
  ['cached_write', 'CACHE_WRITE'],
  ['input_audio', 'INPUT_AUDIO'],
  ['output_audio', 'OUTPUT_AUDIO'],
  ['reasoning', 'REASONING'],
];
export const priceKeys = new Set(priceKindByKey.map(([key]) => key));
/** Numbers models.dev files carry that the catalog has no place for: reported, not dropped silently. */
// Keys come from the files: looked up in Maps, never in plain objects (where "constructor" or
// "toString" would find Object.prototype's members).
export const unpublishedCost = new Map<string, string>([
  ['citation', 'citation tokens have no price kind in the catalog: not imported'],
  ['request', 'a per-request fee is not a price per 1M tokens, the unit of every catalog price: not imported'],
  ['context_over_200k', 'a legacy copy of cost.tiers (models.dev derives it): not imported'],
]);

/** models.dev keys that describe the API, not a sourced number: read by models.dev's own tools, not the catalog. */
export const modelKeysNotImported = new Set([
  'id',
  'attachment',
  'reasoning',
  'reasoning_options',
  'tool_call',
  'interleaved',
  'structured_output',
  'temperature',
  'provider',
  'links',
  'weights',
  'base_model_omit',
]);
export const benchmarkKeys = new Set(['name', 'score', 'metric', 'harness', 'variant', 'dataset', 'version', 'source', 'date']);

export interface BenchmarkEntry {
  name: string;
  score: number;
  metric?: string;
  source: string;
  date?: string;
  harness?: string;
  variant?: string;
  dataset?: string;
  version?: string;
  /** Position in the file ("benchmarks[3]"). */
  field: string;
}

export interface Tier {
  size: number;
  prices: Record<string, number>;
  field: string;
}

/** A value and the file (and key in it) it came from: the file a number cites. */
export interface Sourced<T> {
  value: T;
  path: string;
  field: string;
}

/**
 * A model file as leaves ("name", "limit.context", "cost.input", "cost.tiers", "modalities.input"),
 * which is how models.dev merges a provider file over its base_model (remeda mergeDeep: tables merge
 * key by key, arrays and values are replaced).
 */
export type Leaves = Map<string, Sourced<unknown>>;

export interface ModelFile {
  path: string;
  leaves: Leaves;
  baseModel?: string;
  omit: string[];
  benchmarks: Sourced<BenchmarkEntry>[];
}

export interface ProviderFile {
  path: string;
  name?: string;
  env?: string[];
  doc?: string;
  api?: string;
}

/** A model as the tree describes it, its files merged (what the plan step compares with the database). */
export interface CatalogModel {
  vendor: string;
  /** The models.dev id: the provider's API model id ("o3", "deepseek-ai/deepseek-v4-pro"). */
  id: string;
  /** Catalog slugs are lower case, without slashes. */
  slug: string;
  /** Has a file under models/ (the vendor's own description of it). */
  canonical: boolean;
  files: string[];
  leaves: Leaves;
  benchmarks: Sourced<BenchmarkEntry>[];
}

export interface Catalog {
  providerFiles: Map<string, ProviderFile>;
  vendors: Set<string>;
  models: CatalogModel[];
  filesSeen: number;
  /** Files parsed and used this run: only claims citing one of these can be retired. */
  filesRead: Set<string>;
  /** Every file path found this run (read or not). */
  seenPaths: Set<string>;
  familyNames: Map<string, { vendor: string; name: string }>;
}

/** A model's value for a leaf ("limit.context"), with the file it comes from. */
export const leafOf = <T>(model: CatalogModel, key: string) => model.leaves.get(key) as Sourced<T> | undefined;

export type Table = Record<string, unknown>;
export const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Checks one value; a failure is reported against the field and the value is left out. */
export function check<T>(schema: z.ZodType<T>, value: unknown, path: string, field: string, skipped: Problem[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const suffix = issue.path.length ? `.${issue.path.join('.')}` : '';
  skipped.push({ path, field: `${field}${suffix}`, reason: describeIssue(issue, value) });
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${value instanceof Date ? 'a TOML date (write it as a quoted string)' : JSON.stringify(value)}`;
  return issue.message;
}
