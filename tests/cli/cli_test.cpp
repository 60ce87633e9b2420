// latentlab-cli run as a separate process, as scripts use it: exit status 2 and exactly one
// line on stderr for every kind of bad argument or bad file, and --json output with every
// field of the contract and a log-likelihood that never decreases.
#include "cli_run.h"
#include "data/presets.h"
#include "io/idx.h"
#include "io/json.h"
#include "io/session.h"
#include "mixture/gaussian_mixture.h"
#include "mixture/mixture_session.h"
#include "temp_dir.h"
#include "vae/vae_model_io.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace latentlab;
using latentlab::testing::cli;
using latentlab::testing::CliRun;
using latentlab::testing::csvFile;
using latentlab::testing::expectUsageFailure;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;
using nlohmann::json;

namespace {

json emJson(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"em"};
    all.insert(all.end(), args.begin(), args.end());
    all.push_back("--json");
    const CliRun r = cli(all);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    return parseJson(r.out, "stdout");
}

/// Checks every field of the --json contract and the monotone log-likelihood.
void checkEmJson(const json& j, int n, int d, int k, const std::string& covariance) {
    for (const char* key :
         {"n", "d", "k", "covariance", "converged", "iterations", "log_likelihood", "bic", "aic",
          "weights", "means", "covariances", "timing"})
        ASSERT_TRUE(j.contains(key)) << "missing " << key;
    for (const char* key : {"n", "d", "k", "seed", "max_iter"})
        EXPECT_TRUE(j.at(key).is_number_integer()) << key << " is written as an integer";
    EXPECT_EQ(j.at("n").get<double>(), n);
    EXPECT_EQ(j.at("d").get<double>(), d);
    EXPECT_EQ(j.at("k").get<double>(), k);
    EXPECT_EQ(j.at("covariance").get<std::string>(), covariance);
    EXPECT_TRUE(j.at("converged").is_boolean());

    const auto& its = j.at("iterations");
    ASSERT_GE(its.size(), 1u);
    double previous = -INFINITY;
    for (std::size_t i = 0; i < its.size(); ++i) {
        EXPECT_TRUE(its[i].at("iteration").is_number_integer());
        EXPECT_EQ(its[i].at("iteration").get<double>(), double(i));
        const double ll = its[i].at("log_likelihood").get<double>();
        EXPECT_GE(ll, previous - 1e-9 * std::abs(previous)) << "iteration " << i;
        previous = ll;
    }
    EXPECT_EQ(j.at("log_likelihood").get<double>(), previous);

    // BIC and AIC from the log-likelihood and scikit-learn's parameter count.
    const int p = (k - 1) + k * d +
                  (covariance == "full"   ? k * d * (d + 1) / 2
                   : covariance == "diag" ? k * d
                   : covariance == "tied" ? d * (d + 1) / 2
                                          : k);
    EXPECT_NEAR(j.at("bic").get<double>(), -2 * previous + p * std::log(double(n)), 1e-8 * n);
    EXPECT_NEAR(j.at("aic").get<double>(), -2 * previous + 2 * p, 1e-8 * n);

    const auto& w = j.at("weights");
    ASSERT_EQ(w.size(), std::size_t(k));
    double sum = 0;
    for (const auto& x : w) {
        EXPECT_GT(x.get<double>(), 0);
        sum += x.get<double>();
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    const auto& means = j.at("means");
    const auto& covs = j.at("covariances");
    ASSERT_EQ(means.size(), std::size_t(k));
    ASSERT_EQ(covs.size(), std::size_t(k));
    for (int c = 0; c < k; ++c) {
        EXPECT_EQ(means[c].size(), std::size_t(d));
        const auto& rows = covs[c];
        ASSERT_EQ(rows.size(), std::size_t(d));
        for (int r = 0; r < d; ++r) {
            ASSERT_EQ(rows[r].size(), std::size_t(d));
            EXPECT_GT(rows[r][r].get<double>(), 0);
            for (int s = 0; s < d; ++s) {
                const double v = rows[r][s].get<double>();
                // Symmetric up to rounding in the engine's sums.
                EXPECT_NEAR(v, rows[s][r].get<double>(), 1e-12 * (1 + std::abs(v)));
                if (covariance != "full" && covariance != "tied" && r != s) {
                    EXPECT_EQ(v, 0.0) << covariance << " covariances are diagonal";
                }
            }
        }
    }
    ASSERT_TRUE(j.at("timing").contains("seconds_per_iteration"));
    const json& seconds = j.at("timing").at("seconds_per_iteration");
    if (its.size() > 1) {
        ASSERT_TRUE(seconds.is_number());
        EXPECT_GE(seconds.get<double>(), 0);
    }
}

} // namespace

// ---- General -------------------------------------------------------------------------------

TEST(Cli, HelpListsTheCommands) {
    const CliRun r = cli({"--help"});
    EXPECT_EQ(r.status, 0);
    for (const char* c : {"em", "presets", "idx-subset"})
        EXPECT_NE(r.out.find(std::string("  ") + c + " "), std::string::npos) << r.out;
    const CliRun em = cli({"em", "--help"});
    EXPECT_EQ(em.status, 0);
    EXPECT_NE(em.out.find("--covariance full|diag|spherical|tied"), std::string::npos);
    EXPECT_NE(em.out.find("1 to " + std::to_string(kMaxComponents)), std::string::npos)
        << "the help must state the largest K";
}

TEST(Cli, VersionAndEveryCommandsHelpGoToStdout) {
    const CliRun v = cli({"--version"});
    EXPECT_EQ(v.status, 0);
    EXPECT_EQ(v.out.rfind("latentlab-cli ", 0), 0u) << v.out;
    EXPECT_EQ(std::count(v.out.begin(), v.out.end(), '\n'), 1) << v.out;
    for (const char* c :
         {"em", "presets", "idx-subset", "vae-train", "vae-eval", "vae-encode", "vae-decode"}) {
        // --help wins over the other arguments, even a missing required one.
        const CliRun r = cli({c, "--threads", "1", "--help"});
        EXPECT_EQ(r.status, 0) << c << "\n" << r.err;
        EXPECT_TRUE(r.err.empty()) << c << "\n" << r.err;
        EXPECT_NE(r.out.find(std::string("Usage: latentlab-cli ") + c + " [OPTIONS]"),
                  std::string::npos)
            << r.out;
    }
    EXPECT_NE(cli({"em", "--help"}).out.find("--max-iter M"), std::string::npos);
    expectUsageFailure({"--verbose"}, "unknown option --verbose (see latentlab-cli --help)");
    expectUsageFailure({"em", "--k", "2", "presets"}, "em: unexpected argument 'presets'");
}

