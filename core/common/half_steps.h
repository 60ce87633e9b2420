#pragma once
// The bookkeeping of an EM state machine over half-steps (the mixture's EmEngine numbers its
// states the same way; probabilistic PCA's PpcaEm uses this class):
//
//   state 0: the initial parameters;  odd states: after an E-step;  even states > 0: after
//   an M-step. Every state is recorded; the machine stands on one of them (current) and can
//   go back to any; stepping forward from a revisited state replays the recorded next one.

#include "common/error.h"

#include <cmath>
#include <string>

namespace latentlab {

enum class StepKind { Initial, E, M };

class HalfSteps {
public:
    static StepKind kindOf(int state) {
        if (state == 0)
            return StepKind::Initial;
        return state % 2 == 1 ? StepKind::E : StepKind::M;
    }

    int current() const { return m_current; }
    int count() const { return m_count; } ///< recorded states
    /// E after the initial state or an M-step, M after an E-step.
    StepKind next() const { return kindOf(m_current) == StepKind::E ? StepKind::M : StepKind::E; }
    int iteration() const { return m_current / 2; } ///< M-steps up to the current state

    /// Throws ArgumentError unless the next half-step is of `kind`.
    void expect(StepKind kind) const {
        if (next() == kind)
            return;
        throw ArgumentError(kind == StepKind::E
                                ? "an E-step must follow the initial state or an M-step"
                                : "an M-step must follow an E-step");
    }
    /// Moves to the recorded state after the current one; false if the current is the last.
    bool replay() {
        if (m_current + 1 >= m_count)
            return false;
        ++m_current;
        return true;
    }
    /// A new state has been recorded after the last one; it becomes the current state.
    void recorded() { m_current = m_count++; }
    /// Moves to a recorded state; ArgumentError otherwise.
    void goTo(int state) {
        if (state < 0 || state >= m_count)
            throw ArgumentError("state " + std::to_string(state) + " is not recorded (0.." +
                                std::to_string(m_count - 1) + ")");
        m_current = state;
    }

private:
    int m_current = 0;
    int m_count = 1;
};

/// Completes the machine's current iteration: an E- and an M-step, or the M-step after an E.
template <class Machine> void completeIteration(Machine& machine) {
    if (machine.nextStep() == StepKind::E)
        machine.step();
    machine.step();
}

/// Iterations until machine.converged() or maxIter M-steps in all; returns how many.
template <class Machine> int runIterations(Machine& machine, int maxIter) {
    int taken = 0;
    for (; machine.iteration() < maxIter && !machine.converged(); ++taken)
        completeIteration(machine);
    return taken;
}

/// Whether the mean log-likelihood per point changed by less than tol over the machine's
/// last full iteration (false before the first M-step): the stopping rule of both engines.
template <class Machine> bool likelihoodSettled(const Machine& machine, double tol) {
    const int it = machine.iteration();
    if (it < 1)
        return false;
    const double change = machine.logLikelihood(2 * it) - machine.logLikelihood(2 * it - 2);
    return std::abs(change / double(machine.n())) < tol;
}

} // namespace latentlab
