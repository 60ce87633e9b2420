#include "common/help_overlay.h"

#include <QEvent>
#include <QKeyEvent>
#include <QPainter>

namespace latentlab {

HelpOverlay::HelpOverlay(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    hide();
    parent->installEventFilter(this);
}

void HelpOverlay::setEntries(const QList<QPair<QString, QString>>& entries) {
    m_entries = entries;
    update();
}

void HelpOverlay::toggle() {
    if (isVisible()) {
        hide();
        return;
    }
    setGeometry(parentWidget()->rect());
    raise();
    show();
    setFocus();
}

bool HelpOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void HelpOverlay::keyPressEvent(QKeyEvent*) {
    hide();
}

void HelpOverlay::mousePressEvent(QMouseEvent*) {
    hide();
}

void HelpOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(20, 20, 28, 215));

    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.8);
    title.setBold(true);
    QFont keyFont = font();
    keyFont.setPointSizeF(keyFont.pointSizeF() * 1.25);
    keyFont.setBold(true);
    QFont textFont = font();
    textFont.setPointSizeF(textFont.pointSizeF() * 1.25);

    const QFontMetrics km(keyFont);
    const int rowHeight = km.height() * 3 / 2;
    int keyWidth = 0;
    for (const auto& e : m_entries)
        keyWidth = std::max(keyWidth, km.horizontalAdvance(e.first));
    const int textWidth = 520;
    const int totalHeight = rowHeight * (int(m_entries.size()) + 3);
    const int left = std::max(20, (width() - keyWidth - textWidth - 40) / 2);
    int y = std::max(20, (height() - totalHeight) / 2);

    p.setPen(Qt::white);
    p.setFont(title);
    p.drawText(QRect(0, y, width(), rowHeight * 2), Qt::AlignHCenter | Qt::AlignVCenter,
               tr("Keyboard"));
    y += rowHeight * 2;
    for (const auto& [key, text] : m_entries) {
        p.setFont(keyFont);
        p.setPen(QColor(255, 214, 102));
        p.drawText(QRect(left, y, keyWidth, rowHeight), Qt::AlignRight | Qt::AlignVCenter, key);
        p.setFont(textFont);
        p.setPen(Qt::white);
        p.drawText(QRect(left + keyWidth + 40, y, width() - left - keyWidth - 60, rowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter, text);
        y += rowHeight;
    }
    p.setFont(font());
    p.setPen(QColor(200, 200, 200));
    p.drawText(QRect(0, y + rowHeight / 2, width(), rowHeight), Qt::AlignHCenter,
               tr("Press any key or click to close"));
}

} // namespace latentlab
