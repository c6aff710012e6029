import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Table } from './formats.ts';
import type { Problem } from './summary.ts';

// Walking the tree, the way models.dev's loader does (packages/core/src/generate.ts): every
// models/**/*.toml (id = its path under models/, without .toml) and every
// providers/<provider>/models/**/*.toml (id = its path under that models/ folder, slashes kept:
// providers/nvidia/models/deepseek-ai/deepseek-v4-pro.toml serves "deepseek-ai/deepseek-v4-pro").

// Symbolic links are not followed (a link can point out of the tree, at /etc/passwd, or at its own
// folder): only real folders and regular files inside PATH are read; a link is listed as skipped.
// models.dev's own loader globs a git checkout, which holds no links to follow.

const entryOf = (path: string) => lstatSync(path, { throwIfNoEntry: false });
export const isDirectory = (path: string) => entryOf(path)?.isDirectory() ?? false;
export const isRegularFile = (path: string) => entryOf(path)?.isFile() ?? false;

/** Deepest folder nesting read under models/ (models.dev ids have a few slashes at most). */
export const maxDepth = 16;
/** Largest file read: the biggest models.dev file is a few kB. */
export const maxFileBytes = 1024 * 1024;

const symlinkReason = 'a symbolic link: not followed (only regular files and folders inside the tree are read)';

/** The names in dir, sorted; none when it cannot be listed. */
function namesIn(dir: string): string[] | null {
  try {
    return readdirSync(dir).sort();
  } catch {
    return null;
  }
}

/** The real (not linked) folders in dir, sorted; links are reported under `prefix`. */
export function listDirs(dir: string, prefix: string, skipped: Problem[]): string[] {
  const found: string[] = [];
  for (const name of namesIn(dir) ?? []) {
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
export function walkToml(dir: string, prefix: string, skipped: Problem[], relativeDir = '', depth = 0): string[] {
  const top = entryOf(join(dir, relativeDir));
  if (top?.isSymbolicLink()) skipped.push({ path: relativeDir ? `${prefix}/${relativeDir}` : prefix, reason: symlinkReason });
  if (!top?.isDirectory()) return [];
  const found: string[] = [];
  const stack: [string, number][] = [[relativeDir, depth]];
  while (stack.length) {
    const [at, level] = stack.pop()!;
    const names = namesIn(join(dir, at));
    if (!names) continue;
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A regular file of at most maxFileBytes, as UTF-8 text; anything else is reported and read as null. */
function readText(root: string, path: string, skipped: Problem[]): string | null {
  const info = entryOf(join(root, path));
  if (!info?.isFile()) {
    skipped.push({ path, reason: info?.isSymbolicLink() ? symlinkReason : 'not a regular file: not read' });
    return null;
  }
  if (info.size > maxFileBytes) {
    skipped.push({ path, reason: `${info.size} bytes: larger than the 1 MB a models.dev file may have, not read` });
    return null;
  }
  try {
    return utf8.decode(readFileSync(join(root, path)));
  } catch (error) {
    skipped.push({ path, reason: (error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'not valid UTF-8: not read' : `cannot be read: ${(error as Error).message.split('\n')[0]}` });
    return null;
  }
}

/** A file's TOML as a table, or null (reported) when it cannot be read or parsed. */
export function readToml(root: string, path: string, skipped: Problem[]): Table | null {
  const text = readText(root, path, skipped);
  if (text === null) return null;
  try {
    return parseToml(text) as Table;
  } catch (error) {
    skipped.push({ path, reason: `not valid TOML: ${(error as Error).message.split('\n')[0]}` });
    return null;
  }
}
