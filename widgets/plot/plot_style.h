#pragma once
// PlotStyle: the one look of every QCustomPlot in LatentLab, derived from the widget's
// QPalette (so a dark system theme gives dark plots with light text) and the type scale
// (lecture mode, Ctrl+Plus). Plots call apply() when they are built, when the scale changes
// and on QEvent::PaletteChange, then style their own series.
//
// Lecture mode on a projector also sets a floor under every text size of the window (the
// shell computes it from the window's height: 18 px at 720 lines, 24 px at 1080, see
// lectureTextPx): font() and widgetFont() never go below it, so tick labels, notes and
// subscripts stay readable from the back of the room, on every page.

#include <QColor>
#include <QFont>
#include <QSize>

class QCPLayoutGrid;
class QCustomPlot;
class QWidget;

namespace latentlab {

struct PlotStyle {
    double scale = 1.0;
    int minTextPx = 0; ///< no text smaller than this (the window's text floor; 0: none)
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

    /// The style for `widget`'s palette at `scale`, with its window's text floor.
    static PlotStyle of(const QWidget* widget, double scale);

    /// The smallest text size in pixels a window asks of everything in it (0: no floor).
    /// The shell sets it in lecture mode; pages read it through of() or textFloor().
    static int textFloor(const QWidget* widget);
    static void setTextFloor(QWidget* window, int px);
    /// The lecture-mode text size for a window of `size`: a 45th of its height (of 3/4 of
    /// its width when that is smaller), and never under 18 px: 18 px at 1280 x 720 and
    /// 1024 x 768, 22 px at 1600 x 1000, 24 px at 1920 x 1080.
    static int lectureTextPx(QSize size);
    /// The font size text of normal weight is designed at (scale 1), in pixels.
    static constexpr double kBaseTextPx = 13.0;

    /// Pixels for a size designed at scale 1.
    int px(double size) const;
    /// Pixels for a text size designed at scale 1: px(size), but at least minTextPx.
    int textPx(double size) const;
    /// The plots' font (DejaVu Sans, bundled with the platform fonts) at `size` pixels at
    /// scale 1 (never under minTextPx).
    QFont font(double size) const;
    /// `widget`'s own font family at `size` pixels at scale 1 (never under minTextPx), for
    /// labels, text panels and buttons of a page.
    QFont widgetFont(const QWidget* widget, double size) const;
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

    /// Sets the tick count of the plot's bottom and left axes (and the right one when it is
    /// labelled) from their length and the
    /// width of their labels, so that tick labels never crowd (call before a replot, e.g.
    /// from updateLayout; at most `most` ticks).
    static void fitTickCounts(QCustomPlot* plot, int most = 8);
};

/// Moves the plot's legend between a side column of its own (`side`, cell 0,0) and the axis
/// rectangle's top right corner (`inside`: lecture mode, the plot takes the width).
void placeLegend(QCustomPlot* plot, QCPLayoutGrid* side, bool inside);

/// Moves the plot's legend between a row of its own above the axis rectangle (`above`: a
/// small plot in a narrow column, whose curves leave no corner free) and the axis
/// rectangle's `corner`.
void placeLegendAbove(QCustomPlot* plot, bool above, Qt::Alignment corner);

/// A legend in a row of its own (placeLegendAbove): as many entries a row as fit the plot's
/// width, one row when they all fit. Call from updateLayout, before QCustomPlot's.
void fitLegendColumns(QCustomPlot* plot);

} // namespace latentlab
