#include "mixture/mixture_page.h"

#include "common/error.h"
#include "mixture/mixture_session.h"
#include "common/settings.h"
#include "data/generators.h"
#include "data/presets.h"
#include "io/csv.h"
#include "mixture/mixture_view.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDoubleValidator>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>
#include <nlohmann/json.hpp>

namespace latentlab {

namespace {

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

QStringList presetNames() {
    QStringList names;
    for (const PresetInfo& p : presets())
        names << QString::fromStdString(p.name);
    return names;
}

} // namespace

PageInfo MixturePage::info() {
    PageInfo i;
    i.id = QStringLiteral("mixture");
    i.title = tr("Mixture (EM)");
    i.options = {
        QCommandLineOption(QStringLiteral("k"),
                           tr("Mixture view: number of components K (1 to %1).").arg(kMaxComponents),
                           QStringLiteral("K")),
    };
    i.check = [](const QHash<QString, QString>& values) -> QString {
        if (values.contains("preset") && !presetNames().contains(values.value("preset")))
            return tr("unknown preset \"%1\" for the mixture view (known: %2)")
                .arg(values.value("preset"), presetNames().join(", "));
        if (values.contains("k")) {
            bool ok = false;
            const int k = values.value("k").toInt(&ok);
            if (!ok || k < 1 || k > kMaxComponents)
                return tr("--k must be a whole number from 1 to %1, got \"%2\"")
                    .arg(kMaxComponents)
                    .arg(values.value("k"));
        }
        return {};
    };
    i.create = [](QWidget* parent) { return new MixturePage(parent); };
    return i;
}

MixturePage::MixturePage(QWidget* parent)
    : Page(parent), m_doc(new MixtureDocument(this)), m_view(new MixtureView(m_doc, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setFocusProxy(m_view->plot());

    createActions();
    createModelBar();
    createMenus();
    m_view->setSpeed(prefs::playSpeed.defaultValue());
    connect(m_doc, &MixtureDocument::settingsChanged, this, &MixturePage::syncModelBar);
    connect(m_doc, &MixtureDocument::dataChanged, this, &Page::titleChanged);

    // The first thing a user sees: three overlapping clusters and K = 3, as in the lecture
    // notation (k_r, k_b, k_g).
    loadPreset(QString::fromLatin1(kDefaultPreset));
    m_doc->undoStack()->clear();
    syncModelBar();
}

MixturePage::~MixturePage() {
    m_view->setPlaying(false);
    m_doc->cancelWork();
}

QString MixturePage::title() const {
    return tr("Mixture (EM)");
}

Document* MixturePage::document() const {
    return m_doc;
}

QList<QMenu*> MixturePage::menus() const {
    return {m_dataMenu, m_modelMenu};
}

QList<QAction*> MixturePage::editActions() const {
    const MixtureView::Actions& t = m_view->actions();
    return {t.inspectTool, t.sprayTool, t.eraseTool, m_clearAction};
}

QString MixturePage::subtitle() const {
    const QString name = QString::fromStdString(m_doc->data().name);
    return tr("%1 (%L2 points)").arg(name.isEmpty() ? tr("untitled") : name).arg(m_doc->data().size());
}

QCustomPlot* MixturePage::exportPlot() const {
    return m_view->plot();
}

// ---- Actions, menus and the model bar ---------------------------------------------------

void MixturePage::createActions() {
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

void MixturePage::createMenus() {
    // Page actions belong to the page widget: their shortcuts work while the page is in
    // front (whatever has the focus) and are off while another page is.

    m_clearAction = makePageAction(this, nullptr, tr("&Clear points"), {},
                                   tr("Remove every point (undo: Ctrl+Z)"), "clear",
                                   [this] { m_doc->clearPoints(); });

    // Data
    m_dataMenu = new QMenu(tr("&Data"), this);
    std::vector<std::pair<std::string, std::string>> list;
    for (const PresetInfo& p : presets())
        list.emplace_back(p.name, p.description);
    addPresetMenu(m_dataMenu, list, "preset_", this,
                  [this](const QString& name) { loadPreset(name); });
    makePageAction(
        this, m_dataMenu, tr("&Generate random set"), {QKeySequence(Qt::CTRL | Qt::Key_G)},
        tr("Generate sheared Gaussian blobs with the next data seed (shown in the title)"),
        "generate", [this] { generateRandom(std::nullopt); });
    makePageAction(
        this, m_dataMenu, tr("Generate with &seed…"), {},
        tr("Generate sheared Gaussian blobs from a seed you choose"), "generateSeed", [this] {
            bool ok = false;
            const int seed = QInputDialog::getInt(this, tr("Generate random set"), tr("Data seed:"),
                                                  int(m_randomSeed), 0, 2147483647, 1, &ok);
            if (ok)
                generateRandom(std::uint64_t(seed));
        });
    m_dataMenu->addSeparator();
    makePageAction(this, m_dataMenu, tr("Save points as &CSV…"), {},
                   tr("Write the points to a CSV file"), "saveCsv",
                   [this] { saveCsvDialog(this, [this](const QString& path) { saveCsv(path); }); });

    // Model
    m_modelMenu = new QMenu(tr("&Model"), this);
    QMenu* kMenu = m_modelMenu->addMenu(tr("Number of &components K"));
    m_kGroup = new QActionGroup(this);
    for (int k = 1; k <= kMaxComponents; ++k) {
        QAction* a = kMenu->addAction(tr("K = %1").arg(k));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::Key_1 + (k - 1)));
        a->setObjectName(QStringLiteral("k%1").arg(k));
        setShortcutTip(a, tr("Fit %1 component(s)").arg(k));
        a->setProperty("keymapGroup", tr("number of components K"));
        m_kGroup->addAction(a);
        addAction(a);
        connect(a, &QAction::triggered, this, [this, k] { m_doc->setK(k); });
    }
    makePageAction(this, m_modelMenu, tr("New &seed"), {QKeySequence(Qt::Key_N)},
                   tr("Restart the fit with the next initialisation seed"), "newSeed",
                   [this] { m_doc->setSeed(m_doc->settings().seed + 1); });
    m_modelMenu->addSeparator();
    const MixtureView::Actions& t = m_view->actions();
    for (QAction* a :
         {t.next, t.eStep, t.mStep, t.iterate, t.back, t.play, t.run, t.reset, t.first, t.last})
        m_modelMenu->addAction(a);
    m_modelMenu->addSeparator();
    m_modelMenu->addAction(m_modelBar->toggleViewAction());
}

void MixturePage::createModelBar() {
    m_modelBar = new QToolBar(tr("Model"), this);
    m_modelBar->setObjectName("modelBar_mixture");
    m_modelBar->setMovable(false);

    auto label = [this](const QString& text) { m_modelBar->addWidget(new QLabel(text)); };
    label(tr(" K "));
    m_kSpin = new QSpinBox;
    m_kSpin->setRange(1, kMaxComponents);
    m_kSpin->setToolTip(tr("Number of components K (keys 1 to %1)").arg(kMaxComponents));
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
    m_initCombo->addItem(tr("Manual (drag)"), int(InitMethod::Manual));
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

void MixturePage::syncModelBar() {
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
    for (QAction* a : m_kGroup->actions())
        if (a->objectName() == QStringLiteral("k%1").arg(s.k))
            a->setChecked(true);
}

// ---- Data ---------------------------------------------------------------------------

bool MixturePage::loadPreset(const QString& name, std::uint64_t seed) {
    PointSet set;
    int k = 3;
    try {
        set = makePreset(name.toStdString(), seed);
        for (const PresetInfo& p : presets())
            if (p.name == name.toStdString())
                k = p.suggestedK;
    } catch (const std::exception& e) {
        emit error(tr("Cannot load preset"), QString::fromUtf8(e.what()));
        return false;
    }
    m_view->setPlaying(false);
    // Data and its suggested K are one undo step.
    m_doc->undoStack()->beginMacro(tr("Preset %1").arg(name));
    bool ok = true;
    try {
        m_doc->setData(std::move(set), tr("Preset %1").arg(name));
        m_doc->setK(std::clamp(k, 1, kMaxComponents));
    } catch (const std::exception& e) {
        emit error(tr("Cannot load preset"), QString::fromUtf8(e.what()));
        ok = false;
    }
    m_doc->undoStack()->endMacro();
    emit titleChanged();
    return ok;
}

void MixturePage::generateRandom(std::optional<std::uint64_t> seed) {
    const std::uint64_t s = seed ? *seed : m_randomSeed + 1;
    m_randomSeed = s;
    PointSet set = anisotropicBlobs(m_doc->settings().k, 150, s);
    set.name = tr("random blobs, data seed %1").arg(s).toStdString();
    try {
        m_view->setPlaying(false);
        m_doc->setData(std::move(set), tr("Generate (seed %1)").arg(s));
    } catch (const std::exception& e) {
        emit error(tr("Cannot generate"), QString::fromUtf8(e.what()));
    }
    emit titleChanged();
}

void MixturePage::saveCsv(const QString& path) {
    writeCsv(path.toStdString(), m_doc->data());
    emit message(tr("Saved %1").arg(path), 5000);
}

void MixturePage::openFile(const QString& path) {
    PointSet set;
    try {
        set = readCsv(path.toStdString());
        if (set.name.empty())
            set.name = QFileInfo(path).fileName().toStdString();
        m_view->setPlaying(false);
        m_doc->setData(std::move(set), tr("Open %1").arg(QFileInfo(path).fileName()));
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& e) {
        // Other errors (a 3-column CSV...) get the file's name here.
        throw FileError(path.toStdString(), e.what());
    }
    emit titleChanged();
}

// ---- Sessions (the page's part: data, model settings and the half-step shown) ----------

nlohmann::json MixturePage::saveSession() const {
    MixtureSession s;
    s.data = m_doc->data();
    s.settings = m_doc->settings();
    const auto snap = m_doc->snapshot();
    s.state = snap ? snap->state : 0;
    return toJson(s);
}

void MixturePage::loadSession(const nlohmann::json& payload, const QString& path) {
    MixtureSession s = mixtureSessionFromJson(payload, path.toStdString());
    m_view->setPlaying(false);
    m_doc->load(std::move(s.data), s.settings, s.state);
    emit titleChanged();
}

// ---- Command line and frames ------------------------------------------------------------

void MixturePage::applyOptions(const QHash<QString, QString>& values) {
    if (const QString problem = info().check(values); !problem.isEmpty())
        throw ArgumentError(problem.toStdString());
    if (values.contains("preset") && !loadPreset(values.value("preset")))
        throw ArgumentError(tr("cannot load preset %1").arg(values.value("preset")).toStdString());
    if (values.contains("k"))
        m_doc->setK(values.value("k").toInt());
    if (values.contains("seed"))
        m_doc->setSeed(values.value("seed").toULongLong());
    m_doc->undoStack()->clear();
    m_doc->waitForIdle();
    if (!m_doc->snapshot())
        throw ArgumentError(m_doc->fitError().toStdString());
    if (values.contains("steps")) {
        const int steps = values.value("steps").toInt();
        for (int i = 0; i < steps; ++i) {
            m_doc->stepForward();
            m_doc->waitForIdle();
        }
    }
}

void MixturePage::firstFrame() {
    m_view->setPlaying(false);
    m_doc->waitForIdle();
    m_doc->goToFirst();
    m_doc->waitForIdle();
    if (!m_doc->snapshot())
        throw ArgumentError(m_doc->fitError().toStdString());
}

bool MixturePage::nextFrame() {
    if (!m_doc->snapshot())
        return false;
    m_doc->stepForward();
    m_doc->waitForIdle();
    return m_doc->snapshot() != nullptr;
}

bool MixturePage::atLastFrame() const {
    // Converged is judged after complete iterations (after M-steps).
    const auto s = m_doc->snapshot();
    return !s ||
           (s->state > 0 && s->next == StepKind::E && (s->converged || s->iteration >= s->maxIter));
}

QString MixturePage::frameCaption() const {
    const auto s = m_doc->snapshot();
    if (!s)
        return {};
    const QString what = s->kind == StepKind::Initial ? tr("initial parameters")
                         : s->kind == StepKind::E     ? tr("after the E-step")
                                                      : tr("after the M-step");
    return tr("Iteration %1, %2 · log-likelihood %L3")
        .arg(s->iteration)
        .arg(what)
        .arg(s->logLikelihood, 0, 'f', 3);
}

// ---- Look ---------------------------------------------------------------------------------

void MixturePage::setScale(double scale) {
    m_view->setScale(scale);
}

void MixturePage::setPaletteKind(PaletteKind kind) {
    m_doc->setPalette(kind);
}

void MixturePage::setLectureMode(bool on) {
    m_view->setLectureMode(on);
}

void MixturePage::readSettings() {
    m_view->setSpeed(std::clamp(prefs::playSpeed.value(), 0.5, 30.0));
}

void MixturePage::writeSettings() const {
    prefs::playSpeed.setValue(m_view->speed());
}

void MixturePage::deactivated() {
    m_view->setPlaying(false);
}

void MixturePage::finishWork() {
    m_view->setPlaying(false);
    m_doc->cancelWork();
}

} // namespace latentlab
