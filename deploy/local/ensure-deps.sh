#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json, so the
# README's two commands work on a fresh clone. Sourced by platform.sh and test.sh.
ensure_deps() {
  local root="$1"
  if [[ ! -d "$root/node_modules" || ! -f "$root/node_modules/.package-lock.json" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    log "npm: installing dependencies (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    # npm ci has just put the project's Node into node_modules/.bin (first on PATH, lib.sh): look again.
    hash -r
  fi
}

# The browser tests (repayment-plan's self-service page, flow-monitor's console) drive Debian's
# Chromium through playwright-core (no browser download here); CJK fonts so zh-CN pages render.
ensure_browser() {
  local chromium="${CLEARPATH_CHROMIUM:-/usr/bin/chromium}"
  if [[ -x "$chromium" ]] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "$chromium is missing and apt-get is not available: install Chromium (and a CJK font) first"
  log "browser: installing chromium and fonts-noto-cjk (apt-get)"
  local sudo=''
  [[ "$(id -u)" == 0 ]] || sudo='sudo'
  $sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null; } ||
    die "could not install chromium and fonts-noto-cjk"
}
