#include "vae/vae_page.h"

#include "common/error.h"
#include "io/png_writer.h"
#include "vae/ae_vs_vae_view.h"
#include "vae/digit_canvas.h"
#include "vae/digit_image.h"
#include "vae/four_step_view.h"
#include "vae/latent_plot.h"
#include "vae/vae_document.h"
#include "vae/vae_training_panel.h"
#include "vae/vae_training_run.h"
#include "vae/vae_view.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace latentlab {

namespace {

/// The lessons' tab widget. QTabWidget counts its tab bar in its minimum height even while
/// the bar is hidden (lecture mode), which pushed the window past 720 px with the Prior
/// tab's samples shown; this one leaves a hidden bar out.
class LessonTabs : public QTabWidget {
public:
    using QTabWidget::QTabWidget;
    QSize minimumSizeHint() const override {
        QSize s = QTabWidget::minimumSizeHint();
        if (tabBar()->isHidden())
            s.rheight() -= tabBar()->minimumSizeHint().height();
        return s;
    }
};

/// "0, 1, 2, 3, 2b, 3b, ... or 4": the steps --walkthrough takes.
QString walkthroughSteps() {
    QStringList steps{QStringLiteral("0"), QStringLiteral("1")};
    const int rounds = FourStepOptions{}.rounds;
    for (int r = 1; r <= rounds; ++r)
        for (FourStepStage s : {FourStepStage::FitDecoder, FourStepStage::InferCodes})
            steps << QString::fromStdString(FourStepWalkthrough::label(s, r));
    return steps.join(QStringLiteral(", ")) + QObject::tr(" or 4");
}

/// The lesson tabs as --vae-tab names them, in tab order.
const QStringList kLessonTabs{QStringLiteral("explore"), QStringLiteral("four-steps"),
                              QStringLiteral("ae-vs-vae")};

constexpr double kStep = 0.1;      // arrow keys move z this far
constexpr double kBigStep = 0.5;   // with Shift
constexpr double kMaxOptionZ = 50; // --z beyond this is surely a typo
constexpr int kFrames = 40;        // frames of an exported interpolation, A and B included
constexpr std::size_t kMaxStrokes = 10000, kMaxStrokePoints = 1000000;
/// The model combo's data for a model trained in the app and not saved yet.
const QString kTrainingItem = QStringLiteral("<training>");

/// "X,Y" as two finite numbers within kMaxOptionZ, or nullopt.
std::optional<Eigen::Vector2d> parseZ(const QString& text) {
    const QStringList parts = text.split(',');
    if (parts.size() != 2)
        return std::nullopt;
    Eigen::Vector2d z;
    for (int i = 0; i < 2; ++i) {
        bool ok = false;
        z[i] = parts[i].trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(z[i]) || std::abs(z[i]) > kMaxOptionZ)
            return std::nullopt;
    }
    return z;
}

/// Reads a session payload, naming the session file and the entry in every error.
struct PayloadReader {
    const nlohmann::json& j;
    const std::string path;

    [[noreturn]] void fail(const std::string& what) const {
        throw FileError(path, "VAE view: " + what);
    }
    const nlohmann::json* find(const char* key) const {
        const auto it = j.find(key);
        return it == j.end() ? nullptr : &*it;
    }
    double number(const nlohmann::json& v, const std::string& what, double lo, double hi) const {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo ||
            v.get<double>() > hi)
            fail("'" + what + "' must be a number from " + std::to_string(lo) + " to " +
                 std::to_string(hi));
        return v.get<double>();
    }
    bool boolean(const nlohmann::json& v, const std::string& what) const {
        if (!v.is_boolean())
            fail("'" + what + "' must be true or false");
        return v.get<bool>();
    }
    std::string text(const nlohmann::json& v, const std::string& what) const {
        if (!v.is_string())
            fail("'" + what + "' must be a string");
        return v.get<std::string>();
    }
    Eigen::Vector2d point(const nlohmann::json& v, const std::string& what, double lo,
                          double hi) const {
        if (!v.is_array() || v.size() != 2)
            fail("'" + what + "' must be a pair of numbers");
        return {number(v[0], what, lo, hi), number(v[1], what, lo, hi)};
    }
    /// {"on": bool, "seed": n}
    std::pair<bool, std::uint64_t> toggle(const char* key, std::pair<bool, std::uint64_t> d) const {
        const nlohmann::json* v = find(key);
        if (!v)
            return d;
        if (!v->is_object())
            fail(std::string("'") + key + "' must be an object");
        const auto on = v->find("on"), seed = v->find("seed");
        if (on != v->end())
            d.first = boolean(*on, std::string(key) + ".on");
        if (seed != v->end()) {
            if (!seed->is_number_unsigned())
                fail(std::string("'") + key + ".seed' must be a whole number >= 0");
            d.second = seed->get<std::uint64_t>();
        }
        return d;
    }
};

} // namespace

