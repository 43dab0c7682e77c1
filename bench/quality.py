"""Quality side by side (issue 10): the service's defaults against scikit-learn's MLP and H2O's deep learning.

On the datasets of bench/quality_data.py (generated if absent), for every seed (round) and dataset, in turn:

  ours     the service jar (target/backprop-service-*.jar) on 127.0.0.1: the train CSV is uploaded once
           (POST /api/v1/datasets?name=quality-NAME&labelColumn=LABEL, text/csv); each seed trains with exactly
           {"datasetId": id, "testFraction": 0.3, "seed": s}; the held-out test CSV, less its label column, is
           predicted through POST /api/v1/models/{id}/predictions (text/csv, in chunks of 2 000 rows) and scored
           here. The model's own metrics.test (its internal 30 % hold-out of the train rows) is printed beside
           it as a sanity check; it is not the comparison.
  sklearn  scikit-learn's defaults in the pipeline of the issue, fitted on all train rows: ColumnTransformer of
           [SimpleImputer(mean) + StandardScaler] on numeric columns and [SimpleImputer(most_frequent) +
           OneHotEncoder(handle_unknown="ignore")] on text columns (pandas' dtypes), then MLPClassifier /
           MLPRegressor(random_state=s) with every other setting at its default (hidden (100,), relu, adam, lr
           0.001, max_iter 200, early_stopping False); the target is not scaled (the default).
  sklearn-ys  (regression only, off unless asked for) the same with the target z-scored for the fit
           (TransformedTargetRegressor(StandardScaler)), a stronger reference than the default pipeline
  h2o      H2O-3 3.44.0.1 deep learning with its defaults ([200, 200] rectifier, 10 epochs, seed s) on all train
           rows, through bench/QualityH2o.java; its class path is resolved in a throwaway Maven project under
           /tmp/quality-h2o (never committed) with ./mvnw -o dependency:build-classpath.

Score: accuracy on the test CSV for a classification, R^2 for a regression. Same test rows for all three. Prints
each run, then per dataset the median over the seeds and ours/peer, and writes target/quality/results.json and
target/quality/table.md.

Usage: python3 bench/quality.py [--seeds 1,2,3] [--only passengers,cars] [--sides ours,sklearn,h2o]
       (env PORT [8093], H2O_PORT [54421], JAR, JAVA [java], JAVA_OPTS, DATA [target/quality-data])
Needs numpy, pandas and scikit-learn (a throwaway venv: python3 -m venv /tmp/q-venv &&
/tmp/q-venv/bin/pip install numpy pandas scikit-learn). Talks only to 127.0.0.1.
"""
import argparse
import glob
import io
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality_data  # noqa: E402

