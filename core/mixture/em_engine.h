#pragma once
// Expectation-maximisation for a Gaussian mixture, as a state machine over half-steps:
//
//   state 0: initial parameters theta_0 (no responsibilities yet)
//   state 1: after the 1st E-step   (responsibilities Q(k|o_i) under theta_0; theta unchanged)
//   state 2: after the 1st M-step   (theta_1 from those responsibilities)
//   state 3: after the 2nd E-step ... and so on: odd states follow an E-step, even an M-step.
//
// E-step:  Q(k|o_i) = pi_k N(o_i|mu_k,Sigma_k) / sum_j pi_j N(o_i|mu_j,Sigma_j)
//          (computed in the log domain with log-sum-exp).
// M-step:  N_k = sum_i Q(k|o_i) (+ 10 eps, as scikit-learn),  pi_k = N_k / sum_j N_j,
//          mu_k = sum_i Q(k|o_i) o_i / N_k,
//          Sigma_k = sum_i Q(k|o_i) (o_i - mu_k)(o_i - mu_k)^T / N_k + reg I
//          (diag, spherical and tied as scikit-learn defines them).
// The log-likelihood log p(O|theta) = sum_i log sum_k pi_k N(o_i|mu_k,Sigma_k) is known for
// the current parameters after every half-step and never decreases across an iteration
// (exactly so for reg = 0; with reg > 0 the M-step is not the exact maximiser, and the tests
// check the property empirically, to 1e-9 relative, on hundreds of problems).
// The lower bound L(q,theta) = sum_i sum_k q_ik log(pi_k N(o_i|mu_k,Sigma_k) / q_ik) equals
// it right after an E-step.
//
// Every state is recorded (parameters, log-likelihood, lower bound, events; responsibilities
// are recomputed on demand), so a caller can go back to any state and continue from there.
// Work over points is split into fixed blocks summed in a fixed order, so results are
// bit-identical whatever the number of threads. The blocks are shared out among a ThreadTeam
// that the engine keeps for its lifetime (its threads sleep between passes).
//
// Degenerate cases (policy). Nothing non-finite ever reaches a caller; instead:
// - Empty component: N_k = sum_i Q(k|o_i) < kEmptyComponentThreshold. The M-step keeps the
//   component's previous mean mu_k and covariance Sigma_k (tied: its previous mean) and sets
//   pi_k = N_k / N (near 0, but positive thanks to scikit-learn's N_k + 10 eps). An
//   EmptyComponent event says so; the user can reseed, move the initial mean, or lower K.
//   Keeping mu_k and Sigma_k is harmless for the likelihood: their terms in the expected
//   complete-data log-likelihood are weighted by N_k, which is (near) 0.
// - Covariance not positive definite (possible when reg = 0: the component sits on one point,
//   on duplicates, or on a line): the M-step applies CovariancePolicy (covariance_policy.h):
//   it keeps the component's previous Sigma_k (tied: the previous shared Sigma) and still
//   updates pi_k and mu_k, a generalised EM step, so the log-likelihood never decreases. A
//   NotPositiveDefinite event says so; the user can raise the regularisation above 0, reseed,
//   or lower K. (Tied: the shared Sigma is checked once; its event carries component 0.)
// - In the initial M-step (kmeans++ / random init) there is no previous state: an empty
//   component is placed at its k-means++ centre (random init: the data mean) and a bad or
//   missing covariance is replaced by the data covariance (+ reg I, projected onto the
//   covariance type, eigenvalues floored at 1e-6 of the largest; the identity if all points
//   coincide: CovariancePolicy::dataCovariance), with the same events in state 0.
// - Log densities are floored at kLogDensityFloor (a far point under a thin component), and
//   the constructor rejects data beyond kMaxAbsData in magnitude, whose squares could overflow.
// Events are data (em_event.h); describe() makes the sentences people read.

