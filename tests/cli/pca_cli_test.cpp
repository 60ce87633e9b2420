// latentlab-cli pca, ppca-em and linear-ae run as processes: their --json against the
// scikit-learn fixtures of tests/reference/make_pca_fixtures.py, EM's log-likelihood per
// iteration, the autoencoder's convergence, and status 2 with one line naming the file or
// option for every kind of bad input.
#include "cli_run.h"
#include "io/json.h"
#include "named_vectors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace latentlab;
using latentlab::testing::cli;
using latentlab::testing::CliRun;
using latentlab::testing::csvFile;
using latentlab::testing::expectUsageFailure;
using latentlab::testing::TempDir;
using nlohmann::json;

namespace {

const std::string kFaithful = std::string(LATENTLAB_SOURCE_DIR) + "/resources/data/faithful.csv";
const std::string kMnist =
    std::string(LATENTLAB_SOURCE_DIR) + "/resources/data/mnist10k-images-idx3-ubyte.gz";

json run(const std::vector<std::string>& args) {
    const CliRun r = cli(args);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    return parseJson(r.out, "stdout");
}

std::map<std::string, std::vector<double>> fixture(const std::string& name) {
    return readNamedVectors(std::string(LATENTLAB_FIXTURE_DIR) + "/pca/" + name + ".txt");
}

std::vector<double> flat(const json& v) {
    std::vector<double> out;
    if (v.is_array())
        for (const auto& x : v) {
            const auto inner = flat(x);
            out.insert(out.end(), inner.begin(), inner.end());
        }
    else
        out.push_back(v.get<double>());
    return out;
}

/// Every |a_i - e_i| <= rel max(|e_i|, floor), over the first `count` values of e.
void expectPcaClose(const std::vector<double>& actual, const std::vector<double>& expected,
                    std::size_t count, double rel, double floor, const std::string& what) {
    ASSERT_GE(actual.size(), count) << what;
    ASSERT_GE(expected.size(), count) << what << ": missing fixture";
    for (std::size_t i = 0; i < count; ++i)
        EXPECT_NEAR(actual[i], expected[i], rel * std::max(std::abs(expected[i]), floor))
            << what << "[" << i << "]";
}

/// A CSV of n rows x d columns with values f(i, j).
template <class F> std::string table(int n, int d, F f) {
    std::string text;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            text += std::to_string(f(i, j)) + (j + 1 < d ? "," : "\n");
    return text;
}

} // namespace

