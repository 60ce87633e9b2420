#include "plot/legend_swatch.h"

#include "plot/plot_style.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QStringList>
#include <QtMath>
#include <algorithm>
#include <utility>

namespace latentlab {

LegendSwatch::LegendSwatch(QCPLegend* legend, QString text, IconPainter icon)
    : QCPAbstractLegendItem(legend), m_text(std::move(text)), m_icon(std::move(icon)) {
    setSelectable(false);
}

void LegendSwatch::setText(const QString& text) { m_text = text; }

void LegendSwatch::setIcon(IconPainter icon) { m_icon = std::move(icon); }

std::vector<LegendSwatch::Run> LegendSwatch::runs(const QString& text) {
    std::vector<Run> out;
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("_{"), at);
        const qsizetype close = open < 0 ? -1 : text.indexOf(QLatin1Char('}'), open + 2);
        if (close < 0) { // no (complete) subscript left: the rest is plain text
            out.push_back({text.mid(at), false});
            break;
        }
        if (open > at)
            out.push_back({text.mid(at, open - at), false});
        out.push_back({text.mid(open + 2, close - open - 2), true});
        at = close + 1;
    }
    return out;
}

QFont LegendSwatch::subscriptFont() const {
    QFont f = mFont;
    const int floor = PlotStyle::textFloor(mParentPlot);
    if (f.pointSizeF() > 0 && floor <= 0)
        f.setPointSizeF(f.pointSizeF() * 0.72);
    else
        f.setPixelSize(std::max({1, qRound(QFontInfo(mFont).pixelSize() * 0.72), floor}));
    return f;
}

// Per line: the width of its runs; the height is the main font's line spacing per line plus
// the last line's subscript drop below its baseline.
QSize LegendSwatch::textSize() const {
    const QFontMetricsF main(mFont), sub(subscriptFont());
    double width = 0;
    bool lastHasSubscript = false;
    const QStringList lines = m_text.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        double w = 0;
        lastHasSubscript = false;
        for (const Run& r : runs(line)) {
            w += (r.subscript ? sub : main).horizontalAdvance(r.text);
            lastHasSubscript = lastHasSubscript || r.subscript;
        }
        width = qMax(width, w);
    }
    const double drop =
        lastHasSubscript ? qMax(0.0, 0.3 * main.ascent() + sub.descent() - main.descent()) : 0.0;
    return {qCeil(width), qCeil(main.height() + (lines.size() - 1) * main.lineSpacing() + drop)};
}

void LegendSwatch::draw(QCPPainter* painter) {
    if (!mParentLegend)
        return;
    painter->setPen(QPen(mTextColor));
    const QSize iconSize = mParentLegend->iconSize();
    const QSize text = textSize();
    const int textHeight = qMax(text.height(), iconSize.height());
    const QFontMetricsF main(mFont);
    // The text block (with the subscripts' drop) is centred on the row; subscripts sit 0.3
    // ascent below the baseline.
    const double baseline = mRect.y() + (textHeight - text.height()) / 2.0 + main.ascent();
    const double left = mRect.x() + iconSize.width() + mParentLegend->iconTextPadding();
    const QFont sub = subscriptFont();
    const QFontMetricsF subMetrics(sub);
    const QStringList lines = m_text.split(QLatin1Char('\n'));
    for (qsizetype l = 0; l < lines.size(); ++l) {
        double x = left;
        const double y = baseline + l * main.lineSpacing();
        for (const Run& r : runs(lines[l])) {
            painter->setFont(r.subscript ? sub : mFont);
            painter->drawText(QPointF(x, y + (r.subscript ? 0.3 * main.ascent() : 0.0)), r.text);
            x += (r.subscript ? subMetrics : main).horizontalAdvance(r.text);
        }
    }
    const QRectF iconRect(mRect.topLeft() + QPointF(0, (textHeight - iconSize.height()) / 2.0),
                          iconSize);
    if (m_icon) {
        painter->save();
        painter->setClipRect(iconRect.adjusted(-2, -2, 2, 2));
        painter->setAntialiasing(true);
        m_icon(painter, iconRect);
        painter->restore();
    }
}

QSize LegendSwatch::minimumOuterSizeHint() const {
    if (!mParentLegend)
        return {};
    const QSize iconSize = mParentLegend->iconSize();
    const QSize text = textSize();
    return {iconSize.width() + mParentLegend->iconTextPadding() + text.width() + mMargins.left() +
                mMargins.right(),
            qMax(text.height(), iconSize.height()) + mMargins.top() + mMargins.bottom()};
}

} // namespace latentlab
