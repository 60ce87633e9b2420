#include "linear/ppca.h"

#include "common/error.h"
#include "common/random.h"

#include <cmath>
#include <numbers>
#include <string>

namespace latentlab {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Ppca::Ppca(VectorXd mean, MatrixXd w, double sigma2)
    : m_mean(std::move(mean)), m_w(std::move(w)), m_sigma2(sigma2) {
    const Index d = m_mean.size(), q = m_w.cols();
    if (d < 2)
        throw ArgumentError("PPCA needs data with at least 2 dimensions, got " + std::to_string(d));
    if (m_w.rows() != d)
        throw ArgumentError("PPCA: W has " + std::to_string(m_w.rows()) +
                            " rows but the mean has " + std::to_string(d) + " coordinates");
    if (q < 1 || q >= d)
        throw ArgumentError("PPCA: the latent dimension q must be between 1 and d - 1 = " +
                            std::to_string(d - 1) + ", got " + std::to_string(q));
    if (!m_mean.allFinite() || !m_w.allFinite())
        throw ArgumentError("PPCA: the mean and W must be finite");
    const double scale = std::max(m_w.colwise().squaredNorm().maxCoeff(), m_sigma2);
    if (!std::isfinite(m_sigma2) || !(m_sigma2 > kMinNoiseRatio * scale))
        throw ArgumentError("PPCA: the noise variance sigma^2 must be positive (and above 1e-12 of "
                            "the largest variance), got " +
                            std::to_string(m_sigma2));
    m_mChol.compute(m());
    if (m_mChol.info() != Eigen::Success)
        throw ArgumentError("PPCA: M = W^T W + sigma^2 I is not positive definite");
    m_logDetC = double(d - q) * std::log(m_sigma2) +
                2.0 * m_mChol.matrixLLT().diagonal().array().log().sum();
}

Ppca Ppca::fromPca(const Pca& pca, int q) {
    if (pca.empty())
        throw ArgumentError("PPCA: the PCA is empty");
    if (q < 1 || q >= pca.d())
        throw ArgumentError("PPCA: the latent dimension q must be between 1 and d - 1 = " +
                            std::to_string(pca.d() - 1) + ", got " + std::to_string(q));
    if (q > pca.componentCount())
        throw ArgumentError("PPCA: q = " + std::to_string(q) + " but the PCA computed only " +
                            std::to_string(pca.componentCount()) + " components");
    const double sigma2 = pca.noiseVariance(q);
    if (!(sigma2 > kMinNoiseRatio * pca.eigenvalues()(0)))
        throw ArgumentError(
            "PPCA: the data lie in a " + std::to_string(pca.rank()) +
            "-dimensional subspace, so with q = " + std::to_string(q) +
            " the noise variance sigma^2 is zero and the likelihood is unbounded (" +
            (pca.rank() <= 1 ? "collinear points" : "no spread off the principal subspace") +
            "); lower q or use data with some noise");
    const VectorXd scale = (pca.eigenvalues().head(q).array() - sigma2).max(0.0).sqrt();
    return Ppca(pca.mean(), pca.leading(q) * scale.asDiagonal(), sigma2);
}

Ppca Ppca::fit(const MatrixXd& data, int q, CovarianceDivisor divisor, int threads) {
    if (q < 1 || q >= data.rows())
        throw ArgumentError("PPCA: the latent dimension q must be between 1 and d - 1 = " +
                            std::to_string(data.rows() - 1) + ", got " + std::to_string(q));
    PcaOptions options;
    options.components = q;
    options.divisor = divisor;
    options.threads = threads;
    return fromPca(Pca(data, options), q);
}

MatrixXd Ppca::m() const {
    MatrixXd m = m_w.transpose() * m_w;
    m.diagonal().array() += m_sigma2;
    return m;
}

MatrixXd Ppca::covariance() const {
    MatrixXd c = m_w * m_w.transpose();
    c.diagonal().array() += m_sigma2;
    return c;
}

void Ppca::checkPoints(const MatrixXd& x, const char* what) const {
    if (empty())
        throw ArgumentError(std::string("PPCA: ") + what + " of an empty model");
    if (x.rows() != d())
        throw ArgumentError(std::string("PPCA: ") + what + " needs points of dimension " +
                            std::to_string(d()) + ", got " + std::to_string(x.rows()));
}

VectorXd Ppca::logLikelihoods(const MatrixXd& x) const {
    checkPoints(x, "the log-likelihood");
    // (x - mu)^T C^-1 (x - mu) = (|x - mu|^2 - |L^-1 W^T (x - mu)|^2) / sigma^2, M = L L^T.
    const MatrixXd centred = x.colwise() - m_mean;
    MatrixXd b = m_w.transpose() * centred;
    m_mChol.matrixL().solveInPlace(b);
    const VectorXd quad =
        (centred.colwise().squaredNorm() - b.colwise().squaredNorm()).transpose() / m_sigma2;
    const double constant = double(d()) * std::log(2.0 * std::numbers::pi) + m_logDetC;
    return -0.5 * (quad.array() + constant).matrix();
}

double Ppca::logLikelihood(const MatrixXd& x) const {
    return logLikelihoods(x).sum();
}

double Ppca::meanLogLikelihood(const MatrixXd& x) const {
    if (x.cols() == 0)
        throw ArgumentError("PPCA: the mean log-likelihood of no points");
    return logLikelihood(x) / double(x.cols());
}

MatrixXd Ppca::posteriorMean(const MatrixXd& x) const {
    checkPoints(x, "the posterior");
    return m_mChol.solve(m_w.transpose() * (x.colwise() - m_mean));
}

MatrixXd Ppca::posteriorCovariance() const {
    if (empty())
        throw ArgumentError("PPCA: the posterior of an empty model");
    return m_sigma2 * m_mChol.solve(MatrixXd::Identity(q(), q()));
}

MatrixXd Ppca::posteriorReconstruction(const MatrixXd& x) const {
    MatrixXd r = m_w * posteriorMean(x);
    r.colwise() += m_mean;
    return r;
}

Ppca::Sample Ppca::sample(Index count, Random& rng) const {
    if (empty())
        throw ArgumentError("PPCA: sampling from an empty model");
    if (count < 0 || double(count) * double(d() + q()) > kMaxSampleValues)
        throw ArgumentError("PPCA: cannot draw " + std::to_string(count) +
                            " points (at most 1e8 numbers in all)");
    Sample s;
    s.z.resize(q(), count);
    MatrixXd eps(d(), count);
    const double sigma = std::sqrt(m_sigma2);
    for (Index i = 0; i < count; ++i) {
        for (int j = 0; j < q(); ++j)
            s.z(j, i) = rng.normal();
        for (int r = 0; r < d(); ++r)
            eps(r, i) = sigma * rng.normal();
    }
    s.onManifold = m_w * s.z;
    s.onManifold.colwise() += m_mean;
    s.x = s.onManifold + eps;
    return s;
}

} // namespace latentlab
