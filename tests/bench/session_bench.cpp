// Writing and reading a mixture session of n points (the data of bench_data.h), in memory:
// what Save and Open cost apart from the disk.

#include "bench_data.h"
#include "io/session.h"
#include "mixture/mixture_session.h"

#include <benchmark/benchmark.h>

namespace {

using namespace latentlab;

MixtureSession benchSession(Eigen::Index n) {
    MixtureSession s;
    s.data.points = bench::benchData(n);
    s.data.name = "bench";
    s.data.columnNames = {"x", "y"};
    return s;
}

void SessionWrite(benchmark::State& state) {
    const MixtureSession s = benchSession(state.range(0));
    for (auto _ : state) {
        const std::string text = serializeSessionFile({kMixturePage, "lecture", toJson(s)});
        benchmark::DoNotOptimize(text.data());
    }
}

void SessionRead(benchmark::State& state) {
    const std::string text =
        serializeSessionFile({kMixturePage, "lecture", toJson(benchSession(state.range(0)))});
    for (auto _ : state) {
        const MixtureSession s = mixtureSessionFrom(parseSessionFile(text, "bench"), "bench");
        benchmark::DoNotOptimize(s.data.points.data());
    }
    state.counters["bytes"] = double(text.size());
}

} // namespace

BENCHMARK(SessionWrite)
    ->ArgNames({"n"})
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(SessionRead)
    ->ArgNames({"n"})
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
