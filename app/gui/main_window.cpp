#include "main_window.h"

#include "io/csv.h"
#include "common/error.h"
#include "data/generators.h"
#include "common/help_overlay.h"
#include "mixture/inspector_panel.h"
#include "mixture/mixture_view.h"
#include "plot/plot_export.h"
#include "data/presets.h"
#include "io/session.h"
#include "mixture/mixture_session.h"
#include "common/settings.h"
#include "common/transport_bar.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>
#include <cmath>

namespace latentlab {

namespace {
constexpr double kLectureScale = 1.6;
const char* const kDefaultPreset = "overlapping";

QString covarianceLabel(CovarianceType t) {
    switch (t) {
    case CovarianceType::Full:
        return QObject::tr("Full");
    case CovarianceType::Diag:
        return QObject::tr("Diagonal");
    case CovarianceType::Spherical:
        return QObject::tr("Spherical");
    case CovarianceType::Tied:
        return QObject::tr("Tied");
    }
    return {};
}
} // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : QMainWindow(parent), m_doc(new MixtureDocument(this)), m_persistent(persistent) {
    m_view = new MixtureView(m_doc, this);
    setCentralWidget(m_view);
    m_help = new HelpOverlay(this);
    setErrorReporter({});

    createActions();
    createModelBar();
    createMenus();
    statusBar()->showMessage(tr("Press ? or F1 for the keyboard map"), 8000);

    connect(m_doc, &MixtureDocument::settingsChanged, this, &MainWindow::syncModelBar);
    connect(m_doc, &MixtureDocument::dataChanged, this, &MainWindow::updateTitle);
    connect(m_doc->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);

    m_view->setSpeed(prefs::playSpeed.defaultValue());
    if (m_persistent) {
        m_userScale = std::clamp(prefs::viewScale.value(), 0.5, 3.0);
        m_userPalette = static_cast<PaletteKind>(std::clamp(prefs::palette.value(), 0, 2));
        m_view->setSpeed(std::clamp(prefs::playSpeed.value(), 0.5, 30.0));
        restoreGeometry(prefs::windowGeometry.value());
        restoreState(prefs::windowState.value());
    }
    if (!m_persistent || prefs::windowGeometry.value().isEmpty())
        resize(1400, 900);
    m_doc->setPalette(m_userPalette);
    if (m_persistent && prefs::lectureMode.value())
        setLectureMode(true);
    applyScale();

    // The first thing a user sees: three overlapping clusters and K = 3, as in the lecture
    // notation (k_r, k_b, k_g).
    loadPreset(QString::fromLatin1(kDefaultPreset));
    m_doc->undoStack()->clear();
    syncModelBar();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::setErrorReporter(ErrorReporter reporter) {
    if (reporter) {
        m_report = std::move(reporter);
        return;
    }
    m_report = [this](const QString& title, const QString& message) {
        auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // window-modal, but never blocks the event loop
    };
}

QAction* MainWindow::action(const QString& name) const {
    return findChild<QAction*>(name);
}

void MainWindow::report(const QString& title, const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, 15000);
    if (m_report)
        m_report(title, message);
}

// ---- Actions and menus ---------------------------------------------------------------

void MainWindow::createActions() {
    const MixtureView::Actions& t = m_view->actions();
    const std::pair<QAction*, const char*> names[] = {
        {t.next, "next"},      {t.eStep, "eStep"},         {t.mStep, "mStep"},
        {t.back, "back"},      {t.iterate, "iterate"},     {t.play, "play"},
        {t.run, "run"},        {t.reset, "reset"},         {t.first, "first"},
        {t.last, "last"},      {t.inspectTool, "inspect"}, {t.sprayTool, "spray"},
        {t.eraseTool, "erase"}};
    for (const auto& [a, name] : names)
        a->setObjectName(QString::fromLatin1(name));
}

