#pragma once
// The PCA lesson's 2D data sets. PCA wants one Gaussian-looking cloud, not the mixture
// lesson's clusters: an elongated cloud (a clear principal direction), Old Faithful
// standardised (Bishop's figure 12.x uses it so: both columns in units of their standard
// deviation, else "waiting" in minutes swamps "eruptions"), points near a line (sigma^2
// almost 0: the posterior reconstruction almost meets the projection) and a round cloud
// (l_1 ~ l_2: the principal direction is barely determined and swings when a point moves).

#include "common/point_set.h"

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct PcaPresetInfo {
    std::string name;        ///< "cloud", "faithful", "near-line", "round"
    std::string description; ///< one line for the menu
};

const std::vector<PcaPresetInfo>& pcaPresets();
/// Throws ArgumentError for an unknown name (listing the known ones). `seed` varies the
/// synthetic sets; the default gives the documented pictures.
PointSet makePcaPreset(const std::string& name, std::uint64_t seed = 0);

/// Each column shifted to mean 0 and divided by its sample standard deviation (divisor
/// N - 1); a constant column is only centred. Names get a " (std.)" suffix.
PointSet standardised(PointSet set);

} // namespace latentlab
