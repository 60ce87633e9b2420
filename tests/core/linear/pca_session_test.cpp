// The PCA page's session payload: what is written is read back the same, and every bad field
// is a FileError naming the file and the field.
#include "common/error.h"
#include "linear/pca_session.h"

#include <gtest/gtest.h>

using namespace latentlab;

namespace {
PcaSession example() {
    PcaSession s;
    s.data.points.resize(2, 3);
    s.data.points << 0.5, -1.25, 3.0, 2.0, 0.125, -7.5;
    s.data.columnNames = {"a", "b"};
    s.data.name = "drawn";
    s.truth = PcaSession::Truth{Eigen::Vector2d(0.5, 0.25), Eigen::Vector2d(1.6, 0.92), 0.3};
    s.panel = "em";
    s.residuals = false;
    s.posterior = true;
    s.sigma2 = 0.7;
    s.autoencoder = "tied";
    s.emState = 9;
    s.imageSet = "fashion";
    s.imageQ = 42;
    s.testImage = 17;
    return s;
}

std::string errorOf(const nlohmann::json& payload) {
    try {
        pcaSessionFromJson(payload, "s.latentlab");
    } catch (const FileError& e) {
        return e.what();
    }
    return {};
}
} // namespace

TEST(PcaSession, RoundTrips) {
    const PcaSession s = example();
    const nlohmann::json j = toJson(s);
    const PcaSession t = pcaSessionFromJson(nlohmann::json::parse(j.dump()), "s.latentlab");
    EXPECT_EQ(t.data.points, s.data.points);
    EXPECT_EQ(t.data.columnNames, s.data.columnNames);
    EXPECT_EQ(t.data.name, s.data.name);
    ASSERT_TRUE(t.truth);
    EXPECT_EQ(t.truth->w, s.truth->w);
    EXPECT_EQ(t.truth->sigma2, 0.3);
    EXPECT_EQ(t.panel, "em");
    EXPECT_FALSE(t.residuals);
    EXPECT_TRUE(t.posterior);
    EXPECT_EQ(t.sigma2, 0.7);
    EXPECT_EQ(t.autoencoder, "tied");
    EXPECT_EQ(t.emState, 9);
    EXPECT_EQ(t.imageSet, "fashion");
    EXPECT_EQ(t.imageQ, 42);
    EXPECT_EQ(t.testImage, 17);
    EXPECT_EQ(toJson(t), j);
}

TEST(PcaSession, OnlyDataIsRequired) {
    const PcaSession t = pcaSessionFromJson({{"data", {{"points", {{1, 2}, {3, 4}}}}}}, "s");
    EXPECT_EQ(t.data.size(), 2);
    EXPECT_EQ(t.q, 1);
    EXPECT_EQ(t.panel, "manifold");
    EXPECT_FALSE(t.truth);
}

TEST(PcaSession, BadFieldsAreNamed) {
    const nlohmann::json good = toJson(example());
    const std::pair<const char*, nlohmann::json> cases[] = {
        {"q", 0},
        {"q", 2},
        {"panel", "hologram"},
        {"residuals", 1},
        {"sigma2", -1.0},
        {"sigma2", "x"},
        {"autoencoder", "deep"},
        {"emState", -1},
        {"truth", {{"mean", {0, 0}}, {"w", {1, 0}}, {"sigma2", 0}}},
        {"images", {{"set", "faces"}}},
        {"images", {{"q", 101}}},
    };
    for (const auto& [key, value] : cases) {
        nlohmann::json bad = good;
        bad[key] = value;
        const std::string e = errorOf(bad);
        EXPECT_NE(e.find("s.latentlab"), std::string::npos) << key << ": " << e;
        EXPECT_NE(e.find(key), std::string::npos) << key << ": " << e;
    }
    nlohmann::json noData = good;
    noData.erase("data");
    EXPECT_NE(errorOf(noData).find("data"), std::string::npos);
    nlohmann::json nan = good;
    nan["data"]["points"][1] = {1, "nan"};
    EXPECT_NE(errorOf(nan).find("data.points[1]"), std::string::npos) << errorOf(nan);
}
