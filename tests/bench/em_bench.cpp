// Speed of one EM iteration (E-step + M-step), full covariance, K = 3, d = 2, on the data of
// bench_data.h, which tests/reference/bench_sklearn_em.py reproduces in numpy so that
// scikit-learn is timed on the same points.

#include "bench_data.h"
#include "mixture/em_engine.h"

#include <benchmark/benchmark.h>


namespace {

using namespace latentlab;
using bench::benchData;
using bench::benchOptions;


void EmIterationFullK3(benchmark::State& state) {
    static const Eigen::MatrixXd data = benchData(1'000'000);
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const Eigen::MatrixXd x = data.leftCols(n);
    EmEngine em(x, benchOptions(static_cast<int>(state.range(1))));
    for (auto _ : state) {
        em.iterate();
        benchmark::DoNotOptimize(em.logLikelihood());
    }
    state.counters["points/s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

void EmInitKMeansPlusPlusK3(benchmark::State& state) {
    // Construction: validation, k-means++ seeding, hard assignment, one M-step, state 0.
    static const Eigen::MatrixXd data = benchData(1'000'000);
    EmOptions o;
    o.k = 3;
    o.threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        EmEngine em(data, o);
        benchmark::DoNotOptimize(em.logLikelihood());
    }
}

} // namespace

BENCHMARK(EmInitKMeansPlusPlusK3)
    ->ArgNames({"threads"})
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(EmIterationFullK3)
    ->ArgNames({"n", "threads"})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 2})
    ->Args({10'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
