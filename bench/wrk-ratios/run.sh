#!/usr/bin/env bash
# Issue 19's honest measurement: starts ./padic up on a fresh data directory and measures it with wrk (a client that
# is not ours), all in one run, printing each figure and the ratios the targets are stated in:
#   GET /v1/ping (the trivial endpoint), a warm GET /v1/objects/{id}, read after append, single POST /v1/events,
#   batches of valid events and batches of flagged events (an undeclared type in a project that flags them).
# Also reads platform-api's /q/metrics before and after each phase: store commands per request.
# Usage: bench/wrk-ratios/run.sh [seconds per phase (10)] [connections (8)]     Needs curl, jq and wrk
# (installed with apt-get when missing, as root or through sudo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/wrk-ratios"
SECONDS_EACH="${1:-10}"
CONNECTIONS="${2:-8}"
OBJECTS=256
BATCH=500

need() {
  command -v "$1" >/dev/null && return
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "installing $2" >&2
  "${sudo[@]}" apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk; need jq jq; need curl curl

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port); DASHBOARD_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
while [ "$DASHBOARD_PORT" = "$API_PORT" ]; do DASHBOARD_PORT=$(free_port); done
while [ "$MANAGEMENT_PORT" = "$API_PORT" ] || [ "$MANAGEMENT_PORT" = "$DASHBOARD_PORT" ]; do MANAGEMENT_PORT=$(free_port); done
API="http://127.0.0.1:$API_PORT"
METRICS="http://127.0.0.1:$MANAGEMENT_PORT/q/metrics"
DATA="$(mktemp -d /tmp/padic-wrk-XXXXXX)"

"$ROOT/padic" up --data "$DATA" --api-port "$API_PORT" --dashboard-port "$DASHBOARD_PORT" \
  --management-port "$MANAGEMENT_PORT" > "$DATA/padic.log" 2>&1 &
PADIC_PID=$!
stop() { kill "$PADIC_PID" 2>/dev/null || true; wait "$PADIC_PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap stop EXIT
for _ in $(seq 1 300); do
  curl -sf "$API/v1/ping" >/dev/null 2>&1 && break
  kill -0 "$PADIC_PID" 2>/dev/null || { cat "$DATA/padic.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$API/v1/ping" >/dev/null || { echo "platform-api did not answer within 300 s" >&2; exit 1; }

json() { curl -sf -H 'Content-Type: application/json' "$@"; }
TOKEN=$(json -X POST "$API/v1/auth/signup" -d '{"email": "wrk@example.com", "password": "correct horse battery staple",
  "name": "wrk"}' | jq -r .token)
AUTH=(-H "Authorization: Bearer $TOKEN")
PROJECT=$(json -X POST "$API/v1/projects" "${AUTH[@]}" -d '{"name": "wrk"}' | jq -r .id)
json -X PATCH "$API/v1/projects/$PROJECT" "${AUTH[@]}" -d '{"undeclaredEventTypes": "flag"}' >/dev/null
json -X PUT "$API/v1/projects/$PROJECT/event-types/tick" "${AUTH[@]}" \
  -d '{"objectType": "thing", "fields": [{"name": "n", "type": "number"}]}' >/dev/null
KEY=$(json -X POST "$API/v1/projects/$PROJECT/api-keys" "${AUTH[@]}" -d '{"name": "wrk", "accessLevel": "owner",
  "scopes": ["objects:read", "objects:write", "events:read", "events:write"]}' | jq -r .key)
KEYED=(-H "Authorization: Bearer $KEY")
for i in $(seq 0 $((OBJECTS - 1))); do
  json -X POST "$API/v1/objects" "${KEYED[@]}" -d "{\"type\": \"thing\", \"id\": \"o-$i\"}" >/dev/null
  json -X POST "$API/v1/events" "${KEYED[@]}" -d "{\"type\": \"tick\", \"concerns\": \"o-$i\", \"metaData\": {\"n\": 0}}" >/dev/null
  curl -sf "${KEYED[@]}" "$API/v1/objects/o-$i" >/dev/null
done

store_commands() {
  curl -sf "$METRICS" | awk '/^padic_store_commands_total/ { sum += $NF } END { printf "%d\n", sum }'
}

declare -A RPS EVENTS P50 P99 ERRORS COMMANDS
phase() {
  local name="$1" script="$2"; shift 2
  local before after out figures
  before=$(store_commands)
  out=$(env WRK_LUA_DIR="$HERE" PADIC_KEY="$KEY" PADIC_OBJECTS="$OBJECTS" PADIC_BATCH="$BATCH" "$@" \
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --timeout 30s --latency -s "$HERE/$script" "$API$PATH_OF")
  after=$(store_commands)
  figures=$(echo "$out" | sed -n 's/^FIGURES //p')
  local requests seconds
  requests=$(echo "$figures" | jq .requests); seconds=$(echo "$figures" | jq .seconds)
  RPS[$name]=$(jq -n "$requests / $seconds")
  EVENTS[$name]=$(jq -n "$requests * $(echo "$figures" | jq .events_per_request) / $seconds")
  P50[$name]=$(echo "$figures" | jq .p50_ms); P99[$name]=$(echo "$figures" | jq .p99_ms)
  ERRORS[$name]=$(echo "$figures" | jq .errors)
  if [ "$requests" -gt 0 ]; then COMMANDS[$name]=$(jq -n "($after - $before) / $requests"); else COMMANDS[$name]=0; fi
  printf '%-22s %10.0f req/s %10.0f events/s  p50 %8.2f ms  p99 %8.2f ms  errors %d  store commands/request %.2f\n' \
    "$name" "${RPS[$name]}" "${EVENTS[$name]}" "${P50[$name]}" "${P99[$name]}" "${ERRORS[$name]}" "${COMMANDS[$name]}"
}

echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s against $API ($OBJECTS objects, batches of $BATCH); $(nproc) cores"
PATH_OF=/v1/ping phase ping ping.lua
PATH_OF=/ phase "warm read" read.lua
PATH_OF=/ phase "read after append" read-after-append.lua
PATH_OF=/ phase "single event" single.lua
PATH_OF=/ phase "valid batch" batch.lua PADIC_TYPE=tick
PATH_OF=/ phase "flagged batch" batch.lua PADIC_TYPE=undeclared.thing

ratio() { if [ "$(jq -n "$2 > 0")" = true ]; then jq -n "$1 / $2" | xargs printf '%.2f'; else echo n/a; fi; }
echo
echo "warm read / ping (req/s):                 $(ratio "${RPS[warm read]}" "${RPS[ping]}")   (target >= 0.7)"
echo "store commands per warm read:             ${COMMANDS[warm read]}   (target 0)"
echo "single events / valid batches (events/s): $(ratio "${EVENTS[single event]}" "${EVENTS[valid batch]}")   (target >= 0.5)"
echo "flagged / valid batches (events/s):       $(ratio "${EVENTS[flagged batch]}" "${EVENTS[valid batch]}")   (target >= 0.8)"
