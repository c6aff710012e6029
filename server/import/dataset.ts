import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isPublicHttpUrl } from '../catalog/inputs.ts';

/** Which snapshot of models.dev the numbers are cited from. */
export interface DatasetInfo {
  repository: string;
  commit: string;
  /** The day the dataset was taken (the commit date): every number citing it was retrieved then. */
  retrievedAt: string;
}

export const defaultRepository = 'https://github.com/anomalyco/models.dev';

/** A problem with what the user asked for (a bad flag, a missing path): the CLI prints it and exits non-zero. */
export class ImportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportInputError';
  }
}

/** The current UTC day, YYYY-MM-DD. */
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Why a dataset date is not acceptable, or null when it is: YYYY-MM or YYYY-MM-DD, a real calendar
 * day, a year from 1900 and not after today (a retrieval or a release cannot lie ahead).
 */
export function dateProblem(value: string, { dayOnly = false } = {}): string | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match || (dayOnly && !match[3])) return dayOnly ? `"${value}" is not a date: use YYYY-MM-DD` : `"${value}" is not a date: use YYYY-MM or YYYY-MM-DD`;
  const [, year, month, dayOfMonth] = match;
  if (Number(year) < 1900 || Number(year) > 2200) return `"${value}": use a year from 1900 to 2200`;
  if (Number(month) < 1 || Number(month) > 12) return `"${value}" is not a real date (month ${month})`;
  if (dayOfMonth !== undefined) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(value)) return `"${value}" is not a real calendar day`;
  }
  const now = today();
  if (value > now.slice(0, value.length)) return `"${value}" is in the future (today is ${now})`;
  return null;
}

const commitPattern = /^[0-9a-f]{7,40}$/;

/**
 * Why a repository URL cannot be cited, or null: every number cites a URL under it, so it obeys the
 * rule of any source URL (server/catalog/inputs.ts isPublicHttpUrl: no credentials, no loopback,
 * private, link-local or metadata host) and is a plain https://host/owner/name (no query, markup or spaces).
 */
export function repositoryProblem(repository: string): string | null {
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~-]+)+$/.test(repository)) {
    return 'is not an https URL of a repository (https://host/owner/name: letters, digits, ".", "_", "~", "-"; no credentials, query, spaces or markup)';
  }
  if (!isPublicHttpUrl(repository)) return 'is not a public address (no loopback, private, link-local or metadata host)';
  return null;
}

/** Reads dataset.json (written when a snapshot is taken): what the files are and when they were taken. */
export function readDatasetInfo(root: string): Partial<DatasetInfo> {
  let text: string;
  try {
    text = readFileSync(join(root, 'dataset.json'), 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportInputError(`${join(root, 'dataset.json')} is not valid JSON: ${(error as Error).message}`);
  }
  const info = (data ?? {}) as Record<string, unknown>;
  const result: Partial<DatasetInfo> = {};
  for (const key of ['repository', 'commit', 'retrievedAt'] as const) {
    if (info[key] === undefined) continue;
    if (typeof info[key] !== 'string') throw new ImportInputError(`${join(root, 'dataset.json')}: "${key}" must be a string`);
    result[key] = info[key];
  }
  return result;
}

function git(root: string, ...args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** `git@github.com:owner/repo.git` or `https://github.com/owner/repo(.git)` → `https://github.com/owner/repo`; null otherwise. */
export function githubUrl(remote: string): string | null {
  const match = /^(?:git@github\.com:|(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim());
  return match ? `https://github.com/${match[1]}/${match[2]}` : null;
}

/** What a git checkout at PATH says about itself (only when PATH is the top of the checkout, not a folder inside another project). */
function detectFromGit(root: string): { commit?: string; retrievedAt?: string; repository?: string; dirty: boolean } | null {
  const top = git(root, 'rev-parse', '--show-toplevel');
  if (!top) return null;
  let same = false;
  try {
    same = realpathSync(top) === realpathSync(root);
  } catch {
    same = false;
  }
  if (!same) return null;
  const commit = git(root, 'rev-parse', 'HEAD') ?? undefined;
  const retrievedAt = git(root, 'log', '-1', '--format=%cs') ?? undefined;
  const remote = git(root, 'remote', 'get-url', 'origin');
  const status = git(root, 'status', '--porcelain', '--', 'models', 'providers');
  return { commit, retrievedAt, repository: (remote && githubUrl(remote)) ?? undefined, dirty: Boolean(status) };
}

export interface ResolvedDataset {
  dataset: DatasetInfo;
  /** False when no commit is known: citations then point at a branch, not at the files as read. */
  pinned: boolean;
  /** Said loudly (stderr and the summary). */
  warnings: string[];
}

/**
 * The dataset a run cites, from (in order) the options, dataset.json, the git checkout at PATH;
 * anything missing is a warning, never a silent guess. Throws ImportInputError for a bad value.
 */
export function resolveDataset(root: string, options: Partial<DatasetInfo>): ResolvedDataset {
  const warnings: string[] = [];
  const file = readDatasetInfo(root);
  const needGit = !(options.commit ?? file.commit) || !(options.retrievedAt ?? file.retrievedAt) || !(options.repository ?? file.repository);
  const fromGit = needGit ? detectFromGit(root) : null;
  const commit = options.commit ?? file.commit ?? fromGit?.commit;
  const retrievedAt = options.retrievedAt ?? file.retrievedAt ?? fromGit?.retrievedAt;
  const repository = options.repository ?? file.repository ?? fromGit?.repository;

  if (commit !== undefined && !commitPattern.test(commit)) {
    throw new ImportInputError(`commit "${commit}" is not a commit hash (7 to 40 lower-case hex digits)`);
  }
  if (retrievedAt !== undefined) {
    const problem = dateProblem(retrievedAt, { dayOnly: true });
    if (problem) throw new ImportInputError(`retrieval date ${problem}`);
  }
  const repositoryRefused = repository === undefined ? null : repositoryProblem(repository);
  if (repositoryRefused) throw new ImportInputError(`repository "${repository}" ${repositoryRefused}`);
  if (fromGit?.dirty && !options.commit && !file.commit) {
    warnings.push(`WARNING: ${root} has uncommitted changes under models/ or providers/: citations pinned to ${commit} may not match the files read`);
  }
  if (!commit) {
    warnings.push(
      'WARNING: citations are NOT pinned to a commit (no --commit, no dataset.json, not a git checkout): they point at the main branch, whose files change. Pass --commit SHA.',
    );
  }
  if (!retrievedAt) {
    warnings.push(`WARNING: no retrieval date (no --retrieved, no dataset.json, no git commit date): numbers are dated today, ${today()}. Pass --retrieved YYYY-MM-DD.`);
  }
  if (!repository) warnings.push(`note: repository not given: citations point at ${defaultRepository}`);
  return {
    dataset: { repository: repository ?? defaultRepository, commit: commit ?? 'main', retrievedAt: retrievedAt ?? today() },
    pinned: Boolean(commit),
    warnings,
  };
}
