#include "vae/latent_plot.h"

#include "plot/legend_swatch.h"
#include "plot/plot_style.h"
#include "plot/point_cloud.h"
#include "vae/digit_image.h"
#include "vae/label_colors.h"

#include <QMouseEvent>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace latentlab {

namespace {

constexpr double kClickSlop = 4.0;  // pixels a click may move and still be a click
constexpr double kPickRadius = 7.0; // pixels around a test point that pick it
constexpr double kPointSize = 4.5;  // test point diameter at scale 1

/// Half the distance to the nearer neighbour of each coordinate: a tile centred on its
/// coordinate never overlaps the next one.
std::vector<double> halfGaps(const std::vector<double>& c) {
    std::vector<double> h(c.size(), 0.5);
    for (std::size_t i = 0; i < c.size(); ++i) {
        double gap = std::numeric_limits<double>::infinity();
        if (i > 0)
            gap = std::min(gap, c[i] - c[i - 1]);
        if (i + 1 < c.size())
            gap = std::min(gap, c[i + 1] - c[i]);
        h[i] = std::isfinite(gap) ? gap / 2 : 0.5;
    }
    return h;
}

/// The manifold grid: one decoded tile per grid point, in the text colour with alpha = p.
class ManifoldTiles : public QCPLayerable {
public:
    ManifoldTiles(QCustomPlot* plot, const QString& layer) : QCPLayerable(plot, layer) {}

    std::vector<double> coords, half;
    QImage mosaic; // n x n tiles of 28 x 28, premultiplied ARGB
    int side = 28;
    double opacity = 1.0;

    QRectF tileRect(int r, int c) const {
        const std::size_t n = coords.size();
        const std::size_t row = n - 1 - std::size_t(r);
        const double h = std::min(half[std::size_t(c)], half[row]);
        return QRectF(coords[std::size_t(c)] - h, coords[row] - h, 2 * h, 2 * h);
    }

    bool evenlySpaced() const {
        for (std::size_t i = 1; i < half.size(); ++i)
            if (std::abs(half[i] - half[0]) > 1e-9 * half[0])
                return false;
        return !half.empty();
    }

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override {
        painter->setRenderHint(QPainter::Antialiasing, false);
    }
    QRect clipRect() const override { return parentPlot()->axisRect()->rect(); }
    void draw(QCPPainter* painter) override {
        if (mosaic.isNull() || coords.empty())
            return;
        QCPAxis* x = parentPlot()->xAxis;
        QCPAxis* y = parentPlot()->yAxis;
        // Tiles are drawn near their own size: smoothing reads better than hard steps here.
        painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter->setOpacity(opacity);
        const int n = int(coords.size());
        if (evenlySpaced()) {
            // The tiles touch: the mosaic is one picture from the first tile to the last.
            const QRectF first = tileRect(n - 1, 0), last = tileRect(0, n - 1);
            const QPointF a(x->coordToPixel(first.left()), y->coordToPixel(last.bottom()));
            const QPointF b(x->coordToPixel(last.right()), y->coordToPixel(first.top()));
            painter->drawImage(QRectF(a, b).normalized(), mosaic);
            painter->setOpacity(1.0);
            return;
        }
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const QRectF t = tileRect(r, c);
                const QPointF a(x->coordToPixel(t.left()), y->coordToPixel(t.bottom()));
                const QPointF b(x->coordToPixel(t.right()), y->coordToPixel(t.top()));
                painter->drawImage(QRectF(a, b).normalized(), mosaic,
                                   QRectF(c * side, r * side, side, side));
            }
        painter->setOpacity(1.0);
    }
};

/// What the marks on the plane share: data-to-pixel mapping, the style, haloed lines.
class PlaneMarks : public QCPLayerable {
public:
    PlaneMarks(QCustomPlot* plot, const QString& layer) : QCPLayerable(plot, layer) {}
    PlotStyle style;

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override {
        painter->setRenderHint(QPainter::Antialiasing, true);
    }
    QRect clipRect() const override { return parentPlot()->axisRect()->rect(); }