#include "common/half_steps.h"
#include "mixture/em_event.h"
#include "mixture/gaussian_mixture.h"

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latentlab {

enum class InitMethod {
    KMeansPlusPlus, ///< seeded k-means++ centres, hard assignment, then one M-step
    Random,         ///< seeded random responsibilities (as scikit-learn's 'random'), one M-step
    Manual          ///< EmOptions::initialParams (dragged in the GUI, INIT.json in the CLI),
                    ///< projected onto the covariance type
};

/// The one spelling of each method, in sessions, the CLI's JSON and the GUI: "kmeans++",
/// "random", "manual".
std::string toString(InitMethod method);
/// The inverse of toString; also reads "explicit", what the CLI's JSON output called "manual"
/// in version 0.1.0. nullopt for anything else.
std::optional<InitMethod> parseInitMethod(std::string_view name);

struct EmOptions {
    int k = 3;
    CovarianceType covariance = CovarianceType::Full;
    InitMethod init = InitMethod::KMeansPlusPlus;
    std::uint64_t seed = 0;
    double reg = 1e-6; ///< added to every covariance diagonal (scikit-learn's reg_covar)
    double tol = 1e-3; ///< on the change of the mean per-point log-likelihood; 0 = run max_iter
    int maxIter = 100; ///< full iterations for run()
    std::optional<MixtureParams> initialParams; ///< required for InitMethod::Manual
    int threads = 0; ///< 0 = all hardware threads; never changes the results
};

class EmEngine {
public:
    static constexpr Eigen::Index kBlockSize = 8192;         ///< points per block (fixed)
    static constexpr double kEmptyComponentThreshold = 1e-8; ///< N_k below this is "empty"
    static constexpr double kLogDensityFloor = -1e200;       ///< log N(o|k) never below this
    static constexpr double kMaxAbsData = 1e100;             ///< larger coordinates are rejected

    /// `data` is d x N, one column per observation. Validates (1 <= K <= kMaxComponents,
    /// K <= N, N >= 1, finite data, manual initial parameters of the right shape,
    /// positive-definite covariances, reg >= 0, tol >= 0, max_iter >= 0) and throws
    /// ArgumentError with a one-line message; then computes the initial state 0.
    EmEngine(Eigen::MatrixXd data, EmOptions options);
    ~EmEngine();
    EmEngine(EmEngine&&) noexcept;
    EmEngine& operator=(EmEngine&&) noexcept;

    // ---- Stepping --------------------------------------------------------------------
    StepKind nextStep() const; ///< E after an initial or M state, M after an E state
    void step();               ///< the next half-step (E or M)
    void eStep();              ///< precondition nextStep() == E (else ArgumentError)
    void mStep();              ///< precondition nextStep() == M (else ArgumentError)
    void iterate();            ///< complete the current iteration: E then M (or just M)
    /// Full iterations until converged() or options().maxIter M-steps in total; returns the
    /// number of M-steps taken by this call.
    int run();

    // ---- History ---------------------------------------------------------------------
    int currentState() const; ///< 0 = initial, odd = after E, even > 0 = after M
    int stateCount() const;   ///< recorded states (currentState() < stateCount())
    /// Moves to a recorded state. Stepping forward from there reuses the recorded next state
    /// (EM is deterministic, so recomputing would give the same bits).
    void goTo(int state);
    StepKind kindOf(int state) const;
    int iteration() const; ///< M-steps taken up to the current state

    // ---- The current state -------------------------------------------------------------
    const MixtureParams& params() const;
    const MixtureParams& params(int state) const;
    /// K x N responsibilities Q(k|o_i) of the latest E-step at or before the current state
    /// (after an M-step these are the ones that M-step used); nullptr in state 0.
    /// The engine works on an N x K layout internally; this K x N copy is made on the first
    /// call after a change, so these two getters must not be called concurrently from
    /// several threads. The pointer/reference stays valid until the next step or goTo.
    const Eigen::MatrixXd* responsibilities() const;
    /// K x N log N(o_i | mu_k, Sigma_k) under the current parameters (floored at
    /// kLogDensityFloor). Same caveat as responsibilities().
    const Eigen::MatrixXd& logDensities() const;
    double logLikelihood() const;                ///< total, current parameters
    double meanLogLikelihood() const;            ///< logLikelihood() / N
    Eigen::VectorXd pointLogLikelihoods() const; ///< N values log p(o_i | theta)
    std::optional<double> lowerBound() const;    ///< L(q, theta); nullopt in state 0
    double logLikelihood(int state) const;
    std::optional<double> lowerBound(int state) const;
    /// |change of mean log-likelihood over the last iteration| < tol. scikit-learn tests the
    /// same change one iteration late (for the parameters before its last M-step), so with
    /// the same tol it stops exactly one iteration after us.
    bool converged() const;
    /// Events of all states up to and including the current one.
    std::vector<EmEvent> events() const;
    std::vector<EmEvent> eventsAt(int state) const;

    // ---- Model selection (scikit-learn's convention: lower is better) ------------------
    int freeParameters() const;
    double bic() const; ///< -2 log L + p ln N
    double aic() const; ///< -2 log L + 2 p

    const EmOptions& options() const;
    const Eigen::MatrixXd& data() const;
    Eigen::Index n() const;
    int d() const;
    int k() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace latentlab
