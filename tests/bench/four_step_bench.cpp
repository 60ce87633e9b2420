// Speed of the four-step walkthrough (core/vae/four_step.h) as the VAE view's "Four steps" tab
// runs it: 1,000 MNIST-10k images, its default options, one thread. Each iteration walks
// from the start to step 4 and reports the slowest step 2 and step 3 of the rounds and step
// 4, in seconds (the target: every step well under a second, so Step feels immediate and
// Play shows each state).

#include "io/idx.h"
#include "vae/four_step.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

namespace {

using namespace latentlab;

std::shared_ptr<const VaeDataset> mnistRows(std::size_t begin, std::size_t end) {
    static const IdxImages im = readIdxImages(std::string(LATENTLAB_SOURCE_DIR) +
                                              "/resources/data/mnist10k-images-idx3-ubyte.gz");
    return std::make_shared<const VaeDataset>(
        VaeDataset::fromRows(im.pixels, int(im.rows * im.cols), {}, begin, end, "mnist10k"));
}

void FourStepWalkthroughSteps(benchmark::State& state) {
    const auto train = mnistRows(0, 1000), test = mnistRows(8000, 8500);
    double step2 = 0, step3 = 0, step4 = 0;
    for (auto _ : state) {
        FourStepWalkthrough w(train, test, FourStepOptions{});
        while (!w.atEnd()) {
            const auto started = std::chrono::steady_clock::now();
            w.step();
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            switch (w.state().stage) {
            case FourStepStage::FitDecoder:
                step2 = std::max(step2, s);
                break;
            case FourStepStage::InferCodes:
                step3 = std::max(step3, s);
                break;
            case FourStepStage::Encoder:
                step4 = std::max(step4, s);
                break;
            default:
                break;
            }
        }
        benchmark::DoNotOptimize(w.state().z.data());
    }
    state.counters["step2_max_s"] = step2;
    state.counters["step3_max_s"] = step3;
    state.counters["step4_s"] = step4;
}
BENCHMARK(FourStepWalkthroughSteps)->Unit(benchmark::kSecond)->Iterations(3)->UseRealTime();

} // namespace
