#include "mixture/em_engine.h"

#include "common/error.h"
#include "common/random.h"
#include "common/thread_team.h"
#include "mixture/covariance_policy.h"
#include "mixture/kmeans.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <thread>

namespace latentlab {

std::string toString(InitMethod method) {
    switch (method) {
    case InitMethod::KMeansPlusPlus:
        return "kmeans++";
    case InitMethod::Random:
        return "random";
    case InitMethod::Manual:
        return "manual";
    }
    return "kmeans++";
}

std::optional<InitMethod> parseInitMethod(std::string_view name) {
    for (InitMethod m : {InitMethod::KMeansPlusPlus, InitMethod::Random, InitMethod::Manual})
        if (name == toString(m))
            return m;
    if (name == "explicit")
        return InitMethod::Manual;
    return std::nullopt;
}

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr Index kBlockSize = EmEngine::kBlockSize;
constexpr Index kMinBlocksForThreads = 4;
constexpr double kEmptyThreshold = EmEngine::kEmptyComponentThreshold;
constexpr double kLogDensityFloor = EmEngine::kLogDensityFloor;
constexpr double kMaxAbsData = EmEngine::kMaxAbsData;
// scikit-learn adds 10 machine epsilons to every N_k so that an empty component divides by a
// tiny positive number instead of zero; we do the same to match its numbers.
constexpr double kNkEpsilon = 10.0 * std::numeric_limits<double>::epsilon();

std::string number(double x) {
    std::ostringstream out;
    out.precision(3);
    out << x;
    return out.str();
}

/// The parameters in the form the density pass needs: precision Cholesky factors
/// P_k = L_k^{-1} (Sigma_k = L_k L_k^T), so that (o-mu_k)^T Sigma_k^{-1} (o-mu_k) =
/// |P_k (o-mu_k)|^2 and log N(o|k) = -d/2 log 2pi + sum_j log (P_k)_jj - 1/2 |P_k (o-mu_k)|^2.
struct Compiled {
    std::vector<MatrixXd> precision;
    VectorXd logNorm;
    VectorXd logPi;
    MatrixXd means;
};

Compiled compile(const MixtureParams& p) {
    const int k = p.k();
    const int d = p.d();
    Compiled c;
    c.precision.resize(static_cast<std::size_t>(k));
    c.logNorm.resize(k);
    c.logPi = p.weights.array().log().matrix();
    c.means = p.means;
    for (int j = 0; j < k; ++j) {
        const Eigen::LLT<MatrixXd> llt(p.covariances[static_cast<std::size_t>(j)]);
        MatrixXd l = llt.matrixL();
        if (llt.info() != Eigen::Success || !(l.diagonal().array() > 0.0).all())
            l = MatrixXd::Identity(d, d); // unreachable: stored covariances pass the policy
        MatrixXd prec = l.triangularView<Eigen::Lower>().solve(MatrixXd::Identity(d, d));
        prec.triangularView<Eigen::StrictlyUpper>().setZero();
        c.logNorm(j) =
            -0.5 * d * std::log(2.0 * std::numbers::pi) - l.diagonal().array().log().sum();
        c.precision[static_cast<std::size_t>(j)] = std::move(prec);
    }
    return c;
}

} // namespace

struct EmEngine::Impl {
    struct State {
        StepKind kind = StepKind::Initial;
        MixtureParams params;
        double logLikelihood = 0.0;
        std::optional<double> lowerBound;
        std::vector<EmEvent> events;
    };

    MatrixXd x;  ///< d x N, as given
    MatrixXd xt; ///< N x d: each coordinate contiguous, so the passes below run on whole arrays
    EmOptions opt;
    Index n = 0;
    int d = 0;
    int k = 0;
    int threads = 1;
    Index blocks = 0;
    /// The members that share out the blocks of every pass; null when one thread does all.
    std::unique_ptr<ThreadTeam> team;

    std::vector<State> states;
    int current = 0;

