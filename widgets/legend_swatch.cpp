#include "legend_swatch.h"

#include <QFontMetrics>
#include <utility>

namespace latentlab {

LegendSwatch::LegendSwatch(QCPLegend* legend, QString text, IconPainter icon)
    : QCPAbstractLegendItem(legend), m_text(std::move(text)), m_icon(std::move(icon)) {
    setSelectable(false);
}

void LegendSwatch::setText(const QString& text) { m_text = text; }

void LegendSwatch::setIcon(IconPainter icon) { m_icon = std::move(icon); }

void LegendSwatch::draw(QCPPainter* painter) {
    if (!mParentLegend)
        return;
    painter->setFont(mFont);
    painter->setPen(QPen(mTextColor));
    const QSize iconSize = mParentLegend->iconSize();
    const QRect textRect = painter->fontMetrics().boundingRect(0, 0, 0, iconSize.height(),
                                                               Qt::TextDontClip, m_text);
    const int textHeight = qMax(textRect.height(), iconSize.height());
    painter->drawText(mRect.x() + iconSize.width() + mParentLegend->iconTextPadding(), mRect.y(),
                      textRect.width(), textHeight, Qt::TextDontClip, m_text);
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
    const QFontMetrics metrics(mFont);
    const QRect textRect =
        metrics.boundingRect(0, 0, 0, iconSize.height(), Qt::TextDontClip, m_text);
    return {iconSize.width() + mParentLegend->iconTextPadding() + textRect.width() +
                mMargins.left() + mMargins.right(),
            qMax(textRect.height(), iconSize.height()) + mMargins.top() + mMargins.bottom()};
}

} // namespace latentlab
