// Speed of the PCA lesson's views (issue 9, "Must show"):
//   PcaDragAndRepaint: 10,000 points with their residual segments; one drag update (the
//     document moves a point: new data, PCA and PPCA refitted, EM and the autoencoder
//     restarted, the view's overlays rebuilt) plus a full render of the 1400 x 900 view's
//     plot through the shown widget's own replot (what the user sees). Target: <= 16 ms.
//   PcaImageReconstruction: one change of the eigen-image panel's q slider (reconstruct a
//     test image from q of 100 components of MNIST-10k, redraw the tiles and the scree
//     marker) plus a repaint of the panel. Target: <= 16 ms.
// Counters split the time: update (document + overlays), paint.

#include "bench_data.h"
#include "pca/image_panel.h"
#include "pca/pca_document.h"
#include "pca/pca_plot.h"
#include "pca/pca_view.h"
#include "pca/scree_plot.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <chrono>

namespace {

using namespace latentlab;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void PcaDragAndRepaint(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    PcaDocument doc;
    PointSet set;
    // An elongated cloud: the bench data's first two coordinates, sheared.
    Eigen::Matrix2d shear;
    shear << 2.0, 0.0, 1.2, 0.4;
    set.points = shear * bench::benchData(n).topRows(2);
    set.name = "bench";
    doc.setData(std::move(set), "bench");
    QWidget owner;
    PcaView view(&doc, &owner);
    view.resize(1400, 900);
    view.show();
    PcaPlot* plot = view.plot();
    plot->replot(QCustomPlot::rpImmediateRefresh);
    const Eigen::Vector2d start = doc.data().points.col(0);
    double updateMs = 0, paintMs = 0;
    int step = 0;
    for (auto _ : state) {
        auto t = Clock::now();
        // A drag: the point moves on a small circle, one undo step for the whole drag.
        ++step;
        doc.movePoint(0, start + 3.0 * Eigen::Vector2d(std::cos(0.1 * step), std::sin(0.1 * step)),
                      1);
        updateMs += msSince(t);
        t = Clock::now();
        plot->replot(QCustomPlot::rpImmediateRefresh);
        paintMs += msSince(t);
    }
    const auto avg = benchmark::Counter::kAvgIterations;
    state.counters["update_ms"] = benchmark::Counter(updateMs, avg);
    state.counters["paint_ms"] = benchmark::Counter(paintMs, avg);
    state.counters["segments"] = static_cast<double>(n);
}

void PcaImageReconstruction(benchmark::State& state) {
    PcaDocument doc;
    ImagePanel panel(&doc);
    panel.resize(1400, 900);
    panel.show();
    panel.setImageSet(QStringLiteral("mnist"));
    doc.waitForIdle();
    if (!doc.images()) {
        state.SkipWithError(doc.imageError().toStdString().c_str());
        return;
    }
    QApplication::processEvents();
    panel.repaint();
    int q = 1;
    for (auto _ : state) {
        q = q % 100 + 1;
        panel.setReconstructionQ(q);
        panel.scree()->replot(QCustomPlot::rpImmediateRefresh);
        panel.repaint();
    }
    state.counters["fit_s"] = doc.images()->seconds;
}

} // namespace

BENCHMARK(PcaDragAndRepaint)
    ->ArgNames({"n"})
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(PcaImageReconstruction)->Unit(benchmark::kMillisecond)->UseRealTime();
