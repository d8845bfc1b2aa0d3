#!/usr/bin/env bash
# Stops what deploy/local/stack-up.sh started for this repo: the local Kafka broker. Postgres and
# Redis belong to the machine (other projects may use them), so they are left running, even if
# stack-up started them. Idempotent. .run/stack.env is kept (its DATABASE_URL/REDIS_URL stay valid).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"
mkdir -p "$ROOT/.run/logs"
printf '\n==== %s stack-down ====\n' "$(date -Is)" >>"$ROOT/.run/logs/stack-down.log"
{
  bash "$SCRIPT_DIR/kafka.sh" down
  echo "stack-down: Kafka stopped; Postgres and Redis left running (they belong to the machine)"
} 2>&1 | tee -a "$ROOT/.run/logs/stack-down.log"
