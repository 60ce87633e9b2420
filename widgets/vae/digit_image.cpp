#include "vae/digit_image.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace latentlab {

std::uint8_t greyLevel(float p) {
    return std::uint8_t(std::lround(255.0 * std::clamp(double(p), 0.0, 1.0)));
}

QImage greyImage(const float* values, int w, int h) {
    QImage img(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < w; ++x)
            line[x] = greyLevel(values[y * w + x]);
    }
    return img;
}

QImage greyImage(const std::uint8_t* pixels, int w, int h) {
    QImage img(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y)
        std::copy(pixels + y * w, pixels + (y + 1) * w, img.scanLine(y));
    return img;
}

QImage mosaicImage(const Eigen::MatrixXf& tiles, int columns, int gap) {
    const int side = int(std::lround(std::sqrt(double(tiles.rows()))));
    const int n = int(tiles.cols());
    if (n == 0 || side * side != tiles.rows() || columns < 1)
        return {};
    const int rows = (n + columns - 1) / columns;
    QImage img(columns * side + (columns - 1) * gap, rows * side + (rows - 1) * gap,
               QImage::Format_Grayscale8);
    img.fill(0);
    for (int k = 0; k < n; ++k) {
        const int x0 = (k % columns) * (side + gap), y0 = (k / columns) * (side + gap);
        for (int y = 0; y < side; ++y) {
            uchar* line = img.scanLine(y0 + y) + x0;
            for (int x = 0; x < side; ++x)
                line[x] = greyLevel(tiles(y * side + x, k));
        }
    }
    return img;
}

DigitImage::DigitImage(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void DigitImage::setImage(const QImage& image) {
    const bool resized = image.size() != m_image.size();
    m_image = image;
    m_scaled = QImage();
    if (resized)
        updateGeometry();
    update();
}

void DigitImage::setCaption(const QString& caption) {
    if (caption == m_caption)
        return;
    m_caption = caption;
    updateGeometry();
    update();
}

void DigitImage::setPreferredScale(int scale) {
    m_preferredScale = std::max(1, scale);
    updateGeometry();
}

void DigitImage::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

int DigitImage::captionHeight() const {
    return m_caption.isEmpty() ? 0 : fontMetrics().height() * (int(m_caption.count('\n')) + 1) + 2;
}

int DigitImage::shownScale() const {
    if (m_image.isNull())
        return 1;
    const int h = height() - captionHeight();
    return std::max(1, std::min(width() / m_image.width(), h / m_image.height()));
}

QRect DigitImage::imageRect() const {
    if (m_image.isNull())
        return {};
    QSize size = m_image.size() * shownScale();
    const int h = height() - captionHeight();
    if (m_shrinkable && (width() < m_image.width() || h < m_image.height()))
        size =
            m_image.size().scaled(QSize(std::max(1, width()), std::max(1, h)), Qt::KeepAspectRatio);
    const int free = height() - captionHeight() - size.height();
    return QRect(QPoint((width() - size.width()) / 2, std::max(0, free / 2)), size);
}

QSize DigitImage::sizeHint() const {
    const QSize img = m_image.isNull() ? QSize(28, 28) : m_image.size();
    return QSize(img.width() * m_preferredScale, img.height() * m_preferredScale + captionHeight());
}

void DigitImage::setMinimumScale(int scale) {
    m_minimumScale = std::max(1, scale);
    updateGeometry();
}

void DigitImage::setShrinkable(bool on) {
    m_shrinkable = on;
    updateGeometry();
    update();
}

QSize DigitImage::minimumSizeHint() const {
    QSize img = m_image.isNull() ? QSize(28, 28) : m_image.size();
    if (m_shrinkable)
        img = (img / 2).expandedTo(QSize(28, 28));
    img *= m_minimumScale;
    return QSize(img.width(), img.height() + captionHeight());
}

void DigitImage::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect r = imageRect();
    if (!m_image.isNull()) {
        // Whole-number scale without smoothing: each model pixel a sharp square. Scaled once
        // into the screen's format, so a repaint is a plain copy.
        if (m_scaled.size() != r.size()) {
            const bool below = r.width() < m_image.width(); // shrunk (setShrinkable): smooth
            m_scaled = m_image
                           .scaled(r.size(), Qt::IgnoreAspectRatio,
                                   below ? Qt::SmoothTransformation : Qt::FastTransformation)
                           .convertToFormat(QImage::Format_RGB32);
        }
        p.drawImage(r.topLeft(), m_scaled);
    } else {
        const int side = std::min(width(), height() - captionHeight());
        const QRect box((width() - side) / 2, 0, side, side);
        p.fillRect(box, palette().color(QPalette::AlternateBase));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(box.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }
    if (!m_caption.isEmpty()) {
        p.setPen(palette().color(QPalette::WindowText));
        const int top =
            m_image.isNull() ? std::min(width(), height() - captionHeight()) : r.bottom() + 1;
        p.drawText(QRect(0, top + 1, width(), captionHeight()), Qt::AlignHCenter | Qt::AlignTop,
                   m_caption);
    }
}

void DigitImage::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        emit clicked();
}

} // namespace latentlab
