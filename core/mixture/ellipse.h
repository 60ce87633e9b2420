#pragma once
// Ellipse geometry of a 2D Gaussian: the set {o : (o-mu)^T Sigma^{-1} (o-mu) = r^2} at
// Mahalanobis radius r. Its semi-axes are r sqrt(lambda_j) along the eigenvectors of Sigma.
// In 2D the probability mass inside radius r is 1 - exp(-r^2 / 2) (chi-square, 2 dof):
// 39.3 % at r = 1, 86.5 % at r = 2, 98.9 % at r = 3.

#include <Eigen/Core>
#include <vector>

namespace latentlab {

struct Ellipse2D {
    Eigen::Vector2d center = Eigen::Vector2d::Zero();
    double semiMajor = 0.0; ///< length of the longer semi-axis
    double semiMinor = 0.0; ///< length of the shorter semi-axis
    double angle = 0.0;     ///< radians, direction of the major axis from the x axis, in (-pi/2, pi/2]
};

/// Ellipse at Mahalanobis radius r of N(mu, Sigma); Sigma must be symmetric PSD.
Ellipse2D covarianceEllipse(const Eigen::Vector2d& mu, const Eigen::Matrix2d& sigma, double r);
/// The covariance whose radius-r ellipse is `e` (inverse of covarianceEllipse).
Eigen::Matrix2d covarianceFromEllipse(const Ellipse2D& e, double r);
/// `segments` points around the ellipse (closed: the first point is not repeated).
std::vector<Eigen::Vector2d> ellipsePolyline(const Ellipse2D& e, int segments = 96);
/// Probability mass of a 2D Gaussian inside Mahalanobis radius r: 1 - exp(-r^2/2).
double massInsideRadius2D(double r);

} // namespace latentlab
