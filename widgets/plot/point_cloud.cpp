#include "plot/point_cloud.h"

#include <QPaintDevice>
#include <QtMath>
#include <algorithm>
#include <cmath>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace latentlab {

// pixel = (kx * key + vx * value + cx, ky * key + vy * value + cy) in widget coordinates.
// Linear axes only take this fast path; a logarithmic axis falls back to coordToPixel.
struct PointCloud::Mapping {
    double kx = 0, vx = 0, cx = 0, ky = 0, vy = 0, cy = 0;
    bool linear = true;
    const QCPAxis* key = nullptr;
    const QCPAxis* value = nullptr;

    QPointF operator()(double k, double v) const {
        if (linear)
            return {kx * k + vx * v + cx, ky * k + vy * v + cy};
        const double pk = key->coordToPixel(k), pv = value->coordToPixel(v);
        return key->orientation() == Qt::Horizontal ? QPointF(pk, pv) : QPointF(pv, pk);
    }
};

namespace {

/// dst = src * a + dst * (1 - a) on all four premultiplied channels; a in 0..255.
inline QRgb blendPremultiplied(QRgb dst, QRgb src, quint32 a) {
    const quint32 ia = 255 - a;
    quint32 rb = (src & 0xff00ffu) * a + (dst & 0xff00ffu) * ia;
    rb = ((rb + ((rb >> 8) & 0xff00ffu) + 0x800080u) >> 8) & 0xff00ffu;
    quint32 ag = ((src >> 8) & 0xff00ffu) * a + ((dst >> 8) & 0xff00ffu) * ia;
    ag = ((ag + ((ag >> 8) & 0xff00ffu) + 0x800080u)) & 0xff00ff00u;
    return rb | ag;
}

#if defined(__SSE2__)
/// blendPremultiplied on four pixels at once (the same rounding, so the same bits): `a16`
/// holds each pixel's alpha in its four 16-bit channel lanes (pixels 0, 1 in `lo`, 2, 3 in
/// `hi`), `ia16` 255 minus it, `src16` the colour in four lanes twice.
inline void blend4(quint32* p0, quint32* p1, quint32* p2, quint32* p3, __m128i src16,
                   __m128i aLo, __m128i iaLo, __m128i aHi, __m128i iaHi) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i half = _mm_set1_epi16(0x80);
    const __m128i d = _mm_set_epi32(static_cast<int>(*p3), static_cast<int>(*p2),
                                    static_cast<int>(*p1), static_cast<int>(*p0));
    // x = src a + dst (255 - a) <= 255 * 255, then (x + (x >> 8) + 128) >> 8 per channel.
    __m128i lo = _mm_add_epi16(_mm_mullo_epi16(src16, aLo),
                               _mm_mullo_epi16(_mm_unpacklo_epi8(d, zero), iaLo));
    __m128i hi = _mm_add_epi16(_mm_mullo_epi16(src16, aHi),
                               _mm_mullo_epi16(_mm_unpackhi_epi8(d, zero), iaHi));
    lo = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(lo, _mm_srli_epi16(lo, 8)), half), 8);
    hi = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(hi, _mm_srli_epi16(hi, 8)), half), 8);
    const __m128i r = _mm_packus_epi16(lo, hi);
    *p0 = static_cast<quint32>(_mm_cvtsi128_si32(r));
    *p1 = static_cast<quint32>(_mm_cvtsi128_si32(_mm_srli_si128(r, 4)));
    *p2 = static_cast<quint32>(_mm_cvtsi128_si32(_mm_srli_si128(r, 8)));
    *p3 = static_cast<quint32>(_mm_cvtsi128_si32(_mm_srli_si128(r, 12)));
}
#endif

/// A disc of diameter `d` image pixels centred on the centre of pixel (0, 0): fully covered
/// pixels as row spans (written directly) and edge pixels with their coverage (blended).
struct Stamp {
    struct Span {
        int dy, x0, x1;
    };
    struct Edge {
        int dx, dy;
        quint32 alpha;
    };
    std::vector<Span> spans;
    std::vector<Edge> edges;
    int reach = 0; // max |dx|, |dy|

