#include "vae/vae_trainer.h"

#include "nn/adam.h"
#include "common/error.h"
#include "common/thread_team.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace latentlab {

void VaeTrainingOptions::validate() const {
    if (epochs < 0 || epochs > 100000)
        throw ArgumentError("epochs must be in [0, 100000]");
    if (batchSize < 1 || batchSize > 65536)
        throw ArgumentError("batch size must be in [1, 65536]");
    if (!(learningRate > 0 && learningRate < 10))
        throw ArgumentError("learning rate must be in (0, 10)");
    if (!(beta >= 0 && beta <= 1000))
        throw ArgumentError("beta must be in [0, 1000]");
    if (threads < 1 || threads > 256)
        throw ArgumentError("threads must be in [1, 256]");
    if (snapshotEveryBatches < 1)
        throw ArgumentError("snapshot interval must be at least one batch");
}

VaeTrainer::VaeTrainer(const VaeArchitecture& architecture, const VaeTrainingOptions& options,
                       std::shared_ptr<const VaeDataset> train,
                       std::shared_ptr<const VaeDataset> test)
    : m_net(architecture), m_options(options), m_train(std::move(train)), m_test(std::move(test)) {
    m_options.validate();
    if (!m_train || m_train->count == 0)
        throw ArgumentError("no training images");
    for (const auto* d : {m_train.get(), m_test.get()})
        if (d && (d->pixels.size() != d->count * std::size_t(d->dimension) ||
                  (!d->labels.empty() && d->labels.size() != d->count)))
            throw ArgumentError("the data set " + d->name + " holds " +
                                std::to_string(d->pixels.size()) + " pixels and " +
                                std::to_string(d->labels.size()) + " labels for " +
                                std::to_string(d->count) + " images");
    if (m_train->dimension != architecture.input ||
        (m_test && m_test->dimension != architecture.input))
        throw ArgumentError("the images do not have " + std::to_string(architecture.input) +
                            " pixels");
    m_initial.resize(m_net.parameterCount());
    Random rng(m_options.seed);
    m_net.initialise(m_initial.data(), rng);
    m_snapshot = std::make_shared<const Vae>(architecture, m_initial);
}

void VaeTrainer::start() {
    if (m_started)
        throw ArgumentError("the trainer was already started");
    m_started = true;
    m_task.start([this](const std::atomic_bool& cancelled) { train(cancelled); }, m_onFinished);
}

void VaeTrainer::cancel() {
    std::lock_guard lock(m_pauseMutex); // so a waiting thread cannot miss the wake-up
    m_task.cancel();
    m_pauseChanged.notify_all();
}

void VaeTrainer::pause() {
    std::lock_guard lock(m_pauseMutex);
    m_pauseRequested = true;
}

void VaeTrainer::resume() {
    std::lock_guard lock(m_pauseMutex);
    m_pauseRequested = false;
    m_pauseChanged.notify_all();
}

bool VaeTrainer::pauseRequested() const {
    std::lock_guard lock(m_pauseMutex);
    return m_pauseRequested;
}

bool VaeTrainer::isPaused() const {
    std::lock_guard lock(m_pauseMutex);
    return m_paused;
}

