#include "pca/manifold_overlay.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace latentlab {

namespace {
/// The z axis strip spans z in [-kZExtent, kZExtent].
constexpr double kZExtent = 3.5;

double smooth(double t) {
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}
} // namespace

ManifoldOverlay::ManifoldOverlay(QCPAxisRect* axisRect, const QString& layer)
    : QCPLayerable(axisRect->parentPlot(), layer), m_axisRect(axisRect) {}

void ManifoldOverlay::setResiduals(Eigen::Matrix2Xd from, Eigen::Matrix2Xd to) {
    if (from.cols() != to.cols())
        from.resize(2, 0), to.resize(2, 0);
    m_from = std::move(from);
    m_to = std::move(to);
}

void ManifoldOverlay::setPosterior(Eigen::Matrix2Xd points) {
    m_posterior = std::move(points);
}

void ManifoldOverlay::applyDefaultAntialiasingHint(QCPPainter* painter) const {
    painter->setAntialiasing(true);
}

QRect ManifoldOverlay::clipRect() const {
    return m_axisRect ? m_axisRect->rect() : QRect();
}

QPointF ManifoldOverlay::toPixel(const Eigen::Vector2d& p) const {
    QCPAxis* x = m_axisRect->axis(QCPAxis::atBottom);
    QCPAxis* y = m_axisRect->axis(QCPAxis::atLeft);
    return {x->coordToPixel(p.x()), y->coordToPixel(p.y())};
}

QPointF ManifoldOverlay::zAxisPixel(double z) const {
    if (!m_axisRect)
        return {};
    const QRectF r = m_axisRect->rect();
    const double y = r.bottom() - 34.0 * m_scale;
    const double half = std::min(r.width() * 0.3, 260.0 * m_scale);
    return {r.center().x() + z / kZExtent * half, y};
}

void ManifoldOverlay::drawLine(QCPPainter* painter, const Line& line) const {
    const double len = line.direction.norm();
    if (!(len > 0) || !line.point.allFinite() || !line.direction.allFinite())
        return;
    // Through the pixel of the point, in the pixel direction of the data direction (the
    // axes may have different scales), long enough to cross the whole rect.
    const QPointF a = toPixel(line.point);
    const QPointF b = toPixel(line.point + line.direction / len);
    QPointF dir = b - a;
    const double dl = std::hypot(dir.x(), dir.y());
    if (!(dl > 0))
        return;
    dir /= dl;
    const QRectF r = m_axisRect->rect();
    const double reach = std::hypot(r.width(), r.height()) +
                         std::hypot(a.x() - r.center().x(), a.y() - r.center().y());
    QPen pen(line.color, line.width * m_scale, line.style, Qt::RoundCap);
    QPen halo = pen;
    halo.setColor(QColor(255, 255, 255, 170));
    halo.setWidthF(pen.widthF() + 2.5 * m_scale);
    halo.setStyle(Qt::SolidLine);
    painter->setPen(halo);
    painter->drawLine(a - dir * reach, a + dir * reach);
    painter->setPen(pen);
    painter->drawLine(a - dir * reach, a + dir * reach);
    if (!line.label.isEmpty()) {
        // The label where the line leaves the rect on the right (labelAtStart: the left),
        // inside it, below the line.
        QPointF toEnd = dir.x() >= 0 ? dir : -dir;
        if (line.labelAtStart)
            toEnd = -toEnd;
        double t = reach;
        for (double s = 0; s <= reach; s += 4.0)
            if (!r.adjusted(30 * m_scale, 20 * m_scale, -30 * m_scale, -20 * m_scale)
                     .contains(a + toEnd * s)) {
                t = s;
                break;
            }
        QFont f = painter->font();
        f.setPixelSize(std::max(9, int(std::lround(13 * m_scale))));
        f.setBold(true);
        painter->setFont(f);
        const QSizeF size = QFontMetricsF(f).size(0, line.label);
        // Beside the line, never on it: the box's centre is off the line, along its normal,
        // by the box's half extent along that normal plus a gap, so the whole box lies on one
        // side. Below the line first (the points' side is as likely as not), walking back
        // from the end until the box is inside the rect.
        const QPointF normal(-dir.y(), dir.x());
        const double off = 5 * m_scale + std::abs(normal.x()) * size.width() / 2 +
                           std::abs(normal.y()) * size.height() / 2;
        const QRectF inside = r.adjusted(2, 2, -2, -2);
        QRectF box;
        for (double s = t; s >= -reach && box.isNull(); s -= 4.0)
            for (double side : {normal.y() >= 0 ? 1.0 : -1.0, normal.y() >= 0 ? -1.0 : 1.0}) {
                const QPointF c = a + toEnd * s + side * off * normal;
                const QRectF candidate(c.x() - size.width() / 2, c.y() - size.height() / 2,
                                       size.width(), size.height());
                if (inside.contains(candidate)) {
                    box = candidate;
                    break;
                }
            }
        if (!box.isNull()) {
            painter->setPen(line.color.darker(115));
            painter->drawText(box, Qt::AlignCenter, line.label);
            m_labelRects.push_back(box);
        }
    }
}

