#!/usr/bin/env bash
# /predict latency while a training job uses the cores: wrk against POST /predict (one Iris instance) on an
# idle service, then while a 50-256-128-5 job trains on 35 000 rows, for each training thread count given.
#
# Starts target/backprop-service-*.jar on 127.0.0.1:$PORT once per thread count (--backprop.training.threads),
# uploads a generated 35 000 × 50 dataset (python3 with numpy), and stops the service at the end. Only ever
# aims at 127.0.0.1. Installs wrk with apt-get when missing.
#   PORT [8091]  THREADS_LIST ["2 1"]  DURATION [10s]  CONNECTIONS [16]  WRK_THREADS [1]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8091}
BASE="http://127.0.0.1:$PORT"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-1}
OUT=target/bench
mkdir -p "$OUT"
command -v wrk >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
jar=$(ls target/backprop-service-*.jar | head -n 1)

python3 - "$OUT/wide.csv" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(0)
x = rng.normal(size=(35_000, 50))
y = (x[:, :5] @ rng.normal(size=(5, 5))).argmax(1)
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"f{j}" for j in range(50)) + ",label\n")
    for row, label in zip(x, y):
        f.write(",".join(f"{v:.6f}" for v in row) + f",c{label}\n")
PY

pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT

measure() {  # label -> prints one table row from bench/wrk-report.lua's RESULT line
  wrk --threads "$WRK_THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --latency \
    --script bench/predict.lua "$BASE/predict" >"$OUT/during-$1.txt" 2>&1
  line=$(grep '^RESULT ' "$OUT/during-$1.txt")
  f() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<< "$line"; }
  printf '%-34s %10s %9s %9s %8s\n' "$1" "$(f rps)" "$(f p50_ms)" "$(f p99_ms)" "$(( $(f http_errors) + $(f socket_errors) ))"
}

printf '%-34s %10s %9s %9s %8s\n' case req/s p50_ms p99_ms errors
for threads in ${THREADS_LIST:-2 1}; do
  java -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" --backprop.training.threads="$threads" \
    >"$OUT/during-service-$threads.log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; do sleep 0.2; done
  dataset=$(curl -fsS -X POST -H 'Content-Type: text/csv' --data-binary @"$OUT/wide.csv" \
    "$BASE/api/v1/datasets?name=wide&labelColumn=label" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  # warm /predict up, then idle figures
  wrk --threads 1 --connections 4 --duration 5s --script bench/predict.lua "$BASE/predict" >/dev/null 2>&1
  measure "idle (service with $threads thr.)"
  job=$(curl -fsS -X POST -H 'Content-Type: application/json' "$BASE/api/v1/training-jobs" -d "{\"datasetId\":\"$dataset\",
    \"hiddenLayers\":[256,128],\"activation\":\"relu\",\"batchSize\":128,\"epochs\":200,\"learningRate\":0.001,
    \"earlyStopping\":{\"enabled\":false},\"seed\":1}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  sleep 1
  measure "training on $threads thread(s)"
  status=$(curl -fsS "$BASE/api/v1/training-jobs/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  echo "  (job $status at the end of the run; cancelled now)"
  curl -fsS -o /dev/null -X DELETE "$BASE/api/v1/training-jobs/$job" || true
  stop
done
