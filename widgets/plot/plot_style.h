#pragma once
// PlotStyle: the one look of every QCustomPlot in LatentLab, derived from the widget's
// QPalette (so a dark system theme gives dark plots with light text) and the type scale
// (lecture mode, Ctrl+Plus). Plots call apply() when they are built, when the scale changes
// and on QEvent::PaletteChange, then style their own series.

#include <QColor>
#include <QFont>

class QCustomPlot;
class QWidget;

namespace latentlab {

struct PlotStyle {
    double scale = 1.0;
    bool dark = false;
    QColor background; ///< plot and axis-rect background (QPalette::Base)
    QColor text;       ///< tick labels, axis labels, legend text (QPalette::Text)
    QColor note;       ///< secondary text: captions, "drawn to scale" notes
    QColor axis;       ///< axis base line
    QColor tick;       ///< tick marks
    QColor grid;       ///< grid lines, visible on a projector
    QColor zeroLine;
    QColor legendBrush;
    QColor legendBorder;

    /// The style for `widget`'s palette at `scale`.
    static PlotStyle of(const QWidget* widget, double scale);

    /// Pixels for a size designed at scale 1.
    int px(double size) const;
    /// The plots' font (DejaVu Sans, bundled with the platform fonts) at `size` pixels at
    /// scale 1.
    QFont font(double size) const;
    QFont tickFont() const { return font(13); }
    QFont labelFont() const { return font(15); }
    QFont legendFont() const { return font(14); }
    /// A line width designed at scale 1 (never under 1 pixel).
    double pen(double width = 1.0) const;
    /// A series colour chosen for a white background, adjusted to stay visible on this one.
    QColor series(const QColor& onWhite) const;

    /// Background, the four axes of the main axis rect (ticks, labels and grid on the
    /// bottom and left axes), margins and the legend's frame.
    void apply(QCustomPlot* plot) const;
};

} // namespace latentlab
