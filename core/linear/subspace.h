#pragma once
// Comparing linear subspaces: how far a learned basis (a linear autoencoder's decoder, EM's
// W) is from the principal subspace, whatever the basis' scaling and rotation.

#include <Eigen/Core>

namespace latentlab {

/// An orthonormal basis (d x q) of the column span of a (d x q, q <= d), by a
/// Householder QR; columns of a that are (numerically) zero leave an arbitrary direction.
Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& a);

/// The principal angles between span(a) and span(b) (both d x q), in degrees, ascending:
/// theta_k with cos theta_k the singular values of Qa^T Qb and sin theta_k those of
/// Qb - Qa Qa^T Qb (Qa, Qb orthonormal bases), combined as atan2(sin, cos) so that small
/// angles stay exact (acos of a cosine near 1 would lose half the digits).
Eigen::VectorXd principalAnglesDegrees(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

} // namespace latentlab
