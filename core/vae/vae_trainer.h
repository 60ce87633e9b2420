#pragma once
// Trains a VAE off the caller's thread: minibatch Adam on the batch mean of -ELBO, with a
// fresh shuffle every epoch and (by default) dynamic binarisation.
//
// Threads: the trainer runs off the caller's thread as a BackgroundTask; with threads = T > 1
// each batch is split into T contiguous slices. The members of a ThreadTeam of T threads
// first run the forward and backward passes of one slice each, down to the deltas of every
// layer; then they share out the weights by columns, each summing its columns' gradient over
// the slices in slice order and applying the Adam step to them. Every sum has a fixed order,
// so the same seed and the same T give bit-identical weights.
//
// Watching: callbacks run on the training thread after each batch and each epoch (keep them
// short), and snapshot() returns the latest published weights, an immutable Vae that any
// thread may decode with while training goes on. cancel() stops after the current batch.
// pause() holds the training thread between two batches until resume() (or cancel()): the
// weights after resuming are those of a run never paused.
//
// Divergence: weights that are not all finite are never published, and a batch whose loss is
// not finite stops the training, so the snapshot keeps the last finite weights; diverged()
// says so.

#include "common/background_task.h"
#include "vae/vae.h"
#include "vae/vae_dataset.h"
#include "vae/vae_evaluation.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace latentlab {

struct VaeTrainingOptions {
    int epochs = 10;
    int batchSize = 128;
    double learningRate = 1e-3;
    double beta = 1.0;
    Binarization binarization = Binarization::Dynamic;
    std::uint64_t seed = 1;
    int threads = 1;
    int snapshotEveryBatches = 8; ///< also published at the end of every epoch
    /// A plain autoencoder: a deterministic encoder (z = mu, the noise is zero) and no KL
    /// term (weight 0 whatever beta says). The log-variance head gets no gradient and keeps
    /// its initial weights.
    bool autoencoder = false;
    /// The weight of the KL term in the loss: beta, or 0 for the autoencoder.
    double klWeight() const { return autoencoder ? 0.0 : beta; }
    /// Throws ArgumentError for out-of-range values.
    void validate() const;
};

struct VaeBatchProgress {
    int epoch = 0; ///< 1-based
    int batch = 0; ///< 1-based within the epoch
    int batches = 0;
    double loss = 0; ///< batch mean of -ELBO (with beta)
};

struct VaeEpochProgress {
    int epoch = 0;
    double seconds = 0;          ///< training time of the epoch (test evaluation excluded)
    double samplesPerSecond = 0; ///< training images per second
    double trainElbo = 0;        ///< mean ELBO over the epoch's batches (beta = 1 parts)
    double trainKl = 0;
    bool hasTest = false;
    VaeEvaluation test;
};

class VaeTrainer {
public:
    /// test may be null (no per-epoch test evaluation). Throws ArgumentError for bad options
    /// or data that does not fit the architecture.
    VaeTrainer(const VaeArchitecture& architecture, const VaeTrainingOptions& options,
               std::shared_ptr<const VaeDataset> train,
               std::shared_ptr<const VaeDataset> test = nullptr);
    ~VaeTrainer() { cancel(); } ///< cancels (waking a pause); m_task's destructor joins
    VaeTrainer(const VaeTrainer&) = delete;
    VaeTrainer& operator=(const VaeTrainer&) = delete;

    void setBatchCallback(std::function<void(const VaeBatchProgress&)> f) {
        m_onBatch = std::move(f);
    }
    void setEpochCallback(std::function<void(const VaeEpochProgress&)> f) {
        m_onEpoch = std::move(f);
    }
    /// Runs on the training thread once training has ended: finished, cancelled, diverged
    /// or failed (then wait() rethrows the error).
    void setFinishedCallback(std::function<void()> f) { m_onFinished = std::move(f); }

    /// Starts training off the caller's thread (a BackgroundTask); at most once.
    void start();
    /// Asks the training to stop after the current batch (also while paused).
    void cancel();
    /// Holds the training before its next batch; resume() lets it go on. Any thread.
    void pause();
    void resume();
    /// Whether a pause is asked (the thread may still be finishing its batch).
    bool pauseRequested() const;
    /// Whether the training thread is waiting in a pause now.
    bool isPaused() const;
    /// Whether the training stopped at a batch whose loss was NaN or infinite.
    bool diverged() const { return m_diverged; }
    /// Blocks until the training has finished; rethrows an exception it ended with.
    void wait() { m_task.join(); }

    bool isFinished() const { return m_task.finished(); }
    bool wasCancelled() const { return m_task.cancelRequested(); }
    int epochsDone() const { return m_epochsDone; }
    /// The latest published weights (the initial ones before the first batch). Thread-safe.
    std::shared_ptr<const Vae> snapshot() const;
    const VaeEpochProgress& lastEpoch() const { return m_lastEpoch; } ///< after wait()
    const VaeTrainingOptions& options() const { return m_options; }
    const VaeArchitecture& architecture() const { return m_net.architecture(); }

private:
    /// The training loop (what start() runs); returns early once `cancelled` is set.
    void train(const std::atomic_bool& cancelled);
    void publish(const float* params);
    /// Waits while paused (returns at once otherwise); the seconds spent waiting.
    double waitWhilePaused(const std::atomic_bool& cancelled);

    VaeNet m_net;
    VaeTrainingOptions m_options;
    std::shared_ptr<const VaeDataset> m_train, m_test;
    std::vector<float> m_initial;
    std::function<void(const VaeBatchProgress&)> m_onBatch;
    std::function<void(const VaeEpochProgress&)> m_onEpoch;
    std::function<void()> m_onFinished;
    bool m_started = false;
    std::atomic<int> m_epochsDone{0};
    mutable std::mutex m_snapshotMutex;
    std::shared_ptr<const Vae> m_snapshot;
    VaeEpochProgress m_lastEpoch;
    mutable std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;
    bool m_pauseRequested = false, m_paused = false;
    std::atomic_bool m_diverged{false};
    BackgroundTask m_task; ///< last: stopped (cancelled and joined) before the rest goes
};

} // namespace latentlab
