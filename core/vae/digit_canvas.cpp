#include "vae/digit_canvas.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

/// Ink of a capsule at distance d from its spine: 1 up to r/2, smoothstep down to 0 at r.
float brush(double d, double r) {
    if (d >= r)
        return 0.f;
    const double t = std::clamp((r - d) / (0.5 * r), 0.0, 1.0);
    return float(t * t * (3.0 - 2.0 * t));
}

double distanceToSegment(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                         const Eigen::Vector2d& b) {
    const Eigen::Vector2d ab = b - a;
    const double len2 = ab.squaredNorm();
    const double t = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
    return (p - (a + t * ab)).norm();
}

void paintSegment(std::vector<float>& canvas, int side, const Eigen::Vector2d& a,
                  const Eigen::Vector2d& b, double radius) {
    // In canvas pixels; pixel (x, y) has its centre at (x + 1/2, y + 1/2).
    const Eigen::Vector2d pa = a * side, pb = b * side;
    const double r = radius * side;
    const int x0 = std::max(0, int(std::floor(std::min(pa.x(), pb.x()) - r)));
    const int x1 = std::min(side - 1, int(std::ceil(std::max(pa.x(), pb.x()) + r)));
    const int y0 = std::max(0, int(std::floor(std::min(pa.y(), pb.y()) - r)));
    const int y1 = std::min(side - 1, int(std::ceil(std::max(pa.y(), pb.y()) + r)));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const float ink = brush(distanceToSegment({x + 0.5, y + 0.5}, pa, pb), r);
            float& c = canvas[std::size_t(y) * std::size_t(side) + std::size_t(x)];
            c = std::max(c, ink);
        }
}

} // namespace

std::vector<float> rasterizeStrokes(const std::vector<DigitStroke>& strokes, int side,
                                    double radius) {
    if (side < 1 || side > 4096)
        throw ArgumentError("digit canvas: side must be in [1, 4096]");
    if (!(radius > 0 && radius < 1))
        throw ArgumentError("digit canvas: the brush radius must be in (0, 1)");
    std::vector<float> canvas(std::size_t(side) * std::size_t(side), 0.f);
    for (const DigitStroke& s : strokes) {
        const auto& p = s.points;
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (!p[i].allFinite())
                continue;
            const Eigen::Vector2d& prev = i > 0 && p[i - 1].allFinite() ? p[i - 1] : p[i];
            paintSegment(canvas, side, prev, p[i], radius);
        }
    }
    return canvas;
}

std::vector<float> mnistNormalize(const std::vector<float>& canvas, int side) {
    if (side < 1 || canvas.size() != std::size_t(side) * std::size_t(side))
        throw ArgumentError("MNIST normalisation: the canvas is not side x side");
    std::vector<float> out(std::size_t(kDigitSide * kDigitSide), 0.f);
    // Bounding box of the visible ink and its centre of mass (pixel centres at i + 1/2).
    constexpr float kVisible = 0.05f;
    int bx0 = side, by0 = side, bx1 = -1, by1 = -1;
    double mass = 0, mx = 0, my = 0;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double v = std::clamp(canvas[std::size_t(y) * std::size_t(side) + x], 0.f, 1.f);
            mass += v;
            mx += v * (x + 0.5);
            my += v * (y + 0.5);
            if (v > kVisible) {
                bx0 = std::min(bx0, x);
                bx1 = std::max(bx1, x);
                by0 = std::min(by0, y);
                by1 = std::max(by1, y);
            }
        }
    if (bx1 < 0 || mass <= 0)
        return out;
    mx /= mass;
    my /= mass;
    // Output pixels per canvas pixel: the longer side of the box becomes kDigitBox pixels.
    const double s = double(kDigitBox) / std::max(bx1 - bx0 + 1, by1 - by0 + 1);

    // Summed-area table I(x, y) = sum of the canvas over [0, x) x [0, y), (side + 1)^2
    // entries. It is bilinear inside each pixel, so bilinear interpolation between its
    // entries gives the exact integral up to fractional coordinates.
    const int w = side + 1;
    std::vector<double> sat(std::size_t(w) * std::size_t(w), 0.0);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            sat[std::size_t(y + 1) * w + x + 1] =
                std::clamp(canvas[std::size_t(y) * std::size_t(side) + x], 0.f, 1.f) +
                sat[std::size_t(y) * w + x + 1] + sat[std::size_t(y + 1) * w + x] -
                sat[std::size_t(y) * w + x];
    auto integral = [&](double x, double y) {
        x = std::clamp(x, 0.0, double(side));
        y = std::clamp(y, 0.0, double(side));
        const int ix = std::min(int(x), side - 1), iy = std::min(int(y), side - 1);
        const double fx = x - ix, fy = y - iy;
        auto at = [&](int i, int j) { return sat[std::size_t(j) * w + i]; };
        return (1 - fx) * (1 - fy) * at(ix, iy) + fx * (1 - fy) * at(ix + 1, iy) +
               (1 - fx) * fy * at(ix, iy + 1) + fx * fy * at(ix + 1, iy + 1);
    };
    // Output coordinate o = (c - centre of mass) s + 14: output pixel (u, v) covers the
    // canvas square from centre + (u - 14) / s to centre + (u + 1 - 14) / s.
    const double half = kDigitSide / 2.0;
    for (int v = 0; v < kDigitSide; ++v)
        for (int u = 0; u < kDigitSide; ++u) {
            const double x0 = mx + (u - half) / s, x1 = mx + (u + 1 - half) / s;
            const double y0 = my + (v - half) / s, y1 = my + (v + 1 - half) / s;
            const double sum =
                integral(x1, y1) - integral(x0, y1) - integral(x1, y0) + integral(x0, y0);
            out[std::size_t(v * kDigitSide + u)] =
                float(std::clamp(sum * s * s, 0.0, 1.0)); // mean over the area (x1-x0)^2
        }
    return out;
}

std::vector<float> digitFromStrokes(const std::vector<DigitStroke>& strokes) {
    return mnistNormalize(rasterizeStrokes(strokes, kPadCanvasSide, kPadBrushRadius),
                          kPadCanvasSide);
}

} // namespace latentlab