    // Caches for the current state, stored N x K (one contiguous column per component).
    MatrixXd logDens; ///< N x K log N(o_i|k) under the parameters of state densOwner
    VectorXd lse;     ///< N values log p(o_i|theta) under the same parameters
    int densOwner = -1;
    MatrixXd resp; ///< N x K Q(k|o_i) of E-state respState
    /// N x K responsibilities under the densOwner parameters, made by the density pass from
    /// the terms of its log-sum-exp, so the E-step needs no exp of its own. Consumed (swapped
    /// into resp) by the E-step.
    MatrixXd pending;
    bool pendingValid = false;
    int respState = -1;
    double respNegEntropy = 0.0; ///< sum_i sum_k q_ik log q_ik of resp
    // The K x N views the API hands out, transposed on demand.
    mutable MatrixXd logDensView;
    mutable long logDensViewVersion = -1;
    mutable MatrixXd respView;
    mutable long respViewVersion = -1;
    long densVersion = 0; ///< bumped whenever logDens / resp are rewritten
    long respVersion = 0;

    MatrixXd fallbackCovariance; ///< see the policy in em_engine.h
    VectorXd dataMean;

    // ---- block-parallel plumbing -------------------------------------------------------
    Index blockBegin(Index b) const { return b * kBlockSize; }
    Index blockLength(Index b) const { return std::min(kBlockSize, n - b * kBlockSize); }

    template <class F> void forBlocks(F&& f) const {
        if (!team) {
            for (Index b = 0; b < blocks; ++b)
                f(b);
            return;
        }
        // Members take the next unclaimed block (so a core slowed by other work does less of
        // it). Which thread computes a block never changes what it computes, and the
        // per-block partial sums are added in block order afterwards.
        std::atomic<Index> next{0};
        auto work = [&f, &next, this](int /*member*/) {
            for (Index b = next++; b < blocks; b = next++)
                f(b);
        };
        team->run(work);
    }

    static double sumInOrder(const std::vector<double>& parts) {
        double s = 0.0;
        for (double v : parts)
            s += v;
        return s;
    }

    // ---- the passes over the data --------------------------------------------------------

