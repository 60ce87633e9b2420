#pragma once
// The singularity of maximum likelihood for Gaussian mixtures. A component whose mean sits
// on a data point o and whose covariance shrinks, Sigma_k = s^2 I with s -> 0, has density
// N(o|mu_k,Sigma_k) = 1 / (2 pi s^2) at that point, which grows without bound: the
// log-likelihood log p(O|theta) runs to +infinity although the fit explains nothing. EM
// walks into this when a component is left with one point (or duplicates of one, or points
// on a line). Regularisation adds reg I to every Sigma_k, so s^2 >= reg and the
// likelihood stays finite; but then the component still sits on the point, its size set by
// reg alone.
//
// A component counts as collapsed when its smallest variance (eigenvalue of Sigma_k)
//   - is within kCollapseRegFactor of reg: only the regulariser keeps Sigma_k from being
//     singular (the data under it have no spread in some direction), and
//   - is at least kCollapseOrders orders of magnitude below the data's largest variance: its
//     determinant has fallen by orders of magnitude against the data's spread (a reg that is
//     large for the data is a choice, not a collapse).
// With reg = 0 the engine itself refuses such a Sigma_k (a NotPositiveDefinite event).
// Tied covariances are shared and never collapse onto one component's points.

#include "mixture/gaussian_mixture.h"

#include <vector>

namespace latentlab {

inline constexpr double kCollapseOrders = 4.0;
inline constexpr double kCollapseRegFactor = 10.0;

/// log10 det Sigma (-inf when not positive).
double log10Determinant(const Eigen::MatrixXd& sigma);
/// The largest eigenvalue of the covariance of `data` (d x N, one column per point).
double largestVariance(const Eigen::MatrixXd& data);

/// The collapsed components of `params` (in order), for data whose largest variance is
/// `dataVariance`.
std::vector<int> collapsedComponents(const MixtureParams& params, CovarianceType type, double reg,
                                     double dataVariance);

} // namespace latentlab
