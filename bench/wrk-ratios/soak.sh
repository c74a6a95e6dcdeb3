#!/usr/bin/env bash
# Issue 19's leak check: ./padic up on a fresh data directory under a mixed wrk load (warm reads, reads after append,
# single events, valid batches) for N minutes; every 30 s platform-api's heap after a full GC (the least of three
# jcmd GC.run + GC.heap_info) and its resident set (/proc/<pid>/status VmRSS) are printed, and at the end how much each moved
# from minute 2 to the end (target: within ±10 %).
# Usage: bench/wrk-ratios/soak.sh [minutes (10)] [connections per load (4)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/wrk-ratios"
MINUTES="${1:-10}"
CONNECTIONS="${2:-4}"
OBJECTS=256
BATCH=500

# shellcheck source=stack.sh
source "$HERE/stack.sh"

API_PID=$(pgrep -P "$PADIC_PID" -f 'platform-api.*quarkus-run.jar' | head -1)
[ -n "$API_PID" ] || { echo "platform-api's process not found under $PADIC_PID" >&2; exit 1; }
JCMD="$(dirname "$(readlink -f "/proc/$API_PID/exe")")/jcmd"

LOADS=()
load() {
  WRK_THREADS=1 wrk_phase "$((MINUTES * 60))" "$CONNECTIONS" "$1" "$API/" "${@:2}" > "$DATA/wrk-$1.log" 2>&1 &
  LOADS+=($!)
}
load read.lua; load read-after-append.lua; load single.lua PADIC_KEYED=1; load batch.lua PADIC_TYPE=tick PADIC_BATCH=100

# The heap a full GC leaves still holds the requests in flight at that instant (batch bodies, folds): the least of
# three GCs a second apart is what the process keeps.
heap_after_gc() {
  "$JCMD" "$API_PID" GC.run >/dev/null
  "$JCMD" "$API_PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub("K", "", $(i + 1)); print $(i + 1); exit } }'
}
sample() {
  local heap rss
  heap=$( { heap_after_gc; sleep 1; heap_after_gc; sleep 1; heap_after_gc; } | sort -n | head -1)K
  rss=$(awk '/VmRSS/ { print $2 "K" }' "/proc/$API_PID/status")
  echo "$1 $heap $rss"
}
to_kib() { case "$1" in *K) echo "${1%K}";; *M) echo $(( ${1%M} * 1024 ));; *G) echo $(( ${1%G} * 1048576 ));; *) echo "$1";; esac; }

echo "minute heap-after-GC RSS (platform-api pid $API_PID, $MINUTES min of mixed load, $CONNECTIONS connections per load)"
SAMPLES=()
for half in $(seq 1 $((MINUTES * 2))); do
  sleep 30
  line=$(sample "$(awk "BEGIN { printf \"%.1f\", $half / 2 }")")
  echo "$line"
  SAMPLES+=("$line")
done
wait "${LOADS[@]}"

# From minute 2 (the fourth sample; the first in a shorter run) to the end: against the minute-2 value.
BASE=$(( ${#SAMPLES[@]} > 3 ? 3 : 0 ))
read -r _ heap2 rss2 <<< "${SAMPLES[$BASE]}"
heap2=$(to_kib "$heap2"); rss2=$(to_kib "$rss2")
for line in "${SAMPLES[@]:$BASE}"; do
  read -r _ heap rss <<< "$line"
  echo "$(to_kib "$heap") $(to_kib "$rss")"
done | awk -v h="$heap2" -v r="$rss2" '
  { hmin = (NR == 1 || $1 < hmin) ? $1 : hmin; hmax = (NR == 1 || $1 > hmax) ? $1 : hmax
    rmin = (NR == 1 || $2 < rmin) ? $2 : rmin; rmax = (NR == 1 || $2 > rmax) ? $2 : rmax; hl = $1; rl = $2 }
  END { printf "heap after GC from minute 2: %+.1f%% at the end (range %+.1f%% .. %+.1f%%)\n", 100 * (hl - h) / h, 100 * (hmin - h) / h, 100 * (hmax - h) / h
        printf "RSS from minute 2:           %+.1f%% at the end (range %+.1f%% .. %+.1f%%)\n", 100 * (rl - r) / r, 100 * (rmin - r) / r, 100 * (rmax - r) / r }'
for log in "$DATA"/wrk-*.log; do echo "$(basename "$log"): $(grep -E 'Requests/sec|Non-2xx|Socket errors' "$log" | tr '\n' ' ')"; done