    /// Fills logDens and lse for `p`; returns the total log-likelihood. With `q` (N x K), also
    /// returns in *cross the sum_i sum_k q_ik (log pi_k + log N(o_i|k)) the lower bound needs.
    double densityPass(const MixtureParams& p, const MatrixXd* q, double* cross) {
        const Compiled c = compile(p);
        ++densVersion;
        std::vector<double> llPart(static_cast<std::size_t>(blocks), 0.0);
        std::vector<double> crossPart(static_cast<std::size_t>(blocks), 0.0);
        forBlocks([&](Index b) {
            const Index b0 = blockBegin(b);
            const Index len = blockLength(b);
            // Per-thread scratch, reused across blocks and passes: freeing and re-allocating
            // these per block made glibc hand pages back and fault them in again.
            thread_local Eigen::ArrayXd y, maha, m, s;
            y.resize(len);
            maha.resize(len);
            m.resize(len);
            s.resize(len);
            for (int j = 0; j < k; ++j) {
                // |P_k (o_i - mu_k)|^2, one coordinate row of P_k at a time.
                const MatrixXd& prec = c.precision[static_cast<std::size_t>(j)];
                auto lj = logDens.col(j).segment(b0, len).array();
                if (d == 2) { // the views' case, fused into one loop
                    const auto x0 = xt.col(0).segment(b0, len).array() - c.means(0, j);
                    const auto x1 = xt.col(1).segment(b0, len).array() - c.means(1, j);
                    lj = c.logNorm(j) - 0.5 * ((prec(0, 0) * x0).square() +
                                               (prec(1, 0) * x0 + prec(1, 1) * x1).square());
                    // NaN compares false and is floored too: nothing non-finite leaves here.
                    lj = (lj >= kLogDensityFloor).select(lj, kLogDensityFloor);
                } else {
                    maha.setZero();
                    for (int r = 0; r < d; ++r) {
                        y = prec(r, 0) * (xt.col(0).segment(b0, len).array() - c.means(0, j));
                        for (int l = 1; l <= r; ++l)
                            y += prec(r, l) * (xt.col(l).segment(b0, len).array() - c.means(l, j));
                        maha += y.square();
                    }
                    lj = c.logNorm(j) - 0.5 * maha;
                    // NaN compares false and is floored too: nothing non-finite leaves here.
                    lj = (lj >= kLogDensityFloor).select(lj, kLogDensityFloor);
                }
            }
            // log p(o_i) = m_i + log sum_k exp(log pi_k + log N(o_i|k) - m_i), m_i the max.
            m = logDens.col(0).segment(b0, len).array() + c.logPi(0);
            for (int j = 1; j < k; ++j)
                m = m.max(logDens.col(j).segment(b0, len).array() + c.logPi(j));
            s.setZero();
            for (int j = 0; j < k; ++j) {
                auto pj = pending.col(j).segment(b0, len).array();
                pj = (logDens.col(j).segment(b0, len).array() + c.logPi(j) - m).exp();
                s += pj;
            }
            auto lseb = lse.segment(b0, len).array();
            lseb = m + s.log();
            // Q(k|o_i) = exp(log pi_k + log N(o_i|k) - m_i) / sum_j exp(...), the terms above.
            y = s.inverse();
            for (int j = 0; j < k; ++j)
                pending.col(j).segment(b0, len).array() *= y;
            llPart[static_cast<std::size_t>(b)] = lseb.sum();
            if (q) {
                double sum = 0.0;
                for (int j = 0; j < k; ++j)
                    sum += (q->col(j).segment(b0, len).array() *
                            (logDens.col(j).segment(b0, len).array() + c.logPi(j)))
                               .sum();
                crossPart[static_cast<std::size_t>(b)] = sum;
            }
        });
        pendingValid = true;
        if (cross)
            *cross = sumInOrder(crossPart);
        return sumInOrder(llPart);
    }

    /// E-step for the densOwner parameters: takes the responsibilities the density pass made
    /// and returns the lower bound sum q (log pi + log N - log q), log q = log pi + log N -
    /// log p(o_i).
    double ePass(const VectorXd& weights) {
        if (!pendingValid) // consumed by an earlier E-step: recompute (the same bits)
            densityPass(states[static_cast<std::size_t>(densOwner)].params, nullptr, nullptr);
        resp.swap(pending);
        pendingValid = false;
        const VectorXd logPi = weights.array().log().matrix();
        ++respVersion;
        std::vector<double> crossPart(static_cast<std::size_t>(blocks), 0.0);
        std::vector<double> entPart(static_cast<std::size_t>(blocks), 0.0);
        forBlocks([&](Index b) {
            const Index b0 = blockBegin(b);
            const Index len = blockLength(b);
            double cross = 0.0, ent = 0.0;
            const auto l = lse.segment(b0, len).array();
            for (int j = 0; j < k; ++j) {
                const auto logW = logDens.col(j).segment(b0, len).array() + logPi(j);
                const auto r = resp.col(j).segment(b0, len).array();
                // q log q with q = 0 (underflow) is 0 * finite = 0: the 0 log 0 = 0 convention.
                cross += (r * logW).sum();
                ent += (r * (logW - l)).sum();
            }
            crossPart[static_cast<std::size_t>(b)] = cross;
            entPart[static_cast<std::size_t>(b)] = ent;
        });
        respNegEntropy = sumInOrder(entPart);
        return sumInOrder(crossPart) - respNegEntropy;
    }

