#include "pca/pca_view.h"

#include "common/page.h"
#include "common/stack_sizing.h"
#include "mixture/gaussian_mixture.h"
#include "pca/autoencoder_panel.h"
#include "pca/em_panel.h"
#include "pca/generator_panel.h"
#include "pca/manifold_overlay.h"
#include "pca/pca_colors.h"
#include "pca/pca_document.h"
#include "pca/pca_inspector.h"
#include "pca/scree_plot.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {
const QColor& kManifold = pca_colors::manifold;
const QColor& kDensity = pca_colors::density;
const QColor& kTruth = pca_colors::truth;
const QColor& kEm = pca_colors::em;
const QColor& kDecoder = pca_colors::decoder;
const QColor& kEncoder = pca_colors::encoder;

/// PPCA's density as the one "component" the mixture plot draws ellipses for.
MixtureParams density(const Ppca& model) {
    MixtureParams p;
    // No weight to show in the legend (NaN hides "pi = ...").
    p.weights = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::quiet_NaN());
    p.means = model.mean();
    p.covariances = {model.covariance()};
    return p;
}
} // namespace

PcaView::PcaView(PcaDocument* document, QWidget* actionOwner, QWidget* parent)
    : QWidget(parent), m_doc(document), m_plot(new PcaPlot(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_side(new QStackedWidget(this)),
      m_bottom(new QStackedWidget(this)), m_status(new QLabel(this)),
      m_inspector(new PcaInspector(document, this)), m_scree(new ScreePlot(this)) {
    createActions(actionOwner);
    m_generator = new GeneratorPanel(document, this);
    m_em = new EmPanel(document, this);
    m_ae = new AutoencoderPanel(document, this);
    // Their actions belong to the page too (shortcuts while the page is in front).
    for (QAction* a : QWidget::actions())
        actionOwner->addAction(a);

    // Manifold panel: inspector over the scree plot; toggles under the plot.
    auto* manifoldSide = new QSplitter(Qt::Vertical, this);
    manifoldSide->addWidget(m_inspector);
    manifoldSide->addWidget(m_scree);
    manifoldSide->setStretchFactor(0, 1);
    manifoldSide->setStretchFactor(1, 1);
    manifoldSide->setSizes({550, 450});
    m_scree->setMinimumHeight(200); // the legend is a row of its own above the bars
    m_scree->setFocusPolicy(Qt::NoFocus);
    auto* manifoldBar = new QWidget(this);
    auto* mb = new QHBoxLayout(manifoldBar);
    mb->setContentsMargins(4, 2, 4, 2);
    for (QAction* a : {m_actions.inspectTool, m_actions.sprayTool, m_actions.eraseTool,
                       m_actions.residuals, m_actions.posterior, m_actions.ellipses}) {
        auto* b = new QToolButton(manifoldBar);
        b->setDefaultAction(a);
        b->setFocusPolicy(Qt::NoFocus);
        mb->addWidget(b);
    }
    mb->addStretch(1);

    m_side->addWidget(manifoldSide);
    m_side->addWidget(m_generator->side());
    m_side->addWidget(m_em->side());
    m_side->addWidget(m_ae->side());
    m_bottom->addWidget(manifoldBar);
    m_bottom->addWidget(m_generator->bar());
    m_bottom->addWidget(m_em->bar());
    m_bottom->addWidget(m_ae->bar());
    sizeStackByCurrentPage(m_side);
    sizeStackByCurrentPage(m_bottom);
    m_bottom->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    // The side column: the panel's side, and in lecture mode the status line above it (the
    // picture then takes the height).
    m_sideColumn = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(m_sideColumn);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->setSpacing(2);
    sideLayout->addWidget(m_side, 1);
    m_splitter->addWidget(m_plot);
    m_splitter->addWidget(m_sideColumn);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_plot->setMinimumSize(300, 250);
    m_side->setMinimumWidth(300);

    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setContentsMargins(6, 2, 6, 2);
    m_status->setObjectName(QStringLiteral("pcaStatusLine"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_bottom);

    m_plot->setComponentNames({tr("PPCA density N(μ, C),  C = WWᵀ + σ²I")});
    // The ellipses are explained in the status line: the plot keeps the width.
    m_plot->setLegendVisible(false);
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    m_plot->setFocusPolicy(Qt::StrongFocus);
    m_plot->installEventFilter(this);

    connect(m_doc, &PcaDocument::dataChanged, this, &PcaView::onDataChanged);
    connect(m_doc, &PcaDocument::fitChanged, this, &PcaView::updatePicture);
    connect(m_doc, &PcaDocument::emChanged, this, [this] {
        if (m_panel == Panel::Em)
            updatePicture();
    });
    connect(m_doc, &PcaDocument::autoencoderChanged, this, [this] {
        if (m_panel == Panel::Autoencoder)
            updatePicture();
    });
    connect(m_generator, &GeneratorPanel::storyChanged, this, [this] {
        if (m_panel == Panel::Story)
            updatePicture();
    });
    connect(m_generator, &GeneratorPanel::used, this, [this] { setPanel(Panel::Story); });
    connect(m_em, &EmPanel::used, this, [this] { setPanel(Panel::Em); });
    connect(m_ae, &AutoencoderPanel::used, this, [this] { setPanel(Panel::Autoencoder); });

    connect(m_plot, &MixturePlot::pointClicked, this, [this](int i) {
        m_inspector->showPoint(i);
        m_plot->setHighlightedPoint(i);
        if (m_panel != Panel::Manifold)
            setPanel(Panel::Manifold);
    });
    connect(m_plot, &MixturePlot::backgroundClicked, this, [this] {
        m_inspector->clearSelection();
        m_plot->setHighlightedPoint(-1);
    });
    connect(m_plot, &PcaPlot::pointDragged, this,
            [this](int i, const Eigen::Vector2d& to, bool finished) {
                m_doc->movePoint(i, to, m_dragId);
                if (finished)
                    ++m_dragId;
                m_inspector->showPoint(i);
                m_plot->setHighlightedPoint(i);
            });
    connect(m_plot, &MixturePlot::pointsAdded, this,
            [this](const Eigen::Matrix2Xd& points) { m_doc->addPoints(points, m_strokeId); });
    connect(m_plot, &MixturePlot::pointsErased, this,
            [this](const std::vector<int>& indices) { m_doc->erasePoints(indices, m_strokeId); });

    onDataChanged();
    setScale(1.0);
}

PcaView::~PcaView() = default;

void PcaView::createActions(QWidget* owner) {
    auto make = [owner](const QString& text, QKeySequence key, const QString& tip,
                        const char* name) {
        return makePageAction(owner, nullptr, text,
                              key.isEmpty() ? QList<QKeySequence>{} : QList<QKeySequence>{key}, tip,
                              QString::fromLatin1(name));
    };
    auto* tools = new QActionGroup(this);
    auto tool = [&](const QString& text, QKeySequence key, const QString& tip, const char* name,
                    MixturePlot::Tool t) {
        QAction* a = make(text, key, tip, name);
        a->setCheckable(true);
        tools->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { m_plot->setTool(t); });
        return a;
    };
    m_actions.inspectTool =
        tool(tr("&Inspect / drag"), Qt::Key_I,
             tr("Inspect: click a point to see its numbers, drag it to move the manifold"),
             "inspect", MixturePlot::Tool::Inspect);
    m_actions.sprayTool = tool(tr("&Spray points"), Qt::Key_S,
                               tr("Spray: press and drag to add points (undo: Ctrl+Z)"), "spray",
                               MixturePlot::Tool::Spray);
    m_actions.eraseTool = tool(tr("E&rase points"), Qt::Key_X,
                               tr("Erase: press and drag to remove points (undo: Ctrl+Z)"), "erase",
                               MixturePlot::Tool::Erase);
    m_actions.inspectTool->setChecked(true);
    m_actions.residuals =
        make(tr("Residuals"), {}, tr("Draw each point's residual to the manifold"), "residuals");
    m_actions.posterior = make(tr("Posterior W E[z|x] + μ"), Qt::Key_T,
                               tr("Also draw PPCA's posterior reconstructions (green rings), "
                                  "shrunk towards μ"),
                               "posterior");
    m_actions.ellipses =
        make(tr("Density ellipses"), {}, tr("Draw PPCA's density N(μ, WWᵀ + σ²I) at 1, 2 and 3 σ"),
             "ellipses");
    for (QAction* a : {m_actions.residuals, m_actions.posterior, m_actions.ellipses}) {
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, &PcaView::updatePicture);
    }
    m_actions.residuals->setChecked(true);
    m_actions.ellipses->setChecked(true);
}

bool PcaView::eventFilter(QObject* watched, QEvent* event) {
    // A spray or erase stroke runs from press to release: one undo step.
    if (watched == m_plot && event->type() == QEvent::MouseButtonPress)
        ++m_strokeId;
    return QWidget::eventFilter(watched, event);
}

void PcaView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applySplit();
}

