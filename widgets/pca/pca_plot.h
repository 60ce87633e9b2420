#pragma once
// PcaPlot: the PCA lesson's 2D picture. It is the mixture lesson's equal-aspect plot
// (MixturePlot: the point cloud, ellipses at 1, 2 and 3 sigma, spray and erase tools, zoom)
// with the manifold layer on top of the points (ManifoldOverlay: the principal line,
// residual segments, posterior reconstructions, arrows, the generative story) and one more
// gesture: with the Inspect tool, press on a point and drag it (pointDragged while moving,
// finished on release); a press and release without moving is still a click.

#include "mixture/mixture_plot.h"

#include <Eigen/Core>

namespace latentlab {

class ManifoldOverlay;

class PcaPlot : public MixturePlot {
    Q_OBJECT
public:
    explicit PcaPlot(QWidget* parent = nullptr);

    ManifoldOverlay* manifold() const { return m_manifold; }
    bool dragging() const { return m_dragIndex >= 0 && m_moved; }
    void setScale(double scale);

signals:
    void pointDragged(int index, const Eigen::Vector2d& to, bool finished);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    ManifoldOverlay* m_manifold;
    int m_dragIndex = -1;
    bool m_moved = false;
    QPointF m_pressPos;
    Eigen::Vector2d m_grabOffset = Eigen::Vector2d::Zero();
};

} // namespace latentlab
