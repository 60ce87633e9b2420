#include "mixture/ellipse.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace latentlab {

Ellipse2D covarianceEllipse(const Eigen::Vector2d& mu, const Eigen::Matrix2d& sigma, double r) {
    // Closed-form eigen decomposition of the symmetric 2x2 matrix [[a, b], [b, c]]:
    // lambda_{1,2} = (a+c)/2 +- sqrt(((a-c)/2)^2 + b^2), major axis at angle
    // theta = 1/2 atan2(2b, a-c).
    const double a = sigma(0, 0);
    const double b = 0.5 * (sigma(0, 1) + sigma(1, 0));
    const double c = sigma(1, 1);
    const double mean = 0.5 * (a + c);
    const double radius = std::hypot(0.5 * (a - c), b);
    const double lambda1 = std::max(mean + radius, 0.0);
    const double lambda2 = std::max(mean - radius, 0.0);
    double angle = 0.5 * std::atan2(2.0 * b, a - c);
    if (angle <= -std::numbers::pi / 2)
        angle += std::numbers::pi;
    Ellipse2D e;
    e.center = mu;
    e.semiMajor = r * std::sqrt(lambda1);
    e.semiMinor = r * std::sqrt(lambda2);
    e.angle = angle;
    return e;
}

Eigen::Matrix2d covarianceFromEllipse(const Ellipse2D& e, double r) {
    // Sigma = R diag(a^2, b^2) R^T / r^2 with R the rotation by the major-axis angle.
    const double c = std::cos(e.angle);
    const double s = std::sin(e.angle);
    Eigen::Matrix2d rot;
    rot << c, -s, s, c;
    const Eigen::Vector2d lambda(e.semiMajor * e.semiMajor / (r * r),
                                 e.semiMinor * e.semiMinor / (r * r));
    Eigen::Matrix2d sigma = rot * lambda.asDiagonal() * rot.transpose();
    sigma(0, 1) = sigma(1, 0) = 0.5 * (sigma(0, 1) + sigma(1, 0));
    return sigma;
}

std::vector<Eigen::Vector2d> ellipsePolyline(const Ellipse2D& e, int segments) {
    segments = std::max(segments, 3);
    const double c = std::cos(e.angle);
    const double s = std::sin(e.angle);
    std::vector<Eigen::Vector2d> out;
    out.reserve(static_cast<std::size_t>(segments));
    for (int j = 0; j < segments; ++j) {
        const double t = 2.0 * std::numbers::pi * j / segments;
        const double x = e.semiMajor * std::cos(t);
        const double y = e.semiMinor * std::sin(t);
        out.emplace_back(e.center.x() + c * x - s * y, e.center.y() + s * x + c * y);
    }
    return out;
}

double massInsideRadius2D(double r) {
    // (o-mu)^T Sigma^{-1} (o-mu) is chi-square with 2 degrees of freedom: P(<= r^2) =
    // 1 - exp(-r^2/2); expm1 keeps small radii accurate.
    return -std::expm1(-0.5 * r * r);
}

} // namespace latentlab
