import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { databaseErrorAsValidation, postgresErrorOf } from '../catalog/databaseErrors.ts';
import { hiddenCharactersMessage, isPublicHttpUrl, noHiddenCharacters } from '../catalog/inputs.ts';
import { diffRows } from '../catalog/audit.ts';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import {
  auditEvents,
  benchmarkAliases as benchmarkAliasesTable,
  benchmarks,
  modelFacts,
  modelFamilies,
  models,
  prices,
  providers,
  scores,
  sources,
  type ClaimStatus,
  type ModelFactKind,
  type PriceKind,
  type SourceKind,
} from '../../db/schema/index.ts';
import {
  benchmarkAliases,
  benchmarkSlug,
  defaultBenchmark,
  knownBenchmarks,
  normaliseBenchmarkName,
  type BenchmarkDefinition,
} from './benchmarks.ts';
import { dateProblem, defaultRepository, ImportInputError, repositoryProblem, type DatasetInfo } from './dataset.ts';

export type { DatasetInfo } from './dataset.ts';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface ImportOptions extends Partial<DatasetInfo> {
  onProgress?: (line: string) => void;
  /** False when no commit is known (the summary says the citations are not pinned). */
  pinned?: boolean;
  /** Warnings about the dataset itself (resolveDataset), repeated in the summary. */
  datasetWarnings?: string[];
}

/** Something in a file that was not imported (skipped) or is worth knowing (warning): file, field, why. */
export interface Problem {
  path: string;
  field?: string;
  reason: string;
}
/** @deprecated the name before warnings were split off. */
export type Skipped = Problem;

export interface Count {
  created: number;
  updated: number;
  unchanged: number;
  /** Claims this importer published earlier that the file no longer states (withdrawn, kept as history). */
  retired: number;
}

export interface ImportSummary {
  /** .toml files found under models/ and providers/. */
  filesSeen: number;
  /** Files parsed and used (a file with a skipped field still counts as read). */
  filesRead: number;
  /** Same as filesRead (older callers). */
  files: number;
  providers: Count;
  families: Count;
  models: Count;
  facts: Count;
  prices: Count;
  benchmarks: Count;
  scores: Count;
  sources: Count;
  /** Claims kept for review instead of published (curated models, or a verified value from another source). */
  heldForReview: number;
  /** Entries not imported (a field, a benchmark entry, a price, a whole file or model), each with file, field, reason. */
  skipped: Problem[];
  /** Listed, but not a failure: keys this importer does not know, values models.dev has that the catalog does not publish. */
  warnings: Problem[];
  dataset: DatasetInfo & { pinned: boolean; warnings: string[] };
  runId: string;
  /** What the database holds after the run (counted after the last commit). */
  totals: Record<'providers' | 'families' | 'models' | 'facts' | 'prices' | 'benchmarks' | 'scores' | 'sources', number> & { published: Record<'facts' | 'prices' | 'scores', number> };
}

// ---------------------------------------------------------------------------------------------
// File formats (models.dev packages/core/src/schema.ts): each field is checked on its own, so one bad
// value skips that value (reported), not the model.

