#!/usr/bin/python3
"""Makes tests/fixtures/pca/*.txt: scikit-learn's PCA (exact LAPACK SVD, svd_solver='full')
of three data sets, to check LatentLab's PCA and probabilistic PCA against an independent
implementation. Not run by CI.

    /usr/bin/python3 tests/reference/make_pca_fixtures.py

Data sets:
  faithful.txt  Old Faithful (resources/data/faithful.csv), d = 2, q = 1
  plane3d.txt   300 points near a plane in 3D (numpy RandomState(7); the points are written
                into the fixture), q = 2
  mnist2000.txt MNIST-10k images 0..1999 (resources/data/mnist10k-images-idx3-ubyte.gz, read
                with gzip + numpy), pixels / 255, d = 784, q = 50

Format: one named vector per line, "name count v1 v2 ..." (read by tests/core/named_vectors.h).
Matrices are row-major: components is q x d (scikit-learn's components_, row j = component j).
  n d q mean explained_variance_all (all min(n, d) eigenvalues, from n_components=None)
  explained_variance explained_variance_ratio singular_values noise_variance
  components_v        components_ with svd_flip(u_based_decision=False) applied: the largest
                      |entry| of each component positive (scikit-learn >= 1.5's PCA)
  score_signs         q signs s_j with components_ = s_j components_v[j], components_ as
                      scikit-learn 1.2 gives it (svd_flip u-based: the sample with the largest
                      |score| has a positive score); written as signs to halve the file
  score score_samples PCA.score (mean log-likelihood per point) and score_samples (all points)
  transform5          PCA.transform of points 0..4 (5 x q, row per point)
  posterior_mean5     E[z|x] = M^-1 W^T (x - mu) of points 0..4 (5 x q), computed here in numpy
                      from W = U_q (L_q - sigma^2 I)^(1/2), M = W^T W + sigma^2 I
  recon_q recon_error mean over points of |x - inverse_transform(transform(x))|^2 for the
                      listed q (q = 0: |x - mu|^2), computed with the data directly
  data                (plane3d only) the points, n x d row-major
"""
import gzip
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.utils.extmath import svd_flip

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "pca")


def line(name, values, fmt="%.17g"):
    values = np.asarray(values, dtype=np.float64).ravel()
    return "%s %d %s\n" % (name, values.size, " ".join(fmt % v for v in values))


def faithful():
    return np.loadtxt(os.path.join(ROOT, "resources", "data", "faithful.csv"), delimiter=",",
                      skiprows=1)


def plane3d():
    rng = np.random.RandomState(7)
    n = 300
    basis, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    z = rng.normal(size=(n, 2)) * np.array([2.0, 1.0])
    noise = rng.normal(size=(n, 1)) * 0.1
    return np.array([1.0, -2.0, 0.5]) + z @ basis[:, :2].T + noise @ basis[:, 2:].T


def mnist(rows):
    raw = gzip.open(os.path.join(ROOT, "resources", "data", "mnist10k-images-idx3-ubyte.gz")).read()
    count, height, width = (int.from_bytes(raw[o:o + 4], "big") for o in (4, 8, 12))
    assert int.from_bytes(raw[0:4], "big") == 2051 and count >= rows
    pixels = np.frombuffer(raw, np.uint8, count=rows * height * width, offset=16)
    return pixels.reshape(rows, height * width).astype(np.float64) / 255.0


def fixture(name, x, q, recon_qs, write_data, components_fmt="%.17g"):
    n, d = x.shape
    pca = PCA(n_components=q, svd_solver="full").fit(x)
    full = PCA(svd_solver="full").fit(x)
    u = pca.transform(x)  # only to apply svd_flip's v-based rule to the same components
    _, components_v = svd_flip(u.copy(), pca.components_.copy(), u_based_decision=False)

    mu = pca.mean_
    lam = pca.explained_variance_
    s2 = pca.noise_variance_
    w = pca.components_.T * np.sqrt(lam - s2)
    m = w.T @ w + s2 * np.eye(q)
    posterior = np.linalg.solve(m, w.T @ (x[:5] - mu).T).T

    errors = []
    for k in recon_qs:
        if k == 0:
            r = x - mu
        else:
            v = full.components_[:k]
            r = (x - mu) - (x - mu) @ v.T @ v
        errors.append(np.mean(np.sum(r * r, axis=1)))

    path = os.path.join(OUT, name + ".txt")
    with open(path, "w") as f:
        f.write("# scikit-learn %s PCA(n_components=%d, svd_solver='full'), numpy %s; made by "
                "tests/reference/make_pca_fixtures.py\n" % (sklearn.__version__, q, np.__version__))
        f.write(line("n", [n]))
        f.write(line("d", [d]))
        f.write(line("q", [q]))
        f.write(line("mean", mu))
        f.write(line("explained_variance_all", full.explained_variance_))
        f.write(line("explained_variance", lam))
        f.write(line("explained_variance_ratio", pca.explained_variance_ratio_))
        f.write(line("singular_values", pca.singular_values_))
        f.write(line("noise_variance", [s2]))
        f.write(line("components_v", components_v, components_fmt))
        f.write(line("score_signs", np.sign(np.sum(pca.components_ * components_v, axis=1))))
        f.write(line("score", [pca.score(x)]))
        f.write(line("score_samples", pca.score_samples(x)))
        f.write(line("transform5", pca.transform(x[:5])))
        f.write(line("posterior_mean5", posterior))
        f.write(line("recon_q", recon_qs))
        f.write(line("recon_error", errors))
        if write_data:
            f.write(line("data", x))
    print("wrote", path)


def main():
    os.makedirs(OUT, exist_ok=True)
    fixture("faithful", faithful(), 1, [0, 1, 2], False)
    fixture("plane3d", plane3d(), 2, [0, 1, 2, 3], True)
    # 15 significant digits keep the 784 x 50 components to 1e-15, well below the 1e-9 the
    # tests ask, at two thirds of the size.
    fixture("mnist2000", mnist(2000), 50, [0, 1, 10, 50], False, "%.15g")


if __name__ == "__main__":
    main()
