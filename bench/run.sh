#!/usr/bin/env bash
# `npm run bench`: builds, makes sure the local stack is up, runs bench/ingestion.bench.ts and prints
# its figures (summary also in bench/results/latest.json). About 3-5 minutes on two cores.
# Knobs: see the header of bench/ingestion.bench.ts (BENCH_PROFILE=1 profiles ingestion during the roll).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ts() { date +%H:%M:%S; }

echo "[$(ts)] bench: build (tsc -b tsconfig.build.json)"
tsc=node_modules/.bin/tsc
[[ -x "$tsc" ]] || tsc="npx tsc"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! $tsc -b tsconfig.build.json >"$build_log" 2>&1; then
  # Work in progress elsewhere in the monorepo should not stop the bench (tsc still emits), but a
  # type error in the bench itself or in what it runs (ingestion and the libs) does.
  if grep -Eq '^(bench|services/ingestion|libs)/' "$build_log"; then
    cat "$build_log" >&2
    echo "[$(ts)] bench: type errors in bench/, services/ingestion/ or libs/ (above)" >&2
    exit 1
  fi
  echo "[$(ts)] bench: WARN: tsc reported errors outside bench/ingestion/libs; going on:" >&2
  grep -E 'error TS' "$build_log" | head -n 5 >&2 || true
fi
[[ -f dist/bench/ingestion.bench.js && -f dist/services/ingestion/src/main.js ]] || {
  echo "bench: dist/bench/ingestion.bench.js or dist/services/ingestion/src/main.js missing after the build" >&2
  exit 1
}

echo "[$(ts)] bench: stack up (deploy/local/stack-up.sh)"
stack_log="$(mktemp)"
trap 'rm -f "$build_log" "$stack_log"' EXIT
if ! CLEARPATH_SKIP_BUILD=1 bash deploy/local/stack-up.sh >"$stack_log" 2>&1; then
  cat "$stack_log" >&2
  echo "bench: the stack did not come up (output above)" >&2
  exit 1
fi
echo "[$(ts)] bench: stack is up"
rm -f "$build_log" "$stack_log"
trap - EXIT

exec node --max-old-space-size=2048 dist/bench/ingestion.bench.js "$@"
