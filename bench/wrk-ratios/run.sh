#!/usr/bin/env bash
# Issue 19's honest measurement: starts ./padic up on a fresh data directory and measures it with wrk (a client that
# is not ours), all in one run, printing each figure and the ratios the targets are stated in:
#   GET /v1/ping (the trivial endpoint), a warm GET /v1/objects/{id}, read after append, single POST /v1/events,
#   batches of valid events and batches of flagged events (an undeclared type in a project that flags them).
# Also reads platform-api's /q/metrics before and after each phase: store commands per request, and for single events
# the events per group (group commit).
# Single events are also sent from 1 connection (the latency bound) and from 64 (the group commit's wider case).
# Each phase runs unmeasured for WARMUP_SECONDS (10) first, so that the JIT's compiling is not what is measured.
# Usage: bench/wrk-ratios/run.sh [seconds per phase (10)] [connections (8)]     Needs curl, jq and wrk
# (installed with apt-get when missing, as root or through sudo). PHASES="single,valid" runs only the phases whose
# names start with one of those words (ping, warm, read, single, valid, flagged); the ratios need both sides.
# ROUNDS=n runs the phases n times in turn (warm-up in the first round only) and prints each round's ratios, then
# the ratios of all rounds' requests together and the median of their p50s: on a small machine one round's figures
# move a lot.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/wrk-ratios"
SECONDS_EACH="${1:-10}"
CONNECTIONS="${2:-8}"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
OBJECTS=256
BATCH=500

# shellcheck source=stack.sh
source "$HERE/stack.sh"

# From one read of /q/metrics: "<store commands> <single events written in groups> <groups>" so far.
counters() {
  curl -sf "$METRICS" | awk '/^padic_store_commands_total/ { sum += $NF }
    /^padic_ingest_group_events_sum/ { e = $NF } /^padic_ingest_group_events_count/ { g = $NF }
    END { printf "%d %d %d\n", sum, e, g }'
}

declare -A RPS EVENTS P50 P99 ERRORS COMMANDS REQUESTS SECONDS_RUN COMMANDS_RUN P50_RUNS
ROUNDS="${ROUNDS:-1}"
ROUND=1
phase() {
  local name="$1" script="$2" connections="${C:-$CONNECTIONS}"; shift 2
  local before after out figures
  if [ -n "${PHASES:-}" ] && ! echo ",$PHASES," | grep -q ",${name%% *},"; then return; fi
  # wrk for the given seconds, with this phase's script, connections and extra environment.
  run_wrk() { wrk_phase "$1" "$connections" "$script" "$API$PATH_OF" "${@:2}"; }
  if [ "$WARMUP_SECONDS" -gt 0 ] && [ "$ROUND" -eq 1 ]; then
    # Unmeasured first: on a fresh stack the JIT compiles each route's code for a while, which would be measured too.
    run_wrk "$WARMUP_SECONDS" "$@" > /dev/null
  fi
  local grouped_before grouped_after groups_before groups_after
  read -r before grouped_before groups_before <<< "$(counters)"
  out=$(run_wrk "$SECONDS_EACH" "$@")
  read -r after grouped_after groups_after <<< "$(counters)"
  local per_group=""
  if [ "$groups_after" -gt "$groups_before" ]; then
    per_group=$(jq -n "($grouped_after - $grouped_before) / ($groups_after - $groups_before)" | xargs printf '  events/group %.2f')
  fi
  figures=$(echo "$out" | sed -n 's/^FIGURES //p')
  local requests seconds
  requests=$(echo "$figures" | jq .requests); seconds=$(echo "$figures" | jq .seconds)
  # Over all rounds so far: their requests, seconds and store commands added up.
  REQUESTS[$name]=$(( ${REQUESTS[$name]:-0} + requests ))
  SECONDS_RUN[$name]=$(jq -n "${SECONDS_RUN[$name]:-0} + $seconds")
  COMMANDS_RUN[$name]=$(( ${COMMANDS_RUN[$name]:-0} + after - before ))
  RPS[$name]=$(jq -n "$requests / $seconds")
  EVENTS[$name]=$(jq -n "$requests * $(echo "$figures" | jq .events_per_request) / $seconds")
  P50[$name]=$(echo "$figures" | jq .p50_ms); P99[$name]=$(echo "$figures" | jq .p99_ms)
  P50_RUNS[$name]="${P50_RUNS[$name]:-} ${P50[$name]}"
  ERRORS[$name]=$(echo "$figures" | jq .errors)
  if [ "$requests" -gt 0 ]; then COMMANDS[$name]=$(jq -n "($after - $before) / $requests"); else COMMANDS[$name]=0; fi
  printf '%-30s %10.0f req/s %10.0f events/s  p50 %8.2f ms  p99 %8.2f ms  errors %d  store commands/request %.2f%s\n' \
    "$name" "${RPS[$name]}" "${EVENTS[$name]}" "${P50[$name]}" "${P99[$name]}" "${ERRORS[$name]}" "${COMMANDS[$name]}" \
    "$per_group"
}

echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s against $API ($OBJECTS objects, batches of $BATCH); $(nproc) cores"
ratio() { if [ -n "$1" ] && [ -n "$2" ] && [ "$(jq -n "$2 > 0")" = true ]; then jq -n "$1 / $2" | xargs printf '%.2f'; else echo n/a; fi; }
for ROUND in $(seq 1 "$ROUNDS"); do
  [ "$ROUNDS" -eq 1 ] || echo "round $ROUND"
  PATH_OF=/v1/ping phase ping ping.lua
  PATH_OF=/ phase "warm read" read.lua PADIC_PREFIX=r-
  PATH_OF=/ phase "read after append" read-after-append.lua
  PATH_OF=/ C=1 phase "single event, 1 connection" single.lua
  PATH_OF=/ phase "single event" single.lua
  PATH_OF=/ C=64 phase "single event, 64 connections" single.lua
  PATH_OF=/ phase "single keyed event" single.lua PADIC_KEYED=1
  PATH_OF=/ C=64 phase "single keyed event, 64 connections" single.lua PADIC_KEYED=1
  PATH_OF=/ phase "valid batch" batch.lua PADIC_TYPE=tick
  PATH_OF=/ phase "flagged batch" batch.lua PADIC_TYPE=undeclared.thing
  if [ "$ROUNDS" -gt 1 ]; then
    echo "  round $ROUND: warm read / ping $(ratio "${RPS[warm read]:-}" "${RPS[ping]:-}"), single / valid batches" \
      "$(ratio "${EVENTS[single event]:-}" "${EVENTS[valid batch]:-}"), flagged / valid batches" \
      "$(ratio "${EVENTS[flagged batch]:-}" "${EVENTS[valid batch]:-}")"
  fi
done
if [ "$ROUNDS" -gt 1 ]; then
  # The summary below is over all rounds: each phase's requests ÷ its seconds, all rounds together.
  for name in "${!REQUESTS[@]}"; do
    per=$(case "$name" in *batch*) echo "$BATCH" ;; *) echo 1 ;; esac)
    RPS[$name]=$(jq -n "${REQUESTS[$name]} / ${SECONDS_RUN[$name]}")
    EVENTS[$name]=$(jq -n "${REQUESTS[$name]} * $per / ${SECONDS_RUN[$name]}")
    if [ "${REQUESTS[$name]}" -gt 0 ]; then COMMANDS[$name]=$(jq -n "${COMMANDS_RUN[$name]} / ${REQUESTS[$name]}"); fi
    # A latency does not add up: the median of the rounds' p50s (the lower middle one for an even count).
    P50[$name]=$(echo ${P50_RUNS[$name]} | tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  done
  echo
  echo "all $ROUNDS rounds together:"
fi
echo
echo "warm read / ping (req/s):                 $(ratio "${RPS[warm read]:-}" "${RPS[ping]:-}")   (target >= 0.7)"
echo "store commands per warm read:             ${COMMANDS[warm read]:-n/a}   (target 0)"
echo "single events / valid batches (events/s): $(ratio "${EVENTS[single event]:-}" "${EVENTS[valid batch]:-}")   (target >= 0.5)"
echo "  the same, 64 connections:               $(ratio "${EVENTS[single event, 64 connections]:-}" "${EVENTS[valid batch]:-}")   (target >= 0.5)"
echo "  keyed single events / valid batches:    $(ratio "${EVENTS[single keyed event]:-}" "${EVENTS[valid batch]:-}"), 64 connections $(ratio "${EVENTS[single keyed event, 64 connections]:-}" "${EVENTS[valid batch]:-}")"
echo "single event p50 at 1 connection:         ${P50[single event, 1 connection]:-n/a} ms   (target: not above today's)"
echo "flagged / valid batches (events/s):       $(ratio "${EVENTS[flagged batch]:-}" "${EVENTS[valid batch]:-}")   (target >= 0.8)"
