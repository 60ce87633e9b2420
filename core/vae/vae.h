#pragma once
// A variational autoencoder (Kingma and Welling 2014) with a Gaussian encoder and a Bernoulli
// decoder, both MLPs:
//   q(z|x) = N(mu(x), diag sigma^2(x)), one encoder head giving mu and log sigma^2;
//   p(z)   = N(0, I);   p(x|z) = prod_p Bernoulli(x_p; sigmoid(l_p(z))) with logits l(z).
// Training minimises -ELBO(x) = E_q[-log p(x|z)] + beta KL(q(z|x) || p(z)) with one
// reparameterised sample z = mu + sigma .* eps, eps ~ N(0, I):
//   -log p(x|z) = sum_p max(l_p, 0) - l_p x_p + log(1 + exp(-|l_p|))   (BCE with logits)
//   KL          = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)     (closed form)
// Columns are observations, as everywhere in core/.

#include "nn/mlp.h"
#include "common/random.h"

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

/// log sigma^2 from the encoder head is clamped to this range, so that sigma can neither
/// underflow to 0 nor overflow; the gradient is zero where the clamp is active.
inline constexpr float kVaeLogVarMin = -10.f;
inline constexpr float kVaeLogVarMax = 10.f;

/// 2^27 parameters: 512 MB of float weights, and as much again for each of Adam's moments.
inline constexpr std::uint64_t kVaeMaxParameters = std::uint64_t(1) << 27;

struct VaeArchitecture {
    int input = 784;
    std::vector<int> hidden{512, 256}; ///< encoder hidden sizes; the decoder mirrors them
    int latent = 2;

    /// {input, hidden..., 2 latent}: the last layer is the (mu, log sigma^2) head.
    std::vector<int> encoderSizes() const;
    /// {latent, reversed hidden..., input}: the last layer gives the Bernoulli logits.
    std::vector<int> decoderSizes() const;
    /// Throws ArgumentError unless every size is in [1, 65536], there are at most 16 hidden
    /// layers, and the network has at most kVaeMaxParameters parameters (so that a typo such
    /// as --hidden 65536,65536 is refused before gigabytes are allocated).
    void validate() const;
    /// "784-512-256-2", as shown to users and stored in model files.
    std::string describe() const;
    bool operator==(const VaeArchitecture&) const = default;
};

/// The network maths over an external flat parameter buffer (encoder parameters, then
/// decoder). A template so that gradient checks run in double; the engine uses float.
template <typename Scalar> class VaeNetT {
public:
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    using ConstRef = Eigen::Ref<const Matrix>;

    /// Preallocated buffers for up to maxColumns observations.
    struct Workspace {
        Workspace() = default;
        Workspace(const VaeNetT& net, Eigen::Index maxColumns);
        typename MlpT<Scalar>::Workspace encoder, decoder;
        Matrix logVar, sigma, z, expNegAbs, dz;
        Eigen::VectorX<Scalar> reconstruction, kl; ///< per observation, after a loss call
    };

    /// Sums over the observations of one call.
    struct LossSums {
        double reconstruction = 0; ///< sum of -log p(x|z)
        double kl = 0;             ///< sum of KL(q(z|x) || p(z))
    };

    VaeNetT() = default;
    explicit VaeNetT(const VaeArchitecture& architecture);

    const VaeArchitecture& architecture() const { return m_architecture; }
    const MlpT<Scalar>& encoder() const { return m_encoder; }
    const MlpT<Scalar>& decoder() const { return m_decoder; }
    std::size_t parameterCount() const {
        return m_encoder.parameterCount() + m_decoder.parameterCount();
    }
    std::size_t decoderOffset() const { return m_encoder.parameterCount(); }
    void initialise(Scalar* params, Random& rng) const;

    /// Forward pass for targets x (input x n, values in [0, 1]) and noise eps (latent x n):
    /// fills ws.reconstruction and ws.kl per observation and returns their sums.
    LossSums loss(const Scalar* params, const ConstRef& x, const ConstRef& eps,
                  Workspace& ws) const;

    /// loss() plus the gradient of  gradScale * sum_i (rec_i + beta kl_i)  with respect to
    /// the parameters, written (not added) into grad. With gradScale = 1/B over a batch of B
    /// this is the gradient of the batch mean of -ELBO.
    LossSums lossAndGradient(const Scalar* params, const ConstRef& x, const ConstRef& eps,
                             Scalar beta, Scalar gradScale, Scalar* grad, Workspace& ws) const;

    /// lossAndGradient() in two halves, for threads that each hold a slice of a batch (see
    /// MlpT::deltas): lossAndDeltas() runs on each slice (x and eps must stay alive until its
    /// gradient is complete), then weightGradient() sums, over the slices, the gradient of
    /// the parameter block `layer` (0 .. gradientLayers() - 1: the encoder's layers, then
    /// the decoder's) for the weight columns [colBegin, colEnd) of that layer (of
    /// layerInputs(layer) columns), and its bias when withBias.
    LossSums lossAndDeltas(const Scalar* params, const ConstRef& x, const ConstRef& eps,
                           Scalar beta, Scalar gradScale, Workspace& ws) const;
    int gradientLayers() const { return m_encoder.layers() + m_decoder.layers(); }
    int layerInputs(int layer) const;
    /// Where the block's weight columns [colBegin, colEnd) and its bias are in the flat
    /// parameter (and gradient) buffer: {weights begin, weights end, bias begin, bias end}.
    std::array<std::size_t, 4> layerRanges(int layer, int colBegin, int colEnd) const;
    void weightGradient(int layer, const Workspace* const* slices, int count, int colBegin,
                        int colEnd, bool withBias, Scalar* grad) const;

private:
    // Parameter block `layer` of the numbering above: its MLP, its layer number there (1..)
    // and where that MLP's parameters start in the flat buffer.
    struct Block {
        const MlpT<Scalar>& mlp;
        int l;
        std::size_t base;
        bool encoder;
    };
    Block block(int layer) const;

    VaeArchitecture m_architecture;
    MlpT<Scalar> m_encoder, m_decoder;
};

using VaeNet = VaeNetT<float>;
extern template class VaeNetT<float>;
extern template class VaeNetT<double>;

/// A trained (or freshly initialised) VAE: architecture and float weights. Immutable, so that
/// a snapshot can be shared between the training thread and any number of readers.
class Vae {
public:
    /// Throws ArgumentError if the parameter count does not match the architecture.
    Vae(const VaeArchitecture& architecture, std::vector<float> parameters);
    /// PyTorch-style uniform initialisation from rng.
    static Vae initialised(const VaeArchitecture& architecture, Random& rng);

    const VaeArchitecture& architecture() const { return m_net.architecture(); }
    const VaeNet& net() const { return m_net; }
    const std::vector<float>& parameters() const { return m_parameters; }
    int latent() const { return m_net.architecture().latent; }
    int input() const { return m_net.architecture().input; }

    /// mu(x) and log sigma^2(x) (clamped) for the columns of x (values in [0, 1]).
    void encode(const Eigen::Ref<const Eigen::MatrixXf>& x, Eigen::MatrixXf& mu,
                Eigen::MatrixXf& logVar) const;
    /// Bernoulli means sigmoid(l(z)) in [0, 1] for the columns of z.
    Eigen::MatrixXf decode(const Eigen::Ref<const Eigen::MatrixXf>& z) const;

private:
    VaeNet m_net;
    std::vector<float> m_parameters;
};

} // namespace latentlab
