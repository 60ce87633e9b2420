#pragma once
// How good is a VAE on held-out images, in nats per image (higher is better):
//  - ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z)), estimated with one z per image; reported
//    with its two parts, reconstruction = E_q[log p(x|z)] (negative) and KL (positive).
//  - The importance-weighted bound (Burda et al. 2016) with k samples z_j ~ q(z|x):
//      log p(x) >= log (1/k) sum_j p(x|z_j) p(z_j) / q(z_j|x),
//    computed as a log-mean-exp; it tightens towards log p(x) as k grows.
// With Binarization::Dynamic the images are binarised once, from the seed, so repeated
// evaluations of different models see the same binary images.

#include "vae/vae.h"
#include "vae/vae_dataset.h"

#include <cstdint>

namespace latentlab {

struct VaeEvaluationOptions {
    Binarization binarization = Binarization::Dynamic;
    std::uint64_t seed = 1;
    int importanceSamples = 0; ///< k; 0 skips the importance-weighted estimate
    int threads = 1;
};

struct VaeEvaluation {
    std::size_t n = 0;
    double elbo = 0;           ///< mean ELBO, nats per image
    double reconstruction = 0; ///< mean E_q[log p(x|z)]
    double kl = 0;             ///< mean KL(q(z|x) || p(z))
    bool hasLogLikelihood = false;
    double logLikelihoodIw = 0; ///< mean importance-weighted estimate of log p(x)
};

/// The importance-weighted estimate for one image, with the noise given: for the K columns
/// eps_k of epsK (latent x K), z_k = mu(x) + sigma(x) eps_k and the result is
///   log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x)
/// in nats. The workspaces are reused between calls, so evaluating many images allocates
/// once. A template on the scalar so that the fixture test can run in double.
template <typename Scalar> class ImportanceWeightingT {
public:
    using Matrix = typename VaeNetT<Scalar>::Matrix;
    ImportanceWeightingT(const VaeNetT<Scalar>& net, int samples);
    double logLikelihood(const Scalar* params, const Eigen::Ref<const Matrix>& x,
                         const Eigen::Ref<const Matrix>& epsK);

private:
    const VaeNetT<Scalar>& m_net;
    typename MlpT<Scalar>::Workspace m_encoder, m_decoder;
    Matrix m_z;
    Eigen::VectorXd m_logW;
};

extern template class ImportanceWeightingT<float>;
extern template class ImportanceWeightingT<double>;

VaeEvaluation evaluateVae(const Vae& vae, const VaeDataset& data,
                          const VaeEvaluationOptions& options);

} // namespace latentlab
