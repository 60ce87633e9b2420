#include "io/json.h"

#include "common/error.h"
#include "io/file_io.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace latentlab {

const char* toString(JsonValue::Type type) {
    switch (type) {
    case JsonValue::Type::Null:
        return "null";
    case JsonValue::Type::Bool:
        return "boolean";
    case JsonValue::Type::Number:
        return "number";
    case JsonValue::Type::String:
        return "string";
    case JsonValue::Type::Array:
        return "array";
    case JsonValue::Type::Object:
        return "object";
    }
    return "?";
}

namespace {
[[noreturn]] void wrongType(JsonValue::Type want, JsonValue::Type have) {
    throw ArgumentError(std::string("expected a JSON ") + toString(want) + ", found " +
                        toString(have));
}
} // namespace

bool JsonValue::asBool() const {
    if (!isBool())
        wrongType(Type::Bool, type());
    return std::get<bool>(m_value);
}
double JsonValue::asNumber() const {
    if (!isNumber())
        wrongType(Type::Number, type());
    return std::get<double>(m_value);
}
const std::string& JsonValue::asString() const {
    if (!isString())
        wrongType(Type::String, type());
    return std::get<std::string>(m_value);
}
const JsonValue::Array& JsonValue::asArray() const {
    if (!isArray())
        wrongType(Type::Array, type());
    return std::get<Array>(m_value);
}
JsonValue::Array& JsonValue::asArray() {
    if (!isArray())
        wrongType(Type::Array, type());
    return std::get<Array>(m_value);
}
const JsonValue::Object& JsonValue::asObject() const {
    if (!isObject())
        wrongType(Type::Object, type());
    return std::get<Object>(m_value);
}
JsonValue::Object& JsonValue::asObject() {
    if (!isObject())
        wrongType(Type::Object, type());
    return std::get<Object>(m_value);
}

const JsonValue* JsonValue::find(std::string_view key) const {
    if (!isObject())
        return nullptr;
    for (const auto& [k, v] : std::get<Object>(m_value))
        if (k == key)
            return &v;
    return nullptr;
}

JsonValue& JsonValue::operator[](std::string_view key) {
    if (isNull())
        m_value = Object{};
    auto& object = asObject();
    for (auto& [k, v] : object)
        if (k == key)
            return v;
    object.emplace_back(std::string(key), JsonValue());
    return object.back().second;
}

void JsonValue::push_back(JsonValue v) {
    if (isNull())
        m_value = Array{};
    asArray().push_back(std::move(v));
}

// ---- Parser ------------------------------------------------------------------------------

namespace {

class Parser {
public:
    Parser(std::string_view text, const std::string& path) : m_text(text), m_path(path) {}

    JsonValue parseDocument() {
        skipSpace();
        if (m_pos >= m_text.size())
            fail("empty document, expected a JSON value");
        JsonValue v = parseValue(0);
        skipSpace();
        if (m_pos < m_text.size())
            fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& message) const { failAt(m_pos, message); }

    [[noreturn]] void failAt(std::size_t pos, const std::string& message) const {
        long line = 1, column = 1;
        for (std::size_t i = 0; i < pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
                ++column; // count characters, not UTF-8 continuation bytes
            }
        }
        throw FileError(m_path, line, column, message);
    }

    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    std::string describeHere() const {
        if (m_pos >= m_text.size())
            return "the end of the text";
        const unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
        if (c >= 0x20 && c < 0x7f)
            return std::string("'") + char(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        return buf;
    }

    JsonValue parseValue(int depth) {
        if (depth >= kJsonMaxDepth)
            fail("nested more than " + std::to_string(kJsonMaxDepth) + " levels deep");
        skipSpace();
        if (m_pos >= m_text.size())
            fail("unexpected end of the text, expected a value");
        const char c = m_text[m_pos];
        switch (c) {
        case '{':
            return parseObject(depth);
        case '[':
            return parseArray(depth);
        case '"':
            return JsonValue(parseString());
        case 't':
            expectWord("true");
            return JsonValue(true);
        case 'f':
            expectWord("false");
            return JsonValue(false);
        case 'n':
            expectWord("null");
            return JsonValue();
        default:
            if (c == '-' || (c >= '0' && c <= '9'))
                return JsonValue(parseNumber());
            fail("unexpected " + describeHere() + ", expected a value");
        }
    }

    void expectWord(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word)
            fail("unexpected " + describeHere() + ", expected a value");
        m_pos += word.size();
    }

