#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json, so the
# README's two commands work on a fresh clone. Sourced by platform.sh and test.sh.
ensure_deps() {
  local root="$1"
  if [[ ! -d "$root/node_modules" || ! -f "$root/node_modules/.package-lock.json" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    log "npm: installing dependencies (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
}