PageInfo VaePage::info() {
    PageInfo i;
    i.id = QStringLiteral("vae");
    i.title = tr("VAE");
    i.options = {
        QCommandLineOption(QStringLiteral("model"),
                           tr("VAE view: the model, mnist (default), fashion or a .llvae file."),
                           QStringLiteral("M")),
        QCommandLineOption(QStringLiteral("z"),
                           tr("VAE view: the latent point decoded, e.g. --z 0.5,-1.2."),
                           QStringLiteral("Z1,Z2")),
        QCommandLineOption(QStringLiteral("grid"),
                           tr("VAE view: show the N x N manifold grid (%1 to %2) with the scatter.")
                               .arg(kVaeGridMin)
                               .arg(kVaeGridMax),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("show"),
                           tr("VAE view: what the plane shows: scatter, grid or both."),
                           QStringLiteral("WHAT")),
        QCommandLineOption(QStringLiteral("vae-tab"),
                           tr("VAE view: the tab in front: explore, four-steps or ae-vs-vae "
                              "(ae-vs-vae trains both models first; --z decodes there with "
                              "both)."),
                           QStringLiteral("TAB")),
        QCommandLineOption(
            QStringLiteral("walkthrough"),
            tr("VAE view: the four-step walkthrough after step STEP: %1.").arg(walkthroughSteps()),
            QStringLiteral("STEP")),
        QCommandLineOption(QStringLiteral("train-epochs"),
                           tr("VAE view: train a VAE for N epochs in the app (what Start does), "
                              "then show it."),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("train-data"),
                           tr("VAE view: what to train on: mnist (default), fashion or an IDX "
                              "images file."),
                           QStringLiteral("DATA")),
        QCommandLineOption(QStringLiteral("train-hidden"),
                           tr("VAE view: hidden layer sizes for training (default 512,256)."),
                           QStringLiteral("N,N")),
        QCommandLineOption(QStringLiteral("train-batch"),
                           tr("VAE view: images per gradient step (default 128)."),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("train-lr"),
                           tr("VAE view: Adam's learning rate (default 0.001)."),
                           QStringLiteral("R")),
        QCommandLineOption(
            QStringLiteral("beta"),
            tr("VAE view: weight of the KL term when training, 0 to 10 (default 1)."),
            QStringLiteral("B")),
        QCommandLineOption(QStringLiteral("threads"),
                           tr("VAE view: the trainer's threads (default 2 at most)."),
                           QStringLiteral("T")),
        QCommandLineOption(QStringLiteral("save-model"),
                           tr("VAE view: after --train-epochs, save the model as a .llvae file."),
                           QStringLiteral("OUT")),
    };
    i.check = [](const QHash<QString, QString>& values) -> QString {
        if (values.contains("preset"))
            return tr("the VAE view has no presets; choose a model with --model");
        if (values.contains("z") && !parseZ(values.value("z")))
            return tr("--z must be two numbers from -%1 to %1 separated by a comma, got \"%2\"")
                .arg(kMaxOptionZ)
                .arg(values.value("z"));
        if (values.contains("grid")) {
            bool ok = false;
            const int n = values.value("grid").toInt(&ok);
            if (!ok || n < kVaeGridMin || n > kVaeGridMax)
                return tr("--grid must be a whole number from %1 to %2, got \"%3\"")
                    .arg(kVaeGridMin)
                    .arg(kVaeGridMax)
                    .arg(values.value("grid"));
        }
        if (values.contains("vae-tab") && !kLessonTabs.contains(values.value("vae-tab")))
            return tr("--vae-tab must be %1, got \"%2\"")
                .arg(kLessonTabs.join(", "), values.value("vae-tab"));
        if (values.contains("walkthrough") &&
            FourStepWalkthrough::stepsFor(values.value("walkthrough").toStdString(),
                                          FourStepOptions{}.rounds) < 0)
            return tr("--walkthrough must be a step of the walkthrough: %1; got \"%2\"")
                .arg(walkthroughSteps(), values.value("walkthrough"));
        if (values.contains("walkthrough") && values.contains("vae-tab") &&
            values.value("vae-tab") != "four-steps")
            return tr("--walkthrough shows the four-steps tab, not %1")
                .arg(values.value("vae-tab"));
        if (values.contains("show") && !parseLayers(values.value("show")))
            return tr("--show must be scatter, grid or both, got \"%1\"").arg(values.value("show"));
        auto number = [&](const char* name, double lo, double hi, bool whole) -> QString {
            if (!values.contains(name))
                return {};
            bool ok = false;
            const double v = values.value(name).toDouble(&ok);
            if (!ok || !(v >= lo && v <= hi) || (whole && v != std::floor(v)))
                return tr("--%1 must be %2 from %3 to %4, got \"%5\"")
                    .arg(QString::fromLatin1(name), whole ? tr("a whole number") : tr("a number"))
                    .arg(lo)
                    .arg(hi)
                    .arg(values.value(name));
            return {};
        };
        for (const QString& problem :
             {number("train-epochs", 1, 100000, true), number("train-batch", 1, 4096, true),
              number("train-lr", 1e-5, 1, false), number("beta", 0, 10, false),
              number("threads", 1, 256, true)})
            if (!problem.isEmpty())
                return problem;
        for (const char* name : {"train-data", "train-hidden", "train-batch", "train-lr", "beta",
                                 "threads", "save-model"})
            if (values.contains(name) && !values.contains("train-epochs"))
                return tr("--%1 needs --train-epochs N").arg(QString::fromLatin1(name));
        if (values.contains("train-epochs") && values.value("seed").toULongLong() > 2147483647)
            return tr("--seed for training must be at most 2147483647");
        VaeTrainingSettings data;
        if (values.contains("train-data") && !parseTrainingData(values.value("train-data"), data))
            return tr("--train-data: %1: no such file (or give mnist or fashion)")
                .arg(values.value("train-data"));
        if (values.contains("train-hidden") && !parseHiddenSizes(values.value("train-hidden")))
            return tr("--train-hidden must be up to 16 sizes from 1 to 65536 separated by commas, "
                      "got \"%1\"")
                .arg(values.value("train-hidden"));
        if (values.contains("model") && !shippedModelNames().contains(values.value("model")) &&
            !QFileInfo(values.value("model")).isFile())
            return tr("--model: %1: no such file (or give mnist or fashion)")
                .arg(values.value("model"));
        return {};
    };
    i.create = [](QWidget* parent) { return new VaePage(parent); };
    return i;
}

