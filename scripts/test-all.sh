#!/usr/bin/env bash
# The whole test suite: types, unit + integration on PGlite and on PostgreSQL, then e2e in
# Chromium against the app started the README way. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
# A fresh machine: install what the suite needs (Debian chromium, poppler-utils, npm packages).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core
	else
		echo "Please install: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && command -v pg_ctlcluster >/dev/null 2>&1; then
	pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
	for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

reports=$(mktemp -d)
status=0

step() { echo; echo "── $1"; }

step "typecheck"
npm run -s typecheck || status=1

step "unit + integration (PGlite)"
TEST_DB=pglite npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-pglite.json" || status=1

step "unit + integration (PostgreSQL at ${TEST_DATABASE_URL%%@*}@…)"
TEST_DB=postgres npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-postgres.json" || status=1

step "build"
npm run -s build || status=1

step "e2e (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json || status=1

node scripts/summarize-tests.mjs "$reports" || status=1
exit $status
