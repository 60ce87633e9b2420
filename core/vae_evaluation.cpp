#include "vae_evaluation.h"

#include "error.h"
#include "thread_team.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {

constexpr std::size_t kBlock = 256;

// log (1/k) sum_j exp(a_j), shifted by the maximum so that nothing overflows.
double logMeanExp(const Eigen::VectorXd& a) {
    const double m = a.maxCoeff();
    if (!std::isfinite(m))
        return m;
    return m + std::log((a.array() - m).exp().sum() / double(a.size()));
}

} // namespace

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
        Mlp::Workspace enc(net.encoder(), 1), dec(net.decoder(), std::max(K, 1));
        Eigen::MatrixXf z(L, std::max(K, 1)), epsK(L, std::max(K, 1));
        Eigen::VectorXd logW(std::max(K, 1));
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
                const auto xj = x.col(Eigen::Index(j));
                net.encoder().forward(params, xj, enc);
                const Eigen::VectorXf mu = enc.output().col(0).head(L);
                const Eigen::VectorXf lv =
                    enc.output().col(0).tail(L).cwiseMax(kVaeLogVarMin).cwiseMin(kVaeLogVarMax);
                const Eigen::VectorXf sigma = (0.5f * lv.array()).exp();
                Random rng(vaeStreamSeed(options.seed, kVaeImportanceStream, 0, first + j));
                for (int k = 0; k < K; ++k)
                    for (int l = 0; l < L; ++l)
                        epsK(l, k) = float(rng.normal());
                z = (epsK.array().colwise() * sigma.array()).colwise() + mu.array();
                net.decoder().forward(params + net.decoderOffset(), z, dec);
                const auto lg = dec.output().array();
                // log p(x|z_k) = -sum_p [max(l,0) - l x + log(1 + exp(-|l|))]
                const Eigen::VectorXf logPx =
                    -(lg.max(0.f) - lg.colwise() * xj.array() + (-lg.abs()).exp().log1p())
                         .colwise()
                         .sum()
                         .transpose();
                // log p(z) - log q(z|x) = -1/2 sum (z^2 - eps^2 - log sigma^2): the 2 pi
                // terms cancel.
                const double sumLv = lv.cast<double>().sum();
                for (int k = 0; k < K; ++k)
                    logW[k] =
                        double(logPx[k]) - 0.5 * (z.col(k).cast<double>().squaredNorm() -
                                                  epsK.col(k).cast<double>().squaredNorm() - sumLv);
                iw[first + j] = logMeanExp(logW);
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
