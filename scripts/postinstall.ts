import { buildAdminIfStale } from './build-admin-if-stale.ts';

// After `npm install`: build what the first `npm start` would otherwise build while you wait — the
// admin app and the embedded database template. A failure here must not fail the install: `npm start`
// then builds them itself, only slower.
// The two builds share nothing (admin/dist; node_modules/.cache/sourced), so they run side by side:
// the admin build (Vite, a child process) starts first, while this process loads PGlite, the
// migrations and the import code and builds the template (`npm run bench -- --only first-hour`
// times both).
const attempt = async (what: string, build: () => Promise<unknown>) => {
  try {
    await build();
  } catch (error) {
    console.warn(`could not build the ${what} now (npm start will): ${error instanceof Error ? error.message : String(error)}`);
  }
};
await Promise.all([
  attempt('admin app', () => buildAdminIfStale((line) => console.log(line))),
  attempt('embedded database template', async () => {
    const { buildDemoTemplate } = await import('../server/import/template.ts');
    await buildDemoTemplate((line) => console.log(line));
  }),
]);
