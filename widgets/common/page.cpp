#include "common/page.h"

#include "common/document.h"
#include "common/error.h"

#include <QAction>
#include <QKeySequence>

namespace latentlab {

void Page::openFile(const QString& path) {
    throw FileError(path.toStdString(), title().toStdString() + " does not open this kind of file");
}

void Page::finishWork() {
    if (Document* d = document())
        d->cancelWork();
}

void setShortcutTip(QAction* action, const QString& tip) {
    QStringList keys;
    for (const QKeySequence& k : action->shortcuts())
        keys << k.toString(QKeySequence::NativeText);
    const QString text = keys.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keys.join(", "));
    action->setToolTip(text);
    action->setStatusTip(text);
}

} // namespace latentlab
