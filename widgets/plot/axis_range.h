#pragma once
// Axis ranges for every plot: never narrower than a sensible span relative to the values'
// magnitude. A span of rounding noise (-1650.663 and -1650.663 + 1e-12, or all points
// identical) would otherwise become the whole axis, with every tick label reading the same
// number and the values sitting on the edges. Such values are shown as one level: the range
// is centred on it and the axis carries a single tick labelled with its value.

#include "plot/qcp.h"

namespace latentlab {

struct DisplayRange {
    QCPRange range;
    /// The values are equal (to rounding): `value` is the one level they show.
    bool level = false;
    double value = 0.0;
};

/// Spans below this fraction of the magnitude max(|lo|, |hi|) are one level.
inline constexpr double kLevelRelativeSpan = 1e-9;
/// No axis spans less than this fraction of the magnitude (6-digit tick labels stay distinct).
inline constexpr double kMinRelativeSpan = 1e-4;

/// The range showing [lo, hi] with `padBelow` and `padAbove` (fractions of the span) added,
/// at least kMinRelativeSpan of the magnitude wide (1 when everything is 0). Non-finite
/// bounds give [0, 1].
DisplayRange displayRange(double lo, double hi, double padBelow = 0.08, double padAbove = 0.12);

/// Sets `axis` to `r`. A level gets a single tick at its value, labelled with `precision`
/// significant digits; otherwise `normalTicker` (the axis's own ticker) is restored.
void applyDisplayRange(QCPAxis* axis, const DisplayRange& r,
                       const QSharedPointer<QCPAxisTicker>& normalTicker, int precision = 7);

} // namespace latentlab
