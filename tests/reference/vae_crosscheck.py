#!/usr/bin/python3
"""Evaluates LatentLab VAE model files (and optionally PyTorch models saved by
`vae_pytorch.py --save`) with PyTorch, on one binarisation of the test images and the same
noise for every model: an independent check of `latentlab-cli vae-eval` (its model-file
reader, ELBO and importance-weighted estimate) and an apples-to-apples comparison of the two
trainers. Not run by CI.

  /usr/bin/python3 tests/reference/vae_crosscheck.py --k 500 resources/models/mnist.llvae [other.llvae|model.pt ...]

The model file is parsed here from its documented layout (core/io/model_file.h,
core/vae/vae_model_io.h), not through LatentLab's code. Prints one JSON object per model: test
ELBO (one sample per image), its reconstruction and KL parts, and with --k the
importance-weighted estimate of log p(x) with k samples, in nats per image.
"""
import argparse, json, math, struct, zlib

import numpy as np
import torch
import torch.nn.functional as F

from vae_pytorch import Vae, read_idx


def read_llvae(path):
    data = open(path, "rb").read()
    if data[:8] != b"LATLABM\0":
        raise SystemExit(f"{path}: not a LatentLab model file")
    version, crc, length = struct.unpack_from("<IIQ", data, 8)
    payload = data[24:24 + length]
    if version != 1 or len(payload) != length or zlib.crc32(payload) != crc:
        raise SystemExit(f"{path}: unsupported version, truncated or corrupt")
    pos = 0

    def u32():
        nonlocal pos
        v, = struct.unpack_from("<I", payload, pos)
        pos += 4
        return v

    def string():
        nonlocal pos
        n = u32()
        s = payload[pos:pos + n].decode()
        pos += n
        return s

    kind = string()
    meta = {string(): string() for _ in range(u32())}
    tensors = {}
    for _ in range(u32()):
        name = string()
        rows, cols = struct.unpack_from("<ii", payload, pos)
        pos += 8
        v = np.frombuffer(payload, dtype="<f4", count=rows * cols, offset=pos)
        pos += 4 * rows * cols
        tensors[name] = torch.from_numpy(v.reshape(cols, rows).T.copy())  # column-major
    assert kind == "vae", kind
    return meta, tensors


def torch_from_llvae(path):
    meta, t = read_llvae(path)
    hidden = tuple(int(h) for h in meta["hidden"].split(","))
    model = Vae(int(meta["input"]), hidden, int(meta["latent"]))
    enc = [m for m in model.encoder if isinstance(m, torch.nn.Linear)] + [model.head]
    dec = [m for m in model.decoder if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for part, layers in (("encoder", enc), ("decoder", dec)):
            for l, lin in enumerate(layers, 1):
                lin.weight.copy_(t[f"{part}.{l}.weight"])
                lin.bias.copy_(t[f"{part}.{l}.bias"].reshape(-1))
    return model


def evaluate(model, x, eps1, k, seed):
    latent = model.latent
    with torch.no_grad():
        mu, lv = model.encode(x)
        sigma = torch.exp(0.5 * lv)
        z = mu + sigma * eps1
        rec = -F.binary_cross_entropy_with_logits(model.decoder(z), x, reduction="none").sum(1)
        kl = 0.5 * (mu * mu + lv.exp() - 1.0 - lv).sum(1)
        out = {"n": x.shape[0], "elbo": (rec - kl).mean().item(),
               "reconstruction": rec.mean().item(), "kl": kl.mean().item()}
        if k > 0:
            g = torch.Generator().manual_seed(seed + 2000)
            iw = []
            normal = torch.distributions.Normal(0.0, 1.0)
            for i in range(x.shape[0]):
                e = torch.randn(k, latent, generator=g)
                zk = mu[i] + sigma[i] * e
                logits = model.decoder(zk)
                log_px = -F.binary_cross_entropy_with_logits(
                    logits, x[i].expand(k, -1), reduction="none").sum(1)
                log_pz = normal.log_prob(zk).sum(1)
                log_qz = torch.distributions.Normal(mu[i], sigma[i]).log_prob(zk).sum(1)
                iw.append((torch.logsumexp(log_px + log_pz - log_qz, 0) - math.log(k)).item())
            out["log_likelihood_iw"] = float(np.mean(iw))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("models", nargs="+", help=".llvae (LatentLab) or .pt (vae_pytorch.py --save)")
    p.add_argument("--images", default="resources/data/mnist10k-images-idx3-ubyte.gz")
    p.add_argument("--range", default="8000:10000")
    p.add_argument("--k", type=int, default=0, help="importance samples (0: ELBO only)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--binarize", choices=["dynamic", "none"], default="dynamic",
                   help="none: the pixel intensities themselves, as vae-eval --binarize none")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    imgs = read_idx(a.images).reshape(-1, 784).astype(np.float32) / 255.0
    c0, c1 = map(int, a.range.split(":"))
    x = torch.from_numpy(imgs[c0:c1].copy())
    if a.binarize == "dynamic":
        x = torch.bernoulli(x, generator=torch.Generator().manual_seed(a.seed + 1000))
    eps1 = torch.randn(x.shape[0], 2, generator=torch.Generator().manual_seed(a.seed + 3000))
    for path in a.models:
        if path.endswith(".pt"):
            model = Vae()
            model.load_state_dict(torch.load(path))
        else:
            model = torch_from_llvae(path)
        if eps1.shape[1] != model.latent:
            eps1 = torch.randn(x.shape[0], model.latent,
                               generator=torch.Generator().manual_seed(a.seed + 3000))
        print(json.dumps({"model": path, **evaluate(model, x, eps1, a.k, a.seed)}), flush=True)


if __name__ == "__main__":
    main()
