#!/usr/bin/env bash
# A second, locked-down Kafka broker on this machine, beside the PLAINTEXT dev broker (which it does
# not touch): SASL_SSL only (SCRAM-SHA-512 over TLS) on 127.0.0.1:9192, the controller listener on
# 127.0.0.1:9193 (TLS with client certificates), StandardAuthorizer with super user `admin`, one
# SCRAM user per service (and `core-banking`, the lender), and the ACLs of deploy/local/kafka-acls.ts:
# each principal writes only its own topics, reads only what it consumes, uses only its own group.
#
#   kafka-secure.sh up              start it if it is not running, create the registry's topics,
#                                   apply the ACLs (idempotent; prints how to connect)
#   kafka-secure.sh env PRINCIPAL   KEY=VALUE lines a client of PRINCIPAL needs (admin, ingestion, ...):
#                                   set -a; . <(bash deploy/local/kafka-secure.sh env ingestion); set +a
#   kafka-secure.sh status          exit 0 when it runs
#   kafka-secure.sh down            stop it (SIGTERM, SIGKILL after 30 s); data kept
#   kafka-secure.sh reset           stop it and delete its state (certificates, passwords, data)
#
# Everything lives in $CLEARPATH_RUN_DIR/kafka-secure (mode 700): tls/ (a CA and the broker's key
# and certificate, made with openssl; clients trust tls/ca.pem), credentials (generated passwords,
# mode 600), server.properties, data/, kafka.log, kafka.pid. The broker jars are the ones
# stack-up.sh cached; the TypeScript tools come from dist/ (npm run build).
# Ports: CLEARPATH_KAFKA_SECURE_PORT (9192), CLEARPATH_KAFKA_SECURE_CONTROLLER_PORT (9193).
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CLEARPATH_ROOT"

SECURE_PORT="${CLEARPATH_KAFKA_SECURE_PORT:-9192}"
SECURE_CONTROLLER_PORT="${CLEARPATH_KAFKA_SECURE_CONTROLLER_PORT:-9193}"
SECURE_DIR="$CLEARPATH_RUN_DIR/kafka-secure"
SECURE_TLS_DIR="$SECURE_DIR/tls"
SECURE_DATA_DIR="$SECURE_DIR/data"
SECURE_PROPS="$SECURE_DIR/server.properties"
SECURE_PID_FILE="$SECURE_DIR/kafka.pid"
SECURE_LOG="$SECURE_DIR/kafka.log"
SECURE_CREDENTIALS="$SECURE_DIR/credentials"
# The principals the storage was formatted with (SCRAM users are written at format time).
SECURE_FORMATTED_FOR="$SECURE_DIR/formatted-for"
SECURE_BROKERS="$KAFKA_HOST:$SECURE_PORT"
SECURE_WAIT_TIMEOUT_S="${KAFKA_WAIT_TIMEOUT_S:-90}"
SECURE_STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-30}"
KAFKA_LIBS="$CLEARPATH_CACHE_DIR/kafka-$(kafka_version)/libs"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ADMIN=admin
SCRAM=SCRAM-SHA-512

secure_pid() {
  local pid
  [[ -f "$SECURE_PID_FILE" ]] || return 0
  pid="$(cat "$SECURE_PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" || return 0
  # Guard against pid reuse: a JVM running kafka.Kafka on this broker's properties.
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $SECURE_PROPS"; then
    printf '%s\n' "$pid"
  fi
}

check_tools() {
  command -v "$JAVA" >/dev/null || die "java not found"
  command -v openssl >/dev/null || die "openssl not found (it makes the CA and the broker certificate)"
  compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null ||
    die "no broker jars in $KAFKA_LIBS: run deploy/local/stack-up.sh once (it fetches them)"
  [[ -f dist/deploy/local/kafka-acls.js && -f dist/deploy/local/kafka-admin.js ]] ||
    die "dist/deploy/local/kafka-acls.js is missing: npm run build"
}

# The SASL users: admin, then every principal of the ACL table.
principals() {
  printf '%s\n' "$ADMIN"
  node dist/deploy/local/kafka-acls.js principals
}