    /// M-step: N_k = sum_i q_ik (+ 10 eps), pi_k = N_k / sum_j N_j, mu_k = sum_i q_ik o_i / N_k,
    /// Sigma_k = sum_i q_ik (o_i-mu_k)(o_i-mu_k)^T / N_k + reg I (and the diag, spherical and
    /// tied variants), with the degenerate-case policy of em_engine.h. `previous` is null for
    /// the initial M-step, which then falls back to `fallbackMeans` and fallbackCovariance.
    MixtureParams mStepParams(const MatrixXd& q, const MixtureParams* previous,
                              const MatrixXd& fallbackMeans, int state,
                              std::vector<EmEvent>& events) {
        // Pass 1: N_k and sum_i q_ik o_i per block (q is N x K).
        std::vector<MatrixXd> part1(static_cast<std::size_t>(blocks));
        forBlocks([&](Index b) {
            const Index b0 = blockBegin(b);
            const Index len = blockLength(b);
            MatrixXd& out = part1[static_cast<std::size_t>(b)];
            out.resize(d + 1, k); // row d: N_k; rows 0..d-1: sum_i q_ik o_i
            for (int j = 0; j < k; ++j) {
                const auto qj = q.col(j).segment(b0, len).array();
                out(d, j) = qj.sum();
                for (int r = 0; r < d; ++r)
                    out(r, j) = (qj * xt.col(r).segment(b0, len).array()).sum();
            }
        });
        VectorXd nkRaw = VectorXd::Zero(k);
        MatrixXd s = MatrixXd::Zero(d, k);
        for (Index b = 0; b < blocks; ++b) {
            nkRaw += part1[static_cast<std::size_t>(b)].row(d).transpose();
            s += part1[static_cast<std::size_t>(b)].topRows(d);
        }
        const VectorXd nk = nkRaw.array() + kNkEpsilon;
        MixtureParams p;
        p.weights = nk / nk.sum();
        p.means = s.array().rowwise() / nk.transpose().array();

        std::vector<bool> empty(static_cast<std::size_t>(k), false);
        for (int j = 0; j < k; ++j) {
            if (!(nkRaw(j) >= kEmptyThreshold)) {
                empty[static_cast<std::size_t>(j)] = true;
                p.means.col(j) = previous ? previous->means.col(j) : fallbackMeans.col(j);
            }
        }

        // Pass 2: the scatter sum_i q_ik (o_i-mu_k)(o_i-mu_k)^T around the new means (two
        // passes avoid the cancellation of E[o o^T] - mu mu^T).
        const CovarianceType type = opt.covariance;
        const bool fullScatter = type == CovarianceType::Full || type == CovarianceType::Tied;
        std::vector<MatrixXd> cPart(static_cast<std::size_t>(blocks));
        forBlocks([&](Index b) {
            const Index b0 = blockBegin(b);
            const Index len = blockLength(b);
            MatrixXd& out = cPart[static_cast<std::size_t>(b)];
            out = MatrixXd::Zero(d, fullScatter ? d * k : k);
            for (int j = 0; j < k; ++j) {
                const auto w = q.col(j).segment(b0, len).array();
                for (int r = 0; r < d; ++r) {
                    const auto dr = xt.col(r).segment(b0, len).array() - p.means(r, j);
                    if (fullScatter) {
                        for (int l = 0; l <= r; ++l) {
                            const auto dl = xt.col(l).segment(b0, len).array() - p.means(l, j);
                            const double v = (w * dr * dl).sum();
                            out(r, j * d + l) = v;
                            out(l, j * d + r) = v;
                        }
                    } else {
                        out(r, j) = (w * dr.square()).sum();
                    }
                }
            }
        });
        MatrixXd scatter = MatrixXd::Zero(d, fullScatter ? d * k : k);
        for (Index b = 0; b < blocks; ++b)
            scatter += cPart[static_cast<std::size_t>(b)];

        const MatrixXd regI = opt.reg * MatrixXd::Identity(d, d);
        p.covariances.assign(static_cast<std::size_t>(k), MatrixXd());
        const bool initial = previous == nullptr;
        const bool tiedType = type == CovarianceType::Tied;
        // The positive-definite policy: an unusable new Sigma_k gives way to the previous one
        // (initial M-step: the data covariance), and an event records it.
        const auto settle = [&](MatrixXd& c, int j, double meanScale) {
            const MatrixXd& kept =
                initial ? fallbackCovariance : previous->covariances[static_cast<std::size_t>(j)];
            const CovarianceCheck check = CovariancePolicy::settle(c, kept, meanScale);
            if (!check.usable) {
                EmEvent e{EmEvent::Kind::NotPositiveDefinite, j, state, initial, tiedType};
                e.smallestEigenvalue = check.smallestEigenvalue;
                events.push_back(e);
            }
        };
        if (tiedType) {
            MatrixXd tied = MatrixXd::Zero(d, d);
            for (int j = 0; j < k; ++j)
                tied += scatter.middleCols(j * d, d);
            tied /= nk.sum();
            tied = 0.5 * (tied + tied.transpose()) + regI;
            settle(tied, 0, p.means.cwiseAbs().maxCoeff());
            for (auto& c : p.covariances)
                c = tied;
        } else {
            for (int j = 0; j < k; ++j) {
                const auto uj = static_cast<std::size_t>(j);
                MatrixXd c;
                if (type == CovarianceType::Full) {
                    c = scatter.middleCols(j * d, d) / nk(j);
                    c = 0.5 * (c + c.transpose()) + regI;
                } else {
                    VectorXd var = scatter.col(j).array() / nk(j) + opt.reg;
                    if (type == CovarianceType::Spherical)
                        c = MatrixXd::Identity(d, d) * var.mean();
                    else
                        c = var.asDiagonal();
                }
                if (empty[uj])
                    c = initial ? fallbackCovariance : previous->covariances[uj];
                else
                    settle(c, j, p.means.col(j).cwiseAbs().maxCoeff());
                p.covariances[uj] = std::move(c);
            }
        }
        for (int j = 0; j < k; ++j) {
            if (!empty[static_cast<std::size_t>(j)])
                continue;
            EmEvent e{EmEvent::Kind::EmptyComponent, j, state, initial, tiedType};
            e.totalResponsibility = nkRaw(j);
            events.push_back(e);
        }
        return p;
    }