TEST(Cli, NoOrUnknownCommand) {
    expectUsageFailure({}, "no command given");
    expectUsageFailure({"fit"}, "unknown command 'fit'");
}

TEST(Cli, PresetsListsEveryPresetOnOneLine) {
    const CliRun r = cli({"presets"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), long(presets().size()));
    std::size_t pos = 0;
    for (const auto& p : presets()) {
        const std::size_t line = r.out.find(p.name + " ", pos);
        ASSERT_NE(line, std::string::npos) << p.name;
        EXPECT_NE(r.out.find(p.description, line), std::string::npos) << p.name;
        pos = line;
    }
    expectUsageFailure({"presets", "--extra", "1"}, "unknown option --extra");
}

TEST(Cli, OptionsAcceptNameEqualsValue) {
    const json j = emJson({"--preset=faithful", "--k=2", "--covariance=diag"});
    checkEmJson(j, 272, 2, 2, "diag");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--json=yes"},
                       "--json takes no value");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--json", "--json"},
                       "--json given twice");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "-v"}, "unexpected argument");
}

// ---- em: bad arguments -------------------------------------------------------------------------

TEST(CliEm, BadArguments) {
    expectUsageFailure({"em", "--preset", "faithful"}, "missing --k");
    expectUsageFailure({"em", "--k", "2"}, "exactly one of --data FILE.csv and --preset NAME");
    expectUsageFailure({"em", "--k", "2", "--preset", "faithful", "--data", "x.csv"},
                       "exactly one of");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "0"}, "--k must be between 1");
    expectUsageFailure({"em", "--preset", "faithful", "--k", std::to_string(kMaxComponents + 1)},
                       "--k must be between 1 and " + std::to_string(kMaxComponents));
    expectUsageFailure({"em", "--preset", "faithful", "--k", "two"}, "'two' is not an integer");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2.5"}, "not an integer");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--covariance", "round"},
                       "--covariance must be full, diag, spherical or tied");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--reg", "-1"},
                       "--reg must be between 0");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--tol", "nan"},
                       "not a finite number");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--tol", "1e400"},
                       "not a finite number");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--max-iter", "-3"},
                       "--max-iter must be between 0");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--seed", "-1"},
                       "not a non-negative integer");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--verbose"},
                       "unknown option --verbose");
    expectUsageFailure({"em", "--preset", "faithful", "--k"}, "--k needs a value");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--k", "3"}, "given twice");
    expectUsageFailure({"em", "faithful", "--k", "2"}, "unexpected argument 'faithful'");
    expectUsageFailure({"em", "--preset", "faithfull", "--k", "2"}, "unknown preset 'faithfull'");
}

TEST(CliEm, FewerPointsThanComponents) {
    TempDir dir;
    const auto path = csvFile(dir, "three.csv", "x,y\n1,2\n3,4\n5,7\n");
    expectUsageFailure({"em", "--data", path, "--k", "4"},
                       "has 3 points, fewer than the 4 components");
    const auto seven = csvFile(dir, "seven.csv", "1,2\n3,4\n5,7\n0,0\n1,1\n2,5\n9,9\n");
    expectUsageFailure({"em", "--data", seven, "--k", std::to_string(kMaxComponents)},
                       "has 7 points, fewer than the " + std::to_string(kMaxComponents) +
                           " components");
}

// ---- em: bad CSV files -----------------------------------------------------------------------

TEST(CliEm, BadCsvFilesNameFileLineAndColumn) {
    TempDir dir;
    struct Case {
        std::string text, expected;
    };
    const std::vector<Case> cases = {
        {"x,y\n1,2\n3,abc\n", ":3:2: 'abc' is not a number"},
        {"x,y\n1,2\n3,4,5\n", ":3:3: expected 2 fields, found 3"},
        {"x,y\n1,2\nNaN,4\n", ":3:1: NaN is not allowed"},
        {"x,y\n1,2\n3,-inf\n", ":3:2: infinite value"},
        {"x,y\n1,2\n1e400,4\n", ":3:1: '1e400' is out of the range of a double"},
        {"x,y\n1,\n", ":2:2: empty field"},
        {"", ": empty file"},
        {"\"a\",\"b\"\n", ":1: a header but no data rows"},
        {"1\n2\n3\n", ":1: only one column"},
    };
    int i = 0;
    for (const auto& c : cases) {
        const auto path = csvFile(dir, "bad" + std::to_string(i++) + ".csv", c.text);
        expectUsageFailure({"em", "--data", path, "--k", "1"}, path + c.expected);
    }
    expectUsageFailure({"em", "--data", dir.file("missing.csv"), "--k", "1"},
                       dir.file("missing.csv") + ": cannot open");
}

TEST(CliEm, ReadsEverySeparator) {
    TempDir dir;
    int i = 0;
    for (const std::string sep : {",", ";", "\t", " "}) {
        std::string text = "\"a\"" + sep + "\"b\"\n";
        for (int r = 0; r < 20; ++r)
            text += std::to_string(r % 5) + sep + std::to_string((r * 7) % 11) + "\n";
        const auto path = csvFile(dir, "s" + std::to_string(i++) + ".csv", text);
        checkEmJson(emJson({"--data", path, "--k", "2"}), 20, 2, 2, "full");
    }
}

// ---- em: INIT.json -------------------------------------------------------------------------

