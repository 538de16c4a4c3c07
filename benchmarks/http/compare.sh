#!/usr/bin/env bash
# Side by side in one server run: /healthz (the HTTP stack alone) and /recommend at 32
# connections, then /recommend at 4 connections (latency below saturation), with the server's GC
# log summarised. Starts io.recsys.benchmarks.ServeMain itself (like load.sh --start).
#
#   benchmarks/http/compare.sh
#
# Environment: PORT (8080), DURATION per run (20s), WARMUP (10s), JAR, SERVER_ARGS (ServeMain
# options), JAVA_OPTS (the server JVM's options; default -Xmx2g -XX:+UseZGC, the server's
# recommended settings). Targets only 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
source "$here/common.sh"

gc_log="$(mktemp -t recsys-gc.XXXXXX.log)"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g -XX:+UseZGC} -Xlog:gc,safepoint:file=$gc_log"
start_server
wait_ready

run() { # label, connections, target
  echo "== $1 (wrk -t2 -c$2 -d$DURATION), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  TARGET="$3" wrk -t2 -c"$2" -d"$DURATION" -s "$here/recommend.lua" "$BASE" | grep -E '^(requests/s|latency us|responses):'
}
echo "server JVM options: $JAVA_OPTS"
echo "warm-up: /recommend for $WARMUP"
wrk -t2 -c32 -d"$WARMUP" -s "$here/recommend.lua" "$BASE" >/dev/null
pauses_before=$(grep -c 'Total: ' "$gc_log" || true)
run "/healthz, 32 connections" 32 healthz
run "/recommend, 32 connections" 32 recommend
run "/recommend, 4 connections" 4 recommend
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# every stop-the-world pause (any collector), from the safepoint log
grep 'Total: ' "$gc_log" | tail -n +"$((pauses_before + 1))" | sed -nE 's/.*Total: ([0-9]+) ns.*/\1/p' \
  | awk '{ms=$1/1e6; n++; sum+=ms; if (ms>max) max=ms} END {if (n) printf "safepoint pauses during the measured runs: %d, total %.0f ms, mean %.2f ms, max %.1f ms\n", n, sum, sum/n, max}'
echo "GC log: $gc_log"
