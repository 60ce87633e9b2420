#pragma once
// A Gaussian mixture p(o) = sum_k pi_k N(o | mu_k, Sigma_k) in d dimensions with K
// components, and the densities every other piece needs.

#include <Eigen/Core>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latentlab {

/// The largest number of components K anywhere in LatentLab: the engine, the command lines,
/// the GUI and sessions all check against this one number. The palette has eight distinct
/// colours and the keys 1 to 8 choose K; more components than that are no longer a picture
/// a class can read.
inline constexpr int kMaxComponents = 8;

/// The same meanings as scikit-learn's covariance_type.
enum class CovarianceType {
    Full,      ///< each component its own Sigma_k
    Diag,      ///< each component its own diagonal Sigma_k
    Spherical, ///< each component its own sigma_k^2 I
    Tied       ///< one Sigma shared by all components
};

std::string toString(CovarianceType type); ///< "full", "diag", "spherical", "tied"
std::optional<CovarianceType> parseCovarianceType(std::string_view name);

/// Parameters theta = (pi, mu, Sigma). Covariances are always stored as full d x d matrices,
/// whatever the covariance type (a diagonal one simply has zeros off the diagonal).
struct MixtureParams {
    Eigen::VectorXd weights;                  ///< K mixing weights pi_k, sum 1
    Eigen::MatrixXd means;                    ///< d x K, column k is mu_k
    std::vector<Eigen::MatrixXd> covariances; ///< K matrices Sigma_k, d x d

    int k() const { return static_cast<int>(weights.size()); }
    int d() const { return static_cast<int>(means.rows()); }
};

/// Number of free parameters as scikit-learn counts them (_n_parameters): K-1 weights,
/// K*d means, and K*d(d+1)/2 (full), K*d (diag), K (spherical) or d(d+1)/2 (tied).
int freeParameterCount(CovarianceType type, int k, int d);

/// Projects full covariances onto a type: diag keeps the diagonal, spherical the mean of the
/// diagonal times I, tied the pi-weighted average of the K matrices (given to every k).
MixtureParams projectToType(const MixtureParams& params, CovarianceType type);

/// log N(o | mu, Sigma) for one point; nullopt if Sigma is not positive definite.
std::optional<double> logGaussianDensity(const Eigen::VectorXd& o, const Eigen::VectorXd& mu,
                                         const Eigen::MatrixXd& sigma);

} // namespace latentlab