    JsonValue parseObject(int depth) {
        ++m_pos; // '{'
        JsonValue::Object object;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return JsonValue(std::move(object));
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                fail("unexpected " + describeHere() + ", expected a string key");
            const std::size_t keyPos = m_pos;
            std::string key = parseString();
            for (const auto& [k, v] : object)
                if (k == key)
                    failAt(keyPos, "duplicate key \"" + key + "\"");
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                fail("unexpected " + describeHere() + ", expected ':'");
            ++m_pos;
            JsonValue v = parseValue(depth + 1);
            object.emplace_back(std::move(key), std::move(v));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return JsonValue(std::move(object));
            }
            fail("unexpected " + describeHere() + ", expected ',' or '}'");
        }
    }

    JsonValue parseArray(int depth) {
        ++m_pos; // '['
        JsonValue::Array array;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return JsonValue(std::move(array));
        }
        while (true) {
            array.push_back(parseValue(depth + 1));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return JsonValue(std::move(array));
            }
            fail("unexpected " + describeHere() + ", expected ',' or ']'");
        }
    }

    unsigned hex4() {
        if (m_pos + 4 > m_text.size())
            fail("truncated \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= unsigned(c - 'A' + 10);
            else {
                --m_pos;
                fail("invalid hex digit in \\u escape");
            }
        }
        return v;
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string parseString() {
        const std::size_t start = m_pos;
        ++m_pos; // '"'
        std::string out;
        while (true) {
            if (m_pos >= m_text.size())
                failAt(start, "unterminated string");
            const unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20)
                fail("control character in a string (escape it)");
            if (c != '\\') {
                out += char(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size())
                failAt(start, "unterminated string");
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (m_text.substr(m_pos, 2) != "\\u")
                        fail("unpaired UTF-16 surrogate in \\u escape");
                    m_pos += 2;
                    const unsigned low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        fail("unpaired UTF-16 surrogate in \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail("unpaired UTF-16 surrogate in \\u escape");
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                --m_pos;
                fail("invalid escape '\\" + std::string(1, e) + "'");
            }
        }
    }

    double parseNumber() {
        // Check the JSON grammar first (from_chars alone would accept "01", "1.", ".5").
        const std::size_t start = m_pos;
        std::size_t i = m_pos;
        auto digit = [&](std::size_t k) {
            return k < m_text.size() && m_text[k] >= '0' && m_text[k] <= '9';
        };
        if (m_text[i] == '-')
            ++i;
        if (!digit(i)) {
            m_pos = i;
            fail("invalid number: expected a digit");
        }
        if (m_text[i] == '0') {
            ++i;
            if (digit(i)) {
                m_pos = i;
                fail("invalid number: leading zero");
            }
        } else {
            while (digit(i))
                ++i;
        }
        if (i < m_text.size() && m_text[i] == '.') {
            ++i;
            if (!digit(i)) {
                m_pos = i;
                fail("invalid number: expected a digit after '.'");
            }
            while (digit(i))
                ++i;
        }
        if (i < m_text.size() && (m_text[i] == 'e' || m_text[i] == 'E')) {
            ++i;
            if (i < m_text.size() && (m_text[i] == '+' || m_text[i] == '-'))
                ++i;
            if (!digit(i)) {
                m_pos = i;
                fail("invalid number: expected a digit in the exponent");
            }
            while (digit(i))
                ++i;
        }
        double v = 0;
        const auto [ptr, ec] = std::from_chars(m_text.data() + start, m_text.data() + i, v);
        if (ec == std::errc::result_out_of_range) {
            // Underflow to zero is harmless; overflow (1e400) is not a finite double.
            bool negativeExponent = false;
            for (std::size_t k = start; k < i; ++k)
                if ((m_text[k] == 'e' || m_text[k] == 'E') && k + 1 < i && m_text[k + 1] == '-')
                    negativeExponent = true;
            if (!negativeExponent)
                failAt(start, "number " + std::string(m_text.substr(start, i - start)) +
                                  " is out of the range of a double");
            v = 0.0;
        } else if (ec != std::errc() || ptr != m_text.data() + i) {
            failAt(start, "invalid number");
        }
        m_pos = i;
        return v;
    }

    std::string_view m_text;
    const std::string& m_path;
    std::size_t m_pos = 0;
};

// ---- Writer ------------------------------------------------------------------------------

void writeString(std::string& out, const std::string& s) {
    out += '"';
    for (const char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void writeValue(std::string& out, const JsonValue& v, int indent, int level) {
    auto newline = [&](int lvl) {
        if (indent >= 0) {
            out += '\n';
            out.append(static_cast<std::size_t>(indent * lvl), ' ');
        }
    };
    switch (v.type()) {
    case JsonValue::Type::Null:
        out += "null";
        break;
    case JsonValue::Type::Bool:
        out += v.asBool() ? "true" : "false";
        break;
    case JsonValue::Type::Number: {
        const double x = v.asNumber();
        if (!std::isfinite(x))
            throw ArgumentError("JSON cannot represent NaN or infinity");
        char buf[64];
        // Shortest round trip; whole numbers below 2^53 (counts, sizes, seeds) as integers,
        // as readers of `--json` expect ("n": 2000000, not 2e+06).
        const bool whole = std::abs(x) < 9007199254740992.0 && x == std::trunc(x);
        const auto [ptr, ec] =
            whole ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                  : std::to_chars(buf, buf + sizeof buf, x);
        out.append(buf, ptr);
        break;
    }
    case JsonValue::Type::String:
        writeString(out, v.asString());
        break;
    case JsonValue::Type::Array: {
        const auto& a = v.asArray();
        out += '[';
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (i > 0)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            writeValue(out, a[i], indent, level + 1);
        }
        if (!a.empty())
            newline(level);
        out += ']';
        break;
    }
    case JsonValue::Type::Object: {
        const auto& o = v.asObject();
        out += '{';
        for (std::size_t i = 0; i < o.size(); ++i) {
            if (i > 0)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            writeString(out, o[i].first);
            out += ": ";
            writeValue(out, o[i].second, indent, level + 1);
        }
        if (!o.empty())
            newline(level);
        out += '}';
        break;
    }
    }
}

} // namespace

JsonValue parseJson(std::string_view text, const std::string& path) {
    if (text.size() > kJsonMaxBytes)
        throw FileError(path, "JSON text too large (" + std::to_string(text.size()) + " bytes)");
    return Parser(text, path).parseDocument();
}

JsonValue readJsonFile(const std::string& path) {
    return parseJson(readWholeFile(path, kJsonMaxBytes), path);
}

std::string writeJson(const JsonValue& value, int indent) {
    std::string out;
    writeValue(out, value, indent, 0);
    return out;
}

} // namespace latentlab
