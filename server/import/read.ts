import { join } from 'node:path';
import { familyNames } from './families.ts';
import type { Catalog, CatalogModel, ModelFile, ProviderFile, Sourced } from './formats.ts';
import { readModelFile, readProviderFile } from './modelFile.ts';
import type { Problem, Problems } from './summary.ts';
import { isRegularFile, listDirs, walkToml } from './tree.ts';

// The read step: the tree's files, checked entry by entry, merged into one description per model.
// Nothing here touches the database.

/** Longest catalog slug (the editors' rule, server/catalog/inputs.ts). */
export const maxSlugLength = 100;

/** Provider folders named differently from the vendor folder of their models. */
const providerToVendor = new Map([
  ['llama', 'meta'],
  ['zai', 'zhipuai'],
]);

/** models.dev's base_model inheritance leaves these out (generate.ts, inheritableModelMetadata). */
const notInherited = new Set(['license', 'links', 'weights', 'benchmarks']);

export const slugForId = (id: string) =>
  id
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[-.]+$/g, '');

/** Why a vendor or provider folder name cannot be a provider slug (the database's rule), or null. */
function folderSlugProblem(name: string): string | null {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return `"${name}" is not a provider slug (lower-case letters, digits, ".", "_" and "-", starting with a letter or digit): nothing under it is imported`;
  if (name.length > maxSlugLength) return `a provider slug has at most ${maxSlugLength} characters: nothing under it is imported`;
  return null;
}

/** What the walk has found so far: the files as read, before models are merged from them. */
interface TreeRead {
  root: string;
  problems: Problems;
  filesSeen: number;
  filesRead: Set<string>;
  seenPaths: Set<string>;
  vendors: Set<string>;
  /** models/<vendor>/<id>.toml by "<vendor>/<id>". */
  canonical: Map<string, ModelFile>;
  /** Keys of models/ files that could not be read (a base_model naming one is reported as such). */
  unreadable: Set<string>;
  providerFiles: Map<string, ProviderFile>;
  served: { vendor: string; id: string; file: ModelFile }[];
}

/**
 * Reads models/<vendor>/**.toml (the vendor's description) and providers/<provider>/models/**.toml
 * (what a provider serves, with its prices and limits). A provider file with `base_model` inherits
 * that model's fields (not its licence nor benchmarks, as models.dev does) and wins field by field;
 * a provider's file for its own vendor's model (same id) completes the vendor's file.
 */
export function readCatalog(root: string, problems: Problems): Catalog {
  const read: TreeRead = {
    root,
    problems,
    filesSeen: 0,
    filesRead: new Set(),
    seenPaths: new Set(),
    vendors: new Set(),
    canonical: new Map(),
    unreadable: new Set(),
    providerFiles: new Map(),
    served: [],
  };
  readVendorFiles(read);
  for (const provider of listDirs(join(root, 'providers'), 'providers', problems.skipped)) readProviderFolder(read, provider);
  const merged = mergeModels(read);
  prefixSharedSlugs(merged);
  const complete = importableModels(merged, problems.skipped);
  const { providerFiles, vendors, filesSeen, filesRead, seenPaths } = read;
  return { providerFiles, vendors, models: complete, filesSeen, filesRead, seenPaths, familyNames: familyNames(complete) };
}

/** models/<vendor>/**.toml: the vendors' own descriptions. */
function readVendorFiles(read: TreeRead) {
  const { root, problems } = read;
  for (const relative of walkToml(join(root, 'models'), 'models', problems.skipped)) {
    read.filesSeen++;
    const path = `models/${relative}`;
    read.seenPaths.add(path);
    const slash = relative.indexOf('/');
    if (slash < 0) {
      problems.skipped.push({ path, reason: 'not in a vendor folder (models/<vendor>/<id>.toml): no vendor to file it under' });
      continue;
    }
    const vendorProblem = folderSlugProblem(relative.slice(0, slash));
    if (vendorProblem) {
      problems.skipped.push({ path, field: 'vendor (the folder name)', reason: vendorProblem });
      continue;
    }
    const key = relative.slice(0, -5);
    const file = readModelFile(root, path, problems);
    if (!file) {
      read.unreadable.add(key);
      continue;
    }
    if (file.baseModel) {
      problems.skipped.push({ path, field: 'base_model', reason: 'base_model is for provider files (models.dev refuses it under models/)' });
      continue;
    }
    read.canonical.set(key, file);
    read.vendors.add(relative.slice(0, slash));
  }
}

/** providers/<provider>/: its provider.toml and the models it serves (models/**.toml). */
function readProviderFolder(read: TreeRead, provider: string) {
  const { root, problems } = read;
  const vendor = providerToVendor.get(provider) ?? provider;
  const providerProblem = folderSlugProblem(provider);
  if (providerProblem) return skipProviderFolder(read, provider, providerProblem);
  const modelPaths = walkToml(join(root, 'providers', provider, 'models'), `providers/${provider}/models`, problems.skipped);
  reportFilesOutsideModels(read, provider);
  for (const path of modelPaths) read.seenPaths.add(`providers/${provider}/models/${path}`);
  read.seenPaths.add(`providers/${provider}/provider.toml`);
  if (!isRegularFile(join(root, 'providers', provider, 'provider.toml'))) {
    read.filesSeen += modelPaths.length;
    for (const path of modelPaths) problems.skipped.push({ path: `providers/${provider}/models/${path}`, reason: `providers/${provider} has no provider.toml: models.dev does not load its models` });
    return;
  }
  read.filesSeen++;
  read.vendors.add(vendor);
  const providerPath = `providers/${provider}/provider.toml`;
  const providerFile = readProviderFile(root, providerPath, problems);
  if (providerFile) {
    read.providerFiles.set(vendor, providerFile);
    read.filesRead.add(providerPath);
  }
  for (const relative of modelPaths) {
    read.filesSeen++;
    const file = readModelFile(root, `providers/${provider}/models/${relative}`, problems);
    if (file) read.served.push({ vendor, id: relative.slice(0, -5), file });
  }
}

