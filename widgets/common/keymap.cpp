#include "common/keymap.h"

#include <QAction>
#include <QKeySequence>
#include <QSet>
#include <QVariant>

namespace latentlab {

namespace {
QString keysOf(const QAction* a) {
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts())
        keys << k.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

QString whatItDoes(const QAction* a) {
    const QString tip = a->property("keymapText").toString();
    if (!tip.isEmpty())
        return tip;
    QString text = a->text();
    text.remove(QLatin1Char('&'));
    text.remove(QStringLiteral("…"));
    return text;
}
} // namespace

QList<KeymapRow> keymapRows(const QList<QAction*>& actions) {
    QList<KeymapRow> rows;
    QSet<const QAction*> seen;
    QStringList groupsDone;
    for (const QAction* a : actions) {
        if (!a || seen.contains(a) || a->shortcuts().isEmpty() || !a->isVisible())
            continue;
        seen.insert(a);
        const QString group = a->property("keymapGroup").toString();
        if (group.isEmpty()) {
            rows.append({keysOf(a), whatItDoes(a)});
            continue;
        }
        if (groupsDone.contains(group))
            continue;
        groupsDone << group;
        QStringList keys;
        for (const QAction* b : actions)
            if (b && b->property("keymapGroup").toString() == group && !b->shortcuts().isEmpty())
                keys << b->shortcuts().first().toString(QKeySequence::NativeText);
        rows.append({keys.size() > 2 ? QStringLiteral("%1 … %2").arg(keys.first(), keys.last())
                                     : keys.join(QStringLiteral(", ")),
                     group});
    }
    return rows;
}

} // namespace latentlab
