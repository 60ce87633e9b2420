#include "plot/axis_range.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

DisplayRange displayRange(double lo, double hi, double padBelow, double padAbove) {
    DisplayRange r;
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        r.range = QCPRange(0.0, 1.0);
        return r;
    }
    if (lo > hi)
        std::swap(lo, hi);
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    const double span = hi - lo;
    if (span <= kLevelRelativeSpan * magnitude) {
        r.level = true;
        r.value = lo + span / 2;
        const double half = magnitude > 0 ? kMinRelativeSpan * magnitude / 2 : 0.5;
        r.range = QCPRange(r.value - half, r.value + half);
        return r;
    }
    const double minSpan = kMinRelativeSpan * magnitude;
    if (span < minSpan) {
        const double centre = lo + span / 2;
        r.range = QCPRange(centre - minSpan / 2, centre + minSpan / 2);
        return r;
    }
    r.range = QCPRange(lo - padBelow * span, hi + padAbove * span);
    return r;
}

void applyDisplayRange(QCPAxis* axis, const DisplayRange& r,
                       const QSharedPointer<QCPAxisTicker>& normalTicker, int precision) {
    axis->setRange(r.range);
    if (r.level) {
        QSharedPointer<QCPAxisTickerText> one(new QCPAxisTickerText);
        one->addTick(r.value, QString::number(r.value, 'g', precision));
        axis->setTicker(one);
    } else if (axis->ticker() != normalTicker) {
        axis->setTicker(normalTicker);
    }
}

} // namespace latentlab
