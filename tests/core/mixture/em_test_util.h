#pragma once
// Helpers shared by the EM tests: seeded synthetic data and a NaN/Inf detector.

#include "mixture/em_engine.h"
#include "common/random.h"

#include <Eigen/Core>

namespace latentlab::testing {

/// N points in d dimensions from `clusters` random Gaussian blobs (seeded).
inline Eigen::MatrixXd blobs(Random& rng, int d, Eigen::Index n, int clusters,
                             double spread = 4.0) {
    Eigen::MatrixXd centres(d, clusters);
    for (int j = 0; j < clusters; ++j)
        for (int r = 0; r < d; ++r)
            centres(r, j) = spread * rng.normal();
    Eigen::MatrixXd x(d, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto c = static_cast<Eigen::Index>(rng.index(static_cast<std::size_t>(clusters)));
        const double scale = 0.3 + rng.uniform();
        for (int r = 0; r < d; ++r)
            x(r, i) = centres(r, c) + scale * rng.normal() * (1.0 + r);
    }
    return x;
}

/// Everything a caller can see of the current state is finite.
inline bool allFinite(const EmEngine& em) {
    const auto& p = em.params();
    bool ok = p.weights.allFinite() && p.means.allFinite() && std::isfinite(em.logLikelihood()) &&
              em.logDensities().allFinite() && em.pointLogLikelihoods().allFinite() &&
              std::isfinite(em.bic()) && std::isfinite(em.aic());
    for (const auto& c : p.covariances)
        ok = ok && c.allFinite();
    if (em.responsibilities())
        ok = ok && em.responsibilities()->allFinite();
    if (em.lowerBound())
        ok = ok && std::isfinite(*em.lowerBound());
    return ok;
}

} // namespace latentlab::testing
