#include "palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace latentlab {

namespace {
const std::array<QColor, 8> kLecture = {
    QColor(214, 39, 40),  QColor(31, 119, 180), QColor(44, 160, 44),  QColor(255, 127, 14),
    QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(23, 190, 207)};
// Okabe and Ito's colour-blind-safe set, ordered so that k = 3 still reads red-blue-green.
const std::array<QColor, 8> kColorBlind = {
    QColor(213, 94, 0),   QColor(0, 114, 178),  QColor(0, 158, 115), QColor(230, 159, 0),
    QColor(204, 121, 167), QColor(86, 180, 233), QColor(240, 228, 66), QColor(0, 0, 0)};
const std::array<QColor, 8> kHighContrast = {
    QColor(220, 0, 0),   QColor(0, 60, 230),  QColor(0, 150, 0),   QColor(255, 140, 0),
    QColor(150, 0, 200), QColor(120, 70, 20), QColor(230, 0, 150), QColor(0, 170, 190)};

double toLinear(double c) {
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
int toSrgb(double l) {
    const double c = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
    return std::clamp(static_cast<int>(std::lround(c * 255.0)), 0, 255);
}
} // namespace

QList<QColor> componentColors(int k, PaletteKind kind) {
    const auto& table = kind == PaletteKind::ColorBlindSafe ? kColorBlind
                        : kind == PaletteKind::HighContrast ? kHighContrast
                                                            : kLecture;
    QList<QColor> out;
    for (int i = 0; i < k; ++i)
        out.append(table[static_cast<std::size_t>(i) % table.size()]);
    return out;
}

QColor neutralPointColor() { return QColor(128, 128, 128); }

QRgb blendColors(const double* q, int k, const QList<QColor>& colors) {
    double r = 0, g = 0, b = 0;
    for (int i = 0; i < k; ++i) {
        const QColor& c = colors[i];
        r += q[i] * toLinear(c.red());
        g += q[i] * toLinear(c.green());
        b += q[i] * toLinear(c.blue());
    }
    return qRgb(toSrgb(r), toSrgb(g), toSrgb(b));
}

} // namespace latentlab
