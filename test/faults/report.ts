import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figuresDir, type Figure } from './harness.ts';

// Prints the figures the fault suites recorded, each against its goal; exits 1 if one is missed.
// `--loaded`: the figures come from the whole suite run in parallel workers (CI's `npm test`), where
// a loopback request's time says more about the other worker than about the server. A timing miss
// is then shown as a warning; every other figure must still meet its goal (and its test asserts it).
// `--markdown`: the same figures as the README's table.
const loaded = process.argv.includes('--loaded');

const files = readdirSync(figuresDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const rows = files.flatMap((name) => {
  const { suite, figures } = JSON.parse(readFileSync(join(figuresDir, name), 'utf8')) as { suite: string; figures: Figure[] };
  return figures.map((figure) => ({ suite, ...figure }));
});
if (process.argv.includes('--markdown')) {
  // The README's table of the latest run.
  console.log('| Suite | Figure | Value | Goal |\n|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.suite} | ${row.name} | ${row.value} | ${row.goal} |`);
  process.exit(0);
}
const verdict = (row: Figure) => (row.met ? 'ok' : loaded && row.timing ? 'missed (timing, loaded run)' : 'MISSED');
const width = Math.max(...rows.map((row) => `${row.suite}: ${row.name}`.length));
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  goal`);
for (const row of rows) {
  console.log(`${`${row.suite}: ${row.name}`.padEnd(width)}  ${String(row.value).padStart(10)}  ${row.goal}  ${verdict(row)}`);
}
const met = rows.filter((row) => row.met).length;
const failing = rows.filter((row) => verdict(row) === 'MISSED').length;
console.log(`\n${met} of ${rows.length} figures meet their goal${rows.length - met - failing ? `; ${rows.length - met - failing} timing figures missed under the parallel run's load (npm run test:faults measures them serially)` : ''}`);
process.exitCode = failing || rows.length === 0 ? 1 : 0;
