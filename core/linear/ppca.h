#pragma once
// Probabilistic PCA (Tipping and Bishop 1999): PCA as a generative model of Gaussian data.
//
//     z ~ N(0, I_q),   eps ~ N(0, sigma^2 I_d),   x = W z + mu + eps
//
// so x ~ N(mu, C) with C = W W^T + sigma^2 I: the data lie near the q-dimensional linear
// manifold {W z + mu}, with isotropic noise around it. Notation (d x q matrix W, q < d):
//
//     M = W^T W + sigma^2 I_q                                   (q x q)
//     log p(x) = -1/2 [ d log 2 pi + log det C + (x - mu)^T C^-1 (x - mu) ]
//     posterior  p(z | x) = N( M^-1 W^T (x - mu),  sigma^2 M^-1 )
//
// C^-1 and det C come from M alone (Woodbury): C^-1 = (I - W M^-1 W^T) / sigma^2 and
// log det C = (d - q) log sigma^2 + log det M, so nothing d x d is ever formed or inverted.
//
// The maximum-likelihood parameters have a closed form from the eigendecomposition
// S = U L U^T of the sample covariance (Tipping and Bishop, eqs. 7 and 8; we take R = I):
//
//     mu = sample mean,  sigma^2 = 1/(d-q) sum_{j>q} l_j,  W = U_q (L_q - sigma^2 I)^(1/2)
//
// With S divided by N-1 (fromPca of a default Pca) this is scikit-learn's PCA model: our
// logLikelihoods() equal its score_samples() and meanLogLikelihood() its score(). The exact
// maximiser of the likelihood uses S divided by N (CovarianceDivisor::N), and that is where
// EM converges (ppca_em.h); the two differ by the factor (N-1)/N in sigma^2 and L_q - sigma^2.
//
// The posterior mean reconstruction W E[z|x] + mu is shrunk towards mu compared with the
// orthogonal projection U_q U_q^T (x - mu) + mu: along u_j by the factor 1 - sigma^2 / l_j.
// The two meet only as sigma^2 -> 0, where PPCA becomes PCA.

#include "linear/pca.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace latentlab {

class Random;

class Ppca {
public:
    /// The noise variance must exceed this fraction of the largest eigenvalue of C: below it
    /// the data lie (up to rounding) in a q-dimensional subspace, the likelihood is unbounded
    /// and every formula above divides by zero.
    static constexpr double kMinNoiseRatio = 1e-12;
    static constexpr double kMaxSampleValues = 1e8; ///< sample(): at most this many numbers

    Ppca() = default; ///< empty: d() == 0
    /// A model with the given parameters: mu (d), W (d x q, 1 <= q < d), sigma^2 > 0, all
    /// finite. Throws ArgumentError with one sentence.
    Ppca(Eigen::VectorXd mean, Eigen::MatrixXd w, double sigma2);

    /// The closed-form maximum-likelihood model with q latent dimensions of the data `pca`
    /// was fitted to (with pca's covariance divisor); pca must hold at least q components and
    /// 1 <= q < d. Throws ArgumentError when sigma^2 is zero (data in a q-dimensional
    /// subspace, e.g. collinear points for q = 1).
    static Ppca fromPca(const Pca& pca, int q);
    /// Fits PCA (the q leading components) to the d x N data and returns fromPca(pca, q).
    static Ppca fit(const Eigen::MatrixXd& data, int q,
                    CovarianceDivisor divisor = CovarianceDivisor::NMinusOne, int threads = 0);

    bool empty() const { return m_mean.size() == 0; }
    int d() const { return static_cast<int>(m_mean.size()); }
    int q() const { return static_cast<int>(m_w.cols()); }
    const Eigen::VectorXd& mean() const { return m_mean; } ///< mu
    const Eigen::MatrixXd& w() const { return m_w; }       ///< W (d x q)
    double sigma2() const { return m_sigma2; }             ///< sigma^2

    Eigen::MatrixXd m() const;          ///< M = W^T W + sigma^2 I (q x q)
    Eigen::MatrixXd covariance() const; ///< C = W W^T + sigma^2 I (d x d; for small d)
    double logDetCovariance() const { return m_logDetC; } ///< log det C

    /// log N(x_i | mu, C) for each column of the d x M matrix x (scikit-learn's score_samples).
    Eigen::VectorXd logLikelihoods(const Eigen::MatrixXd& x) const;
    /// sum_i log N(x_i | mu, C).
    double logLikelihood(const Eigen::MatrixXd& x) const;
    /// The mean of logLikelihoods(x) (scikit-learn's score).
    double meanLogLikelihood(const Eigen::MatrixXd& x) const;

    /// E[z|x] = M^-1 W^T (x - mu) for each column of x: q x M.
    Eigen::MatrixXd posteriorMean(const Eigen::MatrixXd& x) const;
    /// Cov[z|x] = sigma^2 M^-1 (q x q, the same for every x).
    Eigen::MatrixXd posteriorCovariance() const;
    /// W E[z|x] + mu for each column of x: d x M (shrunk towards mu; see above).
    Eigen::MatrixXd posteriorReconstruction(const Eigen::MatrixXd& x) const;

    /// Points drawn from the model, with the two stages of the generative story.
    struct Sample {
        Eigen::MatrixXd z;          ///< q x count, z ~ N(0, I)
        Eigen::MatrixXd onManifold; ///< d x count, W z + mu
        Eigen::MatrixXd x;          ///< d x count, W z + mu + eps
    };
    /// Draws `count` points; point by point, q normals for z and then d for eps, so the same
    /// seed gives the same points on every machine. count * (d + q) at most kMaxSampleValues.
    Sample sample(Eigen::Index count, Random& rng) const;

private:
    void checkPoints(const Eigen::MatrixXd& x, const char* what) const;

    Eigen::VectorXd m_mean;
    Eigen::MatrixXd m_w;
    double m_sigma2 = 0.0;
    Eigen::LLT<Eigen::MatrixXd> m_mChol; ///< M = L L^T
    double m_logDetC = 0.0;
};

} // namespace latentlab
