#pragma once
// EmPanel: EM for probabilistic PCA, stepped like the mixture lesson's EM. A side widget
// (where EM stands: iteration, next half-step, sigma^2, W and its angle to the principal
// direction; the log-likelihood per half-step with the closed form's value as a dashed line
// that EM climbs to) and a bar under the plot (the shared TransportBar: reset, back, E, M,
// iteration, play, converge, timeline). The view draws EM's current line and ellipses.

#include "pca/pca_panel.h"

class QAction;
class QLabel;
class QTimer;
class QWidget;

namespace latentlab {

class LogLikelihoodPlot;
class PcaDocument;
class TransportBar;

class EmPanel : public PcaPanel {
    Q_OBJECT
public:
    struct Actions {
        QAction* next;
        QAction* eStep;
        QAction* mStep;
        QAction* back;
        QAction* iterate;
        QAction* play;
        QAction* run;
        QAction* reset;
        QAction* first;
        QAction* last;
    };
    EmPanel(PcaDocument* document, QWidget* parent);

    QWidget* bar() const override;
    const Actions& actions() const { return m_actions; }
    LogLikelihoodPlot* plot() const { return m_plot; }
    void setPlaying(bool on);
    bool playing() const;
    void setScale(double scale) override;
    /// Compact (lecture mode, a narrow side column): the log-likelihood plot's short legend
    /// in a row above its curves, the reference labelled "closed form", and the side text
    /// without the closing remark (the status line above says it).
    void setCompact(bool on);
    bool compact() const { return m_compact; }

private:
    void createActions(QWidget* owner);
    void refresh();
    void tick();

    LogLikelihoodPlot* m_plot;
    TransportBar* m_transport;
    QTimer* m_timer;
    Actions m_actions{};
    bool m_compact = false;
};

} // namespace latentlab
