#include "mixture/gaussian_mixture.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <numbers>

namespace latentlab {

std::string toString(CovarianceType type) {
    switch (type) {
    case CovarianceType::Full:
        return "full";
    case CovarianceType::Diag:
        return "diag";
    case CovarianceType::Spherical:
        return "spherical";
    case CovarianceType::Tied:
        return "tied";
    }
    return "full";
}

std::optional<CovarianceType> parseCovarianceType(std::string_view name) {
    if (name == "full")
        return CovarianceType::Full;
    if (name == "diag")
        return CovarianceType::Diag;
    if (name == "spherical")
        return CovarianceType::Spherical;
    if (name == "tied")
        return CovarianceType::Tied;
    return std::nullopt;
}

int freeParameterCount(CovarianceType type, int k, int d) {
    int covariance = 0;
    switch (type) {
    case CovarianceType::Full:
        covariance = k * d * (d + 1) / 2;
        break;
    case CovarianceType::Diag:
        covariance = k * d;
        break;
    case CovarianceType::Spherical:
        covariance = k;
        break;
    case CovarianceType::Tied:
        covariance = d * (d + 1) / 2;
        break;
    }
    return covariance + k * d + (k - 1);
}

MixtureParams projectToType(const MixtureParams& params, CovarianceType type) {
    MixtureParams out = params;
    const int k = params.k();
    const int d = params.d();
    switch (type) {
    case CovarianceType::Full:
        break;
    case CovarianceType::Diag:
        for (auto& sigma : out.covariances)
            sigma = Eigen::MatrixXd(sigma.diagonal().asDiagonal());
        break;
    case CovarianceType::Spherical:
        for (auto& sigma : out.covariances)
            sigma = Eigen::MatrixXd::Identity(d, d) * (sigma.trace() / d);
        break;
    case CovarianceType::Tied: {
        // Sigma = sum_k pi_k Sigma_k / sum_k pi_k, shared by every component.
        Eigen::MatrixXd tied = Eigen::MatrixXd::Zero(d, d);
        double total = 0.0;
        for (int j = 0; j < k; ++j) {
            tied += params.weights(j) * params.covariances[static_cast<std::size_t>(j)];
            total += params.weights(j);
        }
        if (total > 0.0)
            tied /= total;
        for (auto& sigma : out.covariances)
            sigma = tied;
        break;
    }
    }
    return out;
}

std::optional<double> logGaussianDensity(const Eigen::VectorXd& o, const Eigen::VectorXd& mu,
                                         const Eigen::MatrixXd& sigma) {
    // log N(o|mu,Sigma) = -d/2 log(2 pi) - 1/2 log|Sigma| - 1/2 (o-mu)^T Sigma^{-1} (o-mu),
    // with Sigma = L L^T: log|Sigma| = 2 sum log L_jj and the quadratic form |L^{-1}(o-mu)|^2.
    const Eigen::LLT<Eigen::MatrixXd> llt(sigma);
    if (llt.info() != Eigen::Success)
        return std::nullopt;
    const Eigen::MatrixXd l = llt.matrixL();
    const Eigen::VectorXd diag = l.diagonal();
    if ((diag.array() <= 0.0).any() || !diag.allFinite())
        return std::nullopt;
    const Eigen::VectorXd y = llt.matrixL().solve(o - mu);
    const double d = static_cast<double>(o.size());
    return -0.5 * d * std::log(2.0 * std::numbers::pi) - diag.array().log().sum() -
           0.5 * y.squaredNorm();
}

} // namespace latentlab
