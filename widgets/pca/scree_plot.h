#pragma once
// ScreePlot: how much each principal direction carries. Bars: the explained variance ratio
// l_j / tr S of component j; a line: the cumulative ratio of the first q; on the right axis,
// the mean squared reconstruction error with q components, (N-1)/N sum_{j>q} l_j, which
// falls as the cumulative ratio rises. The chosen q is marked.

#include "plot/qcp.h"

#include <Eigen/Core>

namespace latentlab {

class ScreePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ScreePlot(QWidget* parent = nullptr);

    /// ratios: l_j / tr S for j = 1..K; errors: reconstruction error for q = 0..K (K + 1
    /// values); q: the marked number of components (0 = none).
    void setSpectrum(const Eigen::VectorXd& ratios, const Eigen::VectorXd& errors, int q);
    void clear();
    void setScale(double scale);
    /// How many components are shown at most (the rest are summed up in the cumulative line).
    void setMaxComponents(int k) { m_maxComponents = std::max(1, k); }

protected:
    void changeEvent(QEvent* event) override;
    /// The legend in as few rows as fit, with short names where the full ones would take
    /// more than a quarter of a small plot's height (its bars squeezed under them).
    void updateLayout() override;

private:
    void applyStyle();
    void setNames(bool shortNames);
    void placeQLabel();

    QCPBars* m_bars;
    QCPGraph* m_cumulative;
    QCPGraph* m_error;
    QCPItemStraightLine* m_qLine;
    QCPItemText* m_qLabel;
    double m_scale = 1.0;
    int m_maxComponents = 100;
    int m_q = 0;
    bool m_shortNames = false;
};

} // namespace latentlab