    QPointF px(const Eigen::Vector2d& p) const {
        return {parentPlot()->xAxis->coordToPixel(p.x()), parentPlot()->yAxis->coordToPixel(p.y())};
    }
    QRectF box(const Eigen::Vector2d& c, const Eigen::Vector2d& half) const {
        return QRectF(px(c - half), px(c + half)).normalized();
    }
    /// A line with a thin halo of the background colour, visible over dense points.
    void haloed(QCPPainter* p, const QPen& pen, const std::function<void()>& draw) const {
        QPen halo = pen;
        halo.setColor(style.background);
        halo.setWidthF(pen.widthF() + style.pen(2.5));
        halo.setStyle(Qt::SolidLine);
        p->setPen(halo);
        draw();
        p->setPen(pen);
        draw();
    }
};

/// The prior (its 1, 2, 3 sigma circles and samples from it) and the interpolation line.
/// These change only on edits, so they share the points' paint buffer.
class FixedMarks : public PlaneMarks {
public:
    using PlaneMarks::PlaneMarks;
    Eigen::Matrix2Xd samples;
    Eigen::Matrix2Xd line; ///< the interpolation's points, A first

protected:
    void draw(QCPPainter* p) override {
        p->setBrush(Qt::NoBrush);
        for (int r = 1; r <= 3; ++r) {
            const Qt::PenStyle dash = r == 1 ? Qt::SolidLine : r == 2 ? Qt::DashLine : Qt::DotLine;
            p->setPen(QPen(style.note, style.pen(r == 1 ? 1.6 : 1.2), dash));
            p->drawEllipse(box(Eigen::Vector2d::Zero(), Eigen::Vector2d(r, r)));
        }
        const double a = style.px(4);
        for (Eigen::Index i = 0; i < samples.cols(); ++i) {
            const QPointF c = px(samples.col(i));
            haloed(p, QPen(style.text, style.pen(1.6)), [&] {
                p->drawLine(c + QPointF(-a, 0), c + QPointF(a, 0));
                p->drawLine(c + QPointF(0, -a), c + QPointF(0, a));
            });
        }
        if (line.cols() >= 2) {
            const QPointF a0 = px(line.col(0)), b0 = px(line.col(line.cols() - 1));
            haloed(p, QPen(style.text, style.pen(1.6)), [&] { p->drawLine(a0, b0); });
            p->setPen(QPen(style.background, style.pen(1.0)));
            p->setBrush(style.text);
            for (Eigen::Index i = 0; i < line.cols(); ++i)
                p->drawEllipse(px(line.col(i)), style.px(3.5), style.px(3.5));
            p->setFont(style.font(15));
            p->setPen(style.text);
            const QPointF off(style.px(7), -style.px(7));
            p->drawText(a0 + off, QStringLiteral("A"));
            p->drawText(b0 + off, QStringLiteral("B"));
        }
    }
};

/// What moves with the user: the posteriors of the clicked image and of the drawing, and the
/// cross-hair at z. The widget paints them itself over the plot's buffers (paintOn), so a drag
/// repaints only the few pixels around the old and the new cross-hair; exports (PNG, SVG,
/// PDF) draw them as a layer like everything else.
class CursorMarks : public PlaneMarks {
public:
    using PlaneMarks::PlaneMarks;
    Eigen::Vector2d z = Eigen::Vector2d::Zero();
    bool showZ = true;
    std::optional<LatentPlot::Posterior> selected, pad;
    QColor selectedColor, padColor{0x6a, 0x3d, 0x9a};

