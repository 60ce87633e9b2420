#pragma once
// ManifoldOverlay: what the PCA lesson draws over the points, on its own layer below the
// density ellipses:
//   - lines through the plot (the principal line mu + t u_1, the manifold; a generator's
//     true line; EM's current W), clipped to the axis rect;
//   - every point's residual as a segment from x_i to its orthogonal projection onto the
//     manifold (one drawLines call; antialiased only while that stays cheap);
//   - optionally the posterior reconstructions W E[z|x_i] + mu as open rings on the line;
//   - arrows from mu (the linear autoencoder's encoder and decoder vectors);
//   - the generative story: a z axis with the N(0, 1) density along the bottom of the plot,
//     ticks z = -2..2 on the line at W z + mu, and the sample travelling z -> W z + mu -> x.
// It owns no mathematics: the page hands it points and vectors computed by core.

#include "pca/pca_colors.h"
#include "plot/qcp.h"

#include <Eigen/Core>
#include <QColor>
#include <QRectF>
#include <QString>
#include <optional>
#include <vector>

namespace latentlab {

class ManifoldOverlay : public QCPLayerable {
    Q_OBJECT
public:
    struct Line {
        Eigen::Vector2d point = Eigen::Vector2d::Zero();
        Eigen::Vector2d direction = Eigen::Vector2d::UnitX(); ///< any length but 0
        QColor color;
        double width = 2.0; ///< at scale 1
        Qt::PenStyle style = Qt::SolidLine;
        QString label;             ///< drawn near the line's end, inside the plot
        bool labelAtStart = false; ///< label the other end (two labelled lines that coincide)
    };
    struct Arrow {
        Eigen::Vector2d from = Eigen::Vector2d::Zero(), to = Eigen::Vector2d::Zero();
        QColor color;
        QString label;
        int labelSide = 1; ///< +1: label above left of the tip, -1: below right
    };
    /// The generative story: z on the z axis, then W z + mu on the line, then x.
    struct Story {
        Eigen::Vector2d mean = Eigen::Vector2d::Zero();
        Eigen::Vector2d w = Eigen::Vector2d::UnitX(); ///< the line mu + w z
        double z = 0.0;
        Eigen::Vector2d onLine = Eigen::Vector2d::Zero(); ///< W z + mu
        Eigen::Vector2d x = Eigen::Vector2d::Zero();      ///< W z + mu + eps
        /// 0..1: z drawn on the z axis; 1..2: carried to W z + mu; 2..3: noise added;
        /// negative: no sample in flight (the axis and the landed samples only).
        double phase = 0.0;
        std::vector<Eigen::Vector2d> landed; ///< samples finished so far
    };
    /// Segments above this count are drawn without antialiasing (speed).
    static constexpr int kAntialiasedSegments = 3000;

    ManifoldOverlay(QCPAxisRect* axisRect, const QString& layer);

    void setLines(std::vector<Line> lines) { m_lines = std::move(lines); }
    const std::vector<Line>& lines() const { return m_lines; }
    /// Where the lines' labels (and the story's z marks on its line) were drawn at the last
    /// replot, in widget pixels (tests).
    const std::vector<QRectF>& labelRects() const { return m_labelRects; }
    /// Residual segments from[i] -> to[i] (both 2 x N), or empty.
    void setResiduals(Eigen::Matrix2Xd from, Eigen::Matrix2Xd to);
    void setResidualColor(const QColor& color) { m_residualColor = color; }
    QColor residualColor() const { return m_residualColor; }
    /// Posterior reconstructions (2 x N) as rings, or empty.
    void setPosterior(Eigen::Matrix2Xd points);
    void setPosteriorColor(const QColor& color) { m_posteriorColor = color; }
    void setArrows(std::vector<Arrow> arrows) { m_arrows = std::move(arrows); }
    void setStory(std::optional<Story> story) { m_story = std::move(story); }
    const std::optional<Story>& story() const { return m_story; }
    void setScale(double scale) { m_scale = scale; }
    /// The z axis strip's pixel position for z (for the story's first phase).
    QPointF zAxisPixel(double z) const;

protected:
    void draw(QCPPainter* painter) override;
    /// Antialiased, clipped to the axis rect (a layerable's own defaults are neither).
    QRect clipRect() const override;
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override;

private:
    QPointF toPixel(const Eigen::Vector2d& p) const;
    void drawLine(QCPPainter* painter, const Line& line) const;
    void drawArrow(QCPPainter* painter, const Arrow& arrow) const;
    void drawStory(QCPPainter* painter, const Story& story) const;

    QPointer<QCPAxisRect> m_axisRect;
    std::vector<Line> m_lines;
    mutable std::vector<QRectF> m_labelRects;
    Eigen::Matrix2Xd m_from, m_to, m_posterior;
    QColor m_residualColor = pca_colors::residual;
    QColor m_posteriorColor = pca_colors::posterior;
    std::vector<Arrow> m_arrows;
    std::optional<Story> m_story;
    double m_scale = 1.0;
};

} // namespace latentlab
