"""The small float64 network shared by the VAE fixture scripts (vae_loss_fixture.py,
vae_iw_fixture.py) and LatentLab's flat parameter layout: per layer W (out x in,
column-major) then b, encoder then decoder; ReLU between layers, a linear last layer."""
import torch


def make(sizes):
    """Random (W, b) per layer for the layer sizes, from torch's global generator."""
    return [(torch.randn(o, i, dtype=torch.float64) * 0.6, torch.randn(o, dtype=torch.float64) * 0.3)
            for i, o in zip(sizes[:-1], sizes[1:])]


def mlp(layers, a):
    """a is one column per observation."""
    for k, (W, b) in enumerate(layers):
        a = W @ a + b[:, None]
        if k + 1 < len(layers):
            a = torch.relu(a)
    return a


def flat(ts):
    """Tensors in LatentLab's layout: matrices column-major, vectors as they are."""
    out = []
    for t in ts:
        t = t.detach()
        out += (t.t().reshape(-1) if t.dim() == 2 else t).tolist()
    return out


def line(name, values):
    print(name, len(values), " ".join(repr(float(v)) for v in values))
