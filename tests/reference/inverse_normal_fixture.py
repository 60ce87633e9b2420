#!/usr/bin/python3
"""Makes tests/fixtures/inverse_normal_cdf.txt: the standard normal quantile Phi^{-1}(p) from
SciPy (scipy.special.ndtri), to check LatentLab's inverseNormalCdf (core/vae/latent_space.h),
which lays out the VAE view's manifold grid. Not run by CI.

  /usr/bin/python3 tests/reference/inverse_normal_fixture.py > tests/fixtures/inverse_normal_cdf.txt

Each line: p and Phi^{-1}(p), both with 17 significant digits. The p are the grid's own
(i + 1/2) / n for n = 8, 15, 30, and points deep in both tails and around each switch between
the approximations (0.02425 and 1 - 0.02425).
"""
import scipy
from scipy.special import ndtri

ps = set()
for n in (8, 15, 30):
    ps.update((i + 0.5) / n for i in range(n))
ps.update([1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02424, 0.02425, 0.02426, 0.1, 0.3,
           0.5, 0.7, 0.9, 0.97574, 0.97575, 0.97576, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10])
print(f"# Phi^-1(p) from tests/reference/inverse_normal_fixture.py (SciPy {scipy.__version__})")
for p in sorted(ps):
    print(f"{p:.17g} {ndtri(p):.17g}")
