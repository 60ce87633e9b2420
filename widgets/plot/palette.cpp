#include "plot/palette.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace latentlab {

namespace {
struct NamedColor {
    QColor color;
    const char* name;
    const char* initial = nullptr; ///< the subscript of k_r, k_b, k_g...
};
const std::array<NamedColor, 8> kLecture = {{{QColor(214, 39, 40), "red"},
                                             {QColor(31, 119, 180), "blue"},
                                             {QColor(44, 160, 44), "green"},
                                             {QColor(255, 127, 14), "orange"},
                                             {QColor(148, 103, 189), "purple"},
                                             {QColor(140, 86, 75), "brown"},
                                             {QColor(227, 119, 194), "pink"},
                                             {QColor(23, 190, 207), "cyan"}}};
// Colour-blind safe: chosen so that every pair of the eight, and each of them against the
// grey of unassigned points, stays more than 20 apart (CIE 1976 Delta E*ab, 28 at the worst)
// for normal vision and under simulated protanopia, deuteranopia and tritanopia (Machado et
// al. 2009, severity 1), which Okabe and Ito's set does not (its green simulates to that
// grey under deuteranopia, Delta E 10). Lightness spreads the colours where hue cannot;
// tests/widgets/plot/color_difference_test.cpp checks it on rendered pixels. The first three
// keep the lecture's k_r, k_b, k_g.
const std::array<NamedColor, 8> kColorBlind = {{{QColor(226, 0, 0), "red", "r"},
                                                {QColor(0, 0, 255), "blue", "b"},
                                                {QColor(73, 204, 121), "green", "g"},
                                                {QColor(124, 23, 104), "plum", "pl"},
                                                {QColor(124, 21, 184), "violet", "v"},
                                                {QColor(255, 150, 1), "orange", "o"},
                                                {QColor(210, 114, 234), "lilac", "l"},
                                                {QColor(170, 0, 45), "crimson", "cr"}}};
const std::array<NamedColor, 8> kHighContrast = {{{QColor(220, 0, 0), "red"},
                                                  {QColor(0, 60, 230), "blue"},
                                                  {QColor(0, 150, 0), "green"},
                                                  {QColor(255, 140, 0), "orange"},
                                                  {QColor(150, 0, 200), "purple"},
                                                  {QColor(120, 70, 20), "brown"},
                                                  {QColor(230, 0, 150), "magenta"},
                                                  {QColor(0, 170, 190), "cyan"}}};

// sRGB transfer function (IEC 61966-2-1) and its inverse.
double toLinear(double c) {
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
int toSrgbExact(double l) {
    const double c = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
    return std::clamp(static_cast<int>(std::lround(c * 255.0)), 0, 255);
}

// Linear light quantised to 16 bits -> sRGB byte. The steepest part of the curve (12.92 *
// 255 per unit near black) moves 0.05 of a level per table step, so the table agrees with
// the exact formula except where the exact value lies within 0.05 of a rounding boundary.
constexpr int kLutSize = 65536;
const std::array<unsigned char, kLutSize>& srgbTable() {
    static const auto table = [] {
        std::array<unsigned char, kLutSize> t{};
        for (int i = 0; i < kLutSize; ++i)
            t[static_cast<std::size_t>(i)] =
                static_cast<unsigned char>(toSrgbExact(static_cast<double>(i) / (kLutSize - 1)));
        return t;
    }();
    return table;
}
inline int toSrgb(double l) {
    const double scaled = l * (kLutSize - 1) + 0.5;
    // NaN goes to black rather than into an undefined conversion.
    const int i = !(scaled >= 1.0)          ? 0
                  : scaled >= kLutSize - 1 ? kLutSize - 1
                                           : static_cast<int>(scaled);
    return srgbTable()[static_cast<std::size_t>(i)];
}
} // namespace

QList<QColor> componentColors(int k, PaletteKind kind) {
    const auto& table = kind == PaletteKind::ColorBlindSafe ? kColorBlind
                        : kind == PaletteKind::HighContrast ? kHighContrast
                                                            : kLecture;
    QList<QColor> out;
    for (int i = 0; i < k; ++i)
        out.append(table[static_cast<std::size_t>(i) % table.size()].color);
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

QString colorName(const QColor& color) {
    for (const auto* table : {&kLecture, &kColorBlind, &kHighContrast})
        for (const auto& named : *table)
            if (named.color.rgb() == color.rgb())
                return QString::fromLatin1(named.name);
    const int h = color.hslHue();
    const int s = color.hslSaturation();
    const int l = color.lightness();
    if (s < 40 || h < 0)
        return l < 60 ? QStringLiteral("black") : l > 200 ? QStringLiteral("white")
                                                          : QStringLiteral("grey");
    if ((h < 40 || h >= 345) && l < 100)
        return QStringLiteral("brown");
    if (h < 15 || h >= 345)
        return QStringLiteral("red");
    if (h < 45)
        return QStringLiteral("orange");
    if (h < 70)
        return QStringLiteral("yellow");
    if (h < 165)
        return QStringLiteral("green");
    if (h < 200)
        return QStringLiteral("cyan");
    if (h < 250)
        return QStringLiteral("blue");
    if (h < 290)
        return QStringLiteral("purple");
    return QStringLiteral("pink");
}

ColorBlender::ColorBlender(const QList<QColor>& colors) {
    m_linear.reserve(static_cast<std::size_t>(colors.size()) * 3);
    for (const QColor& c : colors) {
        m_linear.push_back(toLinear(c.red()));
        m_linear.push_back(toLinear(c.green()));
        m_linear.push_back(toLinear(c.blue()));
    }
    srgbTable(); // build the table outside any timed loop
}

QRgb ColorBlender::operator()(const double* q) const {
    double r = 0, g = 0, b = 0;
    const double* c = m_linear.data();
    const int n = k();
    for (int i = 0; i < n; ++i, c += 3) {
        r += q[i] * c[0];
        g += q[i] * c[1];
        b += q[i] * c[2];
    }
    return qRgb(toSrgb(r), toSrgb(g), toSrgb(b));
}

QString colorInitial(const QColor& color) {
    // A palette's own subscript first: the colour-blind palette's first three keep the
    // lecture's k_r, k_b, k_g whatever their colour words.
    for (const auto* table : {&kLecture, &kColorBlind, &kHighContrast})
        for (const auto& named : *table)
            if (named.initial && named.color.rgb() == color.rgb())
                return QString::fromLatin1(named.initial);
    static const std::array<std::pair<const char*, const char*>, 14> kInitials = {
        {{"red", "r"},
         {"blue", "b"},
         {"green", "g"},
         {"orange", "o"},
         {"purple", "p"},
         {"brown", "br"},
         {"pink", "pk"},
         {"cyan", "c"},
         {"sky blue", "sb"},
         {"yellow", "y"},
         {"black", "bk"},
         {"magenta", "m"},
         {"grey", "gy"},
         {"white", "w"}}};
    const QString name = colorName(color);
    for (const auto& [full, initial] : kInitials)
        if (name == QLatin1String(full))
            return QString::fromLatin1(initial);
    return name.left(1);
}

namespace {
constexpr std::pair<PaletteKind, const char*> kPaletteNames[] = {
    {PaletteKind::Lecture, "lecture"},
    {PaletteKind::ColorBlindSafe, "colorblind"},
    {PaletteKind::HighContrast, "highcontrast"}};
} // namespace

const char* paletteName(PaletteKind kind) {
    for (const auto& [k, name] : kPaletteNames)
        if (k == kind)
            return name;
    return "lecture";
}

std::optional<PaletteKind> paletteFromName(std::string_view name) {
    for (const auto& [k, n] : kPaletteNames)
        if (name == n)
            return k;
    return std::nullopt;
}

} // namespace latentlab