    explicit Stamp(double d) {
        const double r = std::max(d, 1.0) / 2.0;
        reach = static_cast<int>(std::ceil(r));
        constexpr int kSub = 4; // 4 x 4 supersampling of the coverage
        for (int dy = -reach; dy <= reach; ++dy) {
            int x0 = 1, x1 = 0;
            for (int dx = -reach; dx <= reach; ++dx) {
                int inside = 0;
                for (int sy = 0; sy < kSub; ++sy)
                    for (int sx = 0; sx < kSub; ++sx) {
                        const double px = dx - 0.5 + (sx + 0.5) / kSub;
                        const double py = dy - 0.5 + (sy + 0.5) / kSub;
                        inside += px * px + py * py <= r * r ? 1 : 0;
                    }
                if (inside == kSub * kSub) {
                    if (x0 > x1)
                        x0 = dx;
                    x1 = dx;
                } else if (inside > 0) {
                    edges.push_back({dx, dy, static_cast<quint32>(inside * 255 / (kSub * kSub))});
                }
            }
            if (x0 <= x1)
                spans.push_back({dy, x0, x1});
        }
        if (spans.empty()) // sub-pixel discs still show as one pixel
            spans.push_back({0, 0, 0});
    }
};

} // namespace

PointCloud::PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis) {
    setSelectable(QCP::stNone);
    setAntialiased(false);
}

PointCloud::~PointCloud() = default;

void PointCloud::setData(const Eigen::Matrix2Xd& points) {
    m_points = points;
    rebuildIndex();
    invalidate();
}

void PointCloud::setData(Eigen::Matrix2Xd&& points) {
    m_points = std::move(points);
    rebuildIndex();
    invalidate();
}

void PointCloud::setColors(std::vector<QRgb> colors) {
    m_colors = std::move(colors);
    invalidate();
}

void PointCloud::setDefaultColor(const QColor& color) {
    m_defaultColor = color;
    invalidate();
}

QRgb PointCloud::colorOf(int index) const {
    if (index >= 0 && static_cast<std::size_t>(index) < m_colors.size())
        return m_colors[static_cast<std::size_t>(index)] | 0xff000000u;
    return m_defaultColor.rgb();
}

void PointCloud::setPointSize(double pixels) {
    const double size = std::isfinite(pixels) ? std::clamp(pixels, 1.0, 64.0) : 4.0;
    if (size == m_pointSize)
        return;
    m_pointSize = size;
    invalidate();
}

void PointCloud::invalidate() { m_dirty = true; }

PointCloud::Mapping PointCloud::mapping() const {
    Mapping m;
    const QCPAxis* key = mKeyAxis.data();
    const QCPAxis* value = mValueAxis.data();
    m.key = key;
    m.value = value;
    if (!key || !value)
        return m;
    m.linear = key->scaleType() == QCPAxis::stLinear && value->scaleType() == QCPAxis::stLinear;
    // Slope and offset of each axis from two samples of its own transform.
    const QCPRange kr = key->range(), vr = value->range();
    const double kSpan = kr.size() != 0 ? kr.size() : 1.0;
    const double vSpan = vr.size() != 0 ? vr.size() : 1.0;
    const double ks = (key->coordToPixel(kr.lower + kSpan) - key->coordToPixel(kr.lower)) / kSpan;
    const double kc = key->coordToPixel(kr.lower) - ks * kr.lower;
    const double vs =
        (value->coordToPixel(vr.lower + vSpan) - value->coordToPixel(vr.lower)) / vSpan;
    const double vc = value->coordToPixel(vr.lower) - vs * vr.lower;
    if (key->orientation() == Qt::Horizontal) {
        m.kx = ks;
        m.cx = kc;
        m.vy = vs;
        m.cy = vc;
    } else {
        m.ky = ks;
        m.cy = kc;
        m.vx = vs;
        m.cx = vc;
    }
    return m;
}

