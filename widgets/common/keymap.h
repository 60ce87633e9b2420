#pragma once
// The keyboard map is generated from the actions themselves, so a shortcut is written once:
// where the action is made. Each action with a shortcut gives one row (its keys, and its
// text, or its "keymapText" property when the text alone would not say it); actions that
// share a "keymapGroup" property (K = 1 ... 8, the lessons) give one row "first … last".

#include <QList>
#include <QPair>
#include <QString>

class QAction;

namespace latentlab {

using KeymapRow = QPair<QString, QString>; ///< (keys, what they do)

QList<KeymapRow> keymapRows(const QList<QAction*>& actions);

} // namespace latentlab
