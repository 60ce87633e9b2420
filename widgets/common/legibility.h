#pragma once
// Legibility: every piece of text a window shows, with the size it is drawn at, so that a
// test can hold lecture mode to "no text under 18 px at 1280 x 720, 24 px at 1920 x 1080".
// It looks at widgets' fonts (labels, buttons, menu bar and menus, status bar, fields), at
// rich text as laid out (the glyph runs of each block: subscripts at the size Qt draws them),
// and inside QCustomPlots at tick labels, axis labels, legend entries (with their subscripts)
// and text items. Sizes are font pixel sizes (the em), as CSS and Qt's setPixelSize count.

#include <QList>
#include <QString>

class QWidget;

namespace latentlab {

struct TextSample {
    QString where; ///< "QLabel emStatusLine", "MixturePlot tick labels", "menu &File"...
    QString text;  ///< the text, shortened
    double px = 0;
};

/// The text visible in `window` (its own widgets, not other windows) and in its menus.
QList<TextSample> visibleText(QWidget* window);
/// The smallest of visibleText(window) (px 0 and empty where when there is no text).
TextSample smallestText(QWidget* window);
/// Text the window shows cut short: a tab bar whose titles are elided or scrolled out of
/// sight ("Pri..."), a one-line label or a button narrower than its text, a plot's axis
/// label longer than the plot, a wrapped label lower than its lines; and a label, button or
/// field that an ancestor clips (scrolled out of a scroll area's viewport, past the window's
/// edge). `px` is the width or height missing.
/// A scroll area with this property set to true is a list meant to scroll (a row per latent
/// dimension, any number): cutText() leaves the rows it scrolls out of sight alone.
inline constexpr char kScrollingList[] = "latentlabScrollingList";
QList<TextSample> cutText(QWidget* window);

} // namespace latentlab
