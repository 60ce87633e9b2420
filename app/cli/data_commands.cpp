// The table of latentlab-cli's data and EM commands.
#include "commands.h"

#include <array>

namespace latentlab::cli {

namespace {
constexpr std::string_view kIdxSubsetUsage =
    R"(usage: latentlab-cli idx-subset --images F --labels F --range A:B
           --out-images F --out-labels F [--raw]

Copies images A..B-1 (a half-open row range) of an IDX image file and the matching labels
into new IDX files, gzip-compressed unless --raw is given. Inputs may be raw or gzip.
Outputs are written atomically (temporary file, then rename).
)";

constexpr std::string_view kPresetsUsage =
    R"(usage: latentlab-cli presets

Lists the built-in data sets usable with `em --preset NAME`: the name, the suggested number
of components K and a one-line description.
)";

const std::array kCommands = {
    Command{"presets", "list the built-in data sets", kPresetsUsage, &runPresets},
    Command{"idx-subset", "cut a row range out of an IDX image/label pair", kIdxSubsetUsage,
            &runIdxSubset},
};
} // namespace

std::span<const Command> dataCommands() {
    return kCommands;
}

} // namespace latentlab::cli
