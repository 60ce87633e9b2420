// latentlab: the desktop application. Everything but the command line lives in
// latentlab_app (main_window, command_line), which the tests link.
#include "command_line.h"
#include "main_window.h"

#include <QApplication>
#include <QIcon>
#include <cstdio>

int main(int argc, char** argv) {
    // Check the command line before any window system is touched, so --help, --version and
    // bad arguments work (message, exit status) on a machine without a display.
    {
        QCoreApplication pre(argc, argv);
        QCoreApplication::setApplicationVersion(QStringLiteral(LATENTLAB_VERSION));
        const auto parsed = latentlab::parseCommandLine(QCoreApplication::arguments(),
                                                        latentlab::registeredPages());
        if (const auto* exit = std::get_if<latentlab::CommandLineExit>(&parsed)) {
            std::fprintf(exit->status == 0 ? stdout : stderr, "%s\n", qPrintable(exit->text));
            return exit->status;
        }
    }
    // --screenshot and --export-frames render offscreen, also on a machine with no display.
    if (latentlab::wantsBatch(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    Q_INIT_RESOURCE(latentlab);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LatentLab"));
    QApplication::setApplicationName(QStringLiteral("latentlab"));
    QApplication::setApplicationDisplayName(QStringLiteral("LatentLab"));
    QApplication::setApplicationVersion(QStringLiteral(LATENTLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("latentlab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/latentlab.svg")));

    const auto parsed =
        latentlab::parseCommandLine(QApplication::arguments(), latentlab::registeredPages());
    if (const auto* exit = std::get_if<latentlab::CommandLineExit>(&parsed)) {
        std::fprintf(exit->status == 0 ? stdout : stderr, "%s\n", qPrintable(exit->text));
        return exit->status;
    }
    const auto& options = std::get<latentlab::GuiOptions>(parsed);
    latentlab::MainWindow window(!options.batch());
    if (const auto status = latentlab::runCommandLine(options, window))
        return *status;
    window.show();
    return QApplication::exec();
}
