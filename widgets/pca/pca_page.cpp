#include "pca/pca_page.h"

#include "common/error.h"
#include "common/stack_sizing.h"
#include "data/pca_presets.h"
#include "io/csv.h"
#include "linear/pca_session.h"
#include "pca/autoencoder_panel.h"
#include "pca/em_panel.h"
#include "pca/generator_panel.h"
#include "pca/image_panel.h"
#include "pca/pca_inspector.h"
#include "pca/scree_plot.h"
#include "pca/view3d_panel.h"
#include "pca/view3d_plot.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QStackedWidget>
#include <QTabBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

namespace latentlab {

namespace {

const char* const kDefaultPreset = "cloud";

QStringList presetNames(const std::vector<PcaPresetInfo>& presets) {
    QStringList names;
    std::ranges::transform(presets, std::back_inserter(names),
                           [](const PcaPresetInfo& p) { return QString::fromStdString(p.name); });
    return names;
}
QStringList pcaPresetNames() {
    return presetNames(pcaPresets());
}
QStringList pca3dPresetNames() {
    return presetNames(pca3dPresets());
}
const QStringList& panelTitles() {
    static const QStringList titles{
        PcaPage::tr("&Manifold"),     PcaPage::tr("Generative &story"),
        PcaPage::tr("&EM for PPCA"),  PcaPage::tr("Linear &autoencoder"),
        PcaPage::tr("Eigen-&images"), PcaPage::tr("&3D")};
    return titles;
}

} // namespace

QStringList PcaPage::panelNames() {
    QStringList names;
    for (std::string_view p : kPcaPanels)
        names << QString::fromLatin1(p.data(), qsizetype(p.size()));
    return names;
}

PageInfo PcaPage::info() {
    PageInfo i;
    i.create = [](QWidget* parent) { return new PcaPage(parent); };
    i.id = QStringLiteral("pca");
    i.title = tr("PCA");
    i.options = {
        QCommandLineOption(QStringLiteral("q"),
                           tr("PCA view: latent dimension q (2D data: 1; with --images: the "
                              "components of the reconstruction, 1 to 100)."),
                           QStringLiteral("Q")),
        QCommandLineOption(QStringLiteral("images"),
                           tr("PCA view: show the eigen-images of mnist or fashion."),
                           QStringLiteral("SET")),
        QCommandLineOption(QStringLiteral("panel"),
                           tr("PCA view: the panel in front (%1).").arg(panelNames().join(", ")),
                           QStringLiteral("NAME")),
    };
    i.check = [](const QHash<QString, QString>& values) -> QString {
        const bool in3d = values.value("panel") == "3d";
        const QStringList presets = in3d ? pca3dPresetNames() : pcaPresetNames();
        if (values.contains("preset") && !presets.contains(values.value("preset")))
            return tr("unknown preset \"%1\" for the PCA view%2 (known: %3)")
                .arg(values.value("preset"), in3d ? tr("'s 3D panel") : QString(),
                     presets.join(", "));
        if (values.contains("images") && values.value("images") != "mnist" &&
            values.value("images") != "fashion")
            return tr("--images must be mnist or fashion, got \"%1\"").arg(values.value("images"));
        if (values.contains("panel") && !panelNames().contains(values.value("panel")))
            return tr("--panel must be one of %1, got \"%2\"")
                .arg(panelNames().join(", "), values.value("panel"));
        if (values.contains("q")) {
            bool ok = false;
            const int q = values.value("q").toInt(&ok);
            const bool images = values.contains("images") || values.value("panel") == "images";
            if (in3d && !images && (!ok || q < 1 || q > 2))
                return tr("--q must be 1 (a line) or 2 (a plane) for the 3D panel, got \"%1\"")
                    .arg(values.value("q"));
            if (!in3d && (!ok || q < 1 || (images ? q > PcaDocument::kImageComponents : q >= 2)))
                return images ? tr("--q must be a whole number from 1 to %1 for images, got "
                                   "\"%2\"")
                                    .arg(PcaDocument::kImageComponents)
                                    .arg(values.value("q"))
                              : tr("--q must be 1 for 2D data (1 <= q < d = 2: q = 0 keeps only "
                                   "the mean, q = 2 leaves no noise), got \"%1\"")
                                    .arg(values.value("q"));
        }
        return {};
    };
    return i;
}

PcaPage::PcaPage(QWidget* parent)
    : Page(parent), m_doc(new PcaDocument(this)), m_view(new PcaView(m_doc, this, this)),
      m_images(new ImagePanel(m_doc, this)), m_view3d(new View3dPanel(this, this)),
      m_tabs(new QTabBar(this)), m_stack(new QStackedWidget(this)), m_problem(new QLabel(this)) {
    for (const QString& t : panelTitles())
        m_tabs->addTab(QString(t).remove('&'));
    m_tabs->setFocusPolicy(Qt::NoFocus);
    m_tabs->setDrawBase(false);
    m_tabs->setUsesScrollButtons(true); // a narrow window scrolls the tabs, never widens
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_images);
    m_stack->addWidget(m_view3d);
    sizeStackByCurrentPage(m_stack);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("pcaProblem"));
    m_problem->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8c1d18; "
                                            "padding: 4px; border: 1px solid #e6b3ae; }"));
    m_problem->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_tabs);
    layout->addWidget(m_problem);
    layout->addWidget(m_stack, 1);
    setFocusProxy(m_view->plot());

    connect(m_tabs, &QTabBar::currentChanged, this,
            [this](int i) { setPanel(static_cast<Panel>(i)); });
    connect(m_view3d, &View3dPanel::used, this, [this] { setPanel(Panel::View3d); });
    connect(m_view, &PcaView::panelChanged, this,
            [this](PcaView::Panel p) { setPanel(static_cast<Panel>(int(p))); });
    connect(m_doc, &PcaDocument::dataChanged, this, [this] {
        showProblem({});
        emit titleChanged();
    });
    createMenus();

    loadPreset(QString::fromLatin1(kDefaultPreset));
    m_doc->undoStack()->clear();
}

