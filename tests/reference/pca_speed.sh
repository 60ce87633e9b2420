#!/bin/sh
# Speed of our PCA against scikit-learn's (issue 9: at least 3x scikit-learn's
# PCA(n_components=100) with its default solver, exact to 1e-9 on the leading 100 components),
# measured side by side in one run by tests/reference/bench_sklearn_pca.py. Not run by CI.
#
#   tests/reference/pca_speed.sh [ROUNDS] [REPEAT]      (defaults: 5 rounds of 3 fits each)
#
# MNIST-10k (10,000 x 784, pixels / 255), q = 100, THREADS (default 2) threads on both sides
# (PcaMnist10k/threads:THREADS, and OpenBLAS's OpenMP threads); prints every
# fit's wall time, the medians and their ratio, then how far our result (latentlab-cli pca)
# and scikit-learn's default solver are from scikit-learn's exact SVD.
#
# scikit-learn runs on whatever BLAS numpy finds; the script prints it. Debian's reference BLAS
# is some 10x slower than OpenBLAS, which would flatter us: measure with OpenBLAS, either
# selected system-wide (see the README) or unpacked anywhere and named by BLAS_DIR, e.g.
#   apt-get download libopenblas0-openmp && dpkg -x libopenblas0-openmp_*.deb /tmp/ob
#   BLAS_DIR=/tmp/ob/usr/lib/x86_64-linux-gnu/openblas-openmp tests/reference/pca_speed.sh
# Environment: THREADS=1|2, BENCH=latentlab-bench, CLI=latentlab-cli, PYTHON (default
# /usr/bin/python3).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH:-$ROOT/build/release/tests/latentlab-bench}
CLI=${CLI:-$ROOT/build/release/app/latentlab-cli}
PYTHON=${PYTHON:-/usr/bin/python3}
for f in "$BENCH" "$CLI"; do
    if [ ! -x "$f" ]; then
        echo "pca_speed.sh: $f is missing (build latentlab-bench and latentlab-cli first)" >&2
        exit 1
    fi
done

if [ -n "${BLAS_DIR:-}" ]; then
    LD_LIBRARY_PATH=$BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
fi
THREADS=${THREADS:-2}
OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS exec "$PYTHON" \
    "$ROOT/tests/reference/bench_sklearn_pca.py" --rounds "${1:-5}" --repeat "${2:-3}" \
    --threads "$THREADS" --bench "$BENCH" --cli "$CLI"
