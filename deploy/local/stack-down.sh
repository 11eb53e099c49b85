#!/usr/bin/env bash
# Stops what deploy/local/stack-up.sh started: the Kafka broker, by the pid in .run/kafka/kafka.pid
# (SIGTERM for a clean shutdown, SIGKILL after 30 s). Its data stays in .run/kafka/data, so the next
# stack-up starts with the same topics and offsets (reset: rm -rf .run/kafka).
# PostgreSQL is left alone: it is the machine's own service, shared with other work; stack-up only
# started it if it was down. Running this again when nothing runs is fine.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-30}"

gone() { ! pid_alive "$1"; }

pid="$(kafka_pid)"
if [[ -z "$pid" ]]; then
  if [[ -f "$KAFKA_PID_FILE" ]]; then
    log "kafka: pid file $KAFKA_PID_FILE names no running broker; removing it"
    rm -f "$KAFKA_PID_FILE"
  else
    log "kafka: not running (no $KAFKA_PID_FILE)"
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    warn "kafka: something still answers on $KAFKA_HOST:$KAFKA_PORT, but stack-up did not start it; left alone"
  fi
else
  log "kafka: stopping broker pid $pid (SIGTERM, SIGKILL after ${KAFKA_STOP_TIMEOUT_S}s)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$KAFKA_STOP_TIMEOUT_S" 0.2 "broker pid $pid to exit" gone "$pid"; then
    warn "kafka: broker pid $pid still running; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 0.2 "broker pid $pid to die" gone "$pid" || die "kafka: pid $pid survived SIGKILL"
  fi
  rm -f "$KAFKA_PID_FILE"
  log "kafka: stopped (data kept in $KAFKA_DATA_DIR)"
fi
# The SASL_SSL broker of kafka-secure.sh, when one runs (a test that was interrupted may leave it).
if [[ -f "$CLEARPATH_RUN_DIR/kafka-secure/kafka.pid" ]]; then
  bash "$(dirname "${BASH_SOURCE[0]}")/kafka-secure.sh" down
fi
log "postgres: left running (the machine's service, not started per stack)"
