// The singularity of maximum likelihood: a component collapsing onto its points is found
// (smallest variance down to the regulariser and orders of magnitude below the data's), and
// an ordinary fit is not flagged.

#include "em_test_util.h"
#include "mixture/collapse.h"
#include "mixture/em_engine.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

namespace {
MixtureParams twoComponents(double variance0, double variance1) {
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.5, 0.5);
    p.means = Eigen::Matrix2d::Zero();
    p.covariances = {Eigen::Matrix2d::Identity() * variance0,
                     Eigen::Matrix2d::Identity() * variance1};
    return p;
}
} // namespace

TEST(Collapse, Log10DeterminantOfAScaledIdentity) {
    EXPECT_NEAR(log10Determinant(Eigen::Matrix2d::Identity() * 1e-6), -12.0, 1e-12);
    EXPECT_EQ(log10Determinant(Eigen::Matrix2d::Zero()), -std::numeric_limits<double>::infinity());
}

TEST(Collapse, FoundOnlyWhenTheRegulariserIsAllThatIsLeft) {
    // Component 1 shrank to reg I, against data of variance 1.
    EXPECT_EQ(
        collapsedComponents(twoComponents(0.5, 1.0000001e-6), CovarianceType::Full, 1e-6, 1.0),
        std::vector<int>{1});
    // Small, but far above reg: a tight cluster, not a collapse.
    EXPECT_TRUE(
        collapsedComponents(twoComponents(1.0, 1e-4), CovarianceType::Full, 1e-6, 1.0).empty());
    // Down to reg, but reg is large for these data (variance 1e-3): a choice, not a collapse.
    EXPECT_TRUE(
        collapsedComponents(twoComponents(1.0, 1e-6), CovarianceType::Full, 1e-6, 1e-3).empty());
    // Tied covariances and reg = 0 (the engine's own event) are not flagged.
    EXPECT_TRUE(
        collapsedComponents(twoComponents(0.5, 1e-6), CovarianceType::Tied, 1e-6, 1.0).empty());
    EXPECT_TRUE(
        collapsedComponents(twoComponents(0.5, 1e-6), CovarianceType::Full, 0.0, 1.0).empty());
}

TEST(Collapse, LargestVarianceOfTheData) {
    Eigen::MatrixXd data(2, 4);
    data << -1, 1, 0, 0, 0, 0, -2, 2; // variances 0.5 (x) and 2 (y), uncorrelated
    EXPECT_NEAR(largestVariance(data), 2.0, 1e-12);
}

TEST(Collapse, TwoPointsWithTwoComponents) {
    // Issue 12's second case: two points, K = 2: each component ends on one point.
    Eigen::MatrixXd data(2, 2);
    data << 0.0, 1.0, 0.0, 1.0;
    EmOptions o;
    o.k = 2;
    EmEngine em(data, o);
    em.run();
    const auto collapsed =
        collapsedComponents(em.params(), o.covariance, o.reg, largestVariance(data));
    EXPECT_EQ(collapsed.size(), 2u);
    EXPECT_GT(em.logLikelihood(), 20.0); // log(1 / (2 pi 1e-6)) per point
}

TEST(Collapse, AnOrdinaryFitIsNotFlagged) {
    Random rng(7);
    const Eigen::MatrixXd data = latentlab::testing::blobs(rng, 2, 300, 3);
    EmOptions o;
    o.k = 3;
    EmEngine em(data, o);
    em.run();
    EXPECT_TRUE(
        collapsedComponents(em.params(), o.covariance, o.reg, largestVariance(data)).empty());
}
