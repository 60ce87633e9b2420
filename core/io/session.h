#pragma once
// Sessions (`.latentlab`): everything needed to reopen a lesson where it was left, as JSON.
// The envelope says which page of the workbench the session belongs to; the page's own
// payload stands under the page's name:
//
//   {"format": "latentlab-session", "version": 2, "page": "mixture", "palette": "lecture",
//    "mixture": { ...the page's payload, see mixture/mixture_session.h... }}
//
// Version 1 files (before pages: "data", "model" and "view": {"state", "palette"} at the top
// level) read as page "mixture" with the payload {"data", "model", "state"}. A newer version
// is refused with a message to update LatentLab. Each page checks its own payload, with
// SessionFields. Files are written atomically; every problem in a file read is one FileError
// naming the file (and the line and column of a JSON syntax error, or the field).

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace latentlab {

inline constexpr int kSessionVersion = 2;
/// Larger files are refused before they are read (a hostile file cannot exhaust memory).
inline constexpr std::uint64_t kMaxSessionBytes = std::uint64_t(512) << 20;
/// The palettes a session can name; the GUI maps them to its colour sets.
inline constexpr std::array<std::string_view, 3> kSessionPalettes = {"lecture", "colorblind",
                                                                     "highcontrast"};

struct SessionFile {
    std::string page;                ///< the page it belongs to: "mixture", "pca", "vae"...
    std::string palette; ///< one of kSessionPalettes, or empty: none recorded
    nlohmann::json payload;          ///< the page's own object
};

/// Throws FileError for a file that cannot be read or is not a session; the payload is
/// only checked to be an object (the page's reader checks the rest).
SessionFile readSessionFile(const std::string& path);
SessionFile parseSessionFile(std::string_view text, const std::string& path);
/// Version 2; small sessions indented (readable in an editor), large ones compact; no
/// "palette" when it is empty. Throws ArgumentError for a page name that is not a lower-case
/// word, a palette not in kSessionPalettes, or NaN in the payload.
std::string serializeSessionFile(const SessionFile& session);
void writeSessionFile(const std::string& path, const SessionFile& session);

/// The checks a page's payload reader makes field by field; each failure is a FileError
/// naming the file and the field, e.g. "a.latentlab: model.k: expected a whole number from
/// 1 to 8".
class SessionFields {
public:
    explicit SessionFields(std::string path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const std::string& message) const;
    const nlohmann::json& required(const nlohmann::json& object, const std::string& key,
                                   const std::string& where) const;
    /// The member, or nullptr when the object has no such key.
    static const nlohmann::json* optional(const nlohmann::json& object, const std::string& key);
    const nlohmann::json& object(const nlohmann::json& v, const std::string& where) const;
    const nlohmann::json& array(const nlohmann::json& v, const std::string& where) const;
    double number(const nlohmann::json& v, const std::string& where) const;
    long long integer(const nlohmann::json& v, const std::string& where, long long lo,
                      long long hi) const;
    const std::string& string(const nlohmann::json& v, const std::string& where) const;
    /// A string that must be one of `choices` ("model.init: \"x\" is not one of a, b, c").
    const std::string& choice(const nlohmann::json& v, const std::string& where,
                              std::span<const std::string_view> choices) const;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace latentlab
