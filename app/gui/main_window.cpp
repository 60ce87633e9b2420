#include "main_window.h"

#include "common/document.h"
#include "common/error.h"
#include "common/help_overlay.h"
#include "common/keymap.h"
#include "common/settings.h"
#include "common/stack_sizing.h"
#include "io/session.h"
#include "plot/plot_export.h"
#include "plot/plot_style.h"
#include "plot/qcp.h"

#include <QAbstractSpinBox>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoGroup>
#include <QUndoStack>
#include <nlohmann/json.hpp>

namespace latentlab {

namespace {
const QString kSessionSuffix = QStringLiteral(".latentlab");
/// Marks the fields of the pages' model bars (see MainWindow::keepFocusOut).
const char* const kModelBarField = "latentlabModelBarField";
} // namespace

MainWindow::MainWindow(bool persistent, QWidget* parent)
    : MainWindow(registeredPages(), persistent, parent) {}

MainWindow::MainWindow(const QList<PageInfo>& pages, bool persistent, QWidget* parent)
    : QMainWindow(parent), m_persistent(persistent) {
    init(pages);
}

MainWindow::~MainWindow() {
    // Pages (and their documents and undo stacks) go first, while this window is still
    // whole: their last signals must not reach a half-destroyed MainWindow.
    m_closing = true;
    for (Page* p : m_pages) {
        p->finishWork();
        p->disconnect(this);
        p->document()->disconnect(this);
        p->document()->undoStack()->disconnect(this);
    }
    m_undoGroup->disconnect(this);
    m_undoGroup->setActiveStack(nullptr);
    for (Page* p : m_pages)
        m_undoGroup->removeStack(p->document()->undoStack());
    qDeleteAll(m_modelBars);
    qDeleteAll(m_pages);
}

void MainWindow::init(const QList<PageInfo>& pages) {
    m_stack = new QStackedWidget(this);
    setCentralWidget(m_stack);
    // Dialogs and menus closing (see eventFilter): they are windows, watched through the
    // application.
    qApp->installEventFilter(this);
    m_undoGroup = new QUndoGroup(this);
    m_help = new HelpOverlay(this);
    setErrorReporter({});
    if (m_persistent)
        setCloseAsker({});

    m_lessonBar = addToolBar(tr("Lessons"));
    m_lessonBar->setObjectName("lessonBar");
    m_lessonBar->setMovable(false);
    m_lessonBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_lessonGroup = new QActionGroup(this);
    m_lessonGroup->setExclusive(true);
    for (const PageInfo& info : pages)
        addPage(info);
    sizeStackByCurrentPage(m_stack);
    createActions();

    m_userPalette = PaletteKind::Lecture;
    if (m_persistent) {
        m_userScale = std::clamp(prefs::viewScale.value(), 0.5, 3.0);
        m_userPalette = static_cast<PaletteKind>(std::clamp(prefs::palette.value(), 0, 2));
        for (Page* p : m_pages)
            p->readSettings();
        restoreGeometry(prefs::windowGeometry.value());
        restoreState(prefs::windowState.value());
    }
    if (!m_persistent || prefs::windowGeometry.value().isEmpty())
        resize(1400, 900);
    setPaletteKind(m_userPalette);
    if (m_persistent && prefs::lectureMode.value())
        setLectureMode(true);
    applyScale();

    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::onPageChanged);
    const QString first = m_persistent ? prefs::lastPage.value() : QString();
    if (!first.isEmpty() && page(first))
        showPage(first);
    onPageChanged(m_stack->currentIndex());
    statusBar()->showMessage(tr("Press ? or F1 for the keyboard map"), 8000);
}

void MainWindow::addPage(const PageInfo& info) {
    Page* p = info.create(nullptr);
    m_stack->addWidget(p);
    m_pages << p;
    m_undoGroup->addStack(p->document()->undoStack());
    connect(p, &Page::titleChanged, this, &MainWindow::updateTitle);
    connect(p->document(), &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(p, &Page::message, this,
            [this](const QString& text, int ms) { statusBar()->showMessage(text, ms); });
    connect(p, &Page::error, this, &MainWindow::report);
    if (QToolBar* bar = p->modelBar()) {
        addToolBar(bar);
        m_modelBars << bar;
        keepFocusOut(bar);
    }

    const int n = int(m_pages.size());
    QAction* a = m_lessonBar->addAction(info.title);
    a->setCheckable(true);
    a->setObjectName("page_" + info.id);
    if (n <= 9)
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)));
    setShortcutTip(a, tr("Lesson %1: %2").arg(n).arg(info.title));
    a->setProperty("keymapGroup", tr("switch lesson"));
    m_lessonGroup->addAction(a);
    addAction(a); // works in full screen, without the tool bar
    connect(a, &QAction::triggered, this, [this, p] { m_stack->setCurrentWidget(p); });
}

