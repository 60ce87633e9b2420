#pragma once
// The GUI's command line:
//   latentlab [FILE.latentlab|FILE.csv] [--preset NAME] [--k K] [--seed S] [--steps N]
//             [--lecture] [--screenshot OUT.png] [--export-frames DIR] [--size WxH]
// parseCommandLine checks everything before a window exists; runCommandLine applies it to
// a window and, for --screenshot and --export-frames, does the work and returns the exit
// status (nullopt: go on into the event loop).

#include <QSize>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <variant>

namespace latentlab {

class MainWindow;

struct GuiOptions {
    QString file;
    QString preset;
    std::optional<int> k;
    std::optional<std::uint64_t> seed;
    int steps = 0;
    bool stepsGiven = false;
    bool lecture = false;
    QString screenshot;
    QString exportFrames;
    QSize size{1600, 1000};
    bool batch() const { return !screenshot.isEmpty() || !exportFrames.isEmpty(); }
};

struct CommandLineExit {
    int status;
    QString text; ///< printed to stdout (status 0) or stderr
};

/// `arguments` includes the program name, as QCoreApplication::arguments().
std::variant<GuiOptions, CommandLineExit> parseCommandLine(const QStringList& arguments);
/// True if the raw arguments ask for a batch mode (checked before QApplication exists, to
/// choose the offscreen platform).
bool wantsBatch(int argc, char** argv);
/// Applies the options to `window`; returns an exit status for batch modes or errors.
std::optional<int> runCommandLine(const GuiOptions& options, MainWindow& window);

} // namespace latentlab
