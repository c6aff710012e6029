import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// `npm run test:faults`: fault and abuse tests on a private PostgreSQL cluster, one file at a time.
export default defineConfig({
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    include: ['test/faults/**/*.test.ts', 'test/api/abuse.test.ts', 'test/api/sessions.security.test.ts', 'test/api/workflow.model.test.ts', 'test/api/permissions.test.ts'],
    // Guards against a stuck test, with room for a busy machine (see vitest.config.ts).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
