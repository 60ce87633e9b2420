#include "mixture/log_likelihood_plot.h"

#include "plot/axis_range.h"
#include "plot/legend_swatch.h"
#include "plot/plot_style.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {
// Series colours as designed on white; PlotStyle::series adapts them to the background.
const QColor kLikelihoodOnWhite(31, 78, 160);
const QColor kBoundOnWhite(222, 110, 20);

enum class Kind { Initial, E, M };
Kind kindOf(int state) { return state == 0 ? Kind::Initial : state % 2 == 1 ? Kind::E : Kind::M; }

QCPScatterStyle::ScatterShape shapeOf(Kind kind) {
    switch (kind) {
    case Kind::Initial:
        return QCPScatterStyle::ssDiamond;
    case Kind::E:
        return QCPScatterStyle::ssCircle;
    default:
        return QCPScatterStyle::ssSquare;
    }
}

/// A legend name for compact mode: the formula alone, without spaces inside it
/// ("log-likelihood log p(O | θ)" -> "log p(O|θ)", "lower bound L(q, θ)" -> "L(q,θ)").
QString compactName(QString name) {
    for (const QString& prefix :
         {QStringLiteral("log-likelihood "), QStringLiteral("lower bound ")})
        if (name.startsWith(prefix))
            name.remove(0, prefix.size());
    name.replace(QStringLiteral(" | "), QStringLiteral("|"));
    name.replace(QStringLiteral(", "), QStringLiteral(","));
    return name;
}
} // namespace

struct LogLikelihoodPlot::Private {
    LogLikelihoodPlot* q = nullptr;
    std::vector<double> ll;
    std::vector<std::optional<double>> bound;
    int current = -1;
    double scale = 1.0;
    bool compact = false;
    double dataLo = 0.0, dataHi = 0.0; ///< the y values to show (after the off-scale zoom)
    bool hasData = false;
    QSharedPointer<QCPAxisTicker> yTicker;

    QCPGraph* llLine = nullptr;
    QCPGraph* boundLine = nullptr;
    // Markers by the kind of state (initial, after E, after M), for each curve.
    QCPGraph* llMarkers[3] = {};
    QCPGraph* boundMarkers[3] = {};
    QCPGraph* currentMarker = nullptr;
    QCPItemStraightLine* currentLine = nullptr;
    QCPItemText* offScale = nullptr;
    QCPItemStraightLine* markLine = nullptr;
    QCPItemText* markLabel = nullptr;
    int marked = -1;
    QString llName = QStringLiteral("log-likelihood log p(O | \u03b8)");
    QString boundName = QStringLiteral("lower bound L(q, \u03b8)");
    std::optional<double> reference;
    QCPItemStraightLine* referenceLine = nullptr;
    QCPItemText* referenceLabel = nullptr;

    void applyStyle();
    void rebuildLegend();
    void updateData();
    void updateCurrent();
    void updateRanges();
    /// Applies the ranges with room for markers of `markerPx` pixels at the edges.
    bool fitRanges();
    double markerPx() const { return 19.0 * scale; }
};

