#pragma once
// Page: one lesson of the workbench (Mixture (EM), PCA, VAE). The main window is a shell
// over pages: it brings the lesson switcher, files and sessions, export, lecture mode, type
// scale and palette, undo (a QUndoGroup over the pages' documents) and the keyboard map;
// a page brings what is its own:
//
//   - its Document (undo stack, modified state, background work),
//   - its actions, added to the page widget with their shortcuts (they fire only while the
//     page is in front, because a hidden widget's shortcuts are off), its menus (shown
//     between Edit and View while it is in front) and its model bar (a toolbar),
//   - its plot for File > Export, and frames for --export-frames,
//   - what it reads and writes: files it opens (CSV...) and its part of a session,
//   - its command-line options (--preset, --k...), applied after the window exists.
//
// Adding a page is its own files plus one line in app/gui/pages.cpp (see PageInfo).

#include "plot/palette.h"

#include <QAction>
#include <QCommandLineOption>
#include <QFont>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

class QCustomPlot;
class QTextBrowser;
class QMenu;
class QToolBar;

namespace latentlab {

class Document;

class Page : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    /// Stable id used in sessions, --view and settings ("mixture", "pca", "vae").
    virtual QString id() const = 0;
    /// The lesson switcher's label ("Mixture (EM)").
    virtual QString title() const = 0;
    virtual Document* document() const = 0;

    /// Menus shown between Edit and View while the page is in front (owned by the page).
    virtual QList<QMenu*> menus() const { return {}; }
    /// Actions appended to the Edit menu (tools...).
    virtual QList<QAction*> editActions() const { return {}; }
    /// The model bar shown under the lesson switcher (owned by the page), or null.
    virtual QToolBar* modelBar() const { return nullptr; }
    /// A short description of what is shown, for the window title ("Old Faithful, 272 points").
    virtual QString subtitle() const { return {}; }

    /// The plot File > Export writes; null when there is none.
    virtual QCustomPlot* exportPlot() const = 0;

    /// Frames for --export-frames and File > Export frames: firstFrame() goes to the start
    /// (throws std::exception when there is nothing to show), nextFrame() advances one frame
    /// (false when it cannot), atLastFrame() says the story has ended (EM converged). The
    /// default has one frame. frameCaption() is the caption written under a frame.
    virtual void firstFrame() {}
    virtual bool nextFrame() { return false; }
    virtual bool atLastFrame() const { return true; }
    virtual QString frameCaption() const { return {}; }

    /// Files this page opens besides sessions, as a file-dialog filter ("CSV (*.csv)"), and
    /// whether it opens `path`. openFile throws std::exception with a message on failure and
    /// leaves the page unchanged.
    virtual QString fileFilter() const { return {}; }
    virtual bool canOpen(const QString& /*path*/) const { return false; }
    virtual void openFile(const QString& path);

    /// This page's part of a session (a JSON object), and reading it back; loadSession throws
    /// FileError naming `path` and leaves the page unchanged on failure.
    virtual nlohmann::json saveSession() const = 0;
    virtual void loadSession(const nlohmann::json& payload, const QString& path) = 0;

    /// Applies the page's command-line options (values by option name, see PageInfo) after
    /// the window exists; throws std::exception with a one-line message.
    virtual void applyOptions(const QHash<QString, QString>& /*values*/) {}

    /// Type and line size (1 = normal; lecture mode multiplies it) and component colours.
    virtual void setScale(double scale) = 0;
    virtual void setPaletteKind(PaletteKind kind) = 0;
    /// Lecture mode hides the advanced parts of the page (the shell scales type and lines).
    virtual void setLectureMode(bool /*on*/) {}

    /// The user's settings of this page (QSettings), read once after the page is made and
    /// written when the window closes; only for a window that remembers settings.
    virtual void readSettings() {}
    virtual void writeSettings() const {}

    /// The page came to the front or went to the back (stop animations when it leaves).
    virtual void activated() {}
    virtual void deactivated() {}
    /// Stop and collect background work (closing, batch modes).
    virtual void finishWork();

signals:
    /// The subtitle or anything else in the window title changed.
    void titleChanged();
    /// A transient message for the status bar.
    void message(const QString& text, int timeoutMs = 5000);
    /// An error for the user (the shell shows it without blocking).
    void error(const QString& title, const QString& message);
};

/// How the shell learns about a page: one entry per page in app/gui/pages.cpp.
struct PageInfo {
    QString id;
    QString title;
    /// Options of `latentlab --view ID ...` that this page understands; the shell declares
    /// them on the command line and passes their values to applyOptions().
    QList<QCommandLineOption> options;
    /// Checks the values of the page's options and of the shared ones it reads (preset,
    /// seed, steps) before any window exists: an empty string, or the one-line error.
    std::function<QString(const QHash<QString, QString>& values)> check;
    std::function<Page*(QWidget* parent)> create;
};

/// "Next half-step (Space)": the action's text with its shortcuts, for tooltips and the
/// status bar.
void setShortcutTip(QAction* action, const QString& tip);
/// A page action: text, shortcuts, tooltip (setShortcutTip) and object name, added to `menu`
/// (or only created when menu is null) and to `owner`, whose visibility switches its
/// shortcuts on and off.
QAction* makePageAction(QWidget* owner, QMenu* menu, const QString& text,
                        const QList<QKeySequence>& keys, const QString& tip, const QString& name);
/// The same, with `slot` (a callable or a member function of Owner) run when it triggers.
template <typename Owner, typename Slot>
QAction* makePageAction(Owner* owner, QMenu* menu, const QString& text,
                        const QList<QKeySequence>& keys, const QString& tip, const QString& name,
                        Slot slot) {
    QAction* a = makePageAction(static_cast<QWidget*>(owner), menu, text, keys, tip, name);
    QObject::connect(a, &QAction::triggered, owner, std::move(slot));
    return a;
}
/// `base` at the type scale (10 pt at scale 1, never under 6 pt): side panels' text.
QFont scaledFont(QFont base, double scale);
/// The files of 2D points the lessons open (CSV and its cousins): a file-dialog filter, and
/// whether `path` is one by its suffix.
QString csvFileFilter();
bool isCsvFile(const QString& path);
/// A "Presets" submenu of `menu`: one action per (name, description), named
/// objectPrefix + name, calling load(name).
void addPresetMenu(QMenu* menu, const std::vector<std::pair<std::string, std::string>>& presets,
                   const QString& objectPrefix, QObject* context,
                   const std::function<void(const QString&)>& load);
/// Asks for a CSV file name and calls save(path); a failure becomes the page's error().
void saveCsvDialog(Page* page, const std::function<void(const QString&)>& save);
/// A read-only rich-text panel filling `owner` (inspectors): no focus, no horizontal scroll
/// bar (tables wrap to the width), links not followed.
QTextBrowser* fillWithTextPanel(QWidget* owner);
/// Rich text as plain text (status lines read by tests and accessibility).
QString plainTextOf(const QString& html);

} // namespace latentlab
