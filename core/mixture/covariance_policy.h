#pragma once
// The positive-definite policy of the M-step: when a new covariance Sigma_k can be used, and
// what the M-step uses instead when it cannot. The engine applies it (em_engine.cpp), the
// events report it (em_event.h), and the sentences that explain it to people are built in
// em_event.cpp, never here.
//
// Usable ("positive definite" in the messages) means: every entry finite, a Cholesky factor
// exists, the smallest eigenvalue lambda_min exceeds kConditionFloor times the largest (below
// that the Gaussian is numerically a lower-dimensional one and its density explodes), and
// sqrt(lambda_min) exceeds kRoundingFloor |mu_k|_inf (below that the spread is rounding noise
// of the mean: a component on one point gets a variance of about (eps |mu_k|)^2, not 0).
//
// A new Sigma_k that is not usable (possible when reg = 0: the component sits on one point,
// on duplicates, or on a line) is replaced by the component's previous Sigma_k (tied: the
// previous shared Sigma), while pi_k and mu_k are still updated. That is a generalised EM step
// (mu_k maximises the expected log-likelihood for any fixed Sigma_k), so the log-likelihood
// still never decreases. The initial M-step has no previous Sigma_k and uses the data
// covariance instead (dataCovariance below).

#include "mixture/gaussian_mixture.h"

#include <Eigen/Core>

namespace latentlab {

struct CovarianceCheck {
    bool usable = false;
    double smallestEigenvalue = 0.0; ///< of the checked matrix (0 if it could not be computed)
};

struct CovariancePolicy {
    static constexpr double kConditionFloor = 1e-12; ///< lambda_min / lambda_max above this
    static constexpr double kRoundingFloor = 1e-12;  ///< sqrt(lambda_min) / |mu_k|_inf above this
    static constexpr double kDataFloor = 1e-6; ///< dataCovariance's eigenvalue floor (relative)

    /// Whether `sigma` (symmetric, d x d) is usable for a component whose mean has
    /// |mu_k|_inf = meanScale (0: no rounding test).
    static CovarianceCheck check(const Eigen::MatrixXd& sigma, double meanScale = 0.0);

    /// The M-step's rule for one new covariance: if `sigma` is not usable it becomes `kept`
    /// (the previous Sigma_k; in the initial M-step, dataCovariance()). Returns the check of
    /// the new matrix, so the caller can report what was replaced.
    static CovarianceCheck settle(Eigen::MatrixXd& sigma, const Eigen::MatrixXd& kept,
                                  double meanScale);

    /// The initial M-step's stand-in: the covariance of the d x N data around `mean`, + reg I,
    /// projected onto `type` (tied counts as full), eigenvalues floored at kDataFloor times the
    /// largest; the identity if that is still not usable (all points coincide and reg = 0).
    static Eigen::MatrixXd dataCovariance(const Eigen::MatrixXd& data, const Eigen::VectorXd& mean,
                                          double reg, CovarianceType type);
};

} // namespace latentlab
