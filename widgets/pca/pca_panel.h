#pragma once
// PcaPanel: what the PCA lesson's 2D panels (the generative story, EM for PPCA, the linear
// autoencoder) share: a side widget (text and a plot, right of the picture), a bar under the
// picture (controls), a main text, and actions that belong to the page (their shortcuts live
// while the page is in front) and tell the panel they were used, so the page brings the
// panel to the front (Space steps EM even while the manifold shows; the EM panel appears).

#include "common/page.h"

#include <QAction>
#include <QLabel>
#include <QObject>
#include <QTimer>
#include <QVBoxLayout>
#include <QWidget>

namespace latentlab {

class PcaDocument;

class PcaPanel : public QObject {
    Q_OBJECT
public:
    PcaPanel(PcaDocument* document, QWidget* parent)
        : QObject(parent), m_doc(document), m_side(new QWidget(parent)),
          m_text(new QLabel(m_side)) {
        m_text->setWordWrap(true);
        m_text->setTextFormat(Qt::RichText);
        m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        // Long sentences wrap instead of widening the side column.
        m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }

    QWidget* side() const { return m_side; }
    /// The controls under the picture.
    virtual QWidget* bar() const = 0;
    /// The side text as plain text (tests, accessibility).
    QString text() const { return plainTextOf(m_text->text()); }
    /// Type and line size (1 = normal).
    virtual void setScale(double scale) {
        m_text->setFont(scaledFont(m_side->font(), scale));
        bar()->setFont(scaledFont(m_side->font(), scale));
    }

signals:
    void used();

protected:
    /// The side widget: the text above `below` (a plot, or a stretch when null).
    void layOutSide(QWidget* below) {
        auto* layout = new QVBoxLayout(m_side);
        layout->setContentsMargins(6, 6, 6, 6);
        layout->addWidget(m_text);
        if (below)
            layout->addWidget(below, 1);
        else
            layout->addStretch(1);
    }

protected:
    template <typename Slot>
    QAction* action(QWidget* owner, const QString& text, const QList<QKeySequence>& keys,
                    const QString& tip, const char* name, Slot slot) {
        QAction* a = makePageAction(owner, nullptr, text, keys, tip, QString::fromLatin1(name));
        connect(a, &QAction::triggered, this, [this, slot](bool on) {
            emit used();
            slot(on);
        });
        return a;
    }
    /// Starts or stops a play timer and keeps its (checkable) action in step.
    static void runTimer(QTimer* timer, QAction* play, bool on, int intervalMs) {
        if (on == timer->isActive())
            return;
        if (on)
            timer->start(intervalMs);
        else
            timer->stop();
        play->setChecked(on);
    }

    PcaDocument* m_doc;
    QWidget* m_side;
    QLabel* m_text;
};

} // namespace latentlab