VaePage::VaePage(QWidget* parent)
    : Page(parent), m_doc(new VaeDocument(this)), m_view(new VaeView(m_doc, this)) {
    m_fourSteps = new FourStepView;
    m_aeVsVae = new AeVsVaeView;
    m_tabs = new LessonTabs;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Explore"));
    m_tabs->addTab(m_fourSteps, tr("Four steps"));
    m_tabs->addTab(m_aeVsVae, tr("AE vs VAE"));
    m_tabs->setTabToolTip(0, tr("The shipped model's latent plane, decoder and encoder"));
    m_tabs->setTabToolTip(1, tr("Training a VAE in four steps, stepped like EM"));
    m_tabs->setTabToolTip(2, tr("An autoencoder and a VAE side by side: why an autoencoder "
                                "cannot generate"));
    m_tabs->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setFocusProxy(m_view->plot());
    createModelBar();
    createMenus();
    m_run = new VaeTrainingRun(this);
    m_trainingPanel = new VaeTrainingPanel(m_run);
    m_view->addTrainingTab(m_trainingPanel);
    createTrainingMenu();
    connect(m_run, &VaeTrainingRun::snapshotEncoded, m_doc, &VaeDocument::showTrainingSnapshot);
    connect(m_run, &VaeTrainingRun::stateChanged, this, &VaePage::updateTrainingActions);
    connect(m_doc, &VaeDocument::trainingSnapshotChanged, this, &VaePage::syncModelBar);
    connect(m_doc, &VaeDocument::settingsChanged, this, &VaePage::syncModelBar);
    connect(m_doc, &VaeDocument::modelChanged, this, &VaePage::syncModelBar);
    connect(m_doc, &VaeDocument::modelChanged, this, &Page::titleChanged);
    syncModelBar();
}

VaePage::~VaePage() {
    m_run->reset();
    m_doc->cancelWork();
}

void VaePage::ensureModel() {
    // The shipped model is read when the page is first shown (or given options or a
    // session), so a window that never shows the VAE lesson never reads it.
    if (m_started)
        return;
    m_started = true;
    if (!m_doc->model())
        m_doc->resetModel(QStringLiteral("mnist"));
}

void VaePage::activated() {
    ensureModel();
}

void VaePage::deactivated() {
    m_view->setWalking(false);
    m_fourSteps->stop();
}

QString VaePage::title() const {
    return tr("VAE");
}

Document* VaePage::document() const {
    return m_doc;
}

QList<QMenu*> VaePage::menus() const {
    return {m_modelMenu, m_latentMenu, m_trainingMenu};
}

QString VaePage::subtitle() const {
    const auto m = m_doc->model();
    return m ? m->title : tr("no model");
}

QString VaePage::currentTab() const {
    return kLessonTabs.value(m_tabs->currentIndex());
}

void VaePage::showTab(const QString& name) {
    if (const int i = int(kLessonTabs.indexOf(name)); i >= 0)
        m_tabs->setCurrentIndex(i);
}

void VaePage::showTrainingTab() {
    // Training is watched in the Explore lesson's latent plane, beside its Train tab.
    showTab(QStringLiteral("explore"));
    m_view->showTrainingTab();
}

QCustomPlot* VaePage::exportPlot() const {
    if (m_tabs->currentWidget() == m_fourSteps)
        return m_fourSteps->plot();
    if (m_tabs->currentWidget() == m_aeVsVae)
        return m_aeVsVae->plot(1);
    return m_view->plot();
}

// ---- Frames: the interpolation from A to B --------------------------------------------------

void VaePage::firstFrame() {
    ensureModel();
    m_doc->waitForIdle();
    if (!m_doc->model())
        throw ArgumentError(m_doc->modelError().toStdString());
    m_view->setWalking(false);
    if (!m_doc->settings().showLine)
        m_doc->setShowLine(true);
    m_frame = 0;
    m_doc->setZ(m_doc->settings().lineA);
}

bool VaePage::nextFrame() {
    if (m_frame >= kFrames - 1)
        return false;
    ++m_frame;
    const VaeSettings& s = m_doc->settings();
    m_doc->setZ(s.lineA + (double(m_frame) / (kFrames - 1)) * (s.lineB - s.lineA));
    return true;
}

bool VaePage::atLastFrame() const {
    return m_frame >= kFrames - 1;
}

QString VaePage::frameCaption() const {
    const Eigen::Vector2d z = m_doc->z();
    return tr("z = (%1, %2), step %3 of %4 from A to B")
        .arg(z.x(), 0, 'f', 2)
        .arg(z.y(), 0, 'f', 2)
        .arg(m_frame)
        .arg(kFrames - 1);
}

// ---- Menus and the model bar --------------------------------------------------------------

