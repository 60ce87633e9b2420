#include "command_line.h"

#include "main_window.h"
#include "common/error.h"
#include "plot/plot_export.h"
#include "plot/qcp.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QSet>
#include <cstdio>
#include <cstring>

namespace latentlab {

namespace {
struct QtOption {
    const char* name;
    bool value; ///< takes a value (-style fusion or -style=fusion)
    const char* help;
};
// The options QGuiApplication and QApplication read (see their documentation); the ones
// without help are platform-specific and not listed by --help-all.
const QtOption kQtOptions[] = {
    {"platform", true, "Platform plugin, e.g. xcb, wayland, offscreen."},
    {"platformpluginpath", true, "Where to look for platform plugins."},
    {"platformtheme", true, "Platform theme."},
    {"plugin", true, "Additional plugin to load."},
    {"style", true, "Widget style, e.g. fusion."},
    {"stylesheet", true, "Qt style sheet file."},
    {"reverse", false, "Right-to-left layout."},
    {"qwindowgeometry", true, "Geometry of the first window (WxH+X+Y)."},
    {"qwindowtitle", true, "Title of the first window."},
    {"qwindowicon", true, "Icon of the first window."},
    {"session", true, "Restore a session of the session manager."},
    {"widgetcount", false, "Print the number of widgets left at exit."},
    {"display", true, nullptr},
    {"geometry", true, nullptr},
    {"name", true, nullptr},
    {"title", true, nullptr},
    {"visual", true, nullptr},
    {"ncols", true, nullptr},
    {"cmap", false, nullptr},
    {"nograb", false, nullptr},
    {"dograb", false, nullptr},
    {"sync", false, nullptr},
    {"dialogs", true, nullptr},
    {"fontengine", true, nullptr},
    {"qmljsdebugger", true, nullptr},
};
} // namespace

QStringList withoutQtOptions(const QStringList& arguments) {
    QStringList out;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (i == 0 || !a.startsWith('-') || a == "-" || a == "--") {
            out << a;
            continue;
        }
        // Qt takes -name and --name, and -name=value for options with a value.
        QString name = a.mid(a.startsWith("--") ? 2 : 1);
        const qsizetype eq = name.indexOf('=');
        const bool inlineValue = eq >= 0;
        if (inlineValue)
            name = name.left(eq);
        const QtOption* found = nullptr;
        for (const QtOption& o : kQtOptions)
            if (name == QLatin1String(o.name))
                found = &o;
        if (!found || (inlineValue && !found->value)) {
            out << a;
            continue;
        }
        if (found->value && !inlineValue && i + 1 < arguments.size())
            ++i; // its value
    }
    return out;
}

QString qtOptionsHelp() {
    QString text = QObject::tr("Qt options (also with --):\n");
    for (const QtOption& o : kQtOptions) {
        if (!o.help)
            continue;
        const QString left = QStringLiteral("  -%1%2").arg(
            QLatin1String(o.name), o.value ? QStringLiteral(" <value>") : QString());
        text += left.leftJustified(30, ' ') + QString::fromLatin1(o.help) + '\n';
    }
    return text;
}

