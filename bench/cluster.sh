#!/usr/bin/env bash
# Cluster figures against real processes, with the default cluster settings (refresh 500ms, polling 500ms,
# heartbeat 2s x 5): two replicas (java -jar) on one PostgreSQL, plus one in-memory process for comparison.
# Prints, for docs/cluster.md:
#   predict   POST /predict req/s on the in-memory process (default embedded H2) and on a PostgreSQL-backed
#             replica, measured in alternating rounds in the same run (wrk, bench/predict.lua)
#   pickup    job accepted -> RUNNING, the accepting replica's worker idle (it claims the job itself)
#   pickup-other   the same, the accepting replica's only worker busy: the other replica's poll claims it
#   refresh   alias moved on one replica -> the other serves name@alias (the model refresh interval)
#   visible   a job run on one replica seen SUCCEEDED on the other -> the other serves its model (until then
#             it answers 404 for a model its own job view already names)
#   cancel    DELETE on the replica not running the job -> the job is CANCELLED
#   rerun     kill -9 of the replica running a job -> the other replica runs it again (attempt 2)
#   handover  SIGTERM (graceful stop) of the replica running a job -> attempt 2 starts (handover-exit: -> the
#             stopping process has exited; and how often attempt 2 ran on the stopping replica itself)
# Each latency is measured twice: by the client (polling every POLL_MS) and, where the job records it, from the
# job's own timestamps (createdAt, startedAt, finishedAt; same machine, so same clock).
#
# PostgreSQL: with SPRING_DATASOURCE_URL (+ _USERNAME, _PASSWORD) set, that database is used (it must be one no
# other replica uses); else a throwaway server is started from Debian's postgresql package (installed with
# apt-get when missing) in a temporary directory on 127.0.0.1:$PG_PORT, and removed at the end.
# Needs target/backprop-service-*.jar (./mvnw -B -ntp package -DskipTests); installs wrk and jq when missing.
# Only ever aims at 127.0.0.1. Every process it starts is stopped at the end.
#
# Settings (environment variables, defaults in brackets):
#   PORT_MEMORY [18090] PORT_A [18091] PORT_B [18092] PG_PORT [55432] JAVA_OPTS [-Xmx1g]
#   DURATION [10s per round] ROUNDS [4] WARMUP [10s] THREADS [2] CONNECTIONS [16]
#   PICKUPS [10] REFRESHES [10] VISIBLES [10] CANCELS [5] KILLS [3] HANDOVERS [2] POLL_MS [20] START_TIMEOUT [180]
#   ONLY [all; or a space-separated subset of: predict pickup refresh visible cancel rerun handover]
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT_MEMORY=${PORT_MEMORY:-18090}
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
PG_PORT=${PG_PORT:-55432}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PICKUPS=${PICKUPS:-10}
REFRESHES=${REFRESHES:-10}
VISIBLES=${VISIBLES:-10}
CANCELS=${CANCELS:-5}
KILLS=${KILLS:-3}
HANDOVERS=${HANDOVERS:-2}
POLL_MS=${POLL_MS:-20}
START_TIMEOUT=${START_TIMEOUT:-180}
ONLY=${ONLY:-predict pickup refresh visible cancel rerun handover}
OUT=target/bench/cluster
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: >"$RESULTS"

say() { echo "cluster: $*"; }
die() { echo "cluster: FAIL: $*" >&2; exit 1; }
wants() { [[ " $ONLY " == *" $1 "* ]]; }

export DEBIAN_FRONTEND=noninteractive
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
jar=${JAR:-$(ls target/backprop-service-*.jar 2>/dev/null | head -n 1 || true)}
[ -n "$jar" ] && [ -f "$jar" ] || die "no jar: run ./mvnw -B -ntp package -DskipTests"

