#include "vae/four_step.h"

#include "common/error.h"
#include "nn/adam.h"
#include "vae/vae_evaluation.h"

#include <cmath>
#include <numeric>

namespace latentlab {

namespace {

/// The purpose coordinate of the walkthrough's random streams (see vaeStreamSeed).
constexpr std::uint64_t kFourStepStream = 4;
// Epoch coordinates of the streams of step 1, the encoder's shuffles, the walkthrough's VAE
// epochs and the direct training's.
constexpr std::uint64_t kCodesDraw = 1, kEncoderDraw = 2, kWalkthroughVae = 3, kDirectVae = 4;

constexpr double kHalfLog2Pi = 0.91893853320467274178;

bool stop(const std::atomic_bool* cancelled) {
    return cancelled && cancelled->load();
}

/// Per column, sum_p -log Bernoulli(x_p; sigmoid(l_p)) = softplus(l_p) - l_p x_p, where
/// softplus(l) = max(l, 0) + log(1 + exp(-|l|)) never overflows. `scratch` keeps the
/// per-pixel terms between calls: a fresh 3 MB buffer on every call costs more in page faults
/// than the sums.
Eigen::VectorXd crossEntropy(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                             const Eigen::Ref<const Eigen::MatrixXf>& x, Eigen::ArrayXXf& scratch) {
    scratch = logits.array().max(0.f) - logits.array() * x.array() +
              (-logits.array().abs()).exp().log1p();
    return scratch.colwise().sum().cast<double>().transpose();
}

Eigen::VectorXd crossEntropy(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                             const Eigen::Ref<const Eigen::MatrixXf>& x) {
    Eigen::ArrayXXf scratch;
    return crossEntropy(logits, x, scratch);
}

/// scale * d BCE / d logits = scale * (sigmoid(l) - x), written into out.
void crossEntropySlope(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                       const Eigen::Ref<const Eigen::MatrixXf>& x, float scale,
                       Eigen::Ref<Eigen::MatrixXf> out) {
    out = (scale * ((1.f + (-logits.array()).exp()).inverse() - x.array())).matrix();
}

void shuffle(std::vector<std::size_t>& order, Random& rng) {
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[rng.index(i + 1)]);
}

} // namespace

void FourStepOptions::validate() const {
    auto within = [](double v, double lo, double hi, const char* what) {
        if (!(v >= lo && v <= hi))
            throw ArgumentError(std::string("four-step walkthrough: ") + what + " must be in [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "]");
    };
    within(rounds, 1, 26, "rounds");
    within(decoderPasses, 1, 10000, "decoder passes");
    within(decoderLearningRate, 1e-9, 10, "decoder learning rate");
    within(inferenceIterations, 1, 10000, "inference iterations");
    within(inferenceStep, 1e-9, 100, "inference step");
    within(encoderEpochs, 1, 10000, "encoder epochs");
    within(vaeEpochs, 0, 10000, "VAE epochs");
    within(batchSize, 1, 65536, "batch size");
    within(learningRate, 1e-9, 10, "learning rate");
}

FourStepWalkthrough::FourStepWalkthrough(std::shared_ptr<const VaeDataset> train,
                                         std::shared_ptr<const VaeDataset> test,
                                         const FourStepOptions& options)
    : m_train(std::move(train)), m_test(std::move(test)), m_options(options) {
    m_options.validate();
    if (!m_train || m_train->count == 0 || !m_test || m_test->count == 0)
        throw ArgumentError("four-step walkthrough: no images");
    if (m_test->dimension != m_train->dimension)
        throw ArgumentError("four-step walkthrough: the test images are another size");
    VaeArchitecture arch;
    arch.input = m_train->dimension;
    arch.hidden = m_options.hidden;
    arch.latent = 2;
    m_net = VaeNet(arch);
    const auto N = Eigen::Index(m_train->count);
    m_x.resize(arch.input, N);
    Random unused(0);
    for (Eigen::Index i = 0; i < N; ++i)
        m_train->target(std::size_t(i), Binarization::None, unused, m_x.col(i).data());
    m_initial.resize(m_net.parameterCount());
    Random rng(m_options.seed);
    m_net.initialise(m_initial.data(), rng);
    m_history.emplace_back();
}

// ---- The schedule ------------------------------------------------------------------------

FourStepStage FourStepWalkthrough::nextStage() const {
    const FourStepState& s = state();
    switch (s.stage) {
    case FourStepStage::Start:
        return FourStepStage::RandomCodes;
    case FourStepStage::RandomCodes:
        return FourStepStage::FitDecoder;
    case FourStepStage::FitDecoder:
        return FourStepStage::InferCodes;
    case FourStepStage::InferCodes:
        return s.round < m_options.rounds ? FourStepStage::FitDecoder : FourStepStage::Encoder;
    case FourStepStage::Encoder:
        break;
    }
    return FourStepStage::Encoder;
}