double VaeTrainer::waitWhilePaused(const std::atomic_bool& cancelled) {
    std::unique_lock lock(m_pauseMutex);
    if (!m_pauseRequested || cancelled)
        return 0;
    const auto started = std::chrono::steady_clock::now();
    m_paused = true;
    m_pauseChanged.wait(lock, [&] { return !m_pauseRequested || cancelled; });
    m_paused = false;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

std::shared_ptr<const Vae> VaeTrainer::snapshot() const {
    std::lock_guard lock(m_snapshotMutex);
    return m_snapshot;
}

void VaeTrainer::publish(const float* params) {
    // Weights an overflowing step made infinite or NaN are never published: the snapshot
    // stays the last finite one (the next batch's loss then stops the training).
    if (!std::all_of(params, params + m_net.parameterCount(),
                     [](float v) { return std::isfinite(v); }))
        return;
    auto s = std::make_shared<const Vae>(
        m_net.architecture(), std::vector<float>(params, params + m_net.parameterCount()));
    std::lock_guard lock(m_snapshotMutex);
    m_snapshot = std::move(s);
}

void VaeTrainer::train(const std::atomic_bool& cancelled) {
    using Clock = std::chrono::steady_clock;
    const VaeTrainingOptions& o = m_options;
    const VaeDataset& data = *m_train;
    const int D = m_net.architecture().input, L = m_net.architecture().latent;
    const std::size_t P = m_net.parameterCount();
    const std::size_t N = data.count;
    const int B = int(std::min<std::size_t>(std::size_t(o.batchSize), N));
    const int T = std::min(o.threads, B);
    const int batches = int((N + std::size_t(B) - 1) / std::size_t(B));

    // Every buffer of ours that the loop touches is allocated here, once (Eigen's products
    // allocate their own packing space; see MlpT::Workspace).
    // Parameters and gradients start on an Eigen-aligned address: Eigen's vectorised kernels
    // peel a different number of leading elements at other alignments, which changes the
    // order of the sums and so the last bits. Aligned buffers make a seed and a thread count
    // give bit-identical weights in every run, not just in every process.
    using AlignedFloats = std::vector<float, Eigen::aligned_allocator<float>>;
    AlignedFloats params(m_initial.begin(), m_initial.end());
    Adam adam(P, AdamOptions{o.learningRate, 0.9, 0.999, 1e-8});
    ThreadTeam team(T);
    const int maxSlice = (B + T - 1) / T;
    std::vector<VaeNet::Workspace> ws;
    std::vector<Eigen::MatrixXf> x, eps;
    AlignedFloats grad(P);
    std::vector<VaeNet::LossSums> sums(static_cast<std::size_t>(T));
    for (int t = 0; t < T; ++t) {
        ws.emplace_back(m_net, maxSlice);
        x.emplace_back(D, maxSlice);
        eps.emplace_back(L, maxSlice);
    }
    // The slices of the current batch that hold observations (all but when the batch is
    // smaller than the team), in slice order.
    std::vector<const VaeNet::Workspace*> slices;
    slices.reserve(std::size_t(T));
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t(0));
    Random shuffleRng(vaeStreamSeed(o.seed, kVaeTrainStream, 0, ~0ULL));

    int epoch = 0, batchInEpoch = 0, batchSize = 0;
    std::size_t batchStart = 0;
    auto slice = [&](int t) {
        return std::pair{int(ThreadTeam::shareBegin(std::size_t(batchSize), t, T)),
                         int(ThreadTeam::shareBegin(std::size_t(batchSize), t + 1, T))};
    };
    // Phase 1: each member runs the forward pass and the backward pass down to the deltas of
    // every layer for its slice of the batch (the observations are independent up to here).
    auto deltas = [&](int t) {
        const auto [s0, s1] = slice(t);
        const int n = s1 - s0;
        sums[std::size_t(t)] = {};
        if (n == 0)
            return;
        for (int j = 0; j < n; ++j) {
            const std::size_t position = batchStart + std::size_t(s0 + j);
            Random rng(vaeStreamSeed(o.seed, kVaeTrainStream, std::uint64_t(epoch), position));
            data.target(order[position], o.binarization, rng, x[std::size_t(t)].col(j).data());
            for (int l = 0; l < L; ++l) {
                const double e = rng.normal(); // drawn either way: the same streams
                eps[std::size_t(t)](l, j) = o.autoencoder ? 0.f : float(e);
            }
        }
        sums[std::size_t(t)] = m_net.lossAndDeltas(
            params.data(), x[std::size_t(t)].leftCols(n), eps[std::size_t(t)].leftCols(n),
            float(o.klWeight()), 1.f / float(batchSize), ws[std::size_t(t)]);
    };
    // Phase 2: the weight gradients are shared out by columns of each layer's weights: each
    // member sums delta_l a_{l-1}^T over all the slices, in slice order, for its columns, and
    // applies the Adam step to them (and to the bias it took) while they are still in cache
    // (a member's share of a layer is at most some 800 KB at 2 threads, in its L2 cache).
    // So no thread writes a whole gradient buffer and none is summed afterwards: the
    // gradient is written once and read once, from cache.
    auto update = [&](int t) {
        for (int layer = 0; layer < m_net.gradientLayers(); ++layer) {
            const int inputs = m_net.layerInputs(layer);
            const int c0 = int(ThreadTeam::shareBegin(std::size_t(inputs), t, T));
            const int c1 = int(ThreadTeam::shareBegin(std::size_t(inputs), t + 1, T));
            const bool withBias = layer % T == t;
            if (c0 == c1 && !withBias)
                continue;
            m_net.weightGradient(layer, slices.data(), int(slices.size()), c0, c1, withBias,
                                 grad.data());
            const auto r = m_net.layerRanges(layer, c0, c1);
            adam.update(params.data(), grad.data(), r[0], r[1]);
            if (withBias)
                adam.update(params.data(), grad.data(), r[2], r[3]);
        }
    };

    for (epoch = 1; epoch <= o.epochs && !cancelled; ++epoch) {
        const auto started = Clock::now();
        // Fisher-Yates shuffle
        for (std::size_t i = N - 1; i > 0; --i)
            std::swap(order[i], order[shuffleRng.index(i + 1)]);
        double recSum = 0, klSum = 0, pausedSeconds = 0;
        std::size_t seen = 0;
        for (batchInEpoch = 1; batchInEpoch <= batches; ++batchInEpoch) {
            pausedSeconds += waitWhilePaused(cancelled);
            if (cancelled)
                break;
            batchStart = std::size_t(batchInEpoch - 1) * std::size_t(B);
            batchSize = int(std::min<std::size_t>(std::size_t(B), N - batchStart));
            slices.clear();
            for (int t = 0; t < T; ++t)
                if (slice(t).second > slice(t).first)
                    slices.push_back(&ws[std::size_t(t)]);
            team.run(deltas);
            double rec = 0, kl = 0;
            for (const auto& s : sums) {
                rec += s.reconstruction;
                kl += s.kl;
            }
            if (!std::isfinite(rec + kl)) {
                // The snapshot keeps the last finite weights (see publish()); stop.
                m_diverged = true;
                return;
            }
            adam.beginStep();
            team.run(update);
            recSum += rec;
            klSum += kl;
            seen += std::size_t(batchSize);
            if (batchInEpoch % o.snapshotEveryBatches == 0)
                publish(params.data());
            if (m_onBatch)
                m_onBatch({epoch, batchInEpoch, batches, (rec + o.klWeight() * kl) / batchSize});
        }
        const double seconds =
            std::chrono::duration<double>(Clock::now() - started).count() - pausedSeconds;
        publish(params.data());
        if (cancelled)
            break;
        VaeEpochProgress p;
        p.epoch = epoch;
        p.seconds = seconds;
        p.samplesPerSecond = seconds > 0 ? double(seen) / seconds : 0.0;
        p.trainElbo = -(recSum + klSum) / double(seen);
        p.trainKl = klSum / double(seen);
        if (m_test) {
            VaeEvaluationOptions eo;
            eo.binarization = o.binarization;
            eo.seed = o.seed;
            eo.threads = T;
            p.test = evaluateVae(*snapshot(), *m_test, eo);
            p.hasTest = true;
        }
        m_lastEpoch = p;
        m_epochsDone = epoch;
        if (m_onEpoch)
            m_onEpoch(p);
    }
}

} // namespace latentlab
