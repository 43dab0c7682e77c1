"""Training through the HTTP API against scikit-learn's MLPClassifier and numpy, side by side.

Starts the service jar (target/backprop-service-*.jar) on 127.0.0.1, so that the first job after
start-up is measured too, then runs, interleaved, ROUNDS rounds of each workload on both sides and
prints per-round figures and medians:

  case-study  {"datasetId":"iris","preset":"seed-case-study"} vs bench/case_study_numpy.py (100 000 epochs)
  wide        50-256-128-5, relu, Adam lr 0.001, batch 128, 5 epochs, no early stopping, L2 1e-4,
              35 000 rows of make_classification(50 features, 5 classes), all rows trained on
  digits      64-64-10, same settings, 100 epochs, scikit-learn's bundled digits (1 797 rows)

Same rows and settings on both sides; scikit-learn's time includes its StandardScaler (the service
z-scores its inputs too) and runs with its default BLAS threads. Service time is wall clock from the
POST to the job's "done" event on its Server-Sent Events stream; the job's own durationMillis is printed beside it.
It only ever talks to 127.0.0.1.

Usage: python3 bench/api_vs_sklearn.py [ROUNDS]   (env PORT [8089], JAR, JAVA [java],
       JAVA_OPTS [the README's: -XX:+ExitOnOutOfMemoryError -XX:MaxVectorSize=32 --add-modules=jdk.incubator.vector])
"""
import csv
import glob
import io
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings

import numpy as np
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

PORT = int(os.environ.get("PORT", "8089"))
BASE = f"http://127.0.0.1:{PORT}"


def http(method, path, body=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=600) as r:
        text = r.read()
        return json.loads(text) if text else None


