#!/usr/bin/env bash
# Side by side in one server run: /healthz (the HTTP stack alone) and /recommend at 32
# connections, then /recommend at 4 connections (latency below saturation), with the server's GC
# log summarised. Starts io.recsys.benchmarks.ServeMain itself (like load.sh --start).
#
#   benchmarks/http/compare.sh
#
# Environment: PORT (8080), DURATION per run (20s), WARMUP (10s), JAR, SERVER_ARGS (ServeMain
# options), JAVA_OPTS (the server JVM's options; default -Xmx2g). Targets only 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
source "$here/common.sh"

gc_log="$(mktemp -t recsys-gc.XXXXXX.log)"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g} -Xlog:gc:file=$gc_log"
start_server
wait_ready

run() { # label, connections, target
  echo "== $1 (wrk -t2 -c$2 -d$DURATION), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  TARGET="$3" wrk -t2 -c"$2" -d"$DURATION" -s "$here/recommend.lua" "$BASE" | grep -E '^(requests/s|latency us|responses):'
}
echo "server JVM options: $JAVA_OPTS"
echo "warm-up: /recommend for $WARMUP"
wrk -t2 -c32 -d"$WARMUP" -s "$here/recommend.lua" "$BASE" >/dev/null
pauses_before=$(grep -c 'Pause' "$gc_log" || true)
run "/healthz, 32 connections" 32 healthz
run "/recommend, 32 connections" 32 recommend
run "/recommend, 4 connections" 4 recommend
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "GC pauses during the measured runs: $(( $(grep -c 'Pause' "$gc_log" || true) - pauses_before ))"
grep 'Pause' "$gc_log" | tail -n +"$((pauses_before + 1))" \
  | sed -nE 's/.*Pause ([A-Za-z]+( \([A-Za-z ]+\))*).* ([0-9.]+)ms$/\1 \3/p' \
  | awk '{ms=$NF; n++; sum+=ms; if (ms>max) max=ms} END {if (n) printf "GC pause ms: mean %.1f, max %.1f over %d pauses\n", sum/n, max, n}'
echo "GC log: $gc_log"
