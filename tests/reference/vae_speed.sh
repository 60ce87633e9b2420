#!/bin/sh
# Training speed of our VAE trainer against the PyTorch reference (issue 4: at least 1.5x
# PyTorch's samples per second), measured side by side in one run. Not run by CI.
#
#   tests/reference/vae_speed.sh [ROUNDS] [EPOCHS]      (defaults: 7 rounds of 3 epochs)
#
# Same architecture (784-512-256-2), batch 128, MNIST-10k rows 0:8000, dynamic binarisation,
# 2 threads. Each round runs ours and then PyTorch (the order swaps every round), so a change
# in the machine's load falls on both; the first epoch of every run is a warm-up and is
# skipped. Prints the median samples/s of each over all kept epochs and their ratio.
# Our test set is a single image (its evaluation is outside the timed epoch anyway), and
# PyTorch runs with --no-eval. Needs a release build and Debian's python3-torch, with the
# OpenMP OpenBLAS selected (see the README). Environment: CLI=path to latentlab-cli,
# PYTHON=an interpreter with torch (default /usr/bin/python3).
set -eu

ROUNDS=${1:-7}
EPOCHS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${CLI:-$ROOT/build/release/app/latentlab-cli}
PYTHON=${PYTHON:-/usr/bin/python3}
IMAGES=$ROOT/resources/data/mnist10k-images-idx3-ubyte.gz
THREADS=2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ours() {
    "$CLI" vae-train --images "$IMAGES" --train 0:8000 --test 8000:8001 --batch 128 \
        --threads $THREADS --epochs "$EPOCHS" --out "$TMP/speed.llvae"
}
theirs() {
    "$PYTHON" "$ROOT/tests/reference/vae_pytorch.py" --images "$IMAGES" --train 0:8000 \
        --batch 128 --threads $THREADS --no-eval --epochs "$EPOCHS"
}
# samples_per_second of every epoch but the first, one per line.
rates() { sed -n 's/.*"samples_per_second": *\([0-9.]*\).*/\1/p' | tail -n +2; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
r=1
while [ "$r" -le "$ROUNDS" ]; do
    if [ $((r % 2)) -eq 1 ]; then
        ours | rates >>"$TMP/ours"
        theirs | rates >>"$TMP/theirs"
    else
        theirs | rates >>"$TMP/theirs"
        ours | rates >>"$TMP/ours"
    fi
    printf 'round %d: ours %s, pytorch %s samples/s\n' "$r" \
        "$(tail -n $((EPOCHS - 1)) "$TMP/ours" | tr '\n' ' ')" \
        "$(tail -n $((EPOCHS - 1)) "$TMP/theirs" | tr '\n' ' ')"
    r=$((r + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in ours theirs; do
    if [ ! -s "$TMP/$f" ]; then
        echo "vae_speed.sh: no timings from $f (run it alone to see why)" >&2
        exit 1
    fi
done
O=$(median <"$TMP/ours")
P=$(median <"$TMP/theirs")
awk -v o="$O" -v p="$P" 'BEGIN { printf "median samples/s: ours %.0f, pytorch %.0f, ratio %.2fx\n", o, p, o / p }'
