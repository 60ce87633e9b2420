// k-means++ seeding (core/mixture/kmeans.h), the start of InitMethod::KMeansPlusPlus.

#include "em_test_util.h"
#include "mixture/kmeans.h"

#include <gtest/gtest.h>

#include <set>

using namespace latentlab;

TEST(EmKMeans, CentresAreDistinctObservationsAndSeeded) {
    Random data(1);
    const Eigen::MatrixXd x = latentlab::testing::blobs(data, 2, 300, 3);
    Random a(5), b(5), c(6);
    const Eigen::MatrixXd ca = kmeansPlusPlusCentres(x, 4, a);
    EXPECT_EQ(ca, kmeansPlusPlusCentres(x, 4, b));
    EXPECT_NE(ca, kmeansPlusPlusCentres(x, 4, c));
    std::set<Eigen::Index> used;
    for (int j = 0; j < 4; ++j) {
        Eigen::Index found = -1;
        for (Eigen::Index i = 0; i < x.cols(); ++i)
            if (x.col(i) == ca.col(j))
                found = i;
        ASSERT_GE(found, 0) << "centre " << j << " is not an observation";
        used.insert(found);
    }
    EXPECT_EQ(used.size(), 4u);
}

TEST(EmKMeans, SquaredDistanceSamplingFindsSeparatedClusters) {
    // Two tight clusters 100 apart: after the first centre, D^2 sampling picks the other
    // cluster with probability ~ 1 - 1e-4; uniform sampling would do so only half the time.
    Eigen::MatrixXd x(1, 200);
    Random noise(2);
    for (int i = 0; i < 200; ++i)
        x(0, i) = (i < 100 ? 0.0 : 100.0) + noise.normal();
    int separated = 0;
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        Random rng(seed);
        const Eigen::MatrixXd c = kmeansPlusPlusCentres(x, 2, rng);
        separated += std::abs(c(0, 0) - c(0, 1)) > 50.0;
    }
    EXPECT_GE(separated, 198);
}

TEST(EmKMeans, IdenticalPointsAndNearestCentreTies) {
    const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, 5, 1.5);
    Random rng(3);
    const Eigen::MatrixXd c = kmeansPlusPlusCentres(x, 3, rng); // D^2 all zero: uniform draws
    EXPECT_TRUE((c.array() == 1.5).all());
    const std::vector<int> labels = nearestCentres(x, c);
    for (int l : labels)
        EXPECT_EQ(l, 0); // ties go to the lowest index
    Eigen::MatrixXd centres(1, 2);
    centres << 0.0, 10.0;
    Eigen::MatrixXd y(1, 3);
    y << 1.0, 9.0, 5.0;
    EXPECT_EQ(nearestCentres(y, centres), (std::vector<int>{0, 1, 0}));
}
