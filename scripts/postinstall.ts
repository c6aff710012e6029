import { buildDemoTemplate } from '../db/template.ts';
import { buildAdminIfStale } from './build-admin-if-stale.ts';

// After `npm install`: build what the first `npm start` would otherwise build while you wait — the
// admin app and the embedded database template. A failure here must not fail the install: `npm start`
// then builds them itself, only slower.
for (const [what, build] of [
  ['admin app', () => buildAdminIfStale((line) => console.log(line))],
  ['embedded database template', () => buildDemoTemplate((line) => console.log(line))],
] as const) {
  try {
    await build();
  } catch (error) {
    console.warn(`could not build the ${what} now (npm start will): ${error instanceof Error ? error.message : String(error)}`);
  }
}
