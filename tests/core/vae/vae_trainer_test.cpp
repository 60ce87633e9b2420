// The VAE trainer: runs off the caller's thread, is bit-reproducible for a seed and thread
// count, can be cancelled, publishes snapshots another thread can decode with, and improves
// the ELBO. Small synthetic images keep it fast.
#include "common/error.h"
#include "vae/vae_evaluation.h"
#include "vae/vae_model_io.h"
#include "vae/vae_trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <thread>

using namespace latentlab;

namespace {

/// Images of `size` pixels (16 unless said) of two kinds (left half or right half bright),
/// with noise in the bytes.
std::shared_ptr<const VaeDataset> stripes(std::size_t n, std::uint64_t seed, int size = 16) {
    Random rng(seed);
    const auto d = std::size_t(size);
    std::vector<std::uint8_t> pixels(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t p = 0; p < d; ++p) {
            const bool on = (i % 2 == 0) == (p % 4 < 2);
            pixels[i * d + p] = std::uint8_t(on ? 200 + rng.index(56) : rng.index(40));
        }
    return std::make_shared<const VaeDataset>(
        VaeDataset::fromRows(pixels, size, {}, 0, n, "stripes"));
}

VaeArchitecture tiny() {
    VaeArchitecture a;
    a.input = 16;
    a.hidden = {12, 8};
    a.latent = 2;
    return a;
}

std::vector<float> train(const VaeTrainingOptions& o) {
    VaeTrainer t(tiny(), o, stripes(96, 1));
    t.start();
    t.wait();
    return t.snapshot()->parameters();
}

bool identical(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

TEST(VaeTrainer, SameSeedAndThreadsGiveBitIdenticalWeights) {
    VaeTrainingOptions o;
    o.epochs = 3;
    o.batchSize = 16;
    o.seed = 11;
    for (int threads : {1, 2}) {
        o.threads = threads;
        const auto a = train(o), b = train(o);
        EXPECT_TRUE(identical(a, b)) << threads << " threads";
    }
    o.threads = 1;
    const auto a = train(o);
    o.seed = 12;
    EXPECT_FALSE(identical(a, train(o))) << "another seed must give other weights";
}

// The build fixes the cache sizes Eigen's matrix products block for (EIGEN_NO_CPUID in
// core/CMakeLists.txt): read from the CPU, they made the same build train other weights on a
// CPU with a 48 KiB L1 cache than on one with 32 KiB.
TEST(VaeTrainer, ProductsBlockTheSameOnEveryCpu) {
    EXPECT_EQ(Eigen::l1CacheSize(), Eigen::internal::defaultL1CacheSize);
    EXPECT_EQ(Eigen::l2CacheSize(), Eigen::internal::defaultL2CacheSize);
    EXPECT_EQ(Eigen::l3CacheSize(), Eigen::internal::defaultL3CacheSize);
    // ... and the blocking matters: the same training with Eigen told of a smaller L1 cuts the
    // sums over 256 hidden units differently, and the weights differ. How small an L1 it
    // takes depends on the vector width the build uses (AVX2 or AVX-512 register blocks), so
    // a few sizes are tried.
    VaeTrainingOptions o;
    o.epochs = 1;
    o.batchSize = 64;
    VaeArchitecture a;
    a.input = 300;
    a.hidden = {256, 256};
    a.latent = 2;
    const auto data = stripes(128, 5, a.input);
    const auto weights = [&] {
        VaeTrainer t(a, o, data);
        t.start();
        t.wait();
        return t.snapshot()->parameters();
    };
    const auto fixed = weights();
    bool changed = false;
    for (std::ptrdiff_t l1 : {16 * 1024, 8 * 1024, 4 * 1024}) {
        Eigen::setCpuCacheSizes(l1, Eigen::internal::defaultL2CacheSize,
                                Eigen::internal::defaultL3CacheSize);
        changed = changed || !identical(fixed, weights());
    }
    Eigen::setCpuCacheSizes(Eigen::internal::defaultL1CacheSize,
                            Eigen::internal::defaultL2CacheSize,
                            Eigen::internal::defaultL3CacheSize);
    EXPECT_TRUE(identical(fixed, weights()));
    EXPECT_TRUE(changed) << "the blocking no longer changes the sums: "
                            "this test no longer shows why the sizes are fixed";
}

TEST(VaeTrainer, RunsOffTheCallersThreadAndImproves) {
    VaeTrainingOptions o;
    o.epochs = 200;
    o.batchSize = 16;
    o.learningRate = 1e-2;
    const auto data = stripes(96, 2);
    VaeTrainer t(tiny(), o, data, data);
    const auto caller = std::this_thread::get_id();
    std::thread::id worker;
    std::vector<double> testElbo;
    int batches = 0;
    t.setBatchCallback([&](const VaeBatchProgress& p) {
        worker = std::this_thread::get_id();
        EXPECT_TRUE(std::isfinite(p.loss));
        ++batches;
    });
    t.setEpochCallback([&](const VaeEpochProgress& p) {
        ASSERT_TRUE(p.hasTest);
        testElbo.push_back(p.test.elbo);
    });
    t.start();
    t.wait();
    EXPECT_NE(worker, caller);
    EXPECT_EQ(batches, 200 * 6);
    ASSERT_EQ(testElbo.size(), 200u);
    // 16 pixels: a coin per pixel costs 16 log 2 = 11.1 nats; the two patterns, each pixel on
    // with probability about 0.9 or 0.08, have an entropy of about 16 x 0.3 = 5 nats.
    EXPECT_LT(testElbo.front(), testElbo.back() - 3.0);
    EXPECT_GT(testElbo.back(), -8.0);
    EXPECT_EQ(t.epochsDone(), 200);
}

TEST(VaeTrainer, CancelStopsSoonAndSnapshotsDecodeMeanwhile) {
    VaeTrainingOptions o;
    o.epochs = 100000;
    o.batchSize = 8;
    o.snapshotEveryBatches = 1;
    VaeTrainer t(tiny(), o, stripes(64, 3));
    t.start();
    // Another thread (this one) decodes with whatever snapshot is current while training runs.
    Eigen::MatrixXf z(2, 3);
    z << 0, 1, -1, 0, 2, -2;
    std::shared_ptr<const Vae> first = t.snapshot();
    ASSERT_TRUE(first);
    int changed = 0;
    for (int i = 0; i < 2000 && changed < 5; ++i) {
        const auto s = t.snapshot();
        const Eigen::MatrixXf p = s->decode(z);
        ASSERT_TRUE(p.allFinite());
        ASSERT_GE(p.minCoeff(), 0.f);
        ASSERT_LE(p.maxCoeff(), 1.f);
        if (s != first) {
            ++changed;
            first = s;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_GE(changed, 1) << "snapshots must be published while training runs";
    t.cancel();
    t.wait();
    EXPECT_TRUE(t.isFinished());
    EXPECT_TRUE(t.wasCancelled());
    EXPECT_LT(t.epochsDone(), 100000);
}

TEST(VaeTrainer, AutoencoderHasZeroKlWeightAndADeterministicEncoder) {
    VaeTrainingOptions o;
    o.epochs = 2;
    o.batchSize = 16;
    o.seed = 5;
    o.autoencoder = true;
    EXPECT_EQ(o.klWeight(), 0.0);
    o.beta = 7;
    EXPECT_EQ(o.klWeight(), 0.0);
    const auto a = train(o);
    o.beta = 1;
    const auto b = train(o);
    // Zero KL weight: beta changes nothing.
    EXPECT_TRUE(identical(a, b));
    // The VAE with the same seed does move with beta.
    o.autoencoder = false;
    const auto v1 = train(o);
    o.beta = 7;
    EXPECT_FALSE(identical(v1, train(o)));

    // Deterministic encoder: the log-variance head gets no gradient, so its rows keep their
    // initial weights, and the loss at the trained weights is the same for any noise.
    const VaeNet net(tiny());
    std::vector<float> initial(net.parameterCount());
    Random rng(o.seed);
    net.initialise(initial.data(), rng);
    const int L = 2, H = 8;
    const int head = net.encoder().layers();
    const std::size_t w = net.encoder().weightOffset(head), bias = net.encoder().biasOffset(head);
    for (int c = 0; c < H; ++c)
        for (int r = L; r < 2 * L; ++r)
            EXPECT_EQ(a[w + std::size_t(c * 2 * L + r)], initial[w + std::size_t(c * 2 * L + r)]);
    for (int r = L; r < 2 * L; ++r)
        EXPECT_EQ(a[bias + std::size_t(r)], initial[bias + std::size_t(r)]);
    bool someMuWeightMoved = false;
    for (int c = 0; c < H; ++c)
        someMuWeightMoved |= a[w + std::size_t(c * 2 * L)] != initial[w + std::size_t(c * 2 * L)];
    EXPECT_TRUE(someMuWeightMoved);
}

namespace {

/// Trains with a pause asked after batch `pauseAfter` (0: none) of the whole run and a
/// resume once the thread is seen waiting; the final weights.
std::vector<float> trainPausedAfter(const VaeTrainingOptions& o, int pauseAfter, bool* paused) {
    VaeTrainer t(tiny(), o, stripes(96, 1));
    int seen = 0;
    t.setBatchCallback([&](const VaeBatchProgress&) {
        if (++seen == pauseAfter)
            t.pause();
    });
    t.start();
    if (pauseAfter > 0) {
        for (int i = 0; i < 5000 && !t.isPaused(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        *paused = t.isPaused();
        const int before = seen;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        EXPECT_EQ(seen, before) << "no batch may run while paused";
        t.resume();
    }
    t.wait();
    return t.snapshot()->parameters();
}

} // namespace

TEST(VaeTrainer, PauseAndResumeGiveTheWeightsOfAnUninterruptedRun) {
    VaeTrainingOptions o;
    o.epochs = 3;
    o.batchSize = 16;
    o.seed = 5;
    for (int threads : {1, 2}) {
        o.threads = threads;
        const auto straight = trainPausedAfter(o, 0, nullptr);
        for (int b : {1, 6, 7, 13}) { // 6 batches per epoch: also at an epoch's end
            bool paused = false;
            const auto resumed = trainPausedAfter(o, b, &paused);
            EXPECT_TRUE(paused) << "after batch " << b;
            EXPECT_TRUE(identical(straight, resumed)) << "pause after batch " << b;
        }
    }
}

TEST(VaeTrainer, CancelWhilePausedStopsAndLeavesAModelThatSavesAndScores) {
    VaeTrainingOptions o;
    o.epochs = 1000;
    o.batchSize = 8;
    const auto data = stripes(64, 3);
    auto t = std::make_unique<VaeTrainer>(tiny(), o, data);
    t->setBatchCallback([&](const VaeBatchProgress& p) {
        if (p.epoch == 2 && p.batch == 3)
            t->pause();
    });
    t->start();
    for (int i = 0; i < 5000 && !t->isPaused(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(t->isPaused());
    t->cancel(); // wakes the paused thread
    t->wait();
    EXPECT_TRUE(t->wasCancelled());
    EXPECT_EQ(t->epochsDone(), 1);
    const auto vae = t->snapshot();
    const auto path = std::filesystem::temp_directory_path() / "latentlab_cancelled.llvae";
    VaeTrainingRecord r;
    r.dataset = data->name;
    saveVaeModel(path.string(), *vae, r);
    const VaeModel back = loadVaeModel(path.string());
    std::filesystem::remove(path);
    EXPECT_TRUE(identical(back.vae->parameters(), vae->parameters()));
    const VaeEvaluation e = evaluateVae(*back.vae, *data, {});
    EXPECT_TRUE(std::isfinite(e.elbo));
    EXPECT_LT(e.elbo, 0.0);

    // Destroying a paused trainer does not hang either.
    auto u = std::make_unique<VaeTrainer>(tiny(), o, data);
    u->pause();
    u->start();
    for (int i = 0; i < 5000 && !u->isPaused(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(u->isPaused());
    u.reset();
}

TEST(VaeTrainer, RefusesDataThatDoesNotHoldItsImagesBeforeTraining) {
    // The pixels are 8-bit, so a NaN cannot be stored in them; what a bad data set can do is
    // claim more images than it holds, which would read past its end.
    VaeDataset bad = *stripes(32, 1);
    bad.count = 40;
    try {
        VaeTrainer t(tiny(), {}, std::make_shared<const VaeDataset>(bad));
        FAIL() << "a data set shorter than it claims must be refused";
    } catch (const ArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("stripes"), std::string::npos) << e.what();
    }
    VaeDataset labels = *stripes(32, 1);
    labels.labels.assign(31, 0);
    EXPECT_THROW(VaeTrainer(tiny(), {}, std::make_shared<const VaeDataset>(labels)), ArgumentError);
    VaeTrainingOptions o;
    o.beta = std::nan("");
    EXPECT_THROW(VaeTrainer(tiny(), o, stripes(32, 1)), ArgumentError);
    o.beta = 1;
    o.learningRate = std::nan("");
    EXPECT_THROW(VaeTrainer(tiny(), o, stripes(32, 1)), ArgumentError);
}

TEST(VaeTrainer, ANonFiniteLossStopsWithTheLastFiniteWeights) {
    // A learning rate near the limit with a huge beta blows the weights up within a few
    // batches; the published weights stay those of the last finite step.
    VaeTrainingOptions o;
    o.epochs = 50;
    o.batchSize = 8;
    o.learningRate = 9.9;
    o.beta = 900;
    VaeArchitecture deep = tiny();
    deep.hidden = {16, 16, 16, 16, 16, 16, 16, 16};
    VaeTrainer t(deep, o, stripes(64, 2));
    int nonFinite = 0;
    t.setBatchCallback([&](const VaeBatchProgress& p) { nonFinite += !std::isfinite(p.loss); });
    t.start();
    t.wait();
    EXPECT_EQ(nonFinite, 0) << "a non-finite batch must stop training before it is reported";
    const auto& w = t.snapshot()->parameters();
    for (float v : w)
        ASSERT_TRUE(std::isfinite(v));
    EXPECT_TRUE(t.diverged());
    EXPECT_LT(t.epochsDone(), 50);
    Eigen::MatrixXf z = Eigen::MatrixXf::Zero(2, 1);
    EXPECT_TRUE(t.snapshot()->decode(z).allFinite());
}
