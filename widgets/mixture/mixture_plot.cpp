#include "mixture/mixture_plot.h"

#include "mixture/component_overlay.h"
#include "mixture/ellipse.h"
#include "mixture/gaussian_mixture.h"
#include "plot/axis_range.h"
#include "plot/legend_swatch.h"
#include "plot/palette.h"
#include "plot/plot_style.h"
#include "plot/point_cloud.h"

#include <QEasingCurve>
#include <QTimer>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace latentlab {

namespace {
using Component2D = std::pair<Eigen::Vector2d, Eigen::Matrix2d>;

constexpr int kSprayIntervalMs = 40;   // one batch of sprayed points per interval
constexpr int kSprayBatch = 6;         // points per batch
constexpr double kSprayRadius = 14.0;  // pixels (at scale 1): the standard deviation
constexpr double kEraseRadius = 16.0;  // pixels (at scale 1)
constexpr double kClickSlop = 5.0;     // pixels a click may move and still be a click

QString percent(double fraction) { return QString::number(100.0 * fraction, 'f', 1) + " %"; }
} // namespace

struct MixturePlot::Private {
    MixturePlot* q = nullptr;
    PointCloud* cloud = nullptr;
    ComponentOverlay* overlay = nullptr;
    QCPLayer* overlayLayer = nullptr;
    QCPLayoutGrid* side = nullptr; // right-hand column holding the legend

    // Components: target parameters, the glide start and what is drawn now.
    std::vector<Component2D> target, from, shown;
    Eigen::VectorXd weights;
    QList<QColor> colors;
    QStringList names;
    QVariantAnimation* glide = nullptr;

    Tool tool = Tool::Inspect;
    bool manual = false;
    double scale = 1.0;
    double pointSize = 4.0;
    int highlightedComponent = -1;
    int highlightedPoint = -1;
    QRectF viewRect;      // data rectangle kept visible; null = leave the axes alone
    bool autoView = true; // the view follows the data (false once the user zooms)
    std::optional<QPointF> levelPoint; // every point is this one: one labelled tick per axis
    QSharedPointer<QCPAxisTicker> xTicker, yTicker; // the axes' normal tickers
    QCPItemText* scaleNote = nullptr; // shown when x and y cannot share one scale
    std::vector<int> collapsed;       // components collapsed onto their points
    QList<QCPItemText*> collapseLabels;
    void updateCollapseLabels();
    bool applyingView = false;
    bool legendWanted = true;
    bool legendInside = false;

    // Mouse state.
    enum class Drag { None, Click, Mean, Handle, Spray, Erase } drag = Drag::None;
    QPointF pressPos, mousePos;
    int dragK = -1;
    Eigen::Vector2d grabOffset = Eigen::Vector2d::Zero();
    double otherSemiAxis = 0.0; // the semi-axis kept while dragging an axis-end handle
    QTimer sprayTimer;
    std::mt19937_64 sprayRng{20240229};

    Eigen::Vector2d toData(const QPointF& p) const {
        return {q->xAxis->pixelToCoord(p.x()), q->yAxis->pixelToCoord(p.y())};
    }
    double pixelsPerUnit() const {
        const double span = q->xAxis->range().size();
        return span > 0 ? q->axisRect()->width() / span : 1.0;
    }

    void applyStyle();
    void rebuildLegend();
    void placeLegend();
    QRectF componentBounds(const std::vector<Component2D>& comps) const;
    void pushOverlay();
    void replotOverlay();
    bool applyAspect();
    void setShown(std::vector<Component2D> comps);
    void sprayBatch();
    void eraseAt(const QPointF& pos);
    void updateBrush();
};

