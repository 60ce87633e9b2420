#pragma once
// View3dPlot: the PCA lesson's 3D picture, an orthographic view of a 3D cloud turned by a
// rotation (core/linear/view3d.h: screen = R (p - c), c the cloud's mean). It draws the
// points (the PointCloud plottable, darker when nearer), the fitted plane as a translucent
// parallelogram under them (or the line, q = 1), every point's residual as a segment to its
// projection, the principal axes as arrows from mu (2 standard deviations long) and the
// world axes in a corner. The scale is fixed by the cloud's radius, so turning it never
// zooms. A left-button drag turns the view about the screen's axes (rotated() is emitted).
// It owns no mathematics: the panel hands it the points and the fitted manifold.

#include "linear/view3d.h"
#include "plot/qcp.h"

#include <Eigen/Core>
#include <optional>

namespace latentlab {

class PointCloud;
class View3dOverlay;

class View3dPlot : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr double kRadiansPerPixel = 0.008;

    explicit View3dPlot(QWidget* parent = nullptr);

    /// 3 x N points; the view turns about their mean. Clears the manifold.
    void setPoints(const Eigen::Matrix3Xd& points);
    const Eigen::Matrix3Xd& points() const { return m_points; }
    void setManifold(std::optional<Manifold3d> manifold);
    const std::optional<Manifold3d>& manifold() const { return m_manifold; }
    void setRotation(const Rotation3& r);
    const Rotation3& rotation() const { return m_rotation; }
    const Eigen::Vector3d& centre() const { return m_centre; }
    void setShowResiduals(bool on);
    bool showResiduals() const { return m_showResiduals; }
    void setScale(double scale);
    double scale() const { return m_scale; }

    /// Widget pixel of a world point in the current view.
    QPointF toPixel(const Eigen::Vector3d& p) const;
    /// The longest residual segment on screen, in pixels (0 without a manifold).
    double longestResidualPixels() const;
    PointCloud* pointCloud() const { return m_cloud; }
    /// Whether point i lies on the far side of the fitted plane (q = 2) from the viewer.
    bool behindPlane(Eigen::Index i) const;

signals:
    /// The user turned the view with the mouse.
    void rotated();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void applyStyle();
    void updateRanges();
    void updateRadius();
    void refresh();

    PointCloud* m_cloud;
    View3dOverlay* m_under;
    View3dOverlay* m_over;
    Eigen::Matrix3Xd m_points;
    std::optional<Manifold3d> m_manifold;
    Rotation3 m_rotation = Rotation3::Identity();
    Eigen::Vector3d m_centre = Eigen::Vector3d::Zero();
    double m_radius = 1.0;
    double m_scale = 1.0;
    bool m_showResiduals = true;
    bool m_dragging = false;
    QPointF m_last;
};

} // namespace latentlab
