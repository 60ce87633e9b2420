#include "pca/autoencoder_panel.h"

#include "pca/pca_document.h"
#include "plot/plot_style.h"
#include "plot/qcp.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace latentlab {

namespace {
const QColor kLossOnWhite(31, 78, 160);
const QColor kAngleOnWhite(214, 96, 20);

QToolButton* barButton(QAction* action, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}
} // namespace

AutoencoderPanel::AutoencoderPanel(PcaDocument* document, QWidget* parent)
    : PcaPanel(document, parent), m_bar(new QWidget(parent)), m_plot(new QCustomPlot(m_side)),
      m_timer(new QTimer(this)) {
    auto make = [this, parent](const QString& text, const QList<QKeySequence>& keys,
                               const QString& tip, const char* name,
                               auto slot) { return action(parent, text, keys, tip, name, slot); };
    m_actions.step = make(tr("Autoencoder &step"), {Qt::Key_A},
                          tr("One gradient step of the linear autoencoder on the squared error"),
                          "aeStep", [this](bool) { m_doc->autoencoderStep(1); });
    m_actions.play = make(tr("Autoencoder p&lay"), {QKeySequence(Qt::SHIFT | Qt::Key_A)},
                          tr("Play / pause the autoencoder's training"), "aePlay",
                          [this](bool on) { setPlaying(on); });
    m_actions.play->setCheckable(true);
    m_actions.reset =
        make(tr("Autoencoder &reset"), {}, tr("Back to the autoencoder's random initial weights"),
             "aeReset", [this](bool) {
                 setPlaying(false);
                 m_doc->autoencoderReset();
             });

    // The bar already says "Linear autoencoder:": its buttons say the verb (the menus the
    // whole name), so that the bar fits 1024 px in lecture mode's type.
    m_actions.reset->setIconText(tr("Reset"));
    m_actions.step->setIconText(tr("Step"));
    m_actions.play->setIconText(tr("Play"));

    m_kind = new QComboBox(m_bar);
    m_kind->addItem(tr("Unconstrained (E, D free)"), int(AutoencoderKind::Unconstrained));
    m_kind->addItem(tr("Tied (E = Dᵀ)"), int(AutoencoderKind::Tied));
    m_kind->addItem(tr("Tied, orthonormal"), int(AutoencoderKind::TiedOrthonormal));
    m_kind->setToolTip(tr("Unconstrained: any D A, A⁻¹ E reconstructs the same, so the weights "
                          "wander. Tied: the decoder is the encoder transposed, and it converges "
                          "to the principal direction"));
    m_kind->setFocusPolicy(Qt::ClickFocus);
    m_stepsPerFrame = new QSpinBox(m_bar);
    m_stepsPerFrame->setRange(1, 200);
    m_stepsPerFrame->setValue(2);
    m_stepsPerFrame->setSuffix(tr(" steps / frame"));
    m_stepsPerFrame->setFocusPolicy(Qt::ClickFocus);
    auto* bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("Linear autoencoder:"), m_bar));
    bar->addWidget(m_kind);
    for (QAction* a : {m_actions.reset, m_actions.step, m_actions.play})
        bar->addWidget(barButton(a, m_bar));
    bar->addWidget(m_stepsPerFrame);
    bar->addStretch(1);
    connect(m_kind, &QComboBox::activated, this, [this](int i) {
        setPlaying(false);
        m_doc->setAutoencoderKind(static_cast<AutoencoderKind>(m_kind->itemData(i).toInt()));
    });

    m_text->setObjectName(QStringLiteral("pcaAutoencoderText"));
    m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_plot->graph(0)->setName(tr("loss − PCA's loss (log scale)"));
    m_plot->graph(1)->setName(tr("angle to u₁ (°, right)"));
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_plot->yAxis->setNumberFormat(QStringLiteral("eb"));
    m_plot->yAxis->setNumberPrecision(0);
    m_plot->xAxis->setLabel(tr("gradient step"));
    m_plot->legend->setVisible(true);
    m_plot->setMinimumHeight(160);
    m_plot->setFocusPolicy(Qt::NoFocus);
    // Tick labels never crowd, however low the plot (lecture mode's narrow column).
    connect(m_plot, &QCustomPlot::beforeReplot, this,
            [this] { PlotStyle::fitTickCounts(m_plot, 6); });
    layOutSide(m_plot);

    connect(m_timer, &QTimer::timeout, this, &AutoencoderPanel::tick);
    connect(m_doc, &PcaDocument::autoencoderChanged, this, &AutoencoderPanel::refresh);
    setScale(1.0);
}

void AutoencoderPanel::setCompact(bool on) {
    m_compact = on;
    placeLegendAbove(m_plot, on, Qt::AlignTop | Qt::AlignRight);
    m_plot->graph(0)->setName(on ? tr("loss − PCA's (log)") : tr("loss − PCA's loss (log scale)"));
    // Compact: the angle's scale is in its legend name (refresh), not on a right axis.
    m_plot->yAxis2->setTickLabels(!on);
    refresh();
}

