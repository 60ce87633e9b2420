#pragma once
// Component colours. K = 3 follows the lecture notation k_r, k_b, k_g (red, blue, green);
// up to 8 components get distinct colours; a colour-blind-safe palette (every pair apart
// under simulated protanopia, deuteranopia and tritanopia) and a high-contrast palette are
// options. The user's choice holds in every mode, lecture mode included.

#include <QColor>
#include <QList>
#include <QRgb>
#include <QString>
#include <optional>
#include <string_view>
#include <vector>

namespace latentlab {

enum class PaletteKind { Lecture, ColorBlindSafe, HighContrast };

/// The palette's name in sessions and settings files: "lecture", "colorblind", "highcontrast".
const char* paletteName(PaletteKind kind);
/// The palette of that name, or std::nullopt.
std::optional<PaletteKind> paletteFromName(std::string_view name);

/// Colours for components 0..k-1 (k in 1..8; larger k cycles).
QList<QColor> componentColors(int k, PaletteKind kind = PaletteKind::Lecture);
/// Neutral grey for points before the first E-step.
QColor neutralPointColor();
/// sum_k q[k] * colour_k, channel by channel in linear light, returned as sRGB. `q` has
/// `k` entries that sum to one.
QRgb blendColors(const double* q, int k, const QList<QColor>& colors);

/// Plain English name of a component colour ("red", "blue", ...): the palette's own name when
/// `color` is one of the palette colours, else the nearest hue name.
QString colorName(const QColor& color);

/// The subscript of the lecture notation k_r, k_b, k_g: a short abbreviation of colorName
/// ("r", "b", "g", "o", "p", "br", "pk", "c", "v", "sb", ...), distinct within each palette.
QString colorInitial(const QColor& color);

/// blendColors for many points: converts the K component colours to linear light once and
/// maps linear light back to sRGB through a lookup table (no pow per point).
class ColorBlender {
public:
    explicit ColorBlender(const QList<QColor>& colors);
    /// sum_k q[k] colour_k in linear light, as opaque sRGB; `q` has k() entries.
    QRgb operator()(const double* q) const;
    int k() const { return static_cast<int>(m_linear.size() / 3); }

private:
    std::vector<double> m_linear; // r, g, b per component, linear light 0..1
};

} // namespace latentlab
