#pragma once
// LatentPlot: the VAE's 2-D latent plane at equal aspect (one unit of z_1 as long as one of
// z_2, so the prior's circles are round). It draws
//   - the encoded test images (posterior means mu) through PointCloud, coloured by label, with
//     a legend naming the ten digits or garments;
//   - the manifold grid: the decode of each grid point as a small tile centred on that point,
//     in ink of the text colour, faded under the scatter when both are shown;
//   - the prior p(z) = N(0, I) as its 1, 2 and 3 sigma circles, and samples from it;
//   - an interpolation: the segment from A to B with the points decoded along it;
//   - the posterior N(mu, diag sigma^2) of the clicked test image and of the pad's drawing as
//     1 and 2 sigma ellipses (axis-aligned: the encoder's covariance is diagonal);
//   - the current latent point z as a cross-hair.
// The cross-hair and the ellipses are painted by the widget over the plot's buffers, so moving
// z repaints only the pixels around them, never the points or the tiles. It owns no
// mathematics: callers hand it the numbers.
//
// Interaction: press anywhere and drag, and latentPointMoved follows every mouse move; a click
// (no drag) on a test point also emits pointClicked, elsewhere backgroundClicked.

#include "plot/palette.h"
#include "plot/qcp.h"

#include <Eigen/Core>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

class PointCloud;

class LatentPlot : public QCustomPlot {
    Q_OBJECT
public:
    /// A Gaussian posterior on the plane.
    struct Posterior {
        Eigen::Vector2d mu = Eigen::Vector2d::Zero();
        Eigen::Vector2d sigma = Eigen::Vector2d::Ones();
    };

    explicit LatentPlot(QWidget* parent = nullptr);
    ~LatentPlot() override;

    /// The encoded test images (2 x N posterior means) and their labels (N, 0..9), or none.
    void setPoints(const Eigen::Matrix2Xf& mu, const std::vector<std::uint8_t>& labels);
    /// The names of the ten labels for the legend (empty: no label entries).
    void setClassNames(const QStringList& names);
    void setPaletteKind(PaletteKind kind);
    QList<QColor> labelColors() const;
    /// Sizes of type, lines and markers (1 = normal; lecture mode enlarges).
    void setScale(double scale);

    void setScatterVisible(bool on);
    /// The manifold grid: coordinates along each axis and the decodes (784 x n^2, tile r n + c
    /// at z = (coords[c], coords[n - 1 - r])); empty tiles hide it. `opacity` < 1 fades it.
    void setGrid(const std::vector<double>& coords, const Eigen::MatrixXf& tiles, double opacity);
    void clearGrid();
    /// The data rectangle a tile is drawn in (its centre is the decoded z).
    QRectF tileRect(int row, int column) const;

    void setLatentPoint(const Eigen::Vector2d& z);
    Eigen::Vector2d latentPoint() const;
    /// Whether the cross-hair at z is drawn (and named in the legend); planes that decode
    /// nothing at z hide it.
    void setLatentPointVisible(bool on);
    void setSelectedPosterior(std::optional<Posterior> p, const QColor& color);
    void setPadPosterior(std::optional<Posterior> p);
    void setPriorSamples(const Eigen::Matrix2Xd& z);
    /// The interpolation's points from A to B (2 x n, n >= 2), or none.
    void setLine(const Eigen::Matrix2Xd& points);
    /// A line across the plane (errors, "encoding..."), or empty.
    void setMessage(const QString& text);
    QString message() const;

    /// The rectangle kept visible (widened along one axis for equal aspect).
    void setViewRect(const QRectF& rect);
    /// Lecture mode: the legend inside the plane (top right, the view kept left of it)
    /// instead of in a column of its own.
    void setLegendInside(bool on);
    bool legendInside() const;
    /// One word an entry ("z", "prior", "samples"): a narrower legend, which the view keeps
    /// clear of the points where the plane is narrow (two planes side by side in lecture mode).
    void setShortLegend(bool on);
    QRectF viewRect() const;

    PointCloud* pointCloud() const;
    Eigen::Vector2d toLatent(const QPointF& pixel) const;
    QPointF toPixel(const Eigen::Vector2d& z) const;

signals:
    void latentPointMoved(const Eigen::Vector2d& z);
    void pointClicked(int index);
    void backgroundClicked();

protected:
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void updateLayout() override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace latentlab
