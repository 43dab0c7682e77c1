"""Where the time of the first case-study jobs after start-up goes.

Starts the service jar as bench/api_vs_sklearn.py does (same PORT, JAR, JAVA and JAVA_OPTS), submits
JOBS case-study jobs ({"datasetId":"iris","preset":"seed-case-study"}) one after the other, waits
for each on its event stream, and prints per job: the POST until the job's createdAt, createdAt to
startedAt (the queue's claim), the run (startedAt to finishedAt) with the model's own
provenance.trainingMillis, finishedAt until the "done" event arrived, and the wall time from the
POST to that event. Each job's model is deleted after it. It only ever talks to 127.0.0.1.

Usage: python3 bench/first_job.py [JOBS]   (default 3; run it several times: one first job per start)
"""
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_vs_sklearn as bench  # noqa: E402


def seconds(timestamp):
    return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def main():
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    proc, startup = bench.start_service()
    try:
        print(f"service ready after {startup:.1f} s")
        for n in range(1, jobs + 1):
            posted = time.time()
            job = bench.http("POST", "/api/v1/training-jobs",
                             {"datasetId": "iris", "preset": "seed-case-study", "modelName": "first-job"})
            done = bench.wait_for_done(job["id"])
            received = time.time()
            created, started, finished = (seconds(done[k]) for k in ("createdAt", "startedAt", "finishedAt"))
            model = bench.http("GET", f"/api/v1/models/{done['modelId']}")
            print(f"job {n}: post->created {1e3 * (created - posted):5.1f} ms, claim {1e3 * (started - created):5.1f} ms, "
                  f"run {1e3 * (finished - started):6.1f} ms (training {model['provenance']['trainingMillis']} ms), "
                  f"done event after {1e3 * (received - finished):5.1f} ms, wall {received - posted:.3f} s")
            bench.http("DELETE", f"/api/v1/models/{done['modelId']}")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
