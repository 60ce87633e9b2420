// Built-in data sets: Old Faithful exactly as R ships it, and synthetic sets that look the
// way their descriptions say.
#include "common/error.h"
#include "data/presets.h"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <set>

using namespace latentlab;

TEST(Presets, FaithfulIsRsDataset) {
    const PointSet s = makePreset("faithful");
    ASSERT_EQ(s.size(), 272);
    ASSERT_EQ(s.dimension(), 2);
    EXPECT_EQ(s.columnNames, (std::vector<std::string>{"eruptions", "waiting"}));
    // First and last rows and column summaries as R prints them (summary(faithful)).
    EXPECT_EQ(s.points(0, 0), 3.6);
    EXPECT_EQ(s.points(1, 0), 79.0);
    EXPECT_EQ(s.points(0, 271), 4.467);
    EXPECT_EQ(s.points(1, 271), 74.0);
    EXPECT_EQ(s.points.row(0).minCoeff(), 1.6);
    EXPECT_EQ(s.points.row(0).maxCoeff(), 5.1);
    EXPECT_EQ(s.points.row(1).minCoeff(), 43.0);
    EXPECT_EQ(s.points.row(1).maxCoeff(), 96.0);
    EXPECT_NEAR(s.points.row(0).mean(), 3.488, 5e-4);
    EXPECT_NEAR(s.points.row(1).mean(), 70.9, 0.05);
    EXPECT_EQ(makePreset("faithful", 99).points, s.points); // the seed does not matter
}

TEST(Presets, ListHasTheTeachingSetsWithDescriptions) {
    std::set<std::string> names;
    for (const auto& p : presets()) {
        names.insert(p.name);
        EXPECT_FALSE(p.description.empty());
        EXPECT_EQ(p.description.find('\n'), std::string::npos);
        EXPECT_GE(p.suggestedK, 1);
        const PointSet s = makePreset(p.name);
        EXPECT_EQ(s.name, p.name);
        EXPECT_GE(s.size(), 30 * p.suggestedK) << p.name;
        EXPECT_TRUE(s.points.allFinite()) << p.name;
    }
    for (const char* required : {"faithful", "separated", "overlapping", "elongated", "tiny"})
        EXPECT_TRUE(names.count(required)) << required;
}

TEST(Presets, SeedVariesSyntheticSetsReproducibly) {
    EXPECT_EQ(makePreset("separated", 1).points, makePreset("separated", 1).points);
    EXPECT_NE(makePreset("separated", 1).points, makePreset("separated", 2).points);
    EXPECT_NE(makePreset("separated").points.leftCols(5),
              makePreset("overlapping").points.leftCols(5));
}

TEST(Presets, TinyHasATightClusterBesideBroadOnes) {
    const PointSet s = makePreset("tiny");
    // Points within 0.7 (5 standard deviations) of the origin: the 30 of the tight cluster (and few
    // others).
    int near = 0;
    for (Eigen::Index i = 0; i < s.size(); ++i)
        near += s.points.col(i).norm() < 0.7;
    EXPECT_GE(near, 30);
    EXPECT_LE(near, 45);
}

TEST(Presets, ElongatedClustersAreLongAndThin) {
    const PointSet s = makePreset("elongated");
    // Each block of 150 has a covariance with an eigenvalue ratio far above 1.
    for (int b = 0; b < 3; ++b) {
        const Eigen::MatrixXd block = s.points.middleCols(b * 150, 150);
        const Eigen::MatrixXd centred = block.colwise() - block.rowwise().mean();
        const Eigen::Matrix2d cov = centred * centred.transpose() / 150.0;
        Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(cov);
        EXPECT_GT(eig.eigenvalues()(1) / eig.eigenvalues()(0), 50.0);
    }
}

TEST(Presets, UnknownNameListsTheKnownOnes) {
    try {
        makePreset("faithfull");
        FAIL() << "expected an ArgumentError";
    } catch (const ArgumentError& e) {
        const std::string w = e.what();
        EXPECT_NE(w.find("unknown preset 'faithfull'"), std::string::npos) << w;
        EXPECT_NE(w.find("separated"), std::string::npos) << w;
    }
}