const today = () => new Date().toISOString().slice(0, 10);
const day = z.string().superRefine((value, ctx) => {
  const problem = dateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
// The editors' rules for text and links (server/catalog/inputs.ts): no hidden characters, public hosts only.
const plain = z.string().min(1).refine(noHiddenCharacters, hiddenCharactersMessage);
// The database stores a URL only as ^https?://[^\s]+$ (sources_url_check): the scheme is written in
// lower case, and a URL with whitespace is refused here, entry by entry, not by the database.
const publicUrl = z
  .string()
  .transform((value) => value.replace(/^https?:/i, (scheme) => scheme.toLowerCase()))
  .refine((value) => !/\s/.test(value), 'contains a space or other whitespace (write it as %20): not a URL the catalog can store')
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && isPublicHttpUrl(value), 'expected a public http(s) URL (no credentials, no loopback, private or local host)');
/** Token counts: 0 means "does not apply" in models.dev; the catalog stores up to 2^31-1. */
const tokens = z.number().int('expected a whole number of tokens').nonnegative('cannot be negative').max(2_147_483_647, 'too large (at most 2147483647 tokens)');
/**
 * USD per 1M tokens, as the prices column stores them (numeric(14,6)): a value with more than 6
 * decimals would be stored as another number (1e-7 as 0), so it is skipped, not published rounded.
 */
const usd = z
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
const modalityList = z.array(plain);

/** Price fields of a cost table and the catalog's price kind for each. */
const priceKindByKey: [string, PriceKind][] = [
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
const priceKeys = new Set(priceKindByKey.map(([key]) => key));
/** Numbers models.dev files carry that the catalog has no place for: reported, not dropped silently. */
// Keys come from the files: looked up in Maps, never in plain objects (where "constructor" or
// "toString" would find Object.prototype's members).
const unpublishedCost = new Map<string, string>([
  ['citation', 'citation tokens have no price kind in the catalog: not imported'],
  ['request', 'a per-request fee is not a price per 1M tokens, the unit of every catalog price: not imported'],
  ['context_over_200k', 'a legacy copy of cost.tiers (models.dev derives it): not imported'],
]);

/** models.dev keys that describe the API, not a sourced number: read by models.dev's own tools, not the catalog. */
const modelKeysNotImported = new Set([
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
const benchmarkKeys = new Set(['name', 'score', 'metric', 'harness', 'variant', 'dataset', 'version', 'source', 'date']);

interface BenchmarkEntry {
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

interface Tier {
  size: number;
  prices: Record<string, number>;
  field: string;
}

/** A value and the file (and key in it) it came from: the file a number cites. */
interface Sourced<T> {
  value: T;
  path: string;
  field: string;
}

/**
 * A model file as leaves ("name", "limit.context", "cost.input", "cost.tiers", "modalities.input"),
 * which is how models.dev merges a provider file over its base_model (remeda mergeDeep: tables merge
 * key by key, arrays and values are replaced).
 */
type Leaves = Map<string, Sourced<unknown>>;

interface ModelFile {
  path: string;
  leaves: Leaves;
  baseModel?: string;
  omit: string[];
  benchmarks: Sourced<BenchmarkEntry>[];
}

interface ProviderFile {
  path: string;
  name?: string;
  env?: string[];
  doc?: string;
  api?: string;
}

// ---------------------------------------------------------------------------------------------
// Reading the tree, the way models.dev's loader does (packages/core/src/generate.ts): every
// models/**/*.toml (id = its path under models/, without .toml) and every
// providers/<provider>/models/**/*.toml (id = its path under that models/ folder, slashes kept:
// providers/nvidia/models/deepseek-ai/deepseek-v4-pro.toml serves "deepseek-ai/deepseek-v4-pro").

// Symbolic links are not followed (a link can point out of the tree, at /etc/passwd, or at its own
// folder): only real folders and regular files inside PATH are read; a link is listed as skipped.
// models.dev's own loader globs a git checkout, which holds no links to follow.

const entryOf = (path: string) => lstatSync(path, { throwIfNoEntry: false });
const isDirectory = (path: string) => entryOf(path)?.isDirectory() ?? false;
const isRegularFile = (path: string) => entryOf(path)?.isFile() ?? false;

/** Deepest folder nesting read under models/ (models.dev ids have a few slashes at most). */
export const maxDepth = 16;
/** Largest file read: the biggest models.dev file is a few kB. */
export const maxFileBytes = 1024 * 1024;
/** Longest catalog slug (the editors' rule, server/catalog/inputs.ts). */
export const maxSlugLength = 100;
/** Unknown keys listed per file; the rest are counted in one more line. */
export const maxUnknownKeysListed = 10;

const symlinkReason = 'a symbolic link: not followed (only regular files and folders inside the tree are read)';

/** The real (not linked) folders in dir, sorted; links are reported under `prefix`. */
function listDirs(dir: string, prefix: string, skipped: Problem[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const name of names) {
    const info = entryOf(join(dir, name));
    if (info?.isSymbolicLink()) skipped.push({ path: `${prefix}/${name}`, reason: symlinkReason });
    else if (info?.isDirectory()) found.push(name);
  }
  return found;
}

/**
 * Every .toml under dir, at any depth up to maxDepth, as paths relative to dir; symbolic links and
 * folders nested too deep are reported (under `prefix`, the path of dir in the tree), not followed.
 */
function walkToml(dir: string, prefix: string, skipped: Problem[], relativeDir = '', depth = 0): string[] {
  const top = entryOf(join(dir, relativeDir));
  if (top?.isSymbolicLink()) skipped.push({ path: relativeDir ? `${prefix}/${relativeDir}` : prefix, reason: symlinkReason });
  if (!top?.isDirectory()) return [];
  const found: string[] = [];
  const stack: [string, number][] = [[relativeDir, depth]];
  while (stack.length) {
    const [at, level] = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(join(dir, at)).sort();
    } catch {
      continue;
    }
    const folders: string[] = [];
    for (const name of names) {
      const relative = at ? `${at}/${name}` : name;
      const info = entryOf(join(dir, relative));
      if (info?.isSymbolicLink()) {
        skipped.push({ path: `${prefix}/${relative}`, reason: symlinkReason });
      } else if (info?.isDirectory()) {
        if (level + 1 > maxDepth) skipped.push({ path: `${prefix}/${relative}`, reason: `folders nested more than ${maxDepth} deep: not read` });
        else folders.push(relative);
      } else if (info?.isFile() && name.endsWith('.toml')) found.push(relative);
    }
    for (const folder of folders.reverse()) stack.push([folder, level + 1]);
  }
  return found.sort();
}

/** A file's warnings, the first maxUnknownKeysListed of them listed and the rest counted in one line. */
function capWarnings(path: string, fileWarnings: Problem[], warnings: Problem[]) {
  for (let index = 0; index < fileWarnings.length && index < maxUnknownKeysListed; index++) warnings.push(fileWarnings[index]!);
  const more = fileWarnings.length - maxUnknownKeysListed;
  if (more > 0) warnings.push({ path, reason: `and ${more.toLocaleString('en-US')} more unknown keys or values not imported (not listed)` });
}

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Checks one value; a failure is reported against the field and the value is left out. */
function check<T>(schema: z.ZodType<T>, value: unknown, path: string, field: string, skipped: Problem[]): T | undefined {
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readToml(root: string, path: string, skipped: Problem[]): Table | null {
  const info = entryOf(join(root, path));
  if (!info?.isFile()) {
    skipped.push({ path, reason: info?.isSymbolicLink() ? symlinkReason : 'not a regular file: not read' });
    return null;
  }
  if (info.size > maxFileBytes) {
    skipped.push({ path, reason: `${info.size} bytes: larger than the 1 MB a models.dev file may have, not read` });
    return null;
  }
  let text: string;
  try {
    text = utf8.decode(readFileSync(join(root, path)));
  } catch (error) {
    skipped.push({ path, reason: (error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'not valid UTF-8: not read' : `cannot be read: ${(error as Error).message.split('\n')[0]}` });
    return null;
  }
  try {
    return parseToml(text) as Table;
  } catch (error) {
    skipped.push({ path, reason: `not valid TOML: ${(error as Error).message.split('\n')[0]}` });
    return null;
  }
}

/** Reads a model file field by field: bad values are skipped with a reason, unknown keys are listed. */
function readModelFile(root: string, path: string, problems: { skipped: Problem[]; warnings: Problem[] }): ModelFile | null {
  const raw = readToml(root, path, problems.skipped);
  if (!raw) return null;
  const fileWarnings: Problem[] = [];
  try {
    return readModelTable(raw, path, { skipped: problems.skipped, warnings: fileWarnings });
  } finally {
    capWarnings(path, fileWarnings, problems.warnings);
  }
}

function readModelTable(raw: Table, path: string, problems: { skipped: Problem[]; warnings: Problem[] }): ModelFile | null {
  const { skipped, warnings } = problems;
  const leaves: Leaves = new Map();
  const set = (field: string, value: unknown) => {
    if (value !== undefined) leaves.set(field, { value, path, field });
  };
  const file: ModelFile = { path, leaves, omit: [], benchmarks: [] };
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'base_model':
        file.baseModel = check(z.string().regex(/^[\w.-]+(\/[\w.-]+)+$/, 'expected vendor/model-id'), value, path, key, skipped);
        if (file.baseModel === undefined) return null; // nothing to inherit from: the model is incomplete
        break;
      case 'base_model_omit':
        file.omit = check(z.array(z.string().min(1)), value, path, key, skipped) ?? [];
        break;
      case 'name':
        set(key, check(plain, value, path, key, skipped));
        break;
      case 'family':
      case 'license':
        set(key, check(plain, value, path, key, skipped));
        break;
      case 'status':
        set(key, check(z.string(), value, path, key, skipped));
        break;
      case 'release_date':
      case 'last_updated':
      case 'knowledge':
        set(key, check(day, value, path, key, skipped));
        break;
      case 'open_weights':
        set(key, check(z.boolean(), value, path, key, skipped));
        break;
      case 'limit':
        if (!isTable(value)) {
          skipped.push({ path, field: key, reason: 'expected a table' });
          break;
        }
        for (const [limitKey, limit] of Object.entries(value)) {
          if (['context', 'input', 'output'].includes(limitKey)) set(`limit.${limitKey}`, check(tokens, limit, path, `limit.${limitKey}`, skipped));
          else warnings.push({ path, field: `limit.${limitKey}`, reason: 'unknown key: not imported' });
        }
        break;
      case 'modalities':
        if (!isTable(value)) {
          skipped.push({ path, field: key, reason: 'expected a table' });
          break;
        }
        for (const [side, list] of Object.entries(value)) {
          if (side === 'input' || side === 'output') set(`modalities.${side}`, check(modalityList, list, path, `modalities.${side}`, skipped));
          else warnings.push({ path, field: `modalities.${side}`, reason: 'unknown key: not imported' });
        }
        break;
      case 'cost':
        readCost(value, path, set, problems);
        break;
      case 'benchmarks':
        if (!Array.isArray(value)) {
          skipped.push({ path, field: key, reason: 'expected an array of tables' });
          break;
        }
        value.forEach((entry, index) => {
          const read = readBenchmark(entry, path, `benchmarks[${index}]`, problems);
          if (read) file.benchmarks.push({ value: read, path, field: read.field });
        });
        break;
      case 'experimental':
        reportExperimental(value, path, warnings);
        break;
      default:
        if (!modelKeysNotImported.has(key)) warnings.push({ path, field: key, reason: 'unknown key: not imported' });
    }
  }
  return file;
}

function readCost(value: unknown, path: string, set: (field: string, value: unknown) => void, { skipped, warnings }: { skipped: Problem[]; warnings: Problem[] }) {
  if (!isTable(value)) {
    skipped.push({ path, field: 'cost', reason: 'expected a table' });
    return;
  }
  for (const [key, price] of Object.entries(value)) {
    const field = `cost.${key}`;
    if (priceKeys.has(key)) set(field, check(usd, price, path, field, skipped));
    else if (key === 'tiers') {
      if (!Array.isArray(price)) {
        skipped.push({ path, field, reason: 'expected an array of tables' });
        continue;
      }
      const tiers: Tier[] = [];
      price.forEach((tier, index) => {
        const tierField = `cost.tiers[${index}]`;
        if (!isTable(tier)) return void skipped.push({ path, field: tierField, reason: 'expected a table' });
        const size = check(z.object({ size: tokens, type: z.literal('context').optional() }), tier.tier, path, `${tierField}.tier`, skipped);
        if (!size) return;
        const read: Tier = { size: size.size, prices: {}, field: tierField };
        for (const [key, amount] of Object.entries(tier)) {
          if (key === 'tier') continue;
          if (priceKeys.has(key)) {
            const checked = check(usd, amount, path, `${tierField}.${key}`, skipped);
            if (checked !== undefined) read.prices[key] = checked;
          } else warnings.push({ path, field: `${tierField}.${key}`, reason: unpublishedCost.get(key) ?? 'unknown key: not imported' });
        }
        if (tiers.some((other) => other.size === read.size)) skipped.push({ path, field: tierField, reason: `a second tier of ${read.size} tokens (models.dev refuses duplicate sizes)` });
        else tiers.push(read);
      });
      set(field, tiers);
    } else if (typeof price === 'number' && unpublishedCost.has(key)) {
      warnings.push({ path, field, reason: unpublishedCost.get(key)! });
    } else warnings.push({ path, field, reason: unpublishedCost.get(key) ?? 'unknown key: not imported' });
  }
}

/** experimental.modes.<mode>.cost: prices of an opt-in mode (e.g. "fast"); the catalog has one price list per model. */
function reportExperimental(value: unknown, path: string, warnings: Problem[]) {
  const modes = isTable(value) && isTable(value.modes) ? value.modes : {};
  for (const [mode, settings] of Object.entries(modes)) {
    if (isTable(settings) && isTable(settings.cost) && Object.keys(settings.cost).length) {
      warnings.push({
        path,
        field: `experimental.modes.${mode}.cost`,
        reason: `prices of the opt-in "${mode}" mode: the catalog keeps one price list per model, not imported`,
      });
    }
  }
}

function readBenchmark(entry: unknown, path: string, field: string, { skipped, warnings }: { skipped: Problem[]; warnings: Problem[] }): BenchmarkEntry | null {
  if (!isTable(entry)) {
    skipped.push({ path, field, reason: 'expected a table' });
    return null;
  }
  const label = typeof entry.name === 'string' && entry.name ? `${field} (${entry.name})` : field;
  for (const key of Object.keys(entry)) if (!benchmarkKeys.has(key)) warnings.push({ path, field: `${label}.${key}`, reason: 'unknown key: not imported' });
  const name = check(plain, entry.name, path, `${label}.name`, skipped);
  if (name === undefined) return null;
  // models.dev allows a score as text ("72.5"); anything that is not a plain number is refused.
  const rawScore = typeof entry.score === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(entry.score) ? Number(entry.score) : entry.score;
  const score = check(
    z.number({ error: 'expected a number' }).refine((value) => Number.isFinite(value) && Math.abs(value) <= 1e12, 'expected a number within ±1e12'),
    rawScore,
    path,
    `${label}.score`,
    skipped,
  );
  if (entry.source === undefined) {
    skipped.push({ path, field: `${label}.source`, reason: 'no source: the catalog publishes no number it cannot cite' });
    return null;
  }
  const source = check(publicUrl, entry.source, path, `${label}.source`, skipped);
  const metric = entry.metric === undefined ? undefined : check(plain, entry.metric, path, `${label}.metric`, skipped);
  const date = entry.date === undefined ? undefined : check(day, entry.date, path, `${label}.date`, skipped);
  const optionalText = (key: 'harness' | 'variant' | 'dataset' | 'version') =>
    entry[key] === undefined ? undefined : check(plain, entry[key], path, `${label}.${key}`, skipped);
  const extra = { harness: optionalText('harness'), variant: optionalText('variant'), dataset: optionalText('dataset'), version: optionalText('version') };
  if (score === undefined || source === undefined) return null;
  if (entry.metric !== undefined && metric === undefined) return null; // a bad metric would file the score under another setting
  if (entry.date !== undefined && date === undefined) return null;
  if (Object.entries(extra).some(([key, value]) => entry[key] !== undefined && value === undefined)) return null;
  return { name, score, metric, source, date, ...extra, field: label };
}

function readProviderFile(root: string, path: string, problems: { skipped: Problem[]; warnings: Problem[] }): ProviderFile | null {
  const raw = readToml(root, path, problems.skipped);
  if (!raw) return null;
  const file: ProviderFile = { path };
  const fileWarnings: Problem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'name') file.name = check(plain, value, path, key, problems.skipped);
    else if (key === 'env') file.env = check(z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')), value, path, key, problems.skipped);
    else if (key === 'doc' || key === 'api') file[key] = check(publicUrl, value, path, key, problems.skipped);
    else if (key !== 'npm' && key !== 'id') fileWarnings.push({ path, field: key, reason: 'unknown key: not imported' });
  }
  capWarnings(path, fileWarnings, problems.warnings);
  return file;
}

/** Provider folders named differently from the vendor folder of their models. */
const providerToVendor = new Map([
  ['llama', 'meta'],
  ['zai', 'zhipuai'],
]);

const vendorNames = new Map([
  ['alibaba', 'Alibaba'],
  ['anthropic', 'Anthropic'],
  ['cohere', 'Cohere'],
  ['deepreinforce', 'DeepReinforce'],
  ['deepseek', 'DeepSeek'],
  ['google', 'Google'],
  ['meta', 'Meta'],
  ['minimax', 'MiniMax'],
  ['mistral', 'Mistral'],
  ['moonshotai', 'Moonshot AI'],
  ['openai', 'OpenAI'],
  ['sarvam', 'Sarvam AI'],
  ['tencent', 'Tencent'],
  ['xai', 'xAI'],
  ['zhipuai', 'Z.ai (Zhipu AI)'],
]);

/** Why a vendor or provider folder name cannot be a provider slug (the database's rule), or null. */
function folderSlugProblem(name: string): string | null {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return `"${name}" is not a provider slug (lower-case letters, digits, ".", "_" and "-", starting with a letter or digit): nothing under it is imported`;
  if (name.length > maxSlugLength) return `a provider slug has at most ${maxSlugLength} characters: nothing under it is imported`;
  return null;
}

interface CatalogModel {
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

interface Catalog {
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

/** models.dev's base_model inheritance leaves these out (generate.ts, inheritableModelMetadata). */
const notInherited = new Set(['license', 'links', 'weights', 'benchmarks']);

function overlay(model: CatalogModel, file: ModelFile, leaves: Iterable<[string, Sourced<unknown>]> = file.leaves) {
  if (!model.files.includes(file.path)) model.files.push(file.path);
  for (const [key, value] of leaves) model.leaves.set(key, value);
}

function applyOmit(model: CatalogModel, omit: string[]) {
  for (const path of omit) for (const key of [...model.leaves.keys()]) if (key === path || key.startsWith(`${path}.`)) model.leaves.delete(key);
}

/** pg_try_advisory_xact_lock key held by a running import ("imp" in ASCII). */
export const importLockKey = 0x696d70;

export const slugForId = (id: string) =>
  id
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[-.]+$/g, '');

/**
 * Reads models/<vendor>/**.toml (the vendor's description) and providers/<provider>/models/**.toml
 * (what a provider serves, with its prices and limits). A provider file with `base_model` inherits
 * that model's fields (not its licence nor benchmarks, as models.dev does) and wins field by field;
 * a provider's file for its own vendor's model (same id) completes the vendor's file.
 */
export function readCatalog(root: string, problems: { skipped: Problem[]; warnings: Problem[] }): Catalog {
  const { skipped, warnings } = problems;
  let filesSeen = 0;
  const filesRead = new Set<string>();
  const canonical = new Map<string, ModelFile>();
  const unreadable = new Set<string>();
  const vendors = new Set<string>();
  const seenPaths = new Set<string>();

  for (const relative of walkToml(join(root, 'models'), 'models', skipped)) {
    filesSeen++;
    const path = `models/${relative}`;
    seenPaths.add(path);
    const slash = relative.indexOf('/');
    if (slash < 0) {
      skipped.push({ path, reason: 'not in a vendor folder (models/<vendor>/<id>.toml): no vendor to file it under' });
      continue;
    }
    const vendorProblem = folderSlugProblem(relative.slice(0, slash));
    if (vendorProblem) {
      skipped.push({ path, field: 'vendor (the folder name)', reason: vendorProblem });
      continue;
    }
    const key = relative.slice(0, -5);
    const file = readModelFile(root, path, problems);
    if (!file) {
      unreadable.add(key);
      continue;
    }
    if (file.baseModel) {
      skipped.push({ path, field: 'base_model', reason: 'base_model is for provider files (models.dev refuses it under models/)' });
      continue;
    }
    canonical.set(key, file);
    vendors.add(relative.slice(0, slash));
  }

  const providerFiles = new Map<string, ProviderFile>();
  const served: { vendor: string; id: string; file: ModelFile }[] = [];
  for (const provider of listDirs(join(root, 'providers'), 'providers', skipped)) {
    const vendor = providerToVendor.get(provider) ?? provider;
    const providerProblem = folderSlugProblem(provider);
    if (providerProblem) {
      // Counted and listed, not read: every file under the folder.
      for (const path of walkToml(join(root, 'providers', provider), `providers/${provider}`, [])) {
        filesSeen++;
        seenPaths.add(`providers/${provider}/${path}`);
        skipped.push({ path: `providers/${provider}/${path}`, field: 'provider (the folder name)', reason: providerProblem });
      }
      continue;
    }
    const modelPaths = walkToml(join(root, 'providers', provider, 'models'), `providers/${provider}/models`, skipped);
    const outsideModels: Problem[] = [];
    const otherToml = walkToml(join(root, 'providers', provider), `providers/${provider}`, outsideModels).filter((path) => path !== 'provider.toml' && !path.startsWith('models/'));
    // Links under models/ were reported by the walk above.
    for (const problem of outsideModels) {
      if (problem.path !== `providers/${provider}/models` && !problem.path.startsWith(`providers/${provider}/models/`)) skipped.push(problem);
    }
    for (const path of modelPaths) seenPaths.add(`providers/${provider}/models/${path}`);
    for (const path of otherToml) {
      filesSeen++;
      seenPaths.add(`providers/${provider}/${path}`);
      skipped.push({ path: `providers/${provider}/${path}`, reason: 'not a provider.toml nor under models/: models.dev does not read it' });
    }
    seenPaths.add(`providers/${provider}/provider.toml`);
    if (!isRegularFile(join(root, 'providers', provider, 'provider.toml'))) {
      filesSeen += modelPaths.length;
      for (const path of modelPaths) skipped.push({ path: `providers/${provider}/models/${path}`, reason: `providers/${provider} has no provider.toml: models.dev does not load its models` });
      continue;
    }
    filesSeen++;
    vendors.add(vendor);
    const providerPath = `providers/${provider}/provider.toml`;
    const providerFile = readProviderFile(root, providerPath, problems);
    if (providerFile) {
      providerFiles.set(vendor, providerFile);
      filesRead.add(providerPath);
    }
    for (const relative of modelPaths) {
      filesSeen++;
      const file = readModelFile(root, `providers/${provider}/models/${relative}`, problems);
      if (file) served.push({ vendor, id: relative.slice(0, -5), file });
    }
  }

  const catalog = new Map<string, CatalogModel>();
  const modelFor = (vendor: string, id: string) => {
    const key = `${vendor}/${id}`;
    let model = catalog.get(key);
    if (!model) {
      model = { vendor, id, slug: slugForId(id), canonical: false, files: [], leaves: new Map(), benchmarks: [] };
      catalog.set(key, model);
    }
    return model;
  };
  for (const [key, file] of canonical) {
    const slash = key.indexOf('/');
    const model = modelFor(key.slice(0, slash), key.slice(slash + 1));
    model.canonical = true;
    overlay(model, file);
    for (const entry of file.benchmarks) model.benchmarks.push(entry);
    filesRead.add(file.path);
  }
  for (const { vendor, id, file } of served) {
    const key = `${vendor}/${id}`;
    if (file.baseModel) {
      const base = canonical.get(file.baseModel);
      if (!base) {
        skipped.push({
          path: file.path,
          field: 'base_model',
          reason: unreadable.has(file.baseModel) ? `its base model models/${file.baseModel}.toml could not be read` : `no file models/${file.baseModel}.toml`,
        });
        continue;
      }
      const model = modelFor(vendor, id);
      if (file.baseModel !== key || !model.canonical) {
        overlay(model, base, [...base.leaves].filter(([leaf]) => !notInherited.has(leaf.split('.')[0]!)));
      }
      overlay(model, file);
      applyOmit(model, file.omit);
    } else {
      overlay(modelFor(vendor, id), file);
    }
    filesRead.add(file.path);
  }

  // A slug names one model: a vendor's own model keeps the plain one, others are prefixed with their provider.
  const bySlug = new Map<string, CatalogModel[]>();
  for (const model of catalog.values()) bySlug.set(model.slug, [...(bySlug.get(model.slug) ?? []), model]);
  for (const group of bySlug.values()) {
    if (group.length < 2) continue;
    const owners = group.filter((model) => model.canonical);
    for (const model of group) if (owners.length !== 1 || model !== owners[0]) model.slug = slugForId(`${model.vendor}-${model.slug}`);
  }

  const taken = new Set<string>();
  const complete: CatalogModel[] = [];
  for (const model of [...catalog.values()].sort((a, b) => a.slug.localeCompare(b.slug))) {
    const path = model.files.at(-1) ?? model.slug;
    if (!model.leaves.has('name')) {
      skipped.push({ path, field: 'name', reason: 'a model needs a name: the model is not imported' });
      continue;
    }
    if (!model.slug) {
      skipped.push({ path, reason: `no catalog slug can be made from the id "${model.id}": the model is not imported` });
      continue;
    }
    if (model.slug.length > maxSlugLength) {
      skipped.push({ path, reason: `the catalog slug made from the id would have ${model.slug.length} characters (at most ${maxSlugLength}): the model is not imported` });
      continue;
    }
    if (taken.has(model.slug)) {
      skipped.push({ path, reason: `another model already has the slug "${model.slug}": the model is not imported` });
      continue;
    }
    taken.add(model.slug);
    complete.push(model);
  }
  return { providerFiles, vendors, models: complete, filesSeen, filesRead, seenPaths, familyNames: familyNames(complete) };
}

// ---------------------------------------------------------------------------------------------
// Families, named from the data: the spelling the member models' names use for the family's words
// ("claude-opus" with "Claude Opus 4.1" → "Claude Opus"; "mimo" with "MiMo-V2-Flash" → "MiMo").

export const familySlug = (vendor: string, family: string) =>
  `${vendor}-${family}`
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');

function spellingIn(name: string, family: string): string | null {
  const words = name.split(/[\s\-_/()[\],:]+/).filter(Boolean);
  const wanted = family.split(/[-_\s]+/).filter(Boolean);
  const found: string[] = [];
  let from = 0;
  for (const token of wanted) {
    const lower = token.toLowerCase();
    const index = words.findIndex(
      (word, position) => position >= from && (word.toLowerCase() === lower || (word.toLowerCase().startsWith(lower) && /^\d/.test(word.slice(lower.length)))),
    );
    if (index < 0) break;
    found.push(words[index]!.slice(0, token.length));
    from = index + 1;
  }
  if (found.length === wanted.length) return found.join(' ');
  // A family written as one word inside the name ("qwen3.5" in "Qwen3.5 Plus"): take the name's own spelling.
  const at = name.toLowerCase().indexOf(family.toLowerCase());
  if (at >= 0 && (at === 0 || /[\s\-_/(]/.test(name[at - 1]!))) return name.slice(at, at + family.length);
  return null;
}

function familyNames(catalogModels: CatalogModel[]): Map<string, { vendor: string; name: string }> {
  const members = new Map<string, { vendor: string; family: string; names: string[] }>();
  for (const model of catalogModels) {
    const family = model.leaves.get('family')?.value as string | undefined;
    if (!family) continue;
    const slug = familySlug(model.vendor, family);
    const entry = members.get(slug) ?? { vendor: model.vendor, family, names: [] };
    entry.names.push(model.leaves.get('name')!.value as string);
    members.set(slug, entry);
  }
  const result = new Map<string, { vendor: string; name: string }>();
  for (const [slug, { vendor, family, names }] of members) {
    const votes = new Map<string, number>();
    for (const name of names) {
      const spelling = spellingIn(name, family);
      if (spelling) votes.set(spelling, (votes.get(spelling) ?? 0) + 1);
    }
    // Names that capitalise the family's words say how it is written; all lower case, the id says it as well.
    const capitalised = (spelling: string) => (/[A-Z]/.test(spelling) ? 1 : 0);
    const best = [...votes].sort((a, b) => capitalised(b[0]) - capitalised(a[0]) || b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    result.set(slug, { vendor, name: best && capitalised(best) ? best : family });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Writing

const sourceKindByHost: [RegExp, SourceKind, string][] = [
  [/(^|\.)labs\.scale\.com$/, 'INDEPENDENT_LEADERBOARD', 'Scale AI'],
  [/(^|\.)aider\.chat$/, 'INDEPENDENT_LEADERBOARD', 'Aider'],
  [/(^|\.)artificialanalysis\.ai$/, 'INDEPENDENT_LEADERBOARD', 'Artificial Analysis'],
  [/(^|\.)openrouter\.ai$/, 'INDEPENDENT_LEADERBOARD', 'OpenRouter'],
  [/(^|\.)tbench\.ai$/, 'BENCHMARK_MAINTAINER', 'Terminal-Bench'],
  [/(^|\.)swebench\.com$/, 'BENCHMARK_MAINTAINER', 'SWE-bench'],
  [/(^|\.)arxiv\.org$/, 'PAPER', 'arXiv'],
  [/(^|\.)huggingface\.co$/, 'VENDOR_MODEL_CARD', 'Hugging Face'],
  [/(^|\.)(anthropic\.com|openai\.com|mistral\.ai|deepmind\.google|ai\.google\.dev|x\.ai|deepseek\.com|qwenlm\.github\.io|moonshot\.ai|minimax\.io|cohere\.com|z\.ai)$/, 'VENDOR_MODEL_CARD', ''],
];

function describeSourceUrl(url: string): { kind: SourceKind; publisher: string; title: string } {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const match = sourceKindByHost.find(([pattern]) => pattern.test(host));
  const publisher = match?.[2] || host;
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return { kind: match?.[1] ?? 'OTHER', publisher, title: `${publisher}${path ? ` — ${path}` : ''}` };
}

function settingOf(entry: BenchmarkEntry): string {
  return [
    entry.metric,
    entry.harness && `harness ${entry.harness}`,
    entry.variant && `variant ${entry.variant}`,
    entry.dataset && `${entry.dataset} set`,
    entry.version && `version ${entry.version}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

const emptyCount = (): Count => ({ created: 0, updated: 0, unchanged: 0, retired: 0 });
const fullDay = (date: string) => (date.length === 7 ? `${date}-01` : date);

interface Citation {
  sourceId: number;
  locator: string;
  retrievedAt: string;
}

/** A number the dataset states for a model, under a key that identifies what it is a value of. */
interface Claim {
  key: string;
  value: string;
  citation: Citation;
  /** The file and field it comes from (for reports and the audit trail). */
  path: string;
  field: string;
}

interface LiveClaim {
  id: number;
  key: string;
  sourceId: number;
  status: ClaimStatus;
  value: string;
  origin: string;
  createdById: number | null;
  locator: string;
  sourceUrl: string;
}

interface PlanItem {
  claim: Claim;
  status: ClaimStatus;
  /** The claim this one supersedes (a changed value from the same file or source). */
  supersedes?: LiveClaim;
}

interface ClaimPlan {
  items: PlanItem[];
  unchanged: number;
  /** Claims this importer published from a file read in this run that the file no longer states. */
  retire: LiveClaim[];
}

const liveStatuses: ClaimStatus[] = ['DRAFT', 'PENDING_REVIEW', 'VERIFIED'];
const scoreLocatorMark = ', as recorded in models.dev ';

type ClaimTable = typeof modelFacts | typeof prices | typeof scores;

interface ModelRun {
  counts: Record<'models' | 'facts' | 'prices' | 'scores', Count>;
  families: Map<string, number>;
  familiesCreated: Set<string>;
  benchmarks: Map<string, { id: number; definition: BenchmarkDefinition }>;
  benchmarksCreated: Set<string>;
  sources: Map<string, number>;
  sourcesCreated: Set<string>;
  heldForReview: number;
  skipped: Problem[];
  warnings: Problem[];
}

const newRun = (): ModelRun => ({
  counts: { models: emptyCount(), facts: emptyCount(), prices: emptyCount(), scores: emptyCount() },
  families: new Map(),
  familiesCreated: new Set(),
  benchmarks: new Map(),
  benchmarksCreated: new Set(),
  sources: new Map(),
  sourcesCreated: new Set(),
  heldForReview: 0,
  skipped: [],
  warnings: [],
});

/** Which field of the file a refused row came from, by the constraint that refused it. */
const constraintFields: Record<string, string> = {
  models_slug_check: 'id (the file name)',
  models_slug_key: 'id (the file name)',
  models_context_window_check: 'limit.context',
  models_max_output_check: 'limit.output',
  models_status_check: 'status',
};

/** A database refusal as a report line: the field it concerns and the rule, never raw driver text. */
function refusal(error: unknown, path: string, field: string | undefined): Problem {
  const pg = postgresErrorOf(error);
  const mapped = pg?.constraint ? constraintFields[pg.constraint] : undefined;
  const validation = databaseErrorAsValidation(error);
  const rule = validation?.fieldErrors[0]?.message;
  const own = pg && pg.code === 'P0001' ? ((error as { cause?: { message?: string } }).cause?.message ?? '').split('\n')[0] : '';
  const what = pg?.constraint ?? (pg ? `error ${pg.code}` : 'error');
  const reason = rule ?? (own || (pg ? 'a value is outside what the database allows' : (error as Error).message.split('\n')[0]));
  return { path, field: mapped ?? field, reason: `refused by the database (${what}): ${reason}` };
}

/**
 * Imports a models.dev tree. One import at a time per database: on PostgreSQL the run holds an
 * advisory lock (importLockKey) and a second run is refused at once; PGlite's data directory is
 * opened by one process only (db/dataDirLock.ts).
 */
export async function importModelsDev(handle: DatabaseHandle, root: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const unlock = await takeImportLock(handle);
  try {
    return await importUnlocked(handle, root, options);
  } finally {
    await unlock();
  }
}

/** Holds importLockKey in a transaction kept open on its own connection for the run; the release commits it. */
async function takeImportLock(handle: DatabaseHandle): Promise<() => Promise<void>> {
  if (handle.driver !== 'postgres') return async () => {};
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let answer!: (locked: boolean) => void;
  const answered = new Promise<boolean>((resolve) => (answer = resolve));
  const holder = handle.db.transaction(async (tx) => {
    // The transaction waits, idle, for the whole run: the pool's idle-in-transaction limit must not end it.
    await tx.execute(sql`set local idle_in_transaction_session_timeout = 0`);
    const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${importLockKey}) as locked`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { locked: boolean }[];
    const locked = rows[0]?.locked === true;
    answer(locked);
    if (locked) await released;
  });
  const locked = await Promise.race([answered, holder.then(() => false)]);
  if (!locked) {
    await holder;
    throw new ImportInputError('another catalog import is running on this database: one at a time, try again when it has finished');
  }
  return async () => {
    release();
    // A lost connection only ended the lock early: the run itself is done.
    await holder.catch(() => {});
  };
}

async function importUnlocked(handle: DatabaseHandle, root: string, options: ImportOptions): Promise<ImportSummary> {
  if (options.retrievedAt !== undefined) {
    const problem = dateProblem(options.retrievedAt, { dayOnly: true });
    if (problem) throw new ImportInputError(`retrieval date ${problem}`);
  }
  const pinned = options.pinned ?? options.commit !== undefined;
  const datasetWarnings = [...(options.datasetWarnings ?? [])];
  if (!pinned && !datasetWarnings.some((line) => line.includes('NOT pinned'))) {
    datasetWarnings.push('WARNING: citations are NOT pinned to a commit: they point at the main branch, whose files change. Pass --commit SHA.');
  }
  if (options.retrievedAt === undefined && !datasetWarnings.some((line) => line.includes('retrieval date'))) {
    datasetWarnings.push(`WARNING: no retrieval date: numbers are dated today, ${today()}. Pass --retrieved YYYY-MM-DD.`);
  }
  const dataset: DatasetInfo = {
    repository: (options.repository ?? defaultRepository).replace(/\/+$/, ''),
    commit: options.commit ?? 'main',
    retrievedAt: options.retrievedAt ?? today(),
  };
  const repositoryRefused = repositoryProblem(dataset.repository);
  if (repositoryRefused) throw new ImportInputError(`repository "${dataset.repository}" ${repositoryRefused}`);
  if (!isDirectory(root)) throw new ImportInputError(`${root}: no such directory`);
  if (!isDirectory(join(root, 'providers')) && !isDirectory(join(root, 'models'))) {
    throw new ImportInputError(`${root} has neither a providers/ nor a models/ folder: not a models.dev tree`);
  }
  const progress = options.onProgress ?? (() => {});
  const runId = randomUUID();
  const summary: ImportSummary = {
    filesSeen: 0,
    filesRead: 0,
    files: 0,
    providers: emptyCount(),
    families: emptyCount(),
    models: emptyCount(),
    facts: emptyCount(),
    prices: emptyCount(),
    benchmarks: emptyCount(),
    scores: emptyCount(),
    sources: emptyCount(),
    heldForReview: 0,
    skipped: [],
    warnings: [],
    dataset: { ...dataset, pinned, warnings: datasetWarnings },
    runId,
    totals: { providers: 0, families: 0, models: 0, facts: 0, prices: 0, benchmarks: 0, scores: 0, sources: 0, published: { facts: 0, prices: 0, scores: 0 } },
  };
  const catalog = readCatalog(root, summary);
  summary.filesSeen = catalog.filesSeen;
  summary.filesRead = summary.files = catalog.filesRead.size;
  progress(`read ${catalog.filesRead.size} of ${catalog.filesSeen} files: ${catalog.models.length} models, ${summary.skipped.length} entries skipped`);
  if (catalog.filesSeen === 0) throw new ImportInputError(`${root} holds no .toml file under models/ or providers/`);

  const { db } = handle;
  // Each path segment percent-encoded ("has space.toml" → "has%20space.toml"), so the URL is one the database stores.
  const fileUrl = (path: string) => `${dataset.repository}/blob/${dataset.commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
  const filePrefix = new RegExp(`^${dataset.repository.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/blob/[^/]+/(.+)$`);
  /** The dataset file a source URL points at (any commit), or null for another source. */
  const datasetPathOf = (url: string) => {
    const encoded = filePrefix.exec(url)?.[1];
    if (encoded === undefined) return null;
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  };
  const requestId = `import:${runId}`;

  // Providers first, in one transaction; counted once it commits.
  const providerIds = new Map<string, number>();
  const providerCount = emptyCount();
  await db.transaction(async (outer) => {
    for (const vendor of [...catalog.vendors].sort()) {
      // Each provider in its own savepoint: one the database refuses is skipped with its models, the rest import.
      try {
        await outer.transaction((tx) => writeProvider(tx, vendor));
      } catch (error) {
        if (!postgresErrorOf(error)) throw error;
        providerIds.delete(vendor);
        const file = catalog.providerFiles.get(vendor);
        summary.skipped.push({ ...refusal(error, file?.path ?? `models/${vendor}`, 'provider'), reason: `provider not imported, nor its models: ${refusal(error, '', undefined).reason}` });
      }
    }
  });
  summary.providers = providerCount;
  const importable = catalog.models.filter((model) => {
    if (providerIds.has(model.vendor)) return true;
    summary.skipped.push({ path: model.files.join(', '), reason: `its provider "${model.vendor}" was not imported: the model is not imported` });
    return false;
  });

  async function writeProvider(tx: Tx, vendor: string) {
    {
      const file = catalog.providerFiles.get(vendor);
      const values = {
        slug: vendor,
        name: vendorNames.get(vendor) ?? file?.name ?? vendor,
        docsUrl: file?.doc ?? null,
        apiBaseUrl: file?.api ?? null,
        apiKeyEnv: file?.env?.[0] ?? null,
      };
      const [existing] = await tx.select().from(providers).where(eq(providers.slug, vendor));
      if (!existing) {
        const [created] = await tx.insert(providers).values(values).returning();
        providerIds.set(vendor, created!.id);
        providerCount.created++;
        await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType: 'Provider', entityId: String(created!.id), diff: diffOf(null, created!, runId), requestId });
        return;
      }
      providerIds.set(vendor, existing.id);
      // Fill what editors have not set; never overwrite their values.
      const fill = {
        docsUrl: existing.docsUrl ?? values.docsUrl,
        apiBaseUrl: existing.apiBaseUrl ?? values.apiBaseUrl,
        apiKeyEnv: existing.apiKeyEnv ?? values.apiKeyEnv,
      };
      if (fill.docsUrl !== existing.docsUrl || fill.apiBaseUrl !== existing.apiBaseUrl || fill.apiKeyEnv !== existing.apiKeyEnv) {
        await tx
          .update(providers)
          .set({ ...fill, version: sql`${providers.version} + 1`, updatedAt: sql`now()` })
          .where(eq(providers.id, existing.id));
        providerCount.updated++;
        await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType: 'Provider', entityId: String(existing.id), diff: diffOf(existing, { ...existing, ...fill }, runId), requestId });
      } else providerCount.unchanged++;
    }
  }

  // Shared rows a model needs (families, benchmarks, sources) are written in the model's own
  // transaction, so a refused model leaves nothing behind; these maps hold what has committed.
  const familyIds = new Map<string, number>();
  const benchmarkIds = new Map<string, { id: number; definition: BenchmarkDefinition }>();
  const sourceIds = new Map<string, number>();
  const used = { families: new Set<string>(), benchmarks: new Set<string>(), sources: new Set<string>() };
  const created = { families: new Set<string>(), benchmarks: new Set<string>(), sources: new Set<string>() };

  let done = 0;
  for (const model of importable) {
    const run = newRun();
    try {
      await db.transaction((tx) => importModel(tx, model, run));
      for (const key of ['models', 'facts', 'prices', 'scores'] as const) {
        for (const field of ['created', 'updated', 'unchanged', 'retired'] as const) summary[key][field] += run.counts[key][field];
      }
      for (const [slug, id] of run.families) (familyIds.set(slug, id), used.families.add(slug));
      for (const slug of run.familiesCreated) created.families.add(slug);
      for (const [slug, entry] of run.benchmarks) (benchmarkIds.set(slug, entry), used.benchmarks.add(slug));
      for (const slug of run.benchmarksCreated) created.benchmarks.add(slug);
      for (const [url, id] of run.sources) (sourceIds.set(url, id), used.sources.add(url));
      for (const url of run.sourcesCreated) created.sources.add(url);
      summary.heldForReview += run.heldForReview;
      for (const problem of run.skipped) summary.skipped.push(problem);
      for (const problem of run.warnings) summary.warnings.push(problem);
    } catch (error) {
      summary.skipped.push({ ...refusal(error, model.files.join(', '), undefined), reason: `model not imported: ${refusal(error, '', undefined).reason}` });
    }
    done++;
    if (done % 50 === 0 || done === importable.length) {
      progress(`[${done}/${importable.length}] models imported (${summary.scores.created} scores, ${summary.prices.created} prices so far)`);
    }
  }
  for (const key of ['families', 'benchmarks', 'sources'] as const) {
    summary[key].created = created[key].size;
    summary[key].unchanged = [...used[key]].filter((name) => !created[key].has(name)).length;
  }

  // Models imported from this repository before whose files this run did not see (removed upstream,
  // or a partial tree): listed, and left as they are (a partial tree must not retire the rest).
  const missing = await modelsNotInTree(handle, dataset.repository, datasetPathOf, catalog.seenPaths);
  for (const { slug, path } of missing.slice(0, maxMissingListed)) {
    summary.warnings.push({ path, field: slug, reason: 'the model\'s files are not in this tree (removed upstream, or a partial tree): left as it is, its numbers still published' });
  }
  if (missing.length > maxMissingListed) {
    summary.warnings.push({ path: `${dataset.repository}`, reason: `and ${missing.length - maxMissingListed} more models whose files are not in this tree: left as they are` });
  }

  // A base model's note shows up once per model inheriting it: list each (file, field, reason) once.
  const seen = new Set<string>();
  summary.warnings = summary.warnings.filter((warning) => {
    const key = `${warning.path}\0${warning.field ?? ''}\0${warning.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  // One event for the run: what was read, from which snapshot, and what it changed.
  await db.transaction(async (tx) => {
    await tx.insert(auditEvents).values({
      actorId: null,
      action: 'IMPORT',
      entityType: 'CatalogImport',
      entityId: runId,
      requestId,
      diff: {
        dataset: { before: null, after: { ...dataset, pinned } },
        files: { before: null, after: { seen: summary.filesSeen, read: summary.filesRead } },
        counts: {
          before: null,
          after: Object.fromEntries(
            (['providers', 'families', 'models', 'facts', 'prices', 'benchmarks', 'scores', 'sources'] as const).map((key) => [key, summary[key]]),
          ),
        },
        skipped: { before: null, after: summary.skipped.length },
        warnings: { before: null, after: summary.warnings.length },
      },
    });
  });
  summary.totals = await countCatalog(handle);
  return summary;

  async function ensureSources(tx: Tx, run: ModelRun, wanted: Map<string, typeof sources.$inferInsert>) {
    const missing = [...wanted.keys()].filter((url) => !sourceIds.has(url) && !run.sources.has(url));
    for (const url of wanted.keys()) if (sourceIds.has(url)) run.sources.set(url, sourceIds.get(url)!);
    if (!missing.length) return;
    for (const row of await tx.select({ id: sources.id, url: sources.url }).from(sources).where(inArray(sources.url, missing))) run.sources.set(row.url, row.id);
    const toCreate = missing.filter((url) => !run.sources.has(url)).map((url) => wanted.get(url)!);
    if (!toCreate.length) return;
    for (const row of await tx.insert(sources).values(toCreate).returning({ id: sources.id, url: sources.url })) {
      run.sources.set(row.url, row.id);
      run.sourcesCreated.add(row.url);
    }
  }

  async function ensureFamily(tx: Tx, run: ModelRun, slug: string, vendor: string): Promise<number> {
    const known = familyIds.get(slug) ?? run.families.get(slug);
    if (known !== undefined) return (run.families.set(slug, known), known);
    let [row] = await tx.select({ id: modelFamilies.id }).from(modelFamilies).where(eq(modelFamilies.slug, slug));
    if (!row) {
      const name = catalog.familyNames.get(slug)?.name ?? slug;
      [row] = await tx.insert(modelFamilies).values({ slug, name, providerId: providerIds.get(vendor)! }).returning({ id: modelFamilies.id });
      run.familiesCreated.add(slug);
      await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType: 'ModelFamily', entityId: String(row!.id), diff: { name: { before: null, after: name }, slug: { before: null, after: slug }, run: { before: null, after: runId } }, requestId });
    }
    run.families.set(slug, row!.id);
    return row!.id;
  }

  async function ensureBenchmark(tx: Tx, run: ModelRun, name: string) {
    const slug = benchmarkSlug(name);
    const known = benchmarkIds.get(slug) ?? run.benchmarks.get(slug);
    if (known) return (run.benchmarks.set(slug, known), known);
    const definition = knownBenchmarks.find((candidate) => candidate.slug === slug) ?? defaultBenchmark(name);
    let [row] = await tx.select().from(benchmarks).where(eq(benchmarks.slug, slug));
    if (!row) {
      [row] = await tx
        .insert(benchmarks)
        .values({
          slug,
          name: definition.name,
          category: definition.category,
          description: definition.description,
          unit: definition.unit,
          scaleMin: definition.scaleMin,
          scaleMax: definition.scaleMax,
          higherIsBetter: definition.higherIsBetter,
          homepage: definition.homepage,
        })
        .returning();
      run.benchmarksCreated.add(slug);
      await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType: 'Benchmark', entityId: String(row!.id), diff: diffOf(null, row!, runId), requestId });
    }
    // Record every spelling seen, so editors and later imports find the same benchmark.
    const aliases = new Set([slug, normaliseBenchmarkName(name), ...Object.keys(benchmarkAliases).filter((key) => benchmarkAliases[key] === slug)]);
    await tx
      .insert(benchmarkAliasesTable)
      .values([...aliases].map((alias) => ({ alias, benchmarkId: row!.id })))
      .onConflictDoNothing();
    const entry = { id: row!.id, definition: { ...definition, scaleMin: row!.scaleMin, scaleMax: row!.scaleMax } };
    run.benchmarks.set(slug, entry);
    return entry;
  }

  /** One model in one transaction: its row, its sources, family and benchmarks, then its facts, prices and scores. */
  async function importModel(tx: Tx, model: CatalogModel, run: ModelRun) {
    const leaf = <T>(key: string) => model.leaves.get(key) as Sourced<T> | undefined;
    const name = leaf<string>('name')!.value;
    const openWeights = leaf<boolean>('open_weights')?.value ?? false;
    const family = leaf<string>('family');
    const status = leaf<string>('status')?.value;
    const audit: Record<string, { before: unknown; after: unknown }> = {};

    // Sources: one per dataset file a number is taken from, and one per benchmark source URL.
    const wanted = new Map<string, typeof sources.$inferInsert>();
    for (const path of model.files) {
      wanted.set(fileUrl(path), { url: fileUrl(path), kind: 'AGGREGATOR_DATASET', publisher: 'models.dev', title: `models.dev — ${path}`, retrievedAt: dataset.retrievedAt });
    }
    for (const { value: entry } of model.benchmarks) {
      if (wanted.has(entry.source)) continue;
      wanted.set(entry.source, {
        url: entry.source,
        ...describeSourceUrl(entry.source),
        retrievedAt: fullDay(entry.date ?? dataset.retrievedAt),
        publishedAt: entry.date && entry.date.length === 10 ? entry.date : null,
      });
    }
    await ensureSources(tx, run, wanted);

    const familyId = family ? await ensureFamily(tx, run, familySlug(model.vendor, family.value), model.vendor) : null;
    const columns = {
      name,
      providerId: providerIds.get(model.vendor)!,
      apiModelId: model.id,
      status: status === 'deprecated' ? ('DEPRECATED' as const) : ('ACTIVE' as const),
      licenseName: leaf<string>('license')?.value ?? (openWeights ? 'Open weights' : 'Proprietary'),
      openWeights,
      inputModalities: leaf<string[]>('modalities.input')?.value ?? [],
      outputModalities: leaf<string[]>('modalities.output')?.value ?? [],
    };
    let [row] = await tx.select().from(models).where(eq(models.slug, model.slug));
    if (!row) {
      [row] = await tx.insert(models).values({ slug: model.slug, ...columns, familyId, publication: 'PUBLISHED' }).returning();
      run.counts.models.created++;
      Object.assign(audit, diffOf(null, { slug: model.slug, ...columns, familyId }, runId));
    } else if (row.curated) {
      run.counts.models.unchanged++;
    } else {
      // Which family a model belongs to is an editorial choice once made: only fill it when missing.
      const update = { ...columns, familyId: row.familyId ?? familyId };
      const before = Object.fromEntries(Object.keys(update).map((key) => [key, row![key as keyof typeof row]]));
      const changes = diffOf(before, update, runId);
      if (Object.keys(changes).length > 1) {
        await tx
          .update(models)
          .set({ ...update, version: sql`${models.version} + 1`, updatedAt: sql`now()` })
          .where(eq(models.id, row.id));
        run.counts.models.updated++;
        Object.assign(audit, changes);
      } else run.counts.models.unchanged++;
    }
    const modelId = row!.id;
    const curated = row!.curated;
    const fileCitation = (sourced: Sourced<unknown>, locator = sourced.field): Citation => ({
      sourceId: run.sources.get(fileUrl(sourced.path))!,
      locator,
      retrievedAt: dataset.retrievedAt,
    });
    /** Importer-owned: loaded by the import (not typed by a person) and citing a dataset file. */
    const fromDatasetFile = (claim: LiveClaim) => claim.origin === 'IMPORT' && claim.createdById === null && datasetPathOf(claim.sourceUrl) !== null;

    // Facts: key = fact kind.
    const factClaims: Claim[] = [];
    const factFields: [ModelFactKind, string][] = [
      ['RELEASE_DATE', 'release_date'],
      ['KNOWLEDGE_CUTOFF', 'knowledge'],
      ['CONTEXT_WINDOW', 'limit.context'],
      ['MAX_OUTPUT_TOKENS', 'limit.output'],
    ];
    for (const [fact, key] of factFields) {
      const sourced = leaf<string | number>(key);
      if (!sourced) continue;
      if (sourced.value === 0) {
        run.warnings.push({ path: sourced.path, field: key, reason: '0 (models.dev writes 0 where no limit applies): not published; a value this file gave before is retired' });
        continue;
      }
      factClaims.push({ key: fact, value: String(sourced.value), citation: fileCitation(sourced), path: sourced.path, field: key });
    }
    const limitInput = leaf<number>('limit.input');
    if (limitInput && limitInput.value > 0) {
      run.warnings.push({ path: limitInput.path, field: 'limit.input', reason: 'the catalog has no input-token limit (only context window and max output): not imported' });
    }
    const liveFacts = await liveClaims(tx, modelFacts, modelId, sql<string>`${modelFacts.fact}`, sql<string>`${modelFacts.value}`);
    const factPlan = planClaims(factClaims, liveFacts, curated, {
      mine: (existing) => fromDatasetFile(existing),
      same: (existing, claim) => existing.value === claim.value && datasetPathOf(existing.sourceUrl) === claim.path,
      retirable: (existing) => fromDatasetFile(existing) && catalog.filesRead.has(datasetPathOf(existing.sourceUrl)!),
      slot: (key) => key,
    });
    await applyPlan(tx, modelFacts, factPlan, run, run.counts.facts, audit, ({ claim, status }) => ({
      modelId,
      fact: claim.key as ModelFactKind,
      value: claim.value,
      ...claimColumns(claim.citation, status),
    }));

    // Prices: key = kind / tier / effective date (an older date is the price history).
    const priceClaims: Claim[] = [];
    const effectiveSource = leaf<string>('last_updated') ?? leaf<string>('release_date');
    const effective = fullDay(effectiveSource?.value ?? dataset.retrievedAt);
    const addPrice = (kind: PriceKind, tier: number, usd: number, sourced: Sourced<unknown>, field: string) => {
      const key = `${kind}/${tier}/${effective}`;
      if (priceClaims.some((claim) => claim.key === key)) return;
      priceClaims.push({ key, value: String(usd), citation: fileCitation(sourced, field), path: sourced.path, field });
    };
    for (const [field, kind] of priceKindByKey) {
      const sourced = leaf<number>(`cost.${field}`);
      if (sourced) addPrice(kind, 0, sourced.value, sourced, `cost.${field}`);
    }
    const tiers = leaf<Tier[]>('cost.tiers');
    for (const tier of tiers?.value ?? []) {
      for (const [field, kind] of priceKindByKey) {
        const amount = tier.prices[field];
        if (amount !== undefined) addPrice(kind, tier.size, amount, tiers!, `${tier.field}.${field}`);
      }
    }
    const livePrices = await liveClaims(
      tx,
      prices,
      modelId,
      sql<string>`${prices.kind} || '/' || ${prices.tierMinTokens} || '/' || ${prices.effectiveFrom}`,
      sql<string>`${prices.usdPerMillionTokens}::float8::text`,
    );
    for (const claim of livePrices) claim.value = String(Number(claim.value));
    const kindAndTier = (key: string) => key.split('/').slice(0, 2).join('/');
    const priceSlots = new Set(priceClaims.map((claim) => kindAndTier(claim.key)));
    const pricePlan = planClaims(priceClaims, livePrices, curated, {
      mine: (existing) => fromDatasetFile(existing),
      same: (existing, claim) => existing.value === claim.value && datasetPathOf(existing.sourceUrl) === claim.path,
      // A price of an older date is history; one whose kind and tier the file no longer lists is withdrawn.
      retirable: (existing) => fromDatasetFile(existing) && catalog.filesRead.has(datasetPathOf(existing.sourceUrl)!) && !priceSlots.has(kindAndTier(existing.key)),
      slot: kindAndTier,
      // A price of the same kind and tier that is not the importer's (an editor's, another source's)
      // is the published one whatever its date: a value from the file waits for review beside it.
      rivals: (existing, claim) => existing.key === claim.key || (kindAndTier(existing.key) === kindAndTier(claim.key) && !fromDatasetFile(existing)),
    });
    await applyPlan(tx, prices, pricePlan, run, run.counts.prices, audit, ({ claim, status }) => {
      const [kind, tier, effectiveFrom] = claim.key.split('/') as [PriceKind, string, string];
      return { modelId, kind, tierMinTokens: Number(tier), usdPerMillionTokens: Number(claim.value), effectiveFrom, ...claimColumns(claim.citation, status) };
    });

    // Scores: key = benchmark / setting; each cites the entry's own source.
    const scoreClaims: Claim[] = [];
    for (const { value: entry, path } of model.benchmarks) {
      const benchmark = await ensureBenchmark(tx, run, entry.name);
      const { scaleMin, scaleMax, name: benchmarkName } = benchmark.definition;
      if (entry.score < scaleMin || entry.score > scaleMax) {
        run.skipped.push({ path, field: `${entry.field}.score`, reason: `${entry.score} is outside the scale of ${benchmarkName} (${scaleMin} to ${scaleMax})` });
        continue;
      }
      const key = `${benchmark.id}/${settingOf(entry)}`;
      const sourceId = run.sources.get(entry.source)!;
      if (scoreClaims.some((claim) => claim.key === key && claim.citation.sourceId === sourceId)) {
        run.skipped.push({ path, field: entry.field, reason: 'a second result for the same benchmark, setting and source: only the first is imported' });
        continue;
      }
      scoreClaims.push({
        key,
        value: String(entry.score),
        citation: {
          sourceId,
          locator: `${entry.name} result for ${name}${entry.metric ? ` (${entry.metric})` : ''}${scoreLocatorMark}${path}`,
          retrievedAt: fullDay(entry.date ?? dataset.retrievedAt),
        },
        path,
        field: entry.field,
      });
    }
    const liveScores = await liveClaims(tx, scores, modelId, sql<string>`${scores.benchmarkId} || '/' || ${scores.setting}`, sql<string>`${scores.value}::text`);
    // Normalise stored numbers the way JavaScript prints them, so 72 and 72.0 compare equal.
    for (const claim of liveScores) claim.value = String(Number(claim.value));
    const recordedIn = (claim: LiveClaim) => {
      const at = claim.locator.lastIndexOf(scoreLocatorMark);
      return claim.origin === 'IMPORT' && claim.createdById === null && at >= 0 ? claim.locator.slice(at + scoreLocatorMark.length) : null;
    };
    const scorePlan = planClaims(scoreClaims, liveScores, curated, {
      mine: (existing, claim) => existing.sourceId === claim.citation.sourceId && recordedIn(existing) !== null,
      same: (existing, claim) => existing.value === claim.value,
      retirable: (existing) => catalog.filesRead.has(recordedIn(existing) ?? ''),
      slot: (key) => key,
    });
    await applyPlan(tx, scores, scorePlan, run, run.counts.scores, audit, ({ claim, status }) => {
      const slash = claim.key.indexOf('/');
      return { modelId, benchmarkId: Number(claim.key.slice(0, slash)), setting: claim.key.slice(slash + 1), value: Number(claim.value), ...claimColumns(claim.citation, status) };
    });

    if (Object.keys(audit).length) {
      await tx.insert(auditEvents).values({ actorId: null, action: 'IMPORT', entityType: 'Model', entityId: String(modelId), diff: { ...audit, run: { before: null, after: runId } }, requestId });
    }
  }
}

/** The model's live claims of one kind, with what tells the importer's own apart (origin, author, cited URL). */
async function liveClaims(tx: Tx, table: ClaimTable, modelId: number, key: ReturnType<typeof sql<string>>, value: ReturnType<typeof sql<string>>): Promise<LiveClaim[]> {
  const t = table as typeof scores;
  return tx
    .select({
      id: t.id,
      key,
      sourceId: t.sourceId,
      status: t.status,
      value,
      origin: t.origin,
      createdById: t.createdById,
      locator: t.locator,
      sourceUrl: sources.url,
    })
    .from(t)
    .innerJoin(sources, eq(sources.id, t.sourceId))
    .where(and(eq(t.modelId, modelId), inArray(t.status, liveStatuses)));
}

interface PlanRules {
  /** The live claim this importer wrote for the same slot earlier (to compare with and supersede). */
  mine: (existing: LiveClaim, claim: Claim) => boolean;
  same: (existing: LiveClaim, claim: Claim) => boolean;
  /** A live claim of the importer's that may be withdrawn when the file no longer states it. */
  retirable: (existing: LiveClaim) => boolean;
  slot: (key: string) => string;
  /** A published claim the new one would replace as the current value (default: the same key). */
  rivals?: (existing: LiveClaim, claim: Claim) => boolean;
}

/**
 * Decides each claim: unchanged when the importer already published the same value from the same file
 * (or source); a changed value supersedes the importer's old claim. Published, unless the model is
 * curated or another source's value is already the published one: then it waits for a reviewer.
 * Claims of the importer's from a file read in this run that no claim matches are retired. Claims
 * entered by editors, or citing other sources, are never touched.
 */
function planClaims(claims: Claim[], live: LiveClaim[], curated: boolean, rules: PlanRules): ClaimPlan {
  const plan: ClaimPlan = { items: [], unchanged: 0, retire: [] };
  const matched = new Map<Claim, LiveClaim>();
  const taken = new Set<number>();
  for (const claim of claims) {
    const mine = live.find((existing) => existing.key === claim.key && !taken.has(existing.id) && rules.mine(existing, claim));
    if (mine) (matched.set(claim, mine), taken.add(mine.id));
  }
  // Withdrawn first, so a value the file now cites from another page takes the published slot.
  for (const existing of live) if (!taken.has(existing.id) && rules.retirable(existing)) plan.retire.push(existing);
  const retired = new Set(plan.retire.map((claim) => claim.id));
  for (const claim of claims) {
    const mine = matched.get(claim);
    if (mine && rules.same(mine, claim)) {
      plan.unchanged++;
      continue;
    }
    const rivals = rules.rivals ?? ((existing: LiveClaim) => existing.key === claim.key);
    const publishedElsewhere = live.some((existing) => rivals(existing, claim) && existing.status === 'VERIFIED' && existing !== mine && !retired.has(existing.id));
    const status: ClaimStatus = curated || publishedElsewhere ? 'PENDING_REVIEW' : 'VERIFIED';
    plan.items.push({ claim, status, supersedes: mine });
  }
  return plan;
}

function claimColumns(citation: Citation, status: ClaimStatus) {
  return { ...citation, status, origin: 'IMPORT' as const, verifiedAt: status === 'VERIFIED' ? new Date().toISOString() : null };
}

async function writeItems<T extends ClaimTable>(tx: Tx, table: T, items: PlanItem[], toRow: (item: PlanItem) => T['$inferInsert']) {
  const t = table as typeof scores;
  const oldIds = items.flatMap((item) => (item.supersedes ? [item.supersedes.id] : []));
  // Frees the one-live-claim-per-source and one-published-value slots before the new values take them.
  if (oldIds.length) await tx.update(t).set({ status: 'SUPERSEDED', version: sql`${t.version} + 1`, updatedAt: sql`now()` }).where(inArray(t.id, oldIds));
  const inserted = await tx
    .insert(t)
    .values(items.map(toRow) as (typeof scores.$inferInsert)[])
    .returning({ id: t.id });
  for (const [index, item] of items.entries()) {
    if (item.supersedes) await tx.update(t).set({ supersededById: inserted[index]!.id }).where(eq(t.id, item.supersedes.id));
  }
}

/**
 * Writes a plan: all rows at once in a savepoint; if the database refuses one, row by row, each in
 * its own savepoint, so a refused row is reported with its field and the others are kept. Counts
 * only what was written.
 */
async function applyPlan<T extends ClaimTable>(
  tx: Tx,
  table: T,
  plan: ClaimPlan,
  run: ModelRun,
  count: Count,
  audit: Record<string, { before: unknown; after: unknown }>,
  toRow: (item: PlanItem) => T['$inferInsert'],
) {
  const t = table as typeof scores;
  count.unchanged += plan.unchanged;
  if (plan.retire.length) {
    await tx
      .update(t)
      .set({ status: 'RETIRED', version: sql`${t.version} + 1`, updatedAt: sql`now()` })
      .where(inArray(t.id, plan.retire.map((claim) => claim.id)));
    count.retired += plan.retire.length;
    for (const claim of plan.retire) audit[`retired ${claim.key} (claim ${claim.id})`] = { before: claim.value, after: null };
  }
  let written: PlanItem[] = [];
  if (plan.items.length) {
    try {
      await tx.transaction((savepoint) => writeItems(savepoint, table, plan.items, toRow));
      written = plan.items;
    } catch (error) {
      if (!postgresErrorOf(error)) throw error;
      for (const item of plan.items) {
        try {
          await tx.transaction((savepoint) => writeItems(savepoint, table, [item], toRow));
          written.push(item);
        } catch (rowError) {
          if (!postgresErrorOf(rowError)) throw rowError;
          run.skipped.push(refusal(rowError, item.claim.path, item.claim.field));
        }
      }
    }
  }
  for (const item of written) {
    if (item.supersedes) count.updated++;
    else count.created++;
    if (item.status === 'PENDING_REVIEW') run.heldForReview++;
    audit[`${item.claim.field} (${item.claim.path})`] = { before: item.supersedes?.value ?? null, after: item.claim.value };
  }
}

/** Changed fields as `{ field: { before, after } }`, plus the run that made them. */
/** The audit diff of an imported row (server/catalog/audit.ts `diffRows`), tagged with the run. */
function diffOf(before: Record<string, unknown> | null, after: Record<string, unknown>, runId: string) {
  return { run: { before: null, after: runId }, ...diffRows(before, after) };
}

/** Models missing from the tree listed one by one in the summary; the rest are counted. */
const maxMissingListed = 20;

/**
 * Models with a live claim this importer made citing a file of `repository` (any commit), none of
 * whose cited files were seen in this run: slug and the first cited file.
 */
async function modelsNotInTree(handle: DatabaseHandle, repository: string, datasetPathOf: (url: string) => string | null, seen: Set<string>) {
  const rows = await handle.raw.query<{ slug: string; url: string }>(
    `select m.slug, s.url
       from models m
       join (select model_id, source_id from model_facts where origin = 'IMPORT' and created_by is null and status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')
             union
             select model_id, source_id from prices where origin = 'IMPORT' and created_by is null and status in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')) c on c.model_id = m.id
       join sources s on s.id = c.source_id
      where left(s.url, $1) = $2
      order by m.slug, s.url`,
    [repository.length + 6, `${repository}/blob/`],
  );
  const files = new Map<string, string[]>();
  for (const row of rows) {
    const path = datasetPathOf(row.url);
    if (path === null) continue;
    const list = files.get(row.slug) ?? [];
    list.push(path);
    files.set(row.slug, list);
  }
  const result: { slug: string; path: string }[] = [];
  for (const [slug, paths] of files) if (!paths.some((path) => seen.has(path))) result.push({ slug, path: paths[0]! });
  return result;
}

/** What the catalog holds, counted after the run's transactions committed. */
async function countCatalog(handle: DatabaseHandle): Promise<ImportSummary['totals']> {
  const [row] = await handle.raw.query<Record<string, number | string>>(
    `select (select count(*) from providers) as providers, (select count(*) from model_families) as families,
            (select count(*) from models) as models, (select count(*) from model_facts) as facts,
            (select count(*) from prices) as prices, (select count(*) from benchmarks) as benchmarks,
            (select count(*) from scores) as scores, (select count(*) from sources) as sources,
            (select count(*) from model_facts where status = 'VERIFIED') as published_facts,
            (select count(*) from prices where status = 'VERIFIED') as published_prices,
            (select count(*) from scores where status = 'VERIFIED') as published_scores`,
  );
  const n = (key: string) => Number(row![key]);
  return {
    providers: n('providers'),
    families: n('families'),
    models: n('models'),
    facts: n('facts'),
    prices: n('prices'),
    benchmarks: n('benchmarks'),
    scores: n('scores'),
    sources: n('sources'),
    published: { facts: n('published_facts'), prices: n('published_prices'), scores: n('published_scores') },
  };
}

/** True when a run should end with a non-zero status: something was skipped or refused. */
export const importHasProblems = (summary: ImportSummary) => summary.skipped.length > 0;

/** One line per figure, then every skipped entry (file [field]: reason) and the warnings. */
export function formatSummary(summary: ImportSummary, { listWarnings = true }: { listWarnings?: boolean } = {}): string {
  const row = (label: string, count: Count) =>
    `  ${label.padEnd(11)} ${String(count.created).padStart(5)} created ${String(count.updated).padStart(5)} updated ${String(count.unchanged).padStart(5)} unchanged ${String(count.retired).padStart(5)} retired`;
  const line = (problem: Problem) => `  - ${problem.path}${problem.field ? ` [${problem.field}]` : ''}: ${problem.reason}`;
  const { dataset, totals } = summary;
  const lines = [
    ...dataset.warnings,
    `dataset: ${dataset.repository} at ${dataset.pinned ? dataset.commit : `${dataset.commit} (NOT PINNED)`}, retrieved ${dataset.retrievedAt}; run ${summary.runId}`,
    `files: ${summary.filesSeen} seen, ${summary.filesRead} read, ${summary.filesSeen - summary.filesRead} not read`,
    row('providers', summary.providers),
    row('families', summary.families),
    row('models', summary.models),
    row('facts', summary.facts),
    row('prices', summary.prices),
    row('benchmarks', summary.benchmarks),
    row('scores', summary.scores),
    row('sources', summary.sources),
    `held for review (not published): ${summary.heldForReview}`,
    `in the database now: ${totals.providers} providers, ${totals.families} families, ${totals.models} models, ${totals.facts} facts (${totals.published.facts} published), ` +
      `${totals.prices} prices (${totals.published.prices} published), ${totals.benchmarks} benchmarks, ${totals.scores} scores (${totals.published.scores} published), ${totals.sources} sources`,
    `skipped: ${summary.skipped.length}`,
    ...summary.skipped.map(line),
    `warnings: ${summary.warnings.length}`,
  ];
  if (listWarnings) lines.push(...summary.warnings.map(line));
  else {
    const byReason = new Map<string, number>();
    for (const warning of summary.warnings) byReason.set(`${warning.field?.replace(/\[\d+\]/g, '[]') ?? ''}: ${warning.reason}`, (byReason.get(`${warning.field?.replace(/\[\d+\]/g, '[]') ?? ''}: ${warning.reason}`) ?? 0) + 1);
    for (const [reason, n] of byReason) lines.push(`  - ${n} × ${reason}`);
  }
  return lines.join('\n');
}