void AutoencoderPanel::setScale(double scale) {
    m_scale = scale;
    const PlotStyle style = PlotStyle::of(m_plot, scale);
    style.apply(m_plot);
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setTicks(true);
    m_plot->yAxis2->setTickLabels(!m_compact);
    m_plot->yAxis2->setTickLabelColor(style.series(kAngleOnWhite));
    for (QCPAxis* a : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2}) {
        a->setTickLabelFont(style.font(12));
        a->setLabelFont(style.font(13));
    }
    m_plot->legend->setFont(style.font(12));
    m_plot->graph(0)->setPen(QPen(style.series(kLossOnWhite), style.pen(2.2)));
    m_plot->graph(1)->setPen(QPen(style.series(kAngleOnWhite), style.pen(2.0), Qt::DashLine));
    PcaPanel::setScale(scale);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AutoencoderPanel::refresh() {
    {
        const QSignalBlocker block(m_kind);
        m_kind->setCurrentIndex(m_kind->findData(int(m_doc->autoencoderKind())));
    }
    const LinearAutoencoder* ae = m_doc->autoencoder();
    for (QAction* a : {m_actions.step, m_actions.play, m_actions.reset})
        a->setEnabled(ae != nullptr);
    if (!ae) {
        setPlaying(false);
        m_text->setText(
            tr("<b>No autoencoder:</b> %1").arg(m_doc->autoencoderError().toHtmlEscaped()));
        m_plot->graph(0)->data()->clear();
        m_plot->graph(1)->data()->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    QVector<double> steps, gap, angle;
    const double pcaLoss = ae->pcaLoss();
    const double floor = 1e-12 * std::max(1.0, pcaLoss);
    for (const auto& r : ae->history()) {
        steps << r.step;
        gap << std::max(r.loss - pcaLoss, floor);
        angle << r.anglesDegrees(0);
    }
    m_plot->graph(0)->setData(steps, gap, true);
    m_plot->graph(1)->setData(steps, angle, true);
    m_plot->xAxis->setRange(0, std::max(10.0, steps.back()));
    double lo = *std::min_element(gap.begin(), gap.end());
    double hi = *std::max_element(gap.begin(), gap.end());
    // At least two decades on the logarithmic axis: a flat gap (equal points, or a converged
    // fit) otherwise spans a factor of 4, whose ticks read "2e+01 2e+01 3e+01 3e+01".
    const double centre = std::sqrt(lo * hi);
    m_plot->yAxis->setRange(std::min(lo / 2, centre / 10), std::max(hi * 2, centre * 10));
    const double angleTop = std::max(5.0, *std::max_element(angle.begin(), angle.end()) * 1.1);
    m_plot->yAxis2->setRange(0, angleTop);
    m_plot->graph(1)->setName(m_compact ? tr("angle to u₁, 0 to %1°").arg(std::lround(angleTop))
                                        : tr("angle to u₁ (°, right)"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    const auto& r = ae->current();
    const Eigen::MatrixXd& e = ae->encoder();
    const Eigen::MatrixXd& d = ae->decoder();
    const double a = ae->decoderInPrincipalBasis()(0, 0);
    // Compact: the numbers the arrows and the plot already show go (the learning rate, E and
    // D), the reasoning stays.
    QString text =
        m_compact
            ? tr("<b>%1 linear autoencoder</b>, step %2<br>").arg(m_kind->currentText()).arg(r.step)
            : tr("<b>%1 linear autoencoder</b>, step %2 (learning rate %3)<br>")
                  .arg(m_kind->currentText())
                  .arg(r.step)
                  .arg(ae->learningRate(), 0, 'g', 3);
    text += tr("loss %1, PCA's %2 · angle to u<sub>1</sub> %3° · |DE − u<sub>1</sub>u<sub>1"
               "</sub><sup>T</sup>| = %4<br>")
                .arg(r.loss, 0, 'g', 5)
                .arg(pcaLoss, 0, 'g', 5)
                .arg(r.anglesDegrees(0), 0, 'f', 2)
                .arg(r.projectorDistance, 0, 'g', 3);
    if (!m_compact)
        text += tr("encoder E = (%1, %2) · decoder D = (%3, %4)<br>")
                    .arg(e(0, 0), 0, 'g', 3)
                    .arg(e(0, 1), 0, 'g', 3)
                    .arg(d(0, 0), 0, 'g', 3)
                    .arg(d(1, 0), 0, 'g', 3);
    text += tr("A = u<sub>1</sub><sup>T</sup>D = <b>%1</b>").arg(a, 0, 'g', 4);
    if (m_doc->autoencoderKind() == AutoencoderKind::Unconstrained)
        text += tr("<br><i>Scaling invariance: D A and A⁻¹ E reconstruct exactly the same, so "
                   "the loss cannot fix A; the arrows rescale while DE settles on "
                   "u<sub>1</sub>u<sub>1</sub><sup>T</sup>.</i>");
    else
        text += tr("<br><i>Tied weights leave no free scale: W converges to ±u<sub>1</sub>, "
                   "the principal direction itself.</i>");
    if (!m_doc->autoencoderError().isEmpty())
        text += QStringLiteral("<br><b>%1</b>").arg(m_doc->autoencoderError().toHtmlEscaped());
    m_text->setText(text);
}

void AutoencoderPanel::setPlaying(bool on) {
    runTimer(m_timer, m_actions.play, on, 50);
}

bool AutoencoderPanel::playing() const {
    return m_timer->isActive();
}

void AutoencoderPanel::tick() {
    m_doc->autoencoderStep(m_stepsPerFrame->value());
    if (!m_doc->autoencoderError().isEmpty() || !m_doc->autoencoder() ||
        m_doc->autoencoder()->steps() >= 20000)
        setPlaying(false);
}

} // namespace latentlab