namespace {

/// Which of `cells` equal cells along [lo, lo + 2 halfSpan] holds v, clamped to the grid.
/// Differences are taken between halves, so nothing overflows for any finite input (the
/// span of -1e308 and 1e308 is beyond the largest double, half of it is not), and the
/// value is clamped while still a double: a cast of infinity or NaN to int is undefined.
int cellIndex(double v, double lo, double halfSpan, int cells) {
    const double t = std::floor((v * 0.5 - lo * 0.5) / halfSpan * cells);
    return t >= 0 ? static_cast<int>(std::min(t, double(cells - 1))) : 0; // NaN -> 0
}

} // namespace

void PointCloud::rebuildIndex() {
    const Eigen::Index n = m_points.cols();
    double minX = std::numeric_limits<double>::infinity(), maxX = -minX;
    double minY = minX, maxY = -minX;
    int finite = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double x = m_points(0, i), y = m_points(1, i);
        if (!std::isfinite(x) || !std::isfinite(y))
            continue;
        ++finite;
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
    }
    m_cellStart.clear();
    m_cellPoints.clear();
    if (finite == 0) {
        m_bounds = QRectF();
        m_minX = m_maxX = m_minY = m_maxY = 0;
        m_gridW = m_gridH = 0;
        return;
    }
    m_minX = minX;
    m_maxX = maxX;
    m_minY = minY;
    m_maxY = maxY;
    m_bounds = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    // About two points per cell, cells shaped like the bounding box, at most 2048 a side.
    m_halfW = std::max(maxX * 0.5 - minX * 0.5, 1e-300);
    m_halfH = std::max(maxY * 0.5 - minY * 0.5, 1e-300);
    const double cells = std::max(1.0, finite / 2.0);
    const double aspect = std::clamp(m_halfW / m_halfH, 1e-3, 1e3);
    m_gridW = std::clamp(static_cast<int>(std::sqrt(cells * aspect)), 1, 2048);
    m_gridH = std::clamp(static_cast<int>(cells / m_gridW), 1, 2048);
    const auto cellOf = [&](Eigen::Index i) {
        return cellIndex(m_points(1, i), minY, m_halfH, m_gridH) * m_gridW +
               cellIndex(m_points(0, i), minX, m_halfW, m_gridW);
    };
    m_cellStart.assign(static_cast<std::size_t>(m_gridW) * m_gridH + 1, 0);
    for (Eigen::Index i = 0; i < n; ++i)
        if (std::isfinite(m_points(0, i)) && std::isfinite(m_points(1, i)))
            ++m_cellStart[static_cast<std::size_t>(cellOf(i)) + 1];
    for (std::size_t c = 1; c < m_cellStart.size(); ++c)
        m_cellStart[c] += m_cellStart[c - 1];
    m_cellPoints.resize(static_cast<std::size_t>(finite));
    std::vector<int> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    for (Eigen::Index i = 0; i < n; ++i)
        if (std::isfinite(m_points(0, i)) && std::isfinite(m_points(1, i)))
            m_cellPoints[static_cast<std::size_t>(fill[static_cast<std::size_t>(cellOf(i))]++)] =
                static_cast<int>(i);
}

