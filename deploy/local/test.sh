#!/usr/bin/env bash
# `npm test`: everything the tests need, then every test. Idempotent stack start, one build,
# lint (module boundaries), type-check (tests included), unit specs, integration specs against
# the real Kafka and PostgreSQL, and the static docker-compose checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/ensure-deps.sh"
cd "$CLEARPATH_ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

ensure_deps "$CLEARPATH_ROOT"
require_project_node
log "node $(node --version) ($(command -v node))"
ensure_browser
bash deploy/local/stack-up.sh

log "lint: eslint with Nx module boundaries and type-aware promise rules; prettier"
npx nx show projects >/dev/null
npx eslint --max-warnings=0 .
npx prettier --check --log-level warn "**/*.{ts,js}"
log "typecheck: tsc --noEmit over sources and tests"
npx tsc -p tsconfig.json --noEmit
log "tests: unit specs"
npx jest --ci --selectProjects unit
log "tests: integration specs (real Kafka + PostgreSQL), one file at a time"
npx jest --ci --selectProjects integration --runInBand
