#pragma once
// LegendSwatch: a legend row with a custom-drawn icon and a text, for legend entries that are
// not plottables (a component's colour and cross, an ellipse radius with its mass, the E/M
// markers of the log-likelihood plot). The text may hold subscripts written "_{...}": the
// lecture's component names k_{r}, k_{b}, k_{g} are drawn as k with a lowered, smaller r;
// and several lines, separated by '\n', so that long entries keep the legend narrow.

#include "plot/qcp.h"

#include <QFont>
#include <QString>
#include <functional>
#include <vector>

namespace latentlab {

class LegendSwatch : public QCPAbstractLegendItem {
    Q_OBJECT
public:
    using IconPainter = std::function<void(QCPPainter*, const QRectF&)>;

    LegendSwatch(QCPLegend* legend, QString text, IconPainter icon);

    void setText(const QString& text);
    QString text() const { return m_text; }
    void setIcon(IconPainter icon);
    /// The font of the subscripts: 0.72 of the text's, but never under the window's text
    /// floor (PlotStyle::textFloor).
    QFont subscriptFont() const;

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    struct Run {
        QString text;
        bool subscript = false;
    };
    static std::vector<Run> runs(const QString& text);
    QSize textSize() const;

    QString m_text;
    IconPainter m_icon;
};

} // namespace latentlab