template <typename Visit>
void PointCloud::visitCandidates(const QPointF& pixel, double radiusPixels, Visit&& visit) const {
    if (m_gridW == 0 || !mKeyAxis || !mValueAxis || !(radiusPixels >= 0))
        return;
    // The query disc in pixels becomes a box in data coordinates (axes may differ in scale).
    const Mapping m = mapping();
    double k0, v0, k1, v1;
    if (mKeyAxis->orientation() == Qt::Horizontal) {
        k0 = mKeyAxis->pixelToCoord(pixel.x() - radiusPixels);
        k1 = mKeyAxis->pixelToCoord(pixel.x() + radiusPixels);
        v0 = mValueAxis->pixelToCoord(pixel.y() - radiusPixels);
        v1 = mValueAxis->pixelToCoord(pixel.y() + radiusPixels);
    } else {
        k0 = mKeyAxis->pixelToCoord(pixel.y() - radiusPixels);
        k1 = mKeyAxis->pixelToCoord(pixel.y() + radiusPixels);
        v0 = mValueAxis->pixelToCoord(pixel.x() - radiusPixels);
        v1 = mValueAxis->pixelToCoord(pixel.x() + radiusPixels);
    }
    if (k0 > k1)
        std::swap(k0, k1);
    if (v0 > v1)
        std::swap(v0, v1);
    if (!std::isfinite(k0) || !std::isfinite(k1) || !std::isfinite(v0) || !std::isfinite(v1))
        return;
    if (k1 < m_minX || k0 > m_maxX || v1 < m_minY || v0 > m_maxY)
        return;
    const int cx0 = cellIndex(k0, m_minX, m_halfW, m_gridW);
    const int cx1 = cellIndex(k1, m_minX, m_halfW, m_gridW);
    const int cy0 = cellIndex(v0, m_minY, m_halfH, m_gridH);
    const int cy1 = cellIndex(v1, m_minY, m_halfH, m_gridH);
    const double r2 = radiusPixels * radiusPixels;
    for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) {
            const std::size_t c = static_cast<std::size_t>(cy) * m_gridW + cx;
            for (int j = m_cellStart[c]; j < m_cellStart[c + 1]; ++j) {
                const int i = m_cellPoints[static_cast<std::size_t>(j)];
                const QPointF p = m(m_points(0, i), m_points(1, i));
                const double dx = p.x() - pixel.x(), dy = p.y() - pixel.y();
                const double d2 = dx * dx + dy * dy;
                if (d2 <= r2)
                    visit(i, d2);
            }
        }
}

int PointCloud::nearestPoint(const QPointF& pixel, double maxPixels) const {
    int best = -1;
    double bestD2 = std::numeric_limits<double>::infinity();
    visitCandidates(pixel, maxPixels, [&](int i, double d2) {
        // Ties go to the point drawn last (on top).
        if (d2 < bestD2 || (d2 == bestD2 && i > best)) {
            bestD2 = d2;
            best = i;
        }
    });
    return best;
}

std::vector<int> PointCloud::pointsWithin(const QPointF& pixel, double radiusPixels) const {
    std::vector<int> out;
    visitCandidates(pixel, radiusPixels, [&](int i, double) { out.push_back(i); });
    std::sort(out.begin(), out.end());
    return out;
}

double PointCloud::selectTest(const QPointF& pos, bool onlySelectable, QVariant* details) const {
    if ((onlySelectable && mSelectable == QCP::stNone) || !mKeyAxis || !mValueAxis)
        return -1;
    const double tolerance = mParentPlot ? mParentPlot->selectionTolerance() : 8.0;
    const int i = nearestPoint(pos, tolerance);
    if (i < 0)
        return -1;
    if (details)
        details->setValue(i);
    const QPointF p = mapping()(m_points(0, i), m_points(1, i));
    return std::hypot(p.x() - pos.x(), p.y() - pos.y());
}

QCPRange PointCloud::getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain) const {
    foundRange = m_gridW > 0;
    if (!foundRange)
        return {};
    QCPRange r(m_minX, m_maxX);
    if (inSignDomain == QCP::sdPositive && r.lower <= 0)
        r.lower = r.upper > 0 ? r.upper * 1e-3 : (foundRange = false, 0.0);
    if (inSignDomain == QCP::sdNegative && r.upper >= 0)
        r.upper = r.lower < 0 ? r.lower * 1e-3 : (foundRange = false, 0.0);
    return r;
}