LogLikelihoodPlot::LogLikelihoodPlot(QWidget* parent) : QCustomPlot(parent), d(new Private) {
    d->q = this;
    setAttribute(Qt::WA_OpaquePaintEvent);
    d->llLine = addGraph();
    d->boundLine = addGraph();
    // Open bound markers first, so the filled likelihood markers are drawn over them.
    for (auto*& g : d->boundMarkers)
        g = addGraph();
    for (auto*& g : d->llMarkers)
        g = addGraph();
    d->currentMarker = addGraph();
    for (int i = 0; i < graphCount(); ++i)
        graph(i)->removeFromLegend();

    d->currentLine = new QCPItemStraightLine(this);
    d->currentLine->setLayer(QStringLiteral("grid"));
    d->offScale = new QCPItemText(this);
    d->offScale->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    d->offScale->position->setType(QCPItemPosition::ptAxisRectRatio);
    d->offScale->position->setCoords(0.01, 0.99);
    d->offScale->setClipToAxisRect(true);
    d->offScale->setVisible(false);
    d->markLine = new QCPItemStraightLine(this);
    d->markLine->setLayer(QStringLiteral("grid"));
    d->markLine->setVisible(false);
    d->markLabel = new QCPItemText(this);
    d->markLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    d->markLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    d->markLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    d->markLabel->setClipToAxisRect(true);
    d->markLabel->setVisible(false);
    d->referenceLine = new QCPItemStraightLine(this);
    d->referenceLine->setLayer(QStringLiteral("grid"));
    d->referenceLine->setVisible(false);
    d->referenceLabel = new QCPItemText(this);
    d->referenceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    d->referenceLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    d->referenceLabel->setClipToAxisRect(true);
    d->referenceLabel->setVisible(false);

    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(ticker);
    yAxis->setNumberFormat(QStringLiteral("g"));
    yAxis->setNumberPrecision(7);
    d->yTicker = yAxis->ticker();

    legend->setVisible(true);
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    d->applyStyle();
    d->rebuildLegend();
    d->updateData();
}

LogLikelihoodPlot::~LogLikelihoodPlot() { delete d; }

void LogLikelihoodPlot::Private::applyStyle() {
    const double s = scale;
    const PlotStyle style = PlotStyle::of(q, s);
    style.apply(q);
    for (QCPAxis* axis : {q->xAxis, q->yAxis}) {
        axis->setTickLength(0, style.px(5));
        axis->setTickLabelFont(style.font(12));
        axis->setLabelFont(style.font(13));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    const int m = style.px(8);
    q->axisRect()->setMinimumMargins(QMargins(m, m, m, m));
    const QColor kLikelihoodColor = style.series(kLikelihoodOnWhite);
    const QColor kBoundColor = style.series(kBoundOnWhite);
    const QColor kCurrentColor = style.text;
    const QFont tickFont = style.font(12);

    QPen llPen(kLikelihoodColor, 2.4 * s);
    llPen.setJoinStyle(Qt::RoundJoin);
    llLine->setPen(llPen);
    llLine->setName(compact ? compactName(llName) : llName);
    QPen boundPen(kBoundColor, 2.0 * s, Qt::DashLine);
    boundPen.setJoinStyle(Qt::RoundJoin);
    boundLine->setPen(boundPen);
    boundLine->setName(compact ? compactName(boundName) : boundName);
    for (QCPGraph* g : {llLine, boundLine})
        g->setLineStyle(QCPGraph::lsLine);
    for (int i = 0; i < 3; ++i) {
        const auto shape = shapeOf(static_cast<Kind>(i));
        // Likelihood markers filled, bound markers open: both stay visible where they meet.
        llMarkers[i]->setLineStyle(QCPGraph::lsNone);
        llMarkers[i]->setScatterStyle(
            QCPScatterStyle(shape, QPen(kLikelihoodColor, 1.5 * s), kLikelihoodColor, 7.5 * s));
        boundMarkers[i]->setLineStyle(QCPGraph::lsNone);
        boundMarkers[i]->setScatterStyle(
            QCPScatterStyle(shape, QPen(kBoundColor, 1.8 * s), style.background, 11.5 * s));
    }
    currentMarker->setLineStyle(QCPGraph::lsNone);
    currentMarker->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(kCurrentColor, 2.6 * s), Qt::NoBrush, 19.0 * s));
    QColor currentLineColor = style.text;
    currentLineColor.setAlpha(70);
    currentLine->setPen(QPen(currentLineColor, 1.6 * s, Qt::SolidLine));

    QFont small = tickFont;
    offScale->setFont(small);
    offScale->setColor(style.note);
    const QColor warn = style.series(QColor(190, 60, 0));
    markLine->setPen(QPen(warn, 2.0 * s, Qt::DashLine));
    markLabel->setFont(tickFont);
    markLabel->setColor(warn);
    markLabel->setPadding(QMargins(style.px(4), style.px(2), style.px(6), style.px(2)));
    referenceLine->setPen(QPen(style.text, 1.4 * s, Qt::DashDotLine));
    referenceLabel->setFont(small);
    referenceLabel->setColor(style.text);

    q->legend->setFont(tickFont);
    q->legend->setIconSize(static_cast<int>(std::lround(30 * s)),
                           static_cast<int>(std::lround(14 * s)));
    const int lm = static_cast<int>(std::lround(6 * s));
    q->legend->setMargins(QMargins(lm, lm / 3, lm, lm / 3));
    q->legend->setRowSpacing(0);
    q->legend->setColumnSpacing(style.px(12));
    q->legend->setFillOrder(compact ? QCPLayoutGrid::foColumnsFirst : QCPLayoutGrid::foRowsFirst,
                            true);
    // The curves climb from the left: the bottom right stays free (compact: the legend is a
    // row above the plot, which is too low for anything to stay free).
    if (!compact)
        q->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    // Compact: the legend names the curves, no room for a vertical label.
    q->yAxis->setLabel(compact ? QString() : QStringLiteral("log-likelihood"));
    q->xAxis->setLabel(compact ? QStringLiteral("half-step  (\u25cf E,  \u25a0 M)")
                               : QStringLiteral("half-step  (0 = initial,  \u25cf after E-step,  "
                                                "\u25a0 after M-step)"));
}

