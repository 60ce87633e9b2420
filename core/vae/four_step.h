#pragma once
// The lecture's "Training a VAE in four steps" as a stepped, reversible walkthrough on a small
// set of images (a couple of thousand, small hidden sizes, so that every step takes well
// under a second):
//
//   1. every training image x_i gets a random code z_i ~ N(0, I);
//   2. the decoder f(z; theta) is fitted to the pairs (x_i, z_i) by maximum likelihood. This
//      app's decoder is Bernoulli, so that means minimising  sum_i BCE(x_i, f(z_i; theta)).
//      (For a Gaussian decoder N(f(z), sigma^2 I) it would be minimising
//      d log sigma^2 + (1 / sigma^2) sum_i ||x_i - f(z_i; theta)||^2.)
//      Full-batch Adam directions with backtracking: a step is taken only if the loss on the
//      pairs does not go up, so the loss never increases over step 2;
//   3. with the decoder fixed, each z_i climbs  J(z_i) = log p(x_i|z_i) + log p(z_i)  by
//      gradient ascent (the non-linear analogue of EM's E-step: the most probable code, not a
//      posterior). Each image has its own step size, doubled when a step raises its J and
//      halved (and the step refused) when it would not, so no image's J ever decreases;
//      steps 2 and 3 repeat for a few rounds (2b, 3b, ...);
//   4. an encoder is trained to predict the inferred codes (regression of mu(x) on z_i:
//      amortised inference, one network instead of one optimisation per image), then the
//      encoder and decoder continue as a full VAE (reparameterisation and the KL term) for a
//      few epochs; the result is compared with a VAE trained directly from the same
//      initial weights for as many epochs.
//
// Every state is kept, so Back restores the previous one exactly (as EM's history does).
// next() is const and thread-safe: a GUI computes the next state off its thread and push()es
// it back on its own.

#include "vae/vae.h"
#include "vae/vae_dataset.h"

#include <Eigen/Core>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace latentlab {

struct FourStepOptions {
    std::vector<int> hidden{64, 32}; ///< the encoder's; the decoder mirrors them
    int rounds = 4;                  ///< rounds of steps 2 and 3 before step 4
    int decoderPasses = 12;          ///< full-batch steps of step 2
    double decoderLearningRate = 0.02;
    int inferenceIterations = 15; ///< gradient steps on every z in step 3
    double inferenceStep = 0.02;  ///< each image's first step size
    int encoderEpochs = 8;        ///< regression epochs of step 4
    int vaeEpochs = 4;            ///< VAE epochs of step 4 (and of the direct training)
    int batchSize = 100;
    double learningRate = 2e-3; ///< Adam's, for the encoder and the VAE epochs
    std::uint64_t seed = 1;
    /// Throws ArgumentError for out-of-range values.
    void validate() const;
};

enum class FourStepStage { Start, RandomCodes, FitDecoder, InferCodes, Encoder };

/// Parameters on an Eigen-aligned address: Eigen's kernels peel a different number of leading
/// elements at other alignments, which changes the last bits of the sums (see the trainer),
/// and the walkthrough promises the same states for the same seed.
using FourStepParameters = std::vector<float, Eigen::aligned_allocator<float>>;

struct FourStepState {
    FourStepStage stage = FourStepStage::Start;
    int round = 0; ///< 1, 2, ... for steps 2 and 3
    /// latent x N codes of the training images: random (1), inferred (3), or the final VAE's
    /// posterior means (4); empty at the start.
    Eigen::MatrixXf z;
    FourStepParameters decoder; ///< the decoder's parameters (empty before step 2)
    FourStepParameters vae;     ///< the whole VAE after step 4 (encoder, then decoder)

    /// Step 2: the mean decoder loss (BCE per image, nats) before and after each pass.
    std::vector<double> decoderLoss;
    /// Step 3: the mean objective J per image before and after each iteration.
    std::vector<double> inference;
    /// The mean J per image after every step so far that has one (2 and 3), in order, with
    /// the step's label: the walkthrough's curve.
    std::vector<double> curve;
    std::vector<std::string> curveLabels;

