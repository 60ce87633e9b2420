// JSON on nlohmann-json with LatentLab's rules on top: values, exact number round trips,
// integers written as integers, no NaN written, and malformed or hostile texts reported in
// one line with line and column.
#include "common/error.h"
#include "io/json.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace latentlab;
using nlohmann::json;

namespace {

FileError errorFor(const std::string& text, std::uint64_t maxBytes = kJsonMaxBytes) {
    try {
        (void)parseJson(text, "in.json", maxBytes);
    } catch (const FileError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("in.json:", 0), 0u) << e.what();
        return e;
    }
    ADD_FAILURE() << "expected a FileError for: " << text.substr(0, 80);
    return FileError("none", "none");
}

void expectJsonError(const std::string& text, long line, long column, const std::string& what) {
    const FileError e = errorFor(text);
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.column(), column) << e.what();
    EXPECT_NE(e.message().find(what), std::string::npos) << e.what();
}

} // namespace

TEST(Json, ParsesAllValueKinds) {
    const json v = parseJson(
        R"( {"a": [1, -2.5e3, 0, true, false, null], "s": "x\"\\\/\n\u00e9\ud83d\ude00", "o": {}} )",
        "t");
    ASSERT_TRUE(v.is_object());
    const json& a = v.at("a");
    ASSERT_EQ(a.size(), 6u);
    EXPECT_EQ(a[0].get<double>(), 1.0);
    EXPECT_TRUE(a[0].is_number_integer());
    EXPECT_EQ(a[1].get<double>(), -2500.0);
    EXPECT_TRUE(a[3].get<bool>());
    EXPECT_FALSE(a[4].get<bool>());
    EXPECT_TRUE(a[5].is_null());
    EXPECT_EQ(v.at("s").get<std::string>(), "x\"\\/\n\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_TRUE(v.at("o").empty());
    EXPECT_FALSE(v.contains("missing"));
}

TEST(Json, NumbersRoundTripExactly) {
    const std::vector<double> xs = {
        0.1, 1.0 / 3.0, -1e-300, 4.9e-324, 1.7976931348623157e308, 123456789012345678.0, -0.0, 2.0};
    const std::string text = writeJson(json(xs));
    const json back = parseJson(text, "t");
    for (std::size_t i = 0; i < xs.size(); ++i) {
        EXPECT_EQ(back[i].get<double>(), xs[i]) << text;
        EXPECT_EQ(std::signbit(back[i].get<double>()), std::signbit(xs[i])) << text;
    }
    EXPECT_EQ(writeJson(json(0.1)), "0.1");
    EXPECT_EQ(writeJson(json(2.0)), "2.0");
}

TEST(Json, IntegersAreWrittenAsIntegers) {
    nlohmann::ordered_json o;
    o["n"] = 2000000;
    o["seed"] = std::uint64_t(18446744073709551615u);
    o["k"] = -3;
    EXPECT_EQ(writeJson(o), R"({"n":2000000,"seed":18446744073709551615,"k":-3})");
    const json back = parseJson(writeJson(o), "t");
    EXPECT_EQ(back.at("seed").get<std::uint64_t>(), 18446744073709551615u);
}

TEST(Json, WriterRefusesNaNAndInfinity) {
    EXPECT_THROW((void)writeJson(json(std::nan(""))), ArgumentError);
    nlohmann::ordered_json o;
    o["x"]["deep"] = json::array({1.0, std::numeric_limits<double>::infinity()});
    EXPECT_THROW((void)writeJson(o), ArgumentError);
    EXPECT_THROW((void)writeJson(json(o), 2), ArgumentError);
}

TEST(Json, WriterEscapesAndKeepsOrder) {
    nlohmann::ordered_json o;
    o["z"] = "a\"b\\c\n\x01";
    o["a"] = json::array();
    o["m"]["inner"] = 1;
    EXPECT_EQ(writeJson(o), R"({"z":"a\"b\\c\n\u0001","a":[],"m":{"inner":1}})");
    EXPECT_EQ(parseJson(writeJson(o, 2), "t"), json(o));
}

TEST(Json, WriterReplacesBytesThatAreNotUtf8) {
    // A file name or CSV header from outside need not be UTF-8: written, not thrown.
    const std::string text = writeJson(json{{"name", "caf\xE9.csv"}});
    EXPECT_EQ(parseJson(text, "t").at("name").get<std::string>(), "caf\xEF\xBF\xBD.csv");
}

