#include "vae/vae_training_curves.h"

#include "plot/plot_style.h"
#include "vae/vae_trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {
// Series colours as designed on white; PlotStyle::series adapts them to the background.
const QColor kBatchOnWhite(150, 170, 200);
const QColor kTrainOnWhite(31, 78, 160);
const QColor kTestOnWhite(200, 80, 20);
const QColor kRecOnWhite(40, 140, 70);
const QColor kKlOnWhite(140, 60, 160);
} // namespace

VaeTrainingCurves::VaeTrainingCurves(QWidget* parent) : QCustomPlot(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_batch = addGraph();
    m_rec = addGraph();
    m_train = addGraph();
    m_test = addGraph();
    m_kl = addGraph(xAxis, yAxis2);
    applyNames();
    yAxis2->setVisible(true);
    m_reference = new QCPItemStraightLine(this);
    m_reference->setLayer(QStringLiteral("grid"));
    m_reference->setVisible(false);
    m_referenceLabel = new QCPItemText(this);
    m_referenceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_referenceLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_referenceLabel->setClipToAxisRect(true);
    m_referenceLabel->setVisible(false);

    // The legend in a row of its own above the curves, so it never hides them.
    legend->setVisible(true);
    axisRect()->insetLayout()->take(legend);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, legend);
    plotLayout()->setRowStretchFactor(0, 0.001);
    applyStyle();
    setData({}, {}, 10, std::nullopt);
}

void VaeTrainingCurves::setScale(double scale) {
    m_scale = scale;
    applyStyle();
    replot();
}

void VaeTrainingCurves::setCompact(bool on) {
    if (on == m_compact)
        return;
    m_compact = on;
    applyNames();
    applyStyle();
    replot(rpQueuedReplot);
}

void VaeTrainingCurves::applyNames() {
    // The full names say what each curve is; compact ones lean on the axis titles (nats per
    // image; KL on the right) and the tooltip.
    m_batch->setName(tr("train, per batch (smoothed)"));
    m_train->setName(m_compact ? tr("train") : tr("train ELBO"));
    m_test->setName(m_compact ? tr("test") : tr("test ELBO"));
    m_rec->setName(m_compact ? tr("E[log p(x|z)]") : tr("test E[log p(x|z)]"));
    m_kl->setName(m_compact ? tr("KL (right)") : tr("test KL (right)"));
    legend->clearItems();
    for (QCPGraph* g : {m_batch, m_train, m_test, m_rec, m_kl})
        if (g != m_batch || !m_compact)
            g->addToLegend();
    // Compact: no vertical titles (in the narrow column they took a third of the curves'
    // width); the unit goes under the epochs and the legend names the right axis.
    xAxis->setLabel(m_compact ? tr("epoch; nats per image") : tr("epoch"));
    yAxis->setLabel(m_compact ? QString() : tr("nats per image"));
    yAxis2->setLabel(m_compact ? QString() : tr("KL, nats"));
    setToolTip(m_compact ? tr("Per epoch, in nats per image: train ELBO, test ELBO, its "
                              "reconstruction term E[log p(x|z)] and the test KL (right axis); "
                              "the faint line is the train ELBO per batch, smoothed")
                         : QString());
}

void VaeTrainingCurves::updateLayout() {
    // As many entries a row as fit across the plot: one row when they all fit.
    fitLegendColumns(this);
    QCustomPlot::updateLayout();
    // Tick labels for the width as laid out (setData's guess came before the panel's size):
    // at 1024 x 768 in lecture mode "0 0.25 0.5 ..." ran into one another.
    PlotStyle::fitTickCounts(this, 6);
    QCustomPlot::updateLayout();
}

void VaeTrainingCurves::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyStyle();
}

