#pragma once
// VaeTrainingRun: training a VAE inside the app, the one code path behind the Train tab's
// Start button and `latentlab --view vae --train-epochs N` alike.
//
// It loads the data (the bundled MNIST-10k or Fashion-MNIST subset, or an IDX pair from disk)
// with the rows latentlab-cli vae-train uses, and runs core's VaeTrainer with the same options,
// so the same seed and settings give the same weights as the CLI, bit for bit. The trainer
// runs on its own thread; its callbacks only store what happened and post one queued call to
// the GUI thread (QMetaObject::invokeMethod), and only when none is pending, so a fast trainer
// never floods the event loop.
//
// The latent plane follows the training: every so often the latest snapshot encodes the test
// images on a thread of its own (an encoding is never started while one runs, and the
// interval grows with the encoding's cost, so that it takes at most a small share of the
// CPU from training) and snapshotEncoded() hands the model and its encoded test set to the
// view.

#include "common/background_task.h"
#include "vae/vae_document.h"
#include "vae/vae_trainer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace latentlab {

enum class VaeTrainingDataKind { Mnist, Fashion, Idx };

struct VaeTrainingSettings {
    VaeTrainingDataKind data = VaeTrainingDataKind::Mnist;
    QString images, labels; ///< for Idx (labels optional)
    std::vector<int> hidden{512, 256};
    VaeTrainingOptions options;
    VaeTrainingSettings();
};

/// "mnist", "fashion" or the IDX images' path: the --train-data spelling.
/// CPU seconds the calling thread has used (not its waiting), or 0 where the platform cannot
/// say: what a thread beside the training takes from it.
double threadCpuSeconds();

QString trainingDataName(const VaeTrainingSettings& s);
/// Parses --train-data into s (mnist, fashion, or an IDX images file with its labels found
/// beside it as the CLI would be given them); false for an unknown name that is not a file.
bool parseTrainingData(const QString& text, VaeTrainingSettings& s);
/// "512,256" <-> {512, 256}; nullopt for anything but 0 to 16 sizes from 1 to 65536.
std::optional<std::vector<int>> parseHiddenSizes(const QString& text);
QString hiddenSizesText(const std::vector<int>& hidden);

/// The data a run trains and tests on, as latentlab-cli vae-train reads it.
struct VaeTrainingData {
    std::shared_ptr<const VaeDataset> train, test;
    QString imagesPath, labelsPath; ///< labels empty when there are none
    QStringList classNames;
    bool fashion = false;
    /// The CLI command that trains the same model (the record's command).
    QString cliCommand(const VaeTrainingSettings& s) const;
};

/// Reads the settings' data: MNIST-10k rows 0:8000 / 8000:10000, the Fashion-MNIST subset's
/// rows 0:1600 / 1600:2000, an IDX file's rows 0:min(8000, n) / the CLI's test default. Throws
/// FileError naming the file.
VaeTrainingData loadTrainingData(const VaeTrainingSettings& s);