    // ---- state bookkeeping ---------------------------------------------------------------
    static int owner(int s) { return s % 2 == 1 ? s - 1 : s; }

    void ensureDensity(int ownerState) {
        if (densOwner == ownerState)
            return;
        densityPass(states[static_cast<std::size_t>(ownerState)].params, nullptr, nullptr);
        densOwner = ownerState;
    }

    /// Makes the caches match state s (recomputing what is needed; EM is deterministic, so
    /// the recomputed values are the recorded ones, bit for bit).
    void refresh(int s) {
        if (s > 0) {
            const int e = s % 2 == 1 ? s : s - 1;
            if (respState != e) {
                ensureDensity(e - 1);
                ePass(states[static_cast<std::size_t>(e - 1)].params.weights);
                respState = e;
            }
        }
        ensureDensity(owner(s));
        current = s;
    }

    void freshE() {
        const State& cur = states[static_cast<std::size_t>(current)];
        const double bound = ePass(cur.params.weights);
        State next;
        next.kind = StepKind::E;
        next.params = cur.params;
        next.logLikelihood = cur.logLikelihood;
        next.lowerBound = bound;
        states.push_back(std::move(next));
        ++current;
        respState = current;
    }

    void freshM() {
        const State& cur = states[static_cast<std::size_t>(current)];
        State next;
        next.kind = StepKind::M;
        const int state = current + 1;
        next.params = mStepParams(resp, &cur.params, cur.params.means, state, next.events);
        double cross = 0.0;
        next.logLikelihood = densityPass(next.params, &resp, &cross);
        next.lowerBound = cross - respNegEntropy;
        states.push_back(std::move(next));
        ++current;
        densOwner = current;
    }