void PcaView::applySplit() {
    if (m_userSplit || width() <= 0)
        return;
    // The picture gets most of the width; the side column grows a little with the type
    // (lecture mode: a quarter of the width, the picture the largest thing on screen).
    const int side = m_lecture ? std::clamp(width() / 4, 264, width() / 2)
                               : std::clamp(static_cast<int>(width() * 0.32 * std::sqrt(m_scale)),
                                            300, width() / 2);
    m_splitter->setSizes({width() - side, side});
}

void PcaView::setPanel(Panel panel) {
    if (panel == m_panel)
        return;
    if (m_panel == Panel::Em)
        m_em->setPlaying(false);
    if (m_panel == Panel::Autoencoder)
        m_ae->setPlaying(false);
    m_panel = panel;
    m_side->setCurrentIndex(int(panel));
    m_bottom->setCurrentIndex(int(panel));
    updatePicture();
    emit panelChanged(panel);
}

void PcaView::setShowPosterior(bool on) {
    m_actions.posterior->setChecked(on);
}

bool PcaView::showPosterior() const {
    return m_actions.posterior->isChecked();
}

void PcaView::setShowResiduals(bool on) {
    m_actions.residuals->setChecked(on);
}

bool PcaView::showResiduals() const {
    return m_actions.residuals->isChecked();
}

