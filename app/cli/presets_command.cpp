// latentlab-cli presets: the built-in data sets, one line each.
#include "commands.h"

#include "data/presets.h"

#include <CLI/App.hpp>

#include <algorithm>
#include <cstdio>

namespace latentlab::cli {

namespace {

void runPresets() {
    std::size_t width = 0;
    for (const auto& p : presets())
        width = std::max(width, p.name.size());
    for (const auto& p : presets())
        std::printf("%-*s  K=%d  %s\n", int(width), p.name.c_str(), p.suggestedK,
                    p.description.c_str());
}

} // namespace

void addPresetsCommand(CLI::App& app) {
    CLI::App* presets = app.add_subcommand("presets", "list the built-in data sets");
    presets->footer("Lists the data sets usable with `em --preset NAME`: the name, the suggested\n"
                    "number of components K and a one-line description.");
    presets->callback(runPresets);
}

} // namespace latentlab::cli
