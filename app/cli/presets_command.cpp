// latentlab-cli presets: the built-in data sets, one line each.
#include "commands.h"

#include "data/presets.h"

#include <cstdio>

namespace latentlab::cli {

int runPresets(std::span<const std::string> argv) {
    const Args args("presets", argv, {});
    std::size_t width = 0;
    for (const auto& p : presets())
        width = std::max(width, p.name.size());
    for (const auto& p : presets())
        std::printf("%-*s  K=%d  %s\n", int(width), p.name.c_str(), p.suggestedK,
                    p.description.c_str());
    return 0;
}

} // namespace latentlab::cli