TEST(CliEm, BadInitFiles) {
    TempDir dir;
    const std::string good = R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]],
        "covariances": [[[0.1, 0], [0, 30]], [[0.2, 0.5], [0.5, 40]]]})";
    struct Case {
        std::string text, expected;
    };
    const std::vector<Case> cases = {
        {"{\"weights\": [0.5, 0.5],\n  \"means\": [[2, 55] [4.5, 80]]}",
         ":2:21: unexpected '[', expected ']'"},
        {"[1, 2]", "expected a JSON object"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]]})", "missing \"covariances\""},
        {R"({"weights": [1], "means": [[2, 55]], "covariances": [[[1, 0], [0, 1]]]})",
         "weights has 1 entries but --k is 2"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55, 1], [4.5, 80, 1]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "means[0] has 3 coordinates but the data has 2"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]})",
         "covariances[1] must be a 2 x 2 matrix"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0.2], [0, 1]], [[1, 0], [0, 1]]]})",
         "covariances[0] is not symmetric"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[1, 2], [2, 1]]]})",
         "covariances[1] is not positive definite"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[0, 0], [0, 0]]]})",
         "covariances[1] is not positive definite"},
        {R"({"weights": [1.5, -0.5], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "weights[1] must be positive"},
        {R"({"weights": [0.5, 0.6], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "the weights sum to 1.1"},
        {R"({"weights": [0.5, "0.5"], "means": [[2, 55], [4.5, 80]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "weights[1] must be a number, found a string"},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 80]], "covariance": [],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "unknown key \"covariance\""},
        {R"({"weights": [0.5, 0.5], "means": [[2, 55], [4.5, 1e999]],
             "covariances": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]})",
         "out of the range of a double"},
        {"", "empty document"},
    };
    int i = 0;
    for (const auto& c : cases) {
        const auto path = csvFile(dir, "init" + std::to_string(i++) + ".json", c.text);
        expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--init", path}, path + ":");
        expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--init", path}, c.expected);
    }
    const auto path = csvFile(dir, "good.json", good);
    checkEmJson(emJson({"--preset", "faithful", "--k", "2", "--init", path}), 272, 2, 2, "full");
    expectUsageFailure({"em", "--preset", "faithful", "--k", "2", "--init", dir.file("no.json")},
                       "cannot open");
}

// ---- em: --json output -------------------------------------------------------------------------

TEST(CliEm, JsonHasEveryFieldForEveryCovarianceType) {
    for (const char* type : {"full", "diag", "spherical", "tied"}) {
        SCOPED_TRACE(type);
        checkEmJson(emJson({"--preset", "faithful", "--k", "2", "--covariance", type}), 272, 2, 2,
                    type);
        checkEmJson(emJson({"--preset", "overlapping", "--k", "3", "--covariance", type, "--init",
                            "random", "--seed", "5"}),
                    450, 2, 3, type);
    }
}

TEST(CliEm, ToleranceZeroRunsExactlyMaxIter) {
    const json j = emJson({"--preset", "tiny", "--k", "3", "--tol", "0", "--max-iter", "7"});
    checkEmJson(j, 430, 2, 3, "full");
    EXPECT_EQ(j.at("iterations").size(), 8u);
    EXPECT_FALSE(j.at("converged").get<bool>());
    const json none = emJson({"--preset", "tiny", "--k", "3", "--max-iter", "0"});
    EXPECT_EQ(none.at("iterations").size(), 1u);
    EXPECT_TRUE(none.at("timing").at("seconds_per_iteration").is_null());
}

TEST(CliEm, SameSeedSameOutput) {
    const auto a = emJson({"--preset", "separated", "--k", "3", "--seed", "11"});
    const auto b = emJson({"--preset", "separated", "--k", "3", "--seed", "11"});
    EXPECT_EQ(a.at("means"), b.at("means"));
    EXPECT_EQ(a.at("iterations"), b.at("iterations"));
}

TEST(CliEm, HigherDimensionalCsv) {
    TempDir dir;
    std::string text;
    for (int r = 0; r < 60; ++r)
        text += std::to_string(r % 3) + " " + std::to_string((r * 5) % 7) + " " +
                std::to_string((r * r) % 13) + "\n";
    const auto path = csvFile(dir, "d3.txt", text);
    checkEmJson(emJson({"--data", path, "--k", "2", "--covariance", "diag"}), 60, 3, 2, "diag");
}

TEST(CliEm, DegenerateDataGivesEventsNotNaN) {
    // Duplicate points and no regularisation: components collapse; the engine reports events
    // and the output stays valid JSON (the writer refuses NaN, so parsing proves none).
    TempDir dir;
    const auto path = csvFile(dir, "dup.csv", "1,1\n1,1\n1,1\n2,2\n3,3\n5,1\n");
    const json j = emJson({"--data", path, "--k", "3", "--reg", "0"});
    checkEmJson(j, 6, 2, 3, "full");
    const auto& events = j.at("events");
    ASSERT_FALSE(events.empty());
    for (const auto& e : events) {
        const std::string kind = e.at("kind").get<std::string>();
        EXPECT_TRUE(kind == "empty_component" || kind == "not_positive_definite") << kind;
        EXPECT_GE(e.at("component").get<double>(), 0);
        EXPECT_LT(e.at("component").get<double>(), 3);
        EXPECT_FALSE(e.at("message").get<std::string>().empty());
    }
    const CliRun human = cli({"em", "--data", path, "--k", "3", "--reg", "0"});
    EXPECT_EQ(human.status, 0);
    EXPECT_NE(human.out.find("note (step"), std::string::npos) << human.out;
}

