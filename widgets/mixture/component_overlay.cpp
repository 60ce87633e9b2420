#include "mixture/component_overlay.h"

#include "mixture/ellipse.h"

#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace latentlab {

namespace {
QPen halo(const QPen& pen, double scale, QColor background) {
    QPen h = pen;
    background.setAlpha(210);
    h.setColor(background);
    h.setWidthF(pen.widthF() + 2.5 * scale);
    h.setStyle(Qt::SolidLine);
    return h;
}

/// The semi-axes of the 1-sigma ellipse of Sigma as data vectors (major, minor).
std::pair<Eigen::Vector2d, Eigen::Vector2d> axes(const ComponentOverlay::Component& c) {
    const Ellipse2D e = covarianceEllipse(c.mean, c.covariance, 1.0);
    const Eigen::Vector2d u(std::cos(e.angle), std::sin(e.angle));
    const Eigen::Vector2d v(-u.y(), u.x());
    return {e.semiMajor * u, e.semiMinor * v};
}
} // namespace

ComponentOverlay::ComponentOverlay(QCPAxisRect* axisRect, const QString& layer)
    : QCPLayerable(axisRect->parentPlot(), layer), m_axisRect(axisRect) {}

void ComponentOverlay::setComponents(std::vector<Component> components) {
    m_components = std::move(components);
}

void ComponentOverlay::setHighlightedPoint(std::optional<Eigen::Vector2d> position,
                                           double pointDiameter) {
    m_highlightedPoint = position;
    m_highlightedPointDiameter = pointDiameter;
}

void ComponentOverlay::setBrushOutline(std::optional<QPointF> center, double radius) {
    m_brushCenter = center;
    m_brushRadius = radius;
}

QPointF ComponentOverlay::toPixel(const Eigen::Vector2d& p) const {
    if (!m_axisRect)
        return {};
    QCPAxis* x = m_axisRect->axis(QCPAxis::atBottom);
    QCPAxis* y = m_axisRect->axis(QCPAxis::atLeft);
    return {x->coordToPixel(p.x()), y->coordToPixel(p.y())};
}

Eigen::Vector2d ComponentOverlay::handlePosition(int k, int h) const {
    if (k < 0 || k >= static_cast<int>(m_components.size()))
        return Eigen::Vector2d::Zero();
    const Component& c = m_components[static_cast<std::size_t>(k)];
    if (h == 0)
        return c.mean;
    const auto [major, minor] = axes(c);
    switch (h) {
    case 1:
        return c.mean + major;
    case 2:
        return c.mean - major;
    case 3:
        return c.mean + minor;
    default:
        return c.mean - minor;
    }
}

QPointF ComponentOverlay::handlePixel(int k, int h) const { return toPixel(handlePosition(k, h)); }

std::pair<int, int> ComponentOverlay::hitHandle(const QPointF& pixel, double tolerance) const {
    std::pair<int, int> best{-1, -1};
    double bestD = tolerance;
    const int handles = m_showHandles ? kHandleCount : 1;
    // Later components are drawn on top, so they win ties.
    for (int k = static_cast<int>(m_components.size()) - 1; k >= 0; --k)
        for (int h = 0; h < handles; ++h) {
            const QPointF p = handlePixel(k, h);
            const double d = std::hypot(p.x() - pixel.x(), p.y() - pixel.y());
            if (d < bestD) {
                bestD = d;
                best = {k, h};
            }
        }
    return best;
}

QPen ComponentOverlay::ellipsePen(int i, const QColor& color, double scale, bool highlighted) {
    // r = 1 solid and strongest, r = 2 dashed, r = 3 dotted: readable on a projector and
    // distinguishable without colour.
    // Speed (these strokes are most of a 60 fps replot): the ellipses are polylines that turn
    // by a few degrees per vertex, where a miter join is exact to a fraction of a pixel and
    // cheaper to rasterise than a round one; the r = 3 dots are dashes one pen width long
    // (squares) rather than round caps, which Qt outlines with curves: those made the dotted
    // ellipse cost three times a solid one.
    static constexpr double kWidth[3] = {2.6, 2.0, 1.7};
    QPen pen(color, kWidth[i] * scale * (highlighted ? 1.7 : 1.0));
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::MiterJoin);
    if (i == 1)
        pen.setDashPattern({5.0, 3.0});
    if (i == 2)
        pen.setDashPattern({1.0, 1.7});
    return pen;
}

void ComponentOverlay::applyDefaultAntialiasingHint(QCPPainter* painter) const {
    painter->setAntialiasing(true);
}

QRect ComponentOverlay::clipRect() const {
    return m_axisRect ? m_axisRect->rect() : QCPLayerable::clipRect();
}

