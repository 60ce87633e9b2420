// Seeded generators: reproducible, and drawing from the distributions they claim to.
#include "common/error.h"
#include "data/generators.h"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

TEST(Generators, SameSeedSamePointsOtherSeedOtherPoints) {
    const auto a = anisotropicBlobs(3, 50, 7);
    const auto b = anisotropicBlobs(3, 50, 7);
    const auto c = anisotropicBlobs(3, 50, 8);
    EXPECT_EQ(a.points, b.points);
    EXPECT_NE(a.points, c.points);
    EXPECT_EQ(rings(2, 30, 0.1, 1).points, rings(2, 30, 0.1, 1).points);
}

TEST(Generators, GaussianBlobsHaveTheRequestedMoments) {
    // Sample mean and covariance of 20,000 draws are within a few standard errors.
    BlobSpec spec;
    spec.mean = Eigen::Vector3d(1, -2, 3);
    spec.covariance.resize(3, 3);
    spec.covariance << 2.0, 0.6, 0.0, //
        0.6, 1.0, -0.3,               //
        0.0, -0.3, 0.5;
    spec.count = 20000;
    const PointSet s = gaussianBlobs({spec}, 3);
    ASSERT_EQ(s.dimension(), 3);
    ASSERT_EQ(s.size(), 20000);
    EXPECT_EQ(s.columnNames.size(), 3u);
    const Eigen::Vector3d mean = s.points.rowwise().mean();
    const Eigen::MatrixXd centred = s.points.colwise() - mean;
    const Eigen::Matrix3d cov = centred * centred.transpose() / double(s.size() - 1);
    EXPECT_LT((mean - spec.mean).cwiseAbs().maxCoeff(), 0.05);
    EXPECT_LT((cov - spec.covariance).cwiseAbs().maxCoeff(), 0.08) << cov;
}

TEST(Generators, SingularCovarianceGivesAFlatBlob) {
    BlobSpec spec;
    spec.mean = Eigen::Vector2d(0, 0);
    spec.covariance.resize(2, 2);
    spec.covariance << 1, 1, 1, 1; // all mass on the line x = y
    spec.count = 100;
    const PointSet s = gaussianBlobs({spec}, 1);
    EXPECT_LT((s.points.row(0) - s.points.row(1)).cwiseAbs().maxCoeff(), 1e-9);
    EXPECT_GT(s.points.row(0).cwiseAbs().maxCoeff(), 0.5);
}

TEST(Generators, BadSpecsAreArgumentErrors) {
    BlobSpec spec;
    spec.mean = Eigen::Vector2d(0, 0);
    spec.covariance = Eigen::Matrix2d::Identity();
    spec.count = 5;
    BlobSpec wrongSize = spec;
    wrongSize.covariance = Eigen::Matrix3d::Identity();
    EXPECT_THROW(gaussianBlobs({spec, wrongSize}, 0), ArgumentError);
    BlobSpec negative = spec;
    negative.covariance(1, 1) = -1;
    EXPECT_THROW(gaussianBlobs({negative}, 0), ArgumentError);
    BlobSpec asymmetric = spec;
    asymmetric.covariance(0, 1) = 0.5;
    EXPECT_THROW(gaussianBlobs({asymmetric}, 0), ArgumentError);
    EXPECT_THROW(gaussianBlobs({}, 0), ArgumentError);
    EXPECT_THROW(uniformNoise(5, Eigen::Vector2d(1, 1), Eigen::Vector2d(0, 2), 0), ArgumentError);
    EXPECT_THROW(rings(0, 5, 0.1, 0), ArgumentError);
    EXPECT_THROW(rings(1, 5, std::nan(""), 0), ArgumentError);
}

TEST(Generators, UniformNoiseStaysInItsBox) {
    const PointSet s = uniformNoise(5000, Eigen::Vector2d(-1, 10), Eigen::Vector2d(2, 11), 4);
    EXPECT_GE(s.points.row(0).minCoeff(), -1.0);
    EXPECT_LT(s.points.row(0).maxCoeff(), 2.0);
    EXPECT_GE(s.points.row(1).minCoeff(), 10.0);
    EXPECT_LT(s.points.row(1).maxCoeff(), 11.0);
    EXPECT_NEAR(s.points.row(0).mean(), 0.5, 0.05);
}

TEST(Generators, RingsHaveRadiiOneTwoThree) {
    const PointSet s = rings(3, 1000, 0.01, 5);
    ASSERT_EQ(s.size(), 3000);
    for (int r = 0; r < 3; ++r) {
        const auto block = s.points.middleCols(r * 1000, 1000);
        const Eigen::VectorXd radius = block.colwise().norm().transpose();
        EXPECT_NEAR(radius.mean(), r + 1.0, 0.005);
        EXPECT_LT((radius.array() - (r + 1.0)).abs().maxCoeff(), 0.06);
    }
}

TEST(Generators, AnisotropicBlobsAreElongated) {
    const PointSet s = anisotropicBlobs(1, 5000, 2);
    const Eigen::Vector2d mean = s.points.rowwise().mean();
    const Eigen::MatrixXd centred = s.points.colwise() - mean;
    const Eigen::Matrix2d cov = centred * centred.transpose() / double(s.size());
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
    EXPECT_GT(eig.eigenvalues()(1) / eig.eigenvalues()(0), 4.0) << cov;
}
