/**
 * Browser tests in Debian's Chromium against the real server on a fresh embedded PostgreSQL
 * (wiped before each run, so the demo seed is what the tests see).
 */
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 54339);
// One data directory per PostgreSQL port: runs on other ports never share (or wipe) a cluster.
const dataDir = new URL(`../../.data/e2e-pg-${PG_PORT}`, import.meta.url).pathname;
const useExternalDb = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'main', testIgnore: /plans\.spec\.ts|public\.spec\.ts/ },
    // The public pages read the quarter the scores story computed: after the main project.
    { name: 'public', testMatch: /public\.spec\.ts/, dependencies: ['main'] },
    // The plans story moves the server's clock past a deadline: it runs after everything else, the public
    // pages included (their challenge deadlines are counted from today).
    { name: 'clock', testMatch: /plans\.spec\.ts/, dependencies: ['main', 'public'] },
  ],
  webServer: {
    // An external DATABASE_URL is used as is (point it at a throwaway database).
    // The production path: the compiled server (as scripts/start.sh runs it).
    command: `pnpm --filter @cchc/admin build && pnpm --filter @cchc/server build && rm -rf "${dataDir}" && pnpm --filter @cchc/server start:prod`,
    url: `http://127.0.0.1:${PORT}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    // The server stops like in production: requests and jobs finish, the embedded PostgreSQL
    // (in a session of its own) is shut down by the server, not left running.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 45_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      PG_PORT: String(PG_PORT),
      PG_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The plans test moves the server's clock past a deadline to run the nightly chasing.
      ALLOW_CLOCK_CONTROL: 'true',
      ...(useExternalDb ? {} : { DATABASE_URL: '' }),
    },
  },
});
