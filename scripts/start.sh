#!/bin/sh
# Installs dependencies, builds the admin app and starts the server with its worker.
# With DATABASE_URL unset it runs an embedded PostgreSQL under .data/pg and seeds demo data.
set -e
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "10.34.9" ]; then
  PNPM="npx -y pnpm@10.34.9"
else
  PNPM="pnpm"
fi
$PNPM install --frozen-lockfile
$PNPM --filter @cchc/admin build
# The server runs as compiled JavaScript (esbuild bundle, apps/server/build.mjs); tsx is for development and tests.
$PNPM --filter @cchc/server build
# exec: SIGTERM/SIGINT reach the server itself, which finishes requests and jobs, then stops PostgreSQL.
cd apps/server
exec node --enable-source-maps dist/main.js "$@"
