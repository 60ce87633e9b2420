#include "vae/vae_evaluation.h"

#include "common/error.h"
#include "common/thread_team.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr std::size_t kBlock = 256;

// log (1/k) sum_j exp(a_j), shifted by the maximum so that nothing overflows.
double logMeanExp(const Eigen::Ref<const Eigen::VectorXd>& a) {
    const double m = a.maxCoeff();
    if (!std::isfinite(m))
        return m;
    return m + std::log((a.array() - m).exp().sum() / double(a.size()));
}

} // namespace

template <typename Scalar>
ImportanceWeightingT<Scalar>::ImportanceWeightingT(const VaeNetT<Scalar>& net, int samples)
    : m_net(net), m_encoder(net.encoder(), 1), m_decoder(net.decoder(), samples),
      m_z(net.architecture().latent, samples), m_logW(samples) {}

template <typename Scalar>
double ImportanceWeightingT<Scalar>::logLikelihood(const Scalar* params,
                                                   const Eigen::Ref<const Matrix>& x,
                                                   const Eigen::Ref<const Matrix>& epsK) {
    const int L = m_net.architecture().latent;
    const Eigen::Index K = epsK.cols();
    if (x.cols() != 1 || x.rows() != m_net.architecture().input || epsK.rows() != L ||
        K > m_z.cols() || K < 1)
        throw ArgumentError("importance weighting: image, noise and workspace sizes disagree");
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    m_net.encoder().forward(params, x, m_encoder);
    const Vector mu = m_encoder.output().col(0).head(L);
    const Vector lv = m_encoder.output()
                          .col(0)
                          .tail(L)
                          .cwiseMax(Scalar(kVaeLogVarMin))
                          .cwiseMin(Scalar(kVaeLogVarMax));
    const Vector sigma = (Scalar(0.5) * lv.array()).exp();
    auto z = m_z.leftCols(K);
    z = ((epsK.array().colwise() * sigma.array()).colwise() + mu.array()).matrix();
    m_net.decoder().forward(params + m_net.decoderOffset(), z, m_decoder);
    const auto lg = m_decoder.output().array();
    // log p(x|z_k) = -sum_p [max(l,0) - l x + log(1 + exp(-|l|))]
    const Vector logPx =
        -(lg.max(Scalar(0)) - lg.colwise() * x.col(0).array() + (-lg.abs()).exp().log1p())
             .colwise()
             .sum()
             .transpose();
    // log p(z) - log q(z|x) = -1/2 sum (z^2 - eps^2 - log sigma^2): the 2 pi terms cancel.
    const double sumLv = lv.template cast<double>().sum();
    auto logW = m_logW.head(K);
    for (Eigen::Index k = 0; k < K; ++k)
        logW[k] =
            double(logPx[k]) - 0.5 * (z.col(k).template cast<double>().squaredNorm() -
                                      epsK.col(k).template cast<double>().squaredNorm() - sumLv);
    return logMeanExp(logW);
}

template class ImportanceWeightingT<float>;
template class ImportanceWeightingT<double>;

VaeEvaluation evaluateVae(const Vae& vae, const VaeDataset& data,
                          const VaeEvaluationOptions& options) {
    if (data.dimension != vae.input())
        throw ArgumentError("the images have " + std::to_string(data.dimension) +
                            " pixels but the model expects " + std::to_string(vae.input()));
    if (data.count == 0)
        throw ArgumentError("no images to evaluate");
    if (options.importanceSamples < 0 || options.importanceSamples > 100000)
        throw ArgumentError("importance samples must be in [0, 100000]");
    const int threads = std::clamp(options.threads, 1, 256);
    const int D = vae.input(), L = vae.latent(), K = options.importanceSamples;
    const VaeNet& net = vae.net();
    const float* params = vae.parameters().data();
    const std::size_t blocks = (data.count + kBlock - 1) / kBlock;

    std::vector<double> rec(data.count), kl(data.count), iw(K > 0 ? data.count : 0);
    ThreadTeam team(threads);
    auto job = [&](int member) {
        VaeNet::Workspace ws(net, kBlock);
        Eigen::MatrixXf x(D, kBlock), eps(L, kBlock);
        ImportanceWeightingT<float> importance(net, std::max(K, 1));
        Eigen::MatrixXf epsK(L, std::max(K, 1));
        const std::size_t b0 = ThreadTeam::shareBegin(blocks, member, team.size());
        const std::size_t b1 = ThreadTeam::shareBegin(blocks, member + 1, team.size());
        for (std::size_t b = b0; b < b1; ++b) {
            const std::size_t first = b * kBlock;
            const std::size_t n = std::min(kBlock, data.count - first);
            for (std::size_t j = 0; j < n; ++j) {
                Random rng(vaeStreamSeed(options.seed, kVaeTestStream, 0, first + j));
                data.target(first + j, options.binarization, rng, x.col(Eigen::Index(j)).data());
                for (int l = 0; l < L; ++l)
                    eps(l, Eigen::Index(j)) = float(rng.normal());
            }
            const auto nn = Eigen::Index(n);
            net.loss(params, x.leftCols(nn), eps.leftCols(nn), ws);
            for (std::size_t j = 0; j < n; ++j) {
                rec[first + j] = double(ws.reconstruction[Eigen::Index(j)]);
                kl[first + j] = double(ws.kl[Eigen::Index(j)]);
            }
            if (K == 0)
                continue;
            for (std::size_t j = 0; j < n; ++j) {
                Random rng(vaeStreamSeed(options.seed, kVaeImportanceStream, 0, first + j));
                for (int k = 0; k < K; ++k)
                    for (int l = 0; l < L; ++l)
                        epsK(l, k) = float(rng.normal());
                iw[first + j] = importance.logLikelihood(params, x.col(Eigen::Index(j)), epsK);
            }
        }
    };
    team.run(job);

    VaeEvaluation r;
    r.n = data.count;
    // Summed in image order so that the result does not depend on the thread count.
    for (std::size_t i = 0; i < data.count; ++i) {
        r.reconstruction -= rec[i];
        r.kl += kl[i];
    }
    r.reconstruction /= double(data.count);
    r.kl /= double(data.count);
    r.elbo = r.reconstruction - r.kl;
    if (K > 0) {
        r.hasLogLikelihood = true;
        for (double v : iw)
            r.logLikelihoodIw += v;
        r.logLikelihoodIw /= double(data.count);
    }
    return r;
}

} // namespace latentlab
