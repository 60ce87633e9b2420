#pragma once
// DigitImage: a small grey image (a 28 x 28 digit, or a mosaic of them) shown large and
// crisp: scaled by the largest whole number that fits, without smoothing, so every pixel of
// the model's output is a sharp square. A caption may sit under it.
//
// The grey levels are those latentlab-cli vae-decode writes: round(255 p) for a Bernoulli mean
// p clamped to [0, 1], white ink on black as in MNIST.

#include <Eigen/Core>
#include <QImage>
#include <QWidget>
#include <cstdint>

namespace latentlab {

std::uint8_t greyLevel(float p);
/// A w x h Format_Grayscale8 image of `values` (row-major, in [0, 1]).
QImage greyImage(const float* values, int w, int h);
QImage greyImage(const std::uint8_t* pixels, int w, int h);
/// The columns of `tiles` (28 x 28 images) as a mosaic `columns` wide, `gap` black pixels
/// between tiles.
QImage mosaicImage(const Eigen::MatrixXf& tiles, int columns, int gap);

class DigitImage : public QWidget {
    Q_OBJECT
public:
    explicit DigitImage(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    void setCaption(const QString& caption);
    QString caption() const { return m_caption; }
    /// The whole-number scale asked for in sizeHint() (the shown scale fits the widget).
    void setPreferredScale(int scale);
    /// The scale the image is drawn at now (>= 1), and where.
    int shownScale() const;
    QRect imageRect() const;
    /// Whether a large image (a mosaic) may be drawn smaller than its own size, smoothly,
    /// when the widget is narrower: its minimum size is then half the image's (default off).
    void setShrinkable(bool on);
    /// The least whole-number scale the widget asks room for (minimumSizeHint; default 1).
    void setMinimumScale(int scale);
    /// Text shown instead of an image (no model, nothing drawn yet).
    void setPlaceholder(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void clicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    int captionHeight() const;

    QImage m_image;
    QImage m_scaled; ///< m_image at the shown scale (a cache)
    QString m_caption;
    QString m_placeholder;
    int m_preferredScale = 4;
    bool m_shrinkable = false;
    int m_minimumScale = 1;
};

} // namespace latentlab
