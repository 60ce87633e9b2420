#pragma once
// FourStepView: the lecture's "Training a VAE in four steps" (core/vae/four_step.h), stepped
// like EM in the mixture view: Step, Back, Play and Reset (actions with keys and tooltips),
// the latent plane with every training image's code after the step (LatentPlot, coloured by
// digit), a curve of the mean objective log p(x|z) + log p(z) after each step 2 and 3, and
// an inspector naming the step and its formula. Each step is computed off the GUI thread;
// Back restores the previous step exactly. The images (1,000 of the bundled MNIST-10k) are
// read when the tab is first shown.

#include <QWidget>
#include <memory>

#include "common/background_task.h"
#include "vae/four_step.h"

class QAction;
class QCustomPlot;
class QLabel;
class QTextBrowser;
class QTimer;
class QVBoxLayout;

namespace latentlab {

class LatentPlot;

class FourStepView : public QWidget {
    Q_OBJECT
public:
    explicit FourStepView(QWidget* parent = nullptr);
    ~FourStepView() override;

    /// Builds the walkthrough (reads the images) if not yet done; false with an error shown
    /// on the plane when the images cannot be read.
    bool ensureWalkthrough();
    /// Resets and runs `steps` steps at once on this thread (the command line; tests).
    void runTo(int steps);
    const FourStepWalkthrough* walkthrough() const { return m_walk.get(); }
    bool busy() const;

    LatentPlot* plot() const { return m_plot; }
    QCustomPlot* curve() const { return m_curve; }
    QString inspectorText() const;
    QAction* stepAction() const { return m_step; }
    QAction* backAction() const { return m_back; }
    QAction* playAction() const { return m_play; }
    QAction* resetAction() const { return m_reset; }

    void setScale(double scale);
    void setLectureMode(bool on);
    /// Stops playing and any step being computed.
    void stop();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void step();
    void back();
    void reset();
    void setPlaying(bool on);
    void stepFinished();
    void refresh();
    void updateCurve();
    void updateInspector();
    void updateActions();

    LatentPlot* m_plot;
    QCustomPlot* m_curve;
    QTextBrowser* m_inspector = nullptr;
    QLabel* m_status = nullptr;
    QWidget* m_side = nullptr;
    QVBoxLayout* m_leftLayout = nullptr;
    QVBoxLayout* m_sideLayout = nullptr;
    QAction* m_step = nullptr;
    QAction* m_back = nullptr;
    QAction* m_play = nullptr;
    QAction* m_reset = nullptr;
    QTimer* m_playTimer = nullptr;
    double m_scale = 1.0;
    bool m_lecture = false;
    QString m_error;
    std::unique_ptr<FourStepWalkthrough> m_walk;
    FourStepState m_pending; ///< written by the step's thread, read after it has ended
    BackgroundTask m_task;   ///< last: stopped before the rest goes
};

} // namespace latentlab
