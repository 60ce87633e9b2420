#include "mixture/gaussian_mixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace latentlab;

TEST(GaussianMixture, CovarianceTypeNamesRoundTrip) {
    for (auto t : {CovarianceType::Full, CovarianceType::Diag, CovarianceType::Spherical,
                   CovarianceType::Tied})
        EXPECT_EQ(parseCovarianceType(toString(t)), t);
    EXPECT_EQ(toString(CovarianceType::Spherical), "spherical");
    EXPECT_FALSE(parseCovarianceType("Full").has_value());
    EXPECT_FALSE(parseCovarianceType("").has_value());
}

TEST(GaussianMixture, FreeParametersAsScikitLearnCounts) {
    // scikit-learn _n_parameters: cov params + K*d means + K-1 weights.
    EXPECT_EQ(freeParameterCount(CovarianceType::Full, 2, 2), 2 * 3 + 4 + 1);
    EXPECT_EQ(freeParameterCount(CovarianceType::Diag, 3, 2), 3 * 2 + 6 + 2);
    EXPECT_EQ(freeParameterCount(CovarianceType::Spherical, 3, 4), 3 + 12 + 2);
    EXPECT_EQ(freeParameterCount(CovarianceType::Tied, 3, 3), 6 + 9 + 2);
    EXPECT_EQ(freeParameterCount(CovarianceType::Full, 1, 1), 1 + 1 + 0);
}

TEST(GaussianMixture, LogDensityMatchesClosedForm2D) {
    Eigen::Vector2d mu(1.0, -2.0);
    Eigen::Matrix2d s;
    s << 2.0, 0.6, 0.6, 0.5;
    const Eigen::Vector2d o(0.3, -1.1);
    const double det = s(0, 0) * s(1, 1) - s(0, 1) * s(1, 0);
    Eigen::Matrix2d inv;
    inv << s(1, 1), -s(0, 1), -s(1, 0), s(0, 0);
    inv /= det;
    const Eigen::Vector2d v = o - mu;
    const double expected =
        -std::log(2.0 * std::numbers::pi) - 0.5 * std::log(det) - 0.5 * v.dot(inv * v);
    const auto got = logGaussianDensity(o, mu, s);
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(*got, expected, 1e-12);
}

TEST(GaussianMixture, LogDensityOneDimensional) {
    Eigen::VectorXd o(1), mu(1);
    o << 2.5;
    mu << 1.0;
    Eigen::MatrixXd s(1, 1);
    s << 4.0;
    const double expected = -0.5 * std::log(2.0 * std::numbers::pi * 4.0) - 0.5 * 1.5 * 1.5 / 4.0;
    EXPECT_NEAR(*logGaussianDensity(o, mu, s), expected, 1e-13);
}

TEST(GaussianMixture, LogDensityRejectsNonPositiveDefinite) {
    Eigen::Matrix2d s;
    s << 1.0, 2.0, 2.0, 1.0; // eigenvalues 3, -1
    EXPECT_FALSE(logGaussianDensity(Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero(), s));
    EXPECT_FALSE(logGaussianDensity(Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero(),
                                    Eigen::Matrix2d::Zero()));
}

TEST(GaussianMixture, ProjectToType) {
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.25, 0.75);
    p.means = Eigen::Matrix2d::Zero();
    Eigen::Matrix2d a, b;
    a << 4.0, 1.0, 1.0, 2.0;
    b << 1.0, -0.5, -0.5, 3.0;
    p.covariances = {a, b};

    const auto diag = projectToType(p, CovarianceType::Diag);
    EXPECT_EQ(diag.covariances[0](0, 1), 0.0);
    EXPECT_EQ(diag.covariances[0](0, 0), 4.0);
    EXPECT_EQ(diag.covariances[1](1, 1), 3.0);

    const auto sph = projectToType(p, CovarianceType::Spherical);
    EXPECT_DOUBLE_EQ(sph.covariances[0](0, 0), 3.0);
    EXPECT_DOUBLE_EQ(sph.covariances[0](1, 1), 3.0);
    EXPECT_EQ(sph.covariances[0](1, 0), 0.0);
    EXPECT_DOUBLE_EQ(sph.covariances[1](0, 0), 2.0);

    const auto tied = projectToType(p, CovarianceType::Tied);
    const Eigen::Matrix2d expected = 0.25 * a + 0.75 * b;
    for (const auto& c : tied.covariances)
        EXPECT_TRUE(c.isApprox(expected, 1e-14));

    const auto full = projectToType(p, CovarianceType::Full);
    EXPECT_EQ(full.covariances[1], b);
}
