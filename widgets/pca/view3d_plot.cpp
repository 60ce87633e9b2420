#include "pca/view3d_plot.h"

#include "plot/plot_style.h"
#include "plot/point_cloud.h"

#include <QMouseEvent>
#include <QPainterPath>
#include <algorithm>
#include <array>
#include <cmath>

namespace latentlab {

namespace {
const QColor kPlane(31, 78, 160);
const QColor kResidual(214, 96, 20);
const std::array<QColor, 3> kPcColors{QColor(31, 78, 160), QColor(20, 140, 160),
                                      QColor(130, 60, 170)};
const std::array<QColor, 3> kWorldColors{QColor(200, 40, 40), QColor(30, 140, 60),
                                         QColor(40, 70, 200)};
constexpr double kFill = 1.08; // the cloud's radius fills the shorter side / kFill

QPointF arrowHead(QCPPainter* p, QPointF from, QPointF to, double size) {
    const QPointF d = to - from;
    const double len = std::hypot(d.x(), d.y());
    if (len < 1e-9)
        return to;
    const QPointF u = d / len, n(-u.y(), u.x());
    QPainterPath head;
    head.moveTo(to);
    head.lineTo(to - u * size + n * size * 0.45);
    head.lineTo(to - u * size - n * size * 0.45);
    head.closeSubpath();
    p->fillPath(head, p->pen().color());
    return to + u * size * 0.9;
}
} // namespace

/// One of the two layers the plot draws: the manifold under the points, or the residuals and
/// arrows over them.
class View3dOverlay : public QCPLayerable {
public:
    enum class Part { Under, Over };
    View3dOverlay(View3dPlot* plot, const QString& layer, Part part)
        : QCPLayerable(plot, layer), m_plot(plot), m_part(part) {}

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override {
        painter->setAntialiasing(true);
    }
    void draw(QCPPainter* painter) override {
        if (m_part == Part::Under)
            drawManifold(painter);
        else
            drawOver(painter);
    }

private:
    void drawManifold(QCPPainter* p) const {
        const auto& m = m_plot->manifold();
        if (!m)
            return;
        const double s = m_plot->scale();
        if (m->q == 2) {
            QPolygonF poly;
            for (int c = 0; c < 4; ++c)
                poly << m_plot->toPixel(m->corners.col(c));
            QColor fill = kPlane;
            fill.setAlpha(46);
            QColor edge = kPlane;
            edge.setAlpha(170);
            p->setPen(QPen(edge, 1.5 * s));
            p->setBrush(fill);
            p->drawPolygon(poly);
            // Grid lines across the plane: its tilt reads at a glance.
            edge.setAlpha(60);
            p->setPen(QPen(edge, 1.0 * s));
            for (int k = 1; k < 4; ++k) {
                const double t = k / 4.0;
                p->drawLine(m_plot->toPixel((1 - t) * m->corners.col(0) + t * m->corners.col(1)),
                            m_plot->toPixel((1 - t) * m->corners.col(3) + t * m->corners.col(2)));
                p->drawLine(m_plot->toPixel((1 - t) * m->corners.col(0) + t * m->corners.col(3)),
                            m_plot->toPixel((1 - t) * m->corners.col(1) + t * m->corners.col(2)));
            }
        } else {
            p->setPen(QPen(kPlane, 2.5 * s, Qt::SolidLine, Qt::RoundCap));
            p->drawLine(m_plot->toPixel(m->corners.col(0)), m_plot->toPixel(m->corners.col(1)));
        }
    }

