#pragma once
// VaeTrainingPanel: the VAE view's Train tab. The settings of a training (data set, epochs,
// batch, learning rate, beta with its meaning written beside it, hidden sizes, the latent
// size fixed at 2, seed, threads), the page's Start, Pause/Resume, Stop, Reset and Save
// buttons, a progress bar with the epoch, the batch and the time left, warnings in words
// (posterior collapse, a NaN loss, a failed run) and the curves. It observes a
// VaeTrainingRun; the page owns both and its actions drive them.

#include "vae/vae_training_run.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QSlider;
class QSpinBox;
class QTimer;
class QAction;

namespace latentlab {

class VaeTrainingCurves;

class VaeTrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit VaeTrainingPanel(VaeTrainingRun* run, QWidget* parent = nullptr);

    /// The settings as the controls show them; nullopt (and the reason in the warning line)
    /// when the hidden sizes cannot be read.
    std::optional<VaeTrainingSettings> settings();
    void setSettings(const VaeTrainingSettings& s);
    /// Buttons for the page's actions, in one row.
    void addButtons(const QList<QAction*>& actions);

    /// What the beta slider's note says for `beta`.
    static QString betaMeaning(double beta);

    VaeTrainingCurves* curves() const { return m_curves; }
    QProgressBar* progressBar() const { return m_progress; }
    QSlider* betaSlider() const { return m_beta; }
    /// The progress line and the warning, as plain text (tests).
    QString progressText() const;
    QString warningText() const;

    void setScale(double scale);
    /// Lecture mode: the curves' legend compact, and no empty plot under the form before a
    /// run (the form, in large type, needs the height).
    void setLectureMode(bool on);

private:
    void chooseIdxFile();
    void refresh(); ///< progress, warning and curves (at most 4 times a second)
    void updateBetaNote();
    void updateEnabled();

    VaeTrainingRun* m_run;
    QComboBox* m_data = nullptr;
    QString m_idxImages, m_idxLabels;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_lr = nullptr;
    QSlider* m_beta = nullptr;
    QLabel* m_betaValue = nullptr;
    QLabel* m_betaNote = nullptr;
    QLineEdit* m_hidden = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_threads = nullptr;
    QWidget* m_settingsBox = nullptr;
    QLabel* m_summary = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_warning = nullptr;
    VaeTrainingCurves* m_curves = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QString m_settingsProblem;
    bool m_lecture = false;
};

} // namespace latentlab
