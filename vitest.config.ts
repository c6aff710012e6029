import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for our dependencies (it has no "exports" map); Vite would
    // pick its ESM "module" entry for our own files, and two copies of graphql refuse each other's types.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file opens its own database; two workers suit a 2-core machine.
    maxWorkers: 2,
  },
});
