# Shared by load.sh and load-with-switches.sh (sourced, not run).
PORT="${PORT:-8080}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
JAR="${JAR:-$root/benchmarks/target/benchmarks.jar}"
BASE="http://127.0.0.1:$PORT"
server_pid=""

start_server() {
  [[ -f "$JAR" ]] || { echo "missing $JAR: run ./mvnw -q -DskipTests -pl benchmarks -am package" >&2; exit 2; }
  if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then
    echo "something already listens on $BASE: stop it or set PORT" >&2
    exit 2
  fi
  server_log="$(mktemp -t recsys-serve.XXXXXX.log)"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:--Xmx2g -XX:+UseZGC} -cp "$JAR" io.recsys.benchmarks.ServeMain --port "$PORT" ${SERVER_ARGS:-} >"$server_log" 2>&1 &
  server_pid=$!
  trap stop_server EXIT
  echo "started ServeMain (pid $server_pid, log $server_log)"
}

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    echo "stopped ServeMain (pid $server_pid)"
  fi
}

wait_ready() {
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null; then
      return 0
    fi
    if [[ -n "$server_pid" ]] && ! kill -0 "$server_pid" 2>/dev/null; then
      echo "server exited; log:" >&2
      cat "$server_log" >&2
      exit 2
    fi
    sleep 0.5
  done
  echo "no ready server on $BASE after 120 s" >&2
  exit 2
}

duration_seconds() {
  local d="$1"
  case "$d" in
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo "${d%s}" ;;
    *) echo "$d" ;;
  esac
}
