#!/usr/bin/env bash
# The first case-study job after start-up, ROUNDS times (a fresh JVM each), against numpy's case study in between.
# Starts target/backprop-service-*.jar on 127.0.0.1:$PORT, waits for readiness, posts
# {"datasetId":"iris","preset":"seed-case-study"}, polls the job to its end, stops the service.
#   PORT [8095]  ROUNDS [3]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8095}
BASE="http://127.0.0.1:$PORT"
jar=$(ls target/backprop-service-*.jar | head -n 1)
mkdir -p target/bench
for ((round = 1; round <= ${ROUNDS:-3}; round++)); do
  java -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" >target/bench/first-job-service.log 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "$BASE/actuator/health/readiness" 2>/dev/null; do sleep 0.1; done
  python3 - "$BASE" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
start = time.perf_counter()
job = call("POST", "/api/v1/training-jobs", {"datasetId": "iris", "preset": "seed-case-study", "modelName": "first"})
while job["status"] in ("QUEUED", "RUNNING"):
    time.sleep(0.005)
    job = call("GET", "/api/v1/training-jobs/" + job["id"])
print(f"first job after start-up: wall {time.perf_counter() - start:.3f} s, job {job['durationMillis'] / 1000:.3f} s, {job['status']}")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -o "Engine warmed up in [0-9]* ms" target/bench/first-job-service.log || true
  python3 bench/case_study_numpy.py
done
