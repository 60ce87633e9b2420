#include "vae/vae.h"

#include "common/error.h"

#include <algorithm>

namespace latentlab {

std::vector<int> VaeArchitecture::encoderSizes() const {
    std::vector<int> s{input};
    s.insert(s.end(), hidden.begin(), hidden.end());
    s.push_back(2 * latent);
    return s;
}

std::vector<int> VaeArchitecture::decoderSizes() const {
    std::vector<int> s{latent};
    s.insert(s.end(), hidden.rbegin(), hidden.rend());
    s.push_back(input);
    return s;
}

void VaeArchitecture::validate() const {
    auto check = [](int v, const char* what) {
        if (v < 1 || v > 65536)
            throw ArgumentError(std::string("VAE ") + what + " size " + std::to_string(v) +
                                " is outside [1, 65536]");
    };
    check(input, "input");
    check(latent, "latent");
    if (hidden.size() > 16)
        throw ArgumentError("a VAE may have at most 16 hidden layers, not " +
                            std::to_string(hidden.size()));
    for (int h : hidden)
        check(h, "hidden layer");
    // Both MLPs: each layer has out * (in + 1) parameters.
    std::uint64_t count = 0;
    for (const auto& sizes : {encoderSizes(), decoderSizes()})
        for (std::size_t l = 1; l < sizes.size(); ++l)
            count += std::uint64_t(sizes[l]) * (std::uint64_t(sizes[l - 1]) + 1);
    if (count > kVaeMaxParameters)
        throw ArgumentError("the VAE " + describe() + " would have " + std::to_string(count) +
                            " parameters; at most " + std::to_string(kVaeMaxParameters) +
                            " are allowed");
}

std::string VaeArchitecture::describe() const {
    std::string s = std::to_string(input);
    for (int h : hidden)
        s += "-" + std::to_string(h);
    return s + "-" + std::to_string(latent);
}

template <typename Scalar>
VaeNetT<Scalar>::Workspace::Workspace(const VaeNetT& net, Eigen::Index n)
    : encoder(net.m_encoder, n), decoder(net.m_decoder, n) {
    const int L = net.m_architecture.latent, D = net.m_architecture.input;
    logVar.resize(L, n);
    sigma.resize(L, n);
    z.resize(L, n);
    dz.resize(L, n);
    expNegAbs.resize(D, n);
    reconstruction.resize(n);
    kl.resize(n);
}

template <typename Scalar>
VaeNetT<Scalar>::VaeNetT(const VaeArchitecture& architecture)
    : m_architecture((architecture.validate(), architecture)),
      m_encoder(architecture.encoderSizes()), m_decoder(architecture.decoderSizes()) {}

template <typename Scalar> void VaeNetT<Scalar>::initialise(Scalar* params, Random& rng) const {
    m_encoder.initialise(params, rng);
    m_decoder.initialise(params + decoderOffset(), rng);
}

template <typename Scalar>
typename VaeNetT<Scalar>::LossSums VaeNetT<Scalar>::loss(const Scalar* params, const ConstRef& x,
                                                         const ConstRef& eps, Workspace& ws) const {
    using Map = Eigen::Map<Matrix>;
    const Eigen::Index n = x.cols();
    const int L = m_architecture.latent, D = m_architecture.input;
    if (x.rows() != D || eps.rows() != L || eps.cols() != n || n > ws.logVar.cols())
        throw ArgumentError("VAE loss: input, noise and workspace sizes disagree");

    m_encoder.forward(params, x, ws.encoder);
    const auto head = ws.encoder.output();
    const auto mu = head.topRows(L);
    Map logVar(ws.logVar.data(), L, n), sigma(ws.sigma.data(), L, n), z(ws.z.data(), L, n);
    logVar = head.bottomRows(L).cwiseMax(Scalar(kVaeLogVarMin)).cwiseMin(Scalar(kVaeLogVarMax));
    sigma = (Scalar(0.5) * logVar.array()).exp().matrix();
    // Reparameterisation: z = mu + sigma .* eps keeps z differentiable in mu and sigma.
    z = mu + sigma.cwiseProduct(eps);

    m_decoder.forward(params + decoderOffset(), z, ws.decoder);
    const auto logits = ws.decoder.output().array();
    Map e(ws.expNegAbs.data(), D, n);
    // -log Bernoulli(x; sigmoid(l)) = max(l, 0) - l x + log(1 + exp(-|l|)), stable for any l.
    e = (-logits.abs()).exp().matrix();
    ws.reconstruction.head(n) = (logits.max(Scalar(0)) - logits * x.array() + e.array().log1p())
                                    .colwise()
                                    .sum()
                                    .transpose();
    ws.kl.head(n) =
        (Scalar(0.5) * (mu.array().square() + sigma.array().square() - Scalar(1) - logVar.array()))
            .colwise()
            .sum()
            .transpose();
    LossSums sums;
    for (Eigen::Index i = 0; i < n; ++i) {
        sums.reconstruction += double(ws.reconstruction[i]);
        sums.kl += double(ws.kl[i]);
    }
    return sums;
}

template <typename Scalar>
typename VaeNetT<Scalar>::LossSums
VaeNetT<Scalar>::lossAndGradient(const Scalar* params, const ConstRef& x, const ConstRef& eps,
                                 Scalar beta, Scalar gradScale, Scalar* grad, Workspace& ws) const {
    const LossSums sums = lossAndDeltas(params, x, eps, beta, gradScale, ws);
    const Workspace* slice = &ws;
    for (int layer = 0; layer < gradientLayers(); ++layer)
        weightGradient(layer, &slice, 1, 0, layerInputs(layer), true, grad);
    return sums;
}

template <typename Scalar>
typename VaeNetT<Scalar>::LossSums
VaeNetT<Scalar>::lossAndDeltas(const Scalar* params, const ConstRef& x, const ConstRef& eps,
                               Scalar beta, Scalar gradScale, Workspace& ws) const {
    using Map = Eigen::Map<Matrix>;
    const LossSums sums = loss(params, x, eps, ws);
    const Eigen::Index n = x.cols();
    const int L = m_architecture.latent, D = m_architecture.input;

    // d rec / d l = sigmoid(l) - x, with sigmoid(l) = 1/(1+e) for l >= 0 and e/(1+e) below,
    // where e = exp(-|l|) from the forward pass.
    const auto logits = ws.decoder.output().array();
    const auto e = Map(ws.expNegAbs.data(), D, n).array();
    m_decoder.outputDelta(ws.decoder) =
        (gradScale * ((logits >= Scalar(0)).select(Scalar(1), e) / (Scalar(1) + e) - x.array()))
            .matrix();
    Map dz(ws.dz.data(), L, n);
    m_decoder.deltas(params + decoderOffset(), ws.decoder, dz.data());

    // Through z = mu + exp(lv/2) eps and KL = 1/2 (mu^2 + exp(lv) - 1 - lv):
    //   d/dmu = dz + beta mu,   d/dlv = dz eps sigma / 2 + beta (exp(lv) - 1) / 2,
    // the latter zero where the clamp of lv was active.
    const auto head = ws.encoder.output();
    const auto mu = head.topRows(L).array();
    const auto rawLogVar = head.bottomRows(L).array();
    const auto sigma = ws.sigma.leftCols(n).array();
    auto dHead = m_encoder.outputDelta(ws.encoder);
    dHead.topRows(L) = (dz.array() + gradScale * beta * mu).matrix();
    const auto dLogVar = Scalar(0.5) * (dz.array() * eps.array() * sigma +
                                        gradScale * beta * (sigma.square() - Scalar(1)));
    const auto inside = rawLogVar >= Scalar(kVaeLogVarMin) && rawLogVar <= Scalar(kVaeLogVarMax);
    dHead.bottomRows(L) = inside.select(dLogVar, Scalar(0)).matrix();
    m_encoder.deltas(params, ws.encoder);
    return sums;
}

template <typename Scalar> typename VaeNetT<Scalar>::Block VaeNetT<Scalar>::block(int layer) const {
    if (layer < m_encoder.layers())
        return {m_encoder, layer + 1, 0, true};
    return {m_decoder, layer - m_encoder.layers() + 1, decoderOffset(), false};
}

template <typename Scalar> int VaeNetT<Scalar>::layerInputs(int layer) const {
    const Block b = block(layer);
    return b.mlp.sizes()[std::size_t(b.l - 1)];
}

template <typename Scalar>
std::array<std::size_t, 4> VaeNetT<Scalar>::layerRanges(int layer, int colBegin, int colEnd) const {
    const Block b = block(layer);
    const std::size_t rows = std::size_t(b.mlp.sizes()[std::size_t(b.l)]);
    const std::size_t w = b.base + b.mlp.weightOffset(b.l), bias = b.base + b.mlp.biasOffset(b.l);
    return {w + std::size_t(colBegin) * rows, w + std::size_t(colEnd) * rows, bias, bias + rows};
}

template <typename Scalar>
void VaeNetT<Scalar>::weightGradient(int layer, const Workspace* const* slices, int count,
                                     int colBegin, int colEnd, bool withBias, Scalar* grad) const {
    // At most one slice per thread (the trainer allows 256): their MLP workspaces, without
    // allocating.
    constexpr int kMaxSlices = 256;
    if (count < 0 || count > kMaxSlices)
        throw ArgumentError("VAE weight gradient: at most 256 slices");
    const typename MlpT<Scalar>::Workspace* parts[kMaxSlices];
    const Block b = block(layer);
    for (int s = 0; s < count; ++s)
        parts[s] = b.encoder ? &slices[s]->encoder : &slices[s]->decoder;
    b.mlp.weightGradient(b.l, parts, count, colBegin, colEnd, withBias, grad + b.base);
}

template class VaeNetT<float>;
template class VaeNetT<double>;

Vae::Vae(const VaeArchitecture& architecture, std::vector<float> parameters)
    : m_net(architecture), m_parameters(std::move(parameters)) {
    if (m_parameters.size() != m_net.parameterCount())
        throw ArgumentError("VAE " + architecture.describe() + " needs " +
                            std::to_string(m_net.parameterCount()) + " parameters, got " +
                            std::to_string(m_parameters.size()));
}

Vae Vae::initialised(const VaeArchitecture& architecture, Random& rng) {
    VaeNet net(architecture);
    std::vector<float> p(net.parameterCount());
    net.initialise(p.data(), rng);
    return Vae(architecture, std::move(p));
}

void Vae::encode(const Eigen::Ref<const Eigen::MatrixXf>& x, Eigen::MatrixXf& mu,
                 Eigen::MatrixXf& logVar) const {
    if (x.rows() != input())
        throw ArgumentError("VAE encode: expected " + std::to_string(input()) + " rows");
    Mlp::Workspace ws(m_net.encoder(), x.cols());
    m_net.encoder().forward(m_parameters.data(), x, ws);
    const int L = latent();
    mu = ws.output().topRows(L);
    logVar = ws.output().bottomRows(L).cwiseMax(kVaeLogVarMin).cwiseMin(kVaeLogVarMax);
}

Eigen::MatrixXf Vae::decode(const Eigen::Ref<const Eigen::MatrixXf>& z) const {
    if (z.rows() != latent())
        throw ArgumentError("VAE decode: expected " + std::to_string(latent()) + " rows");
    Mlp::Workspace ws(m_net.decoder(), z.cols());
    m_net.decoder().forward(m_parameters.data() + m_net.decoderOffset(), z, ws);
    // sigmoid(l) = 1 / (1 + exp(-l))
    return (1.f + (-ws.output().array()).exp()).inverse().matrix();
}

} // namespace latentlab