password_of() {
  local name="$1" line_name line
  [[ -f "$SECURE_CREDENTIALS" ]] || return 1
  while IFS=' ' read -r line_name line; do
    [[ "$line_name" == "$name" ]] && { printf '%s\n' "$line"; return 0; }
  done <"$SECURE_CREDENTIALS"
  return 1
}

# A password per principal, generated once; letters and digits only, so it needs no quoting.
ensure_credentials() {
  local name
  touch "$SECURE_CREDENTIALS"
  chmod 600 "$SECURE_CREDENTIALS"
  for name in "$@"; do
    password_of "$name" >/dev/null && continue
    printf '%s %s\n' "$name" "$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c 40)" >>"$SECURE_CREDENTIALS"
  done
}

ensure_certificates() {
  [[ -s "$SECURE_TLS_DIR/ca.pem" && -s "$SECURE_TLS_DIR/broker.pem" ]] &&
    openssl x509 -checkend 86400 -noout -in "$SECURE_TLS_DIR/ca.pem" >/dev/null &&
    openssl x509 -checkend 86400 -noout -in "$SECURE_TLS_DIR/broker.crt" >/dev/null && return 0
  log "kafka-secure: making a CA and the broker's certificate (openssl) in $SECURE_TLS_DIR"
  rm -rf "$SECURE_TLS_DIR"
  mkdir -p "$SECURE_TLS_DIR"
  chmod 700 "$SECURE_TLS_DIR"
  (
    cd "$SECURE_TLS_DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -subj "/CN=Clearpath local Kafka CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=kafka-broker" -keyout broker.key -out broker.csr 2>/dev/null
    # serverAuth for clients; clientAuth because the broker also logs in to its own controller listener with it.
    printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth" >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
      -days 365 -sha256 -extfile broker.ext -out broker.crt 2>/dev/null
    # Kafka's PEM key store: the PKCS#8 key, then the certificate chain.
    cat broker.key broker.crt ca.pem >broker.pem
    rm -f broker.csr broker.ext
    chmod 600 ca.key broker.key broker.pem
  ) || die "kafka-secure: openssl could not make the certificates"
}

write_properties() {
  local tmp="$SECURE_PROPS.tmp"
  (
    umask 077
    {
      echo "# Generated by deploy/local/kafka-secure.sh; edits are lost. Holds the admin password: mode 600."
      echo "process.roles=broker,controller"
      echo "node.id=1"
      echo "controller.quorum.bootstrap.servers=$KAFKA_HOST:$SECURE_CONTROLLER_PORT"
      echo "listeners=SASL_SSL://$KAFKA_HOST:$SECURE_PORT,CONTROLLER://$KAFKA_HOST:$SECURE_CONTROLLER_PORT"
      echo "advertised.listeners=SASL_SSL://$KAFKA_HOST:$SECURE_PORT,CONTROLLER://$KAFKA_HOST:$SECURE_CONTROLLER_PORT"
      echo "controller.listener.names=CONTROLLER"
      echo "inter.broker.listener.name=SASL_SSL"
      echo "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL"
      echo "log.dirs=$SECURE_DATA_DIR"
      echo
      echo "# Clients: SCRAM-SHA-512 over TLS; the broker talks to itself as admin."
      echo "sasl.enabled.mechanisms=$SCRAM"
      echo "sasl.mechanism.inter.broker.protocol=$SCRAM"
      echo "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$ADMIN\" password=\"$(password_of "$ADMIN")\";"
      echo "ssl.keystore.type=PEM"
      echo "ssl.keystore.location=$SECURE_TLS_DIR/broker.pem"
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$SECURE_TLS_DIR/ca.pem"
      echo "# The controller listener takes only certificates of this CA (the broker's own, CN=kafka-broker)."
      echo "listener.name.controller.ssl.client.auth=required"
      echo
      echo "# Nothing is allowed unless an ACL allows it; admin and the broker itself are super users."
      echo "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
      echo "super.users=User:$ADMIN;User:CN=kafka-broker"
      echo "allow.everyone.if.no.acl.found=false"
      echo
      cat "$CLEARPATH_ROOT/deploy/local/kafka/broker.properties"
    } >"$tmp"
  )
  mv "$tmp" "$SECURE_PROPS"
}