MixturePlot::MixturePlot(QWidget* parent) : QCustomPlot(parent), d(new Private) {
    d->q = this;
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setNoAntialiasingOnDrag(false);
    setPlottingHints(QCP::phCacheLabels);

    // The top layer, so that everything below shares one paint buffer: QCustomPlot gives a
    // buffered layer its own buffer and starts another for the logical layers above it, and
    // every buffer is cleared and composited in each replot (with the components above "main"
    // and QCustomPlot's buffered "overlay" layer there were four). The legend sits in its own
    // column, clear of the axis rect the components are clipped to; the "overlay" layer only
    // holds selection rectangles, which this plot does not use.
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    addLayer(QStringLiteral("components"), layer(QStringLiteral("overlay")), QCustomPlot::limAbove);
    d->overlayLayer = layer(QStringLiteral("components"));
    // Own paint buffer: gliding ellipses and highlights redraw this layer only, not the
    // (possibly million-point) cloud below.
    d->overlayLayer->setMode(QCPLayer::lmBuffered);

    d->cloud = new PointCloud(xAxis, yAxis);
    d->cloud->setLayer(QStringLiteral("main"));
    d->cloud->setDefaultColor(neutralPointColor());
    d->cloud->removeFromLegend();
    d->overlay = new ComponentOverlay(axisRect(), QStringLiteral("components"));

    // The legend lives in its own column right of the plot so it never hides points.
    legend->setVisible(true);
    axisRect()->insetLayout()->take(legend);
    d->side = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, d->side);
    d->side->addElement(0, 0, legend);
    d->side->addElement(1, 0, new QCPLayoutElement(this)); // spacer pushes the legend up
    d->side->setRowStretchFactor(0, 0.001);
    d->side->setRowStretchFactor(1, 1.0);
    plotLayout()->setColumnStretchFactor(1, 0.001);
    legend->setLayer(QStringLiteral("legend"));

    d->xTicker = xAxis->ticker();
    d->yTicker = yAxis->ticker();
    d->scaleNote = new QCPItemText(this);
    d->scaleNote->setClipToAxisRect(false);
    d->scaleNote->position->setType(QCPItemPosition::ptAxisRectRatio);
    d->scaleNote->position->setCoords(0.01, 0.01);
    d->scaleNote->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    d->scaleNote->setText(tr("x and y are drawn to different scales"));
    d->scaleNote->setColor(QColor(90, 90, 90));
    d->scaleNote->setBrush(QColor(255, 255, 255, 220));
    d->scaleNote->setPadding(QMargins(4, 2, 4, 2));
    d->scaleNote->setVisible(false);

    d->glide = new QVariantAnimation(this);
    d->glide->setStartValue(0.0);
    d->glide->setEndValue(1.0);
    d->glide->setEasingCurve(QEasingCurve::InOutCubic);
    connect(d->glide, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        const double t = v.toDouble();
        std::vector<Component2D> now(d->target.size());
        for (std::size_t k = 0; k < now.size(); ++k) {
            // Means move on a straight line; Sigma(t) = (1 - t) Sigma_0 + t Sigma_1 stays
            // symmetric positive definite as a convex combination of two such matrices.
            now[k].first = (1.0 - t) * d->from[k].first + t * d->target[k].first;
            now[k].second = (1.0 - t) * d->from[k].second + t * d->target[k].second;
        }
        d->setShown(std::move(now));
        d->replotOverlay();
    });
    connect(d->glide, &QVariantAnimation::finished, this, [this] {
        d->setShown(d->target);
        d->replotOverlay();
    });

    d->sprayTimer.setInterval(kSprayIntervalMs);
    connect(&d->sprayTimer, &QTimer::timeout, this, [this] { d->sprayBatch(); });

    d->applyStyle();
    d->rebuildLegend();
    setViewRect(QRectF(-1, -1, 2, 2));
}

MixturePlot::~MixturePlot() { delete d; }

// ---- Style ------------------------------------------------------------------------------

void MixturePlot::Private::applyStyle() {
    const double s = scale;
    const PlotStyle style = PlotStyle::of(q, s);
    style.apply(q);
    for (QCPAxis* axis : q->axisRect()->axes())
        axis->setVisible(true); // a closed frame around the data
    q->xAxis2->setRange(q->xAxis->range());
    q->yAxis2->setRange(q->yAxis->range());
    const int m = style.px(12);
    // In lecture mode (legend inside) every pixel of height goes to the data.
    q->axisRect()->setMinimumMargins(legendInside ? QMargins(m, style.px(4), m, style.px(2))
                                                  : QMargins(m, m, m, m));
    if (legendInside)
        for (QCPAxis* axis : {q->xAxis, q->yAxis}) {
            axis->setLabelPadding(style.px(3));
            axis->setTickLabelPadding(style.px(4));
        }
    q->legend->setIconSize(static_cast<int>(std::lround((legendInside ? 26 : 34) * s)),
                           static_cast<int>(std::lround((legendInside ? 13 : 16) * s)));
    q->legend->setIconTextPadding(static_cast<int>(std::lround((legendInside ? 5 : 8) * s)));
    q->legend->setRowSpacing(static_cast<int>(std::lround(2 * s)));
    const int lm = static_cast<int>(std::lround((legendInside ? 6 : 10) * s));
    q->legend->setMargins(QMargins(lm, lm, lm, lm));
    side->setMargins(QMargins(0, m, m, m));
    q->axisRect()->insetLayout()->setMargins(QMargins(m, m, m, m));

    cloud->setPointSize(pointSize * s);
    overlay->setScale(s);
    overlay->setPointDiameter(pointSize * s);
    overlay->setColors(style.background, style.text);
    if (scaleNote) {
        scaleNote->setColor(style.note);
        scaleNote->setBrush(style.legendBrush);
        scaleNote->setFont(style.font(12));
    }
}

