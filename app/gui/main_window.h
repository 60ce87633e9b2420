#pragma once
// MainWindow: the workbench, a shell over pages (Mixture (EM), PCA, VAE; see
// widgets/common/page.h). It brings what every page shares: the lesson switcher (Ctrl+1,
// Ctrl+2, ...), files and sessions (a session records its page), recent files, export of the
// page's plot and of frames, Undo and Redo that follow the page in front (a QUndoGroup),
// lecture mode, type scale and palette, full screen, the keyboard map generated from the
// actions, the "save changes?" prompt, and the settings remembered between runs.

#include "common/page.h"

#include <QMainWindow>

#include <QSize>
#include <functional>
#include <optional>

class QAction;
class QActionGroup;
class QMenu;
class QStackedWidget;
class QToolBar;
class QUndoGroup;

namespace latentlab {

class HelpOverlay;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Errors are reported through this (title, message). The default shows a window-modal
    /// message box without blocking; tests install their own.
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;
    /// Asked before closing with unsaved edits on `page`: Save, Discard or Cancel.
    enum class CloseAnswer { Save, Discard, Cancel };
    using CloseAsker = std::function<CloseAnswer(Page* page)>;

    /// `persistent`: restore and save window layout and view settings through QSettings
    /// (off for --screenshot and --export-frames, which must not depend on a user's setup).
    /// `pages`: the lessons, in switcher order (default: every registered page).
    explicit MainWindow(bool persistent = true, QWidget* parent = nullptr);
    MainWindow(const QList<PageInfo>& pages, bool persistent, QWidget* parent = nullptr);
    ~MainWindow() override;

    QList<Page*> pages() const { return m_pages; }
    Page* currentPage() const;
    Page* page(const QString& id) const;
    template <typename P> P* page() const {
        for (Page* p : m_pages)
            if (auto* t = dynamic_cast<P*>(p))
                return t;
        return nullptr;
    }
    /// Brings the page with this id to the front; false if there is none.
    bool showPage(const QString& id);
    QUndoGroup* undoGroup() const { return m_undoGroup; }

    /// Replaces the error reporter; an empty one restores the default message box.
    void setErrorReporter(ErrorReporter reporter);
    void setCloseAsker(CloseAsker asker);
    QString lastError() const { return m_lastError; }

    /// Opens a .latentlab session (on the page it records) or a file a page opens (CSV...);
    /// on failure reports the error, leaves everything untouched and returns false.
    bool openFile(const QString& path);
    /// Saves the page in front as a session.
    bool saveSession(const QString& path);
    /// Exports the page's plot (PNG, SVG or PDF by suffix) at `size`.
    bool exportPlot(const QString& path, QSize size);
    /// One PNG of the page's plot per frame (for the mixture page: per half-step, until
    /// convergence, or `maxSteps` steps when >= 0), as frame_0000.png... in `dir`, with the
    /// page's caption under each frame when `caption` is set. Returns the number of frames
    /// written, or -1 after reporting an error.
    int exportFrames(const QString& dir, QSize size, int maxSteps = -1, bool caption = false);

    void setLectureMode(bool on);
    bool lectureMode() const { return m_lecture; }
    void setUserScale(double scale);
    double userScale() const { return m_userScale; }
    void setPaletteKind(PaletteKind kind);
    /// The session file of the page in front (empty when none).
    QString currentFile() const;
    /// An action by object name: the window's own, then the page in front's.
    QAction* action(const QString& objectName) const;
    HelpOverlay* helpOverlay() const { return m_help; }

    /// The text size lecture mode gives this window now (pixels; see
    /// PlotStyle::lectureTextPx), times the user's scale; 0 outside lecture mode.
    int lectureTextPx() const;
    /// Resizes the window to `size` (a projector's, for a screenshot), with lecture mode's
    /// type set for that size first: the old size's larger type would otherwise hold the
    /// window wider than asked (its minimum width).
    void resizeTo(QSize size);
    /// Gives the keyboard focus back to the page in front, so that Space steps again: after
    /// an overlay, dialog, menu or panel closes, or an edit in a model bar is committed.
    void restorePageFocus();

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void init(const QList<PageInfo>& pages);
    void addPage(const PageInfo& info);
    void createActions();
    void rebuildMenus();
    void onPageChanged(int index);
    void updateTitle();
    void updateRecentMenu();
    void updateKeymap();
    void addRecent(const QString& path);
    void report(const QString& title, const QString& message);
    void applyScale(std::optional<QSize> forSize = std::nullopt);
    int lectureTextPxFor(QSize size) const;
    void keepFocusOut(QToolBar* bar);

    void openDialog();
    void saveSessionDialog(bool saveAs);
    bool saveSessionOf(Page* page, bool saveAs);
    void exportDialog();
    void exportFramesDialog();

    QList<Page*> m_pages;
    QList<QToolBar*> m_modelBars;
    QHash<Page*, QString> m_files; ///< the session each page was opened from or saved to
    QStackedWidget* m_stack = nullptr;
    QUndoGroup* m_undoGroup = nullptr;
    HelpOverlay* m_help = nullptr;
    QToolBar* m_lessonBar = nullptr;
    QActionGroup* m_lessonGroup = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_paletteGroup = nullptr;
    QAction* m_lectureAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QList<QAction*> m_editSeparatorAndPageActions;
    ErrorReporter m_report;
    CloseAsker m_askClose;
    QString m_lastError;
    bool m_persistent;
    bool m_lecture = false;
    bool m_closing = false;
    double m_userScale = 1.0;
    int m_appliedTextPx = -1; ///< the lecture text size last applied (-1: none yet)
    bool m_lessonBarWanted = true;
    PaletteKind m_userPalette = PaletteKind::Lecture;
};

/// Every page of the application, in switcher order (app/gui/pages.cpp: one line a page).
QList<PageInfo> registeredPages();

} // namespace latentlab