void VaePage::createMenus() {

    m_modelMenu = new QMenu(tr("&Model"), this);
    for (const QString& name : shippedModelNames())
        makePageAction(this, m_modelMenu, shippedModelTitle(name), {},
                       tr("Show the %1 model and its test images").arg(shippedModelTitle(name)),
                       "model_" + name, [this, name] {
                           try {
                               m_doc->setModel(name);
                           } catch (const std::exception& e) {
                               emit error(tr("Cannot load the model"), QString::fromUtf8(e.what()));
                           }
                       });
    makePageAction(this, m_modelMenu, tr("Open model &file…"), {},
                   tr("Open a .llvae file made by latentlab-cli vae-train"), "openModel",
                   [this] { chooseModelFile(); });
    m_modelMenu->addSeparator();
    m_modelMenu->addAction(m_modelBar->toggleViewAction());
    // The lesson tabs (their bar is hidden in lecture mode, where these keys switch them).
    m_modelMenu->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i)
        makePageAction(this, m_modelMenu, m_tabs->tabText(i),
                       {QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i))}, m_tabs->tabToolTip(i),
                       "tab_" + kLessonTabs[i], [this, i] { m_tabs->setCurrentIndex(i); })
            ->setProperty("keymapGroup", tr("VAE tabs"));

    m_latentMenu = new QMenu(tr("&Latent space"), this);
    const struct {
        const char* name;
        QString text;
        Qt::Key key;
        double dx, dy;
    } moves[] = {{"left", tr("Move z left"), Qt::Key_Left, -1, 0},
                 {"right", tr("Move z right"), Qt::Key_Right, 1, 0},
                 {"up", tr("Move z up"), Qt::Key_Up, 0, 1},
                 {"down", tr("Move z down"), Qt::Key_Down, 0, -1}};
    for (const auto& m : moves) {
        // One action for the key with and without Shift: Shift takes the bigger step.
        QAction* a = makePageAction(
            this, m_latentMenu, m.text, {QKeySequence(m.key), QKeySequence(Qt::SHIFT | m.key)},
            tr("Move z by %1 (with Shift: %2)").arg(kStep).arg(kBigStep),
            QString::fromLatin1(m.name), [this, m] {
                const bool far = QGuiApplication::keyboardModifiers() & Qt::ShiftModifier;
                const double step = far ? kBigStep : kStep;
                moveZ(m.dx * step, m.dy * step);
            });
        a->setProperty("keymapGroup", tr("move z (with Shift: further)"));
    }
    makePageAction(this, m_latentMenu, tr("z to the &origin"), {QKeySequence(Qt::Key_Home)},
                   tr("Move z to the prior's mean (0, 0)"), "origin", [this] {
                       m_doc->setZ({0, 0});
                   });
    m_latentMenu->addSeparator();
    makePageAction(
        this, m_latentMenu, tr("&Scatter, grid, both"), {QKeySequence(Qt::Key_G)},
        tr("Show the test images, the manifold grid or both (the grid faded)"), "layers", [this] {
            const LatentLayers next[] = {LatentLayers::Grid, LatentLayers::Both,
                                         LatentLayers::Scatter};
            m_doc->setLayers(next[int(m_doc->settings().layers)]);
        });
    makePageAction(this, m_latentMenu, tr("&Finer grid"), {QKeySequence(Qt::Key_BracketRight)},
                   tr("Two more rows and columns in the grid"), "finer",
                   [this] { m_doc->setGridSize(m_doc->settings().gridN + 2); });
    makePageAction(this, m_latentMenu, tr("&Coarser grid"), {QKeySequence(Qt::Key_BracketLeft)},
                   tr("Two fewer rows and columns in the grid"), "coarser",
                   [this] { m_doc->setGridSize(m_doc->settings().gridN - 2); });
    m_latentMenu->addSeparator();
    QAction* sample =
        makePageAction(this, m_latentMenu, tr("Bernoulli &sample"), {QKeySequence(Qt::Key_S)},
                       tr("Show one sample x ~ p(x|z) instead of the means"), "sample",
                       [this](bool on) { m_doc->setShowSample(on); });
    sample->setCheckable(true);
    makePageAction(this, m_latentMenu, tr("&New sample"), {QKeySequence(Qt::SHIFT | Qt::Key_S)},
                   tr("Draw another Bernoulli sample"), "resample", [this] { m_doc->resample(); });
    QAction* prior = makePageAction(
        this, m_latentMenu, tr("Samples from the &prior"), {QKeySequence(Qt::Key_P)},
        tr("Show 64 samples z ~ N(0, I) on the plane and decoded"), "prior", [this](bool on) {
            m_doc->setShowPrior(on);
            if (on)
                m_view->showTab(VaeView::PriorTab);
        });
    prior->setCheckable(true);
    makePageAction(this, m_latentMenu, tr("&Reseed the prior samples"),
                   {QKeySequence(Qt::SHIFT | Qt::Key_P)}, tr("Draw 64 new samples from the prior"),
                   "reseedPrior", [this] {
                       m_doc->reseedPrior();
                       m_view->showTab(VaeView::PriorTab);
                   });
    m_latentMenu->addSeparator();
    makePageAction(this, m_latentMenu, tr("Interpolate &from z (A)"), {QKeySequence(Qt::Key_A)},
                   tr("Start the interpolation at z"), "lineA", [this] {
                       m_doc->setLineEnd(0, m_doc->z());
                       m_view->showTab(VaeView::LineTab);
                   });
    makePageAction(this, m_latentMenu, tr("Interpolate &to z (B)"), {QKeySequence(Qt::Key_B)},
                   tr("End the interpolation at z"), "lineB", [this] {
                       m_doc->setLineEnd(1, m_doc->z());
                       m_view->showTab(VaeView::LineTab);
                   });
    makePageAction(this, m_latentMenu, tr("&Walk from A to B"), {QKeySequence(Qt::Key_W)},
                   tr("Move z along the interpolation and back (again: stop)"), "walk", [this] {
                       m_view->setWalking(!m_view->walking());
                       m_view->showTab(VaeView::LineTab);
                   });
    m_latentMenu->addSeparator();
    makePageAction(this, m_latentMenu, tr("&Drawing pad"), {QKeySequence(Qt::Key_D)},
                   tr("Show the drawing pad"), "pad", [this] { m_view->showTab(VaeView::PadTab); });
    makePageAction(this, m_latentMenu, tr("&Clear the drawing"), {QKeySequence(Qt::Key_Delete)},
                   tr("Clear the drawing pad (undo: Ctrl+Z)"), "clearDrawing",
                   [this] { m_doc->clearDrawing(); });
    m_latentMenu->addSeparator();
    makePageAction(
        this, m_latentMenu, tr("Export the decoded &image…"), {},
        tr("Save the decoded image at the cross as a 28 x 28 PNG (as latentlab-cli vae-decode)"),
        "exportDecoded", [this] { chooseExportPath(false); });
    makePageAction(this, m_latentMenu, tr("Export the manifold &grid…"), {},
                   tr("Save the N x N grid of decodes as one PNG, 28 pixels a tile"), "exportGrid",
                   [this] { chooseExportPath(true); });
    connect(m_doc, &VaeDocument::settingsChanged, this, [sample, prior, this] {
        sample->setChecked(m_doc->settings().showSample);
        prior->setChecked(m_doc->settings().showPrior);
    });
}