TEST(Json, MalformedTexts) {
    // Positions are where the parser stopped: the offending byte, or the end of the text.
    expectJsonError("", 1, 1, "empty document");
    expectJsonError(" \n ", 2, 2, "empty document");
    expectJsonError("{\"a\": 1,}", 1, 9, "unexpected '}', expected string literal");
    expectJsonError("[1, 2", 1, 6, "unexpected end of input, expected ']'");
    expectJsonError("[1 2]", 1, 4, "unexpected number literal, expected ']'");
    expectJsonError("{\n  \"a\": tru\n}", 2, 11, "invalid literal");
    expectJsonError("{\"a\" 1}", 1, 6, "expected ':'");
    expectJsonError("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\"");
    expectJsonError("{\"a\\\"b\": 1, \"a\\\"b\": 2}", 1, 13, R"(duplicate key "a\"b")");
    expectJsonError("{\"x\": [1, 2], \"y\": {\"k\": 1, \"k\": 2}}", 1, 29, "duplicate key \"k\"");
    EXPECT_NO_THROW((void)parseJson("{\"k\": 1, \"z\": {\"k\": 2}}", "t")) << "other objects";
    expectJsonError("\"abc", 1, 5, "missing closing quote");
    expectJsonError("\"a\tb\"", 1, 3, "control character U+0009");
    expectJsonError("\"\\x\"", 1, 3, "forbidden character after backslash");
    expectJsonError("\"\\ud800\"", 1, 8, "surrogate");
    expectJsonError("[\"\xff\"]", 1, 3, "ill-formed UTF-8");
    expectJsonError("[01]", 1, 3, "unexpected number literal");
    expectJsonError("[1.]", 1, 4, "expected digit after '.'");
    expectJsonError("[.5]", 1, 2, "invalid literal");
    expectJsonError("[1e]", 1, 4, "after exponent");
    expectJsonError("[-]", 1, 3, "expected digit after '-'");
    expectJsonError("[NaN]", 1, 2, "invalid literal");
    expectJsonError("[Infinity]", 1, 2, "invalid literal");
    expectJsonError("[1e400]", 1, 2, "number 1e400 is out of the range of a double");
    expectJsonError("[0.5,\n -1e400", 2, 2, "number -1e400 is out of the range of a double");
    expectJsonError("[" + std::string(400, '9') + "]", 1, 2, "out of the range of a double");
    expectJsonError("{} {}", 1, 4, "unexpected '{', expected end of input");
    expectJsonError("// comment\n{}", 1, 1, "invalid literal");
    expectJsonError("\x01", 1, 1, "<U+0001>");
    expectJsonError("[\"\xC3\xA9\xC3\xA9\", tru]", 1, 11,
                    "invalid literal"); // characters, not bytes
}

TEST(Json, MessagesStayShortWhateverTheText) {
    // Quoted tokens, keys and numbers are cut, and a key's escapes stay escapes.
    const std::string longText(1 << 20, 'a');
    for (const std::string& text :
         {"\"" + longText, "{\"" + longText + "\": 1, \"" + longText + "\": 2}",
          std::string("{\"a\\nb\": 1, \"a\\nb\": 2}"), "[" + std::string(1 << 20, '9') + "]"}) {
        const FileError e = errorFor(text);
        EXPECT_LT(std::string(e.what()).size(), 200u) << std::string(e.what()).substr(0, 300);
    }
    EXPECT_NE(errorFor("{\"a\\nb\": 1, \"a\\nb\": 2}").message().find(R"("a\nb")"),
              std::string::npos);
}

TEST(Json, TinyNumbersUnderflowToZero) {
    EXPECT_EQ(parseJson("1e-400", "t").get<double>(), 0.0);
}

TEST(Json, DeepNestingIsRefusedNotACrash) {
    expectJsonError(std::string(100000, '['), 1, kJsonMaxDepth + 1, "nested more than 256 levels");
    std::string objects;
    for (int i = 0; i < 1000; ++i)
        objects += "{\"a\": ";
    expectJsonError(objects, 1, 6 * kJsonMaxDepth + 1, "nested more than");
    std::string ok(kJsonMaxDepth - 1, '[');
    ok += std::string(kJsonMaxDepth - 1, ']');
    EXPECT_NO_THROW((void)parseJson(ok, "t"));
}

TEST(Json, SizeLimit) {
    EXPECT_NO_THROW((void)parseJson("[1, 2]", "t", 6));
    EXPECT_NE(errorFor("[1, 2] ", 6).message().find("too large"), std::string::npos);
}

TEST(Json, ReadFile) {
    latentlab::testing::TempDir dir;
    latentlab::testing::writeBytes(dir.file("a.json"), "{\"k\": [1, 2]}");
    EXPECT_EQ(readJsonFile(dir.file("a.json")).at("k").size(), 2u);
    EXPECT_THROW((void)readJsonFile(dir.file("missing.json")), FileError);
    EXPECT_THROW((void)readJsonFile(dir.file("a.json"), 5), FileError);
}
