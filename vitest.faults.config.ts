import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// `npm run test:faults`: fault and abuse tests on a private PostgreSQL cluster, one file at a time.
export default defineConfig({
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    include: ['test/faults/**/*.test.ts', 'test/api/abuse.test.ts', 'test/api/sessions.security.test.ts', 'test/api/workflow.model.test.ts', 'test/api/permissions.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
