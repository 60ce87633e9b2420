#include "pca/pca_plot.h"

#include "pca/manifold_overlay.h"
#include "plot/plot_style.h"
#include "plot/point_cloud.h"

#include <QMouseEvent>
#include <cmath>

namespace latentlab {

namespace {
constexpr double kClickSlop = 4.0; // pixels a click may move and still be a click
}

PcaPlot::PcaPlot(QWidget* parent) : MixturePlot(parent) {
    // Logical (no buffer of its own): drawn into the points' buffer, under the ellipses.
    addLayer(QStringLiteral("manifold"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    layer(QStringLiteral("manifold"))->setMode(QCPLayer::lmLogical);
    m_manifold = new ManifoldOverlay(axisRect(), QStringLiteral("manifold"));
    // Dark grey points (lifted on a dark theme): apart from every line colour for
    // colour-blind viewers too (pca/pca_colors.h).
    pointCloud()->setDefaultColor(PlotStyle::of(this, 1.0).series(pca_colors::points));
}

void PcaPlot::setScale(double scale) {
    MixturePlot::setScale(scale);
    m_manifold->setScale(MixturePlot::scale());
}

void PcaPlot::mousePressEvent(QMouseEvent* event) {
    if (tool() == Tool::Inspect && event->button() == Qt::LeftButton) {
        const double tolerance = std::max(6.0, pointCloud()->pointSize() / 2.0 + 4.0);
        const int i = pointCloud()->nearestPoint(event->position(), tolerance);
        if (i >= 0) {
            m_dragIndex = i;
            m_moved = false;
            m_pressPos = event->position();
            const Eigen::Vector2d at(xAxis->pixelToCoord(event->position().x()),
                                     yAxis->pixelToCoord(event->position().y()));
            m_grabOffset = at - Eigen::Vector2d(pointCloud()->data().col(i));
            event->accept();
            return;
        }
    }
    MixturePlot::mousePressEvent(event);
}

void PcaPlot::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragIndex < 0) {
        MixturePlot::mouseMoveEvent(event);
        return;
    }
    const QPointF delta = event->position() - m_pressPos;
    if (!m_moved && std::hypot(delta.x(), delta.y()) <= kClickSlop * scale())
        return;
    m_moved = true;
    const Eigen::Vector2d at(xAxis->pixelToCoord(event->position().x()),
                             yAxis->pixelToCoord(event->position().y()));
    emit pointDragged(m_dragIndex, at - m_grabOffset, false);
    event->accept();
}

void PcaPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragIndex < 0) {
        MixturePlot::mouseReleaseEvent(event);
        return;
    }
    const int i = std::exchange(m_dragIndex, -1);
    if (m_moved) {
        const Eigen::Vector2d at(xAxis->pixelToCoord(event->position().x()),
                                 yAxis->pixelToCoord(event->position().y()));
        emit pointDragged(i, at - m_grabOffset, true);
    } else {
        emit pointClicked(i);
    }
    m_moved = false;
    event->accept();
}

} // namespace latentlab
