// The MLP's forward pass against a naive loop, and its backpropagation against central finite
// differences in double, layer by layer, for dense and for sparse (mostly zero) inputs.
#include "common/error.h"
#include "nn/mlp.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

namespace {

using MlpD = MlpT<double>;

// Loss = sum_ij C_ij out_ij, so dLoss/dOut = C.
double probeLoss(const MlpD& mlp, const std::vector<double>& p, const Eigen::MatrixXd& x,
                 const Eigen::MatrixXd& c) {
    MlpD::Workspace ws(mlp, x.cols());
    mlp.forward(p.data(), x, ws);
    return (ws.output().array() * c.array()).sum();
}

Eigen::MatrixXd randomInput(Random& rng, int rows, int cols, bool sparse) {
    Eigen::MatrixXd x(rows, cols);
    for (int c = 0; c < cols; ++c)
        for (int r = 0; r < rows; ++r)
            x(r, c) = sparse ? (rng.uniform() < 0.2 ? rng.uniform(0.1, 1.0) : 0.0)
                             : rng.uniform(-1.0, 1.0);
    return x;
}

void checkGradients(bool sparse) {
    Random rng(3);
    const MlpD mlp({12, 7, 5, 3});
    std::vector<double> p(mlp.parameterCount()), g(mlp.parameterCount());
    mlp.initialise(p.data(), rng);
    const Eigen::MatrixXd x = randomInput(rng, 12, 9, sparse);
    Eigen::MatrixXd c(3, 9);
    for (double& v : c.reshaped())
        v = rng.normal();

    MlpD::Workspace ws(mlp, 9);
    mlp.forward(p.data(), x, ws);
    Eigen::MatrixXd dx(12, 9);
    mlp.backward(p.data(), x, ws, c, g.data(), dx.data());

    const double h = 1e-6;
    for (int l = 1; l <= mlp.layers(); ++l) {
        SCOPED_TRACE("layer " + std::to_string(l) + (sparse ? " (sparse input)" : ""));
        const std::size_t begin = mlp.weightOffset(l);
        const std::size_t end = l < mlp.layers() ? mlp.weightOffset(l + 1) : mlp.parameterCount();
        double worst = 0;
        for (std::size_t i = begin; i < end; ++i) {
            std::vector<double> q = p;
            q[i] = p[i] + h;
            const double up = probeLoss(mlp, q, x, c);
            q[i] = p[i] - h;
            const double down = probeLoss(mlp, q, x, c);
            const double numeric = (up - down) / (2 * h);
            worst = std::max(worst, std::abs(numeric - g[i]) / std::max(1.0, std::abs(numeric)));
        }
        EXPECT_LT(worst, 1e-7);
    }
    // dLoss/dx as well (what the decoder passes back to z)
    double worst = 0;
    for (int k = 0; k < x.size(); ++k) {
        Eigen::MatrixXd xp = x, xm = x;
        xp.reshaped()[k] += h;
        xm.reshaped()[k] -= h;
        const double numeric = (probeLoss(mlp, p, xp, c) - probeLoss(mlp, p, xm, c)) / (2 * h);
        worst = std::max(worst, std::abs(numeric - dx.reshaped()[k]));
    }
    EXPECT_LT(worst, 1e-7);
}

} // namespace

TEST(Mlp, ForwardMatchesNaiveLoops) {
    Random rng(1);
    const Mlp mlp({4, 3, 2});
    std::vector<float> p(mlp.parameterCount());
    mlp.initialise(p.data(), rng);
    Eigen::MatrixXf x = Eigen::MatrixXf::Random(4, 5);
    Mlp::Workspace ws(mlp, 8);
    mlp.forward(p.data(), x, ws);
    ASSERT_EQ(ws.output().cols(), 5);
    // W_l is out x in column-major at weightOffset(l), b_l follows.
    for (int c = 0; c < 5; ++c) {
        float h[3];
        for (int r = 0; r < 3; ++r) {
            float s = p[mlp.biasOffset(1) + r];
            for (int k = 0; k < 4; ++k)
                s += p[mlp.weightOffset(1) + std::size_t(k) * 3 + r] * x(k, c);
            h[r] = s > 0 ? s : 0;
        }
        for (int r = 0; r < 2; ++r) {
            float s = p[mlp.biasOffset(2) + r];
            for (int k = 0; k < 3; ++k)
                s += p[mlp.weightOffset(2) + std::size_t(k) * 2 + r] * h[k];
            EXPECT_NEAR(ws.output()(r, c), s, 1e-5f);
        }
    }
}

TEST(Mlp, InitialisationIsUniformInFanInBound) {
    Random rng(2);
    const Mlp mlp({100, 10});
    std::vector<float> p(mlp.parameterCount());
    mlp.initialise(p.data(), rng);
    float lo = 1, hi = -1;
    for (float v : p) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_GE(lo, -0.1f);
    EXPECT_LE(hi, 0.1f);
    EXPECT_LT(lo, -0.09f); // the whole range is used
    EXPECT_GT(hi, 0.09f);
}

TEST(Mlp, GradientsMatchFiniteDifferencesDenseInput) {
    checkGradients(false);
}

TEST(Mlp, GradientsMatchFiniteDifferencesSparseInput) {
    checkGradients(true);
}

TEST(Mlp, SparseAndDensePathsAgree) {
    // A mostly-zero input takes the sparse path; the same input with its zeros nudged to 1e-30
    // takes the dense one.
    Random rng(5);
    const Mlp mlp({50, 20, 4});
    std::vector<float> p(mlp.parameterCount()), g1(p.size()), g2(p.size());
    mlp.initialise(p.data(), rng);
    Eigen::MatrixXf x(50, 6), xd(50, 6);
    for (int c = 0; c < 6; ++c)
        for (int r = 0; r < 50; ++r) {
            x(r, c) = rng.uniform() < 0.15 ? 1.f : 0.f;
            xd(r, c) = x(r, c) == 0.f ? 1e-30f : x(r, c);
        }
    const Eigen::MatrixXf dOut = Eigen::MatrixXf::Ones(4, 6);
    Mlp::Workspace w1(mlp, 6), w2(mlp, 6);
    mlp.forward(p.data(), x, w1);
    mlp.forward(p.data(), xd, w2);
    EXPECT_LT((w1.output() - w2.output()).cwiseAbs().maxCoeff(), 1e-5f);
    mlp.backward(p.data(), x, w1, dOut, g1.data());
    mlp.backward(p.data(), xd, w2, dOut, g2.data());
    for (std::size_t i = 0; i < p.size(); ++i)
        ASSERT_NEAR(g1[i], g2[i], 1e-5f) << "parameter " << i;
}

TEST(Mlp, RejectsBadSizes) {
    EXPECT_THROW(Mlp({5}), ArgumentError);
    EXPECT_THROW(Mlp({5, 0, 3}), ArgumentError);
    const Mlp mlp({3, 2});
    Mlp::Workspace ws(mlp, 2);
    std::vector<float> p(mlp.parameterCount());
    EXPECT_THROW(mlp.forward(p.data(), Eigen::MatrixXf::Zero(3, 4), ws), ArgumentError);
    EXPECT_THROW(mlp.forward(p.data(), Eigen::MatrixXf::Zero(4, 1), ws), ArgumentError);
}
