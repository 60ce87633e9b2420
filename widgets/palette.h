#pragma once
// Component colours. K = 3 follows the lecture notation k_r, k_b, k_g (red, blue, green);
// up to 8 components get distinct colours; a colour-blind-safe palette (Okabe and Ito, 2008)
// and a high-contrast palette for projectors are options.

#include <QColor>
#include <QList>
#include <QRgb>

namespace latentlab {

enum class PaletteKind { Lecture, ColorBlindSafe, HighContrast };

/// Colours for components 0..k-1 (k in 1..8; larger k cycles).
QList<QColor> componentColors(int k, PaletteKind kind = PaletteKind::Lecture);
/// Neutral grey for points before the first E-step.
QColor neutralPointColor();
/// sum_k q[k] * colour_k, channel by channel in linear light, returned as sRGB. `q` has
/// `k` entries that sum to one.
QRgb blendColors(const double* q, int k, const QList<QColor>& colors);

} // namespace latentlab