Page* MainWindow::currentPage() const {
    return qobject_cast<Page*>(m_stack->currentWidget());
}

Page* MainWindow::page(const QString& id) const {
    for (Page* p : m_pages)
        if (p->id() == id)
            return p;
    return nullptr;
}

bool MainWindow::showPage(const QString& id) {
    Page* p = page(id);
    if (!p)
        return false;
    m_stack->setCurrentWidget(p);
    return true;
}

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

void MainWindow::setCloseAsker(CloseAsker asker) {
    if (asker) {
        m_askClose = std::move(asker);
        return;
    }
    m_askClose = [this](Page* p) {
        const auto answer = QMessageBox::question(
            this, tr("Save changes?"),
            tr("The %1 lesson has changes that are not saved in a session. Save them before "
               "closing?")
                .arg(p->title()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        return answer == QMessageBox::Save      ? CloseAnswer::Save
               : answer == QMessageBox::Discard ? CloseAnswer::Discard
                                                : CloseAnswer::Cancel;
    };
}

QAction* MainWindow::action(const QString& name) const {
    for (QAction* a : actions())
        if (a->objectName() == name)
            return a;
    if (Page* p = currentPage())
        if (QAction* a = p->findChild<QAction*>(name))
            return a;
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

    // File
    m_fileMenu = new QMenu(tr("&File"), this);
    makePageAction(this, m_fileMenu, tr("&Open…"), QKeySequence::keyBindings(QKeySequence::Open),
                   tr("Open a session (.latentlab) or a data file of the lesson in front"), "open",
                   [this] { openDialog(); });
    m_recentMenu = m_fileMenu->addMenu(tr("Open &recent"));
    updateRecentMenu();
    m_fileMenu->addSeparator();
    makePageAction(this, m_fileMenu, tr("&Save session"),
                   QKeySequence::keyBindings(QKeySequence::Save),
                   tr("Save the lesson in front as a session: data, settings and the step shown"),
                   "saveSession", [this] { saveSessionDialog(false); });
    makePageAction(this, m_fileMenu, tr("Save session &as…"),
                   QKeySequence::keyBindings(QKeySequence::SaveAs),
                   tr("Save the session under a new name"), "saveSessionAs",
                   [this] { saveSessionDialog(true); });
    m_fileMenu->addSeparator();
    makePageAction(this, m_fileMenu, tr("&Export plot…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                   tr("Export the plot as PNG, SVG or PDF at a chosen size"), "exportPlot",
                   [this] { exportDialog(); });
    makePageAction(this, m_fileMenu, tr("Export &frames…"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                   tr("Export one PNG per step until the end (EM: until convergence), for slides"),
                   "exportFrames", [this] { exportFramesDialog(); });
    m_fileMenu->addSeparator();
    makePageAction(this, m_fileMenu, tr("&Quit"), QKeySequence::keyBindings(QKeySequence::Quit),
                   tr("Quit LatentLab"), "quit", [this] { close(); });

    // Edit: Undo and Redo follow the page in front.
    m_editMenu = new QMenu(tr("&Edit"), this);
    m_undoAction = m_undoGroup->createUndoAction(this, tr("&Undo"));
    m_undoAction->setShortcuts(QKeySequence::Undo);
    m_undoAction->setObjectName("undo");
    m_redoAction = m_undoGroup->createRedoAction(this, tr("&Redo"));
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redoAction->setObjectName("redo");
    setShortcutTip(m_undoAction, tr("Undo the last edit of data or settings"));
    setShortcutTip(m_redoAction, tr("Redo"));
    addAction(m_undoAction);
    addAction(m_redoAction);

    // View
    m_viewMenu = new QMenu(tr("&View"), this);
    QMenu* lessons = m_viewMenu->addMenu(tr("Lesso&n"));
    lessons->addActions(m_lessonGroup->actions());
    m_viewMenu->addSeparator();
    m_lectureAction =
        makePageAction(this, m_viewMenu, tr("&Lecture mode"), {QKeySequence(Qt::Key_L)},
                       tr("Large type, thick lines, high-contrast colours, advanced panels "
                          "hidden"),
                       "lecture", [this](bool on) { setLectureMode(on); });
    m_lectureAction->setCheckable(true);
    makePageAction(this, m_viewMenu, tr("&Full screen"), {QKeySequence(Qt::Key_F11)},
                   tr("Full screen on or off"), "fullScreen",
                   [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    makePageAction(this, m_viewMenu, tr("&Larger"),
                   {QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)},
                   tr("Larger type and lines"), "larger",
                   [this] { setUserScale(m_userScale * 1.15); });
    makePageAction(this, m_viewMenu, tr("&Smaller"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
                   tr("Smaller type and lines"), "smaller",
                   [this] { setUserScale(m_userScale / 1.15); });
    makePageAction(this, m_viewMenu, tr("&Normal size"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
                   tr("Normal type and lines"), "normalSize", [this] { setUserScale(1.0); });
    QMenu* paletteMenu = m_viewMenu->addMenu(tr("&Colours"));
    m_paletteGroup = new QActionGroup(this);
    const std::pair<PaletteKind, QString> palettes[] = {
        {PaletteKind::Lecture, tr("&Lecture (red, blue, green…)")},
        {PaletteKind::ColorBlindSafe,
         tr("&Colour-blind safe (red, blue, green… apart in every colour vision)")},
        {PaletteKind::HighContrast, tr("&High contrast (projectors)")}};
    for (const auto& [kind, label] : palettes) {
        QAction* a = paletteMenu->addAction(label);
        a->setCheckable(true);
        a->setData(int(kind));
        m_paletteGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, kind] { setPaletteKind(kind); });
    }
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_lessonBar->toggleViewAction());

    // Help
    m_helpMenu = new QMenu(tr("&Help"), this);
    makePageAction(this, m_helpMenu, tr("&Keyboard map"),
                   {QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question)},
                   tr("Show the keyboard map over the window"), "help", [this] {
                       updateKeymap();
                       m_help->toggle();
                   });
    makePageAction(
        this, m_helpMenu, tr("&About LatentLab"), {}, tr("About LatentLab"), "about", [this] {
            QMessageBox::about(this, tr("About LatentLab"),
                               tr("<h3>LatentLab %1</h3><p>Watch latent-variable models learn: EM "
                                  "on a Gaussian mixture one half-step at a time, PCA as a linear "
                                  "Gaussian model, and variational autoencoders.</p>"
                                  "<p>GPL-3.0-or-later. Old Faithful data: R datasets::faithful. "
                                  "MNIST: LeCun, Cortes and Burges.</p>")
                                   .arg(QApplication::applicationVersion()));
        });
    // The keyboard map gives the focus back to the page, so the next key steps again.
    connect(m_help, &HelpOverlay::closed, this, &MainWindow::restorePageFocus);
    // A lesson bar the user hides stays hidden after lecture mode.
    connect(m_lessonBar->toggleViewAction(), &QAction::triggered, this,
            [this](bool on) { m_lessonBarWanted = on; });
}

void MainWindow::rebuildMenus() {
    Page* p = currentPage();
    m_editMenu->clear();
    m_editMenu->addAction(m_undoAction);
    m_editMenu->addAction(m_redoAction);
    if (p && !p->editActions().isEmpty()) {
        m_editMenu->addSeparator();
        m_editMenu->addActions(p->editActions());
    }
    QMenuBar* bar = menuBar();
    bar->clear();
    bar->addMenu(m_fileMenu);
    bar->addMenu(m_editMenu);
    if (p)
        for (QMenu* m : p->menus())
            bar->addMenu(m);
    bar->addMenu(m_viewMenu);
    bar->addMenu(m_helpMenu);
}

void MainWindow::onPageChanged(int index) {
    if (m_closing)
        return;
    Page* p = qobject_cast<Page*>(m_stack->widget(index));
    for (Page* other : m_pages)
        if (other != p)
            other->deactivated();
    if (!p)
        return;
    m_undoGroup->setActiveStack(p->document()->undoStack());
    for (QToolBar* bar : m_modelBars)
        bar->setVisible(bar == p->modelBar() && !m_lecture);
    for (QAction* a : m_lessonGroup->actions())
        a->setChecked(a->objectName() == "page_" + p->id());
    rebuildMenus();
    updateTitle();
    if (m_persistent)
        prefs::lastPage.setValue(p->id());
    p->activated();
    p->setFocus(Qt::OtherFocusReason);
}

// ---- Keyboard focus --------------------------------------------------------------------
// The transport keys (Space, E, M, arrows...) are shortcuts of the page. A text field with
// the focus takes printable keys and arrows for itself, so the focus must come back to the
// page whenever something that took it goes away: the keyboard map, a dialog, a menu, a
// tool bar hidden by lecture mode, or a model-bar field once its value is committed.

void MainWindow::restorePageFocus() {
    Page* p = currentPage();
    if (!p || m_closing)
        return;
    p->setFocus(Qt::OtherFocusReason);
}

void MainWindow::keepFocusOut(QToolBar* bar) {
    // Fields of a model bar take the focus only when clicked (never through the focus chain
    // when something else closes), give it back once the value is committed, and let Space
    // and Escape through to the page even while they have it (a number has no spaces).
    const auto back = [this] { QTimer::singleShot(0, this, &MainWindow::restorePageFocus); };
    for (QWidget* w : bar->findChildren<QWidget*>()) {
        if (w->focusPolicy() == Qt::NoFocus)
            continue;
        w->setFocusPolicy(Qt::ClickFocus);
        w->setProperty(kModelBarField, true);
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(w)) {
            connect(spin, &QAbstractSpinBox::editingFinished, this, back);
        } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
            connect(combo, &QComboBox::activated, this, back);
        } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
            if (qobject_cast<QAbstractSpinBox*>(edit->parentWidget()))
                continue; // the spin box's own editor: the spin box handles it
            connect(edit, &QLineEdit::returnPressed, this, back);
        }
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // A dialog, message box or menu of this window closed: the window is active again and
    // the page has the keyboard (also where no window manager reactivates the window). Not
    // while another dialog or menu is still up (a menu's action may have opened one).
    if (event->type() == QEvent::Hide && watched->isWidgetType()) {
        auto* w = static_cast<QWidget*>(watched);
        if (w != this && w->isWindow() && w->parentWidget() && w->parentWidget()->window() == this)
            QTimer::singleShot(0, this, [this] {
                if (QApplication::activeModalWidget() || QApplication::activePopupWidget() ||
                    !isVisible())
                    return;
                activateWindow();
                QWidget* f = QApplication::focusWidget();
                if (!f || f->window() != this || !f->isVisible())
                    restorePageFocus();
            });
        return QMainWindow::eventFilter(watched, event);
    }
    // Model-bar fields (see keepFocusOut): Space is never text in them, Escape leaves them,
    // and a value changed with the mouse (arrows, wheel) is committed at once.
    if (!watched->property(kModelBarField).toBool())
        return QMainWindow::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier &&
            event->type() == QEvent::ShortcutOverride) {
            event->ignore();
            return true; // not overridden: the page's Space shortcut fires
        }
        if (key->key() == Qt::Key_Escape && event->type() == QEvent::KeyPress) {
            restorePageFocus();
            return true;
        }
    }
    if (event->type() == QEvent::MouseButtonRelease || event->type() == QEvent::Wheel) {
        if (qobject_cast<QAbstractSpinBox*>(watched))
            QTimer::singleShot(0, this, &MainWindow::restorePageFocus);
    }
    return QMainWindow::eventFilter(watched, event);
}

