#!/bin/bash
# Test ELBO of LatentLab's VAE against the PyTorch reference (issue 4), over several seeds:
# the same architecture (784-512-256-2), protocol (Adam lr 1e-3, batch 128, dynamic
# binarisation), data (MNIST-10k rows 0:8000, tested on 8000:10000) and epochs.
# Not run by CI. From the repository root, after a release build:
#   tests/reference/vae_quality.sh [EPOCHS=100] [SEEDS="1 2 3 4 5"]
# Prints one line per seed and run, then the mean of each and the difference. Each run uses 2
# threads; a 100-epoch pair takes about two minutes on 2 cores. Each trainer reports its test
# ELBO on its own binarisation of the test images; at the end vae_crosscheck.py evaluates all
# the models again with PyTorch on one binarisation and one set of noise, like for like.
set -euo pipefail
EPOCHS=${1:-100}
SEEDS=${2:-"1 2 3 4 5"}
CLI=${CLI:-build/release/app/latentlab-cli}
IMAGES=resources/data/mnist10k-images-idx3-ubyte.gz
LABELS=resources/data/mnist10k-labels-idx1-ubyte.gz
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for s in $SEEDS; do
  ours=$("$CLI" vae-train --images "$IMAGES" --labels "$LABELS" --train 0:8000 --test 8000:10000 \
      --epochs "$EPOCHS" --batch 128 --lr 1e-3 --binarize dynamic --seed "$s" --threads 2 \
      --out "$OUT/m$s.llvae" | tail -1)
  torch=$(/usr/bin/python3 tests/reference/vae_pytorch.py --images "$IMAGES" --epochs "$EPOCHS" \
      --seed "$s" --threads 2 --no-eval --save "$OUT/t$s.pt" | tail -1)
  echo "seed $s latentlab $ours"
  echo "seed $s pytorch   $torch"
done | tee "$OUT/log"
/usr/bin/python3 - "$OUT/log" <<'PY'
import json, sys, statistics as st
runs = {"latentlab": [], "pytorch": []}
for line in open(sys.argv[1]):
    _, seed, who, rest = line.split(None, 3)
    r = json.loads(rest)
    runs[who].append((r["test_elbo"], r["test_kl"], r["train_elbo"]))
for who, v in runs.items():
    e = [x[0] for x in v]
    print(f"{who:9s} test ELBO mean {st.mean(e):.2f} sd {st.stdev(e) if len(e) > 1 else 0:.2f}"
          f"  KL mean {st.mean(x[1] for x in v):.2f}  train ELBO mean {st.mean(x[2] for x in v):.2f}"
          f"  ({len(e)} seeds)")
d = st.mean(x[0] for x in runs["latentlab"]) - st.mean(x[0] for x in runs["pytorch"])
print(f"difference (latentlab - pytorch): {d:+.2f} nats")
PY
echo "like for like (vae_crosscheck.py: one test binarisation, the same noise):"
models=""
for s in $SEEDS; do models="$models $OUT/m$s.llvae $OUT/t$s.pt"; done
# shellcheck disable=SC2086
/usr/bin/python3 tests/reference/vae_crosscheck.py --images "$IMAGES" $models | tee "$OUT/cross"
/usr/bin/python3 - "$OUT/cross" <<'PY'
import json, sys, statistics as st
v = {"latentlab": [], "pytorch": []}
for line in open(sys.argv[1]):
    r = json.loads(line)
    v["pytorch" if r["model"].endswith(".pt") else "latentlab"].append(r["elbo"])
for who, e in v.items():
    print(f"{who:9s} test ELBO mean {st.mean(e):.2f} sd {st.stdev(e) if len(e) > 1 else 0:.2f} ({len(e)} seeds)")
print(f"difference (latentlab - pytorch): {st.mean(v['latentlab']) - st.mean(v['pytorch']):+.2f} nats")
PY