    void drawOver(QCPPainter* p) const {
        const double s = m_plot->scale();
        const auto& m = m_plot->manifold();
        if (m && m_plot->showResiduals()) {
            const Eigen::Matrix3Xd& x = m_plot->points();
            QVector<QLineF> front, behind;
            for (Eigen::Index i = 0; i < x.cols(); ++i)
                (m_plot->behindPlane(i) ? behind : front)
                    .append(
                        QLineF(m_plot->toPixel(x.col(i)), m_plot->toPixel(m->projections.col(i))));
            // Round caps: a residual seen end-on still shows as a dot. Those behind the plane
            // are seen through it: fainter.
            QColor c = kResidual;
            c.setAlpha(90);
            p->setPen(QPen(c, 1.3 * s, Qt::SolidLine, Qt::RoundCap));
            p->drawLines(behind);
            c.setAlpha(220);
            p->setPen(QPen(c, 1.5 * s, Qt::SolidLine, Qt::RoundCap));
            p->drawLines(front);
        }
        if (m) {
            const Eigen::Vector3d mu = m->pca.mean();
            const QPointF o = m_plot->toPixel(mu);
            QFont f = PlotStyle::of(m_plot, s).font(14);
            f.setBold(true);
            p->setFont(f);
            for (int j = 0; j < 3; ++j) {
                const double len = 2.0 * std::sqrt(std::max(m->pca.eigenvalues()(j), 0.0));
                const QPointF tip = m_plot->toPixel(mu + len * m->pca.components().col(j));
                p->setPen(QPen(kPcColors[size_t(j)], 2.4 * s, Qt::SolidLine, Qt::RoundCap));
                p->drawLine(o, tip);
                const QPointF at = arrowHead(p, o, tip, 10 * s);
                p->drawText(QRectF(at.x() - 30 * s, at.y() - 12 * s, 60 * s, 24 * s),
                            Qt::AlignCenter, QStringLiteral("u%1").arg(j + 1));
            }
        }
        drawWorldAxes(p, s);
    }

    /// x, y, z of the data in the lower left corner, turned with the view.
    void drawWorldAxes(QCPPainter* p, double s) const {
        const QRect r = m_plot->axisRect()->rect();
        const QPointF o(r.left() + 46 * s, r.bottom() - 46 * s);
        const double len = 32 * s;
        const Rotation3& rot = m_plot->rotation();
        std::array<int, 3> order{0, 1, 2}; // far ones first
        std::sort(order.begin(), order.end(), [&](int a, int b) { return rot(2, a) < rot(2, b); });
        QFont f = PlotStyle::of(m_plot, s).font(12);
        p->setFont(f);
        for (int k : order) {
            const QPointF tip = o + QPointF(rot(0, k), -rot(1, k)) * len;
            p->setPen(QPen(kWorldColors[size_t(k)], 1.8 * s, Qt::SolidLine, Qt::RoundCap));
            p->drawLine(o, tip);
            const QPointF at = o + QPointF(rot(0, k), -rot(1, k)) * (len + 9 * s);
            p->drawText(QRectF(at.x() - 10 * s, at.y() - 9 * s, 20 * s, 18 * s), Qt::AlignCenter,
                        QString(QChar('x' + k)));
        }
    }

    View3dPlot* m_plot;
    Part m_part;
};

View3dPlot::View3dPlot(QWidget* parent) : QCustomPlot(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_cloud = new PointCloud(xAxis, yAxis);
    m_cloud->setPointSize(6.0);
    m_under = new View3dOverlay(this, QStringLiteral("grid"), View3dOverlay::Part::Under);
    m_over = new View3dOverlay(this, QStringLiteral("axes"), View3dOverlay::Part::Over);
    axisRect()->setAutoMargins(QCP::msNone);
    axisRect()->setMargins(QMargins(0, 0, 0, 0));
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::OpenHandCursor);
    applyStyle();
}

void View3dPlot::applyStyle() {
    const PlotStyle style = PlotStyle::of(this, m_scale);
    style.apply(this);
    axisRect()->setMinimumMargins(QMargins(0, 0, 0, 0));
    for (QCPAxis* a : axisRect()->axes()) {
        a->setVisible(false);
        a->grid()->setVisible(false);
    }
}

void View3dPlot::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyStyle();
        refresh();
    }
}

void View3dPlot::setScale(double scale) {
    m_scale = scale;
    m_cloud->setPointSize(6.0 * scale);
    applyStyle();
    refresh();
}

void View3dPlot::setPoints(const Eigen::Matrix3Xd& points) {
    m_points = points;
    m_centre =
        points.cols() > 0 ? Eigen::Vector3d(points.rowwise().mean()) : Eigen::Vector3d::Zero();
    m_manifold.reset(); // it belonged to the old points
    updateRadius();
    refresh();
}

void View3dPlot::setManifold(std::optional<Manifold3d> manifold) {
    m_manifold = std::move(manifold);
    updateRadius();
    refresh();
}

