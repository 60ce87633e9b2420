#pragma once
// PointCloud: a QCustomPlot plottable for up to ~10^6 points o_i, each in its own colour.
//
// QCustomPlot's scatter draws one QPainter shape per point (about 5 ms per 1,000 points) and
// has one colour per graph. This plottable instead maps every point to pixels itself (one
// affine transform per axis, no per-point virtual call) and stamps a small antialiased disc
// straight into a premultiplied ARGB QImage the size of the axis rect (at the painter's
// device pixel ratio), then draws that image once. The image is cached and only rebuilt when
// the data, colours, point size, axis ranges or target size change.
//
// Hit testing uses a uniform grid over the data built in setData(), so nearest-point queries
// stay cheap for a million points.

#include "plot/qcp.h"

#include <Eigen/Core>
#include <QColor>
#include <QImage>
#include <QRgb>
#include <vector>

namespace latentlab {

class PointCloud : public QCPAbstractPlottable {
    Q_OBJECT
public:
    PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis);
    ~PointCloud() override;

    /// 2 x N points (row 0 on the key axis, row 1 on the value axis). Non-finite points are
    /// kept (indices stay valid) but never drawn or hit.
    void setData(const Eigen::Matrix2Xd& points);
    void setData(Eigen::Matrix2Xd&& points);
    const Eigen::Matrix2Xd& data() const { return m_points; }
    int pointCount() const { return static_cast<int>(m_points.cols()); }

    /// One colour per point (size N; the alpha channel is ignored), or empty for all
    /// defaultColor(). A size mismatch falls back to defaultColor() for the missing points.
    void setColors(std::vector<QRgb> colors);
    const std::vector<QRgb>& colors() const { return m_colors; }
    void setDefaultColor(const QColor& color);
    QColor defaultColor() const { return m_defaultColor; }
    /// Colour a point is drawn in.
    QRgb colorOf(int index) const;

    /// Disc diameter in device-independent pixels (at least 1).
    void setPointSize(double pixels);
    double pointSize() const { return m_pointSize; }

    /// Index of the nearest drawn point within `maxPixels` of `pixel` (widget coordinates),
    /// or -1.
    int nearestPoint(const QPointF& pixel, double maxPixels) const;
    /// Indices (ascending) of all points within `radiusPixels` of `pixel`.
    std::vector<int> pointsWithin(const QPointF& pixel, double radiusPixels) const;
    /// Bounding box of the finite points (isNull() when there are none). Its width and
    /// height are infinite when the points span more than the largest double (from -1e308
    /// to 1e308); getKeyRange() and getValueRange() give the exact extremes.
    QRectF dataBounds() const { return m_bounds; }

    double selectTest(const QPointF& pos, bool onlySelectable,
                      QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    struct Mapping; // data -> pixel affine map of the current axes
    Mapping mapping() const;
    void rebuildIndex();
    void invalidate();
    void renderImage(const QSize& size, double scale, const QRect& axisRect);
    template <typename Visit>
    void visitCandidates(const QPointF& pixel, double radiusPixels, Visit&& visit) const;

    Eigen::Matrix2Xd m_points;
    std::vector<QRgb> m_colors;
    QColor m_defaultColor{128, 128, 128};
    double m_pointSize = 4.0;
    QRectF m_bounds;
    double m_minX = 0, m_maxX = 0, m_minY = 0, m_maxY = 0; ///< extremes of the finite points

    // Uniform grid index: the finite points sorted by cell (counting sort). The grid spans
    // the extremes; half its width and height are kept, as the whole may overflow.
    int m_gridW = 0, m_gridH = 0;
    double m_halfW = 1.0, m_halfH = 1.0;
    std::vector<int> m_cellStart; // m_gridW * m_gridH + 1 offsets into m_cellPoints
    std::vector<int> m_cellPoints;

    // Cached raster of the last draw and what it was drawn for.
    QImage m_image;
    bool m_dirty = true;
    QCPRange m_cachedKeyRange, m_cachedValueRange;
    QRect m_cachedRect;
    double m_cachedScale = 0.0;
};

} // namespace latentlab