def start_service():
    jar = os.environ.get("JAR") or sorted(glob.glob("target/backprop-service-*.jar"))[-1]
    # the README's flags unless JAVA_OPTS says otherwise: what a user's service runs
    cmd = [os.environ.get("JAVA", "java")] + os.environ.get(
        "JAVA_OPTS", "-XX:+ExitOnOutOfMemoryError -XX:MaxVectorSize=32 --add-modules=jdk.incubator.vector").split() + [
        "-jar", jar, "--server.address=127.0.0.1", f"--server.port={PORT}"]
    os.makedirs("target/bench", exist_ok=True)
    log = open("target/bench/api-service.log", "w")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    while True:
        try:
            with urllib.request.urlopen(BASE + "/actuator/health/readiness", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None:
            sys.exit("service exited; see target/bench/api-service.log")
        time.sleep(0.05)
    return proc, time.perf_counter() - started


def upload(name, x, y):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([f"f{j}" for j in range(x.shape[1])] + ["label"])
    for row, label in zip(x, y):
        w.writerow([repr(float(v)) for v in row] + [f"c{label}"])
    summary = http("POST", f"/api/v1/datasets?name={name}&labelColumn=label", out.getvalue().encode(), "text/csv")
    return summary["id"]


def wait_for_done(job_id):
    """Blocks on the job's Server-Sent Events until the "done" event: no CPU spent while waiting.

    (Polling the job every 5 ms, as this script first did, took a core's worth of HTTP work from the
    two cores the training runs on and doubled the service's time on the wide workload.)"""
    req = urllib.request.Request(BASE + f"/api/v1/training-jobs/{job_id}/events")
    with urllib.request.urlopen(req, timeout=600) as stream:
        event = None
        for raw in stream:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event:"):
                event = line[len("event:"):].strip()
            elif line.startswith("data:") and event == "done":
                return json.loads(line[len("data:"):])
    raise SystemExit(f"the event stream of job {job_id} ended without 'done'")


def train(request):
    start = time.perf_counter()
    job = http("POST", "/api/v1/training-jobs", request)
    if job["status"] in ("QUEUED", "RUNNING"):
        job = wait_for_done(job["id"])
    wall = time.perf_counter() - start
    if job["status"] != "SUCCEEDED":
        sys.exit(f"job failed: {job}")
    model = http("GET", f"/api/v1/models/{job['modelId']}")
    http("DELETE", f"/api/v1/models/{job['modelId']}")
    return wall, job["durationMillis"] / 1000, model["metrics"]["train"]["accuracy"]


def mlp_request(dataset, hidden, epochs):
    return {"datasetId": dataset, "modelName": "bench", "hiddenLayers": hidden, "activation": "relu",
            "optimizer": "adam", "learningRate": 0.001, "batchSize": 128, "epochs": epochs, "l2": 1e-4,
            "testFraction": 0, "validationFraction": 0, "earlyStopping": {"enabled": False}, "seed": 1}


def sklearn_fit(x, y, hidden, epochs):
    clf = MLPClassifier(hidden_layer_sizes=tuple(hidden), activation="relu", solver="adam", alpha=1e-4,
                        batch_size=128, learning_rate_init=0.001, max_iter=epochs, shuffle=True,
                        early_stopping=False, tol=0, n_iter_no_change=epochs + 1, random_state=1)
    model = make_pipeline(StandardScaler(), clf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - start
    return seconds, model.score(x, y)


def numpy_case_study():
    out = subprocess.run([sys.executable, "bench/case_study_numpy.py"], capture_output=True, text=True,
                         check=True).stdout
    return float(out.split(" epochs in ")[1].split(" s")[0])


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    proc, startup = start_service()
    try:
        first = train({"datasetId": "iris", "preset": "seed-case-study", "modelName": "bench"})
        print(f"service ready after {startup:.1f} s; first job after start-up (case study): "
              f"wall {first[0]:.3f} s, job {first[1]:.3f} s")
        wx, wy = make_classification(n_samples=35_000, n_features=50, n_informative=30, n_redundant=10,
                                     n_classes=5, n_clusters_per_class=2, random_state=0)
        digits = load_digits()
        wide = upload("wide", wx, wy)
        dig = upload("digits", digits.data, digits.target)
        workloads = {
            "case-study": (lambda: train({"datasetId": "iris", "preset": "seed-case-study", "modelName": "bench"}),
                           lambda: (numpy_case_study(), float("nan")), "numpy"),
            "wide 50-256-128-5": (lambda: train(mlp_request(wide, [256, 128], 5)),
                                  lambda: sklearn_fit(wx, wy, [256, 128], 5), "sklearn"),
            "digits 64-64-10": (lambda: train(mlp_request(dig, [64], 100)),
                                lambda: sklearn_fit(digits.data, digits.target, [64], 100), "sklearn"),
        }
        results = {name: ([], []) for name in workloads}
        for r in range(rounds):
            for name, (ours, theirs, peer) in workloads.items():
                pair = [("service", ours), (peer, theirs)]
                if r % 2:
                    pair.reverse()
                for who, fn in pair:
                    figures = fn()
                    (results[name][0] if who == "service" else results[name][1]).append(figures)
                    print(f"round {r + 1} {name:18s} {who:8s} {figures[0]:.3f} s"
                          + (f" (job {figures[1]:.3f} s, train accuracy {figures[2]:.3f})" if who == "service"
                             else f" (train accuracy {figures[1]:.3f})" if figures[1] == figures[1] else ""))
        print()
        print(f"{'workload':20s} {'service median':>15s} {'peer median':>12s} {'peer/service':>13s}")
        for name, (ours, theirs) in results.items():
            s = statistics.median(f[0] for f in ours)
            p = statistics.median(f[0] for f in theirs)
            print(f"{name:20s} {s:14.3f}s {p:11.3f}s {p / s:12.2f}x  ({workloads[name][2]})")
        numpy_median = statistics.median(f[0] for f in results["case-study"][1])
        print(f"first case-study job after start-up: {first[0]:.3f} s, numpy median {numpy_median:.3f} s, "
              f"{numpy_median / first[0]:.2f}x")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
