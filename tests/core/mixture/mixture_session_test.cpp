// The mixture page's sessions: data, settings, manual initialisation and state round-trip
// bit for bit through version 2; version 1 files read the same; every malformed field is
// refused in one line naming the file and the field.
#include "common/error.h"
#include "io/json.h"
#include "io/session.h"
#include "mixture/mixture_session.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>

using namespace latentlab;
using nlohmann::json;

namespace {

MixtureSession sampleMixtureSession() {
    MixtureSession s;
    s.data.name = "caf\xC3\xA9 \"data\".csv";
    s.data.columnNames = {"eruptions", "waiting"};
    s.data.points.resize(2, 4);
    s.data.points << 0.1, 1.0 / 3.0, -1e-300, 123456789.125, -0.0, 4.9e-324, 2.0, -7.5e10;
    s.settings.k = 4;
    s.settings.covariance = CovarianceType::Diag;
    s.settings.init = InitMethod::Random;
    s.settings.seed = 1234567;
    s.settings.reg = 1e-4;
    s.settings.tol = 0.0;
    s.settings.maxIter = 250;
    s.state = 5;
    return s;
}

MixtureParams manualParams(int k) {
    MixtureParams p;
    p.weights = Eigen::VectorXd::Constant(k, 1.0 / k);
    p.means.resize(2, k);
    for (int j = 0; j < k; ++j) {
        p.means.col(j) << 0.25 * j, -1.0 / (j + 3);
        Eigen::Matrix2d c;
        c << 0.5 + j, 0.2, 0.2, 0.3;
        p.covariances.push_back(c);
    }
    return p;
}

MixtureSession roundTrip(const MixtureSession& s) {
    const std::string text = serializeSessionFile({kMixturePage, "lecture", toJson(s)});
    return mixtureSessionFrom(parseSessionFile(text, "t"), "t");
}

void expectSame(const MixtureSession& a, const MixtureSession& b) {
    EXPECT_EQ(a.data.name, b.data.name);
    EXPECT_EQ(a.data.columnNames, b.data.columnNames);
    ASSERT_EQ(a.data.points.cols(), b.data.points.cols());
    for (Eigen::Index i = 0; i < a.data.points.size(); ++i) {
        EXPECT_EQ(a.data.points.data()[i], b.data.points.data()[i]) << i;
        EXPECT_EQ(std::signbit(a.data.points.data()[i]), std::signbit(b.data.points.data()[i]));
    }
    EXPECT_EQ(a.settings.k, b.settings.k);
    EXPECT_EQ(a.settings.covariance, b.settings.covariance);
    EXPECT_EQ(a.settings.init, b.settings.init);
    EXPECT_EQ(a.settings.seed, b.settings.seed);
    EXPECT_EQ(a.settings.reg, b.settings.reg);
    EXPECT_EQ(a.settings.tol, b.settings.tol);
    EXPECT_EQ(a.settings.maxIter, b.settings.maxIter);
    ASSERT_EQ(a.settings.manualParams.has_value(), b.settings.manualParams.has_value());
    if (a.settings.manualParams) {
        EXPECT_EQ(a.settings.manualParams->weights, b.settings.manualParams->weights);
        EXPECT_EQ(a.settings.manualParams->means, b.settings.manualParams->means);
        EXPECT_EQ(a.settings.manualParams->covariances, b.settings.manualParams->covariances);
    }
    EXPECT_EQ(a.state, b.state);
}

/// Edits a good session's payload, then expects a one-line FileError naming the file that
/// contains `expected`.
void expectRefused(const std::function<void(json&)>& edit, const std::string& expected) {
    MixtureSession good = sampleMixtureSession();
    good.settings.manualParams = manualParams(4);
    json payload = toJson(good);
    edit(payload);
    const std::string text = writeJson(json{{"format", "latentlab-session"},
                                            {"version", 2},
                                            {"page", "mixture"},
                                            {"mixture", payload}});
    try {
        (void)mixtureSessionFrom(parseSessionFile(text, "m.latentlab"), "m.latentlab");
        ADD_FAILURE() << "accepted, expected: " << expected;
    } catch (const FileError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("m.latentlab: ", 0), 0u) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        EXPECT_NE(what.find(expected), std::string::npos) << what;
    }
}

} // namespace

