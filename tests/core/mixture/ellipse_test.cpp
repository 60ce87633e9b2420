#include "mixture/ellipse.h"
#include "common/random.h"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace latentlab;

namespace {
Eigen::Matrix2d randomCovariance(Random& rng) {
    Eigen::Matrix2d a;
    a << rng.normal(), rng.normal(), rng.normal(), rng.normal();
    return a * a.transpose() + 0.01 * Eigen::Matrix2d::Identity();
}
} // namespace

TEST(Ellipse, AxesAreRadiusTimesSqrtEigenvalues) {
    Random rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const Eigen::Matrix2d s = randomCovariance(rng);
        const double r = 0.5 + 3.0 * rng.uniform();
        const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(s);
        const Ellipse2D e = covarianceEllipse(Eigen::Vector2d(1.0, 2.0), s, r);
        EXPECT_NEAR(e.semiMajor, r * std::sqrt(eig.eigenvalues()(1)), 1e-9 * e.semiMajor);
        EXPECT_NEAR(e.semiMinor, r * std::sqrt(eig.eigenvalues()(0)), 1e-7 * e.semiMajor);
        EXPECT_GT(e.angle, -std::numbers::pi / 2);
        EXPECT_LE(e.angle, std::numbers::pi / 2);
        // The major axis direction is the eigenvector of the largest eigenvalue.
        const Eigen::Vector2d dir(std::cos(e.angle), std::sin(e.angle));
        EXPECT_NEAR(std::abs(dir.dot(eig.eigenvectors().col(1))), 1.0, 1e-9);
        EXPECT_EQ(e.center, Eigen::Vector2d(1.0, 2.0));
    }
}

TEST(Ellipse, AxisAlignedCases) {
    Eigen::Matrix2d s;
    s << 1.0, 0.0, 0.0, 4.0; // major axis along y
    Ellipse2D e = covarianceEllipse(Eigen::Vector2d::Zero(), s, 2.0);
    EXPECT_DOUBLE_EQ(e.semiMajor, 4.0);
    EXPECT_DOUBLE_EQ(e.semiMinor, 2.0);
    EXPECT_NEAR(e.angle, std::numbers::pi / 2, 1e-15);
    s << 9.0, 0.0, 0.0, 1.0;
    e = covarianceEllipse(Eigen::Vector2d::Zero(), s, 1.0);
    EXPECT_DOUBLE_EQ(e.semiMajor, 3.0);
    EXPECT_DOUBLE_EQ(e.angle, 0.0);
}

TEST(Ellipse, CovarianceFromEllipseInvertsCovarianceEllipse) {
    Random rng(11);
    for (int trial = 0; trial < 200; ++trial) {
        const Eigen::Matrix2d s = randomCovariance(rng);
        const double r = 0.3 + 2.0 * rng.uniform();
        const Ellipse2D e = covarianceEllipse(Eigen::Vector2d::Zero(), s, r);
        EXPECT_TRUE(covarianceFromEllipse(e, r).isApprox(s, 1e-9)) << s;
    }
}

TEST(Ellipse, PolylineLiesOnTheMahalanobisContour) {
    Eigen::Matrix2d s;
    s << 2.0, 0.8, 0.8, 1.0;
    const Eigen::Vector2d mu(-1.0, 3.0);
    const double r = 2.0;
    const auto pts = ellipsePolyline(covarianceEllipse(mu, s, r), 64);
    ASSERT_EQ(pts.size(), 64u);
    const Eigen::Matrix2d inv = s.inverse();
    for (const auto& p : pts)
        EXPECT_NEAR((p - mu).dot(inv * (p - mu)), r * r, 1e-9);
    EXPECT_GT((pts.front() - pts.back()).norm(), 1e-3); // closed: first point not repeated
}

TEST(Ellipse, MassInsideRadius) {
    EXPECT_NEAR(massInsideRadius2D(1.0), 0.393, 5e-4);
    EXPECT_NEAR(massInsideRadius2D(2.0), 0.865, 5e-4);
    EXPECT_NEAR(massInsideRadius2D(3.0), 0.989, 5e-4);
    EXPECT_EQ(massInsideRadius2D(0.0), 0.0);
    // Monte Carlo with independent standard normals: the fraction inside r = 1 and r = 2.
    Random rng(3);
    const int n = 40000;
    int in1 = 0, in2 = 0;
    for (int i = 0; i < n; ++i) {
        const double a = rng.normal(), b = rng.normal();
        const double q = a * a + b * b;
        in1 += q <= 1.0;
        in2 += q <= 4.0;
    }
    EXPECT_NEAR(double(in1) / n, massInsideRadius2D(1.0), 0.01);
    EXPECT_NEAR(double(in2) / n, massInsideRadius2D(2.0), 0.01);
}
