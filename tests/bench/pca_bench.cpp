// Speed of PCA (issue 9): PCA of MNIST-10k (10,000 x 784, pixels / 255) with q = 100, the
// leading-eigenpair solver that Auto picks there, at 2 threads. The target is at least 3x
// scikit-learn's PCA(n_components=100) with its default solver, measured side by side by
// tests/reference/pca_speed.sh. PcaMnist10kMoments and PcaMnist10kEigen split the time into
// the covariance and the eigenpairs. PcaMnist10k also reports, as counters, how far its
// eigenvalues (relative) and components (absolute) are from the full eigendecomposition's,
// which the tests check against scikit-learn's exact SVD.
// PcaView2d10k is the model's share of the PCA view's live drag (10,000 points in 2D, target
// 16 ms for the model, the residual segments and the repaint): refit, the orthogonal
// projections (the residual segments' ends) and PPCA's posterior reconstructions.

#include "data/image_matrix.h"
#include "io/idx.h"
#include "linear/pca.h"
#include "linear/ppca.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

namespace {

using namespace latentlab;

constexpr int kQ = 100;

const Eigen::MatrixXd& mnist10k() {
    static const Eigen::MatrixXd x = [] {
        const IdxImages im = readIdxImages(std::string(LATENTLAB_SOURCE_DIR) +
                                           "/resources/data/mnist10k-images-idx3-ubyte.gz");
        return imageColumns(im, 0, im.count);
    }();
    return x;
}

PcaOptions options(int threads) {
    PcaOptions o;
    o.components = kQ;
    o.threads = threads;
    return o;
}

void PcaMnist10k(benchmark::State& state) {
    const Eigen::MatrixXd& x = mnist10k();
    const int threads = static_cast<int>(state.range(0));
    Pca pca;
    for (auto _ : state) {
        pca = Pca(x, options(threads));
        benchmark::DoNotOptimize(pca.components().data());
    }
    PcaOptions full = options(threads);
    full.solver = PcaSolver::Full;
    const Pca reference(x, full);
    state.counters["eigenvalue_rel_err"] =
        ((pca.eigenvalues() - reference.eigenvalues()).array() / reference.eigenvalues().array())
            .abs()
            .maxCoeff();
    state.counters["component_abs_err"] =
        (pca.components() - reference.components()).cwiseAbs().maxCoeff();
    state.counters["leading_solver"] = pca.solver() == PcaSolver::Leading ? 1 : 0;
}
BENCHMARK(PcaMnist10k)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void PcaMnist10kMoments(benchmark::State& state) {
    const Eigen::MatrixXd& x = mnist10k();
    for (auto _ : state) {
        const SampleMoments m = sampleMoments(x, "PCA", static_cast<int>(state.range(0)));
        benchmark::DoNotOptimize(m.scatter.data());
    }
}
BENCHMARK(PcaMnist10kMoments)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void PcaMnist10kEigen(benchmark::State& state) {
    const SampleMoments m = sampleMoments(mnist10k(), "PCA", 0);
    for (auto _ : state) {
        const Pca pca(m, options(0));
        benchmark::DoNotOptimize(pca.components().data());
    }
}
BENCHMARK(PcaMnist10kEigen)->Unit(benchmark::kMillisecond)->UseRealTime();

void PcaView2d10k(benchmark::State& state) {
    Eigen::MatrixXd x(2, 10000);
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
        const double t = 0.001 * double(i), u = std::sin(37.0 * double(i));
        x(0, i) = 3.0 * std::cos(t) + 0.5 * u;
        x(1, i) = 1.5 * std::sin(t) - 0.4 * u;
    }
    for (auto _ : state) {
        x(0, 17) += 1e-3; // the dragged point
        const Pca pca(x);
        const Eigen::MatrixXd ends = pca.projectOntoManifold(x, 1);
        const Eigen::MatrixXd posterior = Ppca::fromPca(pca, 1).posteriorReconstruction(x);
        benchmark::DoNotOptimize(ends.data());
        benchmark::DoNotOptimize(posterior.data());
    }
}
BENCHMARK(PcaView2d10k)->Unit(benchmark::kMicrosecond);

} // namespace
