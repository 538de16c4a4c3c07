#!/usr/bin/env bash
# HTTP load while the served version and the rollout change every second: wrk as in load.sh, and
# beside it, once a second, GET /switch?model=<next primary> and
# POST /rollout/update?strategy=canary&canary_version=<canary>&canary_percentage=<10|25>.
# The recommend answers that were not 2xx are counted by recommend.lua (target: 0), and so are
# the admin calls that failed.
#
#   benchmarks/http/load-with-switches.sh           # a server already listens on 127.0.0.1:8080
#   benchmarks/http/load-with-switches.sh --start   # start io.recsys.benchmarks.ServeMain first
#
# Environment as load.sh, plus PRIMARIES (versions cycled as primary; default "v0.1 v0.2 v0.3",
# which with the canary is one more version than the server's cache of 3, so every switch also
# loads a version from disk), CANARY (v0.4), ADMIN_KEY (sent as X-API-Key when set).
# Targets only 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/common.sh"

start=false
[[ "${1:-}" == "--start" ]] && start=true
read -r -a primaries <<<"${PRIMARIES:-v0.1 v0.2 v0.3}"
canary="${CANARY:-v0.4}"
auth=()
[[ -n "${ADMIN_KEY:-}" ]] && auth=(-H "X-API-Key: $ADMIN_KEY")

if $start; then
  start_server
fi
wait_ready

switcher() {
  local seconds="$1" i=0 ok=0 failed=0 code pct
  local end=$(( $(date +%s) + seconds ))
  while (( $(date +%s) < end )); do
    sleep 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${auth[@]}" \
      "$BASE/switch?model=${primaries[$(( i % ${#primaries[@]} ))]}" || echo 000)
    [[ "$code" == 2* ]] && ok=$((ok + 1)) || { failed=$((failed + 1)); echo "switch -> $code" >&2; }
    pct=$(( i % 2 == 0 ? 25 : 10 ))
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "${auth[@]}" \
      "$BASE/rollout/update?strategy=canary&canary_version=$canary&canary_percentage=$pct" || echo 000)
    [[ "$code" == 2* ]] && ok=$((ok + 1)) || { failed=$((failed + 1)); echo "rollout/update -> $code" >&2; }
    i=$((i + 1))
  done
  echo "admin calls: $ok succeeded, $failed failed ($i rounds of one switch and one rollout update)"
}

seconds=$(duration_seconds "$DURATION")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
switcher "$seconds" &
switcher_pid=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/recommend.lua" "http://127.0.0.1:$PORT"
wait "$switcher_pid"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rollout now: $(curl -s --max-time 5 "$BASE/rollout/status")"
