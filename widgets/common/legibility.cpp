#include "common/legibility.h"

#include "plot/legend_swatch.h"
#include "plot/qcp.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QFontInfo>
#include <QGlyphRun>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QRawFont>
#include <QSlider>
#include <QStatusBar>
#include <QTabBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextLayout>
#include <algorithm>

namespace latentlab {

namespace {

QString nameOf(const QObject* o) {
    const QString cls = QString::fromLatin1(o->metaObject()->className());
    return o->objectName().isEmpty() ? cls : cls + ' ' + o->objectName();
}

double px(const QFont& f) {
    return QFontInfo(f).pixelSize();
}

void add(QList<TextSample>& out, const QString& where, const QString& text, double size) {
    if (text.trimmed().isEmpty())
        return;
    out << TextSample{where, text.left(40), size};
}

/// The glyph runs of a laid-out document: the sizes Qt really draws (sub- and superscripts
/// at two thirds, headings larger).
void addDocument(QList<TextSample>& out, const QString& where, QTextDocument* doc) {
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        QTextLayout* layout = b.layout();
        if (!layout || b.text().trimmed().isEmpty())
            continue;
        for (const QGlyphRun& run : layout->glyphRuns()) {
            if (run.glyphIndexes().isEmpty())
                continue;
            // The text of the run's characters is not exposed: name the block.
            add(out, where, b.text(), run.rawFont().pixelSize());
        }
    }
}

void addPlot(QList<TextSample>& out, QCustomPlot* plot) {
    const QString name = nameOf(plot);
    for (QCPAxisRect* rect : plot->axisRects())
        for (QCPAxis* axis : rect->axes()) {
            if (!axis->visible())
                continue;
            if (axis->tickLabels() && !axis->tickVectorLabels().isEmpty())
                add(out, name + " tick labels", axis->tickVectorLabels().join(' '),
                    px(axis->tickLabelFont()));
            add(out, name + " axis label", axis->label(), px(axis->labelFont()));
        }
    for (int i = 0; i < plot->layerCount(); ++i)
        for (QCPLayerable* l : plot->layer(i)->children()) {
            if (!l->realVisibility())
                continue;
            if (auto* t = qobject_cast<QCPItemText*>(l))
                add(out, name + " text", t->text(), px(t->font()));
            else if (auto* e = qobject_cast<QCPTextElement*>(l))
                add(out, name + " text", e->text(), px(e->font()));
        }
    QCPLegend* legend = plot->legend;
    if (legend && legend->realVisibility())
        for (int i = 0; i < legend->itemCount(); ++i) {
            QCPAbstractLegendItem* item = legend->item(i);
            if (auto* s = qobject_cast<LegendSwatch*>(item)) {
                add(out, name + " legend", s->text(), px(s->font()));
                if (s->text().contains(QLatin1String("_{")))
                    add(out, name + " legend subscript", s->text(), px(s->subscriptFont()));
            } else if (auto* p = qobject_cast<QCPPlottableLegendItem*>(item)) {
                add(out, name + " legend", p->plottable()->name(), px(p->font()));
            }
        }
}

/// A label, a button, a field or a plot: what a reader must see whole.
bool showsText(const QWidget* w) {
    if (qobject_cast<const QCustomPlot*>(w))
        return true;
    if (auto* label = qobject_cast<const QLabel*>(w))
        return !label->text().isEmpty();
    if (auto* button = qobject_cast<const QAbstractButton*>(w))
        return !button->text().isEmpty();
    return qobject_cast<const QLineEdit*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QSlider*>(w) ||
           qobject_cast<const QProgressBar*>(w);
}

QString textOf(const QWidget* w) {
    if (auto* edit = qobject_cast<const QLineEdit*>(w))
        return edit->text();
    if (auto* spin = qobject_cast<const QAbstractSpinBox*>(w))
        return spin->text();
    if (auto* combo = qobject_cast<const QComboBox*>(w))
        return combo->currentText();
    return w->toolTip().isEmpty() ? w->objectName() : w->toolTip();
}

/// How much of `w` its ancestors up to `window` hide (a scroll area's viewport, a panel
/// squeezed below its contents, the window's edge): the larger of the width and the height
/// missing, all of it when nothing shows.
int clippedBy(const QWidget* w, const QWidget* window) {
    QRect shown = w->rect();
    for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget()) {
        if (p->property(kScrollingList).toBool())
            return 0;
        shown &= QRect(w->mapFrom(p, QPoint(0, 0)), p->size());
        if (p == window)
            break;
    }
    if (shown.isEmpty())
        return std::max(w->width(), w->height());
    return std::max(w->width() - shown.width(), w->height() - shown.height());
}

} // namespace

