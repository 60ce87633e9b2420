// The positive-definite policy of the M-step (core/mixture/covariance_policy.h), on matrices
// whose eigenvalues are known by construction.
#include "mixture/covariance_policy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace latentlab;
using Eigen::Matrix2d;
using Eigen::MatrixXd;

namespace {
MatrixXd diag(double a, double b) {
    return Eigen::Vector2d(a, b).asDiagonal();
}
} // namespace

TEST(CovariancePolicy, UsableMeansPositiveDefiniteWellConditionedAndAboveRounding) {
    CovarianceCheck c = CovariancePolicy::check(MatrixXd::Identity(2, 2));
    EXPECT_TRUE(c.usable);
    EXPECT_DOUBLE_EQ(c.smallestEigenvalue, 1.0);

    // The condition floor: lambda_min / lambda_max must exceed 1e-12.
    EXPECT_FALSE(CovariancePolicy::check(diag(1.0, 0.5e-12)).usable);
    EXPECT_TRUE(CovariancePolicy::check(diag(1.0, 2e-12)).usable);
    EXPECT_DOUBLE_EQ(CovariancePolicy::check(diag(1.0, 0.5e-12)).smallestEigenvalue, 0.5e-12);

    // The rounding floor: sqrt(lambda_min) must exceed 1e-12 |mu|_inf. A spread of 1e-15
    // around a mean of 1e6 is rounding noise; around the origin it is a real (tiny) spread.
    EXPECT_FALSE(CovariancePolicy::check(diag(1e-30, 1e-30), 1e6).usable);
    EXPECT_TRUE(CovariancePolicy::check(diag(1e-30, 1e-30), 0.0).usable);
    EXPECT_TRUE(CovariancePolicy::check(diag(1e-10, 1e-10), 1e6).usable); // sigma 1e-5 > 1e-6

    // Indefinite: [[1, 2], [2, 1]] has eigenvalues 3 and -1.
    Matrix2d indefinite;
    indefinite << 1, 2, 2, 1;
    c = CovariancePolicy::check(indefinite);
    EXPECT_FALSE(c.usable);
    EXPECT_NEAR(c.smallestEigenvalue, -1.0, 1e-12);
    EXPECT_FALSE(CovariancePolicy::check(MatrixXd::Zero(2, 2)).usable);

    MatrixXd bad = MatrixXd::Identity(2, 2);
    bad(0, 1) = bad(1, 0) = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(CovariancePolicy::check(bad).usable);
    bad(0, 1) = bad(1, 0) = std::numeric_limits<double>::infinity();
    EXPECT_FALSE(CovariancePolicy::check(bad).usable);
}

TEST(CovariancePolicy, SettleKeepsTheOldCovarianceOnlyWhenTheNewOneIsUnusable) {
    const MatrixXd kept = diag(4.0, 9.0);
    MatrixXd fresh = diag(2.0, 3.0);
    EXPECT_TRUE(CovariancePolicy::settle(fresh, kept, 1.0).usable);
    EXPECT_EQ(fresh, diag(2.0, 3.0));

    MatrixXd singular = diag(2.0, 0.0);
    const CovarianceCheck c = CovariancePolicy::settle(singular, kept, 1.0);
    EXPECT_FALSE(c.usable);
    EXPECT_EQ(c.smallestEigenvalue, 0.0);
    EXPECT_EQ(singular, kept);
}

TEST(CovariancePolicy, DataCovarianceIsTheSampleCovarianceFlooredWhenNeeded) {
    // Four points with mean (1, 2): the covariance (divided by N) by hand.
    MatrixXd x(2, 4);
    x << 0, 2, 1, 1, //
        2, 2, 0, 4;
    const Eigen::Vector2d mean(1, 2);
    MatrixXd expected = MatrixXd::Zero(2, 2);
    for (int i = 0; i < 4; ++i)
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c)
                expected(r, c) += (x(r, i) - mean(r)) * (x(c, i) - mean(c)) / 4.0;
    const double reg = 1e-3;
    const MatrixXd full = CovariancePolicy::dataCovariance(x, mean, reg, CovarianceType::Full);
    EXPECT_TRUE(full.isApprox(expected + reg * MatrixXd::Identity(2, 2), 1e-14));
    EXPECT_EQ(CovariancePolicy::dataCovariance(x, mean, reg, CovarianceType::Tied), full);
    const MatrixXd diagonal = CovariancePolicy::dataCovariance(x, mean, reg, CovarianceType::Diag);
    EXPECT_EQ(diagonal(0, 1), 0.0);
    EXPECT_DOUBLE_EQ(diagonal(1, 1), full(1, 1));
    const MatrixXd spherical =
        CovariancePolicy::dataCovariance(x, mean, reg, CovarianceType::Spherical);
    EXPECT_DOUBLE_EQ(spherical(0, 0), 0.5 * (full(0, 0) + full(1, 1)));

    // Points on the line y = x: the covariance is singular; its small eigenvalue is raised to
    // kDataFloor times the large one, along the direction (1, -1).
    MatrixXd line(2, 3);
    line << -1, 0, 1, //
        -1, 0, 1;
    const MatrixXd floored =
        CovariancePolicy::dataCovariance(line, Eigen::Vector2d::Zero(), 0.0, CovarianceType::Full);
    const double big = 4.0 / 3.0; // variance along (1, 1)/sqrt 2: 2 (1 + 0 + 1) / 3
    EXPECT_NEAR(
        Eigen::Vector2d(1, 1).normalized().dot(floored * Eigen::Vector2d(1, 1).normalized()), big,
        1e-12);
    EXPECT_NEAR(
        Eigen::Vector2d(1, -1).normalized().dot(floored * Eigen::Vector2d(1, -1).normalized()),
        CovariancePolicy::kDataFloor * big, 1e-15);
    EXPECT_TRUE(CovariancePolicy::check(floored).usable);

    // All points at one place and no regularisation: nothing to floor, the identity.
    const MatrixXd same = MatrixXd::Constant(2, 5, 3.0);
    EXPECT_EQ(
        CovariancePolicy::dataCovariance(same, Eigen::Vector2d(3, 3), 0.0, CovarianceType::Full),
        MatrixXd::Identity(2, 2));
}