bool MainWindow::event(QEvent* event) {
    // Back from a dialog or another window: the focus goes to the page unless it is still
    // on something visible the user chose (a field of the page).
    if (event->type() == QEvent::WindowActivate) {
        QWidget* f = focusWidget();
        if (!f || !f->isVisible() || f == this || f->window() != this)
            QTimer::singleShot(0, this, &MainWindow::restorePageFocus);
    }
    return QMainWindow::event(event);
}

void MainWindow::updateKeymap() {
    QList<HelpOverlay::Section> sections;
    sections << HelpOverlay::Section{tr("Whole window"), keymapRows(actions())};
    if (Page* p = currentPage())
        sections << HelpOverlay::Section{p->title(), keymapRows(p->findChildren<QAction*>())};
    m_help->setSections(sections);
}

void MainWindow::updateTitle() {
    if (m_closing)
        return;
    Page* p = currentPage();
    if (!p)
        return;
    const QString file = m_files.value(p);
    const QString fileName = file.isEmpty() ? QString() : QFileInfo(file).fileName() + " — ";
    const QString subtitle = p->subtitle();
    setWindowTitle(QStringLiteral("%1%2%3[*] — LatentLab")
                       .arg(fileName, p->title(), subtitle.isEmpty() ? QString() : ": " + subtitle));
    setWindowModified(p->document()->isModified());
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

bool MainWindow::openFile(const QString& path) {
    try {
        if (path.endsWith(kSessionSuffix, Qt::CaseInsensitive)) {
            const SessionFile s = readSessionFile(path.toStdString());
            Page* p = page(QString::fromStdString(s.page));
            if (!p)
                throw FileError(path.toStdString(),
                                "this session belongs to the \"" + s.page +
                                    "\" lesson, which this LatentLab does not have: update "
                                    "LatentLab");
            p->loadSession(s.payload, path);
            p->document()->setSaved();
            if (const auto palette = paletteFromName(s.palette))
                setPaletteKind(*palette);
            m_files[p] = path;
            m_stack->setCurrentWidget(p);
        } else {
            Page* target = nullptr;
            if (currentPage() && currentPage()->canOpen(path))
                target = currentPage();
            for (Page* p : m_pages)
                if (!target && p->canOpen(path))
                    target = p;
            if (!target)
                throw FileError(path.toStdString(),
                                "LatentLab opens sessions (.latentlab) and data files (" +
                                    currentPage()->fileFilter().toStdString() +
                                    "): this is neither");
            target->openFile(path);
            m_files.remove(target);
            m_stack->setCurrentWidget(target);
        }
    } catch (const std::exception& e) {
        // FileError names the file and the place; other errors get it here.
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
    Page* p = currentPage();
    if (!p)
        return false;
    try {
        SessionFile s;
        s.page = p->id().toStdString();
        s.palette = paletteName(m_userPalette);
        s.payload = p->saveSession();
        writeSessionFile(path.toStdString(), s);
    } catch (const std::exception& e) {
        report(tr("Cannot save session"),
               tr("%1\n\nChoose another folder or file name.").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_files[p] = path;
    p->document()->setSaved();
    addRecent(path);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportPlot(const QString& path, QSize size) {
    QCustomPlot* plot = currentPage() ? currentPage()->exportPlot() : nullptr;
    try {
        if (!plot)
            throw FileError(path.toStdString(), "this lesson has no plot to export");
        latentlab::exportPlot(*plot, path, size);
    } catch (const std::exception& e) {
        report(tr("Cannot export"), QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    return true;
}

int MainWindow::exportFrames(const QString& dir, QSize size, int maxSteps, bool caption) {
    Page* p = currentPage();
    if (!p || !p->exportPlot()) {
        report(tr("Cannot export frames"), tr("This lesson has no plot to export."));
        return -1;
    }
    if (!QDir().mkpath(dir)) {
        report(tr("Cannot export frames"), tr("%1: cannot create the folder").arg(dir));
        return -1;
    }
    int frame = 0;
    try {
        p->firstFrame();
        for (;;) {
            QApplication::processEvents();
            latentlab::exportPlot(*p->exportPlot(), framePath(dir, frame), size,
                                  ExportFormat::Png, caption ? p->frameCaption() : QString());
            ++frame;
            if (maxSteps >= 0 ? frame > maxSteps : p->atLastFrame())
                break;
            if (!p->nextFrame())
                break;
        }
    } catch (const std::exception& e) {
        report(tr("Cannot export frames"), QString::fromUtf8(e.what()));
        return -1;
    }
    return frame;
}

void MainWindow::openDialog() {
    QStringList filters;
    filters << tr("LatentLab sessions (*.latentlab)");
    for (Page* p : m_pages)
        if (!p->fileFilter().isEmpty())
            filters << p->fileFilter();
    filters << tr("All files (*)");
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open"), m_persistent ? prefs::lastDirectory.value() : QString(),
        filters.join(";;"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveSessionOf(Page* p, bool saveAs) {
    m_stack->setCurrentWidget(p);
    QString path = m_files.value(p);
    if (saveAs || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                            m_persistent ? prefs::lastDirectory.value() : QString(),
                                            tr("LatentLab sessions (*.latentlab)"));
        if (path.isEmpty())
            return false;
        if (!path.endsWith(kSessionSuffix))
            path += kSessionSuffix;
    }
    return saveSession(path);
}

void MainWindow::saveSessionDialog(bool saveAs) {
    if (Page* p = currentPage())
        saveSessionOf(p, saveAs);
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
    const int n = exportFrames(dir, size.value_or(QSize(1600, 1000)), -1, true);
    if (n > 0)
        statusBar()->showMessage(tr("Wrote %1 frames to %2").arg(n).arg(dir), 8000);
}

// ---- View ----------------------------------------------------------------------------

void MainWindow::setPaletteKind(PaletteKind kind) {
    m_userPalette = kind;
    for (QAction* a : m_paletteGroup ? m_paletteGroup->actions() : QList<QAction*>())
        a->setChecked(a->data().toInt() == int(kind));
    if (m_persistent)
        prefs::palette.setValue(int(kind));
    // The user's choice holds in every mode (a colour-blind lecturer keeps the colour-blind
    // palette in lecture mode).
    for (Page* p : m_pages)
        p->setPaletteKind(kind);
}

void MainWindow::setLectureMode(bool on) {
    m_lecture = on;
    m_lectureAction->setChecked(on);
    // Lecture mode: type sized for a projector, the model and lesson bars out of the way
    // (Ctrl+1, Ctrl+2... still switch lessons), the plot as large as the window allows.
    for (Page* p : m_pages)
        p->setLectureMode(on);
    if (Page* p = currentPage())
        for (QToolBar* bar : m_modelBars)
            bar->setVisible(bar == p->modelBar() && !on);
    m_lessonBar->setVisible(!on && m_lessonBarWanted);
    if (m_persistent)
        prefs::lectureMode.setValue(on);
    m_appliedTextPx = -1;
    applyScale();
    // A hidden bar may have held the focus.
    QWidget* f = focusWidget();
    if (!f || !f->isVisible())
        restorePageFocus();
}

void MainWindow::setUserScale(double scale) {
    m_userScale = std::clamp(scale, 0.5, 3.0);
    if (m_persistent)
        prefs::viewScale.setValue(m_userScale);
    applyScale();
}

int MainWindow::lectureTextPx() const {
    return lectureTextPxFor(size());
}

int MainWindow::lectureTextPxFor(QSize size) const {
    if (!m_lecture)
        return 0;
    return std::max(8, static_cast<int>(std::lround(PlotStyle::lectureTextPx(size) * m_userScale)));
}

void MainWindow::resizeTo(QSize size) {
    if (m_lecture && lectureTextPxFor(size) != m_appliedTextPx)
        applyScale(size);
    // Layouts take the new type's minimum sizes only once their requests are handled.
    QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (layout())
        layout()->activate();
    resize(size);
}

void MainWindow::applyScale(std::optional<QSize> forSize) {
    // Lecture mode sizes the type for the projector in front of the class: from the window's
    // height (18 px at 720 lines, 24 px at 1080), times the user's Ctrl+Plus/Minus. Lines
    // and markers grow with it. Every text of the window (menus, status bar, tool bars,
    // pages, notes, subscripts) stays at or above that size: the window's text floor.
    const int textPx = lectureTextPxFor(forSize.value_or(size()));
    m_appliedTextPx = textPx;
    const double scale = m_lecture ? textPx / PlotStyle::kBaseTextPx : m_userScale;
    PlotStyle::setTextFloor(this, textPx);
    QFont f = QApplication::font();
    if (m_lecture)
        f.setPixelSize(textPx);
    else if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * scale);
    else
        f.setPixelSize(std::max(6, static_cast<int>(std::lround(f.pixelSize() * scale))));
    setFont(f);
    // Menus are windows of their own: fonts do not reach them from the window.
    for (QMenu* menu : findChildren<QMenu*>())
        menu->setFont(f);
    for (QToolBar* bar : m_modelBars)
        bar->setFont(f);
    for (Page* p : m_pages)
        p->setScale(scale);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    // The projector's type size follows the window (full screen on a 1024 x 768 projector,
    // or on a 1920 x 1080 one).
    if (m_lecture && lectureTextPx() != m_appliedTextPx)
        applyScale();
}

QString MainWindow::currentFile() const {
    return m_files.value(currentPage());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Unsaved edits: ask, page by page (a session holds one lesson).
    if (m_askClose) {
        for (Page* p : m_pages) {
            if (!p->document()->isModified())
                continue;
            m_stack->setCurrentWidget(p);
            const CloseAnswer answer = m_askClose(p);
            if (answer == CloseAnswer::Cancel ||
                (answer == CloseAnswer::Save && !saveSessionOf(p, false))) {
                event->ignore();
                return;
            }
        }
    }
    for (Page* p : m_pages)
        p->finishWork();
    if (m_persistent) {
        for (Page* p : m_pages)
            p->writeSettings();
        prefs::windowGeometry.setValue(saveGeometry());
        prefs::windowState.setValue(saveState());
    }
    event->accept();
}

} // namespace latentlab
