#!/usr/bin/python3
"""Makes tests/fixtures/vae_iw_small.txt: the importance-weighted estimate of log p(x)
(Burda et al. 2016) computed by PyTorch (float64) for a small network and given noise, to
check LatentLab's estimate against an independent implementation. Not run by CI.

  /usr/bin/python3 tests/reference/vae_iw_fixture.py > tests/fixtures/vae_iw_small.txt

Unlike LatentLab, which cancels the 2 pi terms of log p(z) - log q(z|x) by hand, this script
evaluates every density in full with torch.distributions:
  log p(x) ~ log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x),   z_k = mu(x) + sigma(x) eps_k.
Network and layout as in vae_loss_fixture.py: input 6, hidden (5, 4), latent 2, ReLU between
layers, log sigma^2 clamped to [-10, 10]; parameters per layer W (out x in, column-major)
then b, encoder then decoder. Three binary images, K = 9 noise columns for each.
"""
import math

import torch
from torch.distributions import Bernoulli, Normal

from vae_fixture_net import flat, line, make, mlp

torch.manual_seed(11)
D, H, L, N, K = 6, (5, 4), 2, 3, 9
enc_sizes = [D, *H, 2 * L]
dec_sizes = [L, *reversed(H), D]


enc, dec = make(enc_sizes), make(dec_sizes)
x = (torch.rand(D, N, dtype=torch.float64) > 0.5).double()
eps = torch.randn(N, L, K, dtype=torch.float64)  # eps[i] is the L x K noise of image i


iw = []
for i in range(N):
    xi = x[:, i:i + 1]
    head = mlp(enc, xi)
    mu, lv = head[:L], torch.clamp(head[L:], -10.0, 10.0)
    sigma = torch.exp(0.5 * lv)
    z = mu + sigma * eps[i]                                   # L x K
    log_px_z = Bernoulli(logits=mlp(dec, z)).log_prob(xi.expand(D, K)).sum(0)
    log_pz = Normal(0.0, 1.0).log_prob(z).sum(0)
    log_qz = Normal(mu, sigma).log_prob(z).sum(0)
    iw.append((torch.logsumexp(log_px_z + log_pz - log_qz, 0) - math.log(K)).item())


print("# VAE importance-weighted fixture from tests/reference/vae_iw_fixture.py (PyTorch %s, float64)"
      % torch.__version__)
print("sizes 4", D, H[0], H[1], L)
print("samples 1", K)
line("params", flat([t for W, b in enc + dec for t in (W, b)]))
line("x", x.t().reshape(-1).tolist())                      # column-major D x N
line("eps", [v for i in range(N) for v in eps[i].t().reshape(-1).tolist()])  # per image, L x K column-major
line("iw", iw)
