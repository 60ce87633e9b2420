#include "common/help_overlay.h"

#include <QEvent>
#include <QKeyEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
/// `f` at `factor` times its size, whether it is set in points or in pixels (lecture mode
/// sets pixels).
QFont scaled(QFont f, double factor) {
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * factor);
    else
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * factor))));
    return f;
}
} // namespace

HelpOverlay::HelpOverlay(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    hide();
    parent->installEventFilter(this);
}

void HelpOverlay::setSections(const QList<Section>& sections) {
    m_sections = sections;
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

void HelpOverlay::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    emit closed();
}

void HelpOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(20, 20, 28, 225));

    QFont title = scaled(font(), 1.8);
    title.setBold(true);
    QFont heading = scaled(font(), 1.35);
    heading.setBold(true);
    QFont keyFont = scaled(font(), 1.2);
    keyFont.setBold(true);
    QFont textFont = scaled(font(), 1.2);

    // Lay the sections out in columns: a section starts a new column when it would not fit
    // under the previous one.
    const QFontMetrics km(keyFont), tm(textFont), hm(heading);
    const int rowHeight = km.height() * 4 / 3;
    const int headHeight = hm.height() * 2;
    const int titleHeight = QFontMetrics(title).height() * 2;
    const int footer = rowHeight * 2;
    const int available = std::max(rowHeight * 4, height() - titleHeight - footer - 20);
    struct Column {
        QList<int> sections;
        int height = 0;
        int keyWidth = 0;
        int textWidth = 0;
    };
    QList<Column> columns(1);
    for (int i = 0; i < m_sections.size(); ++i) {
        const Section& s = m_sections[i];
        const int h = headHeight + rowHeight * int(s.rows.size());
        if (!columns.last().sections.isEmpty() && columns.last().height + h > available)
            columns.append(Column{});
        Column& c = columns.last();
        c.sections << i;
        c.height += h;
        for (const auto& [key, text] : s.rows) {
            c.keyWidth = std::max(c.keyWidth, km.horizontalAdvance(key));
            c.textWidth = std::max(c.textWidth, tm.horizontalAdvance(text));
        }
        c.textWidth = std::max(c.textWidth, hm.horizontalAdvance(s.title) - c.keyWidth);
    }
    const int gap = km.horizontalAdvance(QStringLiteral("MM"));
    int total = 0, tallest = 0;
    for (const Column& c : columns) {
        total += c.keyWidth + gap / 2 + c.textWidth;
        tallest = std::max(tallest, c.height);
    }
    total += gap * (int(columns.size()) - 1);
    int x = std::max(10, (width() - total) / 2);
    const int top = std::max(10, (height() - tallest - titleHeight - footer) / 2);

    p.setPen(Qt::white);
    p.setFont(title);
    p.drawText(QRect(0, top, width(), titleHeight), Qt::AlignHCenter | Qt::AlignVCenter,
               tr("Keyboard"));
    for (const Column& c : columns) {
        int y = top + titleHeight;
        for (int i : c.sections) {
            const Section& s = m_sections[i];
            p.setFont(heading);
            p.setPen(QColor(160, 200, 255));
            p.drawText(QRect(x, y, c.keyWidth + gap / 2 + c.textWidth, headHeight),
                       Qt::AlignLeft | Qt::AlignBottom, s.title);
            y += headHeight;
            for (const auto& [key, text] : s.rows) {
                p.setFont(keyFont);
                p.setPen(QColor(255, 214, 102));
                p.drawText(QRect(x, y, c.keyWidth, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                           key);
                p.setFont(textFont);
                p.setPen(Qt::white);
                p.drawText(QRect(x + c.keyWidth + gap / 2, y, c.textWidth + 4, rowHeight),
                           Qt::AlignLeft | Qt::AlignVCenter, text);
                y += rowHeight;
            }
        }
        x += c.keyWidth + gap / 2 + c.textWidth + gap;
    }
    p.setFont(font());
    p.setPen(QColor(200, 200, 200));
    p.drawText(QRect(0, top + titleHeight + tallest + rowHeight / 2, width(), rowHeight),
               Qt::AlignHCenter, tr("Press any key or click to close"));
}

} // namespace latentlab