    void validate(const EmOptions& o) const;
    MixtureParams initialParams(std::vector<EmEvent>& events);
};

void EmEngine::Impl::validate(const EmOptions& o) const {
    if (n == 0 || d == 0)
        throw ArgumentError("the data set is empty: EM needs at least one observation");
    if (o.k < 1)
        throw ArgumentError("K must be at least 1 (got " + std::to_string(o.k) + ")");
    if (o.k > kMaxComponents)
        throw ArgumentError("K = " + std::to_string(o.k) + " is more than the " +
                            std::to_string(kMaxComponents) + " components LatentLab supports");
    if (o.k > n)
        throw ArgumentError("K = " + std::to_string(o.k) +
                            " exceeds the number of observations N = " + std::to_string(n) +
                            ": lower K or add data");
    for (Index i = 0; i < n; ++i) {
        for (int j = 0; j < d; ++j) {
            const double v = x(j, i);
            if (!std::isfinite(v))
                throw ArgumentError("observation " + std::to_string(i + 1) + ", coordinate " +
                                    std::to_string(j + 1) + " is not a finite number");
            if (std::abs(v) > kMaxAbsData)
                throw ArgumentError("observation " + std::to_string(i + 1) + ", coordinate " +
                                    std::to_string(j + 1) +
                                    " exceeds 1e100 in magnitude: rescale the data");
        }
    }
    if (!(o.reg >= 0.0) || !std::isfinite(o.reg))
        throw ArgumentError("the regularisation must be a finite number >= 0 (got " +
                            number(o.reg) + ")");
    if (!(o.tol >= 0.0) || !std::isfinite(o.tol))
        throw ArgumentError("the tolerance must be a finite number >= 0 (got " + number(o.tol) +
                            ")");
    if (o.maxIter < 0)
        throw ArgumentError("max_iter must be >= 0 (got " + std::to_string(o.maxIter) + ")");
    if (o.threads < 0)
        throw ArgumentError("the thread count must be >= 0 (got " + std::to_string(o.threads) +
                            ")");
    if (o.init != InitMethod::Manual)
        return;
    if (!o.initialParams)
        throw ArgumentError("manual initialisation needs initial parameters");
    const MixtureParams& p = *o.initialParams;
    if (p.weights.size() != o.k)
        throw ArgumentError("the initial weights have " + std::to_string(p.weights.size()) +
                            " entries, expected K = " + std::to_string(o.k));
    if (p.means.rows() != d || p.means.cols() != o.k)
        throw ArgumentError("the initial means are " + std::to_string(p.means.rows()) + " x " +
                            std::to_string(p.means.cols()) + ", expected d x K = " +
                            std::to_string(d) + " x " + std::to_string(o.k));
    if (static_cast<int>(p.covariances.size()) != o.k)
        throw ArgumentError("the initial covariances: " + std::to_string(p.covariances.size()) +
                            " matrices, expected K = " + std::to_string(o.k));
    if (!p.weights.allFinite() || (p.weights.array() <= 0.0).any())
        throw ArgumentError("the initial weights must be finite and positive");
    if (std::abs(p.weights.sum() - 1.0) > 1e-6)
        throw ArgumentError("the initial weights must sum to 1 (they sum to " +
                            number(p.weights.sum()) + ")");
    if (!p.means.allFinite())
        throw ArgumentError("the initial means must be finite");
    for (int j = 0; j < o.k; ++j) {
        const MatrixXd& c = p.covariances[static_cast<std::size_t>(j)];
        const std::string which = "initial covariance " + std::to_string(j + 1);
        if (c.rows() != d || c.cols() != d)
            throw ArgumentError(which + " is " + std::to_string(c.rows()) + " x " +
                                std::to_string(c.cols()) + ", expected " + std::to_string(d) +
                                " x " + std::to_string(d));
        if (!c.allFinite())
            throw ArgumentError(which + " has a non-finite entry");
        if ((c - c.transpose()).cwiseAbs().maxCoeff() >
            1e-9 * std::max(1.0, c.cwiseAbs().maxCoeff()))
            throw ArgumentError(which + " is not symmetric");
        if (!CovariancePolicy::check(0.5 * (c + c.transpose()),
                                     p.means.col(j).cwiseAbs().maxCoeff())
                 .usable)
            throw ArgumentError(which + " is not positive definite");
    }
}