QCPRange PointCloud::getValueRange(bool& foundRange, QCP::SignDomain inSignDomain,
                                   const QCPRange&) const {
    foundRange = m_gridW > 0;
    if (!foundRange)
        return {};
    QCPRange r(m_minY, m_maxY);
    if (inSignDomain == QCP::sdPositive && r.lower <= 0)
        r.lower = r.upper > 0 ? r.upper * 1e-3 : (foundRange = false, 0.0);
    if (inSignDomain == QCP::sdNegative && r.upper >= 0)
        r.upper = r.lower < 0 ? r.lower * 1e-3 : (foundRange = false, 0.0);
    return r;
}

void PointCloud::renderImage(const QSize& size, double scale, const QRect& axisRect) {
    if (m_image.size() != size)
        m_image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_image.fill(Qt::transparent);
    const Mapping m = mapping();
    const Stamp stamp(m_pointSize * scale);
    const int w = size.width(), h = size.height(), reach = stamp.reach;
    // Image pixel of a point: (pixel - axisRect.topLeft()) * scale, floored.
    const double ox = axisRect.left(), oy = axisRect.top();
    const quint32 fallback = m_defaultColor.rgb() | 0xff000000u;
    const bool haveColors = !m_colors.empty();
    const std::size_t nColors = m_colors.size();
    const Eigen::Index n = m_points.cols();
    const double* xy = m_points.data();
    uchar* bits = m_image.bits();
    const qsizetype stride = m_image.bytesPerLine();
    // Points well inside the image (nearly all) use the stamp as offsets from the centre
    // pixel, computed once here rather than a row multiplication per pixel and point.
    const qsizetype rowPixels = stride / static_cast<qsizetype>(sizeof(quint32));
    struct Run {
        qsizetype offset;
        int length;
    };
    struct Edge {
        qsizetype offset;
        quint32 alpha;
    };
    std::vector<Run> runs;
    std::vector<Edge> edges;
    for (const auto& sp : stamp.spans)
        runs.push_back({sp.dy * rowPixels + sp.x0, sp.x1 - sp.x0 + 1});
    for (const auto& e : stamp.edges)
        edges.push_back({e.dy * rowPixels + e.dx, e.alpha});
    auto* const pixels = reinterpret_cast<quint32*>(bits);
#if defined(__SSE2__)
    // The edge pixels in groups of four for blend4 (most of the time goes into blending).
    struct Group {
        qsizetype o0, o1, o2, o3;
        __m128i aLo, iaLo, aHi, iaHi;
    };
    std::vector<Group> groups;
    const std::size_t grouped = edges.size() / 4 * 4;
    for (std::size_t g = 0; g < grouped; g += 4) {
        const auto a = [&](std::size_t j) { return static_cast<short>(edges[g + j].alpha); };
        const auto ia = [&](std::size_t j) { return static_cast<short>(255 - edges[g + j].alpha); };
        groups.push_back({edges[g].offset, edges[g + 1].offset, edges[g + 2].offset,
                          edges[g + 3].offset,
                          _mm_setr_epi16(a(0), a(0), a(0), a(0), a(1), a(1), a(1), a(1)),
                          _mm_setr_epi16(ia(0), ia(0), ia(0), ia(0), ia(1), ia(1), ia(1), ia(1)),
                          _mm_setr_epi16(a(2), a(2), a(2), a(2), a(3), a(3), a(3), a(3)),
                          _mm_setr_epi16(ia(2), ia(2), ia(2), ia(2), ia(3), ia(3), ia(3), ia(3))});
    }
#else
    const std::size_t grouped = 0;
#endif
    for (Eigen::Index i = 0; i < n; ++i) {
        const double k = xy[2 * i], v = xy[2 * i + 1];
        const QPointF p = m(k, v);
        const double fx = (p.x() - ox) * scale, fy = (p.y() - oy) * scale;
        // Also rejects NaN (every comparison is false).
        if (!(fx > -reach - 1 && fx < w + reach + 1 && fy > -reach - 1 && fy < h + reach + 1))
            continue;
        const int ix = static_cast<int>(std::floor(fx)), iy = static_cast<int>(std::floor(fy));
        const quint32 color =
            haveColors && static_cast<std::size_t>(i) < nColors
                ? (m_colors[static_cast<std::size_t>(i)] | 0xff000000u)
                : fallback;
        const bool inside = ix - reach >= 0 && ix + reach < w && iy - reach >= 0 && iy + reach < h;
        if (inside) {
            quint32* const centre = pixels + iy * rowPixels + ix;
            for (const Run& r : runs)
                std::fill_n(centre + r.offset, r.length, color);
#if defined(__SSE2__)
            const __m128i c = _mm_cvtsi32_si128(static_cast<int>(color));
            const __m128i src16 = _mm_unpacklo_epi8(_mm_unpacklo_epi32(c, c), _mm_setzero_si128());
            for (const Group& g : groups)
                blend4(centre + g.o0, centre + g.o1, centre + g.o2, centre + g.o3, src16, g.aLo,
                       g.iaLo, g.aHi, g.iaHi);
#endif
            for (std::size_t j = grouped; j < edges.size(); ++j)
                centre[edges[j].offset] =
                    blendPremultiplied(centre[edges[j].offset], color, edges[j].alpha);
        } else {
            for (const auto& s : stamp.spans) {
                const int y = iy + s.dy;
                if (y < 0 || y >= h)
                    continue;
                auto* line = reinterpret_cast<quint32*>(bits + y * stride);
                for (int x = std::max(0, ix + s.x0); x <= std::min(w - 1, ix + s.x1); ++x)
                    line[x] = color;
            }
            for (const auto& e : stamp.edges) {
                const int x = ix + e.dx, y = iy + e.dy;
                if (x < 0 || x >= w || y < 0 || y >= h)
                    continue;
                auto* px = reinterpret_cast<quint32*>(bits + y * stride) + x;
                *px = blendPremultiplied(*px, color, e.alpha);
            }
        }
    }
}