void LogLikelihoodPlot::Private::rebuildLegend() {
    q->legend->clearItems();
    const double s = scale;
    const PlotStyle style = PlotStyle::of(q, s);
    const QColor kLikelihoodColor = style.series(kLikelihoodOnWhite);
    const QColor kBoundColor = style.series(kBoundOnWhite);
    const QColor background = style.background;
    q->legend->addItem(new LegendSwatch(q->legend, llLine->name(), [s, kLikelihoodColor](QCPPainter* p,
                                                                          const QRectF& r) {
        p->setPen(QPen(kLikelihoodColor, 2.4 * s));
        p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kLikelihoodColor, 1.5 * s),
                        kLikelihoodColor, 7.5 * s)
            .drawShape(p, r.center());
    }));
    q->legend->addItem(new LegendSwatch(q->legend, boundLine->name(), [s, kBoundColor, background](QCPPainter* p,
                                                                             const QRectF& r) {
        p->setPen(QPen(kBoundColor, 2.0 * s, Qt::DashLine));
        p->drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kBoundColor, 1.8 * s), background,
                        11.5 * s)
            .drawShape(p, r.center());
    }));
}

void LogLikelihoodPlot::Private::updateData() {
    const int n = static_cast<int>(ll.size());
    QVector<double> xs, llv, bx, bv;
    QVector<double> mx[3], my[3], nx[3], ny[3];
    for (int s = 0; s < n; ++s) {
        const int kind = static_cast<int>(kindOf(s));
        if (std::isfinite(ll[static_cast<std::size_t>(s)])) {
            xs << s;
            llv << ll[static_cast<std::size_t>(s)];
            mx[kind] << s;
            my[kind] << ll[static_cast<std::size_t>(s)];
        }
        if (static_cast<std::size_t>(s) < bound.size() && bound[static_cast<std::size_t>(s)] &&
            std::isfinite(*bound[static_cast<std::size_t>(s)])) {
            bx << s;
            bv << *bound[static_cast<std::size_t>(s)];
            nx[kind] << s;
            ny[kind] << *bound[static_cast<std::size_t>(s)];
        }
    }
    llLine->setData(xs, llv, true);
    boundLine->setData(bx, bv, true);
    for (int i = 0; i < 3; ++i) {
        llMarkers[i]->setData(mx[i], my[i], true);
        boundMarkers[i]->setData(nx[i], ny[i], true);
    }
    updateCurrent();
    updateRanges();
}

void LogLikelihoodPlot::Private::updateCurrent() {
    const int n = static_cast<int>(ll.size());
    if (current >= 0 && current < n && std::isfinite(ll[static_cast<std::size_t>(current)])) {
        currentMarker->setData(QVector<double>{static_cast<double>(current)},
                               QVector<double>{ll[static_cast<std::size_t>(current)]});
        currentLine->setVisible(true);
        currentLine->point1->setCoords(current, 0);
        currentLine->point2->setCoords(current, 1);
    } else {
        currentMarker->data()->clear();
        currentLine->setVisible(false);
    }
}

