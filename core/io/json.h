#pragma once
// A small JSON value, parser and writer for the CLI (INIT.json, --json output) and tests.
// The GUI uses Qt's JSON; core/ cannot.
//
// The parser follows RFC 8259 strictly (no comments, no trailing commas, no NaN), refuses
// duplicate object keys, nests at most kJsonMaxDepth deep and reads at most kJsonMaxBytes,
// and reports every problem as a FileError with line and column. The writer prints numbers
// in the shortest form that reads back to the same double and refuses NaN and infinity
// (JSON has no spelling for them).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace latentlab {

class JsonValue {
public:
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>; ///< keeps insertion order
    enum class Type { Null, Bool, Number, String, Array, Object };

    JsonValue() = default; ///< null
    JsonValue(std::nullptr_t) {}
    JsonValue(bool b) : m_value(b) {}
    JsonValue(double x) : m_value(x) {}
    JsonValue(int x) : m_value(double(x)) {}
    JsonValue(long x) : m_value(double(x)) {}
    JsonValue(long long x) : m_value(double(x)) {}
    JsonValue(unsigned x) : m_value(double(x)) {}
    JsonValue(unsigned long x) : m_value(double(x)) {}
    JsonValue(unsigned long long x) : m_value(double(x)) {}
    JsonValue(std::string s) : m_value(std::move(s)) {}
    JsonValue(const char* s) : m_value(std::string(s)) {}
    JsonValue(Array a) : m_value(std::move(a)) {}
    JsonValue(Object o) : m_value(std::move(o)) {}

    static JsonValue array() { return JsonValue(Array{}); }
    static JsonValue object() { return JsonValue(Object{}); }

    Type type() const { return static_cast<Type>(m_value.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    /// Accessors throw ArgumentError when the type is different.
    bool asBool() const;
    double asNumber() const;
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& asObject() const;
    Object& asObject();

    /// Object member or nullptr (also nullptr when this is not an object).
    const JsonValue* find(std::string_view key) const;
    /// Object member, inserted as null if missing; turns a null value into an object.
    JsonValue& operator[](std::string_view key);
    /// Appends to an array; turns a null value into an array.
    void push_back(JsonValue v);

    bool operator==(const JsonValue& other) const = default;

private:
    std::variant<std::monostate, bool, double, std::string, Array, Object> m_value;
};

const char* toString(JsonValue::Type type); ///< "null", "boolean", "number", ...

inline constexpr int kJsonMaxDepth = 256;
inline constexpr std::uint64_t kJsonMaxBytes = std::uint64_t(64) << 20; ///< 64 MiB

/// Parses one JSON text; `path` names the source in errors. Throws FileError.
JsonValue parseJson(std::string_view text, const std::string& path);
/// Reads and parses a file (at most kJsonMaxBytes). Throws FileError.
JsonValue readJsonFile(const std::string& path);

/// Serialises compactly (indent < 0) or pretty-printed with `indent` spaces per level.
/// Throws ArgumentError for NaN or infinite numbers.
std::string writeJson(const JsonValue& value, int indent = -1);

} // namespace latentlab
