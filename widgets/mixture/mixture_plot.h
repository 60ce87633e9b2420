#pragma once
// MixturePlot: the big equal-aspect picture of the EM lecture view. It draws
//   - the points o_i, each in its own colour (grey before the first E-step, the blend of its
//     responsibilities Q(k|o_i) afterwards), through PointCloud, a raster plottable that can
//     draw 10^6 individually coloured points fast (QCustomPlot's scatter cannot);
//   - per component k: the mean mu_k as a cross and the ellipses at Mahalanobis radius 1, 2
//     and 3 (39.3 %, 86.5 %, 98.9 % of the mass in 2D), in the component colour;
//   - a legend naming the components and the three ellipse radii with their mass.
// It owns no mathematics: callers hand it points, colours and parameters.
//
// Interaction (emits signals; the owner decides what they mean):
//   Inspect tool: click a point -> pointClicked, click near a mean -> componentClicked;
//   Manual-init editing (setManualEditing(true)): drag a mean, or drag the handles on a 1-sigma
//     ellipse (the ends of its two axes) to stretch and rotate it -> componentEdited while
//     dragging (finished = false) and once on release (finished = true);
//   Spray tool: press and drag to add points around the cursor -> pointsAdded (batched);
//   Erase tool: press and drag to erase points under a circular brush -> pointsErased.

#include "plot/qcp.h"

#include <Eigen/Core>
#include <QColor>
#include <QList>
#include <QRectF>
#include <QRgb>
#include <QStringList>
#include <utility>
#include <vector>

namespace latentlab {

struct MixtureParams;
class PointCloud;

class MixturePlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Tool { Inspect, Spray, Erase };

    explicit MixturePlot(QWidget* parent = nullptr);
    ~MixturePlot() override;

    /// 2 x N points; rescales the axes to fit them (equal aspect, small margin) when
    /// `rescale` is true.
    void setPoints(const Eigen::Matrix2Xd& points, bool rescale = true);
    /// One colour per point (size N), or empty for all neutral grey.
    void setPointColors(std::vector<QRgb> colors);
    /// Colours every point by its responsibilities (K x N, columns sum to 1) with `colors`.
    void setResponsibilities(const Eigen::MatrixXd& q, const QList<QColor>& colors);
    /// Shows the components (2D means and covariances). With glideMs > 0 the means and
    /// ellipses move smoothly from the previous parameters to these over glideMs
    /// milliseconds (interpolating mean and covariance); 0 jumps at once.
    void setComponents(const MixtureParams& params, const QList<QColor>& colors,
                       int glideMs = 0);
    void clearComponents();
    /// Components collapsed onto their points (the singularity of maximum likelihood): a halo
    /// and a label "collapsed" mark each on the plot. Set after setComponents().
    void setCollapsed(const std::vector<int>& components);
    /// The component drawn highlighted (thicker), or -1.
    void setHighlightedComponent(int k);
    /// The point drawn highlighted (ring around it), or -1.
    void setHighlightedPoint(int index);

    void setTool(Tool tool);
    Tool tool() const;
    void setManualEditing(bool on);
    /// Sizes of type, lines and markers multiplied by `scale` (1 = normal; lecture mode and
    /// Ctrl+Plus/Minus change it).
    void setScale(double scale);
    double scale() const;
    /// Point marker diameter in device-independent pixels at scale 1 (default 4).
    void setPointSize(double pixels);
    void setLegendVisible(bool on);
    /// The legend inside the plot's top-right corner (compact, for lecture mode), or in its
    /// own column right of the plot. Inside, the data are laid out clear of it.
    void setLegendInside(bool on);
    bool legendInside() const;
    /// Rescale axes to fit the points (equal aspect).
    void fitToPoints();

    PointCloud* pointCloud() const;

    // ---- Additions beyond the first contract ---------------------------------------------
    /// The data rectangle that is always fully visible (the axes are widened along one
    /// direction to keep the aspect ratio 1). fitToPoints() and setPoints(.., true) set it to
    /// the points and the components' 3-sigma ellipses; while nobody zooms, it grows to keep
    /// the 3-sigma ellipses of new components in view. A rectangle narrower than a sensible
    /// span (all points identical) is widened; a single point shows as one labelled tick
    /// on each axis.
    void setViewRect(const QRectF& rect);
    QRectF viewRect() const;
    /// Names shown in the legend (default "k_{r} (red)", drawn as k with a subscript r; see
    /// LegendSwatch); empty restores the default.
    void setComponentNames(const QStringList& names);
    void setAxisLabels(const QString& x, const QString& y);
    int highlightedComponent() const;
    int highlightedPoint() const;
    bool manualEditing() const;
    /// True while a glide animation is running.
    bool isGliding() const;
    /// The component parameters currently drawn (mid-glide: the interpolated ones).
    std::vector<std::pair<Eigen::Vector2d, Eigen::Matrix2d>> shownComponents() const;

signals:
    void pointClicked(int index);
    void componentClicked(int k);
    void componentEdited(int k, const Eigen::Vector2d& mean, const Eigen::Matrix2d& covariance,
                         bool finished);
    void pointsAdded(const Eigen::Matrix2Xd& points);
    void pointsErased(const std::vector<int>& indices);
    /// Inspect-tool click on neither a point nor a mean (e.g. to clear a selection).
    void backgroundClicked();

protected:
    /// Restyles on a palette change (a dark theme).
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    /// Runs QCustomPlot's layout, then widens one axis range so that one data unit has the
    /// same length in x and y (also for toPixmap / savePng at another size).
    void updateLayout() override;

private:
    struct Private;
    Private* d;
};

} // namespace latentlab
