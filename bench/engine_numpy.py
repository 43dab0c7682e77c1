"""The engine benchmark's epoch in numpy, for a side-by-side timing with the Java engine.

784-128-10 on 20 000 synthetic rows, mini-batches of 128 (shuffled each epoch), tanh hidden layer,
softmax + cross-entropy, mean reduction, L2 1e-4 on the weights, Adam (lr 0.01, 0.9, 0.999, 1e-8):
the engine's defaults with hidden [128]. Written as numpy is meant to be used (row-major batches,
in-place updates where numpy offers them); OpenBLAS's thread count is set with threadpoolctl.
Usage: python3 bench/engine_numpy.py THREADS [EPOCHS]   (prints one line per thread count)
"""
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    rows, features, classes, hidden, batch = 20_000, 784, 10, 128, 128
    rng = np.random.default_rng(3)
    y = rng.integers(0, classes, rows)
    x = rng.random((rows, features)) + 0.5 * ((np.arange(features)[None, :] % classes) == y[:, None])
    x = (x - x.mean(0)) / x.std(0)
    onehot = np.eye(classes)[y]
    lim1 = np.sqrt(6 / (features + hidden))
    lim2 = np.sqrt(6 / (hidden + classes))
    params = [rng.uniform(-lim1, lim1, (features, hidden)), np.zeros(hidden),
              rng.uniform(-lim2, lim2, (hidden, classes)), np.zeros(classes)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps, l2 = 0.01, 0.9, 0.999, 1e-8, 1e-4
    step = 0
    times = []
    cpu_times = []
    with threadpool_limits(limits=threads, user_api="blas"):
        blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
        for _ in range(epochs):
            start = time.perf_counter()
            cpu_start = time.process_time()
            order = rng.permutation(rows)
            for s in range(0, rows, batch):
                idx = order[s:s + batch]
                xb, yb = x[idx], onehot[idx]
                n = len(idx)
                w1, c1, w2, c2 = params
                a1 = np.tanh(xb @ w1 + c1)
                z2 = a1 @ w2 + c2
                z2 -= z2.max(1, keepdims=True)
                np.exp(z2, out=z2)
                z2 /= z2.sum(1, keepdims=True)
                d2 = (z2 - yb) / n
                d1 = (d2 @ w2.T) * (1 - a1 * a1)
                grads = [xb.T @ d1 + l2 * w1, d1.sum(0), a1.T @ d2 + l2 * w2, d2.sum(0)]
                step += 1
                lr_t = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
                for p, g, mi, vi in zip(params, grads, m, v):
                    mi *= b1
                    mi += (1 - b1) * g
                    vi *= b2
                    vi += (1 - b2) * g * g
                    p -= lr_t * mi / (np.sqrt(vi) + eps)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    # the first epoch pays for warm-up; the median of the rest is the figure
    per_epoch = float(np.median(times[1:] if len(times) > 1 else times))
    # CPU time of the process: with one BLAS thread the same work whatever else loads the machine
    cpu_per_epoch = float(np.median(cpu_times[1:] if len(cpu_times) > 1 else cpu_times))
    flops = 2.0 * rows * (features * hidden + hidden * classes) * 2 + 2.0 * rows * hidden * classes
    info = ", ".join(f"{b['internal_api']} {b['version']} {b.get('architecture')} threads {b['num_threads']}" for b in blas)
    print(f"numpy {np.__version__} ({info}): 784-128-10 threads {threads}: per epoch {per_epoch:.4f} s, "
          f"{flops / per_epoch / 1e9:.2f} GFLOP/s, cpu {cpu_per_epoch:.4f} s per epoch")


if __name__ == "__main__":
    main()