MixtureParams EmEngine::Impl::initialParams(std::vector<EmEvent>& events) {
    if (opt.init == InitMethod::Manual) {
        MixtureParams p = *opt.initialParams;
        p.weights /= p.weights.sum();
        for (auto& c : p.covariances)
            c = 0.5 * (c + c.transpose());
        p = projectToType(p, opt.covariance);
        for (auto& c : p.covariances) // projections of positive-definite matrices stay so,
            CovariancePolicy::settle(c, fallbackCovariance, 0.0); // but be safe
        return p;
    }
    Random rng(opt.seed);
    MatrixXd q = MatrixXd::Zero(n, k); // N x K, as the M-step reads it
    MatrixXd fallbackMeans = dataMean.replicate(1, k);
    if (opt.init == InitMethod::KMeansPlusPlus) {
        fallbackMeans = kmeansPlusPlusCentres(x, k, rng);
        const std::vector<int> labels = nearestCentres(x, fallbackMeans);
        for (Index i = 0; i < n; ++i)
            q(i, labels[static_cast<std::size_t>(i)]) = 1.0;
    } else {
        for (Index i = 0; i < n; ++i) {
            for (int j = 0; j < k; ++j)
                q(i, j) = rng.uniform();
            const double total = q.row(i).sum();
            if (total > 0.0)
                q.row(i) /= total;
            else
                q.row(i).setConstant(1.0 / k);
        }
    }
    return mStepParams(q, nullptr, fallbackMeans, 0, events);
}

EmEngine::EmEngine(Eigen::MatrixXd data, EmOptions options) : m(std::make_unique<Impl>()) {
    m->x = std::move(data);
    m->n = m->x.cols();
    m->d = static_cast<int>(m->x.rows());
    m->validate(options);
    m->opt = std::move(options);
    m->k = m->opt.k;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    m->threads = m->opt.threads > 0 ? m->opt.threads : static_cast<int>(hw);
    m->blocks = (m->n + kBlockSize - 1) / kBlockSize;
    const Index members = std::min<Index>(m->threads, m->blocks);
    if (members > 1 && m->blocks >= kMinBlocksForThreads)
        m->team = std::make_unique<ThreadTeam>(static_cast<int>(members));
    m->xt = m->x.transpose();
    m->logDens.resize(m->n, m->k);
    m->lse.resize(m->n);
    m->resp.resize(m->n, m->k);
    m->pending.resize(m->n, m->k);

    // The initial M-step's stand-in for a missing or unusable covariance.
    m->dataMean = m->x.rowwise().mean();
    m->fallbackCovariance =
        CovariancePolicy::dataCovariance(m->x, m->dataMean, m->opt.reg, m->opt.covariance);

    Impl::State s0;
    s0.kind = StepKind::Initial;
    s0.params = m->initialParams(s0.events);
    m->states.push_back(std::move(s0));
    m->states[0].logLikelihood = m->densityPass(m->states[0].params, nullptr, nullptr);
    m->densOwner = 0;
    m->current = 0;
}

EmEngine::~EmEngine() = default;
EmEngine::EmEngine(EmEngine&&) noexcept = default;
EmEngine& EmEngine::operator=(EmEngine&&) noexcept = default;

StepKind EmEngine::nextStep() const {
    return kindOf(m->current) == StepKind::E ? StepKind::M : StepKind::E;
}

void EmEngine::step() {
    if (m->current + 1 < stateCount()) {
        m->refresh(m->current + 1);
        return;
    }
    if (nextStep() == StepKind::E)
        m->freshE();
    else
        m->freshM();
}

