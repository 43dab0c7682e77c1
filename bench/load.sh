#!/usr/bin/env bash
# Load test: throughput of POST /predict against a trivial endpoint of the same app, with wrk.
#
# Expects the service on 127.0.0.1:$PORT. If nothing answers there, it starts target/backprop-service-*.jar
# (build it with ./mvnw -B -ntp package -DskipTests), waits for readiness, and stops that process at the end.
# It only ever aims at 127.0.0.1. Installs wrk with apt-get when missing.
#
# Settings (environment variables, defaults in brackets):
#   PORT [8080]  THREADS [2]  CONNECTIONS [16]  DURATION [10s per run]  ROUNDS [3]  WARMUP [10s, 0 = none]
#   PREDICT_PATH [/predict]  PREDICT_METHOD [POST]  TRIVIAL_PATH [/v2/health/live]
#   API_KEY [unset]  JAR [target/backprop-service-*.jar]  START_TIMEOUT [120] seconds
# Example, trying the mechanics where /predict does not exist yet:
#   PREDICT_PATH=/actuator/health PREDICT_METHOD=GET TRIVIAL_PATH=/actuator/health bench/load.sh
#
# The two endpoints are measured in ROUNDS alternating runs (predict first in odd rounds, trivial first in
# even ones), so that JIT warm-up and other load on the machine weigh on both alike. Prints, for both
# endpoints: req/s (all rounds' requests over all rounds' time), p50 (median of the rounds) and p99 (worst round) latency, HTTP errors (status >= 400, as wrk counts them) and
# socket errors (connect, read, write, timeout); then the ratio of the throughputs. Goal: ratio >= 0.80
# with zero errors. Exit code: 0 when both runs completed (whatever the figures), non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT=${PORT:-8080}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10s}
PREDICT_PATH=${PREDICT_PATH:-/predict}
TRIVIAL_PATH=${TRIVIAL_PATH:-/v2/health/live}
START_TIMEOUT=${START_TIMEOUT:-120}
BASE="http://$HOST:$PORT"
OUT=target/bench
mkdir -p "$OUT"

if ! command -v wrk >/dev/null 2>&1; then
  echo "load: installing wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

started_pid=""
stop_started() {
  if [ -n "$started_pid" ] && kill -0 "$started_pid" 2>/dev/null; then
    echo "load: stopping the service it started (pid $started_pid)"
    kill "$started_pid"
    wait "$started_pid" 2>/dev/null || true
  fi
}
trap stop_started EXIT

if curl -fsS -o /dev/null "$BASE/actuator/health/liveness" 2>/dev/null; then
  echo "load: using the service already running on $BASE"
else
  jar=${JAR:-$(ls target/backprop-service-*.jar 2>/dev/null | head -n 1 || true)}
  [ -n "$jar" ] && [ -f "$jar" ] || { echo "load: nothing on $BASE and no jar: run ./mvnw -B -ntp package -DskipTests" >&2; exit 1; }
  echo "load: starting $jar on $BASE (log: $OUT/service.log)"
  java -jar "$jar" --server.address=$HOST --server.port="$PORT" >"$OUT/service.log" 2>&1 &
  started_pid=$!
  for ((waited = 0; ; waited++)); do
    # readiness waits for the built-in model, which /predict serves
    curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null && break
    kill -0 "$started_pid" 2>/dev/null || { echo "load: the service exited; see $OUT/service.log" >&2; exit 1; }
    [ "$waited" -lt "$START_TIMEOUT" ] || { echo "load: not ready after ${START_TIMEOUT}s" >&2; exit 1; }
    sleep 1
  done
  echo "load: ready after ~${waited}s"
fi

# run NAME SCRIPT PATH DURATION -> the RESULT line of bench/wrk-report.lua
run() {
  wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$4" --latency --script "$2" "$BASE$3" \
    >"$OUT/$1.txt" 2>&1 || { echo "load: wrk failed on $3:" >&2; cat "$OUT/$1.txt" >&2; exit 1; }
  grep '^RESULT ' "$OUT/$1.txt" || { echo "load: no result from wrk on $3:" >&2; cat "$OUT/$1.txt" >&2; exit 1; }
}
field() { sed -nE "s/.* $2=([^ ]+).*/\1/p" <<< "$1"; }

if [ "$WARMUP" != "0" ]; then
  echo "load: warming up both endpoints for $WARMUP each"
  run warmup-predict bench/predict.lua "$PREDICT_PATH" "$WARMUP" >/dev/null
  run warmup-trivial bench/trivial.lua "$TRIVIAL_PATH" "$WARMUP" >/dev/null
fi

echo "load: $THREADS threads, $CONNECTIONS connections, $ROUNDS rounds of $DURATION per endpoint (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
: >"$OUT/predict.results"
: >"$OUT/trivial.results"
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then order="predict trivial"; else order="trivial predict"; fi
  for name in $order; do
    if [ "$name" = predict ]; then path=$PREDICT_PATH; else path=$TRIVIAL_PATH; fi
    run "$name-$round" "bench/$name.lua" "$path" "$DURATION" >>"$OUT/$name.results"
  done
done

# aggregate one endpoint's rounds into one RESULT-style line (POSIX awk: no gawk needed)
aggregate() {
  local median
  median=$(sed -nE 's/.* p50_ms=([^ ]+).*/\1/p' "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  awk -v median="$median" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      requests += v["requests"]; seconds += v["seconds"]; http += v["http_errors"]; socket += v["socket_errors"]
      if (v["p99_ms"] + 0 > p99) p99 = v["p99_ms"] + 0 }
    END { printf "rps=%.1f p50_ms=%s p99_ms=%.2f requests=%d http_errors=%d socket_errors=%d\n",
          requests / seconds, median, p99, requests, http, socket }' "$1"
}
predict=" $(aggregate "$OUT/predict.results")"
trivial=" $(aggregate "$OUT/trivial.results")"

printf '\n%-34s %10s %9s %9s %12s %12s %14s\n' endpoint req/s p50_ms p99_ms requests http_errors socket_errors
for name in predict trivial; do
  result=${!name}
  if [ "$name" = predict ]; then label="${PREDICT_METHOD:-POST} $PREDICT_PATH"; else label="GET $TRIVIAL_PATH"; fi
  printf '%-34s %10s %9s %9s %12s %12s %14s\n' "$label" "$(field "$result" rps)" "$(field "$result" p50_ms)" \
    "$(field "$result" p99_ms)" "$(field "$result" requests)" "$(field "$result" http_errors)" "$(field "$result" socket_errors)"
done

ratio=$(awk -v p="$(field "$predict" rps)" -v t="$(field "$trivial" rps)" 'BEGIN { printf "%.3f", (t > 0 ? p / t : 0) }')
errors=$(( $(field "$predict" http_errors) + $(field "$predict" socket_errors) + $(field "$trivial" http_errors) + $(field "$trivial" socket_errors) ))
verdict=$(awk -v r="$ratio" -v e="$errors" 'BEGIN { print (r >= 0.8 && e == 0) ? "MET" : "NOT MET" }')
echo
echo "throughput ratio predict/trivial: $ratio   errors: $errors   goal (ratio >= 0.80, zero errors): $verdict"
echo "raw wrk output: $OUT/predict-*.txt, $OUT/trivial-*.txt"