PORT = int(os.environ.get("PORT", "8093"))
BASE = f"http://127.0.0.1:{PORT}"
DATA = os.environ.get("DATA", "target/quality-data")
H2O_DIR = "/tmp/quality-h2o"
H2O_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>throwaway</groupId><artifactId>quality-h2o</artifactId><version>1</version><dependencies>
<dependency><groupId>ai.h2o</groupId><artifactId>h2o-core</artifactId><version>3.44.0.1</version></dependency>
<dependency><groupId>ai.h2o</groupId><artifactId>h2o-algos</artifactId><version>3.44.0.1</version></dependency>
<dependency><groupId>ai.h2o</groupId><artifactId>h2o-jetty-9</artifactId><version>3.44.0.1</version></dependency>
</dependencies></project>
"""


def http(method, path, body=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=1200) as r:
            text = r.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path} -> {e.code}: {e.read().decode(errors='replace')[:2000]}") from None


def start_service():
    jar = os.environ.get("JAR") or sorted(glob.glob("target/backprop-service-*.jar"))[-1]
    cmd = [os.environ.get("JAVA", "java")] + os.environ.get("JAVA_OPTS", "").split() + [
        "-jar", jar, "--server.address=127.0.0.1", f"--server.port={PORT}"]
    os.makedirs("target/quality", exist_ok=True)
    log = open("target/quality/service.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    while True:
        try:
            with urllib.request.urlopen(BASE + "/actuator/health/readiness", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if proc.poll() is not None:
            sys.exit("service exited; see target/quality/service.log")
        time.sleep(0.1)


class H2oDriver:
    """One H2O JVM for the whole run, fed one job a line."""

    def __init__(self):
        os.makedirs(H2O_DIR, exist_ok=True)
        with open(os.path.join(H2O_DIR, "pom.xml"), "w") as f:
            f.write(H2O_POM)
        cp_file = os.path.join(H2O_DIR, "cp.txt")
        mvnw = os.path.abspath("mvnw")
        subprocess.run([mvnw, "-B", "-q", "-o", "-f", os.path.join(H2O_DIR, "pom.xml"),
                        "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"], check=True)
        with open(cp_file) as f:
            cp = f.read().strip()
        self.log = open("target/quality/h2o.log", "w")
        self.proc = subprocess.Popen(
            [os.environ.get("JAVA", "java"), "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx6g",
             "-cp", cp, os.path.join(os.path.dirname(os.path.abspath(__file__)), "QualityH2o.java"),
             os.environ.get("H2O_PORT", "54421")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)

    def run(self, name, label, task, seed):
        d = os.path.join(DATA, name)
        self.proc.stdin.write(f"{name} {d}/train.csv {d}/test.csv {label} {task} {seed}\n")
        self.proc.stdin.flush()
        for line in self.proc.stdout:
            if line.startswith("RESULT "):
                parts = line.split()
                return float(parts[3]), float(parts[4])
            self.log.write(line)
        raise RuntimeError("H2O driver ended; see target/quality/h2o.log")

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=120)


def score(task, y_true, y_pred):
    if task == "classification":
        return float(np.mean(np.asarray(y_true, dtype=str) == np.asarray(y_pred, dtype=str)))
    return float(r2_score(np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)))


def sklearn_run(name, label, task, seed, frames, scale_target=False):
    train, test = frames[name]
    x, y = train.drop(columns=[label]), train[label]
    text = [c for c in x.columns if not pd.api.types.is_numeric_dtype(x[c])]
    numeric = [c for c in x.columns if c not in text]
    prep = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         text)])
    mlp = MLPClassifier(random_state=seed) if task == "classification" else MLPRegressor(random_state=seed)
    if scale_target:
        # a stronger regression reference than the defaults: the target z-scored for the fit (as ours does)
        mlp = TransformedTargetRegressor(regressor=mlp, transformer=StandardScaler())
    model = make_pipeline(prep, mlp)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y.astype(str) if task == "classification" else y)
    seconds = time.perf_counter() - started
    predicted = model.predict(test.drop(columns=[label]))
    return score(task, test[label].astype(str) if task == "classification" else test[label], predicted), seconds


class Ours:
    def __init__(self):
        self.datasets = {}

    def dataset(self, name, label):
        if name not in self.datasets:
            with open(os.path.join(DATA, name, "train.csv"), "rb") as f:
                summary = http("POST", f"/api/v1/datasets?name=quality-{name}&labelColumn={label}", f.read(),
                               "text/csv")
            self.datasets[name] = summary["id"]
        return self.datasets[name]

    def run(self, name, label, task, seed, frames):
        dataset = self.dataset(name, label)
        started = time.perf_counter()
        job = http("POST", "/api/v1/training-jobs", {"datasetId": dataset, "testFraction": 0.3, "seed": seed})
        while job["status"] in ("QUEUED", "RUNNING"):
            time.sleep(0.05)
            job = http("GET", f"/api/v1/training-jobs/{job['id']}")
        seconds = time.perf_counter() - started
        if job["status"] != "SUCCEEDED":
            raise RuntimeError(f"{name} seed {seed}: job {job['status']}: {job.get('error')}")
        model = http("GET", f"/api/v1/models/{job['modelId']}")
        test = frames[name][1]
        with open(os.path.join(DATA, name, "test.csv")) as f:
            lines = f.read().splitlines()
        header = lines[0].split(",")
        keep = [i for i, c in enumerate(header) if c != label]
        predicted = []
        for start in range(1, len(lines), 2000):
            chunk = [lines[0]] + lines[start:start + 2000]
            # the test file has no quoted commas (quality_data.py writes none), so dropping a column is a split
            body = "\n".join(",".join(row.split(",")[i] for i in keep) for row in chunk) + "\n"
            out = http("POST", f"/api/v1/models/{job['modelId']}/predictions", body.encode(), "text/csv")
            for p in out["predictions"]:
                predicted.append(p["label"] if task == "classification" else p["value"])
        y = test[label].astype(str) if task == "classification" else test[label]
        internal = model["metrics"]["test"]
        internal_score = internal.get("accuracy") if task == "classification" else internal.get("r2")
        config = job["config"]
        epochs = job.get("progress", {}).get("epoch")
        http("DELETE", f"/api/v1/models/{job['modelId']}")
        extra = (f"internal test {internal_score:.4f}, hidden {config.get('hiddenLayers')}, lr "
                 f"{config.get('learningRate')}, epochs run {epochs}")
        return score(task, y, predicted), seconds, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--only", default=",".join(quality_data.DATASETS))
    ap.add_argument("--sides", default="ours,sklearn,h2o")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    names = args.only.split(",")
    sides = args.sides.split(",")
    if not all(os.path.exists(os.path.join(DATA, n, "test.csv")) for n in names):
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "quality_data.py"), DATA],
                       check=True)
    frames = {n: (pd.read_csv(os.path.join(DATA, n, "train.csv")), pd.read_csv(os.path.join(DATA, n, "test.csv")))
              for n in names}
    os.makedirs("target/quality", exist_ok=True)
    service = start_service() if "ours" in sides else None
    h2o = H2oDriver() if "h2o" in sides else None
    ours = Ours()
    results = {n: {s: [] for s in sides} for n in names}
    try:
        for seed in seeds:
            for name in names:
                task, label = quality_data.DATASETS[name]
                for side in sides:
                    if side == "ours":
                        value, seconds, extra = ours.run(name, label, task, seed, frames)
                    elif side == "sklearn":
                        (value, seconds), extra = sklearn_run(name, label, task, seed, frames), ""
                    elif side == "sklearn-ys":
                        if task == "classification":
                            continue
                        (value, seconds), extra = sklearn_run(name, label, task, seed, frames, True), ""
                    else:
                        (value, seconds), extra = h2o.run(name, label, task, seed), ""
                    results[name][side].append(value)
                    print(f"seed {seed} {name:11s} {side:10s} {'accuracy' if task == 'classification' else 'R2':8s}"
                          f" {value:.4f}  {seconds:7.1f} s  {extra}", flush=True)
    finally:
        if service:
            service.terminate()
            service.wait(timeout=60)
        if h2o:
            h2o.close()
    lines = ["| dataset | task (score) | train rows | test rows | " + " | ".join(sides)
             + (" | ours/sklearn | ours/H2O |" if "ours" in sides else " |"),
             "|---|---|---:|---:|" + "---:|" * len(sides) + ("---:|---:|" if "ours" in sides else "")]
    for name in names:
        task, _ = quality_data.DATASETS[name]
        train, test = frames[name]
        med = {s: statistics.median(results[name][s]) for s in sides if results[name][s]}
        cells = [f"{med[s]:.4f}" if s in med else "–" for s in sides]
        if "ours" in sides:
            cells += [f"{med['ours'] / med[p]:.3f}" if p in med else "-" for p in ("sklearn", "h2o")]
        lines.append(f"| {name} | {task} ({'accuracy' if task == 'classification' else 'R²'}) | {len(train)} | "
                     f"{len(test)} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(f"\nmedians over seeds {seeds}\n{table}")
    with open("target/quality/results.json", "w") as f:
        json.dump({"seeds": seeds, "results": results}, f, indent=1)
    with open("target/quality/table.md", "w") as f:
        f.write(table + "\n")


if __name__ == "__main__":
    main()