std::string FourStepWalkthrough::label(FourStepStage stage, int round) {
    const std::string suffix = round > 1 ? std::string(1, char('a' + round - 1)) : std::string();
    switch (stage) {
    case FourStepStage::Start:
        return {};
    case FourStepStage::RandomCodes:
        return "1";
    case FourStepStage::FitDecoder:
        return "2" + suffix;
    case FourStepStage::InferCodes:
        return "3" + suffix;
    case FourStepStage::Encoder:
        return "4";
    }
    return {};
}

int FourStepWalkthrough::stepsFor(const std::string& text, int rounds) {
    if (text == "0")
        return 0;
    if (text == "1")
        return 1;
    if (text == "4")
        return 2 * rounds + 2;
    if (text.size() < 1 || text.size() > 2 || (text[0] != '2' && text[0] != '3'))
        return -1;
    const int round = text.size() == 1 ? 1 : text[1] - 'a' + 1;
    if (round < 1 || round > rounds || (text.size() == 2 && round == 1))
        return -1;
    return 2 * round + (text[0] == '3' ? 1 : 0);
}

FourStepState FourStepWalkthrough::next(const std::atomic_bool* cancelled) const {
    const FourStepState& s = state();
    if (atEnd())
        return s;
    switch (nextStage()) {
    case FourStepStage::RandomCodes:
        return randomCodes();
    case FourStepStage::FitDecoder:
        return fitDecoder(s, cancelled);
    case FourStepStage::InferCodes:
        return inferCodes(s, cancelled);
    default:
        return fitEncoder(s, cancelled);
    }
}

void FourStepWalkthrough::push(FourStepState s) {
    m_history.push_back(std::move(s));
}

bool FourStepWalkthrough::step() {
    if (atEnd())
        return false;
    push(next());
    return true;
}

bool FourStepWalkthrough::back() {
    if (m_history.size() < 2)
        return false;
    m_history.pop_back();
    return true;
}

void FourStepWalkthrough::reset() {
    m_history.resize(1);
}

// ---- Measures ----------------------------------------------------------------------------

double FourStepWalkthrough::decoderLoss(const FourStepParameters& decoder,
                                        const Eigen::MatrixXf& z) const {
    Mlp::Workspace ws(m_net.decoder(), z.cols());
    m_net.decoder().forward(decoder.data(), z, ws);
    return crossEntropy(ws.output(), m_x).sum() / double(z.cols());
}

Eigen::MatrixXf FourStepWalkthrough::decode(const FourStepParameters& decoder,
                                            const Eigen::MatrixXf& z) const {
    Mlp::Workspace ws(m_net.decoder(), z.cols());
    m_net.decoder().forward(decoder.data(), z, ws);
    return (1.f + (-ws.output().array()).exp()).inverse().matrix();
}

Eigen::VectorXd FourStepWalkthrough::objective(const FourStepParameters& decoder,
                                               const Eigen::MatrixXf& z) const {
    Mlp::Workspace ws(m_net.decoder(), z.cols());
    Eigen::ArrayXXf scratch;
    return objective(decoder, z, ws, scratch);
}

Eigen::VectorXd FourStepWalkthrough::objective(const FourStepParameters& decoder,
                                               const Eigen::MatrixXf& z, Mlp::Workspace& ws,
                                               Eigen::ArrayXXf& scratch) const {
    m_net.decoder().forward(decoder.data(), z, ws);
    // log p(x|z) + log p(z), with log N(z; 0, I) = -|z|^2 / 2 - (L / 2) log 2 pi.
    const Eigen::VectorXd prior =
        -0.5 * z.cast<double>().colwise().squaredNorm().transpose().array() -
        double(z.rows()) * kHalfLog2Pi;
    return prior - crossEntropy(ws.output(), m_x, scratch);
}

Vae FourStepWalkthrough::vae(const FourStepParameters& params) const {
    return Vae(m_net.architecture(), std::vector<float>(params.begin(), params.end()));
}

double FourStepWalkthrough::testElbo(const FourStepParameters& params) const {
    VaeEvaluationOptions o;
    o.binarization = Binarization::None;
    o.seed = m_options.seed;
    return evaluateVae(vae(params), *m_test, o).elbo;
}

// ---- Step 1: random codes ----------------------------------------------------------------

FourStepState FourStepWalkthrough::randomCodes() const {
    FourStepState s;
    s.stage = FourStepStage::RandomCodes;
    s.z.resize(2, m_x.cols());
    Random rng(vaeStreamSeed(m_options.seed, kFourStepStream, kCodesDraw, 0));
    for (float& v : s.z.reshaped())
        v = float(rng.normal());
    return s;
}

