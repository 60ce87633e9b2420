#include "plot/plot_style.h"

#include "plot/qcp.h"

#include <QFontMetrics>
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

namespace {
const char* const kTextFloorProperty = "latentlabTextFloorPx";
} // namespace

int PlotStyle::textFloor(const QWidget* widget) {
    const QWidget* w = widget ? widget->window() : nullptr;
    return w ? std::max(0, w->property(kTextFloorProperty).toInt()) : 0;
}

void PlotStyle::setTextFloor(QWidget* window, int px) {
    window->setProperty(kTextFloorProperty, std::max(0, px));
}

int PlotStyle::lectureTextPx(QSize size) {
    const double lines = std::min(double(size.height()), 0.75 * size.width());
    return std::max(18, static_cast<int>(std::lround(lines / 45.0)));
}

PlotStyle PlotStyle::of(const QWidget* widget, double scale) {
    PlotStyle s;
    s.scale = std::isfinite(scale) ? std::clamp(scale, 0.25, 6.0) : 1.0;
    s.minTextPx = textFloor(widget);
    const QPalette p = widget ? widget->palette() : QPalette();
    s.background = p.color(QPalette::Base);
    s.text = p.color(QPalette::Text);
    s.dark = s.background.lightnessF() < 0.5;
    // Contrasts chosen for a screen: the grid stays visible (about 1.6:1 against the
    // background on white), the text is the palette's own. A projector washes contrast out,
    // so lecture mode (a text floor) doubles the grid's (about 2.4:1 on white).
    const bool projector = s.minTextPx > 0;
    s.note = mix(s.background, s.text, projector ? 0.85 : 0.72);
    s.axis = mix(s.background, s.text, projector ? 0.6 : 0.45);
    s.tick = mix(s.background, s.text, projector ? 0.7 : 0.6);
    s.grid = mix(s.background, s.text, projector ? 0.34 : 0.2);
    s.zeroLine = mix(s.background, s.text, 0.32);
    s.legendBrush = s.background;
    s.legendBrush.setAlpha(235);
    s.legendBorder = mix(s.background, s.text, 0.25);
    return s;
}

int PlotStyle::px(double size) const {
    return static_cast<int>(std::lround(size * scale));
}

int PlotStyle::textPx(double size) const {
    return std::max({6, px(size), minTextPx});
}

QFont PlotStyle::font(double size) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(textPx(size));
    return f;
}

QFont PlotStyle::widgetFont(const QWidget* widget, double size) const {
    QFont f = widget ? widget->font() : QFont();
    f.setPixelSize(textPx(size));
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

void PlotStyle::fitTickCounts(QCustomPlot* plot, int most) {
    // Room per tick: the widest label seen so far plus two of its heights of gap along
    // x; about three label heights along y.
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis, plot->yAxis2}) {
        if (axis == plot->yAxis2 && !(axis->visible() && axis->tickLabels()))
            continue;
        const QFontMetrics fm(axis->tickLabelFont());
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        int widest = fm.horizontalAdvance(QStringLiteral("-0.000"));
        for (const QString& label : axis->tickVectorLabels())
            widest = std::max(widest, fm.horizontalAdvance(label));
        const double room = horizontal ? widest + 2.0 * fm.height() : 2.6 * fm.height();
        const double length = horizontal ? plot->axisRect()->width() : plot->axisRect()->height();
        if (length <= 0)
            continue;
        // A very short axis (a low plot on a projector) gets a single tick or two.
        const int count = std::clamp(static_cast<int>(length / room), 1, most);
        axis->ticker()->setTickCount(count);
    }
}

void placeLegend(QCustomPlot* plot, QCPLayoutGrid* side, bool inside) {
    if (inside) {
        side->take(plot->legend);
        plot->axisRect()->insetLayout()->addElement(plot->legend, Qt::AlignTop | Qt::AlignRight);
    } else {
        plot->axisRect()->insetLayout()->take(plot->legend);
        side->addElement(0, 0, plot->legend);
    }
}

void placeLegendAbove(QCustomPlot* plot, bool above, Qt::Alignment corner) {
    QCPLayoutGrid* layout = plot->plotLayout();
    const bool isAbove = layout->hasElement(0, 0) && layout->element(0, 0) == plot->legend;
    if (above == isAbove)
        return;
    if (above) {
        plot->axisRect()->insetLayout()->take(plot->legend);
        layout->insertRow(0);
        layout->addElement(0, 0, plot->legend);
        layout->setRowStretchFactor(0, 0.001);
    } else {
        layout->take(plot->legend);
        layout->simplify();
        plot->axisRect()->insetLayout()->addElement(plot->legend, corner);
    }
}

void fitLegendColumns(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    int n = 0; // the entries (itemCount() counts the grid's empty cells too)
    for (int i = 0; i < legend->itemCount(); ++i)
        n += legend->item(i) ? 1 : 0;
    for (int columns = std::max(1, n); columns >= 1; --columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLegend::foColumnsFirst, true);
        if (legend->minimumOuterSizeHint().width() <= plot->width())
            break;
    }
}

} // namespace latentlab
