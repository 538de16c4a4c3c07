#!/usr/bin/env bash
# Soak run of the bounded-memory property: BoundedMemoryIT with 1,000,000 requests (override with
# REQUESTS=n) through the example server's own service and sinks, 0.5% of them over loopback HTTP.
# Prints one result line (requests, failures, seconds, heap before/after, structure sizes, metric
# series), also kept in recsys-examples/target/reliability/bounded-memory.txt.
#
#   benchmarks/reliability/soak.sh
#   REQUESTS=5000000 benchmarks/reliability/soak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS="${REQUESTS:-1000000}"
rm -f recsys-examples/target/reliability/bounded-memory.txt
./mvnw -q -pl recsys-examples -am verify \
  -Dit.test=BoundedMemoryIT -Dtest=None \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dreliability.requests="$REQUESTS" > /dev/null
cat recsys-examples/target/reliability/bounded-memory.txt
