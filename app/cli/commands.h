#pragma once
// latentlab-cli's command families. main.cpp builds one CLI::App and calls each family's
// add...() to register its subcommands on it, so a new family is its own file, its line
// here, its registration line in main.cpp and its source in app/CMakeLists.txt:
//
//   em_command.cpp          em
//   presets_command.cpp     presets
//   idx_subset_command.cpp  idx-subset
//   vae_commands.cpp        vae-train, vae-eval, vae-encode, vae-decode
//   pca_commands.cpp        pca, ppca-em, linear-ae
//
// A subcommand declares its options with the helpers of options.h (each once, with the
// default shown in --help) and does its work in its CLI11 callback. Bad arguments and bad
// files are reported by throwing UsageError, ArgumentError or FileError: main prints
// "latentlab-cli: <what()>" as ONE line on stderr and exits with 2.

namespace CLI {
class App;
}

namespace latentlab::cli {

void addEmCommand(CLI::App& app);        ///< em_command.cpp
void addPresetsCommand(CLI::App& app);   ///< presets_command.cpp
void addIdxSubsetCommand(CLI::App& app); ///< idx_subset_command.cpp
void addVaeCommands(CLI::App& app);      ///< vae_commands.cpp
void addPcaCommands(CLI::App& app);      ///< pca_commands.cpp

} // namespace latentlab::cli
