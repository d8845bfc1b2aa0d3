#!/usr/bin/env bash
# Brings the local stack up without Docker, idempotently:
#   1. Postgres at DATABASE_URL and Redis at REDIS_URL must answer; if they do not and the URL points
#      at this machine (127.0.0.1/localhost) and the server is installed, it is started.
#   2. Kafka: deploy/local/kafka.sh up (single-node KRaft broker on 127.0.0.1:9092).
#   3. Topics: deploy/local/create-topics.js (needs dist/ from `npm run build`; built if missing).
#   4. Migrations: node dist/libs/persistence/src/migrate.cli.js, if that file exists.
#   5. Writes .run/stack.env (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, DATABASE_URL, REDIS_URL).
#
# Environment (defaults): DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
#   REDIS_URL=redis://127.0.0.1:6379  KAFKA_BROKERS=127.0.0.1:9092  KAFKA_TOPIC_PREFIX=''
# Logs: .run/logs/stack-up.log (this script), kafka.log/kafka.out, migrate.log, build.log, redis.log
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"
RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
STACK_LOG="$LOG_DIR/stack-up.log"
STACK_ENV="$RUN_DIR/stack.env"
mkdir -p "$LOG_DIR"

if [[ -x "$ROOT/node_modules/.bin/node" ]]; then NODE="$ROOT/node_modules/.bin/node"; else NODE="node"; fi

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
export KAFKA_TOPIC_PREFIX="${KAFKA_TOPIC_PREFIX:-}"

STARTED=$SECONDS
printf '\n==== %s stack-up ====\n' "$(date -Is)" >>"$STACK_LOG"
say() { printf 'stack-up: %s\n' "$*" | tee -a "$STACK_LOG"; }
fail() {
  printf 'stack-up: FAILED: %s\n' "$*" | tee -a "$STACK_LOG" >&2
  exit 1
}
# Runs a step, showing its output and appending it to the stack log.
step() { "$@" 2>&1 | tee -a "$STACK_LOG"; }

# Prints "host port" of a URL (default port $2); node's URL parser handles users, passwords, IPv6.
url_host_port() {
  "$NODE" -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1"} ${u.port || process.argv[2]}`)' "$1" "$2"
}
is_local_host() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

# ---------------------------------------------------------------------------------------------
# Postgres
# ---------------------------------------------------------------------------------------------
pg_answers() { pg_isready -d "$DATABASE_URL" -t 3 >/dev/null 2>&1; }

start_local_postgres() {
  local versions version
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -d /etc/postgresql ]]; then return 1; fi
  versions="$(ls /etc/postgresql 2>/dev/null | sort -V)"
  [[ -n "$versions" ]] || return 1
  version="$(tail -n 1 <<<"$versions")"
  say "Postgres not answering; starting local cluster $version/main (pg_ctlcluster)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >>"$LOG_DIR/postgres-start.log" 2>&1 || true
  local deadline=$((SECONDS + 30))
  until pg_answers; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

