#include "plot/plot_style.h"

#include "plot/qcp.h"

#include <QPalette>
#include <QWidget>
#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}
} // namespace

PlotStyle PlotStyle::of(const QWidget* widget, double scale) {
    PlotStyle s;
    s.scale = std::isfinite(scale) ? std::clamp(scale, 0.25, 6.0) : 1.0;
    const QPalette p = widget ? widget->palette() : QPalette();
    s.background = p.color(QPalette::Base);
    s.text = p.color(QPalette::Text);
    s.dark = s.background.lightnessF() < 0.5;
    // Contrasts chosen for a projector: the grid stays visible (about 1.6:1 against the
    // background on white), the text is the palette's own.
    s.note = mix(s.background, s.text, 0.72);
    s.axis = mix(s.background, s.text, 0.45);
    s.tick = mix(s.background, s.text, 0.6);
    s.grid = mix(s.background, s.text, 0.2);
    s.zeroLine = mix(s.background, s.text, 0.32);
    s.legendBrush = s.background;
    s.legendBrush.setAlpha(235);
    s.legendBorder = mix(s.background, s.text, 0.25);
    return s;
}

int PlotStyle::px(double size) const {
    return static_cast<int>(std::lround(size * scale));
}

QFont PlotStyle::font(double size) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(std::max(6, px(size)));
    return f;
}

double PlotStyle::pen(double width) const {
    return std::max(1.0, width * scale);
}

QColor PlotStyle::series(const QColor& onWhite) const {
    if (!dark)
        return onWhite;
    // On a dark background a dark series colour disappears: keep the hue, raise lightness.
    QColor c = onWhite.toHsl();
    const double l = std::max(0.62, double(c.lightnessF()));
    return QColor::fromHslF(c.hslHueF(), c.hslSaturationF(), float(l), c.alphaF()).toRgb();
}

void PlotStyle::apply(QCustomPlot* plot) const {
    plot->setBackground(background);
    plot->axisRect()->setBackground(background);
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        const bool primary = axis == plot->xAxis || axis == plot->yAxis;
        axis->setBasePen(QPen(axis == plot->xAxis || axis == plot->yAxis ? this->axis : grid,
                              pen()));
        axis->setTickPen(QPen(tick, pen()));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLength(0, px(6));
        axis->setTickLabels(primary);
        axis->setTicks(primary);
        axis->setTickLabelFont(tickFont());
        axis->setTickLabelColor(text);
        axis->setLabelFont(labelFont());
        axis->setLabelColor(text);
        axis->setTickLabelPadding(px(6));
        axis->setLabelPadding(px(8));
        axis->setPadding(px(4));
        axis->grid()->setVisible(primary);
        axis->grid()->setPen(QPen(grid, pen()));
        axis->grid()->setZeroLinePen(QPen(zeroLine, pen()));
        axis->grid()->setSubGridVisible(false);
    }
    const int m = px(10);
    plot->axisRect()->setMinimumMargins(QMargins(m, m, m, m));
    plot->legend->setFont(legendFont());
    plot->legend->setTextColor(text);
    plot->legend->setBrush(legendBrush);
    plot->legend->setBorderPen(QPen(legendBorder, pen()));
}

} // namespace latentlab
