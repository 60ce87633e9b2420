#pragma once
// Ten colours for the ten labels of MNIST and Fashion-MNIST: the lecture palette (Tableau 10),
// a colour-blind-safe one (chosen for dichromats on light and dark themes) and a high-contrast one
// for projectors, chosen by the shell's palette setting.

#include "plot/palette.h"

#include <QColor>
#include <QList>

namespace latentlab {

QList<QColor> labelColors(PaletteKind kind);

} // namespace latentlab