TEST(CliEm, CountsArePrintedAsIntegers) {
    // A million points: the count is written "n":1000000, never 1e+06.
    TempDir dir;
    std::string text;
    text.reserve(8'000'000);
    for (int i = 0; i < 1'000'000; ++i)
        text += i % 2 ? "1,3\n" : "2,5\n";
    const auto path = csvFile(dir, "million.csv", text);
    const CliRun r = cli({"em", "--data", path, "--k", "1", "--max-iter", "1", "--json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("{\"n\":1000000,\"d\":2,\"k\":1,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"max_iter\":1,"), std::string::npos) << r.out;
}

// ---- em --session -------------------------------------------------------------------------

namespace {
/// A mixture session as latentlab saves it: Old Faithful, K = 2, diagonal covariances.
MixtureSession faithfulSession() {
    MixtureSession s;
    s.data = makePreset("faithful");
    s.settings.k = 2;
    s.settings.covariance = CovarianceType::Diag;
    s.settings.init = InitMethod::Random;
    s.settings.seed = 7;
    s.settings.maxIter = 50;
    s.state = 3;
    return s;
}
} // namespace

TEST(CliEm, RunsFromAMixtureSession) {
    TempDir dir;
    const std::string path = dir.file("faithful.latentlab");
    writeSessionFile(path, {kMixturePage, "lecture", toJson(faithfulSession())});
    const json fromSession = emJson({"--session", path, "--threads", "1"});
    checkEmJson(fromSession, 272, 2, 2, "diag");
    EXPECT_EQ(fromSession.at("max_iter"), 50);
    EXPECT_EQ(fromSession.at("init"), "random");
    // The same fit as the same data and settings given as options.
    const json fromOptions = emJson({"--preset", "faithful", "--k", "2", "--covariance", "diag",
                                     "--init", "random", "--seed", "7", "--max-iter", "50"});
    EXPECT_EQ(fromSession.at("iterations"), fromOptions.at("iterations"));
    EXPECT_EQ(fromSession.at("means"), fromOptions.at("means"));

    const CliRun human = cli({"em", "--session", path});
    ASSERT_EQ(human.status, 0) << human.err;
    EXPECT_NE(human.out.find("EM on " + path + ": 272 points in 2 dimensions, K = 2, diag"),
              std::string::npos)
        << human.out;
}

TEST(CliEm, SessionWithManualInitialisation) {
    // The session's manual start is the explicit initialisation INIT.json gives.
    TempDir dir;
    MixtureSession s = faithfulSession();
    s.settings.init = InitMethod::Manual;
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.5, 0.5);
    p.means.resize(2, 2);
    p.means << 2, 4.5, 55, 80;
    Eigen::Matrix2d c;
    c << 0.2, 0.5, 0.5, 40;
    p.covariances = {c, c};
    s.settings.manualParams = p;
    const std::string path = dir.file("manual.latentlab");
    writeSessionFile(path, {kMixturePage, "", toJson(s)});
    const auto init = csvFile(dir, "init.json", R"({"weights": [0.5, 0.5],
        "means": [[2, 55], [4.5, 80]], "covariances": [[[0.2, 0.5], [0.5, 40]], [[0.2, 0.5], [0.5, 40]]]})");
    const json fromSession = emJson({"--session", path});
    EXPECT_EQ(fromSession.at("init"), "manual");
    const json fromInit = emJson({"--preset", "faithful", "--k", "2", "--covariance", "diag",
                                  "--init", init, "--max-iter", "50"});
    EXPECT_EQ(fromSession.at("iterations"), fromInit.at("iterations"));
    EXPECT_EQ(fromSession.at("covariances"), fromInit.at("covariances"));
}

TEST(CliEm, BadSessions) {
    TempDir dir;
    const std::string good = dir.file("good.latentlab");
    writeSessionFile(good, {kMixturePage, "lecture", toJson(faithfulSession())});
    const std::string pca = dir.file("pca.latentlab");
    writeSessionFile(pca, {"pca", "lecture", json{{"components", 2}}});
    expectUsageFailure({"em", "--session", pca},
                       pca + ": this is a \"pca\" session, not a mixture session");
    expectUsageFailure({"em", "--session", good, "--k", "3"},
                       "em: --k cannot be given with --session (the session holds the settings)");
    expectUsageFailure({"em", "--session", good, "--seed", "3"}, "em: --seed cannot be given");
    expectUsageFailure({"em", "--session", good, "--preset", "faithful"}, "exactly one of");
    const auto broken = csvFile(dir, "broken.latentlab", "{\"format\": \"latentlab-session\",\n");
    expectUsageFailure({"em", "--session", broken}, broken + ":2:1: not valid JSON");
    const auto newer =
        csvFile(dir, "newer.latentlab",
                R"({"format": "latentlab-session", "version": 3, "page": "mixture"})");
    expectUsageFailure({"em", "--session", newer}, "update LatentLab");
    const auto tiny = csvFile(dir, "tiny.latentlab", R"({"format": "latentlab-session",
        "version": 2, "page": "mixture", "mixture": {"data": {"points": [[0, 1]]},
        "model": {"k": 2, "covariance": "full", "init": "kmeans++", "seed": 0, "reg": 0}}})");
    expectUsageFailure({"em", "--session", tiny}, "has 1 points, fewer than the 2 components");
    expectUsageFailure({"em", "--session", dir.file("none.latentlab")}, "cannot open");
}

