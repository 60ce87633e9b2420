#!/usr/bin/python3
"""Time one EM iteration of scikit-learn's GaussianMixture (full covariance, K = 3, d = 2,
N = 1,000,000) on the same data and start as latentlab-bench's EmIterationFullK3, and, given
the latentlab-bench executable, run ours right after and print the ratio. Not run in CI.

    /usr/bin/python3 tests/reference/bench_sklearn_em.py [build/release/tests/latentlab-bench]

The data follow the formula in tests/bench/bench_data.h (a Weyl sequence through
Box-Muller). scikit-learn's fit() also initialises and ends with an extra E-step, so its
per-iteration time is (t(max_iter = 11) - t(max_iter = 1)) / 10, best of 3 repetitions.
"""
import json
import subprocess
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

N = 1_000_000


def bench_data(n):
    s = np.arange(n, dtype=np.float64) + 0.5
    u = s * 0.6180339887498949 - np.floor(s * 0.6180339887498949)
    v = s * 0.41421356237309503 - np.floor(s * 0.41421356237309503)
    r = np.sqrt(-2.0 * np.log(u))
    z1 = r * np.cos(2.0 * np.pi * v)
    z2 = r * np.sin(2.0 * np.pi * v)
    means = np.array([[0.0, 0.0], [5.0, 1.0], [1.0, 5.0]])
    a = np.array([[1.0, 0.0, 0.5, 0.8], [0.6, 0.0, 0.0, 1.5], [1.2, 0.0, -0.6, 0.7]])
    c = np.arange(n) % 3
    x = np.empty((n, 2))
    x[:, 0] = means[c, 0] + a[c, 0] * z1 + a[c, 1] * z2
    x[:, 1] = means[c, 1] + a[c, 2] * z1 + a[c, 3] * z2
    return x


def fit_seconds(x, max_iter):
    gm = GaussianMixture(n_components=3, covariance_type="full", tol=0.0, reg_covar=1e-6,
                         max_iter=max_iter, init_params="random_from_data",
                         weights_init=np.full(3, 1.0 / 3.0),
                         means_init=np.array([[0.5, 0.5], [4.0, 2.0], [2.0, 4.0]]),
                         precisions_init=np.array([np.eye(2)] * 3), random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        gm.fit(x)
        return time.perf_counter() - t0


def sklearn_seconds_per_iteration(x):
    best = float("inf")
    for _ in range(3):
        best = min(best, (fit_seconds(x, 11) - fit_seconds(x, 1)) / 10.0)
    return best


def latentlab_seconds_per_iteration(bench):
    out = subprocess.run([bench, "--benchmark_filter=EmIterationFullK3/n:1000000/",
                          "--benchmark_format=json", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            threads = b["run_name"].split("threads:")[1].split("/")[0]
            rows[int(threads)] = b["real_time"] / 1000.0  # reported in ms
    return rows


def main():
    x = bench_data(N)
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, N = {N}")
    ours = latentlab_seconds_per_iteration(sys.argv[1]) if len(sys.argv) > 1 else {}
    theirs = sklearn_seconds_per_iteration(x)
    print(f"scikit-learn: {theirs * 1000:.1f} ms per iteration")
    for threads, sec in sorted(ours.items()):
        print(f"latentlab (threads = {threads}): {sec * 1000:.1f} ms per iteration, "
              f"{theirs / sec:.1f}x faster")


if __name__ == "__main__":
    main()
