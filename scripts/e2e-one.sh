#!/usr/bin/env bash
# Builds and runs some e2e specs, one caller at a time (the build folder is shared):
#   bash scripts/e2e-one.sh tests/e2e/foundation.spec.ts
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/ortaq-e2e.lock bash -c 'npm run -s build >/dev/null && npx playwright test --reporter=list "$@"' _ "$@"
