/**
 * Summary of a V8 CPU profile (node --cpu-prof): where the time goes, by function (self and total
 * time) and by package. `tsx bench/profile.ts FILE.cpuprofile` prints it; bench/run.ts --cpu-prof
 * profiles the uncached API under model-page load and includes the summary in its results.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  ms: number;
  /** Share of the busy time (everything but idle). */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  skippedMs: number;
  wallMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  selfByFunction: ProfileEntry[];
  totalByFunction: ProfileEntry[];
  selfByPackage: ProfileEntry[];
}

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function where(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return `${pkg}/${rest.slice(rest[0]!.startsWith('@') ? 2 : 1).join('/')}`;
  }
  if (url.startsWith(projectRoot)) return url.slice(projectRoot.length);
  return url || '(native)';
}

function packageOf(frame: CallFrame): string {
  if (special.has(frame.functionName)) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node (core)';
  if (!url) return '(native / V8 builtins)';
  return url.startsWith(projectRoot) ? `project: ${url.slice(projectRoot.length).split('/').slice(0, 2).join('/')}` : url;
}

const label = (frame: CallFrame) =>
  special.has(frame.functionName) ? frame.functionName : `${frame.functionName || '(anonymous)'} ${where(frame)}:${frame.lineNumber + 1}`;

/** `skipMs`: leave out the first milliseconds of the profile (start-up, module loading, warm-up). */
export function summarizeProfile(file: string, top = 25, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  let wall = 0;
  let elapsed = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsed += ms;
    if (elapsed < skipMs) continue;
    wall += ms;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gc += ms;
    const key = label(frame);
    self.set(key, (self.get(key) ?? 0) + ms);
    packages.set(packageOf(frame), (packages.get(packageOf(frame)) ?? 0) + ms);
    // Total time: each function once per sample, however often it recurses in the stack.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const current = byId.get(id)!;
      if (current.callFrame.functionName === '(root)') continue;
      const name = label(current.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const busy = wall - idle;
  const rank = (map: Map<string, number>, n: number): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / busy) * 1000) / 10 }));
  return {
    file,
    skippedMs: Math.round(skipMs),
    wallMs: Math.round(wall),
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    gcMs: Math.round(gc),
    selfByFunction: rank(self, top),
    totalByFunction: rank(total, top),
    selfByPackage: rank(packages, 20),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = [
    `CPU profile ${summary.file} (first ${summary.skippedMs} ms left out: start-up and warm-up)`,
    `  wall ${summary.wallMs} ms, busy ${summary.busyMs} ms (idle ${summary.idleMs} ms), GC ${summary.gcMs} ms`,
    '  self time by package (% of busy):',
    ...summary.selfByPackage.map((e) => `    ${e.percent.toFixed(1).padStart(5)} %  ${e.name}`),
    '  self time by function (% of busy):',
    ...summary.selfByFunction.map((e) => `    ${e.percent.toFixed(1).padStart(5)} %  ${e.name}`),
    '  total time by function (% of busy, callees included):',
    ...summary.totalByFunction.map((e) => `    ${e.percent.toFixed(1).padStart(5)} %  ${e.name}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const skip = Number(process.env.SKIP_MS ?? 0);
  for (const file of process.argv.slice(2)) console.log(formatProfile(summarizeProfile(file, 25, skip)));
}
