#!/usr/bin/env bash
# Spark MLlib ALS vs recsys ALS on the same data and protocol (io.recsys.benchmarks.peers.SparkSideBySide).
#
#   ./mvnw -q -Ppeers -DskipTests -pl benchmarks -am package     # once: compiles the peers sources, writes the class path
#   benchmarks/peers/spark-side-by-side.sh [DATA_DIR]              # default ../shared/data, else /work/shared/data
#
# Spark 3.5 on Java 17 needs the module system opened for its reflective access (the flags below
# are the ones Spark's own launcher adds). Spark runs in local mode bound to 127.0.0.1, UI off.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cp_file="$root/benchmarks/target/peers.classpath"
[[ -f "$cp_file" ]] || { echo "missing $cp_file: run ./mvnw -q -Ppeers -DskipTests -pl benchmarks -am package" >&2; exit 2; }
cd "$root"
exec java -Xmx6g \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$root/benchmarks/target/classes:$(cat "$cp_file")" \
  io.recsys.benchmarks.peers.SparkSideBySide "$@"