    /// Step 4: mean ||mu(x_i) - z_i||^2 after the regression; test ELBOs (nats per image)
    /// of the encoder with the fitted decoder before the VAE epochs, after them, and of the
    /// VAE trained directly from the same weights for as many epochs.
    double encoderError = 0;
    double elboAfterRegression = 0, elboWalkthrough = 0, elboDirect = 0;
};

class FourStepWalkthrough {
public:
    /// train: the images the codes belong to; test: held-out images for step 4's ELBO (may
    /// be the same). Throws ArgumentError for bad options or empty data.
    FourStepWalkthrough(std::shared_ptr<const VaeDataset> train,
                        std::shared_ptr<const VaeDataset> test, const FourStepOptions& options);

    const FourStepOptions& options() const { return m_options; }
    const VaeDataset& train() const { return *m_train; }
    const VaeArchitecture& architecture() const { return m_net.architecture(); }
    /// The current state, and how many steps led to it (0 at the start).
    const FourStepState& state() const { return m_history.back(); }
    int stepsDone() const { return int(m_history.size()) - 1; }
    /// The step after the last: 1, 2, 3, 2b, 3b, ..., 4, then none.
    bool atEnd() const { return state().stage == FourStepStage::Encoder; }
    FourStepStage nextStage() const;

    /// The state after the current one; off any thread. Returns the current state unchanged
    /// when cancelled is set part-way or at the end.
    FourStepState next(const std::atomic_bool* cancelled = nullptr) const;
    /// Appends a state made by next() from the current one.
    void push(FourStepState state);
    /// next() and push(). False at the end.
    bool step();
    /// Back to the previous state (exactly); false at the start.
    bool back();
    void reset();

    /// "1", "2", "3", "2b", "3b", ..., "4" (empty for the start).
    static std::string label(FourStepStage stage, int round);
    /// Parses a label of the walkthrough with `rounds` rounds into the number of steps after
    /// the start; -1 when it is not one.
    static int stepsFor(const std::string& label, int rounds);

    /// The mean over the pairs (x_i, z_i) of BCE(x_i, f(z_i; decoder)): step 2's loss.
    double decoderLoss(const FourStepParameters& decoder, const Eigen::MatrixXf& z) const;
    /// The decoder's Bernoulli means f(z; decoder) for the columns of z (input x n).
    Eigen::MatrixXf decode(const FourStepParameters& decoder, const Eigen::MatrixXf& z) const;
    /// J(z_i) = log p(x_i|z_i) + log p(z_i) for every image (nats): step 3's objective.
    Eigen::VectorXd objective(const FourStepParameters& decoder, const Eigen::MatrixXf& z) const;

private:
    /// objective() with the caller's buffers (step 3 evaluates it on every iteration).
    Eigen::VectorXd objective(const FourStepParameters& decoder, const Eigen::MatrixXf& z,
                              Mlp::Workspace& ws, Eigen::ArrayXXf& scratch) const;
    FourStepState randomCodes() const;
    FourStepState fitDecoder(const FourStepState& s, const std::atomic_bool* cancelled) const;
    FourStepState inferCodes(const FourStepState& s, const std::atomic_bool* cancelled) const;
    FourStepState fitEncoder(const FourStepState& s, const std::atomic_bool* cancelled) const;
    /// Minibatch Adam on -ELBO for `epochs` epochs from `params` (the VAE epochs of step 4
    /// and the direct training); `stream` keeps their random draws apart.
    void vaeEpochs(FourStepParameters& params, std::uint64_t stream,
                   const std::atomic_bool* cancelled) const;
    double testElbo(const FourStepParameters& params) const;
    Vae vae(const FourStepParameters& params) const;

    std::shared_ptr<const VaeDataset> m_train, m_test;
    FourStepOptions m_options;
    VaeNet m_net;
    Eigen::MatrixXf m_x;          ///< D x N targets: pixels / 255
    FourStepParameters m_initial; ///< the VAE's initial weights, from the seed
    std::vector<FourStepState> m_history;
};

} // namespace latentlab