void PcaView::setLectureMode(bool on) {
    m_lecture = on;
    m_scree->setVisible(!on);
    m_em->setCompact(on);
    m_ae->setCompact(on);
    // The status line moves to the top of the side column in lecture mode, under the
    // picture otherwise.
    m_side->setMinimumWidth(on ? 264 : 300);
    auto* main = static_cast<QVBoxLayout*>(layout());
    auto* side = static_cast<QVBoxLayout*>(m_sideColumn->layout());
    if (on)
        side->insertWidget(0, m_status);
    else
        main->insertWidget(1, m_status);
    m_userSplit = false;
    applySplit();
    updateStatus();
}

void PcaView::stopAnimations() {
    m_em->setPlaying(false);
    m_ae->setPlaying(false);
}

void PcaView::onDataChanged() {
    const PointSet& data = m_doc->data();
    // Keep the axes while dragging, spraying or erasing; refit them for a new data set.
    const bool rescale = data.name != m_lastDataName || m_lastDataSize == 0;
    m_plot->setPoints(data.size() > 0 && data.dimension() == 2 ? Eigen::Matrix2Xd(data.points)
                                                               : Eigen::Matrix2Xd(2, 0),
                      rescale);
    m_lastDataName = data.name;
    m_lastDataSize = data.size();
    QStringList names;
    for (const std::string& c : data.columnNames)
        names << QString::fromStdString(c);
    m_plot->setAxisLabels(names.value(0), names.value(1));
    if (m_plot->highlightedPoint() >= data.size())
        m_plot->setHighlightedPoint(-1);
}