# SCRAM users are written into the metadata log when the storage is formatted (KRaft bootstrap
# records), so the storage is formatted again, empty, when the list of principals changed.
format_storage() {
  local wanted="$1" id args=() name
  if [[ -f "$SECURE_DATA_DIR/meta.properties" && -f "$SECURE_FORMATTED_FOR" && "$(cat "$SECURE_FORMATTED_FOR")" == "$wanted" ]]; then
    return
  fi
  [[ -d "$SECURE_DATA_DIR" ]] && log "kafka-secure: the principals changed; formatting the storage again (its topics are recreated)"
  rm -rf "$SECURE_DATA_DIR" "$SECURE_FORMATTED_FOR"
  id="$("$JAVA" -Xmx128m -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" \
    kafka.tools.StorageTool random-uuid 2>>"$SECURE_DIR/format.log" | tail -n1)"
  [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka-secure: StorageTool random-uuid printed '$id' (see $SECURE_DIR/format.log)"
  while IFS= read -r name; do
    args+=(--add-scram "$SCRAM=[name=$name,password=$(password_of "$name")]")
  done <<<"$wanted"
  log "kafka-secure: formatting $SECURE_DATA_DIR with $(wc -l <<<"$wanted") SCRAM users"
  if ! "$JAVA" -Xmx256m -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" \
    kafka.tools.StorageTool format --standalone -t "$id" -c "$SECURE_PROPS" "${args[@]}" \
    >>"$SECURE_DIR/format.log" 2>&1; then
    tail -n 20 "$SECURE_DIR/format.log" | grep -v 'password=' >&2 || true
    die "kafka-secure: formatting the storage failed (log: $SECURE_DIR/format.log)"
  fi
  printf '%s\n' "$wanted" >"$SECURE_FORMATTED_FOR"
}

start_broker() {
  local wanted pid
  if port_open "$KAFKA_HOST" "$SECURE_PORT" || port_open "$KAFKA_HOST" "$SECURE_CONTROLLER_PORT"; then
    die "kafka-secure: port $SECURE_PORT or $SECURE_CONTROLLER_PORT is taken by another process (CLEARPATH_KAFKA_SECURE_PORT / _CONTROLLER_PORT move them)"
  fi
  mkdir -p "$SECURE_DIR"
  chmod 700 "$SECURE_DIR"
  wanted="$(principals)" || die "kafka-secure: could not list the principals (node dist/deploy/local/kafka-acls.js principals)"
  # shellcheck disable=SC2086  # one principal a line, no spaces
  ensure_credentials $wanted
  ensure_certificates
  write_properties
  format_storage "$wanted"
  rm -f "$SECURE_PID_FILE"
  [[ -f "$SECURE_LOG" ]] && mv -f "$SECURE_LOG" "$SECURE_LOG.1"
  log "kafka-secure: starting the SASL_SSL broker on $SECURE_BROKERS (log $SECURE_LOG)"
  # Same launch as stack-up.sh's broker: own session, pid file written by the process itself.
  # TieredStopAtLevel=1 (C1 only): the broker answers sooner (about 8 s instead of 11 s after a restart on
  # two cores, measured), which the integration test pays on every run; a local broker needs no C2.
  # shellcheck disable=SC2016
  setsid nohup bash -c 'printf "%s\n" "$$" >"$0"; exec "$@"' "$SECURE_PID_FILE" \
    "$JAVA" -Xmx512m -Xms256m \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$SECURE_DIR" \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" \
    -cp "$KAFKA_LIBS/*" \
    kafka.Kafka "$SECURE_PROPS" \
    >>"$SECURE_LOG" 2>&1 </dev/null &
  wait_until 10 0.05 "the secure broker's pid file" test -s "$SECURE_PID_FILE" || die "kafka-secure: the broker did not start"
  pid="$(cat "$SECURE_PID_FILE")"
  log "kafka-secure: broker pid $pid"
}

# KEY=VALUE lines for a client connecting as $1.
client_env() {
  local name="$1" password
  password="$(password_of "$name")" || die "kafka-secure: no principal '$name' (known: $(cut -d' ' -f1 "$SECURE_CREDENTIALS" 2>/dev/null | tr '\n' ' '))"
  printf '%s\n' \
    "KAFKA_BROKERS=$SECURE_BROKERS" \
    "KAFKA_SECURITY_PROTOCOL=SASL_SSL" \
    "KAFKA_SASL_MECHANISM=$SCRAM" \
    "KAFKA_SASL_USERNAME=$name" \
    "KAFKA_SASL_PASSWORD=$password" \
    "KAFKA_SSL_CA_FILE=$SECURE_TLS_DIR/ca.pem"
}