void LogLikelihoodPlot::Private::updateRanges() {
    const int n = static_cast<int>(ll.size());
    // The first states can lie far below the rest (a poor start climbs steeply), which
    // would flatten the interesting part. Zoom to the states after the first M-step when
    // the early ones lie more than five spans below them, and say what is off-scale.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    double lateLo = lo, lateHi = -lo;
    const auto visit = [&](int s, double v) {
        if (!std::isfinite(v))
            return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        if (s >= 2) {
            lateLo = std::min(lateLo, v);
            lateHi = std::max(lateHi, v);
        }
    };
    if (reference)
        visit(n, *reference);
    for (int s = 0; s < n; ++s) {
        visit(s, ll[static_cast<std::size_t>(s)]);
        if (static_cast<std::size_t>(s) < bound.size() && bound[static_cast<std::size_t>(s)])
            visit(s, *bound[static_cast<std::size_t>(s)]);
    }
    offScale->setVisible(false);
    hasData = std::isfinite(lo);
    if (!hasData) {
        applyDisplayRange(q->yAxis, displayRange(0, 1, 0, 0), yTicker);
        return;
    }
    double bottom = lo;
    if (std::isfinite(lateLo) && n >= 4) {
        const double lateSpan = std::max(lateHi - lateLo, 1e-9 * std::max(1.0, std::abs(lateHi)));
        if (lo < lateLo - 5.0 * lateSpan) {
            bottom = lateLo - 0.25 * lateSpan;
            int below = 0, last = -1;
            for (int s = 0; s < n; ++s)
                if (ll[static_cast<std::size_t>(s)] < bottom ||
                    (static_cast<std::size_t>(s) < bound.size() && bound[static_cast<std::size_t>(s)] &&
                     *bound[static_cast<std::size_t>(s)] < bottom)) {
                    ++below;
                    last = s;
                }
            offScale->setText(
                QStringLiteral("\u2193 %1 off-scale (state%2 \u2264 %3, lowest %4)")
                    .arg(below == 1 ? QStringLiteral("1 value") : QStringLiteral("values"))
                    .arg(last > 0 ? QStringLiteral("s") : QString())
                    .arg(last)
                    .arg(lo, 0, 'g', 7));
            offScale->setVisible(true);
        }
    }
    dataLo = bottom;
    dataHi = hi;
    fitRanges();
}

bool LogLikelihoodPlot::Private::fitRanges() {
    // Room for half a marker (and a pixel) beyond the extreme values: a fraction p of the
    // span on each side such that p T / (span) >= m / H for the total T = span (1 + 2p),
    // i.e. p >= (m / H) / (1 - 2 m / H). Equal values are one labelled level (axis_range.h).
    const double m = markerPx() / 2.0 + 2.0;
    const double h = q->axisRect()->height(), w = q->axisRect()->width();
    const double fy = h > 3 * m ? (m / h) / (1.0 - 2.0 * m / h) : 0.12;
    const QCPRange oldX = q->xAxis->range(), oldY = q->yAxis->range();
    if (hasData)
        applyDisplayRange(q->yAxis,
                          displayRange(dataLo, dataHi, std::max(0.08, fy), std::max(0.12, fy)),
                          yTicker);
    const double states = std::max(static_cast<double>(ll.size()), 5.0);
    // x: states 0..n-1, at least half a state and half a marker beyond each end.
    const double fx = w > 3 * m ? (m / w) / (1.0 - 2.0 * m / w) : 0.0;
    const double padX = std::max(0.5, fx * (states - 1.0));
    q->xAxis->setRange(-padX, states - 1.0 + padX);
    return q->xAxis->range() != oldX || q->yAxis->range() != oldY;
}

