# Shared helpers for deploy/local/*.sh. Source it; it does not run anything by itself.
# shellcheck shell=bash
# shellcheck disable=SC2034  # the KAFKA_* paths are used by the scripts that source this file

# Repository root, whatever the caller's working directory.
CLEARPATH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CLEARPATH_ROOT

# The project's own Node first, as `npm run` puts it for its scripts: the `node` devDependency
# (Node 24) that npm ci installs into node_modules/.bin. So a script started directly (`bash
# deploy/local/stack-up.sh`) runs the build, services, tools and tests on the same Node as
# `npm test`. Before npm ci has run there is none, and the system's node only runs npm.
case ":$PATH:" in
  *":$CLEARPATH_ROOT/node_modules/.bin:"*) ;;
  *) PATH="$CLEARPATH_ROOT/node_modules/.bin:$PATH" ;;
esac
export PATH

# Runtime state (generated configs, data, logs, pid files): gitignored.
CLEARPATH_RUN_DIR="${CLEARPATH_RUN_DIR:-$CLEARPATH_ROOT/.run}"
# Downloads kept across work trees (Kafka jars).
CLEARPATH_CACHE_DIR="${CLEARPATH_CACHE_DIR:-$HOME/.cache/clearpath}"
export CLEARPATH_RUN_DIR CLEARPATH_CACHE_DIR

KAFKA_RUN_DIR="$CLEARPATH_RUN_DIR/kafka"
KAFKA_PID_FILE="$KAFKA_RUN_DIR/kafka.pid"
KAFKA_LOG_FILE="$KAFKA_RUN_DIR/kafka.log"
KAFKA_PROPS_FILE="$KAFKA_RUN_DIR/server.properties"
KAFKA_CLUSTER_ID_FILE="$KAFKA_RUN_DIR/cluster.id"
KAFKA_DATA_DIR="$KAFKA_RUN_DIR/data"
KAFKA_POM="$CLEARPATH_ROOT/deploy/local/kafka/pom.xml"
KAFKA_LOG4J_CONFIG="$CLEARPATH_ROOT/deploy/local/kafka/log4j2.xml"
# Local broker addresses (the PLAINTEXT listener is what KAFKA_BROKERS points at).
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093

_ts() { date +%H:%M:%S; }
log() { printf '[%s] %s\n' "$(_ts)" "$*"; }
warn() { printf '[%s] WARN: %s\n' "$(_ts)" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$(_ts)" "$*" >&2
  exit 1
}

# require_project_node: stop unless `node` is the project's own (see PATH above); npm ci installs it.
require_project_node() {
  hash -r
  local found
  found="$(command -v node || true)"
  [[ "$found" == "$CLEARPATH_ROOT/node_modules/.bin/node" ]] ||
    die "node is ${found:-missing}, not the project's Node from node_modules/.bin: run npm ci (it installs it)"
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# load_env: export every KEY=VALUE of deploy/clearpath.env that the environment does not set
# already (so `KAFKA_BROKERS=... npm run stack:up` wins). Values are taken literally, as
# docker-compose's env_file reads them.
load_env() {
  local file="$CLEARPATH_ROOT/deploy/clearpath.env" line key value
  [[ -f "$file" ]] || die "missing $file"
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    [[ "$line" == *=* ]] || continue
    key="${line%%=*}"
    value="${line#*=}"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad line in $file: $line"
    if [[ -z "${!key+set}" ]]; then
      export "$key=$value"
    fi
  done <"$file"
}

# kafka_version: <kafka.version> from the POM, the single place the version is written.
kafka_version() {
  local v
  v="$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$KAFKA_POM" | head -n1)"
  [[ -n "$v" ]] || die "no <kafka.version> in $KAFKA_POM"
  printf '%s\n' "$v"
}

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# pid_alive PID: true when the process exists.
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null
}

# kafka_pid: the pid from the pid file when that process is alive and is our broker; else empty.
kafka_pid() {
  local pid
  [[ -f "$KAFKA_PID_FILE" ]] || return 0
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  pid_alive "$pid" || return 0
  # Guard against pid reuse: the process must be a JVM running kafka.Kafka.
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
    printf '%s\n' "$pid"
  fi
}

# wait_until TIMEOUT_S INTERVAL_S DESCRIPTION CMD...: poll CMD until it succeeds or time runs out.
wait_until() {
  local timeout_s="$1" interval_s="$2" what="$3"
  shift 3
  local deadline=$((SECONDS + timeout_s))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      warn "timed out after ${timeout_s}s waiting for $what"
      return 1
    fi
    sleep "$interval_s"
  done
}
