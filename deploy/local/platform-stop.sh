#!/usr/bin/env bash
# `npm run stop`: stops the services started by platform.sh (SIGTERM: they drain), then the stack.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SERVICE_DIR="$CLEARPATH_RUN_DIR/services"
for pid_file in "$SERVICE_DIR"/*.pid; do
  [[ -f "$pid_file" ]] || continue
  pid="$(cat "$pid_file")"
  name="$(basename "$pid_file" .pid)"
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: stopping (pid $pid)"
    kill -TERM "$pid"
    wait_until 30 0.2 "$name to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
done
bash "$(dirname "${BASH_SOURCE[0]}")/stack-down.sh"
