#pragma once
// How latentlab-cli's commands declare their options on CLI11. CLI11 parses the command line
// (option names, "--name value" and "--name=value", repeats, --help); these helpers read each
// VALUE themselves, because the CLI's contract words its errors ("em: --k must be between 1
// and 100000, got 0") and is stricter than CLI11's conversions, which read "010" as octal 8.
//
// Each helper declares one option once: its value lands in the variable given, and that
// variable's initial value is the default shown in --help. A value that does not parse throws
// UsageError from inside CLI::App::parse (CLI11 passes our exception through untouched).

#include <CLI/App.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace latentlab::cli {

/// Wrong or missing command-line arguments (exit status 2, one line on stderr).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A half-open range of rows "A:B" with 0 <= A < B.
using RowRange = std::pair<long long, long long>;
std::string rangeText(RowRange range); ///< "A:B"

/// Strict number parsing shared by the helpers and by commands that split lists
/// ("--z 1.5,2"): the whole text must be a finite number, else UsageError naming `what`.
double parseNumber(const std::string& text, const std::string& what);
long long parseInteger(const std::string& text, const std::string& what);

/// The general form: `set` receives the text of the value (and throws UsageError when it is
/// wrong); `typeName` is the placeholder in --help ("K"), `defaultText` the default shown
/// there (empty: none).
CLI::Option* addOption(CLI::App& command, const std::string& name,
                       std::function<void(const std::string&)> set, const std::string& typeName,
                       const std::string& defaultText, const std::string& description);

CLI::Option* addText(CLI::App& command, const std::string& name, std::string& value,
                     const std::string& typeName, const std::string& description);
CLI::Option* addText(CLI::App& command, const std::string& name, std::optional<std::string>& value,
                     const std::string& typeName, const std::string& description);
/// An integer in [lo, hi].
CLI::Option* addInteger(CLI::App& command, const std::string& name, int& value, long long lo,
                        long long hi, const std::string& typeName, const std::string& description);
CLI::Option* addInteger(CLI::App& command, const std::string& name, std::optional<int>& value,
                        long long lo, long long hi, const std::string& typeName,
                        const std::string& description);
/// A seed: any integer in [0, 2^64).
CLI::Option* addSeed(CLI::App& command, const std::string& name, std::uint64_t& value,
                     const std::string& description);
/// A finite number in [lo, hi].
CLI::Option* addNumber(CLI::App& command, const std::string& name, double& value, double lo,
                       double hi, const std::string& typeName, const std::string& description);
/// A row range "A:B" (type name A:B); its default depends on the data, so say it in the
/// description.
CLI::Option* addRange(CLI::App& command, const std::string& name, std::optional<RowRange>& value,
                      const std::string& description);
/// A flag: given once, without a value ("--json=yes" and "--json --json" are errors).
CLI::Option* addFlag(CLI::App& command, const std::string& name, bool& value,
                     const std::string& description);

/// "must be a, b or c, got 'x'" as one UsageError.
[[noreturn]] void throwNotAChoice(const std::string& what, const std::vector<std::string>& names,
                                  const std::string& text);

/// One of a few named values of an enum that has toString(T): type name "a|b|c", the
/// default the name of `value`'s initial value.
template <class T>
CLI::Option* addChoice(CLI::App& command, const std::string& name, T& value,
                       std::initializer_list<T> choices, const std::string& description) {
    std::vector<std::string> names;
    std::string typeName;
    for (const T c : choices) {
        names.push_back(toString(c));
        typeName += (typeName.empty() ? "" : "|") + names.back();
    }
    const std::vector<T> values(choices);
    const std::string what = command.get_name() + ": " + name;
    return addOption(
        command, name,
        [&value, values, names, what](const std::string& text) {
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == text) {
                    value = values[i];
                    return;
                }
            throwNotAChoice(what, names, text);
        },
        typeName, toString(value), description);
}

/// "latentlab-cli COMMAND --name value ..." as parsed (options in declaration order), for
/// files that record how they were made.
std::string commandLine(const CLI::App& command);

} // namespace latentlab::cli