PcaPage::~PcaPage() {
    m_view->stopAnimations();
    m_view3d->stopTurning();
    m_doc->cancelWork();
}

QList<QAction*> PcaPage::editActions() const {
    const PcaView::Actions& a = m_view->actions();
    return {a.inspectTool, a.sprayTool, a.eraseTool, m_clearAction};
}

QString PcaPage::subtitle() const {
    if (m_panel == Panel::Images) {
        const auto model = m_doc->images();
        return model ? tr("eigen-images of %1").arg(model->set) : tr("eigen-images");
    }
    if (m_panel == Panel::View3d) {
        const QString name = QString::fromStdString(m_view3d->data().name);
        return tr("%1 (%L2 points in 3D)")
            .arg(name.isEmpty() ? tr("untitled") : name)
            .arg(m_view3d->data().size());
    }
    const QString name = QString::fromStdString(m_doc->data().name);
    return tr("%1 (%L2 points)")
        .arg(name.isEmpty() ? tr("untitled") : name)
        .arg(m_doc->data().size());
}

QCustomPlot* PcaPage::exportPlot() const {
    if (m_panel == Panel::Images)
        return m_images->scree();
    if (m_panel == Panel::View3d)
        return m_view3d->plot();
    return m_view->plot();
}

void PcaPage::setPanel(Panel panel) {
    if (panel == m_panel && m_tabs->currentIndex() == int(panel))
        return;
    m_panel = panel;
    {
        const QSignalBlocker block(m_tabs);
        m_tabs->setCurrentIndex(int(panel));
    }
    if (panel != Panel::View3d)
        m_view3d->stopTurning();
    if (panel == Panel::Images) {
        m_view->stopAnimations();
        m_stack->setCurrentWidget(m_images);
        if (m_doc->imagesRequested().isEmpty() && !m_doc->images())
            m_images->setImageSet(m_images->imageSet());
    } else if (panel == Panel::View3d) {
        m_view->stopAnimations();
        m_stack->setCurrentWidget(m_view3d);
    } else {
        m_stack->setCurrentWidget(m_view);
        m_view->setPanel(static_cast<PcaView::Panel>(int(panel)));
    }
    for (int i = 0; i < m_panelActions.size(); ++i)
        m_panelActions[i]->setChecked(i == int(panel));
    emit titleChanged();
}

