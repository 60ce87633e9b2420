#pragma once
// LegendSwatch: a legend row with a custom-drawn icon and a text, for legend entries that are
// not plottables (a component's colour and cross, an ellipse radius with its mass, the E/M
// markers of the log-likelihood plot).

#include "qcp.h"

#include <QString>
#include <functional>

namespace latentlab {

class LegendSwatch : public QCPAbstractLegendItem {
    Q_OBJECT
public:
    using IconPainter = std::function<void(QCPPainter*, const QRectF&)>;

    LegendSwatch(QCPLegend* legend, QString text, IconPainter icon);

    void setText(const QString& text);
    QString text() const { return m_text; }
    void setIcon(IconPainter icon);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    QString m_text;
    IconPainter m_icon;
};

} // namespace latentlab
