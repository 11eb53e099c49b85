#!/usr/bin/env bash
# `npm run bench`: builds, makes sure the local stack is up, then runs bench/ingestion.bench.ts,
# bench/risk-scoring.bench.ts, bench/contact-orchestration.bench.ts, bench/repayment-plan.bench.ts
# and bench/nightly-roll.bench.ts one after the other and prints their figures (summaries in
# bench/results/latest.json, risk-scoring.json, contact-orchestration.json, repayment-plan.json and
# nightly-roll.json); the risk-scoring bench compares its throughput with the
# ingestion roll of the same invocation. About 8-11 minutes on two cores for the first three, plus
# the nightly roll (every service end to end; its length depends on NIGHTLY_LOANS, 100,000 by default).
# Knobs: BENCH_ONLY=ingestion|risk-scoring|contact-orchestration|repayment-plan|nightly-roll runs one of them; the
# others are in the headers of the bench files (BENCH_PROFILE=1 profiles the service under test during
# its roll; NIGHTLY_LOANS=1000000 for the full nightly roll, or `npm run bench -- --loans=1000000`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The project's Node 24 first on PATH (node_modules/.bin), also when this is run without npm.
# shellcheck source=deploy/local/lib.sh
source deploy/local/lib.sh
require_project_node

ts() { date +%H:%M:%S; }

only="${BENCH_ONLY:-}"
case "$only" in
  '') run_ingestion=1 run_risk=1 run_contact=1 run_plans=1 run_nightly=1 ;;
  ingestion) run_ingestion=1 run_risk=0 run_contact=0 run_plans=0 run_nightly=0 ;;
  risk-scoring) run_ingestion=0 run_risk=1 run_contact=0 run_plans=0 run_nightly=0 ;;
  contact-orchestration) run_ingestion=0 run_risk=0 run_contact=1 run_plans=0 run_nightly=0 ;;
  repayment-plan) run_ingestion=0 run_risk=0 run_contact=0 run_plans=1 run_nightly=0 ;;
  nightly-roll) run_ingestion=0 run_risk=0 run_contact=0 run_plans=0 run_nightly=1 ;;
  *) echo "bench: BENCH_ONLY must be ingestion, risk-scoring, contact-orchestration, repayment-plan or nightly-roll (or unset for all), not '$only'" >&2; exit 2 ;;
esac

echo "[$(ts)] bench: build (tsc -b tsconfig.build.json)"
tsc=node_modules/.bin/tsc
[[ -x "$tsc" ]] || tsc="npx tsc"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
# A type error in the bench itself or in what it runs (the services under test and the libs) stops it.
relevant='bench|libs'
((run_ingestion)) && relevant+='|services/ingestion'
((run_risk)) && relevant+='|services/risk-scoring'
((run_contact)) && relevant+='|services/contact-orchestration/src'
((run_plans)) && relevant+='|services/repayment-plan/src'
((run_nightly)) && relevant+='|services/[a-z-]+/src'
if ! $tsc -b tsconfig.build.json >"$build_log" 2>&1; then
  # Work in progress elsewhere in the monorepo should not stop the bench (tsc still emits).
  if grep -Eq "^($relevant)/" "$build_log"; then
    cat "$build_log" >&2
    echo "[$(ts)] bench: type errors in ${relevant//|/, } (above)" >&2
    exit 1
  fi
  echo "[$(ts)] bench: WARN: tsc reported errors outside ${relevant//|/, }; going on:" >&2
  grep -E 'error TS' "$build_log" | head -n 5 >&2 || true
fi
needed=()
((run_ingestion)) && needed+=(dist/bench/ingestion.bench.js dist/services/ingestion/src/main.js dist/services/ingestion/src/migrate.js)
((run_risk)) && needed+=(dist/bench/risk-scoring.bench.js dist/services/risk-scoring/src/main.js dist/services/risk-scoring/src/migrate.js)
((run_contact)) && needed+=(dist/bench/contact-orchestration.bench.js)
((run_plans)) && needed+=(dist/bench/repayment-plan.bench.js dist/services/repayment-plan/src/main.js)
((run_nightly)) && for s in ingestion risk-scoring contact-orchestration repayment-plan complaints; do needed+=("dist/services/$s/src/main.js" "dist/services/$s/src/migrate.js"); done
((run_nightly)) && needed+=(dist/bench/nightly-roll.bench.js)
for f in "${needed[@]}"; do
  [[ -f "$f" ]] || { echo "bench: $f missing after the build" >&2; exit 1; }
done

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

# The risk-scoring bench compares with the ingestion roll only if latest.json is from this invocation.
BENCH_INVOCATION_STARTED_AT="$(node -e 'process.stdout.write(String(Date.now()))')"
export BENCH_INVOCATION_STARTED_AT

# Each bench runs in the background so that a signal to this script reaches it (it then kills the
# service process it started) instead of waiting for it.
bench_pid=''
interrupted=0
forward() {
  interrupted=1
  [[ -n "$bench_pid" ]] && kill -TERM "$bench_pid" 2>/dev/null || true
}
trap forward INT TERM HUP
run_bench() {
  local rc=0
  node --max-old-space-size=2048 "$@" &
  bench_pid=$!
  wait "$bench_pid" || rc=$?
  while kill -0 "$bench_pid" 2>/dev/null; do wait "$bench_pid" || rc=$?; done
  bench_pid=''
  return "$rc"
}

status=0
if ((run_ingestion)); then
  run_bench dist/bench/ingestion.bench.js "$@" || status=$?
  ((interrupted)) && exit 130
fi
if ((run_risk)); then
  ((run_ingestion)) && { echo; echo "[$(ts)] bench: risk-scoring"; }
  run_bench dist/bench/risk-scoring.bench.js || status=$?
  ((interrupted)) && exit 130
fi
if ((run_contact)); then
  ((run_ingestion || run_risk)) && { echo; echo "[$(ts)] bench: contact-orchestration"; }
  run_bench dist/bench/contact-orchestration.bench.js || status=$?
  ((interrupted)) && exit 130
fi
if ((run_plans)); then
  ((run_ingestion || run_risk || run_contact)) && { echo; echo "[$(ts)] bench: repayment-plan"; }
  run_bench dist/bench/repayment-plan.bench.js || status=$?
  ((interrupted)) && exit 130
fi
if ((run_nightly)); then
  ((run_ingestion || run_risk || run_contact || run_plans)) && { echo; echo "[$(ts)] bench: nightly-roll"; }
  # Arguments after `npm run bench --` (e.g. --loans=1000000) go to the nightly roll when it runs alone.
  if ((run_ingestion)); then run_bench dist/bench/nightly-roll.bench.js || status=$?; else run_bench dist/bench/nightly-roll.bench.js "$@" || status=$?; fi
  ((interrupted)) && exit 130
fi
exit "$status"
