#pragma once
// DrawingPad: draw a digit with the mouse. The strokes go to the VaeDocument (each stroke one
// undo step), which turns them into an MNIST-style image and encodes it while the stroke is
// being drawn; the pad shows the ink as the soft brush paints it (core/vae/digit_canvas.h).

#include <Eigen/Core>
#include <QImage>
#include <QWidget>

namespace latentlab {

class VaeDocument;

class DrawingPad : public QWidget {
    Q_OBJECT
public:
    explicit DrawingPad(VaeDocument* document, QWidget* parent = nullptr);

    /// Pad coordinates ([0, 1]^2, y down) of a widget position.
    Eigen::Vector2d toPad(const QPointF& pixel) const;
    QRect padRect() const;

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override { return w; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void refresh();

    VaeDocument* m_doc;
    QImage m_ink;
};

} // namespace latentlab
