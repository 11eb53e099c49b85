#!/usr/bin/env bash
# `npm start`: the whole platform on this machine. Dependencies, Kafka + PostgreSQL + migrations
# (stack-up.sh), every service in the background (logs and pids in .run/services), then a replay
# of a sample day of core-banking events. Stop with `npm run stop`.
# CLEARPATH_KAFKA_SECURE=1: the services use the SASL_SSL broker of kafka-secure.sh instead, each as
# its own principal under least-privilege ACLs (the demo day replays as its admin).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/ensure-deps.sh"
cd "$CLEARPATH_ROOT"

SERVICES=(ingestion risk-scoring contact-orchestration repayment-plan complaints flow-monitor)
SERVICE_DIR="$CLEARPATH_RUN_DIR/services"
mkdir -p "$SERVICE_DIR"

ensure_deps "$CLEARPATH_ROOT"
require_project_node
bash deploy/local/stack-up.sh
load_env
SECURE_KAFKA="${CLEARPATH_KAFKA_SECURE:-0}"
if [[ "$SECURE_KAFKA" == 1 ]]; then bash deploy/local/kafka-secure.sh up; fi
# kafka_env: the KAFKA_* variables of principal $1 on the secure broker; empty otherwise.
load_kafka_env() {
  kafka_env=()
  [[ "$SECURE_KAFKA" == 1 ]] || return 0
  mapfile -t kafka_env < <(bash deploy/local/kafka-secure.sh env "$1")
  # Without them the client would fall back to the PLAINTEXT broker of KAFKA_BROKERS.
  [[ "${#kafka_env[@]}" -gt 0 ]] || die "kafka-secure.sh has no credentials for $1"
}

port_var() { echo "$(echo "$1" | tr 'a-z-' 'A-Z_')_HTTP_PORT"; }

for service in "${SERVICES[@]}"; do
  pid_file="$SERVICE_DIR/$service.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    log "$service: already running (pid $(cat "$pid_file"))"
    continue
  fi
  log "$service: starting (log: $SERVICE_DIR/$service.log)"
  # A service connects as its own role (<SERVICE>_DATABASE_URL in deploy/clearpath.env); the admin
  # DATABASE_URL is for the migrations (stack-up.sh) and is not handed to it.
  load_kafka_env "$service"
  nohup env -u DATABASE_URL "${kafka_env[@]}" node "dist/services/$service/src/main.js" >>"$SERVICE_DIR/$service.log" 2>&1 &
  echo $! >"$pid_file"
done

for service in "${SERVICES[@]}"; do
  var="$(port_var "$service")"
  url="http://127.0.0.1:${!var}/health/ready"
  wait_until 90 0.25 "$service ready at $url" curl -fs -o /dev/null "$url" ||
    { tail -n 40 "$SERVICE_DIR/$service.log" >&2; die "$service did not become ready (log: $SERVICE_DIR/$service.log)"; }
  log "$service: ready on port ${!var}"
done

log "replaying the demo day (DEMO_LOANS=${DEMO_LOANS:-10000} loans) and simulating a collections floor"
load_kafka_env admin
env "${kafka_env[@]}" node dist/deploy/local/demo-day.js

cat <<INFO

Clearpath is running.
  console         http://127.0.0.1:${FLOW_MONITOR_HTTP_PORT}/   (operations console: pipeline, lag, DLQ replay, traces; API key dev-ops-key)
  ingestion       http://127.0.0.1:${INGESTION_HTTP_PORT}/docs   (OpenAPI; also /health/ready, /metrics)
  risk-scoring    http://127.0.0.1:${RISK_SCORING_HTTP_PORT}/docs
  contact-orch.   http://127.0.0.1:${CONTACT_ORCHESTRATION_HTTP_PORT}/docs
  repayment-plan  http://127.0.0.1:${REPAYMENT_PLAN_HTTP_PORT}/docs   (debtor self-service page: /s/<token> from an SMS)
  complaints      http://127.0.0.1:${COMPLAINTS_HTTP_PORT}/docs
  try it          curl -H 'x-api-key: dev-ops-key' http://127.0.0.1:${INGESTION_HTTP_PORT}/v1/loans/LN-SAMPLE-0002
                  curl -H 'x-api-key: dev-ops-key' http://127.0.0.1:${RISK_SCORING_HTTP_PORT}/v1/cases/LN-SAMPLE-0002/risk
                  curl -H 'x-api-key: dev-ops-key' http://127.0.0.1:${CONTACT_ORCHESTRATION_HTTP_PORT}/v1/cases/LN-SAMPLE-0002/contacts
                  curl -H 'x-api-key: dev-ops-key' http://127.0.0.1:${REPAYMENT_PLAN_HTTP_PORT}/v1/cases/LN-SAMPLE-0002/offers
                  curl -H 'x-api-key: dev-ops-key' http://127.0.0.1:${FLOW_MONITOR_HTTP_PORT}/v1/traces/LN-SAMPLE-0002
  service logs    $SERVICE_DIR/<service>.log
  Kafka           ${KAFKA_BROKERS} (log: $KAFKA_LOG_FILE)   PostgreSQL ${DATABASE_URL} (each service as its own role, clearpath_<service>)
Stop everything with: npm run stop
INFO
if [[ "$SECURE_KAFKA" == 1 ]]; then
  log "the services use the SASL_SSL broker on 127.0.0.1:${CLEARPATH_KAFKA_SECURE_PORT:-9192}, each as its own principal (bash deploy/local/kafka-secure.sh env <service>)"
fi
