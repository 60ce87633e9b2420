#include "io/json.h"

#include "common/error.h"
#include "io/file_io.h"

#include <cmath>
#include <iterator>
#include <unordered_set>
#include <utility>
#include <vector>

namespace latentlab {

namespace {

using Json = nlohmann::json;

/// 1-based line and column of byte `offset`; columns count characters, not UTF-8 bytes.
std::pair<long, long> lineColumn(std::string_view text, std::size_t offset) {
    long line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

/// Hands the text to nlohmann's parser byte by byte and counts how many bytes it has taken,
/// so that the checks made in the parser callback (depth, duplicate keys) can say where.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* begin, const char* at, std::size_t* taken)
        : m_begin(begin), m_at(at), m_taken(taken) {}
    reference operator*() const { return *m_at; }
    CountingIterator& operator++() {
        ++m_at;
        *m_taken = static_cast<std::size_t>(m_at - m_begin);
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return m_at == other.m_at; }

private:
    const char* m_begin;
    const char* m_at;
    std::size_t* m_taken;
};

/// Whether the byte at `i` follows an odd number of backslashes (a quote inside a string is
/// always escaped; the quotes that open and close it never are).
bool isEscaped(std::string_view text, std::size_t i) {
    std::size_t backslashes = 0;
    while (i > backslashes && text[i - backslashes - 1] == '\\')
        ++backslashes;
    return backslashes % 2 == 1;
}

bool isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// At most `limit` bytes of `s` (cut at a character boundary), marked with "..." when cut:
/// a message quotes what it found without growing with the file.
std::string shortened(std::string_view text, std::size_t limit = 40) {
    if (text.size() <= limit)
        return std::string(text);
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80)
        --limit;
    return std::string(text.substr(0, limit)) + "...";
}

/// The text after nlohmann's "[json.exception...] parse error at line L, column C: syntax
/// error while parsing X - ", with "; expected" read as ", expected": our own position goes
/// in front of it.
std::string plainMessage(const std::string& what) {
    std::string message = what;
    if (const auto at = message.find("parse error"); at != std::string::npos)
        if (const auto colon = message.find(": ", at); colon != std::string::npos)
            message.erase(0, colon + 2);
    if (message.rfind("syntax error", 0) == 0)
        if (const auto dash = message.find(" - "); dash != std::string::npos)
            message.erase(0, dash + 3);
    if (const auto expected = message.find("; expected"); expected != std::string::npos)
        message.replace(expected, 1, ",");
    // "last read: '<token>'" quotes the token, which can be as long as the text.
    const std::string lastRead = "; last read: '";
    if (const auto at = message.find(lastRead); at != std::string::npos) {
        const auto from = at + lastRead.size(), to = message.rfind('\'');
        if (to != std::string::npos && to > from)
            message.replace(from, to - from, shortened(message.substr(from, to - from)));
    }
    return message;
}

template <class J> void checkFinite(const J& value) {
    if (value.is_number_float() && !std::isfinite(value.template get<double>()))
        throw ArgumentError("JSON cannot represent NaN or infinity");
    if (value.is_structured())
        for (const auto& element : value)
            checkFinite(element);
}

template <class J> std::string write(const J& value, int indent) {
    checkFinite(value);
    // Names that came from outside (file names, CSV headers) may not be UTF-8: replace the
    // bad bytes rather than fail to write the whole result.
    return value.dump(indent < 0 ? -1 : indent, ' ', false, J::error_handler_t::replace);
}

} // namespace

Json parseJson(std::string_view text, const std::string& path, std::uint64_t maxBytes) {
    if (text.size() > maxBytes)
        throw FileError(path, "JSON text too large (" + std::to_string(text.size()) +
                                  " bytes; the limit is " + std::to_string(maxBytes) + ")");
    const auto failAt = [&](std::size_t offset, const std::string& message) {
        const auto [line, column] = lineColumn(text, offset);
        throw FileError(path, line, column, message);
    };
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        failAt(text.size(), "empty document, expected a JSON value");

    std::size_t taken = 0;                                   // bytes the parser has read
    std::vector<std::unordered_set<std::string>> objectKeys; // one set per open object
    const auto check = [&](int depth, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start:
            // `depth` counts the enclosing containers; the bracket is the last byte read.
            if (depth >= kJsonMaxDepth)
                failAt(taken - 1,
                       "nested more than " + std::to_string(kJsonMaxDepth) + " levels deep");
            if (event == Json::parse_event_t::object_start)
                objectKeys.emplace_back();
            break;
        case Json::parse_event_t::key:
            if (!objectKeys.back().insert(parsed.get_ref<const std::string&>()).second) {
                // The key's closing quote is the last byte read: point at its opening quote.
                std::size_t start = taken - 1;
                while (start > 0 && !(text[--start] == '"' && !isEscaped(text, start))) {
                }
                failAt(start,
                       "duplicate key " + quoteForMessage(parsed.get_ref<const std::string&>()));
            }
            break;
        case Json::parse_event_t::object_end:
            objectKeys.pop_back();
            break;
        default:
            break;
        }
        return true;
    };

    const char* begin = text.data();
    try {
        return Json::parse(CountingIterator(begin, begin, &taken),
                           CountingIterator(begin, begin + text.size(), &taken), check);
    } catch (const Json::parse_error& e) {
        // e.byte counts the bytes read, the offending one included (text.size() + 1 at the end).
        failAt(e.byte > 0 ? e.byte - 1 : 0, plainMessage(e.what()));
    } catch (const Json::out_of_range& e) {
        // 406: a number beyond a double. The lexer has read at most one byte past it.
        std::size_t end = std::min(taken, text.size());
        while (end > 0 && !isNumberChar(text[end - 1]))
            --end;
        std::size_t start = end;
        while (start > 0 && isNumberChar(text[start - 1]))
            --start;
        if (e.id != 406)
            failAt(start, plainMessage(e.what()));
        failAt(start, "number " + shortened(text.substr(start, end - start)) +
                          " is out of the range of a double");
    } catch (const Json::exception& e) {
        failAt(taken, plainMessage(e.what()));
    }
    return {}; // not reached: failAt throws
}

Json readJsonFile(const std::string& path, std::uint64_t maxBytes) {
    return parseJson(readWholeFile(path, maxBytes), path, maxBytes);
}

std::string writeJson(const nlohmann::json& value, int indent) {
    return write(value, indent);
}

std::string writeJson(const nlohmann::ordered_json& value, int indent) {
    return write(value, indent);
}

std::string quoteForMessage(std::string_view text, std::size_t limit) {
    return writeJson(Json(shortened(text, limit)));
}

} // namespace latentlab
