#include "pca/scree_plot.h"

#include "plot/plot_style.h"

#include <algorithm>

namespace latentlab {

namespace {
const QColor kBarOnWhite(90, 120, 190);
const QColor kCumulativeOnWhite(31, 78, 160);
const QColor kErrorOnWhite(214, 96, 20);
} // namespace

ScreePlot::ScreePlot(QWidget* parent) : QCustomPlot(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_bars = new QCPBars(xAxis, yAxis);
    m_cumulative = addGraph(xAxis, yAxis);
    m_error = addGraph(xAxis, yAxis2);
    m_qLine = new QCPItemStraightLine(this);
    m_qLabel = new QCPItemText(this);
    m_qLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_qLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    setNames(false);
    xAxis->setLabel(tr("component j  /  q"));
    yAxis->setLabel(tr("% variance"));
    yAxis2->setLabel(tr("error"));
    legend->setVisible(true);
    // In a row above the plot: inside it the legend covered the bars and the curves.
    placeLegendAbove(this, true, Qt::AlignRight | Qt::AlignVCenter);
    legend->setRowSpacing(0);
    applyStyle();
}

void ScreePlot::setNames(bool shortNames) {
    m_shortNames = shortNames;
    m_bars->setName(shortNames ? tr("variance j (%)") : tr("variance of component j (%)"));
    m_cumulative->setName(shortNames ? tr("first q (%)") : tr("cumulative, first q (%)"));
    m_error->setName(shortNames ? tr("error (right)") : tr("reconstruction error (right axis)"));
}

void ScreePlot::updateLayout() {
    for (bool shortNames : {false, true}) {
        setNames(shortNames);
        fitLegendColumns(this);
        if (legend->minimumOuterSizeHint().height() * 4 <= height())
            break;
    }
    QCustomPlot::updateLayout();
    placeQLabel();
}

void ScreePlot::placeQLabel() {
    // Half-way up, where the cumulative line (near the top) and the error curve (near the
    // bottom beyond q) are not; right of the q line, over the smaller bars beyond q, or left
    // of it when it would run past the plot's edge.
    if (m_q <= 0)
        return;
    const double textWidth =
        QFontMetricsF(m_qLabel->font()).horizontalAdvance(m_qLabel->text()) + 4;
    const bool left = xAxis->coordToPixel(m_q + 0.6) + textWidth > axisRect()->right();
    m_qLabel->setPositionAlignment((left ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    m_qLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_qLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_qLabel->position->setCoords(m_q + (left ? 0.4 : 0.6), 0.45);
}

void ScreePlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyStyle();
}

void ScreePlot::setScale(double scale) {
    m_scale = scale;
    applyStyle();
    replot(rpQueuedReplot);
}

void ScreePlot::applyStyle() {
    const PlotStyle style = PlotStyle::of(this, m_scale);
    style.apply(this);
    yAxis2->setVisible(true);
    yAxis2->setTicks(true);
    yAxis2->setTickLabels(true);
    yAxis2->setBasePen(QPen(style.axis, style.pen()));
    const QColor errorColor = style.series(kErrorOnWhite);
    yAxis2->setTickLabelColor(errorColor);
    yAxis2->setLabelColor(errorColor);
    for (QCPAxis* a : {xAxis, yAxis, yAxis2}) {
        a->setTickLabelFont(style.font(12));
        a->setLabelFont(style.font(13));
    }
    legend->setFont(style.font(12));
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(style.series(kBarOnWhite));
    m_cumulative->setPen(QPen(style.series(kCumulativeOnWhite), style.pen(2.4)));
    m_cumulative->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5 * m_scale));
    m_error->setPen(QPen(errorColor, style.pen(2.2), Qt::DashLine));
    m_qLine->setPen(QPen(style.text, style.pen(1.5), Qt::DotLine));
    m_qLabel->setColor(style.text);
    m_qLabel->setFont(style.font(13));
}

void ScreePlot::clear() {
    m_bars->data()->clear();
    m_cumulative->data()->clear();
    m_error->data()->clear();
    m_qLine->setVisible(false);
    m_qLabel->setVisible(false);
    replot(rpQueuedReplot);
}

void ScreePlot::setSpectrum(const Eigen::VectorXd& ratios, const Eigen::VectorXd& errors, int q) {
    const int k = std::min<int>(static_cast<int>(ratios.size()), m_maxComponents);
    QVector<double> j, r, cj, c, eq, e;
    double sum = 0;
    for (int i = 0; i < k; ++i) {
        j << i + 1;
        r << 100.0 * ratios(i);
        sum += ratios(i);
        cj << i + 1;
        c << 100.0 * sum;
    }
    for (int i = 0; i < std::min<int>(static_cast<int>(errors.size()), k + 1); ++i) {
        eq << i;
        e << errors(i);
    }
    m_bars->setData(j, r, true);
    m_bars->setWidth(0.7);
    m_cumulative->setData(cj, c, true);
    m_error->setData(eq, e, true);
    xAxis->setRange(-0.5, k + 0.7);
    yAxis->setRange(0, 105);
    const double maxError = e.isEmpty() ? 1.0 : *std::max_element(e.begin(), e.end());
    yAxis2->setRange(0, maxError > 0 ? maxError * 1.05 : 1.0);
    m_q = q;
    m_qLine->setVisible(q > 0);
    m_qLabel->setVisible(q > 0);
    if (q > 0) {
        m_qLine->point1->setCoords(q + 0.5, 0);
        m_qLine->point2->setCoords(q + 0.5, 1);
        const double kept = q <= c.size() ? c[q - 1] : 100.0;
        m_qLabel->setText(tr("q = %1: %2 %").arg(q).arg(kept, 0, 'f', 1));
        placeQLabel();
    }
    replot(rpQueuedReplot);
}

} // namespace latentlab
