#pragma once
// LogLikelihoodPlot: one point per recorded EM half-step. Two labelled curves:
//   "log-likelihood log p(O|theta)" of the parameters at each state, and
//   "lower bound L(q, theta)" for the responsibilities and parameters at each state.
// After an E-step the two meet; after an M-step the bound rises and the likelihood rises at
// least as much: the staircase that shows why EM never goes downhill. The current state is
// marked; clicking a point emits stateClicked(state).

#include "plot/qcp.h"

#include <QString>
#include <optional>
#include <vector>

namespace latentlab {

class LogLikelihoodPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit LogLikelihoodPlot(QWidget* parent = nullptr);
    ~LogLikelihoodPlot() override;

    /// Values per state 0..n-1 (lowerBound nullopt where undefined, i.e. state 0).
    void setHistory(const std::vector<double>& logLikelihood,
                    const std::vector<std::optional<double>>& lowerBound, int currentState);
    void setCurrentState(int state);
    /// Marks a state with a labelled vertical line (the half-step where a component
    /// collapsed: "singular"), or none for -1.
    void setMarkedState(int state, const QString& label = {});
    void setScale(double scale);
    /// Compact (lecture mode): short legend names in one row at the top left, where the
    /// rising curve leaves room.
    void setCompact(bool on);
    /// The curves' legend names (default: the mixture's "log p(O | θ)" and "L(q, θ)").
    void setNames(const QString& likelihood, const QString& bound);
    /// A horizontal reference line with a label (PPCA: the closed form's log-likelihood that
    /// EM converges to), kept inside the y range; nullopt removes it.
    void setReference(std::optional<double> value, const QString& label = {});

signals:
    void stateClicked(int state);

protected:
    /// Restyles on a palette change (a dark theme).
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    /// Lays out, then pads the ranges so that markers at the extremes are not cut.
    void updateLayout() override;

private:
    struct Private;
    Private* d;
};

} // namespace latentlab