void VaePage::createModelBar() {
    m_modelBar = new QToolBar(tr("VAE"), this);
    m_modelBar->setObjectName("modelBar_vae");
    m_modelBar->setMovable(false);
    auto label = [this](const QString& text) { m_modelBar->addWidget(new QLabel(text)); };

    label(tr(" Model "));
    m_modelCombo = new QComboBox;
    m_modelCombo->setToolTip(tr("The VAE shown: a shipped model or a .llvae file"));
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modelBar->addWidget(m_modelCombo);
    connect(m_modelCombo, &QComboBox::activated, this, [this](int i) {
        const QString source = m_modelCombo->itemData(i).toString();
        if (source == kTrainingItem)
            return; // the model being trained is shown already
        if (source.isEmpty()) {
            chooseModelFile();
            syncModelBar();
            return;
        }
        try {
            m_doc->setModel(source);
        } catch (const std::exception& e) {
            emit error(tr("Cannot load the model"), QString::fromUtf8(e.what()));
            syncModelBar();
        }
    });

    label(tr("  Show "));
    m_layersCombo = new QComboBox;
    m_layersCombo->addItem(tr("Test images"), int(LatentLayers::Scatter));
    m_layersCombo->addItem(tr("Manifold grid"), int(LatentLayers::Grid));
    m_layersCombo->addItem(tr("Both (grid faded)"), int(LatentLayers::Both));
    m_layersCombo->setToolTip(tr("What the plane shows (G)"));
    m_modelBar->addWidget(m_layersCombo);
    connect(m_layersCombo, &QComboBox::activated, this,
            [this](int i) { m_doc->setLayers(LatentLayers(m_layersCombo->itemData(i).toInt())); });

    label(tr("  Grid "));
    m_gridSpin = new QSpinBox;
    m_gridSpin->setRange(kVaeGridMin, kVaeGridMax);
    m_gridSpin->setSuffix(tr(" \u00d7 N"));
    m_gridSpin->setToolTip(tr("N x N decoded images over the plane ([ and ])"));
    m_modelBar->addWidget(m_gridSpin);
    connect(m_gridSpin, &QSpinBox::valueChanged, this, [this](int n) { m_doc->setGridSize(n); });

    label(tr("  Spacing "));
    m_spacingCombo = new QComboBox;
    m_spacingCombo->addItem(tr("Linear"), int(GridSpacing::Linear));
    m_spacingCombo->addItem(tr("Inverse normal CDF"), int(GridSpacing::InverseNormal));
    m_spacingCombo->setToolTip(tr("Grid points evenly spaced over [-extent, extent], or at "
                                  "equal steps of prior probability (Kingma and Welling)"));
    m_modelBar->addWidget(m_spacingCombo);
    connect(m_spacingCombo, &QComboBox::activated, this,
            [this](int i) { m_doc->setSpacing(GridSpacing(m_spacingCombo->itemData(i).toInt())); });

    label(tr("  Extent "));
    m_extentSpin = new QDoubleSpinBox;
    m_extentSpin->setRange(0.5, 10.0);
    m_extentSpin->setSingleStep(0.25);
    m_extentSpin->setDecimals(2);
    m_extentSpin->setToolTip(tr("The linear grid covers [-extent, extent] on both axes"));
    m_modelBar->addWidget(m_extentSpin);
    connect(m_extentSpin, &QDoubleSpinBox::valueChanged, this,
            [this](double e) { m_doc->setExtent(e); });
    for (QWidget* w : m_modelBar->findChildren<QWidget*>())
        w->setStatusTip(w->toolTip());
}

void VaePage::syncModelBar() {
    const VaeSettings& s = m_doc->settings();
    const QSignalBlocker a(m_modelCombo), b(m_layersCombo), c(m_gridSpin), d(m_spacingCombo),
        e(m_extentSpin);
    m_modelCombo->clear();
    for (const QString& name : shippedModelNames())
        m_modelCombo->addItem(shippedModelTitle(name), name);
    const auto model = m_doc->model();
    if (model && model->training)
        m_modelCombo->addItem(model->title, kTrainingItem);
    else if (model && !shippedModelNames().contains(model->source))
        m_modelCombo->addItem(model->title, model->source);
    m_modelCombo->addItem(tr("Open a file…"), QString());
    m_modelCombo->setCurrentIndex(
        model ? m_modelCombo->findData(model->training ? kTrainingItem : model->source) : -1);
    m_layersCombo->setCurrentIndex(m_layersCombo->findData(int(s.layers)));
    m_gridSpin->setValue(s.gridN);
    m_spacingCombo->setCurrentIndex(m_spacingCombo->findData(int(s.spacing)));
    m_extentSpin->setValue(s.extent);
    m_extentSpin->setEnabled(s.spacing == GridSpacing::Linear);
}

