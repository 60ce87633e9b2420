#pragma once
// AeVsVaeView: why an autoencoder alone cannot generate. An autoencoder (VaeTrainer in its
// autoencoder mode: z = mu, no KL term) and a VAE are trained on the same images with the same
// seed and settings, off the GUI thread with a progress bar (small settings: seconds). Side
// by side, for each: the latent plane with the encoded held-out images over the decoded grid
// on the prior's range [-3, 3]^2, with N(0, I)'s circles and 64 samples z ~ N(0, I), and the
// sheet of those samples decoded. The autoencoder's codes spread far beyond the prior and
// leave holes, whose decodes are no digit; the VAE's codes sit near the prior and its grid
// and samples are digits everywhere. Pressing or dragging on either plane decodes that z
// with both models, side by side.

#include "common/background_task.h"
#include "vae/vae.h"

#include <Eigen/Core>
#include <QWidget>
#include <array>
#include <memory>

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;

namespace latentlab {

class DigitImage;
class LatentPlot;

class AeVsVaeView : public QWidget {
    Q_OBJECT
public:
    explicit AeVsVaeView(QWidget* parent = nullptr);
    ~AeVsVaeView() override;

    /// Trains both models off the GUI thread (once; again with retrain()).
    void start();
    void retrain();
    /// Waits for the training and shows the result (the command line; tests).
    void waitForResult();
    bool busy() const;
    bool hasResult() const { return bool(m_result); }

    /// 0: the autoencoder, 1: the VAE.
    LatentPlot* plot(int which) const { return m_plots[std::size_t(which)]; }
    DigitImage* samples(int which) const { return m_samples[std::size_t(which)]; }
    /// Both models' decodes at z (after training), and the cross-hair on both planes.
    void setZ(const Eigen::Vector2d& z);
    DigitImage* decodedAtZ(int which) const { return m_atZ[std::size_t(which)]; }
    QString summaryText() const;
    /// How far the encoded test images reach from the origin: the largest |z| per model.
    double codeRadius(int which) const;

    void setScale(double scale);
    void setLectureMode(bool on);
    void stop();

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Result;
    void finished();
    void showResult(const Result& r);
    void sizeDecodes(); ///< lecture mode: the decodes at z as large as the window allows

    std::array<LatentPlot*, 2> m_plots{};
    std::array<DigitImage*, 2> m_samples{}, m_atZ{};
    std::array<QLabel*, 2> m_titles{};
    std::array<std::pair<QString, QString>, 2> m_titleTexts; ///< full and lecture-mode titles
    QLabel* m_explain = nullptr;
    QLabel* m_summary = nullptr;
    QProgressBar* m_progress = nullptr;
    QWidget* m_progressRow = nullptr;
    QGridLayout* m_grid = nullptr;
    bool m_lecture = false;
    QPushButton* m_retrain = nullptr;
    double m_scale = 1.0;
    std::shared_ptr<Result> m_result, m_pending;
    BackgroundTask m_task; ///< last: stopped before the rest goes
};

} // namespace latentlab