TEST(MixtureSession, RoundTripsBitForBit) {
    const MixtureSession s = sampleMixtureSession();
    expectSame(s, roundTrip(s));
}

TEST(MixtureSession, ManualInitialisationRoundTrips) {
    MixtureSession s = sampleMixtureSession();
    s.settings.init = InitMethod::Manual;
    s.settings.manualParams = manualParams(4);
    expectSame(s, roundTrip(s));
    // Kept (not used) with another initialisation, as the document keeps it.
    s.settings.init = InitMethod::KMeansPlusPlus;
    s.settings.manualParams = manualParams(2);
    expectSame(s, roundTrip(s));
}

// One spelling per setting: "max_iter", as the CLI has it; "maxIter", which sessions wrote
// before, is still read.
TEST(MixtureSession, MaxIterIsSpelledAsTheCliSpellsIt) {
    MixtureSession s = sampleMixtureSession();
    s.settings.maxIter = 37;
    json j = toJson(s);
    EXPECT_EQ(j.at("model").at("max_iter"), 37);
    EXPECT_FALSE(j.at("model").contains("maxIter"));
    j["model"].erase("max_iter");
    j["model"]["maxIter"] = 41;
    EXPECT_EQ(mixtureSessionFromJson(j, "old.latentlab").settings.maxIter, 41);
}

TEST(MixtureSession, EmptyDataRoundTrips) {
    MixtureSession s;
    s.data.points.resize(2, 0);
    expectSame(s, roundTrip(s));
}

TEST(MixtureSession, LargeSeedsAreStrings) {
    MixtureSession s = sampleMixtureSession();
    for (const std::uint64_t seed :
         {std::uint64_t(0), (std::uint64_t(1) << 53) - 1, std::uint64_t(1) << 53,
          std::numeric_limits<std::uint64_t>::max()}) {
        s.settings.seed = seed;
        const json j = toJson(s).at("model").at("seed");
        EXPECT_EQ(j.is_string(), seed >= (std::uint64_t(1) << 53)) << seed;
        EXPECT_EQ(roundTrip(s).settings.seed, seed);
    }
}

TEST(MixtureSession, VersionOneReadsTheSame) {
    // As LatentLab wrote it before pages (Qt's JSON: every number a double, keys sorted).
    const std::string v1 = R"({
    "data": {"columns": ["x", "y"], "name": "three", "points": [[0, 0], [1, 0.5], [4, 4]]},
    "format": "latentlab-session",
    "model": {"covariance": "tied", "init": "manual", "k": 1, "maxIter": 100,
              "manual": {"covariances": [[[2, 0.5], [0.5, 1]]], "means": [[1.5, -2]],
                         "weights": [1]},
              "reg": 1e-06, "seed": "18446744073709551615", "tol": 0.001},
    "version": 1,
    "view": {"palette": "lecture", "state": 7}
})";
    const MixtureSession s = mixtureSessionFrom(parseSessionFile(v1, "v1"), "v1");
    EXPECT_EQ(s.data.name, "three");
    EXPECT_EQ(s.data.points.cols(), 3);
    EXPECT_EQ(s.data.points(1, 1), 0.5);
    EXPECT_EQ(s.settings.covariance, CovarianceType::Tied);
    EXPECT_EQ(s.settings.init, InitMethod::Manual);
    EXPECT_EQ(s.settings.seed, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(s.settings.reg, 1e-6);
    ASSERT_TRUE(s.settings.manualParams);
    EXPECT_EQ(s.settings.manualParams->covariances[0](0, 1), 0.5);
    EXPECT_EQ(s.settings.manualParams->means(1, 0), -2.0);
    EXPECT_EQ(s.state, 7);
    expectSame(s, roundTrip(s)); // and it is written as version 2 with the same content
}