void PointCloud::draw(QCPPainter* painter) {
    if (!mKeyAxis || !mValueAxis || m_points.cols() == 0)
        return;
    const QRect rect = clipRect();
    if (rect.isEmpty())
        return;
    // Resolution of the target: device pixel ratio times any scaling of the painter (as in
    // QCustomPlot::toPixmap with scale != 1). Vector targets (PDF, SVG) get a 3x raster.
    double scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    scale *= std::sqrt(std::abs(painter->transform().determinant()));
    const int devType = painter->device() ? painter->device()->devType() : 0;
    if (devType != QInternal::Image && devType != QInternal::Pixmap &&
        devType != QInternal::Widget)
        scale *= 3.0;
    if (!(scale > 0) || !std::isfinite(scale))
        scale = 1.0;
    const QSize size(static_cast<int>(std::ceil(rect.width() * scale)),
                     static_cast<int>(std::ceil(rect.height() * scale)));
    if (m_dirty || m_image.size() != size || m_cachedRect != rect || m_cachedScale != scale ||
        m_cachedKeyRange != mKeyAxis->range() || m_cachedValueRange != mValueAxis->range()) {
        renderImage(size, scale, rect);
        m_dirty = false;
        m_cachedRect = rect;
        m_cachedScale = scale;
        m_cachedKeyRange = mKeyAxis->range();
        m_cachedValueRange = mValueAxis->range();
    }
    painter->drawImage(QRectF(rect), m_image);
}

void PointCloud::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_defaultColor);
    const double r = std::max(1.5, std::min(rect.width(), rect.height()) / 6.0);
    const QPointF c = rect.center();
    for (const QPointF d : {QPointF(-0.25, 0.2), QPointF(0.05, -0.25), QPointF(0.3, 0.15)})
        painter->drawEllipse(c + QPointF(d.x() * rect.width(), d.y() * rect.height()), r, r);
}

} // namespace latentlab
