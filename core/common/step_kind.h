#pragma once
// The kinds of state an EM state machine passes through (the mixture's EmEngine and
// probabilistic PCA's PpcaEm): the initial parameters, then alternately after an E-step and
// after an M-step. One enum for both, so transport controls and plots can serve either.

namespace latentlab {

enum class StepKind { Initial, E, M };

} // namespace latentlab
