import { readFileSync } from 'node:fs';
import type { Figure } from './harness.ts';

// Prints the figures the fault suites recorded, each against its goal.
const all = JSON.parse(readFileSync('test-results/faults.json', 'utf8')) as Record<string, Figure[]>;
const rows = Object.entries(all).flatMap(([suite, figures]) => figures.map((figure) => ({ suite, ...figure })));
const width = Math.max(...rows.map((row) => `${row.suite}: ${row.name}`.length));
console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  goal`);
for (const row of rows) {
  console.log(`${`${row.suite}: ${row.name}`.padEnd(width)}  ${String(row.value).padStart(10)}  ${row.goal}  ${row.met ? 'ok' : 'MISSED'}`);
}
const missed = rows.filter((row) => !row.met).length;
console.log(`\n${rows.length - missed} of ${rows.length} figures meet their goal`);
process.exitCode = missed ? 1 : 0;
