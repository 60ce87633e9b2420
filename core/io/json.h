#pragma once
// JSON for the CLI (INIT.json, --json output), sessions and tests: nlohmann-json, with what
// LatentLab adds for files that may be hostile.
//
// Reading: at most a given number of bytes (kJsonMaxBytes unless said), nested at most
// kJsonMaxDepth deep, duplicate object keys refused, numbers beyond the range of a double
// (1e400) refused, RFC 8259 only (no comments); every problem is one FileError naming the file
// with line and column. Writing: numbers in a form that reads back to the same double,
// integers as integers (store counts as integer types: "n": 2000000, never 2e+06), and never
// NaN or infinity (JSON has no spelling for them; nlohmann would print null).

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace latentlab {

inline constexpr int kJsonMaxDepth = 256;
inline constexpr std::uint64_t kJsonMaxBytes = std::uint64_t(64) << 20; ///< 64 MiB

/// Parses one JSON text; `path` names the source in errors. Throws FileError.
nlohmann::json parseJson(std::string_view text, const std::string& path,
                         std::uint64_t maxBytes = kJsonMaxBytes);
/// Reads and parses a file of at most `maxBytes`. Throws FileError.
nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes = kJsonMaxBytes);

/// Serialises compactly (indent < 0) or pretty-printed with `indent` spaces per level;
/// ordered_json keeps the order in which the keys were added. Throws ArgumentError for NaN
/// or infinite numbers.
std::string writeJson(const nlohmann::json& value, int indent = -1);
std::string writeJson(const nlohmann::ordered_json& value, int indent = -1);

/// `text` as a JSON string literal for an error message: escaped (one line whatever it holds)
/// and cut to about `limit` bytes, so that a message does not grow with the file.
std::string quoteForMessage(std::string_view text, std::size_t limit = 40);

} // namespace latentlab
