// Speed of the VAE view (issue 10, "Must show"), on the shipped MNIST model with its 2,000
// encoded test images, in a shown 1400 x 900 VaeView (offscreen):
//   VaeViewDrag: one drag event: z moves, the decoder runs (one point), the nearest test
//     images are found, and the decoded image, the nearest strip and the plane (cross-hair
//     layer over the 2,000 points) are painted. Target: <= 2 ms; a frame is 16 ms.
//   VaeViewScatterRepaint: the 2,000 points projected and rasterised again (the axes move a
//     little each time, so no cached image) and the whole plane painted. Target: <= 16 ms.
//   VaeViewGrid30: a change of extent with the 30 x 30 grid shown: 900 decodes, the tiles
//     made and the plane painted. Target: <= 30 ms.
//   VaeViewPadStroke: one mouse move on the drawing pad: brush, MNIST normalisation, encode,
//     reconstruction and the pad, its images and the plane's ellipse painted. Target: <= 2 ms.
// Every figure is wall time per iteration.

#include "plot/point_cloud.h"
#include "vae/digit_image.h"
#include "vae/drawing_pad.h"
#include "vae/latent_plot.h"
#include "vae/vae_document.h"
#include "vae/vae_view.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QUndoStack>
#include <cmath>
#include <memory>

namespace {

using namespace latentlab;

struct Fixture {
    VaeDocument doc;
    std::unique_ptr<VaeView> view;
    Fixture() {
        doc.resetModel(QStringLiteral("mnist"));
        doc.waitForIdle();
        view = std::make_unique<VaeView>(&doc);
        view->resize(1400, 860);
        view->show();
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        view->plot()->replot(QCustomPlot::rpImmediateRefresh);
    }
    bool ready() const { return doc.testSet() && doc.testSet()->count() == 2000; }
    /// Paints what changed now, as the event loop would before the next frame.
    void paint(QWidget* w) { w->repaint(); }
};

void VaeViewDrag(benchmark::State& state) {
    Fixture f;
    if (!f.ready()) {
        state.SkipWithError("the shipped model or its test images did not load");
        return;
    }
    double t = 0;
    for (auto _ : state) {
        // A circle through the populated part of the plane, a new z every time.
        t += 0.013;
        f.doc.setZ({2.0 * std::cos(t), 2.0 * std::sin(1.3 * t)});
        f.paint(f.view->decodedImage());
        for (DigitImage* d : f.view->nearestImages())
            f.paint(d);
        f.paint(f.view->plot());
    }
}

void VaeViewScatterRepaint(benchmark::State& state) {
    Fixture f;
    if (!f.ready()) {
        state.SkipWithError("the shipped model or its test images did not load");
        return;
    }
    LatentPlot* plot = f.view->plot();
    double shift = 0;
    for (auto _ : state) {
        shift = shift > 0 ? -1e-3 : 1e-3; // new axes: the cloud is rasterised again
        QRectF r = plot->viewRect();
        r.translate(shift, 0);
        plot->setViewRect(r);
        plot->replot(QCustomPlot::rpImmediateRefresh);
    }
    state.counters["points"] = plot->pointCloud()->pointCount();
}

void VaeViewGrid30(benchmark::State& state) {
    Fixture f;
    if (!f.ready()) {
        state.SkipWithError("the shipped model or its test images did not load");
        return;
    }
    VaeSettings s = f.doc.settings();
    s.layers = LatentLayers::Both;
    s.gridN = 30;
    f.doc.setSettings(s, QStringLiteral("grid"));
    bool wide = false;
    for (auto _ : state) {
        wide = !wide;
        f.doc.setExtent(wide ? 3.0 : 2.5);
        f.view->plot()->replot(QCustomPlot::rpImmediateRefresh);
    }
}

void VaeViewPadStroke(benchmark::State& state) {
    Fixture f;
    if (!f.ready()) {
        state.SkipWithError("the shipped model or its test images did not load");
        return;
    }
    f.view->showTab(VaeView::PadTab);
    QApplication::processEvents();
    // A stroke of 200 points (a long one: the whole drawing is painted again each move).
    f.doc.beginStroke({0.3, 0.2});
    double a = 0;
    for (auto _ : state) {
        a += 0.03;
        f.doc.extendStroke({0.5 + 0.25 * std::cos(a), 0.5 + 0.3 * std::sin(a)});
        f.paint(f.view->pad());
        f.paint(f.view->padDigit());
        f.paint(f.view->padReconstruction());
        f.paint(f.view->plot());
        if (f.doc.drawingStrokes().back().points.size() > 200) {
            f.doc.endStroke();
            f.doc.undoStack()->clear();
            f.doc.clearDrawing();
            f.doc.beginStroke({0.3, 0.2});
        }
    }
}

} // namespace

BENCHMARK(VaeViewDrag)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(VaeViewScatterRepaint)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(VaeViewGrid30)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(VaeViewPadStroke)->Unit(benchmark::kMillisecond)->UseRealTime();
