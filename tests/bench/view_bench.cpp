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

#include "em_engine.h"
#include "mixture_plot.h"
#include "palette.h"

#include <benchmark/benchmark.h>

#include <QPixmap>
#include <chrono>
#include <random>

namespace {

using namespace latentlab;
using Clock = std::chrono::steady_clock;

/// Three Gaussian blobs, seeded: o = m_c + A_c z, z ~ N(0, I), c = i mod 3.
Eigen::MatrixXd blobs(Eigen::Index n) {
    const double means[3][2] = {{0.0, 0.0}, {5.0, 1.0}, {1.0, 5.0}};
    const double a[3][4] = {{1.0, 0.0, 0.5, 0.8}, {0.6, 0.0, 0.0, 1.5}, {1.2, 0.0, -0.6, 0.7}};
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(2, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double z1 = normal(rng), z2 = normal(rng);
        const auto c = static_cast<int>(i % 3);
        x(0, i) = means[c][0] + a[c][0] * z1 + a[c][1] * z2;
        x(1, i) = means[c][1] + a[c][2] * z1 + a[c][3] * z2;
    }
    return x;
}

EmOptions options() {
    MixtureParams p;
    p.weights = Eigen::Vector3d::Constant(1.0 / 3.0);
    p.means.resize(2, 3);
    p.means << 0.5, 4.0, 2.0, 0.5, 2.0, 4.0;
    p.covariances.assign(3, Eigen::Matrix2d::Identity());
    EmOptions o;
    o.k = 3;
    o.covariance = CovarianceType::Full;
    o.init = InitMethod::Explicit;
    o.initialParams = p;
    return o;
}

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// range(1) = 0: render into a new pixmap with toPixmap (as an export does); 1: the widget's
/// own path, replot(rpImmediateRefresh) of a shown window into its persistent paint buffers
/// and backing store (what the user sees).
void ViewHalfStepAndRepaint(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    const bool widgetPath = state.range(1) != 0;
    const Eigen::MatrixXd data = blobs(n);
    EmEngine em(data, options());
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
    const Eigen::MatrixXd data = blobs(n);
    EmEngine em(data, options());
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
