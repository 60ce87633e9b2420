#include "plot/color_difference.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace latentlab {

namespace {

double linear(int c) {
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

int encoded(double l) {
    l = std::clamp(l, 0.0, 1.0);
    const double v = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
    return int(std::lround(255.0 * v));
}

double labF(double t) {
    constexpr double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
}

double degrees(double rad) {
    return rad * 180.0 / std::numbers::pi;
}

double radians(double deg) {
    return deg * std::numbers::pi / 180.0;
}

/// Hue angle in degrees, 0..360; 0 for a neutral colour.
double hueAngle(double b, double a) {
    if (a == 0 && b == 0)
        return 0;
    const double h = degrees(std::atan2(b, a));
    return h < 0 ? h + 360 : h;
}

} // namespace

Lab toLab(const QColor& color) {
    const double r = linear(color.red()), g = linear(color.green()), b = linear(color.blue());
    // sRGB to XYZ (D65), then relative to the D65 white.
    const double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    const double fx = labF(x), fy = labF(y), fz = labF(z);
    return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double deltaE76(const Lab& x, const Lab& y) {
    return std::sqrt((x.L - y.L) * (x.L - y.L) + (x.a - y.a) * (x.a - y.a) +
                     (x.b - y.b) * (x.b - y.b));
}

double ciede2000(const Lab& x, const Lab& y) {
    const double c1 = std::hypot(x.a, x.b), c2 = std::hypot(y.a, y.b);
    const double cBar7 = std::pow((c1 + c2) / 2, 7);
    const double g = 0.5 * (1 - std::sqrt(cBar7 / (cBar7 + std::pow(25.0, 7))));
    const double a1 = (1 + g) * x.a, a2 = (1 + g) * y.a;
    const double cp1 = std::hypot(a1, x.b), cp2 = std::hypot(a2, y.b);
    const double hp1 = hueAngle(x.b, a1), hp2 = hueAngle(y.b, a2);

    const double dL = y.L - x.L, dC = cp2 - cp1;
    double dh = 0;
    if (cp1 * cp2 != 0) {
        dh = hp2 - hp1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
    }
    const double dH = 2 * std::sqrt(cp1 * cp2) * std::sin(radians(dh / 2));

    const double lBar = (x.L + y.L) / 2, cBar = (cp1 + cp2) / 2;
    double hBar = hp1 + hp2;
    if (cp1 * cp2 != 0) {
        if (std::abs(hp1 - hp2) <= 180)
            hBar /= 2;
        else
            hBar = hBar < 360 ? (hBar + 360) / 2 : (hBar - 360) / 2;
    }
    const double t = 1 - 0.17 * std::cos(radians(hBar - 30)) + 0.24 * std::cos(radians(2 * hBar)) +
                     0.32 * std::cos(radians(3 * hBar + 6)) -
                     0.20 * std::cos(radians(4 * hBar - 63));
    const double dTheta = 30 * std::exp(-std::pow((hBar - 275) / 25, 2));
    const double cBarP7 = std::pow(cBar, 7);
    const double rC = 2 * std::sqrt(cBarP7 / (cBarP7 + std::pow(25.0, 7)));
    const double l50 = (lBar - 50) * (lBar - 50);
    const double sL = 1 + 0.015 * l50 / std::sqrt(20 + l50);
    const double sC = 1 + 0.045 * cBar;
    const double sH = 1 + 0.015 * cBar * t;
    const double rT = -std::sin(radians(2 * dTheta)) * rC;
    const double l = dL / sL, c = dC / sC, h = dH / sH;
    return std::sqrt(l * l + c * c + h * h + rT * c * h);
}

QColor simulateDichromacy(const QColor& color, Dichromacy kind) {
    using M = std::array<std::array<double, 3>, 3>;
    static constexpr M protan = {{{0.152286, 1.052583, -0.204868},
                                  {0.114503, 0.786281, 0.099216},
                                  {-0.003882, -0.048116, 1.051998}}};
    static constexpr M deutan = {{{0.367322, 0.860646, -0.227968},
                                  {0.280085, 0.672501, 0.047413},
                                  {-0.011820, 0.042940, 0.968881}}};
    static constexpr M tritan = {{{1.255528, -0.076749, -0.178779},
                                  {-0.078411, 0.930809, 0.147602},
                                  {0.004733, 0.691367, 0.303900}}};
    const M& m = kind == Dichromacy::Protanopia     ? protan
                 : kind == Dichromacy::Deuteranopia ? deutan
                                                    : tritan;
    const double in[3] = {linear(color.red()), linear(color.green()), linear(color.blue())};
    int out[3];
    for (int i = 0; i < 3; ++i)
        out[i] = encoded(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2]);
    return QColor(out[0], out[1], out[2]);
}

} // namespace latentlab
