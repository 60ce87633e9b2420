#pragma once
// How far apart two colours look: sRGB to CIELAB (D65), the CIEDE2000 colour difference, and
// simulated dichromacy, so that a palette's promise ("ten distinguishable labels", "safe for
// colour-blind readers") is a number a test can check. Written here because the formulas are
// a few lines each and Debian ships no C++ colour-science library.

#include <QColor>
#include <array>

namespace latentlab {

/// CIELAB coordinates L*, a*, b* (D65 white, 2 degree observer).
struct Lab {
    double L = 0, a = 0, b = 0;
};

/// An sRGB colour (IEC 61966-2-1) in CIELAB, white point D65.
Lab toLab(const QColor& color);

/// The CIE 1976 colour difference Delta E*ab: the distance in CIELAB (issue 12's "Delta E over
/// 20" for colours a dichromat must tell apart).
double deltaE76(const Lab& x, const Lab& y);

/// The CIEDE2000 colour difference (CIE 142-2001; kL = kC = kH = 1), as written out by
/// Sharma, Wu and Dalal (2005).
double ciede2000(const Lab& x, const Lab& y);

/// The three common dichromacies.
enum class Dichromacy { Protanopia, Deuteranopia, Tritanopia };

/// The colour as a dichromat sees it: Machado, Oliveira and Fernandes (2009), severity 1,
/// applied in linear sRGB and clamped to the gamut.
QColor simulateDichromacy(const QColor& color, Dichromacy kind);

} // namespace latentlab
