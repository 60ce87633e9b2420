#pragma once
// AutoencoderPanel: a linear autoencoder x -> E x -> D E x trained by gradient descent on
// the 2D data, to watch it find PCA's line. A side widget (loss against PCA's, the subspace
// angle, ||D E - u_1 u_1^T||, the weights and A = u_1^T D, the scale the loss cannot see)
// with a plot of loss and angle per step, and a bar under the plot (kind: unconstrained,
// tied, tied orthonormal; step, play, reset). The view draws E^T and D as arrows from mu.

#include "linear/linear_autoencoder.h"

#include "pca/pca_panel.h"

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;
class QTimer;
class QWidget;
class QCustomPlot;

namespace latentlab {

class PcaDocument;

class AutoencoderPanel : public PcaPanel {
    Q_OBJECT
public:
    struct Actions {
        QAction* step;
        QAction* play;
        QAction* reset;
    };
    AutoencoderPanel(PcaDocument* document, QWidget* parent);

    QWidget* bar() const override { return m_bar; }
    const Actions& actions() const { return m_actions; }
    void setPlaying(bool on);
    bool playing() const;
    void setScale(double scale) override;
    /// Compact (lecture mode, a narrow side column): the loss plot's legend, with short
    /// names, in a row above its curves instead of on them, and the side text without the
    /// numbers the arrows show.
    void setCompact(bool on);
    QCustomPlot* plot() const { return m_plot; }

private:
    void refresh();
    void tick();

    QWidget* m_bar;
    QCustomPlot* m_plot;
    QComboBox* m_kind;
    QSpinBox* m_stepsPerFrame;
    QTimer* m_timer;
    Actions m_actions{};
    double m_scale = 1.0;
    bool m_compact = false;
};

} // namespace latentlab