/// Steps 2 to 4 begin alike: the state they follow, at their stage, without the previous
/// step's own curves (its decoder losses or its inference trace).
static FourStepState followOn(const FourStepState& from, FourStepStage stage) {
    FourStepState s = from;
    s.stage = stage;
    s.decoderLoss.clear();
    s.inference.clear();
    return s;
}

// ---- Step 2: fit the decoder to the pairs ---------------------------------------------------

FourStepState FourStepWalkthrough::fitDecoder(const FourStepState& from,
                                              const std::atomic_bool* cancelled) const {
    FourStepState s = followOn(from, FourStepStage::FitDecoder);
    s.round = from.stage == FourStepStage::InferCodes ? from.round + 1 : 1;
    if (s.decoder.empty()) // round 1 starts from the VAE's initial decoder
        s.decoder.assign(m_initial.begin() + std::ptrdiff_t(m_net.decoderOffset()),
                         m_initial.end());
    const Mlp& f = m_net.decoder();
    const std::size_t P = f.parameterCount();
    FourStepParameters& theta = s.decoder;
    FourStepParameters grad(P), trial(P), candidate(P);
    // `current` holds the forward pass at theta; a candidate's pass becomes it when taken.
    Mlp::Workspace current(f, s.z.cols()), next(f, s.z.cols());
    Adam adam(P, AdamOptions{m_options.decoderLearningRate, 0.9, 0.999, 1e-8});
    const double n = double(s.z.cols());
    f.forward(theta.data(), s.z, current);
    Eigen::ArrayXXf scratch;
    double loss = crossEntropy(current.output(), m_x, scratch).sum() / n;
    s.decoderLoss = {loss};
    for (int pass = 0; pass < m_options.decoderPasses && !stop(cancelled); ++pass) {
        // The slope goes straight into the workspace's output delta, which backward() reads.
        auto slope = f.outputDelta(current);
        crossEntropySlope(current.output(), m_x, float(1 / n), slope);
        f.backward(theta.data(), s.z, current, slope, grad.data());
        // Adam's step, then backtracking along it: the first of 1, 1/2, ..., 1/128 of the
        // step that does not raise the loss on the pairs is taken; if none, theta stays.
        trial = theta;
        adam.beginStep();
        adam.update(trial.data(), grad.data(), 0, P);
        float fraction = 1.f;
        for (int k = 0; k < 8; ++k, fraction *= 0.5f) {
            for (std::size_t i = 0; i < P; ++i)
                candidate[i] = theta[i] + fraction * (trial[i] - theta[i]);
            f.forward(candidate.data(), s.z, next);
            const double l = crossEntropy(next.output(), m_x, scratch).sum() / n;
            if (l <= loss) {
                theta.swap(candidate);
                std::swap(current, next);
                loss = l;
                break;
            }
        }
        s.decoderLoss.push_back(loss);
    }
    s.curve.push_back(objective(theta, s.z).mean());
    s.curveLabels.push_back(label(s.stage, s.round));
    return s;
}

// ---- Step 3: infer the codes with the decoder fixed ---------------------------------------

FourStepState FourStepWalkthrough::inferCodes(const FourStepState& from,
                                              const std::atomic_bool* cancelled) const {
    FourStepState s = followOn(from, FourStepStage::InferCodes);
    const Mlp& f = m_net.decoder();
    const Eigen::Index N = s.z.cols();
    Mlp::Workspace ws(f, N), trialWs(f, N);
    Eigen::ArrayXXf scratch;
    Eigen::MatrixXf dz(2, N), trial(2, N);
    Eigen::VectorXf stepSize = Eigen::VectorXf::Constant(N, float(m_options.inferenceStep));
    Eigen::VectorXd J = objective(s.decoder, s.z);
    s.inference = {J.mean()};
    for (int it = 0; it < m_options.inferenceIterations && !stop(cancelled); ++it) {
        // grad_z J = -d BCE / dz - z, through the decoder's backward pass to its input.
        f.forward(s.decoder.data(), s.z, ws);
        crossEntropySlope(ws.output(), m_x, 1.f, f.outputDelta(ws));
        f.deltas(s.decoder.data(), ws, dz.data());
        trial = s.z - (dz + s.z) * stepSize.asDiagonal();
        const Eigen::VectorXd Jt = objective(s.decoder, trial, trialWs, scratch);
        for (Eigen::Index i = 0; i < N; ++i) {
            if (Jt[i] >= J[i]) { // also false for NaN: the step is refused
                s.z.col(i) = trial.col(i);
                J[i] = Jt[i];
                stepSize[i] = std::min(2.f * stepSize[i], 10.f);
            } else {
                stepSize[i] *= 0.5f;
            }
        }
        s.inference.push_back(J.mean());
    }
    s.curve.push_back(J.mean());
    s.curveLabels.push_back(label(s.stage, s.round));
    return s;
}