void MixturePlot::Private::rebuildLegend() {
    q->legend->clearItems();
    const double s = scale;
    for (int k = 0; k < colors.size() && k < static_cast<int>(target.size()); ++k) {
        const QColor color = colors[k];
        QString name =
            k < names.size() && !names[k].isEmpty()
                ? names[k]
                : QStringLiteral("k_{%1} (%2)").arg(colorInitial(color), colorName(color));
        if (k < weights.size() && std::isfinite(weights[k]))
            name += QString::fromUtf8(legendInside ? "  \u03c0=%1" : "   \u03c0 = %1")
                        .arg(weights[k], 0, 'f', 2);
        q->legend->addItem(new LegendSwatch(
            q->legend, name, [color, s](QCPPainter* p, const QRectF& r) {
                // A short 1-sigma arc and the mean's cross, as drawn in the plot.
                const QPointF c = r.center();
                p->setPen(ComponentOverlay::ellipsePen(0, color, s));
                p->setBrush(QColor(color.red(), color.green(), color.blue(), 40));
                p->drawEllipse(c, r.width() * 0.42, r.height() * 0.36);
                const double a = 3.5 * s;
                p->setPen(QPen(color.darker(115), 2.4 * s, Qt::SolidLine, Qt::RoundCap));
                p->drawLine(c + QPointF(-a, -a), c + QPointF(a, a));
                p->drawLine(c + QPointF(-a, a), c + QPointF(a, -a));
            }));
    }
    if (!target.empty()) {
        for (int i = 0; i < 3; ++i) {
            const double r = ComponentOverlay::kRadii[i];
            // One line each: the legend stays short enough for K = 8 inside the plot.
            const QString text =
                QString::fromUtf8(legendInside ? "%1 \u03c3: %2" : "%1 \u03c3 ellipse: %2")
                    .arg(r, 0, 'f', 0)
                    .arg(percent(massInsideRadius2D(r)));
            q->legend->addItem(
                new LegendSwatch(q->legend, text, [i, s](QCPPainter* p, const QRectF& rect) {
                    p->setPen(ComponentOverlay::ellipsePen(i, QColor(70, 70, 70), s));
                    const double y = rect.center().y();
                    p->drawLine(QPointF(rect.left() + 2, y), QPointF(rect.right() - 2, y));
                }));
        }
    }
    q->legend->setVisible(q->legend->itemCount() > 0 && legendWanted);
    q->legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
}

void MixturePlot::Private::placeLegend() {
    // Inside the plot the legend takes one column while it fits the height, two when K is
    // large and the plot low (a projector at 1280 x 720).
    if (!legendInside || !q->legend->visible())
        return;
    const int n = q->legend->elementCount();
    int rowHeight = 0;
    for (int i = 0; i < n; ++i)
        if (QCPLayoutElement* e = q->legend->elementAt(i))
            rowHeight = std::max(rowHeight, e->minimumOuterSizeHint().height());
    rowHeight += q->legend->rowSpacing();
    const int room = q->axisRect()->height() - 2 * q->axisRect()->insetLayout()->margins().top() -
                     q->legend->margins().top() - q->legend->margins().bottom();
    const int perColumn = rowHeight > 0 ? std::max(1, room / rowHeight) : n;
    const int wrap = n <= perColumn ? 0 : (n + 1) / 2;
    if (q->legend->wrap() != wrap) {
        q->legend->setWrap(wrap);
        q->legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
    }
}

QRectF MixturePlot::Private::componentBounds(const std::vector<Component2D>& comps) const {
    // The bounding boxes of the 3-sigma ellipses: sigma_x = sqrt(Sigma_xx) along x; and 4 %
    // more, so that the dotted line is not drawn on the frame.
    QRectF b;
    for (const auto& [mean, cov] : comps) {
        if (!mean.allFinite() || !cov.allFinite() || cov(0, 0) < 0 || cov(1, 1) < 0)
            continue;
        const double rx = 3.12 * std::sqrt(cov(0, 0)), ry = 3.12 * std::sqrt(cov(1, 1));
        const QRectF r(mean.x() - rx, mean.y() - ry, 2 * rx, 2 * ry);
        b = b.isNull() ? r : b.united(r);
    }
    return b;
}

// ---- Components -------------------------------------------------------------------------

void MixturePlot::Private::setShown(std::vector<Component2D> comps) {
    shown = std::move(comps);
    pushOverlay();
}

