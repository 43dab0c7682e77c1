"""The Iris case study's algorithm in numpy, for a side-by-side timing with the Java engine.

4-5-3, sigmoid everywhere, no biases, weights uniform in [-1, 1), per-row L2 normalisation,
full batch, W += lr * X^T delta summed over the rows, delta = (y - a) a (1 - a), lr 0.1.
Usage: python3 bench/case_study_numpy.py [epochs]   (prints one line: seconds and per-epoch µs)
"""
import csv
import sys
import time

import numpy as np


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) for v in r[1:5]] for r in rows])
    names = sorted(set(r[5] for r in rows), key=[r[5] for r in rows].index)
    y = np.zeros((len(rows), len(names)))
    for i, r in enumerate(rows):
        y[i, names.index(r[5])] = 1
    return x, y


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = sys.argv[2] if len(sys.argv) > 2 else "src/main/resources/datasets/iris.csv"
    x, y = load(path)
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    rng = np.random.default_rng(1)
    test = rng.random(len(x)) < 0.33
    xt, yt = x[~test], y[~test]
    w1 = rng.uniform(-1, 1, (4, 5))
    w2 = rng.uniform(-1, 1, (5, 3))
    lr = 0.1
    start = time.perf_counter()
    for _ in range(epochs):
        a1 = 1 / (1 + np.exp(-(xt @ w1)))
        a2 = 1 / (1 + np.exp(-(a1 @ w2)))
        d2 = (yt - a2) * a2 * (1 - a2)
        d1 = (d2 @ w2.T) * a1 * (1 - a1)
        w2 += lr * a1.T @ d2
        w1 += lr * xt.T @ d1
    seconds = time.perf_counter() - start
    a2 = 1 / (1 + np.exp(-(1 / (1 + np.exp(-(x[test] @ w1))) @ w2)))
    accuracy = (a2.argmax(1) == y[test].argmax(1)).mean()
    print(f"numpy {np.__version__}: {epochs} epochs in {seconds:.3f} s, {seconds / epochs * 1e6:.2f} µs/epoch, "
          f"train rows {len(xt)}, test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
