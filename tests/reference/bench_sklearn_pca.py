#!/usr/bin/python3
"""PCA of MNIST-10k (10,000 x 784, pixels / 255) with q = 100: scikit-learn's
PCA(n_components=100) with its default solver against latentlab-bench's PcaMnist10k/threads:2,
side by side (2 threads, or 1 with --threads 1), and LatentLab's result against
scikit-learn's exact SVD. Not run in CI; run it
through tests/reference/pca_speed.sh, which sets the threads and the BLAS.

    bench_sklearn_pca.py [--rounds R] [--repeat K] [--threads 1|2] [--bench latentlab-bench]
                         [--cli latentlab-cli]

Speed: R rounds; each runs K fits of ours (latentlab-bench, one process) and K of
scikit-learn's (fit() only, the data already float64), the order swapping every round so that
a change in the machine's load falls on both. Prints every fit's wall time, the medians and
their ratio. Without --bench, only scikit-learn is timed.

Exactness (--cli): `latentlab-cli pca --images ... --q 100 --json` against
PCA(svd_solver='full') with svd_flip(u_based_decision=False) applied (our default sign
convention): the largest relative error of the 100 eigenvalues and the largest absolute error
of the components' entries; and the same for scikit-learn's own default solver.
"""
import argparse
import gzip
import json
import os
import subprocess
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.utils.extmath import svd_flip

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
IMAGES = os.path.join(ROOT, "resources", "data", "mnist10k-images-idx3-ubyte.gz")
Q = 100


def mnist10k():
    raw = gzip.open(IMAGES).read()
    count, height, width = (int.from_bytes(raw[o:o + 4], "big") for o in (4, 8, 12))
    pixels = np.frombuffer(raw, np.uint8, count=count * height * width, offset=16)
    return pixels.reshape(count, height * width).astype(np.float64) / 255.0


def blas():
    try:
        from threadpoolctl import threadpool_info
        return [(i.get("internal_api"), i.get("num_threads"), i.get("filepath"))
                for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        return "unknown (no threadpoolctl)"


def sklearn_fits(x, repeat):
    seconds = []
    for _ in range(repeat):
        pca = PCA(n_components=Q)
        start = time.perf_counter()
        pca.fit(x)
        seconds.append(time.perf_counter() - start)
    return seconds, pca


def latentlab_fits(bench, repeat, threads):
    out = subprocess.run([bench, f"--benchmark_filter=^PcaMnist10k/threads:{threads}/",
                          "--benchmark_format=json", f"--benchmark_repetitions={repeat}",
                          "--benchmark_min_time=0.01"],
                         check=True, capture_output=True, text=True).stdout
    return [b["real_time"] / 1000.0 for b in json.loads(out)["benchmarks"]
            if b.get("run_type") == "iteration"]  # real_time is in ms


def errors(values, components, exact, x):
    """Largest relative eigenvalue error and absolute component error against `exact`."""
    _, want = svd_flip(exact.transform(x), exact.components_.copy(), u_based_decision=False)
    ev = np.abs(values - exact.explained_variance_) / exact.explained_variance_
    return {"eigenvalue_rel_err": float(ev.max()),
            "component_abs_err": float(np.abs(components - want).max())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bench", help="latentlab-bench")
    parser.add_argument("--cli", help="latentlab-cli, to check our result's exactness")
    parser.add_argument("--threads", type=int, choices=(1, 2), default=2,
                        help="ours (scikit-learn's BLAS threads are set by the caller)")
    args = parser.parse_args()

    x = mnist10k()
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, BLAS {blas()}")
    print(f"load before: {os.getloadavg()}")
    ours, theirs = [], []
    for r in range(args.rounds):
        sides = [("ours", ours), ("scikit-learn", theirs)]
        if r % 2:
            sides.reverse()
        row = []
        for name, times in sides:
            if name == "ours":
                got = latentlab_fits(args.bench, args.repeat, args.threads) if args.bench else []
            else:
                got, pca = sklearn_fits(x, args.repeat)
            times.extend(got)
            row.append(f"{name} " + " ".join(f"{t:.3f}" for t in got))
        print(f"round {r + 1}: " + ", ".join(row) + " s")
    print(f"load after: {os.getloadavg()}")
    print(f"scikit-learn's solver: {pca._fit_svd_solver}")
    t = float(np.median(theirs))
    if ours:
        o = float(np.median(ours))
        print(f"median wall seconds per PCA: ours {o:.4f}, scikit-learn {t:.4f}; "
              f"ratio {t / o:.2f}x")
    else:
        print(f"median wall seconds per PCA: scikit-learn {t:.4f}")

    if args.cli:
        run = subprocess.run([args.cli, "pca", "--images", IMAGES, "--q", str(Q), "--json"],
                             check=True, capture_output=True, text=True)
        result = json.loads(run.stdout)
        exact = PCA(n_components=Q, svd_solver="full").fit(x)
        mine = errors(np.array(result["eigenvalues"][:Q]), np.array(result["components"][:Q]),
                      exact, x)
        mine["mean_abs_err"] = float(np.abs(np.array(result["mean"]) - exact.mean_).max())
        _, randomized = svd_flip(pca.transform(x), pca.components_.copy(),
                                 u_based_decision=False)
        print(f"ours against scikit-learn's exact SVD: {mine}")
        print("scikit-learn's default solver against its exact SVD: "
              f"{errors(pca.explained_variance_, randomized, exact, x)}")


if __name__ == "__main__":
    main()
