#!/usr/bin/env bash
# Smallest heap that serves four parallel 100 000-row predictions (issue 12's memory case).
# Starts the jar at each -Xmx in turn (exiting on OutOfMemoryError), warms it with one request,
# sends four at once and prints their statuses and whether the JVM survived.
#
#   ./mvnw -B -ntp package -Dmaven.test.skip=true
#   bench/prediction-heap.sh target/backprop-service-*.jar 256 128 64 48
set -euo pipefail
jar=$1; shift
port=${PORT:-18200}
body=$(mktemp); trap 'rm -f "$body" /tmp/prediction-heap-*.code' EXIT
python3 -c 'import sys; sys.stdout.write("{\"instances\": [" + ",".join(["[5.1, 3.5, 1.4, 0.2]"] * 100000) + "]}")' > "$body"
for heap in "$@"; do
  java -Xmx"${heap}"m -XX:+ExitOnOutOfMemoryError -jar "$jar" --server.port="$port" --spring.main.banner-mode=off \
      > /tmp/prediction-heap.log 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && break; sleep 0.5; done
  curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @"$body" "http://127.0.0.1:$port/predict" || true
  for r in 1 2 3 4; do
    curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$body" \
        "http://127.0.0.1:$port/predict" > /tmp/prediction-heap-$r.code || true &
  done
  wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
  sleep 1
  alive=$(kill -0 "$pid" 2>/dev/null && echo "alive" || echo "exited (OutOfMemoryError)")
  echo "-Xmx${heap}m: $(for r in 1 2 3 4; do printf '%s ' "$(cat /tmp/prediction-heap-$r.code)"; done)$alive"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done
