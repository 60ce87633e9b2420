#include "io/session.h"

#include "common/error.h"
#include "io/file_io.h"
#include "io/json.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "latentlab-session";
/// Sessions up to this size (compact) are written indented, about 5,000 points.
constexpr std::size_t kIndentedSessionBytes = 256 * 1024;

/// A page name is a short lower-case word that is not one of the envelope's own keys.
bool isPageName(const std::string& name) {
    if (name.empty() || name.size() > 32 || name == "format" || name == "version" ||
        name == "page" || name == "palette")
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

} // namespace

// ---- SessionFields -----------------------------------------------------------------------

void SessionFields::fail(const std::string& message) const {
    throw FileError(m_path, message);
}

const json& SessionFields::required(const json& object, const std::string& key,
                                    const std::string& where) const {
    const json* v = optional(object, key);
    if (!v)
        fail(where + ": missing field " + quoteForMessage(key));
    return *v;
}

const json* SessionFields::optional(const json& object, const std::string& key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const json& SessionFields::object(const json& v, const std::string& where) const {
    if (!v.is_object())
        fail(where + ": expected an object");
    return v;
}

const json& SessionFields::array(const json& v, const std::string& where) const {
    if (!v.is_array())
        fail(where + ": expected an array");
    return v;
}

double SessionFields::number(const json& v, const std::string& where) const {
    if (!v.is_number())
        fail(where + ": expected a number");
    return v.get<double>(); // finite: the parser refuses numbers beyond a double
}

long long SessionFields::integer(const json& v, const std::string& where, long long lo,
                                 long long hi) const {
    // 3.0 is as good as 3 (LatentLab 1 wrote every number as a double).
    const double x = number(v, where);
    if (x != std::floor(x) || x < double(lo) || x > double(hi))
        fail(where + ": expected a whole number from " + std::to_string(lo) + " to " +
             std::to_string(hi));
    return static_cast<long long>(x);
}

const std::string& SessionFields::string(const json& v, const std::string& where) const {
    if (!v.is_string())
        fail(where + ": expected a string");
    return v.get_ref<const std::string&>();
}

const std::string& SessionFields::choice(const json& v, const std::string& where,
                                         std::span<const std::string_view> choices) const {
    const std::string& s = string(v, where);
    if (std::find(choices.begin(), choices.end(), s) != choices.end())
        return s;
    std::string list;
    for (const std::string_view c : choices)
        list += (list.empty() ? "" : ", ") + std::string(c);
    fail(where + ": " + quoteForMessage(s) + " is not one of " + list);
}

// ---- The envelope ------------------------------------------------------------------------

SessionFile parseSessionFile(std::string_view text, const std::string& path) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw FileError(path, "empty file");
    json root;
    try {
        root = parseJson(text, path, kMaxSessionBytes);
    } catch (const FileError& e) {
        if (e.line() == 0)
            throw;
        throw FileError(path, e.line(), e.column(), "not valid JSON: " + e.message());
    }
    const SessionFields f(path);
    if (!root.is_object())
        f.fail("expected a JSON object at the top level");
    if (f.string(f.required(root, "format", "session"), "format") != kFormat)
        f.fail("not a LatentLab session (\"format\" is not \"latentlab-session\")");
    const long long version = f.integer(f.required(root, "version", "session"), "version", 1, 1000);
    if (version > kSessionVersion)
        f.fail("session version " + std::to_string(version) +
               " is newer than this LatentLab understands (" + std::to_string(kSessionVersion) +
               "): update LatentLab");

    SessionFile s;
    if (version == 1) {
        // Before pages, every session was the mixture page's; the page checks data and model.
        s.page = "mixture";
        s.payload = json::object();
        for (const char* key : {"data", "model"})
            if (const auto it = root.find(key); it != root.end())
                s.payload[key] = std::move(*it);
        if (const json* view = SessionFields::optional(root, "view")) {
            f.object(*view, "view");
            if (const json* state = SessionFields::optional(*view, "state"))
                s.payload["state"] = *state;
            if (const json* palette = SessionFields::optional(*view, "palette"))
                s.palette = f.choice(*palette, "view.palette", kSessionPalettes);
        }
        return s;
    }
    s.page = f.string(f.required(root, "page", "session"), "page");
    if (!isPageName(s.page))
        f.fail("page: " + quoteForMessage(s.page) + " is not a page name");
    if (const json* palette = SessionFields::optional(root, "palette"))
        s.palette = f.choice(*palette, "palette", kSessionPalettes);
    f.object(f.required(root, s.page, "session"), s.page);
    s.payload = std::move(root[s.page]);
    return s;
}

SessionFile readSessionFile(const std::string& path) {
    return parseSessionFile(readWholeFile(path, kMaxSessionBytes), path);
}

std::string serializeSessionFile(const SessionFile& s) {
    if (!isPageName(s.page))
        throw ArgumentError("session page \"" + s.page + "\" is not a lower-case word");
    if (!s.palette.empty() && std::find(kSessionPalettes.begin(), kSessionPalettes.end(),
                                        s.palette) == kSessionPalettes.end())
        throw ArgumentError("session palette \"" + s.palette + "\" is unknown");
    nlohmann::ordered_json root;
    root["format"] = kFormat;
    root["version"] = kSessionVersion;
    root["page"] = s.page;
    if (!s.palette.empty())
        root["palette"] = s.palette;
    const std::string payload = writeJson(s.payload);
    if (payload.size() <= kIndentedSessionBytes) {
        root[s.page] = s.payload;
        return writeJson(root, 4) + "\n";
    }
    // Large: splice the payload in rather than copy it into the ordered envelope.
    std::string text = writeJson(root);
    text.pop_back(); // '}'
    return text + ",\"" + s.page + "\":" + payload + "}\n";
}

void writeSessionFile(const std::string& path, const SessionFile& session) {
    writeFileAtomically(path, serializeSessionFile(session));
}

} // namespace latentlab