    void paintOn(QCPPainter* p) {
        applyDefaultAntialiasingHint(p);
        paint(p);
    }
    /// The widget pixels the marks cover.
    QRect bounds() const {
        const double reach = style.px(15) + style.pen(2.0) + style.pen(2.5) + 2;
        const QPointF c = px(z);
        QRectF r(c - QPointF(reach, reach), c + QPointF(reach, reach));
        const double pad2 = style.pen(2.4) + style.pen(2.5) + style.px(4.5) + 2;
        for (const auto& q : {selected, pad})
            if (q)
                r |= box(q->mu, 2 * q->sigma).adjusted(-pad2, -pad2, pad2, pad2);
        return r.toAlignedRect();
    }

protected:
    void draw(QCPPainter* p) override {
        if (p->modes().testFlag(QCPPainter::pmNoCaching)) // an export
            paint(p);
    }

private:
    void paint(QCPPainter* p) {
        p->setBrush(Qt::NoBrush);
        // Posteriors N(mu, diag sigma^2): 1 sigma solid, 2 sigma dashed, and the mean.
        auto posterior = [&](const LatentPlot::Posterior& q, const QColor& color) {
            for (int k = 1; k <= 2; ++k) {
                QPen pen(color, style.pen(k == 1 ? 2.4 : 1.8),
                         k == 1 ? Qt::SolidLine : Qt::DashLine);
                haloed(p, pen, [&] { p->drawEllipse(box(q.mu, k * q.sigma)); });
            }
            const double m = style.px(4.5);
            haloed(p, QPen(color, style.pen(2.4)), [&] {
                const QPointF c = px(q.mu);
                p->drawLine(c + QPointF(-m, -m), c + QPointF(m, m));
                p->drawLine(c + QPointF(-m, m), c + QPointF(m, -m));
            });
        };
        if (selected)
            posterior(*selected, selectedColor);
        if (pad)
            posterior(*pad, style.series(padColor));
        // The current z: a cross-hair with a gap and a ring.
        if (!showZ)
            return;
        const QPointF c = px(z);
        const double inner = style.px(5), outer = style.px(15), ring = style.px(8);
        haloed(p, QPen(style.text, style.pen(2.0)), [&] {
            p->drawLine(c + QPointF(-outer, 0), c + QPointF(-inner, 0));
            p->drawLine(c + QPointF(inner, 0), c + QPointF(outer, 0));
            p->drawLine(c + QPointF(0, -outer), c + QPointF(0, -inner));
            p->drawLine(c + QPointF(0, inner), c + QPointF(0, outer));
            p->drawEllipse(c, ring, ring);
        });
    }
};

} // namespace

struct LatentPlot::Private {
    LatentPlot* q = nullptr;
    PointCloud* cloud = nullptr;
    ManifoldTiles* tiles = nullptr;
    FixedMarks* prior = nullptr;
    CursorMarks* marks = nullptr;
    QCPLayoutGrid* side = nullptr;
    QCPItemText* message = nullptr;

    Eigen::Matrix2Xf mu;
    std::vector<std::uint8_t> labels;
    Eigen::MatrixXf tileValues;
    QStringList names;
    PaletteKind palette = PaletteKind::Lecture;
    double scale = 1.0;
    QRectF view{-4, -4, 8, 8};
    bool scatterVisible = true;
    bool legendInside = false;
    bool shortLegend = false;

    bool pressed = false;
    bool dragged = false;
    QPointF pressPos;

    PlotStyle style() const { return PlotStyle::of(q, scale); }
    void applyStyle();
    void recolor();
    void rebuildMosaic();
    void rebuildLegend();
    bool fitView();
    void marksChanged(const QRect& before, bool legendChanged);
};

