#include "commands.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace latentlab::cli {

namespace {
bool contains(std::initializer_list<std::string_view> list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}
} // namespace

Args::Args(std::string command, std::span<const std::string> argv,
           std::initializer_list<std::string_view> valueOptions,
           std::initializer_list<std::string_view> flagOptions)
    : m_command(std::move(command)) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--help" || a == "-h") {
            m_help = true;
            continue;
        }
        if (a.size() < 3 || a.compare(0, 2, "--") != 0)
            throw UsageError(m_command + ": unexpected argument '" + a + "' (see " +
                             "latentlab-cli " + m_command + " --help)");
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (contains(flagOptions, name)) {
            if (inlineValue)
                throw UsageError(m_command + ": --" + name + " takes no value");
            if (std::find(m_flags.begin(), m_flags.end(), name) != m_flags.end())
                throw UsageError(m_command + ": --" + name + " given twice");
            m_flags.push_back(name);
            continue;
        }
        if (!contains(valueOptions, name))
            throw UsageError(m_command + ": unknown option --" + name + " (see latentlab-cli " +
                             m_command + " --help)");
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else {
            if (i + 1 >= argv.size())
                throw UsageError(m_command + ": --" + name + " needs a value");
            value = argv[++i];
        }
        if (m_values.count(name))
            throw UsageError(m_command + ": --" + name + " given twice");
        m_values.emplace(name, value);
    }
}

bool Args::has(std::string_view name) const {
    return m_values.find(name) != m_values.end();
}

bool Args::flag(std::string_view name) const {
    return std::find(m_flags.begin(), m_flags.end(), name) != m_flags.end();
}

std::string Args::required(std::string_view name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end())
        throw UsageError(m_command + ": missing --" + std::string(name) + " (see latentlab-cli " +
                         m_command + " --help)");
    return it->second;
}

std::optional<std::string> Args::optional(std::string_view name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::string Args::value(std::string_view name, std::string fallback) const {
    return optional(name).value_or(std::move(fallback));
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

long long Args::integer(std::string_view name, long long fallback, long long lo,
                        long long hi) const {
    const auto text = optional(name);
    if (!text)
        return fallback;
    const std::string what = m_command + ": --" + std::string(name);
    const long long v = parseInteger(*text, what);
    if (v < lo || v > hi)
        throw UsageError(what + " must be between " + std::to_string(lo) + " and " +
                         std::to_string(hi) + ", got " + *text);
    return v;
}

std::uint64_t Args::unsignedInteger(std::string_view name, std::uint64_t fallback) const {
    const auto text = optional(name);
    if (!text)
        return fallback;
    const std::string what = m_command + ": --" + std::string(name);
    if (text->empty() ||
        !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw UsageError(what + ": '" + *text + "' is not a non-negative integer");
    errno = 0;
    const unsigned long long v = std::strtoull(text->c_str(), nullptr, 10);
    if (errno == ERANGE)
        throw UsageError(what + ": '" + *text + "' is out of range");
    return v;
}

double Args::number(std::string_view name, double fallback, double lo, double hi) const {
    const auto text = optional(name);
    if (!text)
        return fallback;
    const std::string what = m_command + ": --" + std::string(name);
    const double v = parseNumber(*text, what);
    if (v < lo || v > hi) {
        char buf[128];
        std::snprintf(buf, sizeof buf, " must be between %g and %g, got ", lo, hi);
        throw UsageError(what + buf + *text);
    }
    return v;
}

std::pair<long long, long long> Args::range(std::string_view name,
                                            std::pair<long long, long long> fallback) const {
    const auto text = optional(name);
    if (!text)
        return fallback;
    const std::string what = m_command + ": --" + std::string(name);
    const auto colon = text->find(':');
    if (colon == std::string::npos)
        throw UsageError(what + ": expected a range A:B, got '" + *text + "'");
    const long long a = parseInteger(text->substr(0, colon), what);
    const long long b = parseInteger(text->substr(colon + 1), what);
    if (a < 0 || b <= a)
        throw UsageError(what + ": the range " + *text + " must satisfy 0 <= A < B");
    return {a, b};
}

} // namespace latentlab::cli