QList<TextSample> visibleText(QWidget* window) {
    QList<TextSample> out;
    QList<QWidget*> widgets = window->findChildren<QWidget*>();
    widgets.prepend(window);
    for (QWidget* w : widgets) {
        if (w->window() != window || !w->isVisible())
            continue;
        const QString name = nameOf(w);
        if (auto* plot = qobject_cast<QCustomPlot*>(w)) {
            addPlot(out, plot);
        } else if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->textFormat() == Qt::RichText || Qt::mightBeRichText(label->text())) {
                QTextDocument doc;
                doc.setDefaultFont(label->font());
                doc.setHtml(label->text());
                doc.setTextWidth(label->width());
                (void)doc.size(); // lays it out
                addDocument(out, name, &doc);
            } else {
                add(out, name, label->text(), px(label->font()));
            }
        } else if (auto* browser = qobject_cast<QTextEdit*>(w)) {
            (void)browser->document()->size();
            addDocument(out, name, browser->document());
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            add(out, name, button->text(), px(button->font()));
        } else if (auto* bar = qobject_cast<QMenuBar*>(w)) {
            for (QAction* a : bar->actions())
                if (a->isVisible())
                    add(out, name, a->text(), px(bar->font()));
        } else if (auto* status = qobject_cast<QStatusBar*>(w)) {
            add(out, name, status->currentMessage(), px(status->font()));
        } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
            add(out, name, combo->currentText(), px(combo->font()));
        } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
            add(out, name, edit->text(), px(edit->font()));
        } else if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(out, name, tabs->tabText(i), px(tabs->font()));
        }
    }
    // Menus are windows of their own, shown on demand: the text they would show.
    for (QMenu* menu : window->findChildren<QMenu*>())
        for (QAction* a : menu->actions())
            if (a->isVisible() && !a->isSeparator())
                add(out, "menu " + menu->title(), a->text(), px(menu->font()));
    return out;
}

TextSample smallestText(QWidget* window) {
    TextSample best;
    for (const TextSample& s : visibleText(window))
        if (best.where.isEmpty() || s.px < best.px)
            best = s;
    return best;
}

QList<TextSample> cutText(QWidget* window) {
    QList<TextSample> out;
    QList<QWidget*> widgets = window->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        if (w->window() != window || !w->isVisible())
            continue;
        int missing = 0;
        QString text;
        if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            // sizeHint() is the width of the whole titles; less than that elides or scrolls.
            missing = tabs->sizeHint().width() - tabs->width();
            for (int i = 0; i < tabs->count(); ++i)
                text += (i ? " | " : "") + tabs->tabText(i);
        } else if (auto* label = qobject_cast<QLabel*>(w)) {
            // One line narrower than its text, or wrapped lines lower than they need.
            if (!label->text().isEmpty() && label->pixmap().isNull())
                missing = label->wordWrap()
                              ? label->heightForWidth(label->width()) - label->height()
                              : label->minimumSizeHint().width() - label->width();
            text = label->text();
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            if (!button->text().isEmpty())
                missing = button->minimumSizeHint().width() - button->width();
            text = button->text();
        } else if (auto* plot = qobject_cast<QCustomPlot*>(w)) {
            // An axis label longer than the plot is along that axis.
            for (QCPAxisRect* rect : plot->axisRects())
                for (QCPAxis* axis : rect->axes()) {
                    if (!axis->visible() || axis->label().isEmpty())
                        continue;
                    const int along =
                        axis->orientation() == Qt::Horizontal ? plot->width() : plot->height();
                    const int need =
                        QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label());
                    if (need - along > missing) {
                        missing = need - along;
                        text = axis->label();
                    }
                }
        }
        if (missing <= 0 && showsText(w)) {
            missing = clippedBy(w, window);
            if (text.isEmpty())
                text = textOf(w);
        }
        if (missing > 0)
            out << TextSample{nameOf(w), text.left(60), double(missing)};
    }
    return out;
}

} // namespace latentlab