void VaePage::moveZ(double dx, double dy) {
    m_doc->setZ(m_doc->z() + Eigen::Vector2d(dx, dy));
}

void VaePage::chooseModelFile() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open a VAE model"), QString(), fileFilter());
    if (path.isEmpty())
        return;
    try {
        openFile(path);
    } catch (const std::exception& e) {
        emit error(tr("Cannot load the model"),
                   tr("%1\n\nThe current model stays.").arg(QString::fromUtf8(e.what())));
    }
}

void VaePage::chooseExportPath(bool grid) {
    const QString path = QFileDialog::getSaveFileName(
        this, grid ? tr("Export the manifold grid") : tr("Export the decoded image"),
        grid ? QStringLiteral("grid.png") : QStringLiteral("decoded.png"), tr("PNG (*.png)"));
    if (path.isEmpty())
        return;
    try {
        grid ? exportGridImage(path) : exportDecodedImage(path);
    } catch (const std::exception& e) {
        emit error(tr("Cannot export"), QString::fromUtf8(e.what()));
    }
}

namespace {
void writeGreyImage(const QImage& image, const QString& path) {
    if (image.isNull())
        throw ArgumentError("no model is loaded: nothing to export");
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    std::vector<std::uint8_t> pixels(std::size_t(grey.width()) * std::size_t(grey.height()));
    for (int y = 0; y < grey.height(); ++y)
        std::copy_n(grey.constScanLine(y), grey.width(),
                    pixels.begin() + std::ptrdiff_t(y) * grey.width());
    writeGrayPng(path.toStdString(), grey.width(), grey.height(), pixels);
}
} // namespace

void VaePage::exportDecodedImage(const QString& path) const {
    m_doc->waitForIdle();
    const auto& shown = m_doc->shownImage();
    writeGreyImage(shown.size() == std::size_t(kDigitSide * kDigitSide)
                       ? greyImage(shown.data(), kDigitSide, kDigitSide)
                       : QImage(),
                   path);
}

void VaePage::exportGridImage(const QString& path) const {
    m_doc->waitForIdle();
    const Eigen::MatrixXf& tiles = m_doc->gridTiles();
    writeGreyImage(tiles.cols() > 0 ? mosaicImage(tiles, m_doc->settings().gridN, 0) : QImage(),
                   path);
}

// ---- Files and sessions -----------------------------------------------------------------

QString VaePage::fileFilter() const {
    return tr("VAE models (*.llvae)");
}

bool VaePage::canOpen(const QString& path) const {
    return QFileInfo(path).suffix().compare("llvae", Qt::CaseInsensitive) == 0;
}

void VaePage::openFile(const QString& path) {
    m_started = true;
    m_doc->setModel(path); // throws FileError naming the file; the current model stays
    emit titleChanged();
}

nlohmann::json VaePage::saveSession() const {
    const VaeSettings& s = m_doc->settings();
    const auto model = m_doc->model();
    nlohmann::json strokes = nlohmann::json::array();
    for (const DigitStroke& stroke : m_doc->strokes()) {
        nlohmann::json points = nlohmann::json::array();
        for (const Eigen::Vector2d& p : stroke.points)
            points.push_back({p.x(), p.y()});
        strokes.push_back(std::move(points));
    }
    return {
        // A model trained here and not saved is not in any file: the session names the model
        // shown before (Training > Save keeps it, and then the session names its file).
        {"model", model && !model->training ? model->source.toStdString()
                  : model && !m_sourceBeforeTraining.isEmpty()
                      ? m_sourceBeforeTraining.toStdString()
                      : std::string("mnist")},
        {"z", {m_doc->z().x(), m_doc->z().y()}},
        {"show", toString(s.layers).toStdString()},
        {"grid",
         {{"n", s.gridN}, {"spacing", toString(s.spacing).toStdString()}, {"extent", s.extent}}},
        {"sample", {{"on", s.showSample}, {"seed", s.sampleSeed}}},
        {"prior", {{"on", s.showPrior}, {"seed", s.priorSeed}}},
        {"line",
         {{"on", s.showLine},
          {"a", {s.lineA.x(), s.lineA.y()}},
          {"b", {s.lineB.x(), s.lineB.y()}}}},
        {"selected", m_doc->selected()},
        {"strokes", std::move(strokes)},
    };
}

