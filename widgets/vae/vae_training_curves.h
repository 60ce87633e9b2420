#pragma once
// VaeTrainingCurves: the training's curves in nats per image, per epoch: train ELBO, test
// ELBO and its reconstruction term E_q[log p(x|z)] on the left axis, the test KL(q(z|x) || p(z))
// on the right axis (it is two orders smaller), a smoothed per-batch train ELBO under them, and
// a dashed reference line at the shipped model's test ELBO.

#include "plot/qcp.h"

#include <QPointF>
#include <optional>
#include <vector>

namespace latentlab {

struct VaeEpochProgress;

class VaeTrainingCurves : public QCustomPlot {
    Q_OBJECT
public:
    explicit VaeTrainingCurves(QWidget* parent = nullptr);

    /// The curves so far; `epochs` is the planned number of epochs (the x range).
    void setData(const std::vector<VaeEpochProgress>& epochs, const std::vector<QPointF>& batches,
                 int plannedEpochs, std::optional<double> reference);
    void setScale(double scale);
    /// Compact (lecture mode): short names, no entry for the faint per-batch curve, so that
    /// the legend is one row (two at most) above the curves in the narrow side column.
    void setCompact(bool on);
    bool compact() const { return m_compact; }
    /// The number of points of each graph, for tests: batch curve, train ELBO, test ELBO,
    /// reconstruction, KL.
    std::vector<int> pointCounts() const;

protected:
    void changeEvent(QEvent* event) override;
    /// The legend in as few rows as fit the plot's width.
    void updateLayout() override;

private:
    void applyStyle();
    void applyNames();

    double m_scale = 1.0;
    bool m_compact = false;
    QCPGraph* m_batch = nullptr;
    QCPGraph* m_train = nullptr;
    QCPGraph* m_test = nullptr;
    QCPGraph* m_rec = nullptr;
    QCPGraph* m_kl = nullptr;
    QCPItemStraightLine* m_reference = nullptr;
    QCPItemText* m_referenceLabel = nullptr;
};

} // namespace latentlab