void PcaPage::showProblem(const QString& text) {
    m_lastRefusal = text;
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

QString PcaPage::problemText() const {
    if (!m_lastRefusal.isEmpty())
        return m_lastRefusal;
    if (m_panel == Panel::View3d)
        return m_view3d->problem();
    return m_doc->fit() ? QString() : m_doc->fitError();
}

// ---- Menus ----------------------------------------------------------------------------------

void PcaPage::createMenus() {
    m_clearAction = makePageAction(this, nullptr, tr("&Clear points"), {},
                                   tr("Remove every point (undo: Ctrl+Z)"), "clear", [this] {
                                       PointSet empty;
                                       empty.points.resize(2, 0);
                                       empty.name = "drawn";
                                       m_doc->setData(std::move(empty), tr("Clear points"));
                                   });

    // Data: the PCA presets (one Gaussian-looking cloud each), generated sets, CSV.
    std::vector<std::pair<std::string, std::string>> list;
    for (const PcaPresetInfo& p : pcaPresets())
        list.emplace_back(p.name, p.description);
    m_dataMenu = new QMenu(tr("&Data"), this);
    addPresetMenu(m_dataMenu, list, "pcaPreset_", this,
                  [this](const QString& name) { loadPreset(name); });
    const GeneratorPanel::Actions& g = m_view->generator()->actions();
    QMenu* presets3d = m_dataMenu->addMenu(tr("&3D presets"));
    for (const PcaPresetInfo& p : pca3dPresets()) {
        const QString name = QString::fromStdString(p.name);
        QAction* a = presets3d->addAction(
            QStringLiteral("%1 — %2").arg(name, QString::fromStdString(p.description)));
        a->setObjectName("pca3dPreset_" + name);
        connect(a, &QAction::triggered, this, [this, name] {
            m_view3d->loadPreset(name);
            setPanel(Panel::View3d);
            emit titleChanged();
        });
    }
    m_dataMenu->addAction(g.generate);
    m_dataMenu->addSeparator();
    makePageAction(this, m_dataMenu, tr("Save points as &CSV…"), {},
                   tr("Write the points to a CSV file"), "pcaSaveCsv",
                   [this] { saveCsvDialog(this, [this](const QString& path) { saveCsv(path); }); });

    m_modelMenu = new QMenu(tr("&Model"), this);
    QMenu* panels = m_modelMenu->addMenu(tr("&Panel"));
    const QStringList& titles = panelTitles();
    for (int i = 0; i < titles.size(); ++i) {
        QAction* a = panels->addAction(titles[i]);
        a->setCheckable(true);
        a->setChecked(i == 0);
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        a->setObjectName("pcaPanel_" + panelNames()[i]);
        setShortcutTip(a, tr("Show the %1 panel").arg(QString(titles[i]).remove('&')));
        a->setProperty("keymapGroup", tr("PCA panels"));
        connect(a, &QAction::triggered, this, [this, i] { setPanel(static_cast<Panel>(i)); });
        addAction(a);
        m_panelActions << a;
    }
    const PcaView::Actions& v = m_view->actions();
    m_modelMenu->addAction(v.residuals);
    m_modelMenu->addAction(v.posterior);
    m_modelMenu->addAction(v.ellipses);
    m_modelMenu->addSeparator();
    m_modelMenu->addAction(g.sample);
    m_modelMenu->addAction(g.fit);
    QMenu* em = m_modelMenu->addMenu(tr("EM for &PPCA"));
    const EmPanel::Actions& e = m_view->em()->actions();
    for (QAction* a :
         {e.next, e.eStep, e.mStep, e.iterate, e.back, e.play, e.run, e.reset, e.first, e.last})
        em->addAction(a);
    QMenu* ae = m_modelMenu->addMenu(tr("Linear &autoencoder"));
    const AutoencoderPanel::Actions& a = m_view->autoencoder()->actions();
    for (QAction* x : {a.step, a.play, a.reset})
        ae->addAction(x);
    QMenu* v3 = m_modelMenu->addMenu(tr("&3D view"));
    const View3dPanel::Actions& t = m_view3d->actions();
    for (QAction* x : {t.lookAlongPc3, t.pcBasis, t.toggleQ})
        v3->addAction(x);
}

// ---- Data ---------------------------------------------------------------------------------

bool PcaPage::loadPreset(const QString& name, std::uint64_t seed) {
    try {
        PointSet set = makePcaPreset(name.toStdString(), seed);
        m_view->stopAnimations();
        m_doc->setData(std::move(set), tr("Preset %1").arg(name));
    } catch (const std::exception& e) {
        emit error(tr("Cannot load preset"), QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void PcaPage::saveCsv(const QString& path) {
    writeCsv(path.toStdString(), m_doc->data());
    emit message(tr("Saved %1").arg(path), 5000);
}

void PcaPage::openFile(const QString& path) {
    try {
        PointSet set = readCsv(path.toStdString());
        if (set.name.empty())
            set.name = QFileInfo(path).fileName().toStdString();
        if (set.dimension() != 2 && set.dimension() != 3)
            throw ArgumentError("the PCA view opens 2 columns (the 2D panels) or 3 (the 3D "
                                "panel), not " +
                                std::to_string(set.dimension()));
        m_view->stopAnimations();
        if (set.dimension() == 3) {
            // Not undoable: the 3D view keeps no history (its data is one file or preset).
            m_view3d->setData(std::move(set));
            showProblem({});
            setPanel(Panel::View3d);
        } else {
            m_doc->setData(std::move(set), tr("Open %1").arg(QFileInfo(path).fileName()));
        }
    } catch (const FileError& e) {
        showProblem(tr("Not opened: %1").arg(QString::fromUtf8(e.what())));
        throw;
    } catch (const std::exception& e) {
        const FileError named(path.toStdString(), e.what());
        showProblem(tr("Not opened: %1").arg(QString::fromUtf8(named.what())));
        throw named;
    }
    emit titleChanged();
}

// ---- Sessions (core/linear/pca_session.h reads and writes them) --------------------------

nlohmann::json PcaPage::saveSession() const {
    PcaSession s;
    s.data = m_doc->data();
    s.q = m_doc->q();
    if (const auto& t = m_doc->truth())
        s.truth = PcaSession::Truth{t->mean.head<2>(), t->w.col(0).head<2>(), t->sigma2};
    s.panel = panelNames()[int(m_panel)].toStdString();
    s.residuals = m_view->showResiduals();
    s.posterior = m_view->showPosterior();
    s.sigma2 = m_view->generator()->sigma2();
    s.autoencoder = toString(m_doc->autoencoderKind());
    if (const PpcaEm* em = m_doc->em())
        s.emState = em->currentState();
    s.imageSet = m_images->imageSet().toStdString();
    s.imageQ = m_images->reconstructionQ();
    s.testImage = m_images->testImage();
    PcaSession::View3d v;
    v.data = m_view3d->data();
    v.q = m_view3d->q();
    v.rotation = m_view3d->rotation();
    v.residuals = m_view3d->showResiduals();
    s.view3d = v;
    return toJson(s);
}

void PcaPage::loadSession(const nlohmann::json& payload, const QString& path) {
    // Everything is read and checked before anything changes.
    PcaSession s = pcaSessionFromJson(payload, path.toStdString());
    std::optional<PcaTruth> truth;
    if (s.truth)
        truth = PcaTruth{s.truth->mean, s.truth->w, s.truth->sigma2};
    m_view->stopAnimations();
    try {
        m_doc->load(std::move(s.data), s.q, truth);
    } catch (const std::exception& e) {
        throw FileError(path.toStdString(), std::string("pca: ") + e.what());
    }
    for (AutoencoderKind k :
         {AutoencoderKind::Unconstrained, AutoencoderKind::Tied, AutoencoderKind::TiedOrthonormal})
        if (toString(k) == s.autoencoder)
            m_doc->setAutoencoderKind(k);
    if (const PpcaEm* em = m_doc->em()) {
        // Replay EM up to the saved state (deterministic: the same numbers as before).
        for (int i = em->stateCount(); i <= s.emState; ++i)
            m_doc->emStep();
        m_doc->emGoTo(std::min(s.emState, m_doc->em()->stateCount() - 1));
    }
    m_view->setShowResiduals(s.residuals);
    m_view->setShowPosterior(s.posterior);
    m_view->generator()->setSigma2(s.sigma2);
    m_images->setReconstructionQ(s.imageQ);
    m_images->setTestImage(s.testImage);
    if (s.view3d) {
        try {
            m_view3d->setData(std::move(s.view3d->data));
            m_view3d->setQ(s.view3d->q);
        } catch (const std::exception& e) {
            throw FileError(path.toStdString(), std::string("pca: view3d: ") + e.what());
        }
        m_view3d->setRotation(s.view3d->rotation);
        m_view3d->setShowResiduals(s.view3d->residuals);
    }
    const QString panel = QString::fromStdString(s.panel);
    if (panel == "images")
        m_images->setImageSet(QString::fromStdString(s.imageSet));
    setPanel(static_cast<Panel>(panelNames().indexOf(panel)));
    emit titleChanged();
}

// ---- Command line and frames ---------------------------------------------------------------

void PcaPage::applyOptions(const QHash<QString, QString>& values) {
    if (const QString problem = info().check(values); !problem.isEmpty())
        throw ArgumentError(problem.toStdString());
    const bool in3d = values.value("panel") == "3d";
    if (in3d && values.contains("preset"))
        m_view3d->loadPreset(values.value("preset"), values.value("seed", "0").toULongLong());
    else if (values.contains("preset") &&
             !loadPreset(values.value("preset"), values.value("seed", "0").toULongLong()))
        throw ArgumentError(tr("cannot load preset %1").arg(values.value("preset")).toStdString());
    const bool images = values.contains("images") || values.value("panel") == "images";
    if (values.contains("q")) {
        if (images)
            m_images->setReconstructionQ(values.value("q").toInt());
        else if (in3d)
            m_view3d->setQ(values.value("q").toInt());
        else
            m_doc->setQ(values.value("q").toInt());
    }
    if (values.contains("panel"))
        setPanel(static_cast<Panel>(panelNames().indexOf(values.value("panel"))));
    if (images) {
        if (values.contains("images"))
            m_images->setImageSet(values.value("images"));
        setPanel(Panel::Images);
        m_doc->waitForIdle();
        if (!m_doc->images())
            throw ArgumentError(m_doc->imageError().toStdString());
    }
    m_doc->undoStack()->clear();
    if (values.contains("steps")) {
        const int steps = values.value("steps").toInt();
        for (int i = 0; i < steps && nextFrame(); ++i) {
        }
    }
}

void PcaPage::firstFrame() {
    m_view->stopAnimations();
    switch (m_panel) {
    case Panel::Em:
        if (!m_doc->em())
            throw ArgumentError(m_doc->emError().toStdString());
        m_doc->emGoTo(0);
        break;
    case Panel::Autoencoder:
        if (!m_doc->autoencoder())
            throw ArgumentError(m_doc->autoencoderError().toStdString());
        m_doc->autoencoderReset();
        break;
    case Panel::Story:
        m_view->generator()->clearStory();
        break;
    case Panel::View3d:
        if (!m_view3d->problem().isEmpty())
            throw ArgumentError(m_view3d->problem().toStdString());
        break;
    default:
        if (m_panel != Panel::Images && !m_doc->fit())
            throw ArgumentError(m_doc->fitError().toStdString());
        break;
    }
}

bool PcaPage::nextFrame() {
    switch (m_panel) {
    case Panel::Em:
        if (!m_doc->em())
            return false;
        m_doc->emStep();
        return true;
    case Panel::Autoencoder:
        if (!m_doc->autoencoder())
            return false;
        m_doc->autoencoderStep(1);
        return m_doc->autoencoderError().isEmpty();
    case Panel::Story:
        // The story starts from data the generator made: then its line is their truth.
        if (!m_doc->truth())
            m_view->generator()->generate();
        else
            m_view->generator()->drawSample(0);
        return true;
    default:
        return false;
    }
}

bool PcaPage::atLastFrame() const {
    switch (m_panel) {
    case Panel::Em:
        return m_doc->emAtEnd();
    case Panel::Autoencoder: {
        const LinearAutoencoder* ae = m_doc->autoencoder();
        return !ae || ae->current().anglesDegrees(0) < 0.5 || ae->steps() >= 2000;
    }
    case Panel::Story: {
        const auto& s = m_view->generator()->story();
        return s && s->landed.size() >= 40;
    }
    default:
        return true;
    }
}

QString PcaPage::frameCaption() const {
    switch (m_panel) {
    case Panel::Em:
        if (const PpcaEm* em = m_doc->em())
            return tr("EM for PPCA, iteration %1 · log-likelihood %L2")
                .arg(em->iteration())
                .arg(em->logLikelihood(), 0, 'f', 3);
        return {};
    case Panel::Autoencoder:
        if (const LinearAutoencoder* ae = m_doc->autoencoder())
            return tr("Linear autoencoder, step %1 · loss %2 · angle %3°")
                .arg(ae->steps())
                .arg(ae->loss(), 0, 'g', 5)
                .arg(ae->current().anglesDegrees(0), 0, 'f', 2);
        return {};
    default:
        return subtitle();
    }
}

// ---- Look ---------------------------------------------------------------------------------

void PcaPage::setScale(double scale) {
    m_view->setScale(scale);
    m_view3d->setScale(scale);
    m_images->setScale(scale);
    m_tabs->setFont(scaledFont(m_tabs->font(), scale));
}

void PcaPage::setLectureMode(bool on) {
    m_view->setLectureMode(on);
    m_images->setLectureMode(on);
}

void PcaPage::deactivated() {
    m_view->stopAnimations();
    m_view3d->stopTurning();
}

void PcaPage::finishWork() {
    m_view->stopAnimations();
    m_view3d->stopTurning();
    m_doc->cancelWork();
}

} // namespace latentlab
