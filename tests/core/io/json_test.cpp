// The JSON parser and writer: values, escapes, exact number round trips, and malformed or
// hostile texts reported with line and column.
#include "common/error.h"
#include "io/json.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace latentlab;

namespace {

void expectError(const std::string& text, long line, long column, const std::string& what) {
    try {
        parseJson(text, "in.json");
        ADD_FAILURE() << "expected a FileError for: " << text.substr(0, 80);
    } catch (const FileError& e) {
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.column(), column) << e.what();
        EXPECT_NE(e.message().find(what), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line";
    }
}

} // namespace

TEST(Json, ParsesAllValueKinds) {
    const JsonValue v = parseJson(
        R"( {"a": [1, -2.5e3, 0, true, false, null], "s": "x\"\\\/\n\u00e9\ud83d\ude00", "o": {}} )",
        "t");
    ASSERT_TRUE(v.isObject());
    const auto& a = v.find("a")->asArray();
    ASSERT_EQ(a.size(), 6u);
    EXPECT_EQ(a[0].asNumber(), 1.0);
    EXPECT_EQ(a[1].asNumber(), -2500.0);
    EXPECT_TRUE(a[3].asBool());
    EXPECT_FALSE(a[4].asBool());
    EXPECT_TRUE(a[5].isNull());
    EXPECT_EQ(v.find("s")->asString(), "x\"\\/\n\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_TRUE(v.find("o")->asObject().empty());
    EXPECT_EQ(v.find("missing"), nullptr);
    EXPECT_THROW(v.find("s")->asNumber(), ArgumentError);
}

TEST(Json, NumbersRoundTripExactly) {
    const std::vector<double> xs = {
        0.1, 1.0 / 3.0, -1e-300, 4.9e-324, 1.7976931348623157e308, 123456789012345678.0, -0.0, 2.0};
    JsonValue a = JsonValue::array();
    for (double x : xs)
        a.push_back(x);
    const std::string text = writeJson(a);
    const JsonValue back = parseJson(text, "t");
    for (std::size_t i = 0; i < xs.size(); ++i)
        EXPECT_EQ(back.asArray()[i].asNumber(), xs[i]) << text;
    EXPECT_EQ(writeJson(JsonValue(2.0)), "2");
    EXPECT_EQ(writeJson(JsonValue(0.1)), "0.1");
}

TEST(Json, WholeNumbersAreWrittenAsIntegers) {
    // latentlab-cli em --json printed "n": 2e+06 for two million points.
    EXPECT_EQ(writeJson(JsonValue(2'000'000)), "2000000");
    EXPECT_EQ(writeJson(JsonValue(-120.0)), "-120");
    EXPECT_EQ(writeJson(JsonValue(9007199254740991.0)), "9007199254740991");
    EXPECT_EQ(writeJson(JsonValue(1e300)), "1e+300"); // beyond 2^53: the shortest form
    EXPECT_EQ(writeJson(JsonValue(2.5e6 + 0.5)), "2500000.5");
}

TEST(Json, WriterRefusesNaNAndInfinity) {
    EXPECT_THROW(writeJson(JsonValue(std::nan(""))), ArgumentError);
    JsonValue o;
    o["x"] = std::numeric_limits<double>::infinity();
    EXPECT_THROW(writeJson(o), ArgumentError);
}

TEST(Json, WriterEscapesAndKeepsOrder) {
    JsonValue o;
    o["z"] = "a\"b\\c\n\x01";
    o["a"] = JsonValue::array();
    o["m"]["inner"] = 1;
    EXPECT_EQ(writeJson(o), R"({"z": "a\"b\\c\n\u0001", "a": [], "m": {"inner": 1}})");
    EXPECT_EQ(parseJson(writeJson(o, 2), "t"), o);
}

TEST(Json, MalformedTexts) {
    expectError("", 1, 1, "empty document");
    expectError("{\"a\": 1,}", 1, 9, "expected a string key");
    expectError("[1, 2", 1, 6, "expected ',' or ']'");
    expectError("[1 2]", 1, 4, "expected ',' or ']'");
    expectError("{\n  \"a\": tru\n}", 2, 8, "expected a value");
    expectError("{\"a\" 1}", 1, 6, "expected ':'");
    expectError("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\"");
    expectError("\"abc", 1, 1, "unterminated string");
    expectError("\"a\tb\"", 1, 3, "control character");
    expectError("\"\\x\"", 1, 3, "invalid escape");
    expectError("\"\\ud800\"", 1, 8, "unpaired UTF-16 surrogate");
    expectError("[01]", 1, 3, "leading zero");
    expectError("[1.]", 1, 4, "after '.'");
    expectError("[.5]", 1, 2, "expected a value");
    expectError("[1e]", 1, 4, "exponent");
    expectError("[-]", 1, 3, "expected a digit");
    expectError("[NaN]", 1, 2, "expected a value");
    expectError("[Infinity]", 1, 2, "expected a value");
    expectError("[1e400]", 1, 2, "out of the range of a double");
    expectError("{} {}", 1, 4, "unexpected text after the JSON value");
    expectError("// comment\n{}", 1, 1, "expected a value");
    expectError("\x01", 1, 1, "byte 0x01");
}

TEST(Json, TinyNumbersUnderflowToZero) {
    EXPECT_EQ(parseJson("1e-400", "t").asNumber(), 0.0);
}

TEST(Json, DeepNestingIsRefusedNotACrash) {
    const std::string deep(100000, '[');
    expectError(deep, 1, kJsonMaxDepth + 1, "nested more than");
    std::string ok(kJsonMaxDepth - 1, '[');
    ok += std::string(kJsonMaxDepth - 1, ']');
    EXPECT_NO_THROW(parseJson(ok, "t"));
}

TEST(Json, ReadFile) {
    latentlab::testing::TempDir dir;
    latentlab::testing::writeBytes(dir.file("a.json"), "{\"k\": [1, 2]}");
    EXPECT_EQ(readJsonFile(dir.file("a.json")).find("k")->asArray().size(), 2u);
    EXPECT_THROW(readJsonFile(dir.file("missing.json")), FileError);
}
