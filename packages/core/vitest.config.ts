import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../db/src/test-global-setup.ts'],
    maxWorkers: 2,
    // A guard against hangs, not a speed target: the report tests render PDF/DOCX and convert them with
    // LibreOffice, which takes tens of seconds on a busy 2-core machine (benchmarks hold speed targets).
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