TEST(MixtureSession, ManualWeightsAreNormalised) {
    MixtureSession s = sampleMixtureSession();
    s.settings.manualParams = manualParams(2);
    json payload = toJson(s);
    payload["model"]["manual"]["weights"] = {1, 3};
    const MixtureSession back = mixtureSessionFromJson(payload, "t");
    EXPECT_EQ(back.settings.manualParams->weights, Eigen::Vector2d(0.25, 0.75));
}

TEST(MixtureSession, AnotherPageIsRefused) {
    try {
        (void)mixtureSessionFrom({"pca", "lecture", json::object()}, "p.latentlab");
        ADD_FAILURE();
    } catch (const FileError& e) {
        EXPECT_STREQ(e.what(), "p.latentlab: this is a \"pca\" session, not a mixture session");
    }
}

TEST(MixtureSession, OnlyTwoDimensionalDataIsWritten) {
    MixtureSession s;
    s.data.points = Eigen::MatrixXd::Zero(3, 2);
    EXPECT_THROW((void)toJson(s), ArgumentError);
}

TEST(MixtureSession, MalformedFields) {
    using E = std::function<void(json&)>;
    const std::vector<std::pair<E, std::string>> cases = {
        {[](json& m) { m = json::array(); }, "mixture: expected an object"},
        {[](json& m) { m.erase("data"); }, "mixture: missing field \"data\""},
        {[](json& m) { m["data"] = 1; }, "data: expected an object"},
        {[](json& m) { m["data"]["name"] = 3; }, "data.name: expected a string"},
        {[](json& m) {
             m["data"]["columns"] = {"a", "b", "c"};
         },
         "data.columns: expected two names"},
        {[](json& m) {
             m["data"]["columns"] = {1, 2};
         },
         "data.columns[0]: expected a string"},
        {[](json& m) { m["data"]["columns"] = "xy"; }, "data.columns: expected an array"},
        {[](json& m) { m["data"].erase("points"); }, "data: missing field \"points\""},
        {[](json& m) {
             m["data"]["points"] = {{"x", 1}};
         },
         "data.points: expected an array"},
        {[](json& m) { m["data"]["points"][1] = {1}; }, "data.points[1]: expected [x, y]"},
        {[](json& m) {
             m["data"]["points"][3] = {1, 2, 3};
         },
         "data.points[3]: expected [x, y]"},
        {[](json& m) {
             m["data"]["points"][2] = {"1", 2};
         },
         "data.points[2][0]: expected a number"},
        {[](json& m) {
             m["data"]["points"][2] = {1, nullptr};
         },
         "data.points[2][1]: expected a number"},
        {[](json& m) { m["data"]["points"][0] = nullptr; }, "data.points[0]: expected an array"},
        {[](json& m) { m.erase("model"); }, "mixture: missing field \"model\""},
        {[](json& m) { m["model"] = "full"; }, "model: expected an object"},
        {[](json& m) { m["model"].erase("k"); }, "model: missing field \"k\""},
        {[](json& m) { m["model"]["k"] = 0; }, "model.k: expected a whole number from 1 to 8"},
        {[](json& m) { m["model"]["k"] = 9; }, "model.k: expected a whole number from 1 to 8"},
        {[](json& m) { m["model"]["k"] = 2.5; }, "model.k: expected a whole number from 1 to 8"},
        {[](json& m) { m["model"]["k"] = "3"; }, "model.k: expected a number"},
        {[](json& m) { m["model"]["covariance"] = "round"; },
         R"(model.covariance: "round" is not one of full, diag, spherical, tied)"},
        {[](json& m) { m["model"]["covariance"] = true; }, "model.covariance: expected a string"},
        {[](json& m) { m["model"]["init"] = "explicit"; },
         R"(model.init: "explicit" is not one of kmeans++, random, manual)"},
        {[](json& m) { m["model"].erase("seed"); }, "model: missing field \"seed\""},
        {[](json& m) { m["model"]["seed"] = -1; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = 1.5; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = std::uint64_t(1) << 53; },
         "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = "abc"; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = ""; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = "-1"; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = " 1"; }, "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = "18446744073709551616"; },
         "model.seed: expected a whole number >= 0"},
        {[](json& m) { m["model"]["seed"] = {1}; }, "model.seed: expected a number"},
        {[](json& m) { m["model"].erase("reg"); }, "model: missing field \"reg\""},
        {[](json& m) { m["model"]["reg"] = -1e-9; }, "model.reg: expected a number from 0 to 1e6"},
        {[](json& m) { m["model"]["reg"] = 2e6; }, "model.reg: expected a number from 0 to 1e6"},
        {[](json& m) { m["model"]["tol"] = -1; }, "model.tol: expected a number >= 0"},
        {[](json& m) { m["model"]["tol"] = nullptr; }, "model.tol: expected a number"},
        {[](json& m) { m["model"]["max_iter"] = 10001; },
         "model.max_iter: expected a whole number from 0 to 10000"},
        {[](json& m) {
             m["model"].erase("max_iter");
             m["model"]["maxIter"] = 10001;
         },
         "model.maxIter: expected a whole number from 0 to 10000"},
        {[](json& m) { m["model"]["manual"] = 1; }, "model.manual: expected an object"},
        {[](json& m) { m["model"]["manual"].erase("weights"); },
         "model.manual: missing field \"weights\""},
        {[](json& m) { m["model"]["manual"]["means"] = 1; },
         "model.manual.means: expected an array"},
        {[](json& m) { m["model"]["manual"]["weights"].erase(0); },
         "model.manual: weights, means and covariances need the same number (1 to 8)"},
        {[](json& m) {
             for (const char* key : {"weights", "means", "covariances"})
                 m["model"]["manual"][key] = json::array();
         },
         "model.manual: weights, means and covariances need the same number (1 to 8)"},
        {[](json& m) {
             for (const char* key : {"weights", "means", "covariances"})
                 for (int i = 0; i < 5; ++i)
                     m["model"]["manual"][key].push_back(m["model"]["manual"][key][0]);
         },
         "model.manual: weights, means and covariances need the same number (1 to 8)"},
        {[](json& m) { m["model"]["manual"]["weights"][1] = 0; },
         "model.manual.weights[1]: expected a positive number"},
        {[](json& m) { m["model"]["manual"]["weights"][1] = "1"; },
         "model.manual.weights[1]: expected a number"},
        {[](json& m) { m["model"]["manual"]["means"][0] = {1}; },
         "model.manual.means[0]: expected [x, y]"},
        {[](json& m) {
             m["model"]["manual"]["covariances"][2] = {{1, 0}};
         },
         "model.manual.covariances[2]: expected a 2 x 2 matrix"},
        {[](json& m) {
             m["model"]["manual"]["covariances"][2][1] = {0, 1, 0};
         },
         "model.manual.covariances[2][1]: expected [x, y]"},
        {[](json& m) {
             m["model"]["manual"]["covariances"][0] = {{1, 0.5}, {0, 1}};
         },
         "model.manual.covariances[0]: not a symmetric positive-definite matrix"},
        {[](json& m) {
             m["model"]["manual"]["covariances"][0] = {{1, 2}, {2, 1}};
         },
         "model.manual.covariances[0]: not a symmetric positive-definite matrix"},
        {[](json& m) {
             m["model"]["manual"]["covariances"][0] = {{-1, 0}, {0, -1}};
         },
         "model.manual.covariances[0]: not a symmetric positive-definite matrix"},
        {[](json& m) {
             m["model"]["init"] = "manual";
             m["model"]["k"] = 3;
         },
         "model.manual: the number of components differs from model.k"},
        {[](json& m) {
             m["model"]["init"] = "manual";
             m["model"].erase("manual");
         },
         "model.manual: missing, but model.init is \"manual\""},
        {[](json& m) { m["state"] = -1; }, "state: expected a whole number from 0 to 20001"},
        {[](json& m) { m["state"] = 20002; }, "state: expected a whole number from 0 to 20001"},
        {[](json& m) { m["state"] = "3"; }, "state: expected a number"},
    };
    for (const auto& [edit, expected] : cases) {
        SCOPED_TRACE(expected);
        expectRefused(edit, expected);
    }
}
