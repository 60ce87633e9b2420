#include "command_line.h"

#include "data/presets.h"
#include "main_window.h"
#include "mixture/gaussian_mixture.h"
#include "mixture/mixture_view.h"
#include "plot/plot_export.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QSaveFile>
#include <QUndoStack>
#include <cstdio>
#include <cstring>

namespace latentlab {

std::variant<GuiOptions, CommandLineExit> parseCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QObject::tr("LatentLab: step through EM on a Gaussian mixture, one half-step at a time."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(QObject::tr("file"),
                                 QObject::tr("A session (.latentlab) or a CSV file of 2D points."),
                                 QObject::tr("[FILE.latentlab|FILE.csv]"));
    QStringList presetNames;
    for (const PresetInfo& p : presets())
        presetNames << QString::fromStdString(p.name);
    const QCommandLineOption preset(
        "preset", QObject::tr("Start with a built-in data set: %1.").arg(presetNames.join(", ")),
        QObject::tr("NAME"));
    const QCommandLineOption k(
        "k", QObject::tr("Number of components K (1 to %1).").arg(kMaxComponents), "K");
    const QCommandLineOption seed("seed", QObject::tr("Initialisation seed (>= 0)."), "S");
    const QCommandLineOption steps("steps", QObject::tr("Advance N half-steps after loading."),
                                   "N");
    const QCommandLineOption lecture("lecture",
                                     QObject::tr("Lecture mode: large type, thick lines, high "
                                                 "contrast."));
    const QCommandLineOption screenshot(
        "screenshot", QObject::tr("Render the whole window offscreen to OUT.png and exit."),
        "OUT.png");
    const QCommandLineOption frames(
        "export-frames",
        QObject::tr("Write one PNG of the plot per half-step into DIR until convergence (or "
                    "--steps) and exit."),
        "DIR");
    const QCommandLineOption size("size",
                                  QObject::tr("Size for --screenshot and --export-frames "
                                              "(default 1600x1000)."),
                                  "WxH");
    parser.addOptions({preset, k, seed, steps, lecture, screenshot, frames, size});

    if (!parser.parse(arguments))
        return CommandLineExit{2, parser.errorText() + QObject::tr("\nTry latentlab --help.")};
    if (parser.isSet(help))
        return CommandLineExit{0, parser.helpText()};
    if (parser.isSet(version))
        return CommandLineExit{
            0, QStringLiteral("latentlab %1").arg(QCoreApplication::applicationVersion())};

    auto fail = [](const QString& message) {
        return CommandLineExit{2, message + QObject::tr("\nTry latentlab --help.")};
    };
    GuiOptions o;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1)
        return fail(QObject::tr("latentlab: one file at most, got %1").arg(positional.size()));
    if (!positional.isEmpty())
        o.file = positional.first();
    if (parser.isSet(preset)) {
        o.preset = parser.value(preset);
        if (!presetNames.contains(o.preset))
            return fail(QObject::tr("latentlab: unknown preset \"%1\" (known: %2)")
                            .arg(o.preset, presetNames.join(", ")));
        if (!o.file.isEmpty())
            return fail(QObject::tr("latentlab: give a file or --preset, not both"));
    }
    if (parser.isSet(k)) {
        bool ok = false;
        const int v = parser.value(k).toInt(&ok);
        if (!ok || v < 1 || v > kMaxComponents)
            return fail(
                QObject::tr("latentlab: --k must be a whole number from 1 to %1, got \"%2\"")
                    .arg(kMaxComponents)
                    .arg(parser.value(k)));
        o.k = v;
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        const qulonglong v = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return fail(QObject::tr("latentlab: --seed must be a whole number >= 0, got \"%1\"")
                            .arg(parser.value(seed)));
        o.seed = v;
    }
    if (parser.isSet(steps)) {
        bool ok = false;
        const int v = parser.value(steps).toInt(&ok);
        if (!ok || v < 0 || v > 100000)
            return fail(QObject::tr("latentlab: --steps must be a whole number from 0 to 100000, "
                                    "got \"%1\"")
                            .arg(parser.value(steps)));
        o.steps = v;
        o.stepsGiven = true;
    }
    o.lecture = parser.isSet(lecture);
    o.screenshot = parser.value(screenshot);
    o.exportFrames = parser.value(frames);
    if (parser.isSet(screenshot) && o.screenshot.isEmpty())
        return fail(QObject::tr("latentlab: --screenshot needs a file name"));
    if (parser.isSet(size)) {
        const auto s = parseSize(parser.value(size));
        if (!s)
            return fail(QObject::tr("latentlab: --size must look like 1600x1000 (16 to 16384 "
                                    "pixels each way), got \"%1\"")
                            .arg(parser.value(size)));
        o.size = *s;
    }
    return o;
}

bool wantsBatch(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--screenshot", 12) == 0 ||
            std::strncmp(argv[i], "--export-frames", 15) == 0 ||
            std::strncmp(argv[i], "-screenshot", 11) == 0)
            return true;
    return false;
}

std::optional<int> runCommandLine(const GuiOptions& o, MainWindow& w) {
    QString error;
    w.setErrorReporter([&error](const QString&, const QString& message) { error = message; });
    auto failed = [&]() -> std::optional<int> {
        if (error.isEmpty())
            return std::nullopt;
        qCritical("latentlab: %s", qPrintable(error));
        return 1;
    };
    if (o.lecture)
        w.setLectureMode(true);
    if (!o.preset.isEmpty())
        w.loadPreset(o.preset);
    if (!o.file.isEmpty())
        w.openFile(o.file);
    if (auto status = failed())
        return status;
    MixtureDocument* doc = w.document();
    try {
        if (o.k)
            doc->setK(*o.k);
        if (o.seed)
            doc->setSeed(*o.seed);
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    if (auto status = failed())
        return status;
    doc->undoStack()->clear();
    doc->waitForIdle();
    if (!doc->snapshot() && (o.batch() || o.stepsGiven)) {
        error = doc->fitError();
        return failed();
    }

    if (!o.exportFrames.isEmpty()) {
        const int n = w.exportFrames(o.exportFrames, o.size, o.stepsGiven ? o.steps : -1);
        if (n < 0)
            return failed().value_or(1);
        std::printf("latentlab: wrote %d frames to %s\n", n, qPrintable(o.exportFrames));
        return 0;
    }
    for (int i = 0; i < o.steps; ++i) {
        doc->stepForward();
        doc->waitForIdle();
    }
    if (!o.screenshot.isEmpty()) {
        w.setAttribute(Qt::WA_DontShowOnScreen);
        w.resize(o.size);
        w.show();
        w.resize(o.size);
        // Let layouts settle and the plots draw at their final sizes.
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        w.view()->plot()->replot();
        const QPixmap pixmap = w.grab();
        QSaveFile file(o.screenshot);
        if (pixmap.isNull() || !file.open(QIODevice::WriteOnly) || !pixmap.save(&file, "PNG") ||
            !file.commit()) {
            qCritical("latentlab: %s: cannot write the screenshot: %s", qPrintable(o.screenshot),
                      qPrintable(file.errorString()));
            return 1;
        }
        return 0;
    }
    // Interactive from here on: errors go to message boxes again.
    w.setErrorReporter({});
    return std::nullopt;
}

} // namespace latentlab