# ---- processes we start, stopped on exit ------------------------------------------------------------
declare -A pids=()
pg_dir=""
pg_bin=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for name in "${!pids[@]}"; do
    kill "${pids[$name]}" 2>/dev/null || true
  done
  for name in "${!pids[@]}"; do
    wait "${pids[$name]}" 2>/dev/null || true
  done
  if [ -n "$pg_dir" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

# ---- PostgreSQL ---------------------------------------------------------------------------------------
if [ -n "${SPRING_DATASOURCE_URL:-}" ]; then
  say "using the database at $SPRING_DATASOURCE_URL"
  DB_URL=$SPRING_DATASOURCE_URL DB_USER=${SPRING_DATASOURCE_USERNAME:-} DB_PASSWORD=${SPRING_DATASOURCE_PASSWORD:-}
else
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$pg_bin" ]; then
    say "installing postgresql"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  pg_dir=$(mktemp -d /tmp/backprop-bench-pg.XXXXXX)
  DB_USER=backprop DB_PASSWORD=backprop DB_URL="jdbc:postgresql://$HOST:$PG_PORT/backprop"
  echo "$DB_PASSWORD" >"$pg_dir/password"
  [ "$(id -u)" != 0 ] || chown -R postgres "$pg_dir"
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U "$DB_USER" --pwfile="$pg_dir/password" --auth=scram-sha-256 \
    >"$OUT/initdb.log" 2>&1 || { cat "$OUT/initdb.log" >&2; die "initdb failed"; }
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses=$HOST -p $PG_PORT -k $pg_dir" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; die "PostgreSQL did not start"; }
  PGPASSWORD=$DB_PASSWORD "$pg_bin/psql" -q -h $HOST -p "$PG_PORT" -U "$DB_USER" -d postgres \
    -c "CREATE DATABASE backprop" || die "could not create the database"
  say "started PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $HOST:$PG_PORT (data in $pg_dir)"
fi

# ---- the service's processes ----------------------------------------------------------------------------
# start NAME PORT [ARGS...]: a replica named NAME (its worker name) on PORT; in-memory unless ARGS give a database
start() {
  local name=$1 port=$2
  shift 2
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" --server.address=$HOST --server.port="$port" --backprop.cluster.worker-name="$name" "$@" \
    >>"$OUT/$name.log" 2>&1 &
  pids[$name]=$!
}
start_replica() {
  SPRING_DATASOURCE_URL=$DB_URL SPRING_DATASOURCE_USERNAME=$DB_USER SPRING_DATASOURCE_PASSWORD=$DB_PASSWORD start "$@"
}
await_ready() {
  local name=$1 port=$2 waited
  for ((waited = 0; ; waited++)); do
    curl -fsS -o /dev/null "http://$HOST:$port/actuator/health/readiness" 2>/dev/null && break
    kill -0 "${pids[$name]}" 2>/dev/null || die "$name exited; see $OUT/$name.log"
    [ "$waited" -lt "$START_TIMEOUT" ] || die "$name not ready after ${START_TIMEOUT}s"
    sleep 1
  done
  echo "$waited"
}
declare -A port_of=([A]=$PORT_A [B]=$PORT_B [memory]=$PORT_MEMORY)
other() { if [ "$1" = A ]; then echo B; else echo A; fi; }

: >"$OUT/A.log"; : >"$OUT/B.log"; : >"$OUT/memory.log"
start_replica A "$PORT_A"
start_replica B "$PORT_B"
wants predict && start memory "$PORT_MEMORY"
ready_a=$(await_ready A "$PORT_A"); ready_b=$(await_ready B "$PORT_B")
say "replicas A and B, started together, ready after ~${ready_a}s and ~${ready_b}s"
if wants predict; then ready_memory=$(await_ready memory "$PORT_MEMORY"); say "in-memory process ready after ~${ready_memory}s"; fi

# ---- helpers ----------------------------------------------------------------------------------------------
# api REPLICA METHOD PATH [JSON] -> the response body
api() {
  local url="http://$HOST:${port_of[$1]}$3"
  if [ $# -ge 4 ]; then
    curl -sS -X "$2" -H 'Content-Type: application/json' -d "$4" "$url"
  else
    curl -sS -X "$2" "$url"
  fi
}
job() { api "$1" GET "/api/v1/training-jobs/$2"; }
now_ms() { date +%s%3N; }
ts_ms() { date -d "$1" +%s%3N; }
pause() { sleep "$(awk -v ms="$POLL_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"; }
# until_job REPLICA JOB CONDITION [TIMEOUT_S]: polls the job until CONDITION (a bash test of $status and
# $attempt) holds; prints the time it held. No jq per poll: one curl is the whole cost of a poll.
until_job() {
  local deadline=$(( $(now_ms) + ${4:-60} * 1000 )) body status attempt
  while :; do
    body=$(job "$1" "$2")
    [[ $body =~ \"status\":\"([A-Z]+)\" ]] && status=${BASH_REMATCH[1]} || status=""
    [[ $body =~ \"attempt\":([0-9]+) ]] && attempt=${BASH_REMATCH[1]} || attempt=0
    if eval "$3"; then now_ms; return; fi
    [ "$(now_ms)" -lt "$deadline" ] || die "job $2 on $1: '$3' not reached in ${4:-60}s: $body"
    pause
  done
}
submit() {   # submit REPLICA CONFIG-JSON -> job id
  local body
  body=$(api "$1" POST /api/v1/training-jobs "$2")
  jq -er .id <<< "$body" 2>/dev/null || die "job not accepted by $1: $body"
}
SHORT='{"datasetId": "iris", "modelName": "bench-short", "epochs": 30, "seed": 1}'
# the Iris case study: ~1-2 s per 100 000 epochs here
long() { echo "{\"datasetId\": \"iris\", \"modelName\": \"bench-long\", \"preset\": \"seed-case-study\", \"epochs\": $1, \"seed\": 7}"; }
record() { echo "$*" >>"$RESULTS"; }   # record METRIC VALUE_MS [SERVER_MS]
wait_finished() { until_job "$1" "$2" '[[ $status =~ ^(SUCCEEDED|FAILED|CANCELLED)$ ]]' "${3:-120}" >/dev/null; }

# ---- /predict: in-memory vs PostgreSQL-backed, alternating rounds -----------------------------------------
wrk_run() {   # wrk_run NAME PORT DURATION -> RESULT line
  wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$3" --latency --script bench/predict.lua \
    "http://$HOST:$2/predict" >"$OUT/$1.txt" 2>&1 || { cat "$OUT/$1.txt" >&2; die "wrk failed"; }
  grep '^RESULT ' "$OUT/$1.txt" || die "no result from wrk: $(cat "$OUT/$1.txt")"
}
if wants predict; then
  if [ "$WARMUP" != 0 ]; then
    say "predict: warming up both for $WARMUP"
    wrk_run warmup-memory "$PORT_MEMORY" "$WARMUP" >/dev/null
    wrk_run warmup-postgres "$PORT_A" "$WARMUP" >/dev/null
  fi
  say "predict: $ROUNDS alternating rounds of $DURATION each, $THREADS threads, $CONNECTIONS connections (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  : >"$OUT/predict-memory.results"; : >"$OUT/predict-postgres.results"
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then order="memory postgres"; else order="postgres memory"; fi
    for mode in $order; do
      if [ $mode = memory ]; then port=$PORT_MEMORY; else port=$PORT_A; fi
      line=$(wrk_run "predict-$mode-$round" "$port" "$DURATION")
      echo "$line" >>"$OUT/predict-$mode.results"
      say "  round $round $mode: $(sed -E 's/.* rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+).*/\1 req\/s, p50 \2 ms, p99 \3 ms/' <<< "$line")"
    done
  done
  for mode in memory postgres; do
    # all rounds' requests over all rounds' time; p50 the median of the rounds, p99 the worst round (as bench/load.sh)
    median=$(sed -nE 's/.* p50_ms=([^ ]+).*/\1/p' "$OUT/predict-$mode.results" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    awk -v mode=$mode -v median="$median" '
      { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        requests += v["requests"]; seconds += v["seconds"]; errors += v["http_errors"] + v["socket_errors"]
        if (v["p99_ms"] + 0 > p99) p99 = v["p99_ms"] + 0 }
      END { printf "predict-%s rps=%.1f p50_ms=%s p99_ms=%.2f requests=%d errors=%d\n", mode, requests / seconds, median, p99, requests, errors }' \
      "$OUT/predict-$mode.results" >>"$RESULTS"
  done
  kill "${pids[memory]}"; wait "${pids[memory]}" 2>/dev/null || true; unset 'pids[memory]'
fi

# ---- pick-up latency ----------------------------------------------------------------------------------------
if wants pickup; then
  say "pickup: warming up (2 unrecorded jobs on each replica)"
  for r in A B A B; do id=$(submit "$r" "$SHORT"); wait_finished "$r" "$id"; done
  say "pickup: $PICKUPS short jobs, each accepted by an idle replica (alternately A and B)"
  for ((i = 1; i <= PICKUPS; i++)); do
    r=$([ $((i % 2)) = 1 ] && echo A || echo B)
    t0=$(now_ms); id=$(submit "$r" "$SHORT")
    t1=$(until_job "$r" "$id" '[ "$status" != QUEUED ]')
    body=$(job "$r" "$id")
    record pickup $((t1 - t0)) $(( $(ts_ms "$(jq -r .startedAt <<< "$body")") - $(ts_ms "$(jq -r .createdAt <<< "$body")") ))
    wait_finished "$r" "$id"
  done
  say "pickup-other: $PICKUPS short jobs accepted by a replica whose worker is busy"
  for ((i = 1; i <= PICKUPS; i++)); do
    r=$([ $((i % 2)) = 1 ] && echo A || echo B)
    busy=$(submit "$r" "$(long 1000000)")
    until_job "$r" "$busy" '[ "$status" = RUNNING ]' >/dev/null
    busy_worker=$(job "$r" "$busy" | jq -r .worker)
    t0=$(now_ms); id=$(submit "$busy_worker" "$SHORT")
    t1=$(until_job "$busy_worker" "$id" '[ "$status" != QUEUED ]')
    # (a short job may be over by the next poll, and a finished job names no worker: the busy one cannot run it,
    # its only worker being taken)
    body=$(job "$busy_worker" "$id")
    record pickup-other $((t1 - t0)) $(( $(ts_ms "$(jq -r .startedAt <<< "$body")") - $(ts_ms "$(jq -r .createdAt <<< "$body")") ))
    api "$r" DELETE "/api/v1/training-jobs/$busy" >/dev/null
    wait_finished "$r" "$busy"; wait_finished "$r" "$id"
  done
fi

# ---- model refresh: an alias moved on one replica, served by the other --------------------------------------
if wants refresh; then
  say "refresh: $REFRESHES alias moves, each followed on the other replica"
  id=$(submit A "$SHORT"); wait_finished A "$id"
  id=$(submit A "$SHORT"); wait_finished A "$id"
  versions=$(api A GET /api/v1/models/bench-short/versions | jq -r '.[].version' | sort -n | tail -n 2 | xargs)
  [ "$(wc -w <<< "$versions")" = 2 ] || die "expected two versions of bench-short, got '$versions'"
  for ((i = 1; i <= REFRESHES; i++)); do
    from=$([ $((i % 2)) = 1 ] && echo A || echo B); to=$(other "$from")
    version=$(cut -d' ' -f$(( (i % 2) + 1 )) <<< "$versions")
    t0=$(now_ms)
    api "$from" PUT /api/v1/models/bench-short/aliases/bench "{\"version\": $version}" >/dev/null
    deadline=$((t0 + 10000))
    until [ "$(api "$to" GET /api/v1/models/bench-short@bench | jq -r .version 2>/dev/null)" = "$version" ]; do
      [ "$(now_ms)" -lt "$deadline" ] || die "$to did not serve bench-short@bench = v$version within 10 s"
      pause
    done
    record refresh $(( $(now_ms) - t0 ))
  done
fi

# ---- a model trained on one replica, served by the other -------------------------------------------------------
if wants visible; then
  say "visible: $VISIBLES short jobs, each followed on the replica that does not run it, then its model fetched there"
  misses=0
  for ((i = 1; i <= VISIBLES; i++)); do
    r=$([ $((i % 2)) = 1 ] && echo A || echo B); o=$(other "$r")
    id=$(submit "$r" "$SHORT")
    t0=$(until_job "$o" "$id" '[ "$status" = SUCCEEDED ]')
    model=$(job "$o" "$id" | jq -r .modelId)
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://$HOST:${port_of[$o]}/api/v1/models/$model")
    [ "$code" = 200 ] || misses=$((misses + 1))
    until [ "$code" = 200 ]; do
      [ "$(now_ms)" -lt $((t0 + 10000)) ] || die "$o did not serve model $model within 10 s of reporting its job done"
      pause
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://$HOST:${port_of[$o]}/api/v1/models/$model")
    done
    record visible $(( $(now_ms) - t0 ))
  done
  say "  $misses of $VISIBLES: the replica answered 404 for the model right after reporting its job SUCCEEDED"
fi

# ---- cancel across replicas -----------------------------------------------------------------------------------
if wants cancel; then
  say "cancel: $CANCELS long jobs, each cancelled on the replica that does not run it"
  for ((i = 1; i <= CANCELS; i++)); do
    r=$([ $((i % 2)) = 1 ] && echo A || echo B)
    id=$(submit "$r" "$(long 1000000)")
    until_job "$r" "$id" '[ "$status" = RUNNING ]' >/dev/null
    sleep 0.5
    runner=$(job "$r" "$id" | jq -r .worker); canceller=$(other "$runner")
    t0=$(now_ms)
    api "$canceller" DELETE "/api/v1/training-jobs/$id" >/dev/null
    t1=$(until_job "$canceller" "$id" '[ "$status" = CANCELLED ]' 10)
    finished=$(ts_ms "$(job "$canceller" "$id" | jq -r .finishedAt)")
    record cancel $((t1 - t0)) $((finished - t0))
  done
fi

# ---- a killed replica's job, run again by the other ---------------------------------------------------------
# gone PID: the process has exited (or is a zombie waiting to be reaped)
gone() { [ ! -r "/proc/$1/stat" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

# A job running on one replica (submitted to A; whichever runs it), which is then killed with SIGKILL: the
# other replica runs the job again once the heartbeat lapses.
rerun() {
  local id runner survivor t0 t1 body
  id=$(submit A "$(long 600000)")
  until_job A "$id" '[ "$status" = RUNNING ]' >/dev/null
  sleep 1
  runner=$(job A "$id" | jq -r .worker); survivor=$(other "$runner")
  t0=$(now_ms)
  kill -KILL "${pids[$runner]}"
  # waited for at once, inside the redirection: bash reports a child that a signal ended ("Killed") when it reaps it
  { wait "${pids[$runner]}"; } 2>/dev/null || true
  t1=$(until_job "$survivor" "$id" '[ "$attempt" -ge 2 ]' 120)
  body=$(job "$survivor" "$id")
  record rerun $((t1 - t0)) $(( $(ts_ms "$(jq -r .startedAt <<< "$body")") - t0 ))
  wait_finished "$survivor" "$id" 120
  body=$(job "$survivor" "$id")
  say "  $runner got SIGKILL; job $id ran again (attempt $(jq -r .attempt <<< "$body")) on $survivor: $(jq -r .status <<< "$body")"
  [ "$(jq -r .status <<< "$body")" = SUCCEEDED ] || die "job $id ended $(jq -r .status <<< "$body") after the re-run"
  start_replica "$runner" "${port_of[$runner]}"
  local ready
  ready=$(await_ready "$runner" "${port_of[$runner]}")
}

# The same with SIGTERM (a graceful stop): the job should go back to the queue at once and run again on the
# other replica. Records when the stopping process exited, when attempt 2 started (job timestamp), and which
# replica ran attempt 2 (seen while it runs; "?" when it was over between two polls).
handover() {
  local id runner survivor pid t0 exited="" second="" body worker="?"
  id=$(submit A "$(long 600000)")
  until_job A "$id" '[ "$status" = RUNNING ]' >/dev/null
  sleep 1
  runner=$(job A "$id" | jq -r .worker); survivor=$(other "$runner"); pid=${pids[$runner]}
  t0=$(now_ms)
  kill -TERM "$pid"
  local deadline=$((t0 + 120000))
  while [ -z "$exited" ] || [ -z "$second" ]; do
    if [ -z "$exited" ] && gone "$pid"; then exited=$(now_ms); fi
    if [ -z "$second" ]; then
      body=$(job "$survivor" "$id")
      if [[ $body =~ \"attempt\":([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 2 ]; then
        [[ $body =~ \"worker\":\"([^\"]+)\" ]] && worker=${BASH_REMATCH[1]}
        second=$(( $(ts_ms "$(jq -r .startedAt <<< "$body")") - t0 ))
      fi
    fi
    [ "$(now_ms)" -lt "$deadline" ] || die "job $id: no second attempt, or $runner still running, 120 s after SIGTERM"
    pause
  done
  { wait "$pid"; } 2>/dev/null || true
  wait_finished "$survivor" "$id" 120
  body=$(job "$survivor" "$id")
  record handover-exit $((exited - t0))
  record handover "$second" "$second"
  if [ "$worker" = "$runner" ]; then record handover-self 1; else record handover-self 0; fi
  say "  $runner got SIGTERM, exited after $((exited - t0)) ms; attempt 2 started after $second ms on $worker; $(jq -r .status <<< "$body") (attempt $(jq -r .attempt <<< "$body"))"
  start_replica "$runner" "${port_of[$runner]}"
  local ready
  ready=$(await_ready "$runner" "${port_of[$runner]}")
}
if wants rerun; then
  say "rerun: $KILLS times kill -9 of the replica running a job"
  for ((i = 1; i <= KILLS; i++)); do rerun; done
fi
if wants handover; then
  say "handover: $HANDOVERS times SIGTERM of the replica running a job"
  for ((i = 1; i <= HANDOVERS; i++)); do handover; done
fi

# ---- summary --------------------------------------------------------------------------------------------------
echo
printf '%-14s %6s %10s %10s %10s %16s\n' metric n median_ms min_ms max_ms server_median_ms
for metric in pickup pickup-other refresh visible cancel rerun handover-exit handover; do
  grep -q "^$metric " "$RESULTS" || continue
  awk -v m="$metric" '$1 == m { n++; c[n] = $2; if (NF > 2) { s++; sv[s] = $3 } }
    function median(a, k,   i, j, t) { for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END { mc = median(c, n); printf "%-14s %6d %10s %10d %10d %16s\n", m, n, mc, c[1], c[n], s ? median(sv, s) : "-" }' "$RESULTS"
done
if grep -q '^handover-self ' "$RESULTS"; then
  echo "handover: attempt 2 ran on the stopping replica itself in $(awk '$1 == "handover-self" { s += $2; n++ } END { print s " of " n }' "$RESULTS") graceful stops"
fi
if grep -q '^predict-' "$RESULTS"; then
  echo
  grep '^predict-' "$RESULTS"
  awk '/^predict-memory/ { split($2, a, "="); m = a[2] } /^predict-postgres/ { split($2, a, "="); p = a[2] }
    END { printf "predict req/s PostgreSQL-backed / in-memory: %.3f (goal >= 0.90)\n", p / m }' "$RESULTS"
fi
echo "raw figures: $RESULTS, logs: $OUT/*.log"
