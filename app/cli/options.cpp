// The option helpers of options.h: each value parsed strictly, in the CLI's own wording (why
// not CLI11's conversions: see options.h).
#include "options.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latentlab::cli {

namespace {

/// The shortest text that reads back as exactly `v`, exponents without padding: "1e-6",
/// "0.001", "3".
std::string numberText(double v) {
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    const std::string s = buf;
    const auto e = s.find('e');
    if (e == std::string::npos)
        return s;
    return s.substr(0, e) + "e" + std::to_string(std::stoi(s.substr(e + 1)));
}

std::string what(const CLI::App& command, const std::string& name) {
    return command.get_name() + ": " + name;
}

long long integerIn(const std::string& text, const std::string& what, long long lo, long long hi) {
    const long long v = parseInteger(text, what);
    if (v < lo || v > hi)
        throw UsageError(what + " must be between " + std::to_string(lo) + " and " +
                         std::to_string(hi) + ", got " + text);
    return v;
}

RowRange parseRange(const std::string& text, const std::string& what) {
    const auto colon = text.find(':');
    if (colon == std::string::npos)
        throw UsageError(what + ": expected a range A:B, got '" + text + "'");
    const long long a = parseInteger(text.substr(0, colon), what);
    const long long b = parseInteger(text.substr(colon + 1), what);
    if (a < 0 || b <= a)
        throw UsageError(what + ": the range " + text + " must satisfy 0 <= A < B");
    return {a, b};
}

} // namespace

std::string rangeText(RowRange range) {
    return std::to_string(range.first) + ":" + std::to_string(range.second);
}

double parseNumber(const std::string& text, const std::string& what) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() ||
        std::isspace(static_cast<unsigned char>(text[0])))
        throw UsageError(what + ": '" + text + "' is not a number");
    if (!std::isfinite(v)) // also 1e400, which strtod turns into infinity
        throw UsageError(what + ": '" + text + "' is not a finite number");
    return v;
}

long long parseInteger(const std::string& text, const std::string& what) {
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size() ||
        std::isspace(static_cast<unsigned char>(text[0])))
        throw UsageError(what + ": '" + text + "' is not an integer");
    if (errno == ERANGE)
        throw UsageError(what + ": '" + text + "' is out of range");
    return v;
}

CLI::Option* addOption(CLI::App& command, const std::string& name,
                       std::function<void(const std::string&)> set, const std::string& typeName,
                       const std::string& defaultText, const std::string& description) {
    return command.add_option_function<std::string>(name, std::move(set), description)
        ->type_name(typeName)
        ->default_str(defaultText);
}

CLI::Option* addText(CLI::App& command, const std::string& name, std::string& value,
                     const std::string& typeName, const std::string& description) {
    return addOption(
        command, name, [&value](const std::string& text) { value = text; }, typeName, value,
        description);
}

CLI::Option* addText(CLI::App& command, const std::string& name, std::optional<std::string>& value,
                     const std::string& typeName, const std::string& description) {
    return addOption(
        command, name, [&value](const std::string& text) { value = text; }, typeName,
        value.value_or(""), description);
}

CLI::Option* addInteger(CLI::App& command, const std::string& name, int& value, long long lo,
                        long long hi, const std::string& typeName, const std::string& description) {
    return addOption(
        command, name,
        [&value, what = what(command, name), lo, hi](const std::string& text) {
            value = static_cast<int>(integerIn(text, what, lo, hi));
        },
        typeName, std::to_string(value), description);
}

CLI::Option* addInteger(CLI::App& command, const std::string& name, std::optional<int>& value,
                        long long lo, long long hi, const std::string& typeName,
                        const std::string& description) {
    return addOption(
        command, name,
        [&value, what = what(command, name), lo, hi](const std::string& text) {
            value = static_cast<int>(integerIn(text, what, lo, hi));
        },
        typeName, value ? std::to_string(*value) : "", description);
}

CLI::Option* addSeed(CLI::App& command, const std::string& name, std::uint64_t& value,
                     const std::string& description) {
    return addOption(
        command, name,
        [&value, what = what(command, name)](const std::string& text) {
            if (text.empty() ||
                !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
                throw UsageError(what + ": '" + text + "' is not a non-negative integer");
            errno = 0;
            const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
            if (errno == ERANGE)
                throw UsageError(what + ": '" + text + "' is out of range");
            value = v;
        },
        "S", std::to_string(value), description);
}

CLI::Option* addNumber(CLI::App& command, const std::string& name, double& value, double lo,
                       double hi, const std::string& typeName, const std::string& description) {
    return addOption(
        command, name,
        [&value, what = what(command, name), lo, hi](const std::string& text) {
            const double v = parseNumber(text, what);
            if (v < lo || v > hi) {
                char buf[128];
                std::snprintf(buf, sizeof buf, " must be between %g and %g, got ", lo, hi);
                throw UsageError(what + buf + text);
            }
            value = v;
        },
        typeName, numberText(value), description);
}

CLI::Option* addRange(CLI::App& command, const std::string& name, std::optional<RowRange>& value,
                      const std::string& description) {
    return addOption(
        command, name,
        [&value, what = what(command, name)](const std::string& text) {
            value = parseRange(text, what);
        },
        "A:B", value ? rangeText(*value) : "", description);
}

CLI::Option* addFlag(CLI::App& command, const std::string& name, bool& value,
                     const std::string& description) {
    return command.add_flag(name, value, description)
        ->multi_option_policy(CLI::MultiOptionPolicy::Throw)
        ->disable_flag_override();
}

void throwNotAChoice(const std::string& what, const std::vector<std::string>& names,
                     const std::string& text) {
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i)
        list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    throw UsageError(what + " must be " + list + ", got '" + text + "'");
}

std::string commandLine(const CLI::App& command) {
    std::string line = "latentlab-cli " + command.get_name();
    for (const CLI::Option* option : command.get_options()) {
        if (option->count() == 0 || option == command.get_help_ptr())
            continue;
        line += " " + option->get_name();
        if (option->get_expected_max() != 0) // not a flag
            for (const auto& value : option->results())
                line += " " + value;
    }
    return line;
}

} // namespace latentlab::cli
