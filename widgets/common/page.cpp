#include "common/page.h"

#include "common/document.h"
#include "common/error.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QFont>
#include <QKeySequence>
#include <QMenu>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>

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

QAction* makePageAction(QWidget* owner, QMenu* menu, const QString& text,
                        const QList<QKeySequence>& keys, const QString& tip, const QString& name) {
    QAction* a = menu ? menu->addAction(text) : new QAction(text, owner);
    if (menu)
        a->setParent(owner); // the page owns it, whatever menu shows it
    a->setShortcuts(keys);
    a->setObjectName(name);
    setShortcutTip(a, tip);
    owner->addAction(a);
    return a;
}

void addPresetMenu(QMenu* menu, const std::vector<std::pair<std::string, std::string>>& presets,
                   const QString& objectPrefix, QObject* context,
                   const std::function<void(const QString&)>& load) {
    QMenu* sub = menu->addMenu(QObject::tr("&Presets"));
    for (const auto& [id, description] : presets) {
        const QString name = QString::fromStdString(id);
        const QString text = QString::fromStdString(description);
        QAction* a = sub->addAction(QStringLiteral("%1 — %2").arg(name, text));
        a->setObjectName(objectPrefix + name);
        a->setStatusTip(text);
        QObject::connect(a, &QAction::triggered, context, [load, name] { load(name); });
    }
}

void saveCsvDialog(Page* page, const std::function<void(const QString&)>& save) {
    const QString path = QFileDialog::getSaveFileName(page, QObject::tr("Save points as CSV"),
                                                      QString(), QObject::tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    try {
        save(path);
    } catch (const std::exception& e) {
        emit page->error(QObject::tr("Cannot save CSV"), QString::fromUtf8(e.what()));
    }
}

QString csvFileFilter() {
    return QObject::tr("CSV files of 2D points (*.csv *.txt *.tsv)");
}

bool isCsvFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "csv" || suffix == "txt" || suffix == "tsv";
}

QFont scaledFont(QFont base, double scale) {
    base.setPointSizeF(std::max(6.0, 10.0 * scale));
    return base;
}

QTextBrowser* fillWithTextPanel(QWidget* owner) {
    auto* text = new QTextBrowser(owner);
    auto* layout = new QVBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(text);
    text->setOpenLinks(false);
    text->setFocusPolicy(Qt::NoFocus);
    text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return text;
}

QString plainTextOf(const QString& html) {
    QTextDocument doc;
    doc.setHtml(html);
    return doc.toPlainText();
}

} // namespace latentlab