void VaeTrainingCurves::applyStyle() {
    const double s = m_scale;
    const PlotStyle style = PlotStyle::of(this, s);
    style.apply(this);
    yAxis2->setTickLabels(true); // PlotStyle shows the bottom and left axes only
    yAxis2->setTicks(true);
    yAxis2->grid()->setVisible(false);
    for (QCPAxis* axis : {xAxis, yAxis, yAxis2}) {
        axis->setTickLabelFont(style.font(11));
        axis->setLabelFont(style.font(12));
        axis->setTickLabelColor(style.text);
        axis->setLabelColor(style.text);
        axis->setBasePen(QPen(style.axis, style.pen()));
        axis->setTickPen(QPen(style.tick, style.pen()));
        axis->setSubTickPen(Qt::NoPen);
    }
    auto line = [&](QCPGraph* g, const QColor& onWhite, double width, Qt::PenStyle pen,
                    QCPScatterStyle::ScatterShape shape) {
        const QColor c = style.series(onWhite);
        g->setPen(QPen(c, width * s, pen));
        g->setScatterStyle(QCPScatterStyle(shape, QPen(c, 1.5 * s), c, 6.5 * s));
    };
    line(m_batch, kBatchOnWhite, 1.2, Qt::SolidLine, QCPScatterStyle::ssNone);
    line(m_train, kTrainOnWhite, 2.2, Qt::SolidLine, QCPScatterStyle::ssCircle);
    line(m_test, kTestOnWhite, 2.2, Qt::SolidLine, QCPScatterStyle::ssSquare);
    line(m_rec, kRecOnWhite, 1.6, Qt::DashLine, QCPScatterStyle::ssDiamond);
    line(m_kl, kKlOnWhite, 1.6, Qt::DotLine, QCPScatterStyle::ssTriangle);
    m_reference->setPen(QPen(style.text, 1.2 * s, Qt::DashDotLine));
    m_referenceLabel->setFont(style.font(11));
    m_referenceLabel->setColor(style.text);
    legend->setFont(style.font(11));
    // Compact: a shorter line sample, so that the entries fit one row more often.
    legend->setIconSize(int(std::lround((m_compact ? 15 : 22) * s)), int(std::lround(10 * s)));
    legend->setRowSpacing(0);
    legend->setColumnSpacing(style.px(6));
    const int m = style.px(4);
    axisRect()->setMinimumMargins(QMargins(m, m, m, m));
}

void VaeTrainingCurves::setData(const std::vector<VaeEpochProgress>& epochs,
                                const std::vector<QPointF>& batches, int plannedEpochs,
                                std::optional<double> reference) {
    QVector<double> bx, by, ex, train, test, rec, kl;
    for (const QPointF& p : batches)
        if (std::isfinite(p.y())) {
            bx << p.x();
            by << p.y();
        }
    for (const VaeEpochProgress& e : epochs) {
        ex << e.epoch;
        train << e.trainElbo;
        test << (e.hasTest ? e.test.elbo : qQNaN());
        rec << (e.hasTest ? e.test.reconstruction : qQNaN());
        kl << (e.hasTest ? e.test.kl : qQNaN());
    }
    m_batch->setData(bx, by, true);
    m_train->setData(ex, train, true);
    m_test->setData(ex, test, true);
    m_rec->setData(ex, rec, true);
    m_kl->setData(ex, kl, true);

    // y: the per-epoch values and the reference; the batch curve only where it is not far
    // below them (its first batches, near -540 nats, would squash everything else).
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const QVector<double>* v : {&train, &test, &rec})
        for (double y : *v)
            if (std::isfinite(y)) {
                lo = std::min(lo, y);
                hi = std::max(hi, y);
            }
    if (reference) {
        lo = std::min(lo, *reference);
        hi = std::max(hi, *reference);
    }
    if (!std::isfinite(lo)) { // only batches so far
        for (double y : by) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
    } else {
        for (double y : by)
            hi = std::max(hi, y);
        lo -= 0.25 * std::max(hi - lo, 5.0);
    }
    if (!std::isfinite(lo)) {
        lo = -200;
        hi = -100;
    }
    const double pad = 0.06 * std::max(hi - lo, 1.0);
    yAxis->setRange(lo - pad, hi + pad);
    double klHi = 1;
    for (double y : kl)
        if (std::isfinite(y))
            klHi = std::max(klHi, y);
    yAxis2->setRange(0, 1.1 * klHi);
    xAxis->setRange(0, std::max(1, plannedEpochs));

    m_reference->setVisible(bool(reference));
    m_referenceLabel->setVisible(bool(reference));
    if (reference) {
        m_reference->point1->setCoords(0, *reference);
        m_reference->point2->setCoords(1, *reference);
        m_referenceLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
        m_referenceLabel->position->setCoords(0.02, *reference);
        m_referenceLabel->setText(tr("shipped model: %1").arg(*reference, 0, 'f', 1));
    }
    PlotStyle::fitTickCounts(this, 6);
    replot(QCustomPlot::rpQueuedReplot);
}

std::vector<int> VaeTrainingCurves::pointCounts() const {
    return {m_batch->dataCount(), m_train->dataCount(), m_test->dataCount(), m_rec->dataCount(),
            m_kl->dataCount()};
}

} // namespace latentlab
