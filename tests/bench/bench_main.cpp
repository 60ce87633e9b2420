// Entry point of latentlab-bench when the GUI is built: the view benchmarks paint Qt widgets,
// which needs a QApplication. The offscreen platform is the default so the bench runs without
// a display; an explicit QT_QPA_PLATFORM (e.g. xcb, to time on a real screen) is respected.
#include <QApplication>
#include <benchmark/benchmark.h>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