void MixturePlot::Private::pushOverlay() {
    std::vector<ComponentOverlay::Component> out;
    out.reserve(shown.size());
    for (std::size_t k = 0; k < shown.size(); ++k) {
        ComponentOverlay::Component c;
        c.mean = shown[k].first;
        c.covariance = shown[k].second;
        c.color = static_cast<int>(k) < colors.size() ? colors[static_cast<int>(k)]
                                                       : QColor(Qt::black);
        c.collapsed =
            std::find(collapsed.begin(), collapsed.end(), static_cast<int>(k)) != collapsed.end();
        out.push_back(c);
    }
    overlay->setComponents(std::move(out));
    overlay->setHighlightedComponent(highlightedComponent);
    overlay->setShowHandles(manual);
    if (highlightedPoint >= 0 && highlightedPoint < cloud->pointCount())
        overlay->setHighlightedPoint(cloud->data().col(highlightedPoint), pointSize * scale);
    else
        overlay->setHighlightedPoint(std::nullopt, 0);
}

void MixturePlot::Private::replotOverlay() {
    // A buffered layer redraws alone; QCPLayer::replot falls back to a full replot when the
    // paint buffers are not valid yet.
    overlayLayer->replot();
}

void MixturePlot::setComponents(const MixtureParams& params, const QList<QColor>& colors,
                                int glideMs) {
    std::vector<Component2D> comps;
    const int k = params.k();
    const bool shapeOk = params.d() >= 2 && params.means.cols() == k &&
                         static_cast<int>(params.covariances.size()) == k;
    if (shapeOk) {
        for (int j = 0; j < k; ++j) {
            const auto& cov = params.covariances[static_cast<std::size_t>(j)];
            if (cov.rows() < 2 || cov.cols() < 2)
                continue;
            comps.emplace_back(params.means.col(j).head<2>(), cov.topLeftCorner<2, 2>());
        }
    }
    if (static_cast<int>(comps.size()) != k)
        comps.clear();
    const bool canGlide = glideMs > 0 && isVisible() && comps.size() == d->shown.size() &&
                          !comps.empty();
    d->glide->stop();
    d->colors = colors;
    d->weights = params.weights;
    d->target = comps;
    if (d->highlightedComponent >= static_cast<int>(comps.size()))
        d->highlightedComponent = -1;
    if (canGlide) {
        d->from = d->shown; // mid-glide this is the interpolated state
        d->glide->setDuration(glideMs);
        d->glide->start();
    } else {
        d->setShown(comps);
    }
    // Keep the 3-sigma ellipses in view (growing only, so the picture does not jump between
    // half-steps), unless the user zoomed or edits them; never beyond three times the data, so a
    // component blown up by a poor start does not shrink the points to a dot. Not while the user
    // places components by hand: the frame must not move under the mouse.
    if (d->autoView && !d->manual && !d->viewRect.isNull() && !comps.empty()) {
        QRectF need = d->componentBounds(comps);
        const QRectF data = d->cloud->dataBounds();
        if (d->cloud->pointCount() > 0 && data.width() + data.height() > 0) {
            const double ex = std::max(data.width(), data.height());
            need = need.intersected(data.adjusted(-ex, -ex, ex, ex));
        }
        if (!need.isEmpty() && !d->viewRect.contains(need)) {
            d->viewRect = d->viewRect.united(need);
            d->applyAspect();
        }
    }
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void MixturePlot::clearComponents() {
    d->glide->stop();
    d->target.clear();
    d->from.clear();
    d->weights.resize(0);
    d->highlightedComponent = -1;
    d->setShown({});
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void MixturePlot::setCollapsed(const std::vector<int>& components) {
    d->collapsed = components;
    d->pushOverlay();
    d->updateCollapseLabels();
    replot(rpQueuedReplot);
}

void MixturePlot::Private::updateCollapseLabels() {
    for (QCPItemText* t : collapseLabels)
        q->removeItem(t);
    collapseLabels.clear();
    const PlotStyle style = PlotStyle::of(q, scale);
    for (int k : collapsed) {
        if (k < 0 || k >= static_cast<int>(target.size()))
            continue;
        auto* t = new QCPItemText(q);
        t->setClipToAxisRect(true);
        t->position->setType(QCPItemPosition::ptPlotCoords);
        t->position->setCoords(target[static_cast<std::size_t>(k)].first.x(),
                               target[static_cast<std::size_t>(k)].first.y());
        // Beside the halo, at the height of the mean (inside the plot whenever the mean is).
        t->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        t->setPadding(QMargins(style.px(26), 0, 0, 0));
        const QColor c = k < colors.size() ? colors[k] : style.text;
        t->setText(QObject::tr("collapsed: \u03a3 \u2192 0"));
        t->setColor(style.dark ? style.series(c) : c.darker(130));
        t->setFont(style.font(14));
        t->setLayer(QStringLiteral("components"));
        collapseLabels << t;
    }
}

std::vector<std::pair<Eigen::Vector2d, Eigen::Matrix2d>> MixturePlot::shownComponents() const {
    return d->shown;
}

bool MixturePlot::isGliding() const {
    return d->glide->state() == QAbstractAnimation::Running;
}

void MixturePlot::setHighlightedComponent(int k) {
    d->highlightedComponent = k >= 0 && k < static_cast<int>(d->shown.size()) ? k : -1;
    d->pushOverlay();
    d->replotOverlay();
}

void MixturePlot::setHighlightedPoint(int index) {
    d->highlightedPoint = index >= 0 && index < d->cloud->pointCount() ? index : -1;
    d->pushOverlay();
    d->replotOverlay();
}

int MixturePlot::highlightedComponent() const { return d->highlightedComponent; }
int MixturePlot::highlightedPoint() const { return d->highlightedPoint; }

void MixturePlot::setComponentNames(const QStringList& names) {
    d->names = names;
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

// ---- Points -----------------------------------------------------------------------------

void MixturePlot::setPoints(const Eigen::Matrix2Xd& points, bool rescale) {
    d->cloud->setData(points);
    if (d->highlightedPoint >= d->cloud->pointCount())
        d->highlightedPoint = -1;
    d->pushOverlay();
    if (rescale)
        fitToPoints();
    replot(rpQueuedReplot);
}

void MixturePlot::setPointColors(std::vector<QRgb> colors) {
    d->cloud->setColors(std::move(colors));
    replot(rpQueuedReplot);
}

void MixturePlot::setResponsibilities(const Eigen::MatrixXd& q, const QList<QColor>& colors) {
    const Eigen::Index n = q.cols();
    const int k = static_cast<int>(q.rows());
    if (k == 0 || colors.size() < k) {
        setPointColors({});
        return;
    }
    // Q(k|o_i) is column i of the K x N matrix (contiguous: Eigen is column-major).
    const ColorBlender blend(colors.mid(0, k));
    std::vector<QRgb> out(static_cast<std::size_t>(n));
    const double* data = q.data();
    for (Eigen::Index i = 0; i < n; ++i)
        out[static_cast<std::size_t>(i)] = blend(data + i * k);
    setPointColors(std::move(out));
}

PointCloud* MixturePlot::pointCloud() const { return d->cloud; }

void MixturePlot::setPointSize(double pixels) {
    d->pointSize = std::isfinite(pixels) ? std::clamp(pixels, 1.0, 32.0) : 4.0;
    d->cloud->setPointSize(d->pointSize * d->scale);
    d->pushOverlay();
    replot(rpQueuedReplot);
}

// ---- View -------------------------------------------------------------------------------

void MixturePlot::setViewRect(const QRectF& rect) {
    QRectF r = rect.normalized();
    if (!std::isfinite(r.x()) || !std::isfinite(r.y()) || !std::isfinite(r.width()) ||
        !std::isfinite(r.height()))
        return;
    // A degenerate rectangle (one point, or points on a line) still gets an area, at least a
    // sensible span for the coordinates' magnitude (see plot/axis_range.h); all points in
    // one place show as one labelled tick on each axis, not as eight ticks reading "0.5".
    const DisplayRange rx = displayRange(r.left(), r.right(), 0, 0);
    const DisplayRange ry = displayRange(r.top(), r.bottom(), 0, 0);
    d->levelPoint.reset();
    if (rx.level && ry.level)
        d->levelPoint = QPointF(rx.value, ry.value);
    const double extent = std::max({r.width(), r.height(), rx.range.size(), ry.range.size()});
    if (r.width() < extent * 1e-3 || r.height() < extent * 1e-3) {
        // Never below the axis's own sensible span (half the extent may be less: points a
        // rounding error apart at 1650 would get a range of 0.08, ticks a hair apart).
        const double w = std::max({r.width(), extent * 0.5, rx.range.size()});
        const double h = std::max({r.height(), extent * 0.5, ry.range.size()});
        const QPointF c = r.center();
        r = QRectF(c.x() - w / 2, c.y() - h / 2, w, h);
    }
    d->viewRect = r;
    if (d->applyAspect())
        replot(rpQueuedReplot);
}

QRectF MixturePlot::viewRect() const { return d->viewRect; }

void MixturePlot::fitToPoints() {
    d->autoView = true;
    QRectF b = d->cloud->dataBounds();
    const bool noPoints = d->cloud->pointCount() == 0;
    const double mx = b.width() * 0.06, my = b.height() * 0.06;
    b = b.adjusted(-mx, -my, mx, my);
    // The components' 3-sigma ellipses too (not beyond three times the data).
    QRectF comps = d->componentBounds(d->target);
    if (const double ex = std::max(b.width(), b.height()); !noPoints && !comps.isNull() && ex > 0)
        comps = comps.intersected(b.adjusted(-ex, -ex, ex, ex));
    if (noPoints)
        b = comps.isNull() ? QRectF(-1, -1, 2, 2) : comps;
    else if (!comps.isEmpty())
        b = b.united(comps);
    setViewRect(b);
    replot(rpQueuedReplot);
}

namespace {
// Beyond this ratio of units per pixel between the axes, equal aspect is given up.
constexpr double kMaxAspectDistortion = 4.0;
} // namespace

bool MixturePlot::Private::applyAspect() {
    if (viewRect.isNull() || applyingView)
        return false;
    const QRect r = q->axisRect()->rect();
    if (r.width() <= 1 || r.height() <= 1) {
        q->xAxis->setRange(viewRect.left(), viewRect.right());
        q->yAxis->setRange(viewRect.top(), viewRect.bottom());
        return true;
    }
    // Units per pixel: the larger of the two needs, so the whole view rectangle fits. Equal
    // aspect keeps circles round and ellipses true to shape; but when the columns differ in
    // scale by far (raw Old Faithful: minutes of eruption against minutes of waiting) one
    // shared scale would squash the data into a sliver, so each axis then gets its own
    // scale and a note on the plot says so.
    //
    // A legend inside the plot gets its own strip: the data go beside it (a strip at the
    // right) or under it (a strip at the top), whichever leaves them larger.
    QRectF free(r);
    if (legendInside && q->legend->visible() && q->legend->layout()) {
        const QSize ls = q->legend->minimumOuterSizeHint();
        const int gap = q->axisRect()->insetLayout()->margins().right() * 2;
        const QRectF right(r.left(), r.top(), std::max(1, r.width() - ls.width() - gap),
                           r.height());
        const QRectF top(r.left(), r.top() + ls.height() + gap, r.width(),
                         std::max(1, r.height() - ls.height() - gap));
        const auto units = [&](const QRectF& f) {
            return std::max(viewRect.width() / f.width(), viewRect.height() / f.height());
        };
        free = units(right) <= units(top) ? right : top;
    }
    const double upx = viewRect.width() / free.width(), upy = viewRect.height() / free.height();
    const bool equal = std::max(upx, upy) <= kMaxAspectDistortion * std::min(upx, upy);
    const double ux = equal ? std::max(upx, upy) : upx;
    const double uy = equal ? std::max(upx, upy) : upy;
    // The view rectangle's centre at the free area's centre (pixel y grows downwards).
    const QPointF c = viewRect.center();
    const double left = c.x() - ux * (free.center().x() - r.left());
    const double bottom = c.y() - uy * (r.bottom() - free.center().y());
    const QCPRange x(left, left + ux * r.width());
    const QCPRange y(bottom, bottom + uy * r.height());
    if (scaleNote)
        scaleNote->setVisible(!equal);
    const auto same = [](const QCPRange& a, const QCPRange& b) {
        const double tol = 1e-9 * std::max(std::abs(a.size()), std::abs(b.size()));
        return std::abs(a.lower - b.lower) <= tol && std::abs(a.upper - b.upper) <= tol;
    };
    const bool changed = !same(q->xAxis->range(), x) || !same(q->yAxis->range(), y);
    // One point: one tick on each axis, labelled with its coordinate.
    const auto ticks = [&](QCPAxis* axis, const QCPRange& range, double level,
                           const QSharedPointer<QCPAxisTicker>& normal) {
        DisplayRange dr;
        dr.range = range;
        dr.level = levelPoint.has_value();
        dr.value = level;
        applyDisplayRange(axis, dr, normal, 6);
    };
    ticks(q->xAxis, x, levelPoint ? levelPoint->x() : 0.0, xTicker);
    ticks(q->yAxis, y, levelPoint ? levelPoint->y() : 0.0, yTicker);
    q->xAxis2->setRange(x);
    q->yAxis2->setRange(y);
    return changed;
}

void MixturePlot::updateLayout() {
    QCustomPlot::updateLayout();
    d->placeLegend();
    // New ranges mean new tick labels and possibly new margins: lay out again (twice at
    // most; the tick label widths settle at once in practice). Tick counts follow the
    // axis lengths so labels never crowd.
    for (int i = 0; i < 2 && d->applyAspect(); ++i)
        QCustomPlot::updateLayout();
    PlotStyle::fitTickCounts(this);
    QCustomPlot::updateLayout();
}

void MixturePlot::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    replot(rpQueuedReplot);
}

void MixturePlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setScale(d->scale);
}

void MixturePlot::setScale(double scale) {
    d->scale = std::isfinite(scale) ? std::clamp(scale, 0.25, 6.0) : 1.0;
    d->applyStyle();
    d->rebuildLegend();
    d->updateCollapseLabels();
    d->pushOverlay();
    replot(rpQueuedReplot);
}

double MixturePlot::scale() const { return d->scale; }

void MixturePlot::setLegendVisible(bool on) {
    d->legendWanted = on;
    legend->setVisible(on && legend->itemCount() > 0);
    // An invisible column still takes its width; remove it from the layout instead.
    const bool column = on && !d->legendInside;
    d->side->setVisible(column);
    if (column && !d->side->layout()) {
        plotLayout()->addElement(0, 1, d->side);
        plotLayout()->setColumnStretchFactor(1, 0.001);
    } else if (!column && d->side->layout()) {
        plotLayout()->take(d->side);
        plotLayout()->simplify();
    }
    replot(rpQueuedReplot);
}

void MixturePlot::setLegendInside(bool on) {
    if (on == d->legendInside)
        return;
    d->legendInside = on;
    placeLegend(this, d->side, on);
    if (!on)
        legend->setWrap(0);
    setLegendVisible(d->legendWanted);
    setScale(d->scale);
}

bool MixturePlot::legendInside() const {
    return d->legendInside;
}

void MixturePlot::setAxisLabels(const QString& x, const QString& y) {
    xAxis->setLabel(x);
    yAxis->setLabel(y);
    replot(rpQueuedReplot);
}

// ---- Tools ------------------------------------------------------------------------------

void MixturePlot::setTool(Tool tool) {
    d->tool = tool;
    d->sprayTimer.stop();
    d->drag = Private::Drag::None;
    d->updateBrush();
    setCursor(tool == Tool::Inspect ? Qt::ArrowCursor : Qt::CrossCursor);
}

MixturePlot::Tool MixturePlot::tool() const { return d->tool; }

void MixturePlot::setManualEditing(bool on) {
    d->manual = on;
    d->pushOverlay();
    d->replotOverlay();
}

bool MixturePlot::manualEditing() const { return d->manual; }

void MixturePlot::Private::updateBrush() {
    const bool inside = q->axisRect()->rect().contains(mousePos.toPoint());
    if (tool == Tool::Spray && inside)
        overlay->setBrushOutline(mousePos, 2.0 * kSprayRadius * scale);
    else if (tool == Tool::Erase && inside)
        overlay->setBrushOutline(mousePos, kEraseRadius * scale);
    else
        overlay->setBrushOutline(std::nullopt, 0);
}

void MixturePlot::Private::sprayBatch() {
    // Gaussian spray: o = cursor + sigma z, z ~ N(0, I), sigma = kSprayRadius pixels.
    const double sigma = kSprayRadius * scale / std::max(pixelsPerUnit(), 1e-300);
    const Eigen::Vector2d c = toData(mousePos);
    std::normal_distribution<double> normal(0.0, 1.0);
    Eigen::Matrix2Xd batch(2, kSprayBatch);
    for (int i = 0; i < kSprayBatch; ++i) {
        batch(0, i) = c.x() + sigma * normal(sprayRng);
        batch(1, i) = c.y() + sigma * normal(sprayRng);
    }
    emit q->pointsAdded(batch);
}

void MixturePlot::Private::eraseAt(const QPointF& pos) {
    std::vector<int> hit = cloud->pointsWithin(pos, kEraseRadius * scale);
    if (!hit.empty())
        emit q->pointsErased(hit);
}

void MixturePlot::mousePressEvent(QMouseEvent* event) {
    d->mousePos = event->position();
    d->pressPos = event->position();
    if (event->button() != Qt::LeftButton) {
        QCustomPlot::mousePressEvent(event);
        return;
    }
    const double tolerance = 12.0 * d->scale;
    if (d->manual) {
        const auto [k, h] = d->overlay->hitHandle(event->position(), tolerance);
        if (k >= 0) {
            d->glide->stop();
            d->setShown(d->target);
            d->dragK = k;
            const Eigen::Vector2d p = d->toData(event->position());
            const Eigen::Vector2d mean = d->shown[static_cast<std::size_t>(k)].first;
            if (h == 0) {
                d->drag = Private::Drag::Mean;
                d->grabOffset = p - mean;
            } else {
                d->drag = Private::Drag::Handle;
                // Keep the other axis: its length is |other handle - mean|.
                const int other = h <= 2 ? 3 : 1;
                d->otherSemiAxis = (d->overlay->handlePosition(k, other) - mean).norm();
            }
            event->accept();
            return;
        }
    }
    switch (d->tool) {
    case Tool::Inspect:
        d->drag = Private::Drag::Click;
        break;
    case Tool::Spray:
        d->drag = Private::Drag::Spray;
        d->sprayBatch();
        d->sprayTimer.start();
        break;
    case Tool::Erase:
        d->drag = Private::Drag::Erase;
        d->eraseAt(event->position());
        break;
    }
    event->accept();
}

void MixturePlot::mouseMoveEvent(QMouseEvent* event) {
    d->mousePos = event->position();
    const Eigen::Vector2d p = d->toData(event->position());
    switch (d->drag) {
    case Private::Drag::Mean:
    case Private::Drag::Handle: {
        const int k = d->dragK;
        auto& comp = d->target[static_cast<std::size_t>(k)];
        if (d->drag == Private::Drag::Mean) {
            comp.first = p - d->grabOffset;
        } else {
            // The dragged axis end follows the cursor: semi-axis a = p - mu_k; the other
            // semi-axis keeps its length b and stays perpendicular, so
            // Sigma = a a^T + b^2 v v^T with v the unit normal of a, and the 1-sigma ellipse
            // passes through the cursor.
            Eigen::Vector2d a = p - comp.first;
            const double minLength = 2.0 / std::max(d->pixelsPerUnit(), 1e-300);
            if (a.norm() < minLength)
                a = a.norm() > 0 ? Eigen::Vector2d(a.normalized() * minLength)
                                 : Eigen::Vector2d(minLength, 0.0);
            const double la = a.norm();
            const double lb = std::max(d->otherSemiAxis, minLength);
            const Eigen::Vector2d u = a / la;
            Ellipse2D e;
            e.center = comp.first;
            const Eigen::Vector2d major = la >= lb ? u : Eigen::Vector2d(-u.y(), u.x());
            e.semiMajor = std::max(la, lb);
            e.semiMinor = std::min(la, lb);
            double angle = std::atan2(major.y(), major.x());
            if (angle <= -std::numbers::pi / 2)
                angle += std::numbers::pi;
            if (angle > std::numbers::pi / 2)
                angle -= std::numbers::pi;
            e.angle = angle;
            comp.second = covarianceFromEllipse(e, 1.0);
        }
        d->setShown(d->target);
        d->replotOverlay();
        emit componentEdited(k, comp.first, comp.second, false);
        event->accept();
        return;
    }
    case Private::Drag::Erase:
        d->eraseAt(event->position());
        break;
    default:
        break;
    }
    if (d->tool != Tool::Inspect) {
        d->updateBrush();
        d->replotOverlay();
    }
    QCustomPlot::mouseMoveEvent(event);
}

void MixturePlot::mouseReleaseEvent(QMouseEvent* event) {
    d->mousePos = event->position();
    const auto drag = d->drag;
    d->drag = Private::Drag::None;
    d->sprayTimer.stop();
    switch (drag) {
    case Private::Drag::Mean:
    case Private::Drag::Handle: {
        const auto& comp = d->target[static_cast<std::size_t>(d->dragK)];
        emit componentEdited(d->dragK, comp.first, comp.second, true);
        break;
    }
    case Private::Drag::Click: {
        const QPointF delta = event->position() - d->pressPos;
        if (std::hypot(delta.x(), delta.y()) > kClickSlop * d->scale)
            break;
        const auto [k, h] = d->overlay->hitHandle(event->position(), 12.0 * d->scale);
        if (k >= 0 && h == 0) {
            emit componentClicked(k);
            break;
        }
        const double tolerance = std::max(6.0, d->pointSize * d->scale / 2.0 + 3.0);
        const int i = d->cloud->nearestPoint(event->position(), tolerance);
        if (i >= 0)
            emit pointClicked(i);
        else
            emit backgroundClicked();
        break;
    }
    default:
        break;
    }
    event->accept();
}

void MixturePlot::mouseDoubleClickEvent(QMouseEvent* event) {
    // Double click on empty space: back to the whole data set.
    if (d->tool == Tool::Inspect && event->button() == Qt::LeftButton &&
        d->cloud->nearestPoint(event->position(), 6.0 * d->scale) < 0 &&
        d->overlay->hitHandle(event->position(), 12.0 * d->scale).first < 0) {
        fitToPoints();
        event->accept();
        return;
    }
    QCustomPlot::mouseDoubleClickEvent(event);
}

void MixturePlot::wheelEvent(QWheelEvent* event) {
    // Zoom about the cursor: the data point under it stays put.
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0 || d->viewRect.isNull()) {
        event->ignore();
        return;
    }
    const double factor = std::pow(0.85, steps);
    const Eigen::Vector2d c = d->toData(event->position());
    const QRectF r = d->viewRect;
    setViewRect(QRectF(c.x() + (r.left() - c.x()) * factor, c.y() + (r.top() - c.y()) * factor,
                       r.width() * factor, r.height() * factor));
    d->autoView = false;
    replot(rpQueuedReplot);
    event->accept();
}

void MixturePlot::leaveEvent(QEvent* event) {
    d->overlay->setBrushOutline(std::nullopt, 0);
    d->replotOverlay();
    QCustomPlot::leaveEvent(event);
}

} // namespace latentlab