void View3dPlot::updateRadius() {
    // The sphere every point and the manifold's corners stay in, however the view turns.
    m_radius = 0.0;
    auto cover = [this](const auto& columns) {
        for (Eigen::Index i = 0; i < columns.cols(); ++i)
            if (columns.col(i).allFinite())
                m_radius = std::max(m_radius, (columns.col(i) - m_centre).norm());
    };
    cover(m_points);
    if (m_manifold)
        cover(m_manifold->corners);
    if (!(m_radius > 0) || !std::isfinite(m_radius))
        m_radius = 1.0;
    updateRanges();
}

void View3dPlot::setRotation(const Rotation3& r) {
    m_rotation = r;
    refresh();
}

void View3dPlot::setShowResiduals(bool on) {
    m_showResiduals = on;
    replot(rpQueuedReplot);
}

bool View3dPlot::behindPlane(Eigen::Index i) const {
    if (!m_manifold || m_manifold->q != 2)
        return false;
    const Eigen::Vector3d n = m_manifold->normal();
    // On the other side of the plane from the viewer (row 2 of R points at the viewer).
    return (m_points.col(i) - m_manifold->pca.mean()).dot(n) * m_rotation.row(2).dot(n) < 0;
}

QPointF View3dPlot::toPixel(const Eigen::Vector3d& p) const {
    const Eigen::Vector3d v = m_rotation * (p - m_centre);
    return {xAxis->coordToPixel(v.x()), yAxis->coordToPixel(v.y())};
}

double View3dPlot::longestResidualPixels() const {
    if (!m_manifold)
        return 0.0;
    double longest = 0.0;
    for (Eigen::Index i = 0; i < m_points.cols(); ++i) {
        const QPointF d = toPixel(m_points.col(i)) - toPixel(m_manifold->projections.col(i));
        longest = std::max(longest, std::hypot(d.x(), d.y()));
    }
    return longest;
}

void View3dPlot::updateRanges() {
    // The same data units per pixel on both axes, the cloud's sphere inside the shorter side.
    const double w = std::max(width(), 1), h = std::max(height(), 1);
    const double perPixel = 2.0 * kFill * m_radius / std::min(w, h);
    xAxis->setRange(-w / 2 * perPixel, w / 2 * perPixel);
    yAxis->setRange(-h / 2 * perPixel, h / 2 * perPixel);
}

void View3dPlot::refresh() {
    const Eigen::Matrix2Xd shown = projectOrthographic(m_rotation, m_centre, m_points);
    // Nearer points darker: depth in [-radius, radius] to a grey from 175 (far) to 35 (near).
    const QColor base = PlotStyle::of(this, m_scale).text;
    const QColor back = PlotStyle::of(this, m_scale).background;
    std::vector<QRgb> colors(size_t(m_points.cols()));
    for (Eigen::Index i = 0; i < m_points.cols(); ++i) {
        const double depth = m_rotation.row(2).dot(m_points.col(i) - m_centre);
        const double t = std::clamp(0.5 + 0.5 * depth / m_radius, 0.0, 1.0); // 1: nearest
        // Seen through the translucent plane: fainter.
        const double a = (0.3 + 0.65 * t) * (behindPlane(i) ? 0.5 : 1.0);
        colors[size_t(i)] = qRgb(int(base.red() * a + back.red() * (1 - a)),
                                 int(base.green() * a + back.green() * (1 - a)),
                                 int(base.blue() * a + back.blue() * (1 - a)));
    }
    m_cloud->setData(shown);
    m_cloud->setColors(std::move(colors));
    replot(rpQueuedReplot);
}

void View3dPlot::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    updateRanges();
    replot(rpQueuedReplot);
}

void View3dPlot::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) {
        QCustomPlot::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_last = event->position();
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void View3dPlot::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging) {
        QCustomPlot::mouseMoveEvent(event);
        return;
    }
    const QPointF d = event->position() - m_last;
    m_last = event->position();
    if (d.isNull())
        return;
    // Screen y grows downwards; the view's y grows upwards.
    m_rotation = dragged(m_rotation, d.x(), -d.y(), kRadiansPerPixel / m_scale);
    refresh();
    emit rotated();
    event->accept();
}

void View3dPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging) {
        QCustomPlot::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    setCursor(Qt::OpenHandCursor);
    event->accept();
}

} // namespace latentlab
