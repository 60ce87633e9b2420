// EM never decreases the log-likelihood: log p(O|theta_{t+1}) >= log p(O|theta_t) (up to
// rounding, 1e-9 relative), checked on hundreds of random data sets, initialisations, all four
// covariance types, with and without regularisation. Also the sandwich
// log p(O|theta_t) = L(q_t, theta_t) <= L(q_t, theta_{t+1}) <= log p(O|theta_{t+1}).

#include "mixture/em_engine.h"
#include "em_test_util.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;
using latentlab::testing::allFinite;
using latentlab::testing::blobs;

namespace {

MixtureParams randomParams(Random& rng, const Eigen::MatrixXd& x, int k) {
    const int d = static_cast<int>(x.rows());
    MixtureParams p;
    p.weights = Eigen::VectorXd(k);
    for (int j = 0; j < k; ++j)
        p.weights(j) = 0.2 + rng.uniform();
    p.weights /= p.weights.sum();
    p.means.resize(d, k);
    p.covariances.clear();
    for (int j = 0; j < k; ++j) {
        p.means.col(j) = x.col(static_cast<Eigen::Index>(rng.index(x.cols())));
        Eigen::MatrixXd a(d, d);
        for (int r = 0; r < d; ++r)
            for (int c = 0; c < d; ++c)
                a(r, c) = rng.normal();
        p.covariances.push_back(a * a.transpose() + 0.1 * Eigen::MatrixXd::Identity(d, d));
    }
    return p;
}

} // namespace

TEST(EmMonotone, LogLikelihoodNeverDecreasesOnHundredsOfProblems) {
    const CovarianceType types[] = {CovarianceType::Full, CovarianceType::Diag,
                                    CovarianceType::Spherical, CovarianceType::Tied};
    int checkedIterations = 0;
    for (int problem = 0; problem < 400; ++problem) {
        Random rng(1000 + problem);
        const int d = 1 + static_cast<int>(rng.index(3));
        const auto n = static_cast<Eigen::Index>(8 + rng.index(150));
        const int clusters = 1 + static_cast<int>(rng.index(4));
        const Eigen::MatrixXd x = blobs(rng, d, n, clusters, 1.0 + 4.0 * rng.uniform());
        EmOptions o;
        o.k = 1 + static_cast<int>(rng.index(5));
        o.covariance = types[problem % 4];
        o.init = static_cast<InitMethod>((problem / 4) % 3);
        o.seed = static_cast<std::uint64_t>(problem);
        o.reg = (problem / 12) % 2 == 0 ? 0.0 : 1e-6;
        if (o.init == InitMethod::Manual)
            o.initialParams = randomParams(rng, x, o.k);
        EmEngine em(x, o);
        SCOPED_TRACE("problem " + std::to_string(problem) + " type " + toString(o.covariance) +
                     " init " + toString(o.init) + " K " + std::to_string(o.k) + " N " +
                     std::to_string(n) + " d " + std::to_string(d) + " reg " +
                     std::to_string(o.reg));
        for (int it = 0; it < 30; ++it) {
            const double before = em.logLikelihood();
            const double slack = 1e-9 * std::max(1.0, std::abs(before));
            em.eStep();
            ASSERT_NEAR(*em.lowerBound(), before, slack);
            em.mStep();
            const double after = em.logLikelihood();
            ASSERT_GE(after, before - slack) << "iteration " << it + 1;
            ASSERT_GE(*em.lowerBound(), before - slack);
            ASSERT_LE(*em.lowerBound(), after + slack);
            ASSERT_TRUE(allFinite(em));
            ++checkedIterations;
        }
    }
    EXPECT_EQ(checkedIterations, 400 * 30);
}

// Without regularisation on degenerate data (exact duplicates, points on a line, integer
// ties, one coordinate nearly constant; scales 1e-4 to 1e4, offset or not), where components
// collapse, lose their points or keep their previous covariance: every M-step still raises
// the bound L(q, theta) and the log-likelihood. Before the M-step divided mu_k and Sigma_k by
// N_k itself and the rounding floor took the data's scale, 90 of the first 5,000 of these
// runs fell (one by 7,900 nats, where a fallback covariance was rounding noise).
TEST(EmMonotone, NeverDecreasesWithoutRegularisationOnDegenerateData) {
    const CovarianceType types[] = {CovarianceType::Full, CovarianceType::Diag,
                                    CovarianceType::Spherical, CovarianceType::Tied};
    int keptCovariance = 0;
    for (int problem = 0; problem < 2000; ++problem) {
        Random rng(100000 + problem);
        const int kind = static_cast<int>(rng.index(5));
        const int d = 1 + static_cast<int>(rng.index(3));
        const int n = 6 + static_cast<int>(rng.index(120));
        const double scale = std::pow(10.0, static_cast<double>(rng.index(9)) - 4.0);
        const double offset = rng.index(3) == 0 ? 0.0 : scale * 100 * rng.normal();
        const int distinct = 1 + static_cast<int>(rng.index(7));
        Eigen::MatrixXd base(d, distinct);
        for (int j = 0; j < distinct; ++j)
            for (int r = 0; r < d; ++r)
                base(r, j) = std::round(5 * rng.normal());
        Eigen::MatrixXd x(d, n);
        for (int i = 0; i < n; ++i) {
            const double t = rng.normal();
            for (int r = 0; r < d; ++r) {
                switch (kind) {
                case 0: x(r, i) = base(r, i % distinct); break;
                case 1: x(r, i) = (r + 1) * t + r; break;
                case 2: x(r, i) = base(r, i % distinct) + (i % 3 == 0 ? rng.normal() : 0.0); break;
                case 3: x(r, i) = std::round(2 * rng.normal()); break;
                default: x(r, i) = base(r, i % distinct) + (r == 0 ? 0.01 * t : 0.0);
                }
            }
        }
        x = (x.array() * scale + offset).matrix();
        EmOptions o;
        o.k = std::min(n, 1 + static_cast<int>(rng.index(8)));
        o.covariance = types[rng.index(4)];
        o.init = rng.index(2) ? InitMethod::Random : InitMethod::KMeansPlusPlus;
        o.seed = static_cast<std::uint64_t>(problem);
        o.reg = 0.0;
        o.threads = 1;
        EmEngine em(x, o);
        SCOPED_TRACE("problem " + std::to_string(problem) + " kind " + std::to_string(kind) +
                     " type " + toString(o.covariance) + " K " + std::to_string(o.k));
        for (int it = 0; it < 40; ++it) {
            const double before = em.logLikelihood();
            const double slack = 1e-9 * std::max(1.0, std::abs(before));
            em.eStep();
            em.mStep();
            ASSERT_GE(*em.lowerBound(), before - slack) << "iteration " << it + 1;
            ASSERT_GE(em.logLikelihood(), before - slack) << "iteration " << it + 1;
        }
        for (const auto& e : em.events())
            if (e.kind == EmEvent::Kind::NotPositiveDefinite && e.state > 0) {
                ++keptCovariance;
                break;
            }
    }
    // The policy under test was exercised: many runs kept a previous covariance.
    EXPECT_GT(keptCovariance, 500);
}
