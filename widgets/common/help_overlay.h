#pragma once
// HelpOverlay: the keyboard map drawn over the whole window (? or F1), so a lecturer can
// show the class how to drive the view. The rows come from the actions themselves (see
// common/keymap.h), in sections (the whole window, the lesson in front) laid out in as many
// columns as the window needs. Any key or click closes it; closed() lets the window give the
// focus back to the page, so the next key steps again.

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

namespace latentlab {

class HelpOverlay : public QWidget {
    Q_OBJECT
public:
    struct Section {
        QString title;
        QList<QPair<QString, QString>> rows; ///< (keys, what they do)
    };

    explicit HelpOverlay(QWidget* parent);
    void setSections(const QList<Section>& sections);
    const QList<Section>& sections() const { return m_sections; }
    void toggle();

signals:
    void closed();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QList<Section> m_sections;
};

} // namespace latentlab
