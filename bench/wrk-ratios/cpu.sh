#!/usr/bin/env bash
# One wrk phase against a fresh ./padic up, with the CPU each process spent in it: where the cost of a request lies
# (the store process, platform-api, Redis). Usage: bench/wrk-ratios/cpu.sh SECONDS CONNECTIONS SCRIPT [VAR=value...]
#   e.g. bench/wrk-ratios/cpu.sh 15 8 single.lua        bench/wrk-ratios/cpu.sh 15 8 batch.lua PADIC_TYPE=tick
#   PATH_OF=/v1/ping bench/wrk-ratios/cpu.sh 15 8 ping.lua (ping.lua sends to the URL's path; the others set their own)
# WARMUP_SECONDS (30) of the same load run unmeasured first. CPU % is of one core, from /proc/<pid>/stat.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/wrk-ratios"
OBJECTS=256
BATCH=500
SECONDS_EACH="$1"; CONNECTIONS="$2"; SCRIPT="$3"; shift 3
# shellcheck source=stack.sh
source "$HERE/stack.sh"
# The processes under the stack: the launcher (which holds the embedded store), Redis, platform-api, the dashboard.
processes() { echo "$PADIC_PID" $(pgrep -P "$PADIC_PID"); }
ticks() { for pid in $(processes); do echo "$pid $(awk '{ print $14 + $15 }' "/proc/$pid/stat")"; done; }
name() { tr '\0' ' ' < "/proc/$1/cmdline" | grep -o 'padic-launcher\|redis-server\|platform-api\|dashboard' | head -1; }
wrk_phase "${WARMUP_SECONDS:-30}" "$CONNECTIONS" "$SCRIPT" "$API${PATH_OF:-/}" "$@" > /dev/null
ticks > "$DATA/ticks.before"; started=$(date +%s.%N)
wrk_phase "$SECONDS_EACH" "$CONNECTIONS" "$SCRIPT" "$API${PATH_OF:-/}" "$@" | sed -n 's/^FIGURES //p'
ended=$(date +%s.%N); ticks > "$DATA/ticks.after"
hz=$(getconf CLK_TCK)
join "$DATA/ticks.before" "$DATA/ticks.after" | while read -r pid before after; do
  printf '%-16s %5.0f %% of a core\n' "$(name "$pid")" "$(echo "($after - $before) * 100 / $hz / ($ended - $started)" | bc -l)"
done
