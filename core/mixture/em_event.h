#pragma once
// The degenerate situations the EM engine meets and reports instead of crashing (the policy
// is in em_engine.h and covariance_policy.h), as data: what happened, where, and the numbers.
// describe() turns an event into the sentence people read; the CLI and the GUI both call it,
// so the engine's mathematics holds no prose and every front end says the same thing.

#include <string>

namespace latentlab {

struct EmEvent {
    enum class Kind {
        EmptyComponent,      ///< N_k fell to (near) zero
        NotPositiveDefinite, ///< the new Sigma_k is not usable (possible when reg = 0)
    };
    Kind kind = Kind::EmptyComponent;
    int component = 0;    ///< k, 0-based (tied NotPositiveDefinite: 0, the shared covariance)
    int state = 0;        ///< the half-step state it happened in
    bool initial = false; ///< in the initial M-step (state 0), which has no previous parameters
    bool tied = false;    ///< the covariance type is tied: one Sigma shared by all components
    double totalResponsibility = 0.0; ///< EmptyComponent: N_k = sum_i Q(k|o_i)
    double smallestEigenvalue = 0.0;  ///< NotPositiveDefinite: of the covariance not used

    friend bool operator==(const EmEvent&, const EmEvent&) = default;
};

/// "empty_component", "not_positive_definite" (the CLI's JSON).
std::string toString(EmEvent::Kind kind);

/// One sentence: what happened, what the M-step kept or used instead, and what the user can
/// do. Components are numbered from 1 ("Component 2"), as people count.
std::string describe(const EmEvent& event);

} // namespace latentlab
