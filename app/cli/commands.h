#pragma once
// latentlab-cli's subcommands. main.cpp dispatches on the first argument to a table of
// Command entries; each group of commands lives in its own file and exposes its table:
//
//   data_commands.cpp   em, presets, idx-subset
//   vae_commands.cpp    vae-train, vae-eval, vae-encode, vae-decode
//
// A command parses its own options with Args, does its work and returns the exit status.
// Bad arguments and bad files are reported by throwing UsageError, ArgumentError or
// FileError: main prints "latentlab-cli: <what()>" as ONE line on stderr and exits with 2.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latentlab::cli {

/// Wrong or missing command-line arguments (exit status 2, one line on stderr).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The options of one command: "--name value", "--name=value" or a bare "--flag".
/// Unknown options, missing values, repeated options and positional arguments are
/// UsageErrors, raised by the constructor.
class Args {
public:
    Args(std::string command, std::span<const std::string> argv,
         std::initializer_list<std::string_view> valueOptions,
         std::initializer_list<std::string_view> flagOptions = {});

    bool helpRequested() const { return m_help; }
    bool has(std::string_view name) const;  ///< a value option was given
    bool flag(std::string_view name) const; ///< a flag option was given

    std::string required(std::string_view name) const; ///< UsageError if absent
    std::optional<std::string> optional(std::string_view name) const;
    std::string value(std::string_view name, std::string fallback) const;

    /// Integers and doubles parsed strictly (the whole text, finite, within [lo, hi]).
    long long integer(std::string_view name, long long fallback, long long lo, long long hi) const;
    std::uint64_t unsignedInteger(std::string_view name, std::uint64_t fallback) const;
    double number(std::string_view name, double fallback, double lo, double hi) const;
    /// A half-open range "A:B" with 0 <= A < B.
    std::pair<long long, long long> range(std::string_view name,
                                          std::pair<long long, long long> fallback) const;

    const std::string& command() const { return m_command; }

private:
    std::string m_command;
    std::map<std::string, std::string, std::less<>> m_values;
    std::vector<std::string> m_flags;
    bool m_help = false;
};

/// Strict number parsing shared by Args and commands ("--z 1.5,2"): the whole text must
/// be a finite number, else UsageError naming `what`.
double parseNumber(const std::string& text, const std::string& what);
long long parseInteger(const std::string& text, const std::string& what);

struct Command {
    std::string_view name;     ///< "em"
    std::string_view synopsis; ///< one line for `latentlab-cli --help`
    std::string_view usage;    ///< full usage text printed by `latentlab-cli NAME --help`
    /// argv holds the arguments after the command name; returns the exit status.
    int (*run)(std::span<const std::string> argv);
};

std::span<const Command> dataCommands();             ///< data_commands.cpp
int runEm(std::span<const std::string> argv);        ///< em_command.cpp
int runPresets(std::span<const std::string> argv);   ///< presets_command.cpp
int runIdxSubset(std::span<const std::string> argv); ///< idx_subset_command.cpp
std::span<const Command> vaeCommands();              ///< vae_commands.cpp

/// Prints `command.usage` to stdout (for --help).
void printUsage(const Command& command);

} // namespace latentlab::cli
