// The VAE's held-out evaluation: the importance-weighted estimate of log p(x) against PyTorch
// (fixture made by tests/reference/vae_iw_fixture.py, every density in full with
// torch.distributions), and the properties the estimate must have on real sizes.
#include "common/error.h"
#include "named_vectors.h"
#include "vae/vae_evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

namespace {

// Random 8-bit images of 3 x 4 pixels with a bright left half, so that a model has
// something to explain.
VaeDataset images(std::size_t n, std::uint64_t seed) {
    Random rng(seed);
    std::vector<std::uint8_t> pixels(n * 12);
    for (std::size_t i = 0; i < n; ++i)
        for (int p = 0; p < 12; ++p)
            pixels[i * 12 + std::size_t(p)] =
                std::uint8_t(p % 4 < 2 ? 150 + rng.index(100) : rng.index(60));
    return VaeDataset::fromRows(pixels, 12, {}, 0, n, "images");
}

} // namespace

TEST(VaeEvaluation, ImportanceWeightedEstimateMatchesPyTorchInDouble) {
    auto f = readNamedVectors(std::string(LATENTLAB_FIXTURE_DIR) + "/vae_iw_small.txt");
    ASSERT_FALSE(f.empty()) << "fixture vae_iw_small.txt not found";
    VaeArchitecture arch;
    arch.input = int(f.at("sizes")[0]);
    arch.hidden = {int(f.at("sizes")[1]), int(f.at("sizes")[2])};
    arch.latent = int(f.at("sizes")[3]);
    const int K = int(f.at("samples")[0]);
    const std::vector<double>& params = f.at("params");
    const std::vector<double>& expected = f.at("iw");
    const auto n = Eigen::Index(expected.size());
    const Eigen::MatrixXd x = Eigen::Map<Eigen::MatrixXd>(f.at("x").data(), arch.input, n);
    const VaeNetT<double> net(arch);
    ASSERT_EQ(net.parameterCount(), params.size());
    ImportanceWeightingT<double> iw(net, K);
    for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::MatrixXd eps =
            Eigen::Map<Eigen::MatrixXd>(f.at("eps").data() + i * arch.latent * K, arch.latent, K);
        EXPECT_NEAR(iw.logLikelihood(params.data(), x.col(i), eps), expected[std::size_t(i)],
                    1e-10 * std::abs(expected[std::size_t(i)]))
            << "image " << i;
    }
    // Fewer noise columns than the workspace holds is allowed; more, or a wrong size, is not.
    const Eigen::MatrixXd two = Eigen::MatrixXd::Zero(arch.latent, K + 1);
    EXPECT_THROW(iw.logLikelihood(params.data(), x.col(0), two), ArgumentError);
    EXPECT_THROW(iw.logLikelihood(params.data(), x.leftCols(2), two.leftCols(K)), ArgumentError);
}

TEST(VaeEvaluation, ImportanceWeightedBoundTightensWithMoreSamplesAndLiesAboveTheElbo) {
    // Burda et al.: E[log mean of k weights] increases with k and is at least the ELBO.
    // Averaged over 300 images the Monte Carlo noise is far below the gaps checked here.
    VaeArchitecture arch;
    arch.input = 12;
    arch.hidden = {10, 6};
    arch.latent = 2;
    Random rng(5);
    const Vae vae = Vae::initialised(arch, rng);
    const VaeDataset data = images(300, 9);
    VaeEvaluationOptions o;
    o.seed = 3;
    o.importanceSamples = 1;
    const VaeEvaluation one = evaluateVae(vae, data, o);
    o.importanceSamples = 64;
    const VaeEvaluation many = evaluateVae(vae, data, o);
    ASSERT_TRUE(one.hasLogLikelihood);
    ASSERT_TRUE(many.hasLogLikelihood);
    EXPECT_TRUE(std::isfinite(many.logLikelihoodIw));
    EXPECT_GT(many.logLikelihoodIw, one.logLikelihoodIw);
    EXPECT_GT(many.logLikelihoodIw, many.elbo);
    // With one sample the estimate is an unbiased estimate of the ELBO itself.
    EXPECT_NEAR(one.logLikelihoodIw, one.elbo, 0.05 * std::abs(one.elbo));
    o.importanceSamples = 0;
    EXPECT_FALSE(evaluateVae(vae, data, o).hasLogLikelihood);
}

TEST(VaeEvaluation, ResultDoesNotDependOnTheThreadCount) {
    VaeArchitecture arch;
    arch.input = 12;
    arch.hidden = {8};
    arch.latent = 3;
    Random rng(2);
    const Vae vae = Vae::initialised(arch, rng);
    const VaeDataset data = images(700, 4); // several 256-image blocks and a partial one
    VaeEvaluationOptions o;
    o.importanceSamples = 16;
    o.threads = 1;
    const VaeEvaluation a = evaluateVae(vae, data, o);
    o.threads = 3;
    const VaeEvaluation b = evaluateVae(vae, data, o);
    EXPECT_EQ(a.n, 700u);
    EXPECT_EQ(a.elbo, b.elbo);
    EXPECT_EQ(a.kl, b.kl);
    EXPECT_EQ(a.logLikelihoodIw, b.logLikelihoodIw);
    EXPECT_GT(a.kl, 0.0);
    EXPECT_LT(a.reconstruction, 0.0);
}

TEST(VaeEvaluation, RefusesMismatchedImagesAndAbsurdSampleCounts) {
    VaeArchitecture arch;
    arch.input = 10;
    arch.hidden = {4};
    Random rng(1);
    const Vae vae = Vae::initialised(arch, rng);
    EXPECT_THROW(evaluateVae(vae, images(5, 1), {}), ArgumentError); // 12 pixels, not 10
    arch.input = 12;
    const Vae vae12 = Vae::initialised(arch, rng);
    VaeEvaluationOptions o;
    o.importanceSamples = -1;
    EXPECT_THROW(evaluateVae(vae12, images(5, 1), o), ArgumentError);
    o.importanceSamples = 100001;
    EXPECT_THROW(evaluateVae(vae12, images(5, 1), o), ArgumentError);
}
