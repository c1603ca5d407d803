#!/bin/sh
# The one test command (README; .ci/run runs exactly this): installs what is missing (pnpm,
# Debian's Chromium and Vietnamese-capable fonts), then lint + format check, typecheck of every
# package, unit and integration tests on a real PostgreSQL, and Playwright browser tests.
set -eu
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
export CI="${CI:-1}"

if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "10.34.9" ]; then
  PNPM="pnpm"
else
  PNPM="npx -y pnpm@10.34.9"
fi

# Browser tests need Chromium and fonts with Vietnamese glyphs (see SETUP notes in README); the
# document tests read the PDF, DOCX and XLSX files back with independent tools: poppler (pdftotext,
# pdffonts, pdfinfo, pdfsig), unzip, openssl (test certificates) and LibreOffice headless.
need_apt=""
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need_apt=1; fi
if ! fc-list 2>/dev/null | grep -q "Noto Sans"; then need_apt=1; fi
for tool in pdftotext pdfsig unzip openssl soffice; do
  if ! command -v "$tool" >/dev/null 2>&1; then need_apt=1; fi
done
if [ -n "$need_apt" ]; then
  echo "Installing Chromium, fonts and the document checkers with apt…"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation2 fonts-noto-core fonts-noto-mono \
    poppler-utils unzip openssl libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null
fi

$PNPM install --frozen-lockfile
echo "== lint and format (Biome)"
$PNPM exec biome ci .
echo "== typecheck"
$PNPM exec turbo run typecheck
echo "== unit and integration tests (real PostgreSQL)"
$PNPM exec turbo run test --concurrency=2
echo "== browser tests (Playwright, Chromium)"
$PNPM --filter @cchc/e2e e2e
