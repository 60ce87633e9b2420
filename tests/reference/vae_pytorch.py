#!/usr/bin/python3
"""PyTorch reference for LatentLab's VAE (issue 4): the same architecture and protocol as
`latentlab-cli vae-train`, to compare test ELBO and training speed. Not run by CI.

Architecture: encoder 784-512-256 (ReLU) -> one linear head giving mu and log sigma^2
(clamped to [-10, 10]); decoder latent-256-512 (ReLU) -> 784 Bernoulli logits.
Loss = -ELBO = sum over pixels of BCE-with-logits + beta * KL(q(z|x) || N(0, I)),
averaged over the batch. Adam (lr 1e-3), batch 128, PyTorch's default Linear init.
Data: IDX (gz) images scaled to [0, 1]; dynamic binarisation (a fresh Bernoulli draw of each
training image every epoch); the test images are binarised once with a fixed seed and the
test ELBO is a one-sample estimate per image, in nats per image (higher is better).

Run it as the peer of our trainer (select the OpenMP OpenBLAS first, see the README):
  /usr/bin/python3 tests/reference/vae_pytorch.py --epochs 50 --threads 2
"""
import argparse, gzip, json, math, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


class Vae(nn.Module):
    def __init__(self, d=784, hidden=(512, 256), latent=2):
        super().__init__()
        enc, last = [], d
        for h in hidden:
            enc += [nn.Linear(last, h), nn.ReLU()]
            last = h
        self.encoder = nn.Sequential(*enc)
        self.head = nn.Linear(last, 2 * latent)
        dec, last = [], latent
        for h in reversed(hidden):
            dec += [nn.Linear(last, h), nn.ReLU()]
            last = h
        dec += [nn.Linear(last, d)]
        self.decoder = nn.Sequential(*dec)
        self.latent = latent

    def encode(self, x):
        out = self.head(self.encoder(x))
        mu, logvar = out[:, :self.latent], out[:, self.latent:]
        return mu, torch.clamp(logvar, -10.0, 10.0)

    def loss_parts(self, x):
        mu, logvar = self.encode(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = self.decoder(z)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mu * mu + logvar.exp() - 1.0 - logvar).sum(1)
        return rec, kl


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images", default="/work/shared/data/mnist10k-images-idx3-ubyte.gz")
    p.add_argument("--train", default="0:8000")
    p.add_argument("--test", default="8000:10000")
    p.add_argument("--test-images", default=None, help="a separate test file (Fashion-MNIST)")
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--beta", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-eval", action="store_true", help="speed runs: skip the test ELBO")
    p.add_argument("--save", default=None, help="write the trained state_dict here (torch.save)")
    a = p.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    imgs = read_idx(a.images).reshape(-1, 784).astype(np.float32) / 255.0
    t0, t1 = map(int, a.train.split(":"))
    train = torch.from_numpy(imgs[t0:t1].copy())
    if a.test_images:
        test = torch.from_numpy(read_idx(a.test_images).reshape(-1, 784).astype(np.float32) / 255.0)
    else:
        c0, c1 = map(int, a.test.split(":"))
        test = torch.from_numpy(imgs[c0:c1].copy())
    g = torch.Generator().manual_seed(a.seed + 1000)
    test_bin = torch.bernoulli(test, generator=g)

    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    n = train.shape[0]
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.perf_counter()
        xb = torch.bernoulli(train)  # dynamic binarisation: fresh draw every epoch
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, a.batch):
            x = xb[perm[i:i + a.batch]]
            rec, kl = model.loss_parts(x)
            loss = (rec + a.beta * kl).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
        seconds = time.perf_counter() - start
        rec_out = {"epoch": epoch, "seconds": round(seconds, 4),
                   "samples_per_second": round(n / seconds, 1), "train_elbo": -total / n}
        if not a.no_eval or epoch == a.epochs:
            model.eval()
            with torch.no_grad():
                rec, kl = model.loss_parts(test_bin)
            rec_out["test_elbo"] = -(rec + kl).mean().item()
            rec_out["test_kl"] = kl.mean().item()
        print(json.dumps(rec_out), flush=True)
    if a.save:
        torch.save(model.state_dict(), a.save)


if __name__ == "__main__":
    main()