TEST(CliPca, FaithfulMatchesScikitLearn) {
    const auto f = fixture("faithful");
    const json j = run({"pca", "--data", kFaithful, "--q", "1", "--json"});
    for (const char* key : {"n", "d", "q", "solver", "signs", "mean", "eigenvalues", "components",
                            "explained_variance_ratio", "total_variance", "reconstruction_error",
                            "noise_variance", "log_likelihood", "mean_log_likelihood", "timing"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.at("n").get<int>(), 272);
    EXPECT_EQ(j.at("q").get<int>(), 1);
    expectPcaClose(flat(j.at("mean")), f.at("mean"), 2, 1e-9, 1.0, "mean");
    expectPcaClose(flat(j.at("eigenvalues")), f.at("explained_variance"), 1, 1e-9, 0.0,
                   "eigenvalues");
    expectPcaClose(flat(j.at("components")), f.at("components_v"), 2, 1e-9, 1.0, "components");
    expectPcaClose(flat(j.at("explained_variance_ratio")), f.at("explained_variance_ratio"), 1,
                   1e-9, 0.0, "ratio");
    expectPcaClose({j.at("noise_variance").get<double>()}, f.at("noise_variance"), 1, 1e-9, 0.0,
                   "noise variance");
    expectPcaClose({j.at("mean_log_likelihood").get<double>()}, f.at("score"), 1, 1e-9, 0.0,
                   "score");
    expectPcaClose(flat(j.at("reconstruction_error")), f.at("recon_error"), 2, 1e-9, 0.0,
                   "reconstruction error");
    EXPECT_GE(j.at("timing").at("seconds").get<double>(), 0.0);
}

TEST(CliPca, MnistImagesMatchScikitLearnBothSignConventions) {
    const auto f = fixture("mnist2000");
    const json j = run({"pca", "--images", kMnist, "--range", "0:2000", "--q", "50", "--json"});
    EXPECT_EQ(j.at("d").get<int>(), 784);
    EXPECT_EQ(j.at("solver").get<std::string>(), "leading");
    expectPcaClose(flat(j.at("eigenvalues")), f.at("explained_variance"), 50, 1e-9, 0.0,
                   "eigenvalues");
    expectPcaClose(flat(j.at("components")), f.at("components_v"), 50 * 784, 1e-9, 1.0,
                   "components");
    expectPcaClose({j.at("mean_log_likelihood").get<double>()}, f.at("score"), 1, 1e-9, 0.0,
                   "score");
    // scikit-learn 1.2's own signs: the largest score of each component positive.
    const json u = run({"pca", "--images", kMnist, "--range", "0:2000", "--q", "50", "--signs",
                        "largest-score", "--json"});
    const auto components = flat(u.at("components"));
    const auto& signs = f.at("score_signs");
    std::vector<double> expected = f.at("components_v");
    for (std::size_t k = 0; k < 50; ++k)
        for (std::size_t r = 0; r < 784; ++r)
            expected[k * 784 + r] *= signs.at(k);
    expectPcaClose(components, expected, 50 * 784, 1e-9, 1.0, "largest-score components");
}

TEST(CliPca, HumanSummary) {
    const CliRun r = cli({"pca", "--preset", "faithful"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("PCA of faithful: 272 points in 2 dimensions, q = 1"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("noise variance sigma^2 = 0.244217"), std::string::npos) << r.out;
}

TEST(CliPca, BadInput) {
    TempDir dir;
    expectUsageFailure({"pca"},
                       "pca: give exactly one of --data F.csv, --preset NAME and --images F");
    expectUsageFailure({"pca", "--preset", "faithful", "--data", kFaithful}, "exactly one of");
    expectUsageFailure({"pca", "--preset", "faithful", "--q", "0"}, "pca: --q");
    expectUsageFailure(
        {"pca", "--preset", "faithful", "--q", "2"},
        "pca: --q must be between 1 and d - 1 = 1 for the 2-dimensional faithful, got 2");
    expectUsageFailure({"pca", "--preset", "faithful", "--range", "0:10"},
                       "pca: --range goes with --images");
    expectUsageFailure({"pca", "--images", kMnist, "--range", "0:20000"},
                       "pca: --range 0:20000 goes beyond the 10000 images of " + kMnist);
    expectUsageFailure({"pca", "--images", kFaithful}, kFaithful);
    expectUsageFailure({"pca", "--preset", "faithful", "--signs", "positive"},
                       "pca: --signs must be largest-loading or largest-score, got 'positive'");
    expectUsageFailure({"pca", "--preset", "faithful", "--solver", "svd"}, "pca: --solver");
    // A 784-column CSV with a ragged row: the file, the line and the problem.
    std::string wide = table(5, 784, [](int i, int j) { return (i * 7 + j) % 11; });
    wide += "1,2,3\n";
    const std::string ragged = csvFile(dir, "ragged.csv", wide);
    expectUsageFailure({"pca", "--data", ragged}, ragged + ":6:");
    const std::string one = csvFile(dir, "one.csv", "1,2\n");
    expectUsageFailure({"pca", "--data", one}, "at least 2 points, got 1");
    const std::string constant = csvFile(dir, "constant.csv", "1,2\n1,2\n1,2\n");
    // The file named by every command that fits its data (issue 14).
    const std::vector<std::pair<std::string, std::string>> models = {
        {"pca", "PCA"}, {"ppca-em", "PPCA EM"}, {"linear-ae", "linear autoencoder"}};
    for (const auto& [command, model] : models)
        expectUsageFailure({command, "--data", constant, "--q", "1"},
                           constant + ": " + model + ": all 3 points are equal (zero variance)");
    const std::string line = csvFile(dir, "line.csv", "0,1\n1,3\n2,5\n3,7\n");
    expectUsageFailure({"pca", "--data", line}, "collinear");
    const std::string nan = csvFile(dir, "nan.csv", "0,1\n1,nan\n2,5\n");
    expectUsageFailure({"pca", "--data", nan}, nan + ":2:2");
}

TEST(CliPpcaEm, LikelihoodRisesToTheClosedForm) {
    const json j =
        run({"ppca-em", "--preset", "faithful", "--q", "1", "--max-iter", "20000", "--json"});
    for (const char* key :
         {"n", "d", "q", "init", "seed", "tol", "max_iter", "converged", "iterations",
          "log_likelihood", "w", "sigma2", "subspace_angles_degrees", "closed_form", "timing"})
        EXPECT_TRUE(j.contains(key)) << key;
    const json& its = j.at("iterations");
    ASSERT_GT(its.size(), 2u);
    for (std::size_t i = 1; i < its.size(); ++i) {
        const double before = its[i - 1].at("log_likelihood").get<double>();
        EXPECT_GE(its[i].at("log_likelihood").get<double>(), before - 1e-12 * std::abs(before));
    }
    EXPECT_TRUE(j.at("converged").get<bool>());
    const double closed = j.at("closed_form").at("log_likelihood").get<double>();
    EXPECT_NEAR(j.at("log_likelihood").get<double>(), closed, 1e-6 * std::abs(closed));
    EXPECT_NEAR(j.at("sigma2").get<double>(), j.at("closed_form").at("sigma2").get<double>(),
                1e-3 * j.at("sigma2").get<double>());
    EXPECT_LT(flat(j.at("subspace_angles_degrees"))[0], 1e-6);
    EXPECT_EQ(j.at("w").size(), 2u); // d rows of q
}

TEST(CliPpcaEm, ExplicitStartAndBadStarts) {
    TempDir dir;
    const std::string good = csvFile(dir, "init.json", R"({"w": [[1], [2]], "sigma2": 0.5})");
    const json j = run({"ppca-em", "--preset", "faithful", "--q", "1", "--init", good, "--max-iter",
                        "0", "--json"});
    EXPECT_EQ(flat(j.at("w")), (std::vector<double>{1, 2}));
    EXPECT_EQ(j.at("sigma2").get<double>(), 0.5);
    EXPECT_EQ(j.at("iterations").size(), 1u);
    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"({"w": [[1, 2]], "sigma2": 0.5})", "\"w\" must be 2 rows of 1 numbers (d x q)"},
        {R"({"w": [[1], [2]], "sigma2": 0})", "\"sigma2\" must be a positive number"},
        {R"({"w": [[1], ["a"]], "sigma2": 1})", "w[1][0] is not a number"},
        {R"({"w": [[1], [2]], "sigma2": 1, "mu": 3})", "unknown key \"mu\""},
        {R"({"w": [[1], [2]]})", "needs both \"w\" and \"sigma2\""},
        {R"([1, 2])", "expected a JSON object"},
        {R"({"w": [[1], [2]], "sigma2": 1e400})", "init.json"},
    };
    for (const auto& [text, message] : bad) {
        const std::string path = csvFile(dir, "init.json", text);
        expectUsageFailure({"ppca-em", "--preset", "faithful", "--q", "1", "--init", path}, path);
        expectUsageFailure({"ppca-em", "--preset", "faithful", "--q", "1", "--init", path},
                           message);
    }
    expectUsageFailure({"ppca-em", "--preset", "faithful"}, "--q");
    expectUsageFailure({"ppca-em", "--preset", "faithful", "--q", "1", "--tol", "-1"}, "--tol");
}

TEST(CliLinearAe, TiedFindsThePrincipalSubspace) {
    const json j = run({"linear-ae", "--preset", "faithful", "--q", "1", "--steps", "300", "--tied",
                        "--seed", "3", "--json"});
    for (const char* key : {"n", "d", "q", "kind", "learning_rate", "seed", "pca_loss", "steps",
                            "encoder", "decoder", "timing"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.at("kind").get<std::string>(), "tied");
    const json& steps = j.at("steps");
    ASSERT_EQ(steps.size(), 301u);
    EXPECT_GT(flat(steps[0].at("angles_degrees"))[0], 1.0);
    EXPECT_LT(flat(steps[300].at("angles_degrees"))[0], 1.0);
    EXPECT_NEAR(steps[300].at("loss").get<double>(), j.at("pca_loss").get<double>(),
                1e-6 * j.at("pca_loss").get<double>());
    EXPECT_EQ(j.at("decoder").size(), 2u); // d rows of q
    EXPECT_EQ(j.at("encoder").size(), 1u); // q rows of d
    // The same seed gives the same numbers.
    const json again = run({"linear-ae", "--preset", "faithful", "--q", "1", "--steps", "300",
                            "--tied", "--seed", "3", "--json"});
    EXPECT_EQ(again.at("decoder"), j.at("decoder"));
}

TEST(CliLinearAe, KindsAndBadInput) {
    const json o = run({"linear-ae", "--preset", "faithful", "--q", "1", "--steps", "5",
                        "--orthonormal", "--json"});
    EXPECT_EQ(o.at("kind").get<std::string>(), "tied-orthonormal");
    const json u = run({"linear-ae", "--preset", "faithful", "--q", "1", "--steps", "5", "--json"});
    EXPECT_EQ(u.at("kind").get<std::string>(), "unconstrained");
    expectUsageFailure({"linear-ae", "--preset", "faithful", "--q", "1", "--lr", "10"},
                       "learning rate 10 is too large: the loss diverged at step");
    expectUsageFailure({"linear-ae", "--preset", "faithful", "--q", "1", "--lr", "-1"}, "--lr");
    expectUsageFailure({"linear-ae", "--preset", "faithful", "--q", "1", "--steps", "x"},
                       "--steps");
    expectUsageFailure({"linear-ae", "--preset", "faithful", "--q", "3"},
                       "linear-ae: --q must be between 1 and d - 1 = 1");
}
