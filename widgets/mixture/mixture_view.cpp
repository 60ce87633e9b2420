#include "mixture/mixture_view.h"

#include "common/transport_bar.h"
#include "mixture/inspector_panel.h"
#include "mixture/log_likelihood_plot.h"
#include "mixture/mixture_document.h"
#include "plot/palette.h"
#include "plot/plot_style.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QResizeEvent>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>
#include <utility>

namespace latentlab {

MixtureView::MixtureView(MixtureDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_plot(new MixturePlot(this)),
      m_llPlot(new LogLikelihoodPlot(this)), m_inspector(new InspectorPanel(document, this)),
      m_status(new QLabel(this)), m_timer(new QTimer(this)) {
    createActions();
    m_transport =
        new TransportBar({m_actions.back, m_actions.eStep, m_actions.mStep, m_actions.next,
                          m_actions.iterate, m_actions.play, m_actions.run, m_actions.reset},
                         this);

    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setContentsMargins(6, 2, 6, 2);
    m_status->setObjectName(QStringLiteral("emStatusLine"));

    m_horizontal = new QSplitter(Qt::Horizontal);
    m_horizontal->addWidget(m_plot);
    m_horizontal->addWidget(m_inspector);
    m_horizontal->setStretchFactor(0, 3);
    m_horizontal->setStretchFactor(1, 1);
    m_horizontal->setChildrenCollapsible(false);
    m_bottom = new QSplitter(Qt::Horizontal);
    m_bottom->addWidget(m_llPlot);
    m_bottom->setChildrenCollapsible(false);
    m_vertical = new QSplitter(Qt::Vertical);
    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_bottom);
    m_vertical->setStretchFactor(0, 4);
    m_vertical->setStretchFactor(1, 1);
    m_vertical->setChildrenCollapsible(false);
    m_llPlot->setMinimumHeight(110);
    m_plot->setMinimumSize(300, 250);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_vertical, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_transport);

    connect(m_vertical, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    connect(m_horizontal, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });

    m_plot->installEventFilter(this);
    // The splitters learn their new size after this view's resizeEvent: watch them directly.
    m_vertical->installEventFilter(this);
    m_horizontal->installEventFilter(this);
    m_bottom->installEventFilter(this);
    connect(m_bottom, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    m_plot->setFocusPolicy(Qt::StrongFocus);
    m_llPlot->setFocusPolicy(Qt::NoFocus);

    connect(m_doc, &MixtureDocument::dataChanged, this, &MixtureView::onDataChanged);
    connect(m_doc, &MixtureDocument::fitChanged, this, &MixtureView::onFitChanged);
    connect(m_doc, &MixtureDocument::paletteChanged, this, &MixtureView::onFitChanged);
    connect(m_doc, &MixtureDocument::settingsChanged, this, &MixtureView::updateActions);
    connect(m_doc, &MixtureDocument::busyChanged, this, [this](bool busy) {
        m_transport->setBusy(busy, tr("Running EM…"));
        updateActions();
    });

    connect(m_plot, &MixturePlot::pointClicked, m_inspector, &InspectorPanel::showPoint);
    connect(m_plot, &MixturePlot::componentClicked, m_inspector, &InspectorPanel::showComponent);
    connect(m_plot, &MixturePlot::backgroundClicked, this,
            [this] { m_inspector->clearSelection(); });
    // The plot highlights what the inspector shows, and nothing once an edit clears it.
    connect(m_inspector, &InspectorPanel::selectionChanged, this, [this](int point, int k) {
        m_plot->setHighlightedPoint(point);
        m_plot->setHighlightedComponent(k);
    });
    connect(m_plot, &MixturePlot::componentEdited, this,
            [this](int k, const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov, bool finished) {
                m_doc->setManualComponent(k, mean, cov, finished, m_dragId);
                if (finished)
                    ++m_dragId;
            });
    connect(m_plot, &MixturePlot::pointsAdded, this,
            [this](const Eigen::Matrix2Xd& points) { m_doc->addPoints(points, m_strokeId); });
    connect(m_plot, &MixturePlot::pointsErased, this,
            [this](const std::vector<int>& indices) { m_doc->erasePoints(indices, m_strokeId); });
    connect(m_llPlot, &LogLikelihoodPlot::stateClicked, m_doc, &MixtureDocument::goToState);
    connect(m_transport, &TransportBar::timelineMoved, m_doc, &MixtureDocument::goToState);
    connect(m_transport, &TransportBar::speedChanged, this, [this](double v) {
        if (m_timer->isActive())
            m_timer->setInterval(static_cast<int>(1000.0 / v));
    });
    connect(m_timer, &QTimer::timeout, this, &MixtureView::tick);

    onDataChanged();
    onFitChanged();
}

MixtureView::~MixtureView() = default;

void MixtureView::createActions() {
    auto make = [this](const QString& text, const QList<QKeySequence>& keys, const QString& tip,
                       auto slot) {
        auto* a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        setShortcutTip(a, tip);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    Actions& a = m_actions;
    a.next = make(tr("&Next half-step"), {Qt::Key_Space},
                  tr("Take the next half-step: the E-step or the M-step, whichever comes next"),
                  [this] { m_doc->stepForward(); });
    a.eStep = make(tr("&E-step"), {Qt::Key_E},
                   tr("E-step: compute the responsibilities Q(k|o_i) under the current parameters"),
                   [this] { m_doc->stepForward(); });
    a.mStep = make(tr("&M-step"), {Qt::Key_M},
                   tr("M-step: re-estimate pi_k, mu_k and Sigma_k from the responsibilities"),
                   [this] { m_doc->stepForward(); });
    a.back = make(tr("&Back"), {Qt::Key_Backspace, Qt::Key_Left},
                  tr("Back one half-step (the history is kept: stepping forward again gives the "
                     "same state)"),
                  [this] { m_doc->stepBack(); });
    a.iterate = make(tr("Full &iteration"), {Qt::Key_Right},
                     tr("Complete the current EM iteration (E-step and M-step)"),
                     [this] { m_doc->iterate(); });
    a.play = make(tr("&Play"), {Qt::Key_P}, tr("Play / pause: take half-steps at the chosen speed"),
                  [this](bool on) { setPlaying(on); });
    a.play->setCheckable(true);
    a.run = make(tr("Run to &convergence"), {Qt::Key_C},
                 tr("Run full iterations until the log-likelihood stops changing (off the GUI "
                    "thread; press again to stop)"),
                 [this] {
                     if (m_doc->busy())
                         m_doc->cancelWork();
                     else
                         m_doc->runToConvergence();
                 });
    a.reset = make(tr("&Reset"), {Qt::Key_R},
                   tr("Back to the initial parameters (state 0); the history is kept"), [this] {
                       setPlaying(false);
                       m_doc->reset();
                   });
    a.first = make(tr("&First state"), {Qt::Key_Home}, tr("Go to the first recorded state"),
                   [this] { m_doc->goToFirst(); });
    a.last = make(tr("&Last state"), {Qt::Key_End}, tr("Go to the last recorded state"),
                  [this] { m_doc->goToLast(); });

    auto* tools = new QActionGroup(this);
    auto tool = [&](const QString& text, QKeySequence key, const QString& tip,
                    MixturePlot::Tool t) {
        QAction* action = make(text, {key}, tip, [this, t] { m_plot->setTool(t); });
        action->setCheckable(true);
        tools->addAction(action);
        return action;
    };
    a.inspectTool =
        tool(tr("&Inspect"), Qt::Key_I, tr("Inspect: click a point or a mean to see its numbers"),
             MixturePlot::Tool::Inspect);
    a.sprayTool = tool(tr("&Spray points"), Qt::Key_S,
                       tr("Spray: press and drag on the plot to add points (undo: Ctrl+Z)"),
                       MixturePlot::Tool::Spray);
    a.eraseTool = tool(tr("E&rase points"), Qt::Key_X,
                       tr("Erase: press and drag on the plot to remove points (undo: Ctrl+Z)"),
                       MixturePlot::Tool::Erase);
    a.inspectTool->setChecked(true);
    // Short button labels keep the transport bar narrow enough for a 1280-pixel projector in
    // lecture mode; menus show the full text.
    a.iterate->setIconText(tr("Iteration"));
    a.run->setIconText(tr("Converge"));
}

bool MixtureView::eventFilter(QObject* watched, QEvent* event) {
    // A spray or erase stroke runs from press to release: one undo step.
    if ((watched == m_vertical || watched == m_horizontal || watched == m_bottom) &&
        event->type() == QEvent::Resize)
        applySplitterRatio();
    if (watched == m_plot && event->type() == QEvent::MouseButtonPress)
        ++m_strokeId;
    return QWidget::eventFilter(watched, event);
}

void MixtureView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applySplitterRatio();
}

void MixtureView::applySplitterRatio() {
    if (m_userSplit)
        return;
    // Measure this view, not the splitters: inside our resizeEvent the nested splitters still
    // have their old geometry, and setSizes() keeps only the proportions anyway.
    const int h = height() - m_status->sizeHint().height() - m_transport->sizeHint().height();
    const int w = width();
    if (h <= 0 || w <= 0)
        return;
    if (m_lecture) {
        // The data plot takes the whole width and all the height but a band for the
        // log-likelihood plot and the inspector: about seven lines of text, enough for the
        // staircase and the filled-in E-step formula of K = 8.
        const int line = QFontMetrics(PlotStyle::of(this, m_scale).font(13)).lineSpacing();
        const int band = std::clamp(static_cast<int>(7.0 * line), h / 5, h * 2 / 5);
        m_vertical->setSizes({h - band, band});
        m_bottom->setSizes({w * 9 / 20, w - w * 9 / 20});
        return;
    }
    // The plot gets most of the room; the log-likelihood plot and the inspector grow with the
    // type size so their labels stay readable.
    const int ll = std::clamp(static_cast<int>(h * (0.2 + 0.06 * (m_scale - 1.0))),
                              static_cast<int>(120 * m_scale), h / 2);
    m_vertical->setSizes({h - ll, ll});
    const int inspector = std::clamp(static_cast<int>(w * 0.2 * std::sqrt(m_scale)), 260, w / 2);
    m_horizontal->setSizes({w - inspector, inspector});
}

void MixtureView::setLectureMode(bool on) {
    if (on == m_lecture)
        return;
    m_lecture = on;
    // Only the inspector moves: under the plot, beside the log-likelihood plot, in lecture
    // mode; beside the plot otherwise.
    if (on)
        m_bottom->addWidget(m_inspector);
    else
        m_horizontal->addWidget(m_inspector);
    m_inspector->setMinimumWidth(on ? 0 : 260);
    m_plot->setLegendInside(on);
    m_llPlot->setCompact(on);
    m_userSplit = false;
    applySplitterRatio();
    updateStatus(m_doc->snapshot().get());
}

void MixtureView::onDataChanged() {
    const PointSet& data = m_doc->data();
    // Keep the axes while spraying or erasing; refit them for a new data set.
    const bool rescale = data.name != m_lastDataName || m_lastDataSize == 0;
    m_plot->setPoints(data.size() > 0 ? Eigen::Matrix2Xd(data.points) : Eigen::Matrix2Xd(2, 0),
                      rescale);
    m_lastDataName = data.name;
    m_lastDataSize = data.size();
    // The axes carry the data's own column names (a CSV header, or the preset's), so that a
    // projected slide says what was measured (generated presets are named x1, x2).
    const auto axisName = [&](std::size_t c) {
        return c < data.columnNames.size() ? QString::fromStdString(data.columnNames[c])
                                           : QString();
    };
    m_plot->setAxisLabels(axisName(0), axisName(1));
    m_plot->setHighlightedPoint(-1);
}

void MixtureView::onFitChanged() {
    const auto s = m_doc->snapshot();
    const QList<QColor> colors = m_doc->colors();
    if (!s) {
        m_plot->setPointColors({});
        m_plot->clearComponents();
        m_plot->setCollapsed({});
        m_llPlot->setHistory({}, {}, 0);
        m_llPlot->setMarkedState(-1);
        m_transport->setTimeline(0, 1);
    } else {
        if (s->responsibilities && s->responsibilities->cols() == m_doc->data().size())
            m_plot->setResponsibilities(*s->responsibilities, colors);
        else
            m_plot->setPointColors({});
        // Glide only between states of the same fit; a rebuilt fit jumps.
        const bool sameFit = s->generation == m_lastGeneration;
        m_plot->setComponents(s->params, colors, sameFit ? m_glideMs : 0);
        std::vector<int> collapsed;
        for (const auto& c : s->collapses)
            collapsed.push_back(c.component);
        m_plot->setCollapsed(collapsed);
        m_llPlot->setHistory(s->logLikelihoodHistory, s->lowerBoundHistory, s->state);
        m_llPlot->setMarkedState(s->firstCollapseState, tr("singular"));
        m_transport->setTimeline(s->state, s->stateCount);
        m_lastGeneration = s->generation;
    }
    // Only on a change: switching the editing handles re-lays out the plot, which costs tens
    // of milliseconds with 10^6 points.
    const bool manual = m_doc->settings().init == InitMethod::Manual;
    if (m_plot->manualEditing() != manual)
        m_plot->setManualEditing(manual);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    updateStatus(s.get());
    updateActions();
}

void MixtureView::updateActions() {
    const auto s = m_doc->snapshot();
    const bool idle = s && !m_doc->busy();
    m_actions.next->setEnabled(idle);
    m_actions.eStep->setEnabled(idle && s->next == StepKind::E);
    m_actions.mStep->setEnabled(idle && s->next == StepKind::M);
    m_actions.back->setEnabled(idle && s->state > 0);
    m_actions.iterate->setEnabled(idle);
    m_actions.reset->setEnabled(idle && s->state > 0);
    m_actions.first->setEnabled(idle && s->state > 0);
    m_actions.last->setEnabled(idle && s->state < s->stateCount - 1);
    m_actions.play->setEnabled(s != nullptr);
    m_actions.run->setEnabled(s != nullptr || m_doc->busy());
    m_actions.run->setText(m_doc->busy() ? tr("Stop") : tr("Run to &convergence"));
    m_actions.run->setIconText(m_doc->busy() ? tr("Stop") : tr("Converge"));
}

void MixtureView::updateStatus(const EmSnapshot* s) {
    if (!s) {
        m_status->setText(
            m_doc->busy()
                ? tr("<b>Working…</b> preparing the fit for %L1 points.").arg(m_doc->data().size())
                : tr("<b>No fit.</b> %1").arg(m_doc->fitError().toHtmlEscaped()));
        return;
    }
    // In lecture mode one line: what was done, what comes next, the two numbers the lecture
    // compares; the position is on the timeline.
    QStringList parts;
    parts << tr("<b>Iteration %1</b>").arg(s->iteration);
    if (!m_lecture && s->stateCount > 1)
        parts << tr("state %1 of %2").arg(s->state).arg(s->stateCount - 1);
    const QString what = s->kind == StepKind::Initial ? tr("initial parameters")
                         : s->kind == StepKind::E     ? tr("after an E-step")
                                                      : tr("after an M-step");
    parts << what;
    parts << tr("next: <b>%1</b>").arg(s->next == StepKind::E ? tr("E-step") : tr("M-step"));
    QString ll = m_lecture ? tr("log p(O|θ) = %L1").arg(s->logLikelihood, 0, 'f', 3)
                           : tr("log-likelihood %L1").arg(s->logLikelihood, 0, 'f', 3);
    if (s->kind == StepKind::E) {
        // theta is unchanged by an E-step; only the bound L(q, theta) rises to meet log p.
        if (!m_lecture)
            ll += tr(" (unchanged: the E-step keeps θ)");
    } else if (s->state > 0) {
        const double change = s->logLikelihood - s->logLikelihoodHistory[s->state - 1];
        ll += QStringLiteral(" (%1%L2)").arg(change >= 0 ? "+" : "").arg(change, 0, 'g', 4);
    }
    parts << ll;
    if (s->lowerBound)
        parts << (m_lecture ? tr("L(q,θ) = %L1") : tr("lower bound %L1"))
                     .arg(*s->lowerBound, 0, 'f', 3);
    if (s->converged && s->state > 0)
        parts << tr("<b style=\"color:#1a7f37\">converged</b>");
    else if (s->iteration >= s->maxIter)
        parts << tr("stopped at the iteration limit (%1)").arg(s->maxIter);
    else if (!m_lecture)
        parts << tr("not converged");
    if (m_doc->busy())
        parts << tr("<b>running…</b>");
    QString text = parts.join(QStringLiteral(" · "));
    const QList<QColor> colors = m_doc->colors();
    for (const EmEvent& e : s->eventsHere) {
        const QColor c = colors.value(e.component, Qt::black);
        // The engine's sentence says what happened and what helps; add where to do it here.
        text +=
            tr("<br><b style=\"color:#b35900\">⚠</b> <span style=\"color:%1\">■</span> "
               "(%2) %3")
                .arg(c.name(), colorName(c), QString::fromStdString(describe(e)).toHtmlEscaped());
        if (e.kind == EmEvent::Kind::EmptyComponent)
            text += tr(" <i>Here: press N for a new seed, or 1–%1 for a smaller K.</i>")
                        .arg(kMaxComponents);
        else
            text += tr(" <i>Here: type a larger value (say 1e-3) in the Regularisation box, or "
                       "press N for a new seed.</i>");
    }
    bool explained = false;
    for (const EmSnapshot::Collapse& c : s->collapses) {
        // The lecture's account of the singularity: what happened, why the likelihood runs
        // to infinity, and what regularisation does.
        const QColor color = colors.value(c.component, Qt::black);
        text += tr("<br><b style=\"color:#b35900\">⚠ Singularity:</b> <span style=\"color:%1\">"
                   "■</span> %2 has collapsed onto its points (N<sub>k</sub> = %3): det "
                   "Σ<sub>k</sub> = %4, %5 orders of magnitude below the data's covariance "
                   "(det %6).")
                    .arg(color.name(), componentName(color), QString::number(c.nk, 'g', 3),
                         QString::number(std::pow(10.0, c.log10DetNow), 'g', 2))
                    .arg(c.log10DetData - c.log10DetNow, 0, 'f', 0)
                    .arg(QString::number(std::pow(10.0, c.log10DetData), 'g', 2));
        if (!std::exchange(explained, true))
            text += tr(" On a point, N(o|μ<sub>k</sub>,Σ<sub>k</sub>) grows without bound as "
                       "Σ<sub>k</sub> shrinks, so log p(O|θ) runs to +∞: maximum likelihood has "
                       "no maximum here. Only reg·I (reg = %1) keeps it finite. <i>Raise the "
                       "Regularisation (say 1e-2), or press N for a new seed.</i>")
                        .arg(s->reg, 0, 'g', 3);
    }
    if (s->eventsHere.empty() && !s->events.empty())
        text += tr("<br><span style=\"color:#777\">%n degenerate event(s) earlier in this run "
                   "(step back to see them).</span>",
                   nullptr, int(s->events.size()));
    m_status->setText(text);
}

QString MixtureView::statusText() const {
    QTextDocument doc;
    doc.setHtml(m_status->text());
    return doc.toPlainText();
}

void MixtureView::setPlaying(bool on) {
    if (on == m_timer->isActive())
        return;
    if (on) {
        m_timer->start(static_cast<int>(1000.0 / speed()));
    } else {
        m_timer->stop();
        m_glideMs = 0;
    }
    m_actions.play->setChecked(on);
    m_actions.play->setText(on ? tr("&Pause") : tr("&Play"));
    emit playingChanged(on);
}

bool MixtureView::playing() const {
    return m_timer->isActive();
}

void MixtureView::setSpeed(double v) {
    m_transport->setSpeed(v);
}

double MixtureView::speed() const {
    return m_transport->speed();
}

void MixtureView::tick() {
    const auto s = m_doc->snapshot();
    if (m_doc->busy())
        return; // a slow half-step is still running: skip this tick
    if (!s) {
        setPlaying(false);
        return;
    }
    const bool atEnd = s->state == s->stateCount - 1;
    if (atEnd && s->state > 0 && s->next == StepKind::E &&
        (s->converged || s->iteration >= s->maxIter)) {
        setPlaying(false);
        return;
    }
    // The glide takes most of the interval at slow speeds and is skipped when fast.
    const double v = speed();
    m_glideMs = v > 10.0 ? 0 : std::min(600, static_cast<int>(700.0 / v));
    m_doc->stepForward();
}

void MixtureView::setScale(double scale) {
    m_scale = scale;
    m_plot->setScale(scale);
    m_llPlot->setScale(scale);
    m_inspector->setScale(scale);
    const PlotStyle style = PlotStyle::of(this, scale);
    const QFont f = style.widgetFont(this, PlotStyle::kBaseTextPx);
    m_status->setFont(f);
    m_transport->setFont(f);
    const int pad = style.px(6);
    m_status->setContentsMargins(pad, pad / 3, pad, pad / 3);
    applySplitterRatio();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_llPlot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace latentlab