void PcaView::updatePicture() {
    const auto fit = m_doc->fit();
    ManifoldOverlay* overlay = m_plot->manifold();
    std::vector<ManifoldOverlay::Line> lines;
    Eigen::Matrix2Xd from(2, 0), to(2, 0), posterior(2, 0);
    std::vector<ManifoldOverlay::Arrow> arrows;
    std::optional<ManifoldOverlay::Story> story;
    std::optional<Ppca> ellipses;
    const bool haveFit = fit != nullptr;
    const Eigen::Vector2d mu = haveFit ? Eigen::Vector2d(fit->pca.mean()) : Eigen::Vector2d::Zero();
    const Eigen::Vector2d u1 =
        haveFit ? Eigen::Vector2d(fit->pca.components().col(0)) : Eigen::Vector2d::UnitX();
    auto pcaLine = [&](const QString& label, double width, QColor color) {
        ManifoldOverlay::Line l;
        l.point = mu;
        l.direction = u1;
        l.color = color;
        l.width = width;
        l.label = label;
        return l;
    };

    switch (m_panel) {
    case Panel::Manifold:
        if (haveFit) {
            lines.push_back(pcaLine(tr("manifold μ + u₁z"), 2.6, kManifold));
            if (showResiduals()) {
                from = fit->data->points;
                to = fit->projections;
            }
            if (showPosterior() && !fit->ppca.empty())
                posterior = fit->posteriorPoints;
            if (!fit->ppca.empty())
                ellipses = fit->ppca;
        }
        break;
    case Panel::Story: {
        // The generator's line (the truth of generated data); after "fit", the fitted one.
        const PcaTruth model = m_generator->model();
        ManifoldOverlay::Line l;
        l.point = model.mean;
        l.direction = model.w.col(0);
        l.color = kTruth;
        l.width = 1.8;
        l.style = Qt::DashLine;
        l.label = tr("generator: W z + μ");
        lines.push_back(l);
        if (haveFit && m_generator->fitShown()) {
            lines.push_back(pcaLine(tr("fitted"), 2.4, kManifold));
            lines.back().labelAtStart = true;
        }
        if (haveFit && m_generator->fitShown() && !fit->ppca.empty())
            ellipses = fit->ppca;
        if (m_generator->story()) {
            story = *m_generator->story();
        } else {
            ManifoldOverlay::Story idle;
            idle.mean = model.mean;
            idle.w = model.w.col(0);
            idle.phase = -1.0;
            story = idle;
        }
        break;
    }
    case Panel::Em:
        if (haveFit)
            lines.push_back(pcaLine(tr("principal direction u₁"), 1.4, kTruth));
        if (const PpcaEm* em = m_doc->em()) {
            const Ppca& model = em->model();
            ManifoldOverlay::Line l;
            l.point = model.mean();
            l.direction = model.w().col(0);
            l.color = kEm;
            l.width = 2.6;
            l.style = Qt::DashLine;
            l.label = tr("EM: W z + μ");
            l.labelAtStart = true;
            lines.push_back(l);
            ellipses = model;
        }
        break;
    case Panel::Autoencoder:
        if (haveFit)
            lines.push_back(pcaLine(tr("PCA axis u₁"), 1.8, kManifold));
        if (const LinearAutoencoder* ae = m_doc->autoencoder(); ae && haveFit) {
            // Drawn at the data's scale: a unit weight vector is as long as one standard
            // deviation along u_1, so tied weights at u_1 end on the 1-sigma point.
            const double c = std::sqrt(std::max(fit->pca.eigenvalues()(0), 0.0));
            const Eigen::Vector2d d = ae->decoder().col(0);
            const Eigen::Vector2d e = ae->encoder().row(0).transpose();
            arrows.push_back({mu, mu + c * d, kDecoder, tr("decoder D")});
            arrows.push_back({mu, mu + c * e, kEncoder, tr("encoder Eᵀ"), -1});
            if (showResiduals()) {
                from = fit->data->points;
                to = ae->reconstruct(fit->data->points);
            }
        }
        break;
    }
    overlay->setLines(std::move(lines));
    overlay->setResiduals(std::move(from), std::move(to));
    overlay->setPosterior(std::move(posterior));
    overlay->setArrows(std::move(arrows));
    overlay->setStory(std::move(story));
    if (ellipses && m_actions.ellipses->isChecked())
        m_plot->setComponents(density(*ellipses), {kDensity});
    else
        m_plot->clearComponents();
    if (m_panel == Panel::Manifold && haveFit)
        m_scree->setSpectrum(fit->pca.explainedVarianceRatio(), fit->pca.reconstructionErrors(),
                             fit->q);
    else if (!haveFit)
        m_scree->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    updateStatus();
}

