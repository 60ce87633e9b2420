// Speed of the EM lecture view (issue 3, "Must show"):
//   ViewHalfStepAndRepaint: one EM half-step on 100,000 points (K = 3, full covariances) plus
//     handing the result to MixturePlot (setResponsibilities after an E-step, setComponents)
//     and a full render of the 1600 x 1000 plot, into a new pixmap (widget:0) or through the
//     shown widget's own replot (widget:1). Target: <= 16 ms (60 fps).
//   ViewRepaint: a full render of the plot alone, with the axes moved a little every time so
//     the point cloud is projected and rasterised again (no cached image). Target at
//     1,000,000 points: <= 100 ms.
// Per-part times are reported as counters (ms per iteration): step, colours, components,
// paint. Every iteration does real work: the engine always steps at the end of its history.

#include "bench_data.h"
#include "mixture/em_engine.h"
#include "mixture/mixture_plot.h"
#include "plot/palette.h"

#include <benchmark/benchmark.h>

#include <QPixmap>
#include <chrono>

namespace {

using namespace latentlab;
using Clock = std::chrono::steady_clock;


double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// range(1) = 0: render into a new pixmap with toPixmap (as an export does); 1: the widget's
/// own path, replot(rpImmediateRefresh) of a shown window into its persistent paint buffers
/// and backing store (what the user sees).
void ViewHalfStepAndRepaint(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const bool widgetPath = state.range(1) != 0;
    const Eigen::MatrixXd data = bench::benchData(n);
    EmEngine em(data, bench::benchOptions());
    const QList<QColor> colors = componentColors(3);
    MixturePlot plot;
    plot.resize(1600, 1000);
    if (widgetPath)
        plot.show();
    plot.setPoints(data);
    plot.setComponents(em.params(), colors);
    benchmark::DoNotOptimize(plot.toPixmap(1600, 1000)); // warm caches and fonts
    plot.replot(QCustomPlot::rpImmediateRefresh);
    double stepMs = 0, colourMs = 0, componentMs = 0, paintMs = 0;
    for (auto _ : state) {
        auto t = Clock::now();
        em.step();
        stepMs += msSince(t);
        t = Clock::now();
        if (em.nextStep() == StepKind::M) // just did an E-step: new Q(k|o_i)
            plot.setResponsibilities(*em.responsibilities(), colors);
        colourMs += msSince(t);
        t = Clock::now();
        plot.setComponents(em.params(), colors);
        componentMs += msSince(t);
        t = Clock::now();
        if (widgetPath) {
            plot.replot(QCustomPlot::rpImmediateRefresh);
        } else {
            const QPixmap frame = plot.toPixmap(1600, 1000);
            benchmark::DoNotOptimize(frame.cacheKey());
        }
        paintMs += msSince(t);
    }
    const auto avg = benchmark::Counter::kAvgIterations;
    state.counters["step_ms"] = benchmark::Counter(stepMs, avg);
    state.counters["colours_ms"] = benchmark::Counter(colourMs, avg);
    state.counters["components_ms"] = benchmark::Counter(componentMs, avg);
    state.counters["paint_ms"] = benchmark::Counter(paintMs, avg);
}

void ViewRepaint(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const Eigen::MatrixXd data = bench::benchData(n);
    EmEngine em(data, bench::benchOptions());
    em.step(); // an E-step: every point gets its own blended colour
    const QList<QColor> colors = componentColors(3);
    MixturePlot plot;
    plot.resize(1600, 1000);
    plot.setPoints(data);
    plot.setResponsibilities(*em.responsibilities(), colors);
    plot.setComponents(em.params(), colors);
    const QRectF view = plot.viewRect();
    benchmark::DoNotOptimize(plot.toPixmap(1600, 1000));
    bool odd = false;
    for (auto _ : state) {
        // A small pan: the cached raster of the points is stale and must be redrawn.
        odd = !odd;
        plot.setViewRect(view.translated(odd ? 0.01 * view.width() : 0.0, 0.0));
        const QPixmap frame = plot.toPixmap(1600, 1000);
        benchmark::DoNotOptimize(frame.cacheKey());
    }
}

} // namespace

BENCHMARK(ViewHalfStepAndRepaint)
    ->ArgNames({"n", "widget"})
    ->Args({100'000, 0})
    ->Args({100'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(ViewRepaint)
    ->ArgNames({"n"})
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
