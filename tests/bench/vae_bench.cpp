// Speed of the VAE operations the latent-space explorer needs while a mouse drags (issue 4):
// decoding one latent point (target <= 0.1 ms), a 30 x 30 grid in one batch (<= 25 ms) and
// encoding 2,000 images (<= 50 ms), on the default 784-512-256-2 network. The weights are a
// seeded initialisation: the cost does not depend on their values. Training speed is in
// vae-train's output (samples_per_second), compared with tests/reference/vae_pytorch.py.

#include "random.h"
#include "vae.h"

#include <benchmark/benchmark.h>

namespace {

using namespace latentlab;

const Vae& benchVae() {
    static const Vae vae = [] {
        Random rng(7);
        return Vae::initialised(VaeArchitecture{}, rng);
    }();
    return vae;
}

void VaeDecodeOnePoint(benchmark::State& state) {
    const Vae& vae = benchVae();
    Eigen::MatrixXf z(2, 1);
    z << 0.3f, -1.2f;
    for (auto _ : state)
        benchmark::DoNotOptimize(vae.decode(z).data());
}
BENCHMARK(VaeDecodeOnePoint)->Unit(benchmark::kMicrosecond);

void VaeDecodeGrid30(benchmark::State& state) {
    const Vae& vae = benchVae();
    Eigen::MatrixXf z(2, 900);
    for (int r = 0; r < 30; ++r)
        for (int c = 0; c < 30; ++c) {
            z(0, r * 30 + c) = -3.f + 6.f * float(c) / 29.f;
            z(1, r * 30 + c) = 3.f - 6.f * float(r) / 29.f;
        }
    for (auto _ : state)
        benchmark::DoNotOptimize(vae.decode(z).data());
}
BENCHMARK(VaeDecodeGrid30)->Unit(benchmark::kMillisecond);

void VaeEncode2000(benchmark::State& state) {
    const Vae& vae = benchVae();
    Random rng(3);
    Eigen::MatrixXf x(784, 2000);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = float(rng.uniform());
    Eigen::MatrixXf mu, logVar;
    for (auto _ : state) {
        vae.encode(x, mu, logVar);
        benchmark::DoNotOptimize(mu.data());
    }
}
BENCHMARK(VaeEncode2000)->Unit(benchmark::kMillisecond);

} // namespace