// ---- Step 4: amortise, then a VAE ----------------------------------------------------------

FourStepState FourStepWalkthrough::fitEncoder(const FourStepState& from,
                                              const std::atomic_bool* cancelled) const {
    FourStepState s = followOn(from, FourStepStage::Encoder);
    const Mlp& e = m_net.encoder();
    const std::size_t P = e.parameterCount();
    FourStepParameters params(m_initial.begin(), m_initial.begin() + std::ptrdiff_t(P));
    params.insert(params.end(), from.decoder.begin(), from.decoder.end());
    FourStepParameters grad(P);
    const std::size_t N = m_train->count;
    const int B = int(std::min<std::size_t>(std::size_t(m_options.batchSize), N));
    Mlp::Workspace ws(e, B);
    Eigen::MatrixXf x(m_x.rows(), B), dOut = Eigen::MatrixXf::Zero(4, B);
    Adam adam(P, AdamOptions{m_options.learningRate, 0.9, 0.999, 1e-8});
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t(0));
    Random rng(vaeStreamSeed(m_options.seed, kFourStepStream, kEncoderDraw, 0));
    // Regression of mu(x_i) on the inferred z_i: the loss 1/2 |mu(x_i) - z_i|^2 per image,
    // nothing on the log-variance head.
    for (int epoch = 0; epoch < m_options.encoderEpochs && !stop(cancelled); ++epoch) {
        shuffle(order, rng);
        for (std::size_t start = 0; start < N; start += std::size_t(B)) {
            const int b = int(std::min<std::size_t>(std::size_t(B), N - start));
            for (int j = 0; j < b; ++j)
                x.col(j) = m_x.col(Eigen::Index(order[start + std::size_t(j)]));
            e.forward(params.data(), x.leftCols(b), ws);
            for (int j = 0; j < b; ++j)
                dOut.col(j).head(2) = (ws.output().col(j).head(2) -
                                       from.z.col(Eigen::Index(order[start + std::size_t(j)]))) /
                                      float(b);
            e.backward(params.data(), x.leftCols(b), ws, dOut.leftCols(b), grad.data());
            adam.beginStep();
            adam.update(params.data(), grad.data(), 0, P);
        }
    }
    Eigen::MatrixXf mu, logVar;
    vae(params).encode(m_x, mu, logVar);
    s.encoderError = (mu - from.z).colwise().squaredNorm().mean();
    s.elboAfterRegression = testElbo(params);

    vaeEpochs(params, kWalkthroughVae, cancelled);
    s.elboWalkthrough = testElbo(params);
    FourStepParameters direct = m_initial;
    vaeEpochs(direct, kDirectVae, cancelled);
    s.elboDirect = testElbo(direct);

    vae(params).encode(m_x, mu, logVar);
    s.z = mu;
    s.decoder.assign(params.begin() + std::ptrdiff_t(P), params.end());
    s.vae = std::move(params);
    return s;
}

void FourStepWalkthrough::vaeEpochs(FourStepParameters& params, std::uint64_t stream,
                                    const std::atomic_bool* cancelled) const {
    const std::size_t N = m_train->count, P = params.size();
    const int B = int(std::min<std::size_t>(std::size_t(m_options.batchSize), N));
    VaeNet::Workspace ws(m_net, B);
    Eigen::MatrixXf x(m_x.rows(), B), eps(2, B);
    FourStepParameters grad(P);
    Adam adam(P, AdamOptions{m_options.learningRate, 0.9, 0.999, 1e-8});
    std::vector<std::size_t> order(N);
    std::iota(order.begin(), order.end(), std::size_t(0));
    Random shuffleRng(vaeStreamSeed(m_options.seed, kFourStepStream, stream, ~0ULL));
    for (int epoch = 0; epoch < m_options.vaeEpochs && !stop(cancelled); ++epoch) {
        shuffle(order, shuffleRng);
        Random noise(vaeStreamSeed(m_options.seed, kFourStepStream, stream, std::uint64_t(epoch)));
        for (std::size_t start = 0; start < N; start += std::size_t(B)) {
            const int b = int(std::min<std::size_t>(std::size_t(B), N - start));
            for (int j = 0; j < b; ++j)
                x.col(j) = m_x.col(Eigen::Index(order[start + std::size_t(j)]));
            for (int j = 0; j < b; ++j)
                for (int l = 0; l < 2; ++l)
                    eps(l, j) = float(noise.normal());
            m_net.lossAndGradient(params.data(), x.leftCols(b), eps.leftCols(b), 1.f,
                                  1.f / float(b), grad.data(), ws);
            adam.beginStep();
            adam.update(params.data(), grad.data(), 0, P);
        }
    }
}

} // namespace latentlab