LatentPlot::LatentPlot(QWidget* parent) : QCustomPlot(parent), d(std::make_unique<Private>()) {
    d->q = this;
    setAttribute(Qt::WA_OpaquePaintEvent);
    setPlottingHints(QCP::phCacheLabels);
    setFocusPolicy(Qt::StrongFocus);

    // Tiles between the grid lines and the points, the prior above the points; all in one
    // paint buffer (QCustomPlot's own "overlay" layer holds only selection rectangles, which
    // this plot does not use). The cursor marks are painted by the widget (paintEvent).
    addLayer(QStringLiteral("tiles"), layer(QStringLiteral("grid")), QCustomPlot::limAbove);
    addLayer(QStringLiteral("prior"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    addLayer(QStringLiteral("marks"), layer(QStringLiteral("overlay")), QCustomPlot::limAbove);

    d->tiles = new ManifoldTiles(this, QStringLiteral("tiles"));
    d->cloud = new PointCloud(xAxis, yAxis);
    d->cloud->setLayer(QStringLiteral("main"));
    d->cloud->removeFromLegend();
    d->prior = new FixedMarks(this, QStringLiteral("prior"));
    d->marks = new CursorMarks(this, QStringLiteral("marks"));

    // The legend in its own column right of the plane, so it never hides a point.
    axisRect()->insetLayout()->take(legend);
    d->side = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, d->side);
    d->side->addElement(0, 0, legend);
    d->side->addElement(1, 0, new QCPLayoutElement(this));
    d->side->setRowStretchFactor(0, 0.001);
    d->side->setRowStretchFactor(1, 1.0);
    plotLayout()->setColumnStretchFactor(1, 0.001);
    legend->setLayer(QStringLiteral("legend"));
    legend->setVisible(true);

    d->message = new QCPItemText(this);
    d->message->setLayer(QStringLiteral("legend"));
    d->message->setClipToAxisRect(false);
    d->message->position->setType(QCPItemPosition::ptAxisRectRatio);
    d->message->position->setCoords(0.5, 0.5);
    d->message->setPositionAlignment(Qt::AlignCenter);
    d->message->setTextAlignment(Qt::AlignCenter);
    d->message->setPadding(QMargins(10, 6, 10, 6));
    d->message->setVisible(false);

    xAxis->setLabel(QStringLiteral("z\u2081"));
    yAxis->setLabel(QStringLiteral("z\u2082"));
    d->applyStyle();
    d->rebuildLegend();
}

LatentPlot::~LatentPlot() = default;

// ---- Style ------------------------------------------------------------------------------

void LatentPlot::Private::applyStyle() {
    const PlotStyle s = style();
    s.apply(q);
    for (QCPAxis* axis : q->axisRect()->axes())
        axis->setVisible(true); // a closed frame around the plane
    q->xAxis2->setRange(q->xAxis->range());
    q->yAxis2->setRange(q->yAxis->range());
    const int m = s.px(12);
    // Lecture mode: every pixel the tick labels leave goes to the plane.
    const int t = legendInside ? s.px(4) : m;
    q->axisRect()->setMinimumMargins(QMargins(m, t, t, m));
    q->legend->setIconSize(s.px(30), s.px(16));
    q->legend->setIconTextPadding(s.px(8));
    q->legend->setRowSpacing(s.px(1));
    q->legend->setMargins(QMargins(s.px(10), s.px(8), s.px(10), s.px(8)));
    side->setMargins(legendInside ? QMargins() : QMargins(0, m, m, m));
    cloud->setPointSize(kPointSize * s.scale);
    marks->style = s;
    prior->style = s;
    message->setFont(s.font(16));
    message->setColor(s.text);
    message->setBrush(s.legendBrush);
    message->setPen(QPen(s.legendBorder, s.pen()));
    recolor();
    rebuildMosaic();
    rebuildLegend();
}

QList<QColor> LatentPlot::labelColors() const {
    const PlotStyle s = d->style();
    QList<QColor> colors;
    for (const QColor& c : latentlab::labelColors(d->palette))
        colors << s.series(c);
    return colors;
}

void LatentPlot::Private::recolor() {
    const QList<QColor> colors = q->labelColors();
    std::vector<QRgb> rgb(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i)
        rgb[i] = colors[labels[i] % colors.size()].rgb();
    cloud->setColors(std::move(rgb));
    cloud->setDefaultColor(style().note);
}

void LatentPlot::Private::rebuildMosaic() {
    const int n = int(tiles->coords.size());
    if (tileValues.cols() != n * n || n == 0) {
        tiles->mosaic = QImage();
        return;
    }
    const int side = int(std::lround(std::sqrt(double(tileValues.rows()))));
    tiles->side = side;
    // Ink of the text colour with alpha = p (premultiplied), on nothing: the plot shows through.
    // One table entry per grey level: 900 tiles are 705,600 pixels.
    const QColor ink = style().text;
    QRgb lut[256];
    for (int a = 0; a < 256; ++a)
        lut[a] = qRgba(ink.red() * a / 255, ink.green() * a / 255, ink.blue() * a / 255, a);
    QImage img(n * side, n * side, QImage::Format_ARGB32_Premultiplied);
    for (int k = 0; k < n * n; ++k) {
        const int x0 = (k % n) * side, y0 = (k / n) * side;
        const float* p = tileValues.col(k).data();
        for (int y = 0; y < side; ++y) {
            QRgb* line = reinterpret_cast<QRgb*>(img.scanLine(y0 + y)) + x0;
            for (int x = 0; x < side; ++x)
                line[x] = lut[int(std::clamp(p[y * side + x], 0.f, 1.f) * 255.f + 0.5f)];
        }
    }
    tiles->mosaic = std::move(img);
}

void LatentPlot::Private::rebuildLegend() {
    q->legend->clearItems();
    const PlotStyle s = style();
    const double sc = s.scale;
    if (scatterVisible && labels.size() > 0) {
        const QList<QColor> colors = q->labelColors();
        for (int k = 0; k < names.size() && k < colors.size(); ++k) {
            const QColor c = colors[k];
            q->legend->addItem(
                new LegendSwatch(q->legend, names[k], [c, sc](QCPPainter* p, const QRectF& r) {
                    p->setPen(Qt::NoPen);
                    p->setBrush(c);
                    p->drawEllipse(r.center(), 4.5 * sc, 4.5 * sc);
                }));
        }
    }
    const QColor text = s.text, note = s.note;
    // Short: one word an entry (setShortLegend).
    const QString zName = shortLegend ? tr("z") : tr("z (decoded)");
    const QString priorName = shortLegend ? tr("prior") : tr("prior N(0, I)\n1, 2, 3 \u03c3");
    const QString posteriorName =
        shortLegend ? tr("q(z|x)") : tr("posterior q(z|x)\n1 \u03c3, 2 \u03c3 dashed");
    const QString samplesName = shortLegend ? tr("samples") : tr("samples z ~ N(0, I)");
    if (marks->showZ)
        q->legend->addItem(
            new LegendSwatch(q->legend, zName, [text, sc](QCPPainter* p, const QRectF& r) {
                const QPointF c = r.center();
                p->setPen(QPen(text, 2 * sc));
                p->setBrush(Qt::NoBrush);
                p->drawEllipse(c, 6 * sc, 6 * sc);
                p->drawLine(c - QPointF(11 * sc, 0), c + QPointF(11 * sc, 0));
            }));
    q->legend->addItem(
        new LegendSwatch(q->legend, priorName, [note, sc](QCPPainter* p, const QRectF& r) {
            p->setPen(QPen(note, 1.6 * sc));
            const double y = r.center().y();
            p->drawLine(QPointF(r.left() + 2, y), QPointF(r.right() - 2, y));
        }));
    if (marks->selected || marks->pad)
        q->legend->addItem(
            new LegendSwatch(q->legend, posteriorName, [text, sc](QCPPainter* p, const QRectF& r) {
                p->setPen(QPen(text, 2 * sc));
                p->setBrush(Qt::NoBrush);
                p->drawEllipse(r.center(), r.width() * 0.4, r.height() * 0.35);
            }));
    if (prior->samples.cols() > 0)
        q->legend->addItem(
            new LegendSwatch(q->legend, samplesName, [text, sc](QCPPainter* p, const QRectF& r) {
                const QPointF c = r.center();
                const double a = 4 * sc;
                p->setPen(QPen(text, 1.6 * sc));
                p->drawLine(c - QPointF(a, 0), c + QPointF(a, 0));
                p->drawLine(c - QPointF(0, a), c + QPointF(0, a));
            }));
}

void LatentPlot::setScale(double scale) {
    d->scale = scale;
    d->applyStyle();
    replot(rpQueuedReplot);
}

void LatentPlot::setPaletteKind(PaletteKind kind) {
    d->palette = kind;
    d->recolor();
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LatentPlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setScale(d->scale);
}

// ---- Content ----------------------------------------------------------------------------

void LatentPlot::setPoints(const Eigen::Matrix2Xf& mu, const std::vector<std::uint8_t>& labels) {
    d->mu = mu;
    d->labels = labels;
    d->cloud->setData(Eigen::Matrix2Xd(mu.cast<double>()));
    d->recolor();
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LatentPlot::setClassNames(const QStringList& names) {
    d->names = names;
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LatentPlot::setScatterVisible(bool on) {
    d->scatterVisible = on;
    d->cloud->setVisible(on);
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LatentPlot::setGrid(const std::vector<double>& coords, const Eigen::MatrixXf& tiles,
                         double opacity) {
    d->tiles->coords = coords;
    d->tiles->half = halfGaps(coords);
    d->tiles->opacity = opacity;
    d->tileValues = tiles;
    d->rebuildMosaic();
    d->tiles->setVisible(!d->tiles->mosaic.isNull());
    replot(rpQueuedReplot);
}

void LatentPlot::clearGrid() {
    d->tiles->coords.clear();
    d->tileValues.resize(0, 0);
    d->tiles->mosaic = QImage();
    d->tiles->setVisible(false);
    replot(rpQueuedReplot);
}

QRectF LatentPlot::tileRect(int row, int column) const {
    const int n = int(d->tiles->coords.size());
    if (row < 0 || column < 0 || row >= n || column >= n)
        return {};
    return d->tiles->tileRect(row, column);
}

void LatentPlot::setLatentPoint(const Eigen::Vector2d& z) {
    const QRect before = d->marks->bounds();
    d->marks->z = z;
    // Only the pixels around the old and the new cross-hair: the buffers under them are copied
    // again, nothing is drawn into them.
    update(QRegion(before) | d->marks->bounds());
}

void LatentPlot::paintEvent(QPaintEvent* event) {
    QCustomPlot::paintEvent(event);
    QCPPainter painter(this);
    painter.setClipRect(axisRect()->rect());
    d->marks->paintOn(&painter);
}

void LatentPlot::setLatentPointVisible(bool on) {
    d->marks->showZ = on;
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

Eigen::Vector2d LatentPlot::latentPoint() const {
    return d->marks->z;
}

void LatentPlot::setSelectedPosterior(std::optional<Posterior> p, const QColor& color) {
    const bool legend = bool(p) != bool(d->marks->selected);
    const QRect before = d->marks->bounds();
    d->marks->selected = p;
    d->marks->selectedColor = color;
    d->marksChanged(before, legend);
}

void LatentPlot::setPadPosterior(std::optional<Posterior> p) {
    const bool legend = bool(p) != bool(d->marks->pad);
    const QRect before = d->marks->bounds();
    d->marks->pad = p;
    d->marksChanged(before, legend);
}

void LatentPlot::Private::marksChanged(const QRect& before, bool legendChanged) {
    if (legendChanged) {
        rebuildLegend();
        q->replot(rpQueuedReplot);
    } else {
        q->update(QRegion(before) | marks->bounds());
    }
}

void LatentPlot::setPriorSamples(const Eigen::Matrix2Xd& z) {
    d->prior->samples = z;
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

void LatentPlot::setLine(const Eigen::Matrix2Xd& points) {
    d->prior->line = points;
    replot(rpQueuedReplot);
}

void LatentPlot::setMessage(const QString& text) {
    d->message->setText(text);
    d->message->setVisible(!text.isEmpty());
    replot(rpQueuedReplot);
}

QString LatentPlot::message() const {
    return d->message->visible() ? d->message->text() : QString();
}

PointCloud* LatentPlot::pointCloud() const {
    return d->cloud;
}

Eigen::Vector2d LatentPlot::toLatent(const QPointF& pixel) const {
    return {xAxis->pixelToCoord(pixel.x()), yAxis->pixelToCoord(pixel.y())};
}

QPointF LatentPlot::toPixel(const Eigen::Vector2d& z) const {
    return {xAxis->coordToPixel(z.x()), yAxis->coordToPixel(z.y())};
}

// ---- Equal aspect -----------------------------------------------------------------------

void LatentPlot::setLegendInside(bool on) {
    if (on == d->legendInside)
        return;
    d->legendInside = on;
    // Lecture mode: the legend in the plane's top right corner, the plane takes the width.
    placeLegend(this, d->side, on);
    d->applyStyle();
    replot(rpQueuedReplot);
}

void LatentPlot::setShortLegend(bool on) {
    if (on == d->shortLegend)
        return;
    d->shortLegend = on;
    d->rebuildLegend();
    replot(rpQueuedReplot);
}

bool LatentPlot::legendInside() const {
    return d->legendInside;
}

void LatentPlot::setViewRect(const QRectF& rect) {
    const QRectF r = rect.normalized();
    if (!(r.width() > 0 && r.height() > 0 && std::isfinite(r.width() + r.height() + r.x() + r.y())))
        return;
    d->view = r;
    if (d->fitView())
        replot(rpQueuedReplot);
}

QRectF LatentPlot::viewRect() const {
    return d->view;
}

bool LatentPlot::Private::fitView() {
    // One data unit per the same number of pixels on both axes: the larger of the two
    // needs, so the whole view rectangle stays visible, centred.
    // With the legend inside (lecture mode) the view fits left of it, so it hides no point.
    const QRect r = q->axisRect()->rect();
    const int legendWidth =
        legendInside && q->legend->visible()
            ? std::min(r.width() / 2, q->legend->minimumOuterSizeHint().width() +
                                          2 * q->axisRect()->insetLayout()->margins().right())
            : 0;
    const int free = std::max(1, r.width() - legendWidth);
    const double unit = std::max(view.width() / free, view.height() / std::max(1, r.height()));
    const QPointF c = view.center();
    const double left = c.x() - unit * free / 2;
    const QCPRange x(left, left + unit * r.width());
    const QCPRange y(c.y() - unit * r.height() / 2, c.y() + unit * r.height() / 2);
    const double tol = 1e-9 * (view.width() + view.height());
    if (std::abs(q->xAxis->range().lower - x.lower) + std::abs(q->xAxis->range().upper - x.upper) +
            std::abs(q->yAxis->range().lower - y.lower) +
            std::abs(q->yAxis->range().upper - y.upper) <=
        tol)
        return false;
    for (QCPAxis* a : {q->xAxis, q->xAxis2})
        a->setRange(x);
    for (QCPAxis* a : {q->yAxis, q->yAxis2})
        a->setRange(y);
    return true;
}

void LatentPlot::updateLayout() {
    QCustomPlot::updateLayout();
    // New ranges may change the tick labels' width and so the axis rect: settle in two rounds.
    for (int i = 0; i < 2 && d->fitView(); ++i)
        QCustomPlot::updateLayout();
}

// ---- Mouse ------------------------------------------------------------------------------

void LatentPlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton ||
        !axisRect()->rect().contains(event->position().toPoint())) {
        QCustomPlot::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    d->pressed = true;
    d->dragged = false;
    d->pressPos = event->position();
    emit latentPointMoved(toLatent(event->position()));
}

void LatentPlot::mouseMoveEvent(QMouseEvent* event) {
    if (!d->pressed) {
        QCustomPlot::mouseMoveEvent(event);
        return;
    }
    if ((event->position() - d->pressPos).manhattanLength() > kClickSlop)
        d->dragged = true;
    emit latentPointMoved(toLatent(event->position()));
}

void LatentPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (!d->pressed || event->button() != Qt::LeftButton) {
        QCustomPlot::mouseReleaseEvent(event);
        return;
    }
    d->pressed = false;
    if (d->dragged)
        return;
    const int hit = d->cloud->visible()
                        ? d->cloud->nearestPoint(event->position(), kPickRadius * d->scale)
                        : -1;
    if (hit >= 0)
        emit pointClicked(hit);
    else
        emit backgroundClicked();
}

} // namespace latentlab
