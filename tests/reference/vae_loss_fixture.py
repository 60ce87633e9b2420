#!/usr/bin/python3
"""Makes tests/fixtures/vae_loss_small.txt: the VAE loss and its gradient computed by PyTorch
autograd (float64) for a small network, to check LatentLab's hand-written backpropagation
against an independent implementation. Not run by CI.

  /usr/bin/python3 tests/reference/vae_loss_fixture.py > tests/fixtures/vae_loss_small.txt

Network: input 6, hidden (5, 4), latent 2; encoder 6-5-4-(2+2), decoder 2-4-5-6; ReLU between
layers, linear last layers; log sigma^2 clamped to [-10, 10]. The parameters are written in
LatentLab's flat layout: per layer W (out x in, column-major), then b; encoder, then decoder.
One head bias is set to 12 so that the clamp is active for latent dimension 2.
"""
import torch

from vae_fixture_net import flat, line, make, mlp

torch.manual_seed(7)
D, H, L, N = 6, (5, 4), 2, 3
beta, scale = 0.7, 1.0 / 3.0
enc_sizes = [D, *H, 2 * L]
dec_sizes = [L, *reversed(H), D]


enc, dec = make(enc_sizes), make(dec_sizes)
enc[-1][1][L + 1] = 12.0  # clamp active for the second log-variance
params = []
for W, b in enc + dec:
    W.requires_grad_(True)
    b.requires_grad_(True)
    params += [W, b]

x = torch.rand(D, N, dtype=torch.float64)
x[:, 0] = (x[:, 0] > 0.5).double()  # a binary observation
x[1, 1] = 0.0
eps = torch.randn(L, N, dtype=torch.float64)


head = mlp(enc, x)
mu, lv = head[:L], torch.clamp(head[L:], -10.0, 10.0)
z = mu + torch.exp(0.5 * lv) * eps
logits = mlp(dec, z)
rec = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(0)
kl = 0.5 * (mu ** 2 + lv.exp() - 1.0 - lv).sum(0)
(scale * (rec + beta * kl).sum()).backward()


print("# VAE loss fixture from tests/reference/vae_loss_fixture.py (PyTorch %s, float64)" % torch.__version__)
print("sizes 4", D, H[0], H[1], L)
print("beta 1", beta)
print("scale 1", scale)
line("params", flat(params))
line("x", x.t().reshape(-1).tolist())      # column-major D x N
line("eps", eps.t().reshape(-1).tolist())  # column-major L x N
line("reconstruction", rec.tolist())
line("kl", kl.tolist())
line("grad", flat([p.grad for p in params]))