std::variant<GuiOptions, CommandLineExit> parseCommandLine(const QStringList& rawArguments,
                                                           const QList<PageInfo>& pages) {
    const QStringList arguments = withoutQtOptions(rawArguments);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QObject::tr("LatentLab: watch latent-variable models learn (EM on a Gaussian mixture, "
                    "PCA, variational autoencoders)."));
    const QCommandLineOption help = parser.addHelpOption(); // also adds --help-all
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(
        QObject::tr("file"), QObject::tr("A session (.latentlab) or a data file (CSV...)."),
        QObject::tr("[FILE]"));
    QStringList ids;
    for (const PageInfo& p : pages)
        ids << p.id;
    const QCommandLineOption view(
        "view", QObject::tr("The lesson to show: %1 (default: the session's, or the last one).")
                    .arg(ids.join(", ")),
        QObject::tr("ID"));
    const QCommandLineOption preset("preset", QObject::tr("Start with a built-in data set of the "
                                                          "lesson (see its Data menu)."),
                                    QObject::tr("NAME"));
    const QCommandLineOption seed("seed", QObject::tr("Seed (>= 0)."), "S");
    const QCommandLineOption steps("steps",
                                   QObject::tr("Advance N steps (EM: half-steps) after loading."),
                                   "N");
    const QCommandLineOption lecture("lecture",
                                     QObject::tr("Lecture mode: large type, thick lines, high "
                                                 "contrast."));
    const QCommandLineOption screenshot(
        "screenshot", QObject::tr("Render the whole window offscreen to OUT.png and exit."),
        "OUT.png");
    const QCommandLineOption frames(
        "export-frames",
        QObject::tr("Write one PNG of the plot per step into DIR until the end (EM: "
                    "convergence; or --steps) and exit."),
        "DIR");
    const QCommandLineOption caption(
        "caption", QObject::tr("With --export-frames: write the step under each frame."));
    const QCommandLineOption size("size",
                                  QObject::tr("Size for --screenshot and --export-frames "
                                              "(default 1600x1000)."),
                                  "WxH");
    parser.addOptions({view, preset, seed, steps, lecture, screenshot, frames, caption, size});
    // The pages' own options (an option two pages share is declared once).
    QSet<QString> shared{"preset", "seed", "steps"};
    QHash<QString, QStringList> pagesOf;
    QStringList pageOptionNames;
    for (const PageInfo& p : pages)
        for (const QCommandLineOption& o : p.options) {
            const QString name = o.names().first();
            if (!pagesOf.contains(name) && !shared.contains(name)) {
                parser.addOption(o);
                pageOptionNames << name;
            }
            pagesOf[name] << p.id;
        }

    if (!parser.parse(arguments))
        return CommandLineExit{2, parser.errorText() + QObject::tr("\nTry latentlab --help.")};
    if (parser.isSet(help))
        return CommandLineExit{0, parser.helpText()};
    if (parser.isSet(QStringLiteral("help-all")))
        return CommandLineExit{0, parser.helpText() + '\n' + qtOptionsHelp()};
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
    if (parser.isSet(view)) {
        o.view = parser.value(view);
        if (!ids.contains(o.view))
            return fail(QObject::tr("latentlab: unknown view \"%1\" (known: %2)")
                            .arg(o.view, ids.join(", ")));
    }
    if (parser.isSet(preset)) {
        o.values["preset"] = parser.value(preset);
        if (!o.file.isEmpty())
            return fail(QObject::tr("latentlab: give a file or --preset, not both"));
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        parser.value(seed).toULongLong(&ok);
        if (!ok)
            return fail(QObject::tr("latentlab: --seed must be a whole number >= 0, got \"%1\"")
                            .arg(parser.value(seed)));
        o.values["seed"] = parser.value(seed);
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
    for (const QString& name : pageOptionNames)
        if (parser.isSet(name))
            o.values[name] = parser.value(name);
    // The page the options are for: --view, else the first page that has every option given.
    QString target = o.view;
    for (const PageInfo& p : pages) {
        if (!target.isEmpty())
            break;
        bool all = true;
        for (const QString& name : pageOptionNames)
            if (o.values.contains(name) && !pagesOf.value(name).contains(p.id))
                all = false;
        if (all && (!o.values.isEmpty() || o.file.isEmpty()))
            target = p.id;
    }
    for (const QString& name : pageOptionNames)
        if (o.values.contains(name) && !pagesOf.value(name).contains(target))
            return fail(QObject::tr("latentlab: --%1 is an option of the %2 view, not of %3")
                            .arg(name, pagesOf.value(name).join(", "), target));
    for (const PageInfo& p : pages)
        if (p.id == target && p.check)
            if (const QString problem = p.check(o.values); !problem.isEmpty())
                return fail(QStringLiteral("latentlab: ") + problem);
    if (!o.values.isEmpty() && o.view.isEmpty())
        o.view = target;
    o.lecture = parser.isSet(lecture);
    o.caption = parser.isSet(caption);
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
    if (!o.view.isEmpty())
        w.showPage(o.view);
    if (!o.file.isEmpty())
        w.openFile(o.file);
    if (auto status = failed())
        return status;
    Page* page = w.currentPage();
    try {
        QHash<QString, QString> values = o.values;
        if (o.stepsGiven && o.exportFrames.isEmpty())
            values["steps"] = QString::number(o.steps);
        if (o.batch() || !values.isEmpty())
            page->applyOptions(values);
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    if (auto status = failed())
        return status;

    if (!o.exportFrames.isEmpty()) {
        const int n = w.exportFrames(o.exportFrames, o.size, o.stepsGiven ? o.steps : -1,
                                     o.caption);
        if (n < 0)
            return failed().value_or(1);
        std::printf("latentlab: wrote %d frames to %s\n", n, qPrintable(o.exportFrames));
        return 0;
    }
    if (!o.screenshot.isEmpty()) {
        w.setAttribute(Qt::WA_DontShowOnScreen);
        w.resizeTo(o.size);
        w.show();
        w.resizeTo(o.size);
        // Let layouts settle and the plots draw at their final sizes.
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        if (QCustomPlot* plot = page->exportPlot())
            plot->replot();
        try {
            savePng(w.grab(), o.screenshot);
        } catch (const FileError& e) {
            qCritical("latentlab: %s", e.what());
            return 1;
        }
        return 0;
    }
    // Interactive from here on: errors go to message boxes again.
    w.setErrorReporter({});
    return std::nullopt;
}

} // namespace latentlab