void VaePage::loadSession(const nlohmann::json& payload, const QString& path) {
    if (!payload.is_object())
        throw FileError(path.toStdString(), "VAE view: expected an object");
    const PayloadReader r{payload, path.toStdString()};
    VaeSettings s;
    QString source = QStringLiteral("mnist");
    if (const auto* v = r.find("model"))
        source = QString::fromStdString(r.text(*v, "model"));
    Eigen::Vector2d z = Eigen::Vector2d::Zero();
    if (const auto* v = r.find("z"))
        z = r.point(*v, "z", -1e3, 1e3);
    if (const auto* v = r.find("show")) {
        const auto l = parseLayers(QString::fromStdString(r.text(*v, "show")));
        if (!l)
            r.fail("'show' must be scatter, grid or both");
        s.layers = *l;
    }
    if (const auto* g = r.find("grid")) {
        if (!g->is_object())
            r.fail("'grid' must be an object");
        if (g->contains("n"))
            s.gridN = int(r.number((*g)["n"], "grid.n", kVaeGridMin, kVaeGridMax));
        if (g->contains("extent"))
            s.extent = r.number((*g)["extent"], "grid.extent", 0.5, 10.0);
        if (g->contains("spacing")) {
            const auto sp =
                parseSpacing(QString::fromStdString(r.text((*g)["spacing"], "grid.spacing")));
            if (!sp)
                r.fail("'grid.spacing' must be linear or inverse-normal");
            s.spacing = *sp;
        }
    }
    std::tie(s.showSample, s.sampleSeed) = r.toggle("sample", {s.showSample, s.sampleSeed});
    std::tie(s.showPrior, s.priorSeed) = r.toggle("prior", {s.showPrior, s.priorSeed});
    if (const auto* l = r.find("line")) {
        if (!l->is_object())
            r.fail("'line' must be an object");
        if (l->contains("on"))
            s.showLine = r.boolean((*l)["on"], "line.on");
        if (l->contains("a"))
            s.lineA = r.point((*l)["a"], "line.a", -1e3, 1e3);
        if (l->contains("b"))
            s.lineB = r.point((*l)["b"], "line.b", -1e3, 1e3);
    }
    int selected = -1;
    if (const auto* v = r.find("selected"))
        selected = int(r.number(*v, "selected", -1, 1e9));
    std::vector<DigitStroke> strokes;
    if (const auto* v = r.find("strokes")) {
        if (!v->is_array() || v->size() > kMaxStrokes)
            r.fail("'strokes' must be a list of at most " + std::to_string(kMaxStrokes) +
                   " strokes");
        std::size_t total = 0;
        for (const auto& stroke : *v) {
            if (!stroke.is_array() || (total += stroke.size()) > kMaxStrokePoints)
                r.fail("'strokes' must hold lists of points, at most " +
                       std::to_string(kMaxStrokePoints) + " in all");
            DigitStroke d;
            for (const auto& p : stroke)
                d.points.push_back(r.point(p, "strokes", 0.0, 1.0));
            strokes.push_back(std::move(d));
        }
    }
    std::shared_ptr<const VaeLoadedModel> model;
    try {
        model = VaeDocument::readModel(source);
    } catch (const std::exception& e) {
        throw FileError(path.toStdString(), std::string("cannot load its VAE model: ") + e.what());
    }
    m_started = true;
    m_doc->load(std::move(model), s, std::move(strokes), z, selected);
    emit titleChanged();
}

// ---- Command line -------------------------------------------------------------------------

void VaePage::applyOptions(const QHash<QString, QString>& values) {
    if (const QString problem = info().check(values); !problem.isEmpty())
        throw ArgumentError(problem.toStdString());
    m_started = true;
    if (values.contains("model"))
        m_doc->setModel(values.value("model")); // throws FileError naming the file
    else
        ensureModel();
    if (!m_doc->model())
        throw ArgumentError(m_doc->modelError().toStdString());
    VaeSettings s = m_doc->settings();
    if (values.contains("grid")) {
        s.gridN = values.value("grid").toInt();
        s.layers = LatentLayers::Both;
    }
    if (values.contains("show"))
        s.layers = *parseLayers(values.value("show"));
    m_doc->setSettings(s, tr("Options"));
    if (values.contains("z"))
        m_doc->setZ(*parseZ(values.value("z")));
    m_doc->undoStack()->clear();
    m_doc->waitForIdle();
    if (values.contains("train-epochs"))
        applyTrainingOptions(values);
    if (values.contains("walkthrough")) {
        showTab(QStringLiteral("four-steps"));
        m_fourSteps->runTo(FourStepWalkthrough::stepsFor(
            values.value("walkthrough").toStdString(),
            m_fourSteps->walkthrough() ? m_fourSteps->walkthrough()->options().rounds
                                       : FourStepOptions{}.rounds));
    } else if (values.contains("vae-tab")) {
        showTab(values.value("vae-tab"));
    }
    if (currentTab() == QStringLiteral("ae-vs-vae")) {
        m_aeVsVae->waitForResult();
        if (!m_aeVsVae->hasResult())
            throw ArgumentError("AE vs VAE: " + m_aeVsVae->summaryText().toStdString());
        if (values.contains("z")) // both models' decodes at z
            m_aeVsVae->setZ(*parseZ(values.value("z")));
    }
}

// ---- Look -----------------------------------------------------------------------------------

void VaePage::setScale(double scale) {
    m_view->setScale(scale);
    m_fourSteps->setScale(scale);
    m_aeVsVae->setScale(scale);
    m_trainingPanel->setScale(scale);
}

void VaePage::setPaletteKind(PaletteKind kind) {
    m_view->setPaletteKind(kind);
}

void VaePage::setLectureMode(bool on) {
    // The plane before the tab bar: the tabs stay on Alt+1, Alt+2, Alt+3.
    m_tabs->tabBar()->setVisible(!on);
    m_tabs->updateGeometry();
    m_view->setLectureMode(on);
    m_fourSteps->setLectureMode(on);
    m_aeVsVae->setLectureMode(on);
    m_trainingPanel->setLectureMode(on);
}

void VaePage::finishWork() {
    m_view->setWalking(false);
    m_fourSteps->stop();
    m_aeVsVae->stop();
    m_run->halt();
    m_doc->cancelWork();
}

// ---- Training ---------------------------------------------------------------------------------

