#include "vae/drawing_pad.h"

#include "vae/digit_canvas.h"
#include "vae/vae_document.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

namespace latentlab {

DrawingPad::DrawingPad(VaeDocument* document, QWidget* parent) : QWidget(parent), m_doc(document) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setCursor(Qt::CrossCursor);
    setMinimumSize(96, 96);
    setToolTip(tr("Draw a digit with the mouse: it is centred and scaled as MNIST digits were, "
                  "encoded while you draw, and its posterior appears on the plane"));
    connect(m_doc, &VaeDocument::drawingChanged, this, &DrawingPad::refresh);
    refresh();
}

QSize DrawingPad::sizeHint() const {
    return QSize(196, 196);
}

QRect DrawingPad::padRect() const {
    const int side = std::min(width(), height());
    return QRect((width() - side) / 2, (height() - side) / 2, side, side);
}

Eigen::Vector2d DrawingPad::toPad(const QPointF& pixel) const {
    const QRect r = padRect();
    return {std::clamp((pixel.x() - r.left()) / std::max(1, r.width()), 0.0, 1.0),
            std::clamp((pixel.y() - r.top()) / std::max(1, r.height()), 0.0, 1.0)};
}

void DrawingPad::refresh() {
    // The ink as the brush paints it, at the canvas resolution the digit is made from.
    const std::vector<float>& canvas = m_doc->padCanvas();
    if (canvas.size() != std::size_t(kPadCanvasSide * kPadCanvasSide))
        return;
    m_ink = QImage(kPadCanvasSide, kPadCanvasSide, QImage::Format_Grayscale8);
    for (int y = 0; y < kPadCanvasSide; ++y) {
        uchar* line = m_ink.scanLine(y);
        for (int x = 0; x < kPadCanvasSide; ++x)
            line[x] = uchar(std::lround(255.f * canvas[std::size_t(y * kPadCanvasSide + x)]));
    }
    update();
}

void DrawingPad::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect r = padRect();
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(r, m_ink);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawRect(r.adjusted(0, 0, -1, -1));
    if (m_doc->strokes().empty() && !m_doc->drawing()) {
        p.setPen(QColor(160, 160, 160));
        p.drawText(r, Qt::AlignCenter | Qt::TextWordWrap, tr("draw a digit here"));
    }
}

void DrawingPad::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        m_doc->beginStroke(toPad(event->position()));
}

void DrawingPad::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton)
        m_doc->extendStroke(toPad(event->position()));
}

void DrawingPad::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        m_doc->endStroke();
}

} // namespace latentlab