TEST(CliEm, HumanSummary) {
    const CliRun r = cli({"em", "--preset", "faithful", "--k", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("EM on faithful: 272 points in 2 dimensions, K = 2"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("log-likelihood -11"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("component 2:"), std::string::npos) << r.out;
}

// ---- em against scikit-learn ----------------------------------------------------------------
// The fixtures (tests/fixtures/em/*.txt, made by tests/reference/make_em_fixtures.py with
// scikit-learn's GaussianMixture) give explicit initial parameters; the CLI gets them as
// INIT.json and must end where scikit-learn ended, to 1e-6 relative.

namespace {

std::map<std::string, std::vector<std::string>> readFixture(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    std::map<std::string, std::vector<std::string>> f;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        std::string key, word;
        words >> key;
        while (words >> word)
            f[key].push_back(word);
    }
    return f;
}

std::vector<double> numbers(const std::vector<std::string>& words) {
    std::vector<double> xs;
    for (const auto& w : words)
        xs.push_back(std::stod(w));
    return xs;
}

/// Compares the flattened `actual` with `expected` to `rel` relative to the largest
/// magnitude of the block (so exact zeros off a diagonal compare sensibly).
void expectClose(const std::vector<double>& actual, const std::vector<double>& expected, double rel,
                 const std::string& what) {
    ASSERT_EQ(actual.size(), expected.size()) << what;
    double scale = 0;
    for (double x : expected)
        scale = std::max(scale, std::abs(x));
    for (std::size_t i = 0; i < actual.size(); ++i)
        EXPECT_NEAR(actual[i], expected[i], rel * std::max(std::abs(expected[i]), scale))
            << what << "[" << i << "]";
}

std::vector<double> flatten(const json& v) {
    std::vector<double> out;
    if (v.is_number()) {
        out.push_back(v.get<double>());
        return out;
    }
    for (const auto& x : v)
        for (double y : flatten(x))
            out.push_back(y);
    return out;
}

std::string jsonList(const std::vector<double>& xs, std::size_t from, std::size_t count) {
    std::string s = "[";
    for (std::size_t i = 0; i < count; ++i) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", xs[from + i]);
        s += (i ? ", " : "") + std::string(buf);
    }
    return s + "]";
}

} // namespace

TEST(CliEm, MatchesScikitLearnFromExplicitInit) {
    const std::string fixtures = std::string(LATENTLAB_FIXTURE_DIR) + "/em";
    if (!std::filesystem::is_directory(fixtures))
        GTEST_SKIP() << "no scikit-learn fixtures in " << fixtures;
    TempDir dir;
    int compared = 0;
    for (const char* data : {"faithful", "blobs2d", "overlap3d"})
        for (const char* type : {"full", "diag", "spherical", "tied"}) {
            const std::string name = std::string(data) + "_" + type;
            SCOPED_TRACE(name);
            auto f = readFixture(fixtures + "/" + name + ".txt");
            ASSERT_TRUE(f.count("data") && f.count("log_likelihood"));
            const int k = std::stoi(f["k"][0]);
            const int d = std::stoi(f["d"][0]);
            const auto w = numbers(f["init_weights"]);
            const auto m = numbers(f["init_means"]);
            const auto c = numbers(f["init_covariances"]);
            std::string init = "{\"weights\": " + jsonList(w, 0, w.size()) + ", \"means\": [";
            for (int j = 0; j < k; ++j)
                init += (j ? ", " : "") + jsonList(m, std::size_t(j * d), std::size_t(d));
            init += "], \"covariances\": [";
            for (int j = 0; j < k; ++j) {
                init += j ? ", [" : "[";
                for (int r = 0; r < d; ++r)
                    init += (r ? ", " : "") +
                            jsonList(c, std::size_t(j * d * d + r * d), std::size_t(d));
                init += "]";
            }
            init += "]}";
            const std::string initPath = dir.file(name + ".json");
            writeBytes(initPath, init);
            const std::string dataPath = std::string(LATENTLAB_SOURCE_DIR) + "/" + f["data"][0];
            const std::string kText = std::to_string(k);
            const int sklearnIterations = std::stoi(f["n_iter"][0]);
            // 1. Exactly scikit-learn's number of iterations: the same sequence of parameters,
            //    so the numbers agree far beyond 1e-6 (this checks INIT.json and --json end to
            //    end, digits included).
            const json same = emJson({"--data", dataPath, "--k", kText, "--covariance", type,
                                      "--init", initPath, "--reg", f["reg"][0], "--tol", "0",
                                      "--max-iter", std::to_string(sklearnIterations)});
            checkEmJson(same, std::stoi(f["n"][0]), d, k, type);
            expectClose(flatten(same.at("weights")), numbers(f["weights"]), 1e-9, "weights");
            expectClose(flatten(same.at("means")), numbers(f["means"]), 1e-9, "means");
            expectClose(flatten(same.at("covariances")), numbers(f["covariances"]), 1e-9,
                        "covariances");
            expectClose({same.at("log_likelihood").get<double>()}, numbers(f["log_likelihood"]),
                        1e-11, "log_likelihood");
            expectClose({same.at("bic").get<double>()}, numbers(f["bic"]), 1e-9, "bic");
            expectClose({same.at("aic").get<double>()}, numbers(f["aic"]), 1e-9, "aic");
            // 2. Stopping by --tol 1e-10. scikit-learn tests the change of the log-likelihood
            //    of the parameters *before* its last M-step and still takes that M-step, so it
            //    stops exactly one iteration after us (see tests/core/mixture/em_fixture_test.cpp).
            //    The log-likelihood agrees to 1e-6; EM creeps near the optimum, so the
            //    parameters of that one iteration differ by up to 1.2e-5 relative (overlap3d, tied;
            //    checked to 5e-5).
            const json j =
                emJson({"--data", dataPath, "--k", kText, "--covariance", type, "--init", initPath,
                        "--reg", f["reg"][0], "--tol", "1e-10", "--max-iter", "100000"});
            checkEmJson(j, std::stoi(f["n"][0]), d, k, type);
            EXPECT_TRUE(j.at("converged").get<bool>());
            EXPECT_EQ(j.at("iterations").size(), std::size_t(sklearnIterations));
            expectClose(flatten(j.at("weights")), numbers(f["weights"]), 5e-5, "weights");
            expectClose(flatten(j.at("means")), numbers(f["means"]), 5e-5, "means");
            expectClose(flatten(j.at("covariances")), numbers(f["covariances"]), 5e-5,
                        "covariances");
            expectClose({j.at("log_likelihood").get<double>()}, numbers(f["log_likelihood"]), 1e-6,
                        "log_likelihood");
            expectClose({j.at("bic").get<double>()}, numbers(f["bic"]), 1e-6, "bic");
            expectClose({j.at("aic").get<double>()}, numbers(f["aic"]), 1e-6, "aic");
            ++compared;
        }
    EXPECT_EQ(compared, 12);
}

TEST(CliEm, FaithfulMatchesMclustsPublishedLogLikelihood) {
    // R: Mclust(faithful, G = 2, modelNames = "VVV") reports log-likelihood -1130.264.
    const json j = emJson({"--preset", "faithful", "--k", "2", "--reg", "0", "--tol", "1e-10",
                           "--max-iter", "10000"});
    EXPECT_NEAR(j.at("log_likelihood").get<double>(), -1130.264, 0.0005);
}

// ---- idx-subset ----------------------------------------------------------------------------

TEST(CliIdxSubset, CutsARangeAndKeepsLabelsAligned) {
    TempDir dir;
    IdxImages images;
    images.count = 10;
    images.rows = 2;
    images.cols = 3;
    for (int i = 0; i < 60; ++i)
        images.pixels.push_back(static_cast<std::uint8_t>(i));
    const std::vector<std::uint8_t> labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    writeIdxImages(dir.file("i.idx"), images, false);
    writeIdxLabels(dir.file("l.idx.gz"), labels, true);
    const CliRun r = cli({"idx-subset", "--images", dir.file("i.idx"), "--labels",
                          dir.file("l.idx.gz"), "--range", "3:7", "--out-images", dir.file("oi.gz"),
                          "--out-labels", dir.file("ol.gz")});
    ASSERT_EQ(r.status, 0) << r.err;
    const IdxImages sub = readIdxImages(dir.file("oi.gz"));
    EXPECT_EQ(sub.count, 4u);
    EXPECT_EQ(sub.rows, 2u);
    EXPECT_EQ(sub.cols, 3u);
    EXPECT_EQ(sub.pixels,
              std::vector<std::uint8_t>(images.pixels.begin() + 18, images.pixels.begin() + 42));
    EXPECT_EQ(readIdxLabels(dir.file("ol.gz")), (std::vector<std::uint8_t>{3, 4, 5, 6}));
    EXPECT_EQ(static_cast<unsigned char>(readBytes(dir.file("oi.gz"))[0]), 0x1f); // gzip

    const std::vector<std::string> base = {"idx-subset",  "--images",           dir.file("i.idx"),
                                           "--labels",    dir.file("l.idx.gz"), "--out-images",
                                           dir.file("x"), "--out-labels",       dir.file("y")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> all = base;
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    };
    expectUsageFailure(with({"--range", "5:11"}), "goes beyond the 10 images");
    expectUsageFailure(with({"--range", "5:5"}), "must satisfy 0 <= A < B");
    expectUsageFailure(with({"--range", "5"}), "expected a range A:B");
    expectUsageFailure(base, "missing --range");
    writeIdxLabels(dir.file("l9"), {1, 2, 3, 4, 5, 6, 7, 8, 9}, false);
    expectUsageFailure({"idx-subset", "--images", dir.file("i.idx"), "--labels", dir.file("l9"),
                        "--range", "0:2", "--out-images", dir.file("x"), "--out-labels",
                        dir.file("y")},
                       "has 9 labels but " + dir.file("i.idx") + " has 10 images");
    writeBytes(dir.file("trunc"), readBytes(dir.file("i.idx")).substr(0, 40));
    expectUsageFailure({"idx-subset", "--images", dir.file("trunc"), "--labels",
                        dir.file("l.idx.gz"), "--range", "0:2", "--out-images", dir.file("x"),
                        "--out-labels", dir.file("y")},
                       "truncated");
    EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
}

// ---- vae-train, vae-eval, vae-encode, vae-decode -------------------------------------------

namespace {

const std::string kMnistImages =
    std::string(LATENTLAB_SOURCE_DIR) + "/resources/data/mnist10k-images-idx3-ubyte.gz";
const std::string kMnistLabels =
    std::string(LATENTLAB_SOURCE_DIR) + "/resources/data/mnist10k-labels-idx1-ubyte.gz";

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> r;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        r.push_back(line);
    return r;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
    return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

/// Checks the PNG signature and the IHDR chunk of an 8-bit greyscale image.
void expectGrayPng(const std::string& path, std::uint32_t width, std::uint32_t height) {
    const std::string png = readBytes(path);
    ASSERT_GE(png.size(), 8u + 25u + 12u + 12u) << path;
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(be32(png, 8), 13u);
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(be32(png, 16), width);
    EXPECT_EQ(be32(png, 20), height);
    EXPECT_EQ(png[24], 8);  // bit depth
    EXPECT_EQ(png[25], 0);  // greyscale
    EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

/// Trains a small VAE once for all the tests below (a few hundred images, 2 epochs).
class CliVae : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir;
        s_model = s_dir->file("small.llvae");
        s_train = cli({"vae-train", "--images", kMnistImages, "--labels", kMnistLabels, "--train",
                       "0:300", "--test", "300:400", "--epochs", "2", "--hidden", "64,32",
                       "--batch", "50", "--seed", "3", "--out", s_model});
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }
    static TempDir* s_dir;
    static std::string s_model;
    static CliRun s_train;
};
TempDir* CliVae::s_dir = nullptr;
std::string CliVae::s_model;
CliRun CliVae::s_train;

} // namespace

