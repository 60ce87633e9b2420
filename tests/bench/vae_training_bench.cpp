// Training a VAE in the app against latentlab-cli's trainer (issue 11, "Must show"), side by
// side in one run, on the same settings: MNIST-10k (8,000 training images, the 2,000 test
// images evaluated after every epoch), 784-512-256-2, batch 128, 2 threads, seed 1, 2 and 10 epochs
// (the argument).
//   VaeTrainingAppVsCli: each round trains once through core's VaeTrainer alone (what
//     latentlab-cli vae-train runs) and once through the VAE page's Start path
//     (VaePage::startTraining) with the page shown at 1400 x 900 (offscreen): the trainer's
//     progress posted to the GUI thread, the test images encoded from snapshots, the codes
//     gliding, the curves and the plane repainted. Counters: training images per second of
//     each (epoch time, as the CLI prints it), app / cli (target >= 0.9), and the event
//     loop's longest stall during the app's training (target < 50 ms), measured by a 5 ms
//     timer: the longest gap between two of its ticks, less 5 ms. start_ms is the time the
//     Start path itself holds the GUI thread (reading the data, the first time, and making
//     the trainer), before the probe starts. side_cpu_share is the CPU time the app spends
//     beside the training (the GUI thread and the snapshots' encodings) over the training's
//     wall time: a share of one core, which on two cores the training loses (its two threads
//     meet at every batch), so app / cli is about 1 - side_cpu_share on a quiet machine.
// Run: build/release/tests/latentlab-bench --benchmark_filter=VaeTrainingAppVsCli

#include "vae/vae_document.h"
#include "vae/vae_page.h"
#include "vae/vae_training_run.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>

namespace {

using namespace latentlab;

VaeTrainingSettings benchSettings(int epochs) {
    VaeTrainingSettings s;
    s.options.epochs = epochs;
    s.options.threads = 2;
    s.options.seed = 1;
    return s; // 512,256 hidden, batch 128, learning rate 1e-3, beta 1
}

/// Images per second of core's trainer alone, as latentlab-cli vae-train runs it.
double trainAlone(const VaeTrainingSettings& s, const VaeTrainingData& data) {
    VaeArchitecture arch;
    arch.hidden = s.hidden;
    VaeTrainer t(arch, s.options, data.train, data.test);
    double seconds = 0, images = 0;
    t.setEpochCallback([&](const VaeEpochProgress& p) {
        seconds += p.seconds;
        images += p.samplesPerSecond * p.seconds;
    });
    t.start();
    t.wait();
    return images / seconds;
}

struct AppRun {
    double samplesPerSecond = 0, maxStallMs = 0, startMs = 0, sideCpuShare = 0;
    int snapshots = 0;
};

AppRun trainInTheApp(const VaeTrainingSettings& s) {
    VaePage page;
    page.resize(1400, 900);
    page.show();
    page.activated();
    page.vae()->waitForIdle();
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    // The stall probe: a 5 ms timer; a late tick means the event loop was busy.
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QElapsedTimer clock;
    double longestGapMs = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (clock.isValid())
            longestGapMs = std::max(longestGapMs, clock.nsecsElapsed() / 1e6);
        clock.start();
    });
    QElapsedTimer startClock;
    startClock.start();
    if (!page.startTraining(&s))
        return {};
    const double startMs = startClock.nsecsElapsed() / 1e6;
    probe.start();
    const double guiCpu = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    page.trainingRun()->waitUntilFinished();
    // What the app spends beside the training, as a share of one core: the GUI thread (the
    // probe's ticks included) and the snapshots' encodings.
    const double side = threadCpuSeconds() - guiCpu + page.trainingRun()->encodeCpuSeconds();
    const double sideShare = side / std::max(1e-9, wall.nsecsElapsed() / 1e9);
    probe.stop();
    return {page.trainingRun()->samplesPerSecond(), std::max(0.0, longestGapMs - 5.0), startMs,
            sideShare, page.trainingRun()->snapshotsShown()};
}

void VaeTrainingAppVsCli(benchmark::State& state) {
    const VaeTrainingSettings s = benchSettings(int(state.range(0)));
    const VaeTrainingData data = loadTrainingData(s);
    double cli = 0, app = 0, stall = 0, snapshots = 0, start = 0, side = 0;
    int rounds = 0;
    for (auto _ : state) {
        // The order alternates, so that neither side always runs on the other's leftovers
        // (a warm heap, a hot core).
        AppRun a;
        if (rounds % 2 == 0) {
            cli += trainAlone(s, data);
            a = trainInTheApp(s);
        } else {
            a = trainInTheApp(s);
            cli += trainAlone(s, data);
        }
        app += a.samplesPerSecond;
        stall = std::max(stall, a.maxStallMs);
        snapshots += a.snapshots;
        side += a.sideCpuShare;
        start = std::max(start, a.startMs);
        ++rounds;
    }
    state.counters["cli_images_per_s"] = cli / rounds;
    state.counters["app_images_per_s"] = app / rounds;
    state.counters["app_over_cli"] = app / cli;
    state.counters["max_stall_ms"] = stall;
    state.counters["snapshots_shown"] = snapshots / rounds;
    state.counters["start_ms"] = start;
    state.counters["side_cpu_share"] = side / rounds;
}

} // namespace

// 2 epochs (a short run: the first snapshot's encoding is a large part of it) and 10 (the
// Train tab's default).
BENCHMARK(VaeTrainingAppVsCli)->Arg(2)->Arg(10)->Iterations(4)->Unit(benchmark::kSecond);