void VaePage::createTrainingMenu() {
    m_trainingMenu = new QMenu(tr("&Training"), this);
    m_startAction = makePageAction(
        this, m_trainingMenu, tr("&Start training"), {QKeySequence(Qt::Key_F5)},
        tr("Train a VAE with the Train tab's settings and watch the plane organise itself"),
        "trainStart", [this] { startTraining(); });
    m_pauseAction = makePageAction(this, m_trainingMenu, tr("&Pause"), {QKeySequence(Qt::Key_F6)},
                                   tr("Pause the training between two batches (again: resume)"),
                                   "trainPause", [this] {
                                       if (m_run->state() == VaeTrainingRun::State::Paused)
                                           m_run->resume();
                                       else
                                           m_run->pause();
                                   });
    m_stopAction = makePageAction(
        this, m_trainingMenu, tr("S&top"), {QKeySequence(Qt::SHIFT | Qt::Key_F5)},
        tr("Stop after the current batch; the last weights stay, to explore or save"), "trainStop",
        [this] { m_run->stop(); });
    m_resetAction = makePageAction(
        this, m_trainingMenu, tr("&Reset"), {QKeySequence(Qt::CTRL | Qt::Key_F5)},
        tr("Forget the training and its curves, and show the model from before"), "trainReset",
        [this] {
            m_run->reset();
            if (!m_sourceBeforeTraining.isEmpty() && m_doc->model() && m_doc->model()->training)
                m_doc->resetModel(m_sourceBeforeTraining);
        });
    m_saveAction = makePageAction(
        this, m_trainingMenu, tr("S&ave the trained model…"), {QKeySequence(Qt::Key_F7)},
        tr("Save the trained weights as a .llvae file (as latentlab-cli vae-train writes)"),
        "trainSave", [this] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Save the trained model"), QStringLiteral("trained.llvae"), fileFilter());
            if (path.isEmpty())
                return;
            try {
                saveTrainedModel(path);
            } catch (const std::exception& e) {
                emit error(tr("Cannot save the model"), QString::fromUtf8(e.what()));
            }
        });
    m_trainingMenu->addSeparator();
    makePageAction(this, m_trainingMenu, tr("Show the &Train tab"), {QKeySequence(Qt::Key_T)},
                   tr("The training's settings, progress and curves"), "trainTab",
                   [this] { showTrainingTab(); });
    // Short words on the Train tab's buttons (the menu has the long ones).
    m_startAction->setIconText(tr("Start"));
    m_stopAction->setIconText(tr("Stop"));
    m_resetAction->setIconText(tr("Reset"));
    m_saveAction->setIconText(tr("Save…"));
    m_trainingPanel->addButtons(
        {m_startAction, m_pauseAction, m_stopAction, m_resetAction, m_saveAction});
    updateTrainingActions();
}

void VaePage::updateTrainingActions() {
    using State = VaeTrainingRun::State;
    const State s = m_run->state();
    m_startAction->setEnabled(!m_run->active());
    m_pauseAction->setEnabled(m_run->active());
    m_pauseAction->setText(s == State::Paused ? tr("&Resume") : tr("&Pause"));
    m_pauseAction->setIconText(s == State::Paused ? tr("Resume") : tr("Pause"));
    setShortcutTip(m_pauseAction, s == State::Paused
                                      ? tr("Go on training from where it paused")
                                      : tr("Pause the training between two batches"));
    m_stopAction->setEnabled(m_run->active());
    m_resetAction->setEnabled(s != State::Idle);
    m_saveAction->setEnabled(s != State::Idle);
}

bool VaePage::startTraining(const VaeTrainingSettings* given) {
    ensureModel();
    // Given settings (the command line) are shown in the Train tab as they are used (the
    // controls round beta to 0.1 and the learning rate to 5 decimals).
    if (given)
        m_trainingPanel->setSettings(*given);
    const auto settings = given ? std::optional(*given) : m_trainingPanel->settings();
    if (!settings)
        return false;
    try {
        const auto shown = m_doc->model();
        const QString before = shown && !shown->training ? shown->source : m_sourceBeforeTraining;
        m_run->start(*settings);
        m_sourceBeforeTraining = before;
    } catch (const std::exception& e) {
        emit error(tr("Cannot start training"), QString::fromUtf8(e.what()));
        return false;
    }
    showTrainingTab();
    return true;
}

void VaePage::saveTrainedModel(const QString& path) {
    m_run->save(path); // FileError naming the file
    if (!m_run->active())
        m_doc->setModel(path); // from the file: sessions and Model > recent name it
}

void VaePage::applyTrainingOptions(const QHash<QString, QString>& values) {
    // The same path as the Start button: the Train tab's settings, then startTraining().
    VaeTrainingSettings s = m_trainingPanel->settings().value_or(VaeTrainingSettings());
    s.options.epochs = values.value("train-epochs").toInt();
    if (values.contains("train-data"))
        parseTrainingData(values.value("train-data"), s);
    if (values.contains("train-hidden"))
        s.hidden = *parseHiddenSizes(values.value("train-hidden"));
    if (values.contains("train-batch"))
        s.options.batchSize = values.value("train-batch").toInt();
    if (values.contains("train-lr"))
        s.options.learningRate = values.value("train-lr").toDouble();
    if (values.contains("beta"))
        s.options.beta = values.value("beta").toDouble();
    if (values.contains("seed"))
        s.options.seed = values.value("seed").toULongLong();
    if (values.contains("threads"))
        s.options.threads = values.value("threads").toInt();
    QString problem;
    auto onError = connect(this, &Page::error, this,
                           [&problem](const QString&, const QString& m) { problem = m; });
    const bool started = startTraining(&s);
    disconnect(onError);
    if (!started)
        throw ArgumentError(problem.toStdString());
    m_run->waitUntilFinished();
    if (m_run->state() == VaeTrainingRun::State::Failed)
        throw ArgumentError(m_run->error().toStdString());
    if (values.contains("save-model"))
        m_run->save(values.value("save-model"));
    // End the last snapshot's glide, so a screenshot shows the codes in place.
    m_view->settleGlide();
}

} // namespace latentlab
