#pragma once
// The settings a mixture fit is made from, as the mixture page edits them and sessions
// record them.

#include "mixture/em_engine.h"

#include <cstdint>
#include <optional>

namespace latentlab {

/// init == Manual: start from manualParams, which the user places by dragging means and
/// ellipse handles.
struct ModelSettings {
    int k = 3;
    CovarianceType covariance = CovarianceType::Full;
    InitMethod init = InitMethod::KMeansPlusPlus;
    std::uint64_t seed = 0;
    double reg = 1e-6;
    double tol = 1e-3;
    int maxIter = 100;
    std::optional<MixtureParams> manualParams;

    /// The engine's options; threads: all cores but one, left to the GUI thread so the window
    /// repaints while EM works (the engine's results do not depend on the thread count).
    EmOptions toOptions() const;
};

} // namespace latentlab
