// The VAE loss and its hand-written gradient: against PyTorch autograd (fixture made by
// tests/reference/vae_loss_fixture.py) and against central finite differences in double.
#include "common/error.h"
#include "named_vectors.h"
#include "vae/vae.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

using namespace latentlab;

namespace {

struct VaeFixture {
    VaeArchitecture arch;
    double beta = 0, scale = 0;
    std::vector<double> params, rec, kl, grad;
    Eigen::MatrixXd x, eps;
};

VaeFixture loadFixture() {
    auto f = readNamedVectors(std::string(LATENTLAB_FIXTURE_DIR) + "/vae_loss_small.txt");
    VaeFixture r;
    const auto& s = f.at("sizes");
    r.arch.input = int(s[0]);
    r.arch.hidden = {int(s[1]), int(s[2])};
    r.arch.latent = int(s[3]);
    r.beta = f.at("beta")[0];
    r.scale = f.at("scale")[0];
    r.params = f.at("params");
    r.rec = f.at("reconstruction");
    r.kl = f.at("kl");
    r.grad = f.at("grad");
    const auto n = Eigen::Index(r.rec.size());
    r.x = Eigen::Map<Eigen::MatrixXd>(f.at("x").data(), r.arch.input, n);
    r.eps = Eigen::Map<Eigen::MatrixXd>(f.at("eps").data(), r.arch.latent, n);
    return r;
}

/// The largest difference, relative where it is over 1, between the gradient g and central
/// differences (step 1e-6) of objective at p.
double worstGradientError(const std::function<double(const std::vector<double>&)>& objective,
                          const std::vector<double>& p, const std::vector<double>& g) {
    const double h = 1e-6;
    double worst = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        std::vector<double> q = p;
        q[i] += h;
        const double up = objective(q);
        q[i] -= 2 * h;
        const double numeric = (up - objective(q)) / (2 * h);
        worst = std::max(worst, std::abs(numeric - g[i]) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

} // namespace

TEST(VaeNet, LossAndGradientMatchPyTorchInDouble) {
    const VaeFixture f = loadFixture();
    const VaeNetT<double> net(f.arch);
    ASSERT_EQ(net.parameterCount(), f.params.size());
    VaeNetT<double>::Workspace ws(net, f.x.cols());
    std::vector<double> g(f.params.size());
    const auto sums =
        net.lossAndGradient(f.params.data(), f.x, f.eps, f.beta, f.scale, g.data(), ws);
    double recSum = 0, klSum = 0;
    for (std::size_t i = 0; i < f.rec.size(); ++i) {
        EXPECT_NEAR(ws.reconstruction[Eigen::Index(i)], f.rec[i],
                    1e-9 * std::abs(f.rec[i]) + 1e-12);
        EXPECT_NEAR(ws.kl[Eigen::Index(i)], f.kl[i], 1e-9 * std::abs(f.kl[i]));
        recSum += f.rec[i];
        klSum += f.kl[i];
    }
    EXPECT_NEAR(sums.reconstruction, recSum, 1e-8);
    EXPECT_NEAR(sums.kl, klSum, 1e-6);
    for (std::size_t i = 0; i < g.size(); ++i)
        ASSERT_NEAR(g[i], f.grad[i], 1e-8 * std::max(1.0, std::abs(f.grad[i])))
            << "parameter " << i;
}

TEST(VaeNet, FloatEngineMatchesPyTorchClosely) {
    const VaeFixture f = loadFixture();
    const VaeNet net(f.arch);
    VaeNet::Workspace ws(net, f.x.cols());
    std::vector<float> p(f.params.begin(), f.params.end()), g(p.size());
    net.lossAndGradient(p.data(), f.x.cast<float>(), f.eps.cast<float>(), float(f.beta),
                        float(f.scale), g.data(), ws);
    for (std::size_t i = 0; i < f.rec.size(); ++i)
        EXPECT_NEAR(ws.reconstruction[Eigen::Index(i)], f.rec[i], 1e-4 * std::abs(f.rec[i]));
    for (std::size_t i = 0; i < g.size(); ++i)
        ASSERT_NEAR(g[i], f.grad[i], 2e-3 * std::max(1.0, std::abs(f.grad[i])))
            << "parameter " << i;
}

TEST(VaeNet, WholeLossGradientMatchesFiniteDifferences) {
    // Latent size 3, binary targets (the sparse first-layer path) and continuous ones.
    VaeArchitecture arch;
    arch.input = 10;
    arch.hidden = {8, 6};
    arch.latent = 3;
    const VaeNetT<double> net(arch);
    Random rng(11);
    std::vector<double> p(net.parameterCount()), g(p.size());
    net.initialise(p.data(), rng);
    for (bool binary : {true, false}) {
        SCOPED_TRACE(binary ? "binary targets" : "continuous targets");
        Eigen::MatrixXd x(10, 4), eps(3, 4);
        for (double& v : x.reshaped())
            v = binary ? (rng.uniform() < 0.3 ? 1.0 : 0.0) : rng.uniform();
        for (double& v : eps.reshaped())
            v = rng.normal();
        const double beta = 1.3, scale = 0.25;
        VaeNetT<double>::Workspace ws(net, 4);
        net.lossAndGradient(p.data(), x, eps, beta, scale, g.data(), ws);
        auto objective = [&](const std::vector<double>& q) {
            VaeNetT<double>::Workspace w(net, 4);
            const auto s = net.loss(q.data(), x, eps, w);
            return scale * (s.reconstruction + beta * s.kl);
        };
        EXPECT_LT(worstGradientError(objective, p, g), 1e-6);
    }
}

TEST(VaeNet, ClampedLogVarianceGetsNoGradient) {
    VaeArchitecture arch;
    arch.input = 5;
    arch.hidden = {4};
    arch.latent = 1;
    const VaeNetT<double> net(arch);
    Random rng(2);
    std::vector<double> p(net.parameterCount()), g(p.size());
    net.initialise(p.data(), rng);
    // Encoder head is layer 2: its bias (mu, log sigma^2); push log sigma^2 far below -10.
    const std::size_t lvBias = net.encoder().biasOffset(2) + 1;
    p[lvBias] = -40;
    Eigen::MatrixXd x = Eigen::MatrixXd::Constant(5, 2, 0.5), eps = Eigen::MatrixXd::Ones(1, 2);
    VaeNetT<double>::Workspace ws(net, 2);
    net.lossAndGradient(p.data(), x, eps, 1.0, 0.5, g.data(), ws);
    EXPECT_EQ(g[lvBias], 0.0);
    EXPECT_NEAR(ws.kl[0], 0.5 * (std::pow(ws.encoder.output()(0, 0), 2) + std::exp(-10.0) - 1 + 10),
                1e-12);
}

TEST(VaeNet, RejectsBadArchitecture) {
    VaeArchitecture arch;
    arch.latent = 0;
    EXPECT_THROW(VaeNet{arch}, ArgumentError);
    arch.latent = 2;
    arch.hidden = {512, -1};
    EXPECT_THROW(VaeNet{arch}, ArgumentError);
    EXPECT_THROW(Vae(VaeArchitecture{}, std::vector<float>(10)), ArgumentError);
    // Every size allowed on its own, but 2 x 65536^2 parameters together: refused before any
    // allocation, with the count in the message.
    arch.hidden = {65536, 65536};
    try {
        arch.validate();
        ADD_FAILURE() << "a network of 8.6e9 parameters was accepted";
    } catch (const ArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("parameters"), std::string::npos) << e.what();
    }
    arch.hidden = std::vector<int>(17, 8);
    EXPECT_THROW(arch.validate(), ArgumentError);
    arch.hidden = {4096, 4096}; // 16.8 M + 2 x 3.2 M parameters: large but allowed
    EXPECT_NO_THROW(arch.validate());
}

// The trainer's split of the gradient between threads: deltas per slice of the batch, then
// each layer's weight gradient summed over the slices by ranges of columns. It must give the
// gradient of the whole batch, including with a sparse (binary) input, an empty share of
// columns, and a slice of one observation.
TEST(VaeNet, GradientSummedOverSlicesByColumnsMatchesTheWholeBatch) {
    VaeArchitecture arch;
    arch.input = 12;
    arch.hidden = {7, 5};
    arch.latent = 2;
    const VaeNetT<double> net(arch);
    Random rng(5);
    std::vector<double> p(net.parameterCount()), whole(p.size());
    net.initialise(p.data(), rng);
    const Eigen::Index n = 6;
    Eigen::MatrixXd x(12, n), eps(2, n);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = rng.uniform() < 0.2 ? 1.0 : 0.0; // sparse, as binarised MNIST
    for (Eigen::Index i = 0; i < eps.size(); ++i)
        eps.data()[i] = rng.normal();
    VaeNetT<double>::Workspace all(net, n);
    const auto sums = net.lossAndGradient(p.data(), x, eps, 0.7, 1.0 / 6, whole.data(), all);

    // Slices of 5 and 1 observations; each layer's columns in three ranges (the first empty).
    const Eigen::MatrixXd x0 = x.leftCols(5), x1 = x.rightCols(1);
    const Eigen::MatrixXd e0 = eps.leftCols(5), e1 = eps.rightCols(1);
    VaeNetT<double>::Workspace w0(net, 5), w1(net, 5);
    const auto s0 = net.lossAndDeltas(p.data(), x0, e0, 0.7, 1.0 / 6, w0);
    const auto s1 = net.lossAndDeltas(p.data(), x1, e1, 0.7, 1.0 / 6, w1);
    EXPECT_NEAR(s0.reconstruction + s1.reconstruction, sums.reconstruction, 1e-10);
    EXPECT_NEAR(s0.kl + s1.kl, sums.kl, 1e-10);
    const VaeNetT<double>::Workspace* slices[] = {&w0, &w1};
    std::vector<double> split(p.size(), std::nan(""));
    for (int layer = 0; layer < net.gradientLayers(); ++layer) {
        const int inputs = net.layerInputs(layer), mid = inputs / 2;
        net.weightGradient(layer, slices, 2, 0, 0, false, split.data());
        net.weightGradient(layer, slices, 2, 0, mid, true, split.data());
        net.weightGradient(layer, slices, 2, mid, inputs, false, split.data());
        const auto r = net.layerRanges(layer, 0, inputs);
        EXPECT_EQ(r[1], r[2]) << "the bias follows the weights";
    }
    for (std::size_t i = 0; i < p.size(); ++i)
        EXPECT_NEAR(split[i], whole[i], 1e-12 * std::max(1.0, std::abs(whole[i]))) << i;
}

TEST(VaeNet, AutoencoderPathGradientMatchesFiniteDifferences) {
    // The autoencoder mode of the trainer: noise 0 (z = mu) and KL weight 0. The loss is then
    // the reconstruction at z = mu; its gradient must match central differences in double,
    // and the log-variance head must get none.
    VaeArchitecture arch;
    arch.input = 9;
    arch.hidden = {7};
    arch.latent = 2;
    const VaeNetT<double> net(arch);
    Random rng(23);
    std::vector<double> p(net.parameterCount()), g(p.size());
    net.initialise(p.data(), rng);
    Eigen::MatrixXd x(9, 5);
    for (double& v : x.reshaped())
        v = rng.uniform();
    const Eigen::MatrixXd eps = Eigen::MatrixXd::Zero(2, 5);
    const double scale = 0.2;
    VaeNetT<double>::Workspace ws(net, 5);
    net.lossAndGradient(p.data(), x, eps, 0.0, scale, g.data(), ws);
    auto objective = [&](const std::vector<double>& q) {
        VaeNetT<double>::Workspace w(net, 5);
        return scale * net.loss(q.data(), x, eps, w).reconstruction;
    };
    EXPECT_LT(worstGradientError(objective, p, g), 1e-6);
    double largest = 0;
    for (double v : g)
        largest = std::max(largest, std::abs(v));
    EXPECT_GT(largest, 1e-3); // a gradient that is all zeros would pass the first check
    // The head's log-variance rows (rows 2..3 of layer 2) and their biases: no gradient.
    const std::size_t w = net.encoder().weightOffset(2), b = net.encoder().biasOffset(2);
    for (int c = 0; c < 7; ++c)
        for (int r = 2; r < 4; ++r)
            EXPECT_EQ(g[w + std::size_t(c * 4 + r)], 0.0);
    EXPECT_EQ(g[b + 2], 0.0);
    EXPECT_EQ(g[b + 3], 0.0);
}
