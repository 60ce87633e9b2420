#pragma once
// TransportBar: the buttons under the plot (back, E-step, M-step, full iteration, play/pause,
// speed, run to convergence, reset) and a timeline slider across every recorded half-step.
// The buttons are bound to the window's QActions, so their tooltips name the same keyboard
// shortcuts the menus do. The bar does not take keyboard focus: Space and the arrows always
// reach the transport shortcuts.

#include <QWidget>

class QAction;
class QSlider;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;

namespace latentlab {

class TransportBar : public QWidget {
    Q_OBJECT
public:
    struct Actions {
        QAction* back;
        QAction* eStep;
        QAction* mStep;
        QAction* next;
        QAction* iterate;
        QAction* play;
        QAction* run;
        QAction* reset;
    };
    TransportBar(const Actions& actions, QWidget* parent = nullptr);

    /// Timeline over states 0..count-1 with `current` marked.
    void setTimeline(int current, int count);
    double speed() const;
    void setSpeed(double halfStepsPerSecond);
    void setBusy(bool busy, const QString& what = {});
    QSlider* timeline() const { return m_timeline; }

signals:
    void timelineMoved(int state);
    void speedChanged(double halfStepsPerSecond);

private:
    QSlider* m_timeline;
    QLabel* m_position;
    QDoubleSpinBox* m_speed;
    QProgressBar* m_busy;
};

} // namespace latentlab