# Runs a command with exactly the admin's client variables (none inherited from the caller's shell).
as_admin() {
  local vars=()
  mapfile -t vars < <(client_env "$ADMIN")
  # Never fall back to the caller's KAFKA_BROKERS (the PLAINTEXT dev broker) without credentials.
  [[ "${#vars[@]}" -eq 6 ]] || die "kafka-secure: no admin credentials in $SECURE_CREDENTIALS (kafka-secure.sh reset, then up)"
  env -u KAFKA_SSL_CERT_FILE -u KAFKA_SSL_KEY_FILE -u KAFKA_SSL_KEY_PASSWORD "${vars[@]}" "$@"
}

stop_broker() {
  local pid
  pid="$(secure_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$SECURE_PID_FILE"
    log "kafka-secure: not running"
    return
  fi
  log "kafka-secure: stopping broker pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  gone() { ! pid_alive "$1"; }
  if ! wait_until "$SECURE_STOP_TIMEOUT_S" 0.2 "secure broker pid $pid to exit" gone "$pid"; then
    warn "kafka-secure: pid $pid still running; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 0.2 "secure broker pid $pid to die" gone "$pid" || die "kafka-secure: pid $pid survived SIGKILL"
  fi
  rm -f "$SECURE_PID_FILE"
  log "kafka-secure: stopped"
}

up() {
  local started_ms pid elapsed_ms
  started_ms="$(now_ms)"
  check_tools
  pid="$(secure_pid)"
  if [[ -n "$pid" ]]; then
    log "kafka-secure: broker already running (pid $pid)"
    [[ "$(principals)" == "$(cat "$SECURE_FORMATTED_FOR" 2>/dev/null)" ]] ||
      warn "kafka-secure: the principals changed since the broker was formatted: down, then up, to give the new ones SCRAM users"
  else
    start_broker
    pid="$(cat "$SECURE_PID_FILE")"
  fi
  if ! as_admin node dist/deploy/local/kafka-admin.js up --timeout "$SECURE_WAIT_TIMEOUT_S" --pid "$pid" >"$SECURE_DIR/topics.log" 2>&1; then
    cat "$SECURE_DIR/topics.log" >&2
    warn "kafka-secure: broker log: $SECURE_LOG (last 30 lines below)"
    tail -n 30 "$SECURE_LOG" >&2 || true
    die "kafka-secure: the broker did not answer as admin, or the topics could not be created"
  fi
  tail -n 2 "$SECURE_DIR/topics.log"
  as_admin node dist/deploy/local/kafka-acls.js apply --prune || die "kafka-secure: applying the ACLs failed"
  elapsed_ms=$(($(now_ms) - started_ms))
  cat <<EOF

Secure Kafka is up ($(printf '%d.%01d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)))s): SASL_SSL ($SCRAM over TLS) on $SECURE_BROKERS, pid $pid
  CA            $SECURE_TLS_DIR/ca.pem
  principals    $(cut -d' ' -f1 "$SECURE_CREDENTIALS" | tr '\n' ' ')
  connect as    set -a; . <(bash deploy/local/kafka-secure.sh env ingestion); set +a
  ACLs          node dist/deploy/local/kafka-acls.js list
  Stop          bash deploy/local/kafka-secure.sh down
EOF
}

case "${1:-up}" in
  up) up ;;
  down) stop_broker ;;
  status)
    pid="$(secure_pid)"
    [[ -n "$pid" ]] || { echo "kafka-secure: not running"; exit 1; }
    echo "kafka-secure: running on $SECURE_BROKERS (pid $pid)"
    ;;
  env)
    [[ -n "${2:-}" ]] || die "usage: kafka-secure.sh env PRINCIPAL"
    client_env "$2"
    ;;
  reset)
    stop_broker
    rm -rf "$SECURE_DIR"
    log "kafka-secure: state deleted ($SECURE_DIR)"
    ;;
  *) die "usage: kafka-secure.sh [up|down|status|env PRINCIPAL|reset]" ;;
esac