void MainWindow::createMenus() {
    auto add = [this](QMenu* menu, const QString& text, const QList<QKeySequence>& keys,
                      const QString& tip, const QString& name, auto slot) {
        auto* a = menu->addAction(text);
        a->setShortcuts(keys);
        a->setObjectName(name);
        setShortcutTip(a, tip);
        connect(a, &QAction::triggered, this, slot);
        addAction(a); // shortcuts work in full screen, without the menu bar
        return a;
    };

    // File
    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, tr("&Open…"), QKeySequence::keyBindings(QKeySequence::Open),
        tr("Open a session (.latentlab) or a CSV file of 2D points"), "open",
        [this] { openDialog(); });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    updateRecentMenu();
    file->addSeparator();
    add(file, tr("&Save session"), QKeySequence::keyBindings(QKeySequence::Save),
        tr("Save data, settings, initialisation and the current half-step"), "saveSession",
        [this] { saveSessionDialog(false); });
    add(file, tr("Save session &as…"), QKeySequence::keyBindings(QKeySequence::SaveAs),
        tr("Save the session under a new name"), "saveSessionAs",
        [this] { saveSessionDialog(true); });
    add(file, tr("Save points as &CSV…"), {}, tr("Write the points to a CSV file"), "saveCsv",
        [this] { saveCsvDialog(); });
    file->addSeparator();
    add(file, tr("&Export plot…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
        tr("Export the plot as PNG, SVG or PDF at a chosen size"), "exportPlot",
        [this] { exportDialog(); });
    add(file, tr("Export &frames…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
        tr("Export one PNG per half-step until convergence, for slides"), "exportFrames",
        [this] { exportFramesDialog(); });
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::keyBindings(QKeySequence::Quit), tr("Quit LatentLab"),
        "quit", [this] { close(); });

    // Edit
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setObjectName("undo");
    QAction* redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setObjectName("redo");
    setShortcutTip(undo, tr("Undo the last edit of data or settings"));
    setShortcutTip(redo, tr("Redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    addAction(undo);
    addAction(redo);
    edit->addSeparator();
    const MixtureView::Actions& t = m_view->actions();
    edit->addAction(t.inspectTool);
    edit->addAction(t.sprayTool);
    edit->addAction(t.eraseTool);
    add(edit, tr("&Clear points"), {}, tr("Remove every point (undo: Ctrl+Z)"), "clear",
        [this] { m_doc->clearPoints(); });

    // Data
    QMenu* data = menuBar()->addMenu(tr("&Data"));
    QMenu* presetMenu = data->addMenu(tr("&Presets"));
    for (const PresetInfo& p : presets()) {
        const QString name = QString::fromStdString(p.name);
        QAction* a = presetMenu->addAction(
            QStringLiteral("%1 — %2").arg(name, QString::fromStdString(p.description)));
        a->setObjectName("preset_" + name);
        a->setStatusTip(QString::fromStdString(p.description));
        connect(a, &QAction::triggered, this, [this, name] { loadPreset(name); });
    }
    add(data, tr("&Generate random set"), {QKeySequence(Qt::CTRL | Qt::Key_G)},
        tr("Generate sheared Gaussian blobs with the next data seed (shown in the title)"),
        "generate", [this] { generateRandom(std::nullopt); });
    add(data, tr("Generate with &seed…"), {},
        tr("Generate sheared Gaussian blobs from a seed you choose"), "generateSeed", [this] {
            bool ok = false;
            const int seed = QInputDialog::getInt(this, tr("Generate random set"), tr("Data seed:"),
                                                  int(m_randomSeed), 0, 2147483647, 1, &ok);
            if (ok)
                generateRandom(std::uint64_t(seed));
        });

    // Model
    QMenu* model = menuBar()->addMenu(tr("&Model"));
    QMenu* kMenu = model->addMenu(tr("Number of &components K"));
    m_kGroup = new QActionGroup(this);
    for (int k = 1; k <= 8; ++k) {
        QAction* a = kMenu->addAction(tr("K = %1").arg(k));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::Key_1 + (k - 1)));
        a->setObjectName(QStringLiteral("k%1").arg(k));
        setShortcutTip(a, tr("Fit %1 component(s)").arg(k));
        m_kGroup->addAction(a);
        addAction(a);
        connect(a, &QAction::triggered, this, [this, k] { m_doc->setK(k); });
    }
    add(model, tr("New &seed"), {QKeySequence(Qt::Key_N)},
        tr("Restart the fit with the next initialisation seed"), "newSeed",
        [this] { m_doc->setSeed(m_doc->settings().seed + 1); });
    model->addSeparator();
    for (QAction* a :
         {t.next, t.eStep, t.mStep, t.iterate, t.back, t.play, t.run, t.reset, t.first, t.last})
        model->addAction(a);

    // View
    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_lectureAction = add(view, tr("&Lecture mode"), {QKeySequence(Qt::Key_L)},
                          tr("Large type, thick lines, high-contrast colours, advanced panels "
                             "hidden"),
                          "lecture", [this](bool on) { setLectureMode(on); });
    m_lectureAction->setCheckable(true);
    add(view, tr("&Full screen"), {QKeySequence(Qt::Key_F11)}, tr("Full screen on or off"),
        "fullScreen", [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    add(view, tr("&Larger"),
        {QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)},
        tr("Larger type and lines"), "larger", [this] { setUserScale(m_userScale * 1.15); });
    add(view, tr("&Smaller"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
        tr("Smaller type and lines"), "smaller", [this] { setUserScale(m_userScale / 1.15); });
    add(view, tr("&Normal size"), {QKeySequence(Qt::CTRL | Qt::Key_0)}, tr("Normal type and lines"),
        "normalSize", [this] { setUserScale(1.0); });
    QMenu* paletteMenu = view->addMenu(tr("&Colours"));
    m_paletteGroup = new QActionGroup(this);
    const std::pair<PaletteKind, QString> palettes[] = {
        {PaletteKind::Lecture, tr("&Lecture (red, blue, green…)")},
        {PaletteKind::ColorBlindSafe, tr("&Colour-blind safe (Okabe–Ito)")},
        {PaletteKind::HighContrast, tr("&High contrast (projectors)")}};
    for (const auto& [kind, label] : palettes) {
        QAction* a = paletteMenu->addAction(label);
        a->setCheckable(true);
        a->setChecked(kind == m_userPalette);
        a->setData(int(kind));
        m_paletteGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, kind] { setPalette(kind); });
    }
    view->addSeparator();
    view->addAction(m_modelBar->toggleViewAction());

    // Help
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&Keyboard map"), {QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question)},
        tr("Show the keyboard map over the window"), "help", [this] { m_help->toggle(); });
    add(help, tr("&About LatentLab"), {}, tr("About LatentLab"), "about", [this] {
        QMessageBox::about(this, tr("About LatentLab"),
                           tr("<h3>LatentLab %1</h3><p>Watch latent-variable models learn: "
                              "step through EM on a Gaussian mixture one half-step at a time."
                              "</p><p>GPL-3.0-or-later. Old Faithful data: R datasets::faithful."
                              "</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QList<QPair<QString, QString>> keys;
    auto key = [&keys](const QString& k, const QString& text) { keys.append({k, text}); };
    key(tr("Space"), tr("next half-step (E or M)"));
    key(tr("E / M"), tr("E-step / M-step"));
    key(tr("Backspace, ←"), tr("back one half-step"));
    key(tr("→"), tr("next full iteration"));
    key(tr("P"), tr("play / pause"));
    key(tr("C"), tr("run to convergence"));
    key(tr("R"), tr("reset to the initial state"));
    key(tr("Home / End"), tr("first / last recorded state"));
    key(tr("1 … 8"), tr("number of components K"));
    key(tr("N"), tr("new initialisation seed"));
    key(tr("I / S / X"), tr("inspect / spray points / erase points"));
    key(tr("Ctrl+Z / Ctrl+Shift+Z"), tr("undo / redo an edit"));
    key(tr("L"), tr("lecture mode"));
    key(tr("F11"), tr("full screen"));
    key(tr("Ctrl+Plus / Ctrl+Minus"), tr("larger / smaller type and lines"));
    key(tr("? or F1"), tr("this keyboard map"));
    m_help->setEntries(keys);
}

void MainWindow::createModelBar() {
    m_modelBar = addToolBar(tr("Model"));
    m_modelBar->setObjectName("modelBar");
    m_modelBar->setMovable(false);

    auto label = [this](const QString& text) { m_modelBar->addWidget(new QLabel(text)); };
    label(tr(" K "));
    m_kSpin = new QSpinBox;
    m_kSpin->setRange(1, 8);
    m_kSpin->setToolTip(tr("Number of components K (keys 1 to 8)"));
    m_modelBar->addWidget(m_kSpin);
    connect(m_kSpin, &QSpinBox::valueChanged, this, [this](int k) { m_doc->setK(k); });

    label(tr("  Covariance "));
    m_covCombo = new QComboBox;
    for (CovarianceType t : {CovarianceType::Full, CovarianceType::Diag, CovarianceType::Spherical,
                             CovarianceType::Tied})
        m_covCombo->addItem(covarianceLabel(t), int(t));
    m_covCombo->setToolTip(tr("Covariance type: full Sigma_k, diagonal, spherical sigma_k^2 I, "
                              "or one Sigma tied across components"));
    m_modelBar->addWidget(m_covCombo);
    connect(m_covCombo, &QComboBox::activated, this, [this](int i) {
        m_doc->setCovariance(static_cast<CovarianceType>(m_covCombo->itemData(i).toInt()));
    });

    label(tr("  Initialisation "));
    m_initCombo = new QComboBox;
    m_initCombo->addItem(tr("k-means++"), int(InitMethod::KMeansPlusPlus));
    m_initCombo->addItem(tr("Random"), int(InitMethod::Random));
    m_initCombo->addItem(tr("Manual (drag)"), int(InitMethod::Explicit));
    m_initCombo->setToolTip(tr("How the fit starts. Manual: drag a mean, or the handles on its "
                               "1-sigma ellipse, and the fit starts from exactly that"));
    m_modelBar->addWidget(m_initCombo);
    connect(m_initCombo, &QComboBox::activated, this, [this](int i) {
        m_doc->setInit(static_cast<InitMethod>(m_initCombo->itemData(i).toInt()));
    });

    label(tr("  Seed "));
    m_seedSpin = new QSpinBox;
    m_seedSpin->setRange(0, 2147483647);
    m_seedSpin->setToolTip(tr("Initialisation seed: the same seed gives the same fit (N: next "
                              "seed)"));
    m_modelBar->addWidget(m_seedSpin);
    connect(m_seedSpin, &QSpinBox::valueChanged, this,
            [this](int s) { m_doc->setSeed(std::uint64_t(s)); });

    label(tr("  Regularisation "));
    m_regEdit = new QLineEdit;
    m_regEdit->setValidator(new QDoubleValidator(0.0, 1e6, 12, m_regEdit));
    m_regEdit->setMaximumWidth(90);
    m_regEdit->setToolTip(tr("Added to every covariance diagonal (reg I): raise it when a "
                             "component collapses onto a point"));
    m_modelBar->addWidget(m_regEdit);
    connect(m_regEdit, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const double reg = m_regEdit->text().toDouble(&ok);
        if (ok && reg >= 0 && std::isfinite(reg))
            m_doc->setRegularisation(reg);
        else
            syncModelBar();
    });
    for (QWidget* w : m_modelBar->findChildren<QWidget*>())
        w->setStatusTip(w->toolTip());
}

void MainWindow::syncModelBar() {
    const ModelSettings& s = m_doc->settings();
    {
        const QSignalBlocker a(m_kSpin), b(m_covCombo), c(m_initCombo), d(m_seedSpin);
        m_kSpin->setValue(s.k);
        m_covCombo->setCurrentIndex(m_covCombo->findData(int(s.covariance)));
        m_initCombo->setCurrentIndex(m_initCombo->findData(int(s.init)));
        m_seedSpin->setValue(int(std::min<std::uint64_t>(s.seed, 2147483647)));
    }
    if (!m_regEdit->hasFocus())
        m_regEdit->setText(QString::number(s.reg, 'g', 6));
    if (QAction* a = action(QStringLiteral("k%1").arg(s.k)))
        a->setChecked(true);
}

void MainWindow::updateTitle() {
    const QString name = QString::fromStdString(m_doc->data().name);
    const QString file = m_file.isEmpty() ? QString() : QFileInfo(m_file).fileName() + " — ";
    setWindowTitle(QStringLiteral("%1%2 (%L3 points)[*] — LatentLab")
                       .arg(file, name.isEmpty() ? tr("untitled") : name)
                       .arg(m_doc->data().size()));
    setWindowModified(!m_doc->undoStack()->isClean());
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = m_persistent ? prefs::recentFiles.value() : QStringList();
    for (const QString& f : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(f).fileName());
        a->setStatusTip(f);
        connect(a, &QAction::triggered, this, [this, f] { openFile(f); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::addRecent(const QString& path) {
    if (!m_persistent)
        return;
    QStringList files = prefs::recentFiles.value();
    const QString abs = QFileInfo(path).absoluteFilePath();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > 8)
        files.removeLast();
    prefs::recentFiles.setValue(files);
    prefs::lastDirectory.setValue(QFileInfo(abs).absolutePath());
    updateRecentMenu();
}

// ---- Files ---------------------------------------------------------------------------

namespace {
// Sessions are read and written by core (io/session.h); this window shows the mixture page.
std::pair<MixtureSession, PaletteKind> readMixtureSessionFile(const QString& path) {
    const SessionFile file = readSessionFile(path.toStdString());
    return {mixtureSessionFrom(file, path.toStdString()),
            paletteFromName(file.palette).value_or(PaletteKind::Lecture)};
}

void writeMixtureSessionFile(const QString& path, const MixtureSession& session,
                             PaletteKind palette) {
    writeSessionFile(path.toStdString(), {kMixturePage, paletteName(palette), toJson(session)});
}
} // namespace

bool MainWindow::openFile(const QString& path) {
    try {
        if (path.endsWith(QStringLiteral(".latentlab"), Qt::CaseInsensitive)) {
            auto [s, palette] = readMixtureSessionFile(path);
            m_view->setPlaying(false);
            m_doc->load(std::move(s.data), s.settings, s.state);
            setPalette(palette);
            m_file = path;
        } else {
            PointSet set = readCsv(path.toStdString());
            if (set.name.empty())
                set.name = QFileInfo(path).fileName().toStdString();
            m_view->setPlaying(false);
            m_doc->setData(std::move(set), tr("Open %1").arg(QFileInfo(path).fileName()));
            m_file.clear();
        }
    } catch (const std::exception& e) {
        // FileError names the file and the place; other errors (a 3-column CSV...) get it here.
        QString what = QString::fromUtf8(e.what());
        if (!dynamic_cast<const FileError*>(&e))
            what = QStringLiteral("%1: %2").arg(path, what);
        report(tr("Cannot open file"),
               tr("%1\n\nThe current data are unchanged. Check the file, or open another one.")
                   .arg(what));
        return false;
    }
    addRecent(path);
    updateTitle();
    return true;
}

bool MainWindow::saveSession(const QString& path) {
    const auto snap = m_doc->snapshot();
    MixtureSession s;
    s.data = m_doc->data();
    s.settings = m_doc->settings();
    s.state = snap ? snap->state : 0;
    try {
        writeMixtureSessionFile(path, s, m_userPalette);
    } catch (const std::exception& e) {
        report(tr("Cannot save session"),
               tr("%1\n\nChoose another folder or file name.").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_file = path;
    m_doc->undoStack()->setClean();
    addRecent(path);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::saveCsv(const QString& path) {
    try {
        writeCsv(path.toStdString(), m_doc->data());
    } catch (const std::exception& e) {
        report(tr("Cannot save CSV"), QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::loadPreset(const QString& name, std::uint64_t seed) {
    PointSet set;
    int k = 3;
    try {
        set = makePreset(name.toStdString(), seed);
        for (const PresetInfo& p : presets())
            if (p.name == name.toStdString())
                k = p.suggestedK;
    } catch (const std::exception& e) {
        report(tr("Cannot load preset"), QString::fromUtf8(e.what()));
        return false;
    }
    m_view->setPlaying(false);
    // Data and its suggested K are one undo step.
    m_doc->undoStack()->beginMacro(tr("Preset %1").arg(name));
    bool ok = true;
    try {
        m_doc->setData(std::move(set), tr("Preset %1").arg(name));
        m_doc->setK(std::clamp(k, 1, 8));
    } catch (const std::exception& e) {
        report(tr("Cannot load preset"), QString::fromUtf8(e.what()));
        ok = false;
    }
    m_doc->undoStack()->endMacro();
    if (ok) {
        m_file.clear();
        updateTitle();
    }
    return ok;
}

void MainWindow::generateRandom(std::optional<std::uint64_t> seed) {
    const std::uint64_t s = seed ? *seed : m_randomSeed + 1;
    m_randomSeed = s;
    const int k = m_doc->settings().k;
    PointSet set = anisotropicBlobs(k, 150, s);
    set.name = tr("random blobs, data seed %1").arg(s).toStdString();
    try {
        m_view->setPlaying(false);
        m_doc->setData(std::move(set), tr("Generate (seed %1)").arg(s));
    } catch (const std::exception& e) {
        report(tr("Cannot generate"), QString::fromUtf8(e.what()));
    }
    m_file.clear();
    updateTitle();
}

bool MainWindow::exportPlot(const QString& path, QSize size) {
    try {
        latentlab::exportPlot(*m_view->plot(), path, size);
    } catch (const std::exception& e) {
        report(tr("Cannot export"), QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    return true;
}

int MainWindow::exportFrames(const QString& dir, QSize size, int maxSteps) {
    if (!QDir().mkpath(dir)) {
        report(tr("Cannot export frames"), tr("%1: cannot create the folder").arg(dir));
        return -1;
    }
    m_view->setPlaying(false);
    m_doc->waitForIdle();
    m_doc->goToFirst();
    m_doc->waitForIdle();
    int frame = 0;
    for (;;) {
        const auto s = m_doc->snapshot();
        if (!s) {
            report(tr("Cannot export frames"), m_doc->fitError());
            return -1;
        }
        QApplication::processEvents();
        try {
            latentlab::exportPlot(*m_view->plot(), framePath(dir, frame), size, ExportFormat::Png);
        } catch (const std::exception& e) {
            report(tr("Cannot export frames"), QString::fromUtf8(e.what()));
            return -1;
        }
        ++frame;
        if (maxSteps >= 0 ? frame > maxSteps
                          : (s->state > 0 && s->next == StepKind::E &&
                             (s->converged || s->iteration >= s->maxIter)))
            break;
        m_doc->stepForward();
        m_doc->waitForIdle();
    }
    return frame;
}

void MainWindow::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), m_persistent ? prefs::lastDirectory.value() : QString(),
        tr("LatentLab sessions and CSV (*.latentlab *.csv *.txt *.tsv);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveSessionDialog(bool saveAs) {
    QString path = m_file;
    if (saveAs || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                            m_persistent ? prefs::lastDirectory.value() : QString(),
                                            tr("LatentLab sessions (*.latentlab)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(QStringLiteral(".latentlab")))
            path += QStringLiteral(".latentlab");
    }
    saveSession(path);
}

void MainWindow::saveCsvDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save points as CSV"), m_persistent ? prefs::lastDirectory.value() : QString(),
        tr("CSV (*.csv)"));
    if (!path.isEmpty())
        saveCsv(path);
}

void MainWindow::exportDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export plot"), m_persistent ? prefs::lastDirectory.value() : QString(),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    bool ok = false;
    const QString sizeText =
        QInputDialog::getText(this, tr("Export plot"), tr("Size in pixels (width x height):"),
                              QLineEdit::Normal, prefs::exportSize.value(), &ok);
    if (!ok)
        return;
    const auto size = parseSize(sizeText);
    if (!size) {
        report(tr("Cannot export"), tr("\"%1\" is not a size: write it as 1600x1000 (16 to 16384 "
                                       "pixels each way)")
                                        .arg(sizeText));
        return;
    }
    if (m_persistent)
        prefs::exportSize.setValue(sizeText.trimmed());
    exportPlot(path, *size);
}

void MainWindow::exportFramesDialog() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export frames into folder"),
                                          m_persistent ? prefs::lastDirectory.value() : QString());
    if (dir.isEmpty())
        return;
    const auto size =
        parseSize(m_persistent ? prefs::exportSize.value() : QStringLiteral("1600x1000"));
    const int n = exportFrames(dir, size.value_or(QSize(1600, 1000)));
    if (n > 0)
        statusBar()->showMessage(tr("Wrote %1 frames to %2").arg(n).arg(dir), 8000);
}

// ---- View ----------------------------------------------------------------------------

void MainWindow::setPalette(PaletteKind kind) {
    m_userPalette = kind;
    for (QAction* a : m_paletteGroup->actions())
        a->setChecked(a->data().toInt() == int(kind));
    if (m_persistent)
        prefs::palette.setValue(int(kind));
    if (!m_lecture)
        m_doc->setPalette(kind);
}

void MainWindow::setLectureMode(bool on) {
    m_lecture = on;
    m_lectureAction->setChecked(on);
    // Lecture mode: high contrast for projectors, advanced panels out of the way; the
    // inspector and the log-likelihood plot stay, they are what the lecture is about.
    m_modelBar->setVisible(!on);
    m_doc->setPalette(on ? PaletteKind::HighContrast : m_userPalette);
    if (m_persistent)
        prefs::lectureMode.setValue(on);
    applyScale();
}

void MainWindow::setUserScale(double scale) {
    m_userScale = std::clamp(scale, 0.5, 3.0);
    if (m_persistent)
        prefs::viewScale.setValue(m_userScale);
    applyScale();
}

void MainWindow::applyScale() {
    const double scale = m_userScale * (m_lecture ? kLectureScale : 1.0);
    m_view->setScale(scale);
    QFont f = QApplication::font();
    f.setPointSizeF(QApplication::font().pointSizeF() * scale);
    m_help->setFont(f);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_view->setPlaying(false);
    m_doc->cancelWork();
    if (m_persistent) {
        prefs::windowGeometry.setValue(saveGeometry());
        prefs::windowState.setValue(saveState());
        prefs::playSpeed.setValue(m_view->speed());
    }
    event->accept();
}

} // namespace latentlab