void ManifoldOverlay::drawArrow(QCPPainter* painter, const Arrow& arrow) const {
    if (!arrow.from.allFinite() || !arrow.to.allFinite())
        return;
    const QPointF a = toPixel(arrow.from), b = toPixel(arrow.to);
    const QPointF d = b - a;
    const double len = std::hypot(d.x(), d.y());
    QPen pen(arrow.color, 3.0 * m_scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter->setPen(pen);
    painter->setBrush(arrow.color);
    if (len < 1.0) {
        painter->drawEllipse(a, 3 * m_scale, 3 * m_scale);
        return;
    }
    const QPointF u = d / len, v(-u.y(), u.x());
    const double head = std::min(len * 0.4, 14.0 * m_scale);
    painter->drawLine(a, b - u * head * 0.6);
    QPolygonF tip;
    tip << b << b - u * head + v * head * 0.45 << b - u * head - v * head * 0.45;
    painter->setPen(Qt::NoPen);
    painter->drawPolygon(tip);
    if (!arrow.label.isEmpty()) {
        QFont f = painter->font();
        f.setPixelSize(std::max(9, int(std::lround(14 * m_scale))));
        f.setBold(true);
        painter->setFont(f);
        painter->setPen(arrow.color.darker(110));
        // Two arrows that point the same way keep their labels apart: one above and left of
        // its tip, the other below and right.
        const double w = 200 * m_scale, h = 20 * m_scale;
        const QRectF box = arrow.labelSide > 0
                               ? QRectF(b.x() - w - 6 * m_scale, b.y() - h - 4 * m_scale, w, h)
                               : QRectF(b.x() + 8 * m_scale, b.y() + 4 * m_scale, w, h);
        painter->drawText(box,
                          (arrow.labelSide > 0 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                          arrow.label);
    }
}

void ManifoldOverlay::drawStory(QCPPainter* painter, const Story& s) const {
    const QColor ink(40, 40, 40);
    const QColor zColor = pca_colors::residual; // apart from the density's magenta
    // The z axis with the standard normal density above it.
    const QPointF left = zAxisPixel(-kZExtent), right = zAxisPixel(kZExtent);
    const double height = 26.0 * m_scale;
    painter->setPen(QPen(ink, 1.4 * m_scale));
    painter->drawLine(left, right);
    QPainterPath bell;
    for (int i = 0; i <= 80; ++i) {
        const double z = -kZExtent + 2 * kZExtent * i / 80.0;
        const QPointF p = zAxisPixel(z) - QPointF(0, height * std::exp(-0.5 * z * z));
        i == 0 ? bell.moveTo(p) : bell.lineTo(p);
    }
    painter->setPen(QPen(zColor, 1.8 * m_scale));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(bell);
    QFont f = painter->font();
    f.setPixelSize(std::max(8, int(std::lround(12 * m_scale))));
    painter->setFont(f);
    // The marks' names on the line: beside it, on the side below it (the normal pointing down
    // the screen), the box's centre off the line by its half extent along the normal plus a
    // gap wider than the line's halo; up and right of each mark they ran across the line.
    QPointF normal = toPixel(s.mean + s.w) - toPixel(s.mean);
    normal = QPointF(-normal.y(), normal.x()) / std::max(1e-9, std::hypot(normal.x(), normal.y()));
    if (normal.y() < 0 || (normal.y() == 0 && normal.x() > 0))
        normal = -normal;
    for (int z = -3; z <= 3; ++z) {
        const QPointF p = zAxisPixel(z);
        painter->setPen(QPen(ink, 1.2 * m_scale));
        painter->drawLine(p, p + QPointF(0, 5 * m_scale));
        painter->drawText(
            QRectF(p.x() - 20 * m_scale, p.y() + 5 * m_scale, 40 * m_scale, 16 * m_scale),
            Qt::AlignHCenter | Qt::AlignTop, QString::number(z));
        // The same z on the line: W z + mu.
        if (std::abs(z) <= 2) {
            const QPointF q = toPixel(s.mean + s.w * z);
            painter->setPen(QPen(zColor, 2.0 * m_scale));
            painter->setBrush(Qt::white);
            painter->drawEllipse(q, 3.5 * m_scale, 3.5 * m_scale);
            const QString name = QStringLiteral("z=%1").arg(z);
            const QSizeF size = QFontMetricsF(f).size(0, name);
            const double off = 7 * m_scale + std::abs(normal.x()) * size.width() / 2 +
                               std::abs(normal.y()) * size.height() / 2;
            const QPointF c = q + off * normal;
            const QRectF box(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(),
                             size.height());
            painter->drawText(box, Qt::AlignCenter, name);
            m_labelRects.push_back(box);
        }
    }
    painter->setPen(ink);
    painter->drawText(
        QRectF(right.x() + 8 * m_scale, right.y() - 10 * m_scale, 180 * m_scale, 20 * m_scale),
        Qt::AlignLeft | Qt::AlignVCenter, tr("z ~ N(0, 1)"));

    // Samples that have landed.
    painter->setPen(QPen(zColor, 1.2 * m_scale));
    painter->setBrush(QColor(zColor.red(), zColor.green(), zColor.blue(), 140));
    for (const Eigen::Vector2d& p : s.landed)
        painter->drawEllipse(toPixel(p), 3.0 * m_scale, 3.0 * m_scale);

    if (s.phase < 0)
        return; // no sample in flight
    // The sample in flight.
    const QPointF zp = zAxisPixel(s.z), lp = toPixel(s.onLine), xp = toPixel(s.x);
    const double r = 6.0 * m_scale;
    painter->setBrush(zColor);
    painter->setPen(QPen(Qt::white, 1.5 * m_scale));
    if (s.phase < 1.0) {
        const double t = smooth(s.phase);
        painter->drawEllipse(zp - QPointF(0, (1 - t) * 40 * m_scale), r, r);
        return;
    }
    painter->setPen(QPen(zColor, 1.5 * m_scale, Qt::DotLine));
    painter->drawLine(zp, lp);
    painter->setPen(QPen(Qt::white, 1.5 * m_scale));
    painter->drawEllipse(zp, r * 0.6, r * 0.6);
    if (s.phase < 2.0) {
        const double t = smooth(s.phase - 1.0);
        painter->drawEllipse(zp + (lp - zp) * t, r, r);
        return;
    }
    const double t = smooth(s.phase - 2.0);
    const QPointF now = lp + (xp - lp) * t;
    painter->setPen(QPen(QColor(214, 96, 20), 2.2 * m_scale));
    painter->drawLine(lp, now);
    painter->setPen(QPen(Qt::white, 1.5 * m_scale));
    painter->drawEllipse(now, r, r);
    painter->setPen(ink);
    painter->drawText(
        QRectF(now.x() + 8 * m_scale, now.y() - 8 * m_scale, 260 * m_scale, 20 * m_scale),
        Qt::AlignLeft | Qt::AlignVCenter,
        t < 1 ? tr("+ noise ε ~ N(0, σ²I)") : tr("x = Wz + μ + ε"));
}

void ManifoldOverlay::draw(QCPPainter* painter) {
    m_labelRects.clear();
    if (!m_axisRect)
        return;
    // Residuals first, so the line is drawn over their feet.
    const Eigen::Index n = m_from.cols();
    if (n > 0) {
        std::vector<QLineF> segments;
        segments.reserve(static_cast<std::size_t>(n));
        QCPAxis* xa = m_axisRect->axis(QCPAxis::atBottom);
        QCPAxis* ya = m_axisRect->axis(QCPAxis::atLeft);
        for (Eigen::Index i = 0; i < n; ++i)
            segments.emplace_back(xa->coordToPixel(m_from(0, i)), ya->coordToPixel(m_from(1, i)),
                                  xa->coordToPixel(m_to(0, i)), ya->coordToPixel(m_to(1, i)));
        painter->setAntialiasing(n <= kAntialiasedSegments);
        painter->setPen(QPen(m_residualColor, (n <= kAntialiasedSegments ? 1.5 : 1.0) * m_scale));
        painter->drawLines(segments.data(), static_cast<int>(segments.size()));
        painter->setAntialiasing(true);
    }
    for (const Line& line : m_lines)
        drawLine(painter, line);
    if (m_posterior.cols() > 0) {
        painter->setPen(QPen(m_posteriorColor, 1.6 * m_scale));
        painter->setBrush(Qt::NoBrush);
        const double r = 3.2 * m_scale;
        for (Eigen::Index i = 0; i < m_posterior.cols(); ++i)
            painter->drawEllipse(toPixel(m_posterior.col(i)), r, r);
    }
    for (const Arrow& a : m_arrows)
        drawArrow(painter, a);
    if (m_story)
        drawStory(painter, *m_story);
}

} // namespace latentlab
