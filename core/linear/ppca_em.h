#pragma once
// EM for probabilistic PCA (Tipping and Bishop 1999, section 3.2), as a state machine over
// half-steps like the mixture's EmEngine:
//
//   state 0: the initial parameters theta_0 = (W_0, sigma^2_0)
//   state 1: after the 1st E-step (the posteriors p(z_i | x_i) under theta_0; theta unchanged)
//   state 2: after the 1st M-step (theta_1 from those posteriors), state 3: the 2nd E-step...
//
// mu is the sample mean throughout (its maximum-likelihood value whatever W and sigma^2 are).
// With x_i centred on it, M = W^T W + sigma^2 I and S = (1/N) sum_i x_i x_i^T:
//
// E-step: the posterior moments of each latent point,
//     E[z_i] = M^-1 W^T x_i,   E[z_i z_i^T] = sigma^2 M^-1 + E[z_i] E[z_i]^T,
//   through the two sums the M-step needs (so nothing of size N is kept):
//     A = (1/N) sum_i x_i E[z_i]^T = S W M^-1                                   (d x q)
//     B = (1/N) sum_i E[z_i z_i^T] = sigma^2 M^-1 + M^-1 W^T S W M^-1           (q x q)
// M-step: W_new = A B^-1,
//     sigma^2_new = 1/d [ tr S - 2 tr(W_new^T A) + tr(B W_new^T W_new) ]
//   (= 1/(N d) sum_i { |x_i|^2 - 2 E[z_i]^T W_new^T x_i + tr(E[z_i z_i^T] W_new^T W_new) }).
//
// Every state records the log-likelihood
//     log p(X | theta) = -N/2 [ d log 2 pi + log det C + tr(C^-1 S) ],  C = W W^T + sigma^2 I,
// which is exactly sum_i log N(x_i | mu, C) (Ppca::logLikelihood of the data), and, after a
// half-step, the lower bound L(q, theta) = E_q[log p(X, Z | theta)] + H[q] with q the
// posteriors of the latest E-step: it equals the log-likelihood right after an E-step, rises
// in the M-step, and the log-likelihood rises at least as much. The log-likelihood never
// decreases, and EM converges to the closed-form maximum-likelihood model, closedForm(): the
// model of Ppca::fromPca with the covariance divided by N (W up to a rotation: W W^T,
// sigma^2, the subspace and the log-likelihood are what converge).
//
// Every state is kept (W is d x q per state), so goTo() can revisit any of them, and stepping
// forward from a revisited state replays the recorded next state: EM is deterministic, so the
// numbers are the same as stepping again. All work is O(d^2 q) per half-step on S, formed once.

#include "common/half_steps.h"
#include "linear/pca.h"
#include "linear/ppca.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace latentlab {

struct PpcaEmOptions {
    int q = 1;              ///< latent dimensions, 1 <= q < d
    std::uint64_t seed = 0; ///< for the random initial W (unless initialW is given)
    /// An explicit start (d x q, finite). Default: W_0 with N(0, s^2) entries drawn from a
    /// Random seeded with `seed` row by row, s^2 = tr(S) / (d q), so that W_0 W_0^T carries
    /// about the data's total variance.
    std::optional<Eigen::MatrixXd> initialW;
    /// An explicit start for sigma^2 (> 0). Default: tr(S) / d.
    std::optional<double> initialSigma2;
    double tol = 1e-8;  ///< on the change of the mean log-likelihood per point; 0 = run maxIter
    int maxIter = 1000; ///< full iterations for run()
    int threads = 0;    ///< for forming S: 0 = all hardware threads; never changes results
};

class PpcaEm {
public:
    /// `data` is d x N (copied: the posteriors are recomputed from it on demand). Validates
    /// (data as for PCA, 1 <= q < d, a closed-form sigma^2 above zero, the explicit start's
    /// shape and values, tol >= 0, maxIter >= 0) and throws ArgumentError with one sentence;
    /// then computes state 0.
    PpcaEm(Eigen::MatrixXd data, PpcaEmOptions options);
    ~PpcaEm();
    PpcaEm(PpcaEm&&) noexcept;
    PpcaEm& operator=(PpcaEm&&) noexcept;

    // ---- Stepping (as EmEngine) --------------------------------------------------------
    StepKind nextStep() const; ///< E after the initial or an M state, M after an E state
    void step();               ///< the next half-step
    void eStep();              ///< precondition nextStep() == E (else ArgumentError)
    void mStep();              ///< precondition nextStep() == M (else ArgumentError)
    void iterate();            ///< complete the current iteration: E then M (or just M)
    /// Iterations until converged() or options().maxIter M-steps in all; returns how many.
    int run();

    // ---- History -----------------------------------------------------------------------
    int currentState() const;
    int stateCount() const;
    void goTo(int state); ///< any recorded state; ArgumentError otherwise
    StepKind kindOf(int state) const;
    int iteration() const; ///< M-steps up to the current state

    // ---- The current state -----------------------------------------------------------
    const Ppca& model() const; ///< mu, W, sigma^2 of the current state
    const Ppca& model(int state) const;
    double logLikelihood() const;
    double logLikelihood(int state) const;
    double meanLogLikelihood() const;         ///< logLikelihood() / N
    std::optional<double> lowerBound() const; ///< nullopt in state 0
    std::optional<double> lowerBound(int state) const;
    /// E[z_i | x_i] (q x N) under the parameters of the latest E-step at or before the
    /// current state; nullopt in state 0. Recomputed on each call (O(N d q)).
    std::optional<Eigen::MatrixXd> posteriorMeans() const;
    /// |change of the mean log-likelihood per point over the last iteration| < tol.
    bool converged() const;

    /// The closed-form maximum-likelihood model EM converges to (covariance divided by N).
    const Ppca& closedForm() const;
    /// The principal angles (degrees) between span(W) of the current state and the
    /// principal subspace span(U_q).
    Eigen::VectorXd anglesToPrincipalSubspace() const;

    const PpcaEmOptions& options() const { return m_options; }
    const Eigen::MatrixXd& data() const; ///< d x N, as given
    Eigen::Index n() const { return m_n; }
    int d() const { return m_d; }
    int q() const { return m_options.q; }

private:
    struct Impl;
    std::unique_ptr<Impl> m;
    PpcaEmOptions m_options;
    Eigen::Index m_n = 0;
    int m_d = 0;
};

} // namespace latentlab
