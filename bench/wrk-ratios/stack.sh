# Sourced by run.sh and soak.sh: starts ./padic up on a fresh data directory on free ports and creates a project
# with the declared event type "tick", a key ($KEY) and $OBJECTS objects o-0.. and as many r-0.., each with one event
# and read once.
# Sets API, METRICS, DATA, KEY, PADIC_PID; stops the stack and removes the data on exit.
need() {
  command -v "$1" >/dev/null && return
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "installing $2" >&2
  "${sudo[@]}" apt-get install -y -qq "$2" >/dev/null
}
need wrk wrk; need jq jq; need curl curl

# wrk for SECONDS with CONNECTIONS against URL, running this directory's SCRIPT; VAR=value arguments reach the
# script (common.lua reads them). Threads: WRK_THREADS, else 2 (1 for a single connection).
wrk_phase() {
  local seconds="$1" connections="$2" script="$3" url="$4"; shift 4
  env WRK_LUA_DIR="$HERE" PADIC_KEY="$KEY" PADIC_OBJECTS="$OBJECTS" PADIC_BATCH="$BATCH" "$@" \
    wrk -t"${WRK_THREADS:-$(( connections < 2 ? 1 : 2 ))}" -c"$connections" -d"${seconds}s" --timeout 30s --latency \
    -s "$HERE/$script" "$url"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port); DASHBOARD_PORT=$(free_port); MANAGEMENT_PORT=$(free_port)
while [ "$DASHBOARD_PORT" = "$API_PORT" ]; do DASHBOARD_PORT=$(free_port); done
while [ "$MANAGEMENT_PORT" = "$API_PORT" ] || [ "$MANAGEMENT_PORT" = "$DASHBOARD_PORT" ]; do MANAGEMENT_PORT=$(free_port); done
API="http://127.0.0.1:$API_PORT"
METRICS="http://127.0.0.1:$MANAGEMENT_PORT/q/metrics"
DATA="$(mktemp -d /tmp/padic-wrk-XXXXXX)"

"$ROOT/padic" up --data "$DATA" --api-port "$API_PORT" --dashboard-port "$DASHBOARD_PORT" \
  --management-port "$MANAGEMENT_PORT" ${PADIC_UP_ARGS:-} > "$DATA/padic.log" 2>&1 &
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
# o-* take the writes; r-* are only read (run.sh's warm reads), so later rounds still read them warm.
for prefix in o- r-; do
  for i in $(seq 0 $((OBJECTS - 1))); do
    json -X POST "$API/v1/objects" "${KEYED[@]}" -d "{\"type\": \"thing\", \"id\": \"$prefix$i\"}" >/dev/null
    json -X POST "$API/v1/events" "${KEYED[@]}" \
      -d "{\"type\": \"tick\", \"concerns\": \"$prefix$i\", \"metaData\": {\"n\": 0}}" >/dev/null
    curl -sf "${KEYED[@]}" "$API/v1/objects/$prefix$i" >/dev/null
  done
done

