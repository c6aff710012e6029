import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * One process at a time per PGlite data directory. PGlite keeps the database in its own memory and
 * writes files without any lock of its own (it even ignores the postmaster.pid it writes), so a second
 * process opening the same directory works on its own copy: what it writes is lost, and may damage
 * the first one's. Every opener (db/client.ts `openPglite`) takes this lock first.
 *
 * The lock is a file in the directory holding the holder's pid, made with an atomic link (so it is
 * never seen half-written), and removed when the handle closes or the process exits. A lock left by a
 * process that died (killed, crashed, the machine restarted) is recognised as stale and taken over:
 * its pid is no longer running, or (Linux) a process runs under that pid but started at another time
 * or on an earlier boot (a restarted container reuses the same small pids). Nothing depends on timers:
 * a holder whose event loop is blocked by a long statement (PGlite runs SQL on the main thread) keeps
 * its lock.
 */
export const lockFileName = 'sourced.lock';

interface LockRecord {
  pid: number;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTime: string | null;
  /** Linux: /proc/sys/kernel/random/boot_id. */
  bootId: string | null;
  /** The script the holder runs (server/main.ts, scripts/create-user.ts …). */
  command: string;
  since: string;
  nonce: string;
}

export interface DataDirHolder {
  pid: number | null;
  command: string | null;
  since: string | null;
}

/** The data directory could not be locked for this process: its message says why and what to do. */
export class DataDirLockError extends Error {}

/** A second process (or a second handle) asked for a data directory another one has open. */
export class DataDirInUseError extends DataDirLockError {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder,
    readonly lockFile: string,
  ) {
    const who = holder.pid === null ? 'pid unknown' : `pid ${holder.pid}${holder.command ? `, ${holder.command}` : ''}${holder.since ? `, since ${holder.since}` : ''}`;
    super(
      `The embedded database in ${dataDir} is in use by another Sourced process (${who}). ` +
        'PGlite lets one process at a time open a data directory: what a second one wrote would be lost. ' +
        'Stop `npm start` first, or use DATABASE_URL with PostgreSQL. ' +
        `(The lock ${lockFile} goes away when that process ends; a lock left by a process that is no longer running is taken over.)`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Locks held by this process: path → the exact text written, released at exit. */
const held = new Map<string, string>();
let exitHookInstalled = false;

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTimeOf(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function bootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

function parse(text: string): LockRecord | null {
  try {
    const record = JSON.parse(text) as LockRecord;
    return Number.isInteger(record?.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

/** True while the process that wrote `record` may still be running. */
function holderIsRunning(record: LockRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    // EPERM: a process of another user runs under that pid.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const currentBoot = bootId();
  if (record.bootId && currentBoot && record.bootId !== currentBoot) return false;
  if (record.startTime) {
    const startTime = startTimeOf(record.pid);
    if (startTime !== null && startTime !== record.startTime) return false;
  }
  return true;
}

/** Creates the lock file whole or not at all; false when one exists. */
function tryCreate(dir: string, path: string, text: string, nonce: string): boolean {
  const staged = join(dir, `.${lockFileName}.${process.pid}.${nonce}`);
  writeFileSync(staged, text, { flag: 'wx' });
  try {
    linkSync(staged, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: an exclusive create (a reader may see it empty for a moment,
    // which counts as held).
    try {
      writeFileSync(path, text, { flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    try {
      unlinkSync(staged);
    } catch {
      // already gone
    }
  }
}

/**
 * Removes a stale lock, unless someone replaced it since it was read: it is first moved aside
 * (atomic, only one remover wins), then compared with what was judged stale, and put back if it differs.
 */
function removeStale(dir: string, path: string, staleText: string): void {
  const aside = join(dir, `.${lockFileName}.stale.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it first
  }
  const moved = readProc(aside);
  if (moved !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // someone took the directory meanwhile: theirs stands
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

function releaseAll(): void {
  for (const [path, text] of held) {
    held.delete(path);
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // removed already
    }
  }
}

/**
 * Takes the directory for this process, or throws `DataDirInUseError` naming the holder. Release it
 * when the database closes; it is released at exit in any case, and a lock outliving its process
 * (SIGKILL, a crash) does not block the next opener.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const path = join(dir, lockFileName);
  const nonce = randomBytes(8).toString('hex');
  const record: LockRecord = {
    pid: process.pid,
    startTime: startTimeOf(process.pid),
    bootId: bootId(),
    command: process.argv[1] ? relative(process.cwd(), process.argv[1]) || process.argv[1] : 'node',
    since: new Date().toISOString(),
    nonce,
  };
  const text = `${JSON.stringify(record)}\n`;
  let holder: DataDirHolder = { pid: null, command: null, since: null };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(dir, path, text, nonce)) {
      held.set(path, text);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', releaseAll);
      }
      return {
        path,
        release() {
          if (held.get(path) !== text) return;
          held.delete(path);
          try {
            if (readFileSync(path, 'utf8') === text) unlinkSync(path);
          } catch {
            // removed already
          }
        },
      };
    }
    // Something that is not a file in the lock's place was not written by us and ends with no process:
    // an empty directory is taken over, anything else is named for what it is.
    const entry = lstatSync(path, { throwIfNoEntry: false });
    if (entry && !entry.isFile()) {
      if (entry.isDirectory()) {
        try {
          rmdirSync(path);
          continue;
        } catch {
          // not empty (or removed meanwhile)
        }
      }
      if (lstatSync(path, { throwIfNoEntry: false })) {
        const what = entry.isDirectory() ? 'a directory' : entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
        throw new DataDirLockError(`${path} is ${what}, not the lock file Sourced writes there: no Sourced process holds ${dir}. Move it away, then start again.`);
      }
      continue;
    }
    const existing = readProc(path);
    if (existing === null) continue; // released meanwhile: try again
    const other = parse(existing);
    if (!other) {
      // Half-written (a file system without links) or damaged: held unless it has been so for a while.
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age < 10_000) throw new DataDirInUseError(dir, holder, path);
      removeStale(dir, path, existing);
      continue;
    }
    holder = { pid: other.pid, command: other.command ?? null, since: other.since ?? null };
    if (holderIsRunning(other)) throw new DataDirInUseError(dir, holder, path);
    removeStale(dir, path, existing);
  }
  throw new DataDirInUseError(dir, holder, path);
}
