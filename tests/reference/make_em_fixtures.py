#!/usr/bin/python3
"""Reference fixtures for the EM engine, made with scikit-learn's GaussianMixture.

Run from the repository root with Debian's Python (numpy + scikit-learn):
    /usr/bin/python3 tests/reference/make_em_fixtures.py
It writes tests/fixtures/em/<data>.csv (the synthetic data sets; Old Faithful is read from
resources/data/faithful.csv) and tests/fixtures/em/<data>_<covariance>.txt, one line per
field: a key followed by numbers separated by spaces. Matrices are flattened: means K*d
(component by component), covariances K*d*d (component by component, row by row), always
as full matrices whatever the covariance type.

The initial parameters are explicit (weights, means, full covariances). LatentLab projects
them onto the covariance type (diag keeps the diagonal, spherical the mean of the diagonal,
tied the weight-averaged matrix); this script does the same projection here, in numpy, and
hands the projected parameters to scikit-learn as weights_init / means_init /
precisions_init. Not run in CI.
"""
import os
import sys

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "em")
REG = 1e-6
TOL = 1e-10
MAX_ITER = 100000


def load_faithful():
    return np.loadtxt(os.path.join(ROOT, "resources", "data", "faithful.csv"), delimiter=",",
                      skiprows=1)


def synthetic_sets():
    rng = np.random.default_rng(20261122)
    # Three 2D blobs, one elongated and rotated, overlapping a little.
    a = rng.multivariate_normal([0.0, 0.0], [[1.0, 0.6], [0.6, 0.8]], 250)
    b = rng.multivariate_normal([4.0, 1.0], [[0.3, 0.0], [0.0, 2.0]], 200)
    c = rng.multivariate_normal([1.5, 4.5], [[2.5, -1.0], [-1.0, 1.0]], 150)
    blobs = np.vstack([a, b, c])
    rng.shuffle(blobs)
    # Two overlapping 3D clusters with different shapes (the engine must not assume d = 2).
    p = rng.multivariate_normal([0.0, 0.0, 0.0], [[2.0, 0.5, 0.2], [0.5, 1.0, 0.1],
                                                  [0.2, 0.1, 0.5]], 300)
    q = rng.multivariate_normal([1.5, 1.0, -1.0], [[0.5, -0.2, 0.0], [-0.2, 1.5, 0.3],
                                                   [0.0, 0.3, 1.0]], 200)
    overlap3d = np.vstack([p, q])
    rng.shuffle(overlap3d)
    return {"blobs2d": blobs, "overlap3d": overlap3d}


def initial_params(x, k, seed):
    """Explicit starting point: equal weights, K distinct data points as means, and scaled
    copies of the data covariance (different per component so the projections differ)."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    idx = rng.choice(n, size=k, replace=False)
    means = x[idx].copy()
    cov = np.cov(x.T, bias=True)
    covs = np.array([cov * (0.3 + 0.2 * j) + 0.01 * j * np.eye(d) for j in range(k)])
    weights = np.full(k, 1.0 / k)
    return weights, means, covs


def project(weights, covs, cov_type):
    k, d, _ = covs.shape
    if cov_type == "full":
        return covs.copy(), np.linalg.inv(covs)
    if cov_type == "diag":
        diag = np.array([np.diag(c) for c in covs])
        return np.array([np.diag(v) for v in diag]), 1.0 / diag
    if cov_type == "spherical":
        var = np.array([np.trace(c) / d for c in covs])
        return np.array([v * np.eye(d) for v in var]), 1.0 / var
    if cov_type == "tied":
        tied = np.einsum("k,kij->ij", weights, covs) / weights.sum()
        return np.array([tied for _ in range(k)]), np.linalg.inv(tied)
    raise ValueError(cov_type)


def full_covariances(gm, k, d):
    c = gm.covariances_
    if gm.covariance_type == "full":
        return c
    if gm.covariance_type == "diag":
        return np.array([np.diag(v) for v in c])
    if gm.covariance_type == "spherical":
        return np.array([v * np.eye(d) for v in c])
    return np.array([c for _ in range(k)])


def fmt(values):
    return " ".join(repr(float(v)) for v in np.ravel(values))


def write_fixture(name, data_file, x, k, seed, cov_type):
    n, d = x.shape
    weights, means, covs = initial_params(x, k, seed)
    _, precisions = project(weights, covs, cov_type)
    gm = GaussianMixture(n_components=k, covariance_type=cov_type, tol=TOL, reg_covar=REG,
                         max_iter=MAX_ITER, n_init=1, init_params="random",
                         weights_init=weights, means_init=means, precisions_init=precisions,
                         random_state=0)
    gm.fit(x)
    if not gm.converged_:
        sys.exit(f"{name} {cov_type}: scikit-learn did not converge")
    path = os.path.join(OUT, f"{name}_{cov_type}.txt")
    lines = [
        f"# scikit-learn {sklearn.__version__} GaussianMixture, made by "
        "tests/reference/make_em_fixtures.py",
        f"data {data_file}",
        f"n {n}", f"d {d}", f"k {k}", f"covariance {cov_type}",
        f"reg {REG!r}", f"tol {TOL!r}",
        f"n_iter {gm.n_iter_}",
        f"init_weights {fmt(weights)}",
        f"init_means {fmt(means)}",
        f"init_covariances {fmt(covs)}",
        f"weights {fmt(gm.weights_)}",
        f"means {fmt(gm.means_)}",
        f"covariances {fmt(full_covariances(gm, k, d))}",
        f"log_likelihood {gm.score(x) * n!r}",
        f"bic {gm.bic(x)!r}",
        f"aic {gm.aic(x)!r}",
    ]
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    print(f"{path}: {gm.n_iter_} iterations, log-likelihood {gm.score(x) * n:.6f}")


def main():
    os.makedirs(OUT, exist_ok=True)
    sets = [("faithful", "resources/data/faithful.csv", load_faithful(), 2, 1)]
    for name, x in synthetic_sets().items():
        rel = f"tests/fixtures/em/{name}.csv"
        np.savetxt(os.path.join(ROOT, rel), x, delimiter=",", fmt="%.17g")
        sets.append((name, rel, x, 3 if name == "blobs2d" else 2, 2))
    for name, rel, x, k, seed in sets:
        # Reload what was written, so the fixture is exactly about the saved numbers.
        x = np.loadtxt(os.path.join(ROOT, rel), delimiter=",",
                       skiprows=1 if name == "faithful" else 0)
        for cov_type in ("full", "diag", "spherical", "tied"):
            write_fixture(name, rel, x, k, seed, cov_type)


if __name__ == "__main__":
    main()