/** A folder whose name is no provider slug: every file under it counted and listed, none read. */
function skipProviderFolder(read: TreeRead, provider: string, reason: string) {
  for (const path of walkToml(join(read.root, 'providers', provider), `providers/${provider}`, [])) {
    read.filesSeen++;
    read.seenPaths.add(`providers/${provider}/${path}`);
    read.problems.skipped.push({ path: `providers/${provider}/${path}`, field: 'provider (the folder name)', reason });
  }
}

/** .toml files of a provider that are neither its provider.toml nor under models/: models.dev ignores them. */
function reportFilesOutsideModels(read: TreeRead, provider: string) {
  const outsideModels: Problem[] = [];
  const otherToml = walkToml(join(read.root, 'providers', provider), `providers/${provider}`, outsideModels).filter((path) => path !== 'provider.toml' && !path.startsWith('models/'));
  // Links under models/ were reported by the walk of models/.
  for (const problem of outsideModels) {
    if (problem.path !== `providers/${provider}/models` && !problem.path.startsWith(`providers/${provider}/models/`)) read.problems.skipped.push(problem);
  }
  for (const path of otherToml) {
    read.filesSeen++;
    read.seenPaths.add(`providers/${provider}/${path}`);
    read.problems.skipped.push({ path: `providers/${provider}/${path}`, reason: 'not a provider.toml nor under models/: models.dev does not read it' });
  }
}

function overlay(model: CatalogModel, file: ModelFile, leaves: Iterable<[string, Sourced<unknown>]> = file.leaves) {
  if (!model.files.includes(file.path)) model.files.push(file.path);
  for (const [key, value] of leaves) model.leaves.set(key, value);
}

function applyOmit(model: CatalogModel, omit: string[]) {
  for (const path of omit) for (const key of [...model.leaves.keys()]) if (key === path || key.startsWith(`${path}.`)) model.leaves.delete(key);
}

/** One model per vendor and id: the vendor's file, then each provider file over it (or over its base_model). */
function mergeModels(read: TreeRead): CatalogModel[] {
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
  for (const [key, file] of read.canonical) {
    const slash = key.indexOf('/');
    const model = modelFor(key.slice(0, slash), key.slice(slash + 1));
    model.canonical = true;
    overlay(model, file);
    for (const entry of file.benchmarks) model.benchmarks.push(entry);
    read.filesRead.add(file.path);
  }
  for (const { vendor, id, file } of read.served) {
    if (file.baseModel) {
      const base = read.canonical.get(file.baseModel);
      if (!base) {
        read.problems.skipped.push({
          path: file.path,
          field: 'base_model',
          reason: read.unreadable.has(file.baseModel) ? `its base model models/${file.baseModel}.toml could not be read` : `no file models/${file.baseModel}.toml`,
        });
        continue;
      }
      const model = modelFor(vendor, id);
      if (file.baseModel !== `${vendor}/${id}` || !model.canonical) {
        overlay(model, base, [...base.leaves].filter(([leaf]) => !notInherited.has(leaf.split('.')[0]!)));
      }
      overlay(model, file);
      applyOmit(model, file.omit);
    } else {
      overlay(modelFor(vendor, id), file);
    }
    read.filesRead.add(file.path);
  }
  return [...catalog.values()];
}

/** A slug names one model: a vendor's own model keeps the plain one, others are prefixed with their provider. */
function prefixSharedSlugs(models: CatalogModel[]) {
  const bySlug = new Map<string, CatalogModel[]>();
  for (const model of models) bySlug.set(model.slug, [...(bySlug.get(model.slug) ?? []), model]);
  for (const group of bySlug.values()) {
    if (group.length < 2) continue;
    const owners = group.filter((model) => model.canonical);
    for (const model of group) if (owners.length !== 1 || model !== owners[0]) model.slug = slugForId(`${model.vendor}-${model.slug}`);
  }
}

/** Why a named model cannot have its slug (none can be made, too long, already taken), or null. */
function slugProblem(model: CatalogModel, taken: Set<string>): string | null {
  if (!model.slug) return `no catalog slug can be made from the id "${model.id}": the model is not imported`;
  if (model.slug.length > maxSlugLength) return `the catalog slug made from the id would have ${model.slug.length} characters (at most ${maxSlugLength}): the model is not imported`;
  if (taken.has(model.slug)) return `another model already has the slug "${model.slug}": the model is not imported`;
  return null;
}

/** The models that can be catalog rows (a name, a usable slug of their own), by slug; the rest reported. */
function importableModels(models: CatalogModel[], skipped: Problem[]): CatalogModel[] {
  const taken = new Set<string>();
  const complete: CatalogModel[] = [];
  for (const model of [...models].sort((a, b) => a.slug.localeCompare(b.slug))) {
    const path = model.files.at(-1) ?? model.slug;
    if (!model.leaves.has('name')) {
      skipped.push({ path, field: 'name', reason: 'a model needs a name: the model is not imported' });
      continue;
    }
    const problem = slugProblem(model, taken);
    if (problem) {
      skipped.push({ path, reason: problem });
      continue;
    }
    taken.add(model.slug);
    complete.push(model);
  }
  return complete;
}