void LogLikelihoodPlot::updateLayout() {
    if (d->compact) {
        // Compact: the two names in one row when they fit across the plot, else one per row
        // (a narrow side column), never wider than the plot.
        legend->setWrap(0);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        if (legend->minimumOuterSizeHint().width() > width()) {
            legend->setWrap(1);
            legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        }
        // The markers' key under the axis when it fits across the plot.
        const QString full = QStringLiteral("half-step  (\u25cf E,  \u25a0 M)");
        // The label is centred under the curves, not the widget: it must fit their width
        // (the widget's less the tick labels, as last laid out).
        const int along = axisRect()->width() > 0 ? axisRect()->width() : width();
        xAxis->setLabel(QFontMetrics(xAxis->labelFont()).horizontalAdvance(full) < along - 8
                            ? full
                            : QStringLiteral("half-step"));
    }
    QCustomPlot::updateLayout();
    if (d->fitRanges())
        QCustomPlot::updateLayout();
    if (d->reference) {
        // The reference's name above its line, or under it where the line runs along the top
        // edge (its maximum is the converged likelihood's: the name would be cut).
        const double y = yAxis->coordToPixel(*d->reference);
        const bool roomAbove =
            y - axisRect()->top() > QFontMetrics(d->referenceLabel->font()).height() + 2;
        d->referenceLabel->setPositionAlignment(Qt::AlignLeft |
                                                (roomAbove ? Qt::AlignBottom : Qt::AlignTop));
    }
    PlotStyle::fitTickCounts(this, 10);
    QCustomPlot::updateLayout();
}

void LogLikelihoodPlot::setCompact(bool on) {
    if (on == d->compact)
        return;
    d->compact = on;
    placeLegendAbove(this, on, Qt::AlignBottom | Qt::AlignRight);
    setScale(d->scale);
}

void LogLikelihoodPlot::setHistory(const std::vector<double>& logLikelihood,
                                   const std::vector<std::optional<double>>& lowerBound,
                                   int currentState) {
    d->ll = logLikelihood;
    d->bound = lowerBound;
    d->current = currentState;
    d->updateData();
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::setCurrentState(int state) {
    d->current = state;
    d->updateCurrent();
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::setMarkedState(int state, const QString& label) {
    d->marked = state;
    d->markLine->setVisible(state >= 0);
    d->markLabel->setVisible(state >= 0 && !label.isEmpty());
    d->markLine->point1->setCoords(state, 0);
    d->markLine->point2->setCoords(state, 1);
    d->markLabel->setText(label);
    d->markLabel->position->setCoords(state, 0.02);
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::setNames(const QString& likelihood, const QString& bound) {
    d->llName = likelihood;
    d->boundName = bound;
    d->applyStyle();
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::setReference(std::optional<double> value, const QString& label) {
    d->reference = value && std::isfinite(*value) ? value : std::nullopt;
    d->referenceLine->setVisible(d->reference.has_value());
    d->referenceLabel->setVisible(d->reference.has_value());
    if (d->reference) {
        d->referenceLine->point1->setCoords(0, *d->reference);
        d->referenceLine->point2->setCoords(1, *d->reference);
        d->referenceLabel->position->setCoords(0.01, *d->reference);
        d->referenceLabel->setText(label);
    }
    d->updateRanges();
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setScale(d->scale);
}

void LogLikelihoodPlot::setScale(double scale) {
    d->scale = std::isfinite(scale) ? std::clamp(scale, 0.25, 6.0) : 1.0;
    d->applyStyle();
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LogLikelihoodPlot::mousePressEvent(QMouseEvent* event) {
    const int n = static_cast<int>(d->ll.size());
    // Any click over the plot area picks the nearest half-step: a whole column is a target,
    // which is easier to hit on a projector than a marker.
    if (event->button() == Qt::LeftButton && n > 0 &&
        axisRect()->rect().contains(event->position().toPoint())) {
        const double x = xAxis->pixelToCoord(event->position().x());
        const int state = std::clamp(static_cast<int>(std::lround(x)), 0, n - 1);
        if (std::abs(x - state) <= 0.5 + 1e-9) {
            emit stateClicked(state);
            event->accept();
            return;
        }
    }
    QCustomPlot::mousePressEvent(event);
}

} // namespace latentlab
