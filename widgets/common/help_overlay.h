#pragma once
// HelpOverlay: the keyboard map drawn over the whole window (? or F1), so a lecturer can
// show the class how to drive the view. Any key or click closes it.

#include <QList>
#include <QPair>
#include <QWidget>

namespace latentlab {

class HelpOverlay : public QWidget {
    Q_OBJECT
public:
    /// `keys`: (shortcut, what it does) rows, in display order.
    explicit HelpOverlay(QWidget* parent);
    void setEntries(const QList<QPair<QString, QString>>& entries);
    void toggle();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<QPair<QString, QString>> m_entries;
};

} // namespace latentlab