class VaeTrainingRun : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Finished, Stopped, Diverged, Failed };

    explicit VaeTrainingRun(QObject* parent = nullptr);
    ~VaeTrainingRun() override;

    /// Loads the data (cached between runs of the same data) and starts training; throws
    /// std::exception with a one-line message (bad file, bad settings) and changes nothing.
    void start(const VaeTrainingSettings& settings);
    void pause();
    void resume();
    /// Stops after the current batch; the last snapshot stays (a valid model).
    void stop();
    /// Forgets the run (stopping it first): curves and model.
    void reset();
    /// Cancels and joins the threads at once, without the event loop (closing the window).
    void halt();
    /// Runs the event loop until the training has ended (the command line's path).
    void waitUntilFinished();

    State state() const { return m_state; }
    bool active() const { return m_state == State::Running || m_state == State::Paused; }
    const VaeTrainingSettings& settings() const { return m_settings; }
    /// The error of a failed run, or why a diverged one stopped.
    QString error() const { return m_error; }

    // ---- Progress (GUI thread) -------------------------------------------------------------
    int epoch() const { return m_batch.epoch; }
    int batch() const { return m_batch.batch; }
    int batches() const { return m_batch.batches; }
    int totalBatchesDone() const { return m_batchesDone; }
    /// 0..1 of the whole run.
    double fraction() const;
    /// Seconds of training so far (pauses excluded) and the estimate of what is left.
    double elapsedSeconds() const;
    double secondsLeft() const;
    const std::vector<VaeEpochProgress>& epochs() const { return m_epochs; }
    /// The smoothed per-batch train ELBO (an exponential moving average of minus the batch
    /// loss over about 20 batches): x in epochs (1.5 = half-way through epoch 2), y in nats.
    const std::vector<QPointF>& batchCurve() const { return m_batchCurve; }
    /// Training samples per second over the whole run (epoch time only, as the CLI reports).
    double samplesPerSecond() const;
    /// Encodings of snapshots shown so far.
    int snapshotsShown() const { return m_snapshotsShown; }
    /// CPU seconds the encodings of snapshots took in this run (on their own thread).
    double encodeCpuSeconds() const { return m_encodeCpuTotal; }

    /// The latest weights as a model the view can show (its record as the CLI writes it),
    /// or null before any start.
    std::shared_ptr<const VaeLoadedModel> model() const;
    /// Saves the latest weights as a .llvae file (atomic); FileError naming it.
    void save(const QString& path) const;
    /// The test ELBO of the shipped model for this data (MNIST or Fashion-MNIST), if any.
    std::optional<double> referenceElbo() const;

signals:
    void stateChanged();
    /// Batches or epochs have been done since the last signal (coalesced).
    void progressed();
    void epochFinished();
    /// A snapshot's model and its encoded test images, for the latent plane.
    void snapshotEncoded(std::shared_ptr<const VaeLoadedModel> model,
                         std::shared_ptr<const VaeTestSet> testSet);

private:
    void setState(State s);
    void drain();       ///< GUI thread: takes what the trainer posted
    void onFinished();  ///< GUI thread: the trainer has ended
    void maybeEncode(); ///< GUI thread: starts an encoding of the latest snapshot
    void onEncoded();   ///< GUI thread: an encoding has ended
    VaeTrainingRecord record() const;
    std::shared_ptr<VaeLoadedModel> loadedModel(std::shared_ptr<const Vae> vae) const;

    VaeTrainingSettings m_settings;
    std::shared_ptr<const VaeTrainingData> m_data;
    QString m_dataKey;            ///< what m_data was read from
    Eigen::MatrixXf m_testInputs; ///< the test images as the encoder's input, once
    std::unique_ptr<VaeTrainer> m_trainer;
    State m_state = State::Idle;
    QString m_error;

    // Written by the training thread, read by the GUI thread under m_mutex.
    std::mutex m_mutex;
    VaeBatchProgress m_pendingBatch;
    std::vector<QPointF> m_pendingCurve;
    std::vector<VaeEpochProgress> m_pendingEpochs;
    int m_pendingBatches = 0;
    double m_ema = 0; ///< training thread only
    bool m_emaStarted = false;
    std::atomic_bool m_posted{false};

    // GUI thread.
    VaeBatchProgress m_batch;
    int m_batchesDone = 0;
    std::vector<VaeEpochProgress> m_epochs;
    std::vector<QPointF> m_batchCurve;
    QElapsedTimer m_clock;
    QTimer m_poll; ///< collects the batches' progress while the training thread runs
    double m_pausedSeconds = 0;
    QElapsedTimer m_pausedClock;

    // Encoding snapshots for the plane.
    BackgroundTask m_encoder;
    bool m_encoding = false;
    std::shared_ptr<const Vae> m_encodedVae; ///< the snapshot of the last encoding started
    std::shared_ptr<VaeTestSet> m_encodeResult;
    QElapsedTimer m_sinceEncode;
    double m_encodeCpuSeconds = 0; ///< the last encoding's, written by its thread before done
    double m_guiCpuAtEncode = 0;   ///< the GUI thread's CPU seconds when it started
    int m_snapshotsShown = 0;
    double m_encodeCpuTotal = 0;
    std::uint64_t m_modelId = 0;
    mutable std::optional<std::optional<double>> m_reference;
};

} // namespace latentlab
