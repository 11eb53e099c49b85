#!/usr/bin/env bash
# Runs the migrations of every service against one database: for each services/<name>/ with a
# src/migrate.ts, `node dist/services/<name>/src/migrate.js` with DATABASE_URL as given. That URL is
# the admin connection and this is the provisioning step: each service gets (idempotently) a NOLOGIN
# owner role owning its schema, which runs the migrations, and a LOGIN runtime role with DML on its
# own tables only, SELECT and INSERT on its append-only ones (libs/persistence/src/service-roles.ts).
# Used by deploy/local/stack-up.sh (once per database) and by docker-compose's `migrate` service.
# Needs the build (`npx tsc -b tsconfig.build.json`) to have run.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/clearpath bash deploy/local/migrate-all.sh
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_env
cd "$CLEARPATH_ROOT"

db_label="${DATABASE_URL##*@}"
ran=0
shopt -s nullglob
for dir in services/*/; do
  name="$(basename "$dir")"
  if [[ ! -f "$dir/src/migrate.ts" ]]; then
    log "migrate: services/$name has no src/migrate.ts; skipped"
    continue
  fi
  js="dist/services/$name/src/migrate.js"
  [[ -f "$js" ]] || die "migrate: $js is missing; run the build (npx tsc -b tsconfig.build.json) first"
  log "migrate: $name -> $db_label"
  node "$js" || die "migrate: $name failed against $db_label"
  ran=$((ran + 1))
done
if ((ran == 0)); then
  log "migrate: no service has src/migrate.ts yet; nothing to run against $db_label"
fi
