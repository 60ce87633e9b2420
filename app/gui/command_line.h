#pragma once
// The GUI's command line:
//   latentlab [FILE.latentlab|FILE] [--view ID] [--preset NAME] [--seed S] [--steps N]
//             [page options: --k K ...] [--lecture] [--screenshot OUT.png]
//             [--export-frames DIR [--caption]] [--size WxH]
// Qt's own options (-style fusion, -platform offscreen, -reverse...) are Qt's: they are set
// aside before parsing (also before QApplication exists, when --help and bad arguments are
// checked) and QApplication takes them. --help-all lists them too.
// parseCommandLine checks everything before a window exists (each page checks its own
// options); runCommandLine applies it to a window and, for --screenshot and --export-frames,
// does the work and returns the exit status (nullopt: go on into the event loop).

#include "common/page.h"

#include <QHash>
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>
#include <variant>

namespace latentlab {

class MainWindow;

struct GuiOptions {
    QString file;
    QString view; ///< page id; empty: the page the file belongs to, or the last one used
    /// Values of the options a page reads (preset, seed, steps and the page's own), by name.
    QHash<QString, QString> values;
    int steps = 0;
    bool stepsGiven = false;
    bool lecture = false;
    bool caption = false;
    QString screenshot;
    QString exportFrames;
    QSize size{1600, 1000};
    bool batch() const { return !screenshot.isEmpty() || !exportFrames.isEmpty(); }
};

struct CommandLineExit {
    int status;
    QString text; ///< printed to stdout (status 0) or stderr
};

/// `arguments` includes the program name, as QCoreApplication::arguments(); `pages` are the
/// pages whose options are known.
std::variant<GuiOptions, CommandLineExit> parseCommandLine(const QStringList& arguments,
                                                           const QList<PageInfo>& pages);
/// `arguments` without Qt's standard options (-style fusion, -style=fusion, --platform x,
/// -reverse, ...) and their values.
QStringList withoutQtOptions(const QStringList& arguments);
/// The lines --help-all adds after --help: Qt's standard options.
QString qtOptionsHelp();
/// True if the raw arguments ask for a batch mode (checked before QApplication exists, to
/// choose the offscreen platform).
bool wantsBatch(int argc, char** argv);
/// Applies the options to `window`; returns an exit status for batch modes or errors.
std::optional<int> runCommandLine(const GuiOptions& options, MainWindow& window);

} // namespace latentlab
