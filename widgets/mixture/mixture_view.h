#pragma once
// MixtureView: the EM lecture view. It composes
//   MixturePlot (points, means, ellipses) | InspectorPanel (the numbers)
//   LogLikelihoodPlot (log p(O|theta) and L(q,theta) per half-step)
//   status line (iteration, next half-step, log-likelihood and its change, events)
//   TransportBar (step, back, play, run, reset, timeline)
// and observes a MixtureDocument. It owns the transport actions with their shortcuts
// (Space, Backspace/Left, Right, P, R, Home, End...) so menus and buttons share them.

#include "common/page.h"
#include "mixture/mixture_plot.h"

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QTimer;

namespace latentlab {

class MixtureDocument;
class LogLikelihoodPlot;
class InspectorPanel;
class TransportBar;
struct EmSnapshot;

class MixtureView : public QWidget {
    Q_OBJECT
public:
    struct Actions {
        QAction* next = nullptr;        ///< Space: the next half-step (E or M)
        QAction* eStep = nullptr;       ///< E
        QAction* mStep = nullptr;       ///< M
        QAction* back = nullptr;        ///< Backspace, Left
        QAction* iterate = nullptr;     ///< Right: complete the iteration
        QAction* play = nullptr;        ///< P (checkable)
        QAction* run = nullptr;         ///< C: run to convergence (Stop while running)
        QAction* reset = nullptr;       ///< R
        QAction* first = nullptr;       ///< Home
        QAction* last = nullptr;        ///< End
        QAction* inspectTool = nullptr; ///< I
        QAction* sprayTool = nullptr;   ///< S
        QAction* eraseTool = nullptr;   ///< X
    };

    explicit MixtureView(MixtureDocument* document, QWidget* parent = nullptr);
    ~MixtureView() override;

    const Actions& actions() const { return m_actions; }
    MixturePlot* plot() const { return m_plot; }
    LogLikelihoodPlot* likelihoodPlot() const { return m_llPlot; }
    InspectorPanel* inspector() const { return m_inspector; }
    TransportBar* transport() const { return m_transport; }
    /// The status line as plain text (tests, accessibility).
    QString statusText() const;

    void setPlaying(bool on);
    bool playing() const;
    void setSpeed(double halfStepsPerSecond);
    double speed() const;
    /// Size of type and lines (1 = normal; the shell sizes lecture mode for the projector).
    void setScale(double scale);
    double scale() const { return m_scale; }
    /// Lecture mode lays the view out for a projector: the data plot across the whole width
    /// with its legend inside, the log-likelihood plot and the inspector side by side under
    /// it, and a one-line status.
    void setLectureMode(bool on);
    bool lectureMode() const { return m_lecture; }

signals:
    void playingChanged(bool playing);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void createActions();
    void onDataChanged();
    void onFitChanged();
    void updateActions();
    void updateStatus(const EmSnapshot* s);
    void tick();

    MixtureDocument* m_doc;
    MixturePlot* m_plot;
    LogLikelihoodPlot* m_llPlot;
    InspectorPanel* m_inspector;
    TransportBar* m_transport;
    QLabel* m_status;
    QSplitter* m_vertical;   ///< top: m_horizontal, bottom: m_bottom
    QSplitter* m_horizontal; ///< the data plot (and the inspector, outside lecture mode)
    QSplitter* m_bottom;     ///< the log-likelihood plot (and the inspector in lecture mode)
    QTimer* m_timer;
    Actions m_actions;
    void applySplitterRatio();

    double m_scale = 1.0;
    bool m_lecture = false;
    bool m_userSplit = false; ///< the user dragged a splitter: keep their layout
    int m_glideMs = 0;
    int m_strokeId = 0;
    int m_dragId = 0;
    std::string m_lastDataName;
    Eigen::Index m_lastDataSize = 0;
    std::uint64_t m_lastGeneration = 0;
};

} // namespace latentlab
