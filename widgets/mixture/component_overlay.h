#pragma once
// ComponentOverlay: draws the Gaussian components over the point cloud: per component k the
// ellipses {o : (o - mu_k)^T Sigma_k^{-1} (o - mu_k) = r^2} for r = 1, 2, 3 (rotated, from
// core/mixture/ellipse.h), the mean mu_k as a cross, and in manual-initialisation mode the drag
// handles (the mean and the four ends of the 1-sigma ellipse's axes). It also draws the
// highlight ring of a selected point and the brush outline of the spray and erase tools.
// Every colour line gets a thin halo in the background colour so it stays visible on top of dense points.

#include "plot/qcp.h"

#include <Eigen/Core>
#include <QColor>
#include <optional>
#include <vector>

namespace latentlab {

class ComponentOverlay : public QCPLayerable {
    Q_OBJECT
public:
    struct Component {
        Eigen::Vector2d mean = Eigen::Vector2d::Zero();
        Eigen::Matrix2d covariance = Eigen::Matrix2d::Identity();
        QColor color;
        /// Collapsed onto its points (core/mixture/collapse.h): drawn with a halo, its
        /// points over its cross.
        bool collapsed = false;
    };
    /// Handle 0 is the mean; 1, 2 the ends of the major axis (+, -); 3, 4 of the minor axis.
    static constexpr int kHandleCount = 5;
    /// Ellipse radii drawn (Mahalanobis distance).
    static constexpr double kRadii[3] = {1.0, 2.0, 3.0};

    ComponentOverlay(QCPAxisRect* axisRect, const QString& layer);

    void setComponents(std::vector<Component> components);
    const std::vector<Component>& components() const { return m_components; }
    void setHighlightedComponent(int k) { m_highlighted = k; }
    void setHighlightedPoint(std::optional<Eigen::Vector2d> position, double pointDiameter);
    void setShowHandles(bool on) { m_showHandles = on; }
    bool showHandles() const { return m_showHandles; }
    /// Brush outline for the spray / erase tools (widget pixels), or none.
    void setBrushOutline(std::optional<QPointF> center, double radius);
    void setScale(double scale) { m_scale = scale; }
    /// The data points' marker diameter in pixels: crosses leave a gap that size at the
    /// mean, so a point under a mean stays visible.
    void setPointDiameter(double pixels) { m_pointDiameter = pixels; }
    /// The plot's background and text colours (PlotStyle): halos are drawn in the first.
    void setColors(const QColor& background, const QColor& foreground) {
        m_background = background;
        m_foreground = foreground;
    }

    /// Widget pixel position of handle `h` of component `k`.
    QPointF handlePixel(int k, int h) const;
    /// Data position of handle `h` of component `k`.
    Eigen::Vector2d handlePosition(int k, int h) const;
    /// The handle nearest to `pixel` within `tolerance` pixels as (k, h), or (-1, -1). Only
    /// the mean (h = 0) is considered when handles are hidden.
    std::pair<int, int> hitHandle(const QPointF& pixel, double tolerance) const;

    /// Pen of ellipse radius index i (0, 1, 2 for r = 1, 2, 3) at `scale`, in `color`.
    static QPen ellipsePen(int i, const QColor& color, double scale, bool highlighted = false);

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override;
    QRect clipRect() const override;
    void draw(QCPPainter* painter) override;

private:
    QPointF toPixel(const Eigen::Vector2d& p) const;

    QPointer<QCPAxisRect> m_axisRect;
    std::vector<Component> m_components;
    int m_highlighted = -1;
    std::optional<Eigen::Vector2d> m_highlightedPoint;
    double m_highlightedPointDiameter = 4.0;
    bool m_showHandles = false;
    std::optional<QPointF> m_brushCenter;
    double m_brushRadius = 0.0;
    double m_scale = 1.0;
    double m_pointDiameter = 4.0;
    QColor m_background = Qt::white;
    QColor m_foreground = QColor(20, 20, 20);
};

} // namespace latentlab