void EmEngine::eStep() {
    if (nextStep() != StepKind::E)
        throw ArgumentError("an E-step must follow the initial state or an M-step");
    step();
}

void EmEngine::mStep() {
    if (nextStep() != StepKind::M)
        throw ArgumentError("an M-step must follow an E-step");
    step();
}

void EmEngine::iterate() {
    if (nextStep() == StepKind::E)
        step();
    step();
}

int EmEngine::run() {
    int taken = 0;
    while (iteration() < m->opt.maxIter && !converged()) {
        iterate();
        ++taken;
    }
    return taken;
}

int EmEngine::currentState() const {
    return m->current;
}
int EmEngine::stateCount() const {
    return static_cast<int>(m->states.size());
}

void EmEngine::goTo(int state) {
    if (state < 0 || state >= stateCount())
        throw ArgumentError("state " + std::to_string(state) + " is not recorded (0.." +
                            std::to_string(stateCount() - 1) + ")");
    m->refresh(state);
}

StepKind EmEngine::kindOf(int state) const {
    if (state == 0)
        return StepKind::Initial;
    return state % 2 == 1 ? StepKind::E : StepKind::M;
}

int EmEngine::iteration() const {
    return m->current / 2;
}

const MixtureParams& EmEngine::params() const {
    return params(m->current);
}
const MixtureParams& EmEngine::params(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).params;
}

const Eigen::MatrixXd* EmEngine::responsibilities() const {
    if (m->current == 0)
        return nullptr;
    if (m->respViewVersion != m->respVersion) {
        m->respView = m->resp.transpose();
        m->respViewVersion = m->respVersion;
    }
    return &m->respView;
}
const Eigen::MatrixXd& EmEngine::logDensities() const {
    if (m->logDensViewVersion != m->densVersion) {
        m->logDensView = m->logDens.transpose();
        m->logDensViewVersion = m->densVersion;
    }
    return m->logDensView;
}
double EmEngine::logLikelihood() const {
    return logLikelihood(m->current);
}
double EmEngine::meanLogLikelihood() const {
    return logLikelihood() / static_cast<double>(m->n);
}
Eigen::VectorXd EmEngine::pointLogLikelihoods() const {
    return m->lse;
}
std::optional<double> EmEngine::lowerBound() const {
    return lowerBound(m->current);
}
double EmEngine::logLikelihood(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).logLikelihood;
}
std::optional<double> EmEngine::lowerBound(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).lowerBound;
}

bool EmEngine::converged() const {
    const int it = iteration();
    if (it < 1)
        return false;
    const double change =
        (logLikelihood(2 * it) - logLikelihood(2 * it - 2)) / static_cast<double>(m->n);
    return std::abs(change) < m->opt.tol;
}

std::vector<EmEvent> EmEngine::events() const {
    std::vector<EmEvent> out;
    for (int s = 0; s <= m->current; ++s)
        for (const auto& e : m->states[static_cast<std::size_t>(s)].events)
            out.push_back(e);
    return out;
}

std::vector<EmEvent> EmEngine::eventsAt(int state) const {
    return m->states.at(static_cast<std::size_t>(state)).events;
}

int EmEngine::freeParameters() const {
    return freeParameterCount(m->opt.covariance, m->k, m->d);
}
double EmEngine::bic() const {
    return -2.0 * logLikelihood() + freeParameters() * std::log(static_cast<double>(m->n));
}
double EmEngine::aic() const {
    return -2.0 * logLikelihood() + 2.0 * freeParameters();
}

const EmOptions& EmEngine::options() const {
    return m->opt;
}
const Eigen::MatrixXd& EmEngine::data() const {
    return m->x;
}
Eigen::Index EmEngine::n() const {
    return m->n;
}
int EmEngine::d() const {
    return m->d;
}
int EmEngine::k() const {
    return m->k;
}

} // namespace latentlab
