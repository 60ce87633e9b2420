// The PCA lesson's data sets: standardised Old Faithful really has mean 0 and variance 1 per
// column, and each synthetic cloud has the shape its description promises.
#include "common/error.h"
#include "data/pca_presets.h"
#include "data/presets.h"
#include "linear/pca.h"

#include <gtest/gtest.h>

using namespace latentlab;

TEST(PcaPresets, FaithfulIsStandardised) {
    const PointSet raw = makePreset("faithful");
    const PointSet s = makePcaPreset("faithful");
    ASSERT_EQ(s.size(), 272);
    for (int j = 0; j < 2; ++j) {
        EXPECT_NEAR(s.points.row(j).mean(), 0.0, 1e-12);
        EXPECT_NEAR(s.points.row(j).squaredNorm() / 271.0, 1.0, 1e-12);
        // An affine map of the raw column: the first point's z-score by hand.
        const double m = raw.points.row(j).mean();
        const double sd = std::sqrt((raw.points.row(j).array() - m).square().sum() / 271.0);
        EXPECT_NEAR(s.points(j, 0), (raw.points(j, 0) - m) / sd, 1e-12);
    }
    EXPECT_EQ(s.columnNames[0], "eruptions (std.)");
}

TEST(PcaPresets, CloudsHaveTheirShape) {
    const auto ratio = [](const std::string& name) {
        const Pca pca(makePcaPreset(name).points);
        return pca.eigenvalues()[1] / pca.eigenvalues()[0];
    };
    EXPECT_LT(ratio("cloud"), 0.1);
    EXPECT_LT(ratio("near-line"), 0.01);
    EXPECT_GT(ratio("round"), 0.6);
    for (const auto& p : pcaPresets()) {
        const PointSet s = makePcaPreset(p.name);
        EXPECT_EQ(s.name, p.name);
        EXPECT_EQ(s.dimension(), 2);
        EXPECT_TRUE(s.points.allFinite());
    }
    EXPECT_NE(makePcaPreset("cloud", 1).points, makePcaPreset("cloud", 0).points);
    EXPECT_EQ(makePcaPreset("cloud", 0).points, makePcaPreset("cloud").points);
}

TEST(PcaPresets, UnknownNameListsTheKnownOnes) {
    try {
        makePcaPreset("nope");
        FAIL();
    } catch (const ArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("cloud, faithful"), std::string::npos) << e.what();
    }
}

TEST(PcaPresets, StandardisingAConstantColumnOnlyCentresIt) {
    PointSet s;
    s.points.resize(2, 3);
    s.points << 1, 2, 3, 5, 5, 5;
    const PointSet t = standardised(s);
    EXPECT_EQ(t.points.row(1), Eigen::RowVector3d::Zero());
    EXPECT_NEAR(t.points(0, 2), 1.0, 1e-15);
}