ensure_postgres() {
  local missing=()
  command -v pg_isready >/dev/null 2>&1 || missing+=(pg_isready)
  command -v psql >/dev/null 2>&1 || missing+=(psql)
  ((${#missing[@]} == 0)) || fail "${missing[*]} not installed (apt-get install postgresql-client); needed to check DATABASE_URL"
  local host port
  read -r host port < <(url_host_port "$DATABASE_URL" 5432)
  if ! pg_answers; then
    if is_local_host "$host"; then
      start_local_postgres || fail "Postgres not reachable at $host:$port and no local cluster could be started (install postgresql, or point DATABASE_URL at a running server; see ${LOG_DIR#"$ROOT"/}/postgres-start.log)"
    else
      fail "Postgres not reachable at $host:$port (DATABASE_URL points at another machine; start it there)"
    fi
  fi
  local out
  if ! out="$(psql "$DATABASE_URL" -X -A -t -q -c 'select 1' 2>&1)"; then
    if [[ "$out" == *"does not exist"* && "$out" == *database* ]] && is_local_host "$host"; then
      local db
      db="$("$NODE" -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$DATABASE_URL")"
      say "database '$db' does not exist; creating it"
      local admin_url
      admin_url="$("$NODE" -e 'const u = new URL(process.argv[1]); u.pathname = "/postgres"; console.log(u.toString())' "$DATABASE_URL")"
      psql "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"${db//\"/\"\"}\"" >>"$STACK_LOG" 2>&1 ||
        fail "could not create database '$db' (see ${STACK_LOG#"$ROOT"/})"
      out="$(psql "$DATABASE_URL" -X -A -t -q -c 'select 1' 2>&1)" || fail "Postgres at $host:$port rejects DATABASE_URL: $out"
    else
      fail "Postgres at $host:$port rejects DATABASE_URL: $out"
    fi
  fi
  if is_local_host "$host"; then tune_local_postgres; fi
  say "Postgres ok ($host:$port, $(psql "$DATABASE_URL" -X -A -t -q -c 'show server_version' 2>/dev/null | cut -d' ' -f1))"
}

# Every processed event rewrites its customer's snapshot row. With the defaults (1 GB of WAL
# between checkpoints, no WAL compression) a checkpoint came every ~30 s under load, and after
# each the first write to every page logged the whole 8 KB page: Postgres CPU per event fell
# from 118 to 95 µs with these (bench/segmentation/README.md, seventh round). Reloadable
# settings, no restart; the same as docker-compose.yml passes to its Postgres.
tune_local_postgres() {
  local sql=(psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1)
  if ! "${sql[@]}" -c "ALTER SYSTEM SET max_wal_size = '8GB'" \
    -c "ALTER SYSTEM SET checkpoint_timeout = '15min'" >>"$STACK_LOG" 2>&1; then
    say "warning: could not tune Postgres's WAL settings (needs a superuser); the journal will be slower"
    return 0
  fi
  # lz4 needs Postgres 15+ built with it; pglz ('on') otherwise.
  "${sql[@]}" -c "ALTER SYSTEM SET wal_compression = 'lz4'" >>"$STACK_LOG" 2>&1 ||
    "${sql[@]}" -c "ALTER SYSTEM SET wal_compression = 'on'" >>"$STACK_LOG" 2>&1 || true
  "${sql[@]}" -c "SELECT pg_reload_conf()" >>"$STACK_LOG" 2>&1 ||
    say "warning: could not reload Postgres's settings; the WAL settings apply at its next restart"
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------
redis_answers() { [[ "$(timeout 5 redis-cli -u "$REDIS_URL" --no-auth-warning ping 2>/dev/null)" == "PONG" ]]; }

ensure_redis() {
  command -v redis-cli >/dev/null 2>&1 || fail "redis-cli not installed (apt-get install redis-tools); needed to check REDIS_URL"
  local host port
  read -r host port < <(url_host_port "$REDIS_URL" 6379)
  if ! redis_answers; then
    if ! is_local_host "$host"; then
      fail "Redis not reachable at $host:$port (REDIS_URL points at another machine; start it there)"
    fi
    command -v redis-server >/dev/null 2>&1 ||
      fail "Redis not reachable at $host:$port and redis-server is not installed (apt-get install redis-server)"
    say "Redis not answering; starting redis-server on 127.0.0.1:$port (no persistence)"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
      --logfile "$LOG_DIR/redis.log" >>"$STACK_LOG" 2>&1 || fail "redis-server failed to start (see ${LOG_DIR#"$ROOT"/}/redis.log)"
    local deadline=$((SECONDS + 15))
    until redis_answers; do
      ((SECONDS < deadline)) || fail "redis-server started but does not answer on 127.0.0.1:$port (see ${LOG_DIR#"$ROOT"/}/redis.log)"
      sleep 0.3
    done
  fi
  # Segment state hashes carry series values up to a few hundred bytes; above the default 64 a
  # hash leaves the compact listpack encoding and costs several times the memory (ADR 0007).
  redis-cli -u "$REDIS_URL" --no-auth-warning CONFIG SET hash-max-listpack-value 512 >>"$STACK_LOG" 2>&1 ||
    say "warning: could not raise hash-max-listpack-value on Redis; segment state will use more memory"
  say "Redis ok ($host:$port)"
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
ensure_kafka() {
  local first host port
  first="${KAFKA_BROKERS%%,*}"
  host="${first%:*}"
  port="${first##*:}"
  if is_local_host "$host"; then
    KAFKA_PORT="$port" step bash "$SCRIPT_DIR/kafka.sh" up || fail "Kafka did not come up (see ${LOG_DIR#"$ROOT"/}/kafka.log and kafka.out)"
  else
    say "KAFKA_BROKERS=$KAFKA_BROKERS is not local; checking it answers (not starting anything)"
    step "$NODE" "$SCRIPT_DIR/kafka-ready.js" --timeout-ms 10000 || fail "Kafka at $KAFKA_BROKERS does not answer"
  fi
}

# dist/ is normally built by `npm run build` before stack-up; build it here if the pieces the stack
# needs (contracts for the topic list, the migration CLI when its source exists) are missing.
ensure_built() {
  local need=""
  [[ -f "$ROOT/dist/libs/contracts/src/index.js" ]] || need="dist/libs/contracts"
  if [[ -f "$ROOT/libs/persistence/src/migrate.cli.ts" && ! -f "$ROOT/dist/libs/persistence/src/migrate.cli.js" ]]; then
    need="${need:+$need, }dist/libs/persistence/src/migrate.cli.js"
  fi
  [[ -n "$need" ]] || return 0
  say "$need not built; running tools/build.js (log: ${LOG_DIR#"$ROOT"/}/build.log)"
  (cd "$ROOT" && "$NODE" tools/build.js) >"$LOG_DIR/build.log" 2>&1 || {
    tail -n 20 "$LOG_DIR/build.log" >&2
    fail "build failed (see ${LOG_DIR#"$ROOT"/}/build.log); fix it and run npm run build"
  }
}

ensure_topics() {
  step "$NODE" "$SCRIPT_DIR/create-topics.js" || fail "topic creation failed"
}

run_migrations() {
  local cli="$ROOT/dist/libs/persistence/src/migrate.cli.js"
  if [[ ! -f "$cli" ]]; then
    say "migrations: skipped (${cli#"$ROOT"/} does not exist)"
    return 0
  fi
  say "migrations: node ${cli#"$ROOT"/} (log: ${LOG_DIR#"$ROOT"/}/migrate.log)"
  printf '\n==== %s migrate ====\n' "$(date -Is)" >>"$LOG_DIR/migrate.log"
  if ! (cd "$ROOT" && "$NODE" "$cli") 2>&1 | tee -a "$LOG_DIR/migrate.log"; then
    fail "migrations failed (see ${LOG_DIR#"$ROOT"/}/migrate.log)"
  fi
}

# Values are written unquoted when they are plain (dotenv, `source`, node --env-file and the
# repo's own readers in libs/testing and tools/demo all read them the same way), double-quoted
# otherwise (those readers strip one pair of double quotes).
env_line() {
  local value="$2"
  if [[ "$value" =~ ^[A-Za-z0-9_./:@,%+=-]*$ ]]; then
    printf '%s=%s\n' "$1" "$value"
  elif [[ "$value" =~ [\"\$\`\\] ]]; then
    fail "$1 contains a quote, \$, \` or backslash; .run/stack.env cannot carry it portably"
  else
    printf '%s="%s"\n' "$1" "$value"
  fi
}

write_stack_env() {
  local tmp="$STACK_ENV.tmp"
  {
    echo "# Written by deploy/local/stack-up.sh at $(date -Is). The local stack's env contract."
    env_line KAFKA_BROKERS "$KAFKA_BROKERS"
    env_line KAFKA_TOPIC_PREFIX "$KAFKA_TOPIC_PREFIX"
    env_line DATABASE_URL "$DATABASE_URL"
    env_line REDIS_URL "$REDIS_URL"
  } >"$tmp"
  mv "$tmp" "$STACK_ENV"
}

ensure_postgres
ensure_redis
ensure_kafka
ensure_built
ensure_topics
run_migrations
write_stack_env
say "stack up in $((SECONDS - STARTED))s; env contract in ${STACK_ENV#"$ROOT"/}:"
grep -v '^#' "$STACK_ENV" | sed 's/^/  /' | tee -a "$STACK_LOG"