void PcaView::updateStatus() {
    const auto fit = m_doc->fit();
    QString text;
    if (!fit) {
        text =
            tr("<b style=\"color:#b3261e\">No fit:</b> %1").arg(m_doc->fitError().toHtmlEscaped());
    } else {
        switch (m_panel) {
        case Panel::Manifold:
            text = tr("<b>PCA</b> of %L1 points: the data lie close to the line (the manifold) "
                      "μ + u<sub>1</sub>z, with noise orthogonal to it: every residual "
                      "(orange) meets the line at a right angle. Magenta: PPCA's density "
                      "N(μ, WW<sup>T</sup> + σ²I) at 1, 2 and 3 σ (39 %, 86 %, 99 % of its mass).")
                       .arg(fit->n());
            if (!fit->ppca.empty() && showPosterior())
                text += tr("<br><b style=\"color:#1a8c3c\">Green rings</b>: the posterior "
                           "reconstruction W E[z|x] + μ, shrunk towards μ by the factor 1 − "
                           "σ²/l<sub>1</sub> = %1. It meets the orthogonal projection only as "
                           "σ² → 0.")
                            .arg(1.0 - fit->ppca.sigma2() / fit->pca.eigenvalues()(0), 0, 'f', 3);
            else if (fit->ppca.empty())
                text += tr("<br>%1").arg(fit->ppcaProblem.toHtmlEscaped());
            else
                text += tr(" Press <b>T</b> to see PPCA's posterior reconstructions.");
            break;
        case Panel::Story:
            text = tr("<b>The generative story</b>: z ~ N(0, 1) on the z axis (bottom), W z + μ "
                      "on the line, plus noise ε ~ N(0, σ²I). G: one sample; Shift+G: a data "
                      "set; F: fit.");
            break;
        case Panel::Em:
            text = tr("<b>EM for PPCA</b>: the green dashed line and the magenta ellipses are "
                      "EM's current W and C = WW<sup>T</sup> + σ²I; the black line is PCA's "
                      "answer.");
            // Lecture mode: the transport bar shows the steps; the log-likelihood plot in the
            // narrow column needs the lines.
            if (!m_lecture)
                text += tr(" Space: next half-step; P: play; C: converge.");
            break;
        case Panel::Autoencoder:
            text = tr("<b>Linear autoencoder</b>: decoder D (red) and encoder E<sup>T</sup> (teal) "
                      "drawn from μ, residuals to its reconstructions D E (x − μ) + μ. A: one "
                      "step; Shift+A: play.");
            break;
        }
    }
    m_status->setText(text);
}

QString PcaView::statusText() const {
    return plainTextOf(m_status->text());
}

void PcaView::setScale(double scale) {
    m_scale = scale;
    m_plot->setScale(scale);
    m_plot->setPointSize(5.0);
    m_scree->setScale(scale);
    m_inspector->setScale(scale);
    m_em->setScale(scale);
    m_ae->setScale(scale);
    m_generator->setScale(scale);
    const QFont f = scaledFont(font(), scale);
    m_status->setFont(f);
    for (int i = 0; i < m_bottom->count(); ++i)
        m_bottom->widget(i)->setFont(f);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace latentlab
