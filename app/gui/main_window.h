#pragma once
// MainWindow: the application around the EM lecture view: menus and actions with their
// shortcuts, the model toolbar (K, covariance type, initialisation, seed, regularisation),
// files (CSV, sessions, recent files), export, lecture mode, full screen, the help overlay,
// and the settings remembered between runs.

#include "mixture/mixture_document.h"

#include <QMainWindow>
#include <QSize>
#include <functional>

class QAction;
class QActionGroup;
class QComboBox;
class QLineEdit;
class QMenu;
class QSpinBox;
class QToolBar;

namespace latentlab {

class MixtureView;
class HelpOverlay;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// Errors are reported through this (title, message). The default shows a window-modal
    /// message box without blocking; tests install their own.
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    /// `persistent`: restore and save window layout and view settings through QSettings
    /// (off for --screenshot and --export-frames, which must not depend on a user's setup).
    explicit MainWindow(bool persistent = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    MixtureDocument* document() const { return m_doc; }
    MixtureView* view() const { return m_view; }
    /// Replaces the error reporter; an empty one restores the default message box.
    void setErrorReporter(ErrorReporter reporter);
    QString lastError() const { return m_lastError; }

    /// Opens a .latentlab session or a CSV file; on failure reports the error, leaves the
    /// current data untouched and returns false.
    bool openFile(const QString& path);
    bool saveSession(const QString& path);
    bool saveCsv(const QString& path);
    bool loadPreset(const QString& name, std::uint64_t seed = 0);
    /// Exports the plot (PNG, SVG or PDF by suffix) at `size`.
    bool exportPlot(const QString& path, QSize size);
    /// One PNG of the plot per half-step, from the initial state until convergence (or
    /// `maxSteps` half-steps when >= 0), as frame_0000.png... in `dir`. Returns the number of
    /// frames written, or -1 after reporting an error.
    int exportFrames(const QString& dir, QSize size, int maxSteps = -1);

    void setLectureMode(bool on);
    bool lectureMode() const { return m_lecture; }
    void setUserScale(double scale);
    double userScale() const { return m_userScale; }
    QString currentFile() const { return m_file; }
    QAction* action(const QString& objectName) const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createModelBar();
    void syncModelBar();
    void updateTitle();
    void updateRecentMenu();
    void addRecent(const QString& path);
    void report(const QString& title, const QString& message);
    void applyScale();
    void setPalette(PaletteKind kind);

    void openDialog();
    void saveSessionDialog(bool saveAs);
    void saveCsvDialog();
    void exportDialog();
    void exportFramesDialog();
    void generateRandom(std::optional<std::uint64_t> seed);

    MixtureDocument* m_doc;
    MixtureView* m_view;
    HelpOverlay* m_help;
    QToolBar* m_modelBar = nullptr;
    QSpinBox* m_kSpin = nullptr;
    QComboBox* m_covCombo = nullptr;
    QComboBox* m_initCombo = nullptr;
    QSpinBox* m_seedSpin = nullptr;
    QLineEdit* m_regEdit = nullptr;
    QMenu* m_recentMenu = nullptr;
    QActionGroup* m_kGroup = nullptr;
    QActionGroup* m_paletteGroup = nullptr;
    QAction* m_lectureAction = nullptr;
    ErrorReporter m_report;
    QString m_lastError;
    QString m_file;
    bool m_persistent;
    bool m_lecture = false;
    double m_userScale = 1.0;
    PaletteKind m_userPalette = PaletteKind::Lecture;
    std::uint64_t m_randomSeed = 1;
};

} // namespace latentlab