void ComponentOverlay::draw(QCPPainter* painter) {
    if (!m_axisRect)
        return;
    painter->setAntialiasing(true);
    const double s = m_scale;
    const int count = static_cast<int>(m_components.size());
    const QCPAxis* xAxis = m_axisRect->axis(QCPAxis::atBottom);
    const QCPAxis* yAxis = m_axisRect->axis(QCPAxis::atLeft);
    const double ppu = std::max(std::abs(xAxis->coordToPixel(1.0) - xAxis->coordToPixel(0.0)),
                                std::abs(yAxis->coordToPixel(1.0) - yAxis->coordToPixel(0.0)));
    for (int k = 0; k < count; ++k) {
        const Component& c = m_components[static_cast<std::size_t>(k)];
        if (!c.mean.allFinite() || !c.covariance.allFinite())
            continue;
        const bool hl = k == m_highlighted;
        // Outer ellipses first so the 1-sigma line lies on top.
        for (int i = 2; i >= 0; --i) {
            const Ellipse2D e = covarianceEllipse(c.mean, c.covariance, kRadii[i]);
            // N = 2 pi a / 6 vertices for a semi-major axis of a pixels (48 to 160): the
            // polyline is the affine image of a regular N-gon, so it strays at most
            // a (1 - cos(pi / N)) ~ a (pi / N)^2 / 2 = 4.5 / a pixels from the ellipse
            // (under 0.1 px), while a fixed 160 spent most of the overlay's time on strokes.
            const double perimeterPx = 2.0 * std::numbers::pi * e.semiMajor * ppu;
            const int segments = std::isfinite(perimeterPx)
                                     ? std::clamp(static_cast<int>(perimeterPx / 6.0), 48, 160)
                                     : 160;
            const std::vector<Eigen::Vector2d> poly = ellipsePolyline(e, segments);
            QPolygonF pixels;
            pixels.reserve(static_cast<int>(poly.size()) + 1);
            for (const auto& p : poly)
                pixels << toPixel(p);
            if (!pixels.isEmpty())
                pixels << pixels.front();
            const QPen pen = ellipsePen(i, c.color, s, hl);
            painter->setBrush(Qt::NoBrush);
            // The halo without antialiasing: its edges lie under the antialiased colour line
            // or against points, where a stair step of white is invisible, and an aliased
            // wide stroke rasterises about four times faster.
            painter->setAntialiasing(false);
            painter->setPen(halo(pen, s, m_background));
            painter->drawPolyline(pixels);
            painter->setAntialiasing(true);
            painter->setPen(pen);
            painter->drawPolyline(pixels);
        }
    }
    // Means on top of all ellipses: a cross with a halo, open at its centre so that a point
    // under the mean stays visible.
    QColor haloColor = m_background;
    haloColor.setAlpha(230);
    for (int k = 0; k < count; ++k) {
        const Component& c = m_components[static_cast<std::size_t>(k)];
        if (!c.mean.allFinite())
            continue;
        const bool hl = k == m_highlighted;
        const QPointF m = toPixel(c.mean);
        if (c.collapsed) {
            // A collapsed component's ellipses are too small to see: a halo says where it
            // is, and its points are drawn over its cross.
            const double r = 18.0 * s;
            QColor glow = c.color;
            glow.setAlpha(70);
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(glow, 9.0 * s));
            painter->drawEllipse(m, r, r);
            painter->setPen(QPen(c.color, 2.0 * s, Qt::DashLine));
            painter->drawEllipse(m, r, r);
        }
        const double arm = (hl ? 10.0 : 8.0) * s;
        const double gap = std::min(arm * 0.6, m_pointDiameter / 2.0 + 1.5 * s) / std::sqrt(2.0);
        QPen pen(c.color.darker(115), (hl ? 4.0 : 3.2) * s, Qt::SolidLine, Qt::RoundCap);
        QPen haloPen(haloColor, pen.widthF() + 3.0 * s, Qt::SolidLine, Qt::RoundCap);
        for (const QPen& p : {haloPen, pen}) {
            painter->setPen(p);
            for (const QPointF dir :
                 {QPointF(1, 1), QPointF(1, -1), QPointF(-1, 1), QPointF(-1, -1)})
                painter->drawLine(m + dir * gap, m + dir * arm);
        }
        if (c.collapsed) {
            const double pr = std::max(m_pointDiameter, 3.0 * s) / 2.0;
            painter->setPen(QPen(haloColor, 1.5 * s));
            painter->setBrush(c.color);
            painter->drawEllipse(m, pr, pr);
        }
    }
    if (m_showHandles) {
        for (int k = 0; k < count; ++k) {
            const Component& c = m_components[static_cast<std::size_t>(k)];
            if (!c.mean.allFinite() || !c.covariance.allFinite())
                continue;
            painter->setPen(QPen(c.color.darker(120), 2.0 * s));
            painter->setBrush(m_background);
            const double r = 5.5 * s;
            // The 1-sigma axes as thin guides, then the handles.
            painter->save();
            painter->setPen(QPen(c.color, 1.0 * s, Qt::DashLine));
            painter->drawLine(handlePixel(k, 1), handlePixel(k, 2));
            painter->drawLine(handlePixel(k, 3), handlePixel(k, 4));
            painter->restore();
            for (int h = 1; h < kHandleCount; ++h)
                painter->drawEllipse(handlePixel(k, h), r, r);
            const QPointF m = handlePixel(k, 0);
            painter->drawRect(QRectF(m.x() - r, m.y() - r, 2 * r, 2 * r));
        }
    }
    if (m_highlightedPoint && m_highlightedPoint->allFinite()) {
        const QPointF p = toPixel(*m_highlightedPoint);
        const double r = m_highlightedPointDiameter / 2.0 + 4.0 * s;
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(haloColor, 4.5 * s));
        painter->drawEllipse(p, r, r);
        painter->setPen(QPen(m_foreground, 2.0 * s));
        painter->drawEllipse(p, r, r);
    }
    if (m_brushCenter) {
        painter->setBrush(QColor(0, 0, 0, 18));
        painter->setPen(QPen(QColor(60, 60, 60, 200), 1.2 * s, Qt::DashLine));
        painter->drawEllipse(*m_brushCenter, m_brushRadius, m_brushRadius);
    }
}

} // namespace latentlab
