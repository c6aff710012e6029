import { z } from 'zod';
import {
  benchmarkKeys,
  check,
  day,
  isTable,
  modalityList,
  modelKeysNotImported,
  plain,
  priceKeys,
  publicUrl,
  tokens,
  unpublishedCost,
  usd,
  type BenchmarkEntry,
  type Leaves,
  type ModelFile,
  type ProviderFile,
  type Table,
  type Tier,
} from './formats.ts';
import type { Problem, Problems } from './summary.ts';
import { readToml } from './tree.ts';

// One file at a time, field by field: a bad value is skipped with a reason, an unknown key is listed.

/** Unknown keys listed per file; the rest are counted in one more line. */
export const maxUnknownKeysListed = 10;

/** Keys whose value is one leaf of the model, and the check it must pass. */
const leafSchemas = new Map<string, z.ZodType<unknown>>([
  ['name', plain],
  ['family', plain],
  ['license', plain],
  ['status', z.string()],
  ['release_date', day],
  ['last_updated', day],
  ['knowledge', day],
  ['open_weights', z.boolean()],
]);

type SetLeaf = (field: string, value: unknown) => void;

/** A file's warnings, the first maxUnknownKeysListed of them listed and the rest counted in one line. */
function capWarnings(path: string, fileWarnings: Problem[], warnings: Problem[]) {
  for (let index = 0; index < fileWarnings.length && index < maxUnknownKeysListed; index++) warnings.push(fileWarnings[index]!);
  const more = fileWarnings.length - maxUnknownKeysListed;
  if (more > 0) warnings.push({ path, reason: `and ${more.toLocaleString('en-US')} more unknown keys or values not imported (not listed)` });
}

/** Reads a model file field by field: bad values are skipped with a reason, unknown keys are listed. */
export function readModelFile(root: string, path: string, problems: Problems): ModelFile | null {
  const raw = readToml(root, path, problems.skipped);
  if (!raw) return null;
  const fileWarnings: Problem[] = [];
  try {
    return readModelTable(raw, path, { skipped: problems.skipped, warnings: fileWarnings });
  } finally {
    capWarnings(path, fileWarnings, problems.warnings);
  }
}

function readModelTable(raw: Table, path: string, problems: Problems): ModelFile | null {
  const { skipped, warnings } = problems;
  const leaves: Leaves = new Map();
  const set: SetLeaf = (field, value) => {
    if (value !== undefined) leaves.set(field, { value, path, field });
  };
  const file: ModelFile = { path, leaves, omit: [], benchmarks: [] };
  for (const [key, value] of Object.entries(raw)) {
    const schema = leafSchemas.get(key);
    if (schema) {
      set(key, check(schema, value, path, key, skipped));
      continue;
    }
    switch (key) {
      case 'base_model':
        file.baseModel = check(z.string().regex(/^[\w.-]+(\/[\w.-]+)+$/, 'expected vendor/model-id'), value, path, key, skipped);
        if (file.baseModel === undefined) return null; // nothing to inherit from: the model is incomplete
        break;
      case 'base_model_omit':
        file.omit = check(z.array(z.string().min(1)), value, path, key, skipped) ?? [];
        break;
      case 'limit':
        readKnownKeys(value, key, ['context', 'input', 'output'], tokens, path, set, problems);
        break;
      case 'modalities':
        readKnownKeys(value, key, ['input', 'output'], modalityList, path, set, problems);
        break;
      case 'cost':
        readCost(value, path, set, problems);
        break;
      case 'benchmarks':
        readBenchmarks(value, path, file, problems);
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

/** A table of known keys ("limit.context", "modalities.input"), each checked by `schema`; other keys are listed. */
function readKnownKeys<T>(value: unknown, key: string, known: string[], schema: z.ZodType<T>, path: string, set: SetLeaf, { skipped, warnings }: Problems) {
  if (!isTable(value)) {
    skipped.push({ path, field: key, reason: 'expected a table' });
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    const field = `${key}.${name}`;
    if (known.includes(name)) set(field, check(schema, item, path, field, skipped));
    else warnings.push({ path, field, reason: 'unknown key: not imported' });
  }
}

function readCost(value: unknown, path: string, set: SetLeaf, problems: Problems) {
  const { skipped, warnings } = problems;
  if (!isTable(value)) {
    skipped.push({ path, field: 'cost', reason: 'expected a table' });
    return;
  }
  for (const [key, price] of Object.entries(value)) {
    const field = `cost.${key}`;
    if (priceKeys.has(key)) set(field, check(usd, price, path, field, skipped));
    else if (key === 'tiers') {
      if (Array.isArray(price)) set(field, readTiers(price, path, problems));
      else skipped.push({ path, field, reason: 'expected an array of tables' });
    } else warnings.push({ path, field, reason: unpublishedCost.get(key) ?? 'unknown key: not imported' });
  }
}

/** cost.tiers: prices from a context size on; a second tier of the same size is refused, as models.dev does. */
function readTiers(list: unknown[], path: string, problems: Problems): Tier[] {
  const tiers: Tier[] = [];
  list.forEach((tier, index) => {
    const read = readTier(tier, path, `cost.tiers[${index}]`, problems);
    if (!read) return;
    if (tiers.some((other) => other.size === read.size)) problems.skipped.push({ path, field: read.field, reason: `a second tier of ${read.size} tokens (models.dev refuses duplicate sizes)` });
    else tiers.push(read);
  });
  return tiers;
}

function readTier(tier: unknown, path: string, field: string, { skipped, warnings }: Problems): Tier | null {
  if (!isTable(tier)) {
    skipped.push({ path, field, reason: 'expected a table' });
    return null;
  }
  const size = check(z.object({ size: tokens, type: z.literal('context').optional() }), tier.tier, path, `${field}.tier`, skipped);
  if (!size) return null;
  const read: Tier = { size: size.size, prices: {}, field };
  for (const [key, amount] of Object.entries(tier)) {
    if (key === 'tier') continue;
    if (priceKeys.has(key)) {
      const checked = check(usd, amount, path, `${field}.${key}`, skipped);
      if (checked !== undefined) read.prices[key] = checked;
    } else warnings.push({ path, field: `${field}.${key}`, reason: unpublishedCost.get(key) ?? 'unknown key: not imported' });
  }
  return read;
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

function readBenchmarks(value: unknown, path: string, file: ModelFile, problems: Problems) {
  if (!Array.isArray(value)) {
    problems.skipped.push({ path, field: 'benchmarks', reason: 'expected an array of tables' });
    return;
  }
  value.forEach((entry, index) => {
    const read = readBenchmark(entry, path, `benchmarks[${index}]`, problems);
    if (read) file.benchmarks.push({ value: read, path, field: read.field });
  });
}

function readBenchmark(entry: unknown, path: string, field: string, { skipped, warnings }: Problems): BenchmarkEntry | null {
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

export function readProviderFile(root: string, path: string, problems: Problems): ProviderFile | null {
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