TEST_F(CliVae, TrainPrintsOneJsonObjectPerEpoch) {
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    EXPECT_TRUE(s_train.err.empty()) << s_train.err;
    const auto ls = lines(s_train.out);
    ASSERT_EQ(ls.size(), 2u) << s_train.out;
    for (std::size_t i = 0; i < ls.size(); ++i) {
        const json j = parseJson(ls[i], "line");
        for (const char* key :
             {"epoch", "seconds", "samples_per_second", "train_elbo", "test_elbo", "test_kl"})
            ASSERT_TRUE(j.contains(key)) << "missing " << key << " in " << ls[i];
        EXPECT_EQ(j.at("epoch").get<double>(), double(i + 1));
        EXPECT_GT(j.at("seconds").get<double>(), 0);
        EXPECT_GT(j.at("samples_per_second").get<double>(), 0);
        // Negative nats per image, and far better than a coin per pixel (784 log 2 = 543).
        EXPECT_LT(j.at("train_elbo").get<double>(), 0);
        EXPECT_GT(j.at("test_elbo").get<double>(), -543.5);
        EXPECT_LT(j.at("test_elbo").get<double>(), 0);
        EXPECT_GE(j.at("test_kl").get<double>(), 0);
    }
    // The model file records how it was made.
    const VaeModel m = loadVaeModel(s_model);
    EXPECT_EQ(m.vae->architecture().describe(), "784-64-32-2");
    EXPECT_EQ(m.record.epochs, 2);
    EXPECT_EQ(m.record.seed, 3u);
    EXPECT_EQ(m.record.trainImages, 300u);
    EXPECT_EQ(m.record.batchSize, 50);
    EXPECT_NE(m.record.dataset.find("[0:300]"), std::string::npos) << m.record.dataset;
    EXPECT_NE(m.record.command.find("vae-train"), std::string::npos);
    EXPECT_EQ(m.record.testElbo, parseJson(ls.back(), "line").at("test_elbo").get<double>());
}

