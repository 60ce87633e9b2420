#pragma once
// Built-in data sets: Old Faithful (R datasets::faithful, public domain, compiled into the
// library from resources/data/faithful.csv) and synthetic teaching sets.

#include "common/point_set.h"

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct PresetInfo {
    std::string name;        ///< e.g. "faithful", "separated", "overlapping", "elongated", "tiny"
    std::string description; ///< one line for `latentlab-cli presets` and the GUI menu
    int suggestedK = 3;
};

const std::vector<PresetInfo>& presets();
/// Throws ArgumentError for an unknown name (listing the known ones). `seed` varies the
/// synthetic sets (faithful ignores it); the default seed gives the documented pictures.
PointSet makePreset(const std::string& name, std::uint64_t seed = 0);

} // namespace latentlab
