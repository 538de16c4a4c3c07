#!/usr/bin/env bash
# HTTP load against a recsys server on loopback: wrk, 2 threads, 32 connections, random users.
#
#   benchmarks/http/load.sh                 # a server already listens on 127.0.0.1:8080
#                                           #   (e.g. ./recsys serve --registry DIR --port 8080)
#   benchmarks/http/load.sh --start         # start io.recsys.benchmarks.ServeMain first, stop it after
#
# Environment: PORT (8080), DURATION (30s), THREADS (2), CONNECTIONS (32), USERS (6040), K (10),
# JAR (benchmarks/target/benchmarks.jar), SERVER_ARGS (extra ServeMain options).
# Targets only 127.0.0.1. Prints the load average before and after.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/common.sh"

start=false
[[ "${1:-}" == "--start" ]] && start=true

if $start; then
  start_server
fi
wait_ready

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/recommend.lua" "http://127.0.0.1:$PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