TEST_F(CliVae, EvalPrintsElboPartsAndImportanceWeightedEstimate) {
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    CliRun r = cli({"vae-eval", "--model", s_model, "--images", kMnistImages, "--range",
                    "300:400"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = parseJson(r.out, "stdout");
    EXPECT_EQ(j.at("n").get<double>(), 100);
    const double elbo = j.at("elbo").get<double>();
    EXPECT_NEAR(elbo, j.at("reconstruction").get<double>() - j.at("kl").get<double>(),
                1e-6 * std::abs(elbo));
    EXPECT_FALSE(j.contains("log_likelihood_iw"));

    r = cli({"vae-eval", "--model", s_model, "--images", kMnistImages, "--labels", kMnistLabels,
             "--range", "300:400", "--iw-samples", "20"});
    ASSERT_EQ(r.status, 0) << r.err;
    j = parseJson(r.out, "stdout");
    ASSERT_TRUE(j.contains("log_likelihood_iw"));
    // The k = 20 bound is tighter than the one-sample ELBO (same binarised images).
    EXPECT_GT(j.at("log_likelihood_iw").get<double>(), j.at("elbo").get<double>());
    EXPECT_LT(j.at("log_likelihood_iw").get<double>(), 0);
}

TEST_F(CliVae, EncodeWritesMuLogvarLabelRows) {
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    const std::string out = s_dir->file("enc.csv");
    const CliRun r = cli({"vae-encode", "--model", s_model, "--images", kMnistImages, "--labels",
                          kMnistLabels, "--range", "10:60", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto ls = lines(readBytes(out));
    ASSERT_EQ(ls.size(), 51u);
    EXPECT_EQ(ls[0], "mu1,mu2,logvar1,logvar2,label");
    const auto labels = readIdxLabels(kMnistLabels);
    for (std::size_t i = 1; i < ls.size(); ++i) {
        std::istringstream row(ls[i]);
        std::vector<std::string> f;
        for (std::string cell; std::getline(row, cell, ',');)
            f.push_back(cell);
        ASSERT_EQ(f.size(), 5u) << ls[i];
        for (int c = 0; c < 4; ++c)
            EXPECT_TRUE(std::isfinite(std::stod(f[std::size_t(c)]))) << ls[i];
        EXPECT_GE(std::stod(f[2]), -10.0); // log sigma^2 is clamped to [-10, 10]
        EXPECT_LE(std::stod(f[3]), 10.0);
        EXPECT_EQ(f[4], std::to_string(labels[10 + i - 1]));
    }
}

TEST_F(CliVae, DecodeWritesAPng) {
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    CliRun r = cli({"vae-decode", "--model", s_model, "--z", "0.5,-1", "--out", s_dir->file("one.png")});
    ASSERT_EQ(r.status, 0) << r.err;
    expectGrayPng(s_dir->file("one.png"), 28, 28);
    r = cli({"vae-decode", "--model", s_model, "--grid", "3", "--extent", "2", "--out",
             s_dir->file("grid.png")});
    ASSERT_EQ(r.status, 0) << r.err;
    expectGrayPng(s_dir->file("grid.png"), 84, 84);
}

TEST_F(CliVae, BadInputIsOneLineAndStatusTwo) {
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    const std::string& m = s_model;
    // Image and label counts that differ.
    IdxImages images;
    images.count = 10;
    images.rows = 28;
    images.cols = 28;
    images.pixels.assign(10 * 784, 100);
    writeIdxImages(s_dir->file("i10"), images, false);
    writeIdxLabels(s_dir->file("l9"), {1, 2, 3, 4, 5, 6, 7, 8, 9}, false);
    expectUsageFailure({"vae-train", "--images", s_dir->file("i10"), "--labels",
                        s_dir->file("l9"), "--train", "0:5", "--test", "5:10", "--out",
                        s_dir->file("x")},
                       "has 9 labels but " + s_dir->file("i10") + " has 10 images");
    expectUsageFailure({"vae-encode", "--model", m, "--images", s_dir->file("i10"), "--labels",
                        s_dir->file("l9"), "--out", s_dir->file("x")},
                       "has 9 labels");
    // Bad model files: truncated, bit-flipped, not there.
    const std::string good = readBytes(m);
    writeBytes(s_dir->file("trunc"), good.substr(0, good.size() / 2));
    expectUsageFailure({"vae-eval", "--model", s_dir->file("trunc"), "--images", kMnistImages},
                       s_dir->file("trunc"));
    std::string flipped = good;
    flipped[good.size() - 5] = char(flipped[good.size() - 5] ^ 1);
    writeBytes(s_dir->file("flip"), flipped);
    expectUsageFailure({"vae-decode", "--model", s_dir->file("flip"), "--z", "0,0", "--out",
                        s_dir->file("x.png")},
                       s_dir->file("flip"));
    expectUsageFailure({"vae-encode", "--model", s_dir->file("nope"), "--images", kMnistImages,
                        "--out", s_dir->file("x")},
                       s_dir->file("nope"));
    // Images of another size than the model's input.
    IdxImages small = images;
    small.rows = 4;
    small.cols = 4;
    small.pixels.assign(160, 7);
    writeIdxImages(s_dir->file("i16"), small, false);
    expectUsageFailure({"vae-eval", "--model", m, "--images", s_dir->file("i16")},
                       "model expects 784");
    // Bad options.
    expectUsageFailure({"vae-train", "--images", kMnistImages, "--epochs", "2"}, "--out");
    expectUsageFailure({"vae-train", "--images", kMnistImages, "--binarize", "maybe", "--out",
                        s_dir->file("x")},
                       "maybe");
    expectUsageFailure({"vae-train", "--images", kMnistImages, "--train", "0:20000", "--out",
                        s_dir->file("x")},
                       "goes beyond");
    expectUsageFailure({"vae-train", "--images", kMnistImages, "--hidden", "64,x", "--out",
                        s_dir->file("x")},
                       "--hidden");
    expectUsageFailure({"vae-eval", "--model", m, "--images", kMnistImages, "--range", "0:10001"},
                       "goes beyond");
    expectUsageFailure({"vae-decode", "--model", m, "--z", "1,2,3", "--out", s_dir->file("x")},
                       "--z needs 2");
    expectUsageFailure({"vae-decode", "--model", m, "--z", "1,2", "--grid", "3", "--out",
                        s_dir->file("x")},
                       "exactly one");
    expectUsageFailure({"vae-decode", "--model", m, "--z", "1,nan", "--out", s_dir->file("x")},
                       "--z");
    expectUsageFailure({"vae-decode", "--model", m, "--z", "1e300,0", "--out", s_dir->file("x")},
                       "[-1e6, 1e6]");
    EXPECT_FALSE(std::filesystem::exists(s_dir->file("x")));
}

// The models shipped in resources/models load, are the documented architecture, and score on
// their test images what their training record says (vae-eval binarises the test images from
// the same seed as the trainer's last evaluation, and the result does not depend on threads).
TEST(CliVaeShipped, ModelsLoadAndScoreAsRecorded) {
    const std::string models = std::string(LATENTLAB_SOURCE_DIR) + "/resources/models/";
    const VaeModel mnist = loadVaeModel(models + "mnist.llvae");
    EXPECT_EQ(mnist.vae->architecture().describe(), "784-512-256-2");
    EXPECT_EQ(mnist.record.dataset.rfind("mnist10k-images-idx3-ubyte.gz", 0), 0u)
        << mnist.record.dataset;
    EXPECT_EQ(mnist.record.trainImages, 8000u);
    EXPECT_EQ(mnist.record.epochs, 100);
    CliRun r =
        cli({"vae-eval", "--model", models + "mnist.llvae", "--images", kMnistImages, "--range",
             "8000:10000", "--seed", std::to_string(mnist.record.seed), "--threads", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    json j = parseJson(r.out, "stdout");
    // The record holds what vae-eval gives with the default build's CPU flags (x86-64-v3;
    // resources/models/README.md) in a Release build: exactly that, bit for bit (same seed, same
    // numbers). An unoptimised build (Debug, the sanitizer presets) rounds the same float sums
    // in another order (no fused multiply-adds at -O0): measured at -O0, the ELBO moves by a
    // relative 1.7e-10 and the KL by 3.5e-11, so there they must agree to a relative 1e-8.
    // Other CPU flags add in another order (AVX-512 16 floats at a time, AVX2 8), which moves
    // the mean by about 1e-8.
    const bool defaultFlags = std::string(LATENTLAB_ARCH_DESCRIPTION) == "x86-64-v3";
    if (defaultFlags && std::string(LATENTLAB_BUILD_TYPE) == "Release") {
        EXPECT_EQ(j.at("elbo").get<double>(), mnist.record.testElbo);
        EXPECT_EQ(j.at("kl").get<double>(), mnist.record.testKl);
    } else if (defaultFlags) {
        constexpr double kUnoptimisedRelative = 1e-8;
        EXPECT_NEAR(j.at("elbo").get<double>(), mnist.record.testElbo,
                    kUnoptimisedRelative * std::abs(mnist.record.testElbo));
        EXPECT_NEAR(j.at("kl").get<double>(), mnist.record.testKl,
                    kUnoptimisedRelative * std::abs(mnist.record.testKl));
    } else {
        EXPECT_NEAR(j.at("elbo").get<double>(), mnist.record.testElbo, 1e-6 * 150);
        EXPECT_NEAR(j.at("kl").get<double>(), mnist.record.testKl, 1e-6 * 10);
    }
    EXPECT_GT(mnist.record.testElbo, -150.0); // a healthy 2-D MNIST VAE
    EXPECT_GT(mnist.record.testKl, 5.0);
    EXPECT_LT(mnist.record.testKl, 9.0);

    // Fashion-MNIST: recorded on the 10,000 test images; the app ships a 2,000-image subset.
    const VaeModel fashion = loadVaeModel(models + "fashion-mnist.llvae");
    EXPECT_EQ(fashion.vae->architecture().describe(), "784-512-256-2");
    EXPECT_EQ(fashion.record.trainImages, 60000u);
    r = cli({"vae-eval", "--model", models + "fashion-mnist.llvae", "--images",
             std::string(LATENTLAB_SOURCE_DIR) + "/resources/data/fashion2k-images-idx3-ubyte.gz",
             "--threads", "2"});
    ASSERT_EQ(r.status, 0) << r.err;
    j = parseJson(r.out, "stdout");
    EXPECT_EQ(j.at("n").get<double>(), 2000);
    EXPECT_NEAR(j.at("elbo").get<double>(), fashion.record.testElbo, 3.0);
}

// ---- The start-up check of the CPU (core/common/cpu_check.cpp) -----------------------------

// This file is compiled with the build's CPU flags, so __AVX2__ says whether the build
// assumes AVX2; the check must then stop the program before it runs, with one line.
TEST(CliCpuCheck, AMissingFeatureStopsTheProgramWithOneLine) {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__AVX2__) && defined(__FMA__)
    CliRun r = cli({"presets"}, "LATENTLAB_PRETEND_CPU_LACKS=avx2");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << "nothing of the program may run: " << r.out;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_EQ(r.err.rfind("latentlab-cli: this CPU lacks avx2, which this build assumes", 0), 0u)
        << r.err;
    EXPECT_NE(r.err.find(std::string("compiled for ") + LATENTLAB_ARCH_DESCRIPTION),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("-DLATENTLAB_BASELINE="), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("-DLATENTLAB_NATIVE=ON"), std::string::npos) << r.err;

    r = cli({"presets"}, "LATENTLAB_PRETEND_CPU_LACKS=fma,avx2");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("lacks avx2, fma,"), std::string::npos) << r.err;
    r = cli({"presets"}, "LATENTLAB_PRETEND_CPU_LACKS=avx2x,sse"); // not features of the build
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("faithful"), std::string::npos);
#elif (defined(__x86_64__) || defined(__i386__)) && defined(__SSE3__)
    const CliRun r = cli({"presets"}, "LATENTLAB_PRETEND_CPU_LACKS=all");
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("lacks sse3"), std::string::npos) << r.err;
#else
    // A build that assumes nothing beyond the compiler's default target checks nothing.
    const CliRun r = cli({"presets"}, "LATENTLAB_PRETEND_CPU_LACKS=all");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("faithful"), std::string::npos);
#endif
}

TEST_F(CliVae, AutoencoderIgnoresBetaAndRecordsZeroKlWeight) {
    // --autoencoder: z = mu and KL weight 0, so --beta changes nothing: the two models encode
    // every image to the same means; the VAE of the same seed (s_model) does not.
    auto train = [](const std::string& beta, const std::string& out) {
        return cli({"vae-train", "--images", kMnistImages, "--train",  "0:300", "--test",
                    "300:400",   "--epochs", "2",          "--hidden", "64,32", "--batch",
                    "50",        "--seed",   "3",          "--beta",   beta,    "--autoencoder",
                    "--out",     out});
    };
    const std::string a = s_dir->file("ae1.llvae"), b = s_dir->file("ae7.llvae");
    for (const auto& [beta, out] : {std::pair{"1", a}, std::pair{"7", b}}) {
        const CliRun r = train(beta, out);
        ASSERT_EQ(r.status, 0) << r.err;
    }
    EXPECT_EQ(loadVaeModel(a).record.beta, 0.0);
    EXPECT_NE(loadVaeModel(a).record.command.find("--autoencoder"), std::string::npos);
    auto encode = [](const std::string& model) {
        const std::string csv = model + ".csv";
        const CliRun r = cli({"vae-encode", "--model", model, "--images", kMnistImages, "--range",
                              "300:320", "--out", csv});
        EXPECT_EQ(r.status, 0) << r.err;
        return readBytes(csv);
    };
    ASSERT_EQ(s_train.status, 0) << s_train.err;
    const std::string ea = encode(a);
    EXPECT_FALSE(ea.empty());
    EXPECT_EQ(ea, encode(b));
    EXPECT_NE(ea, encode(s_model));
}
