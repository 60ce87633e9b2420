#pragma once
// INIT.json, the manual start of `latentlab-cli em --init`: {"weights": [K], "means":
// [[d] x K], "covariances": [[[d] x d] x K]}, full matrices whatever the covariance type (the
// engine projects them onto the type). The file may be hostile: every problem is one
// FileError naming the file and the member, and what is accepted is exactly what EmEngine
// accepts as EmOptions::initialParams (tests/fuzz/init_fuzz.cpp holds the reader to that).

#include "mixture/gaussian_mixture.h"

#include <nlohmann/json.hpp>

#include <string>

namespace latentlab {

/// Means are refused beyond this magnitude (the data's own limit, kMaxAbsCoordinate) and
/// covariance entries beyond its square, so that the engine's sums cannot overflow.
inline constexpr double kMaxAbsInitMean = 1e100;
inline constexpr double kMaxAbsInitCovariance = 1e200;

/// The parameters in `root` for `k` components in `d` dimensions; `path` names the file in
/// errors. Throws FileError.
MixtureParams mixtureInitFromJson(const nlohmann::json& root, int k, int d,
                                  const std::string& path);
/// Reads and parses INIT.json (readJsonFile's size limit). Throws FileError.
MixtureParams readMixtureInitFile(const std::string& path, int k, int d);

} // namespace latentlab
