// The drawing pad's digit: a stroke painted with the soft brush and normalised as MNIST was
// (the ink's longer side 20 pixels, its centre of mass at the centre of the 28 x 28 image).
#include "common/error.h"
#include "vae/digit_canvas.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;

namespace {

struct Moments {
    double mass = 0, cx = 0, cy = 0;
    int x0 = 99, x1 = -1, y0 = 99, y1 = -1;
};

Moments moments(const std::vector<float>& img, int side, float visible = 0.05f) {
    Moments m;
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double v = img[std::size_t(y * side + x)];
            m.mass += v;
            m.cx += v * (x + 0.5);
            m.cy += v * (y + 0.5);
            if (v > visible) {
                m.x0 = std::min(m.x0, x);
                m.x1 = std::max(m.x1, x);
                m.y0 = std::min(m.y0, y);
                m.y1 = std::max(m.y1, y);
            }
        }
    m.cx /= m.mass;
    m.cy /= m.mass;
    return m;
}

} // namespace

TEST(DigitCanvas, BrushIsFullOnTheSpineAndNoneBeyondTheRadius) {
    const std::vector<DigitStroke> s{{{{0.5, 0.2}, {0.5, 0.8}}}};
    const int side = 100;
    const auto c = rasterizeStrokes(s, side, 0.05);
    auto at = [&](int x, int y) { return c[std::size_t(y * side + x)]; };
    EXPECT_FLOAT_EQ(at(49, 50), 1.f); // centre 49.5: 0.5 px from the spine
    EXPECT_FLOAT_EQ(at(47, 50), 1.f); // 2.5 px < r/2 = 2.5 px
    EXPECT_GT(at(46, 50), 0.f);
    EXPECT_LT(at(46, 50), 1.f);
    EXPECT_FLOAT_EQ(at(44, 50), 0.f); // 5.5 px > r = 5 px
    EXPECT_FLOAT_EQ(at(49, 10), 0.f); // beyond the end cap
    EXPECT_THROW(rasterizeStrokes(s, 0, 0.05), ArgumentError);
    EXPECT_THROW(rasterizeStrokes(s, 10, 0.0), ArgumentError);
}

TEST(DigitCanvas, NormalisedLikeMnist) {
    // A tall stroke off to the upper left of the pad, and a short bar on it: after
    // normalising, its longer side is 20 pixels and its centre of mass at (14, 14).
    const std::vector<DigitStroke> s{{{{0.2, 0.1}, {0.25, 0.6}}}, {{{0.15, 0.3}, {0.3, 0.3}}}};
    const auto img = digitFromStrokes(s);
    ASSERT_EQ(img.size(), 784u);
    const Moments m = moments(img, 28);
    EXPECT_NEAR(m.cx, 14.0, 0.05);
    EXPECT_NEAR(m.cy, 14.0, 0.05);
    const int h = m.y1 - m.y0 + 1, w = m.x1 - m.x0 + 1;
    EXPECT_GE(h, 20);
    EXPECT_LE(h, 21); // 20 pixels, and one more where the box straddles a pixel edge
    EXPECT_LT(w, h);
    for (float v : img) {
        EXPECT_GE(v, 0.f);
        EXPECT_LE(v, 1.f);
    }
    // The ink is kept: the mass scales with the area (20 / box side)^2.
    const auto canvas = rasterizeStrokes(s, kPadCanvasSide, kPadBrushRadius);
    const Moments c = moments(canvas, kPadCanvasSide);
    const double scale = 20.0 / std::max(c.x1 - c.x0 + 1, c.y1 - c.y0 + 1);
    EXPECT_NEAR(m.mass, c.mass * scale * scale, 1e-3 * m.mass);
}

TEST(DigitCanvas, WherePadDrawsDoesNotMatter) {
    // The same digit drawn small in one corner and large in the middle gives the same image.
    auto digit = [](double x, double y, double size) {
        std::vector<DigitStroke> s(1);
        for (int i = 0; i <= 40; ++i) {
            const double t = 2 * 3.14159265358979 * i / 40;
            s[0].points.push_back({x + size * 0.3 * std::cos(t), y + size * 0.5 * std::sin(t)});
        }
        return s;
    };
    const auto a = mnistNormalize(rasterizeStrokes(digit(0.3, 0.3, 0.4), 224, 0.02), 224);
    const auto b = mnistNormalize(rasterizeStrokes(digit(0.5, 0.5, 0.8), 224, 0.04), 224);
    double diff = 0, mass = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff += std::abs(a[i] - b[i]);
        mass += a[i];
    }
    EXPECT_LT(diff, 0.05 * mass);
}

TEST(DigitCanvas, EmptyPadIsBlank) {
    const auto img = digitFromStrokes({});
    ASSERT_EQ(img.size(), 784u);
    for (float v : img)
        EXPECT_EQ(v, 0.f);
    EXPECT_THROW(mnistNormalize(std::vector<float>(10), 3), ArgumentError);
}
