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
    // Time limits are guards against a stuck test, not speed goals: CI once ran at load 5–10 on 2
    // cores, where a test that takes 10 s alone took over 60, and at load 12 the demo import took over 120 s. Each limit leaves room for a machine 5×
    // slower than that; no test asserts how long something took (times are reported as figures).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Each file opens its own database; two workers suit a 2-core machine.
    maxWorkers: 2,
  },
});
