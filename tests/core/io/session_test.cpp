// The session envelope: version 2 round trips for any page, version 1 files read as the
// mixture page, and every malformed envelope refused in one line naming the file.
#include "common/error.h"
#include "io/json.h"
#include "io/session.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;
using latentlab::testing::TempDir;
using nlohmann::json;

namespace {

/// The message of the FileError that parsing `text` gives; checks it is one line naming the
/// file.
std::string refusal(const std::string& text) {
    try {
        (void)parseSessionFile(text, "s.latentlab");
    } catch (const FileError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("s.latentlab:", 0), 0u) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        EXPECT_LT(what.size(), 300u) << what.substr(0, 400);
        return what;
    }
    ADD_FAILURE() << "accepted: " << text.substr(0, 200);
    return {};
}

SessionFile sample() {
    return {"pca", "colorblind",
            json{{"a", {1, 2.5, -1e-300}}, {"b", "x\ny"}, {"c", {{"d", true}}}}};
}

} // namespace

TEST(SessionFile, VersionTwoRoundTrips) {
    const SessionFile s = sample();
    const std::string text = serializeSessionFile(s);
    EXPECT_EQ(text.rfind("{\n    \"format\": \"latentlab-session\",\n    \"version\": 2,\n"
                         "    \"page\": \"pca\",\n    \"palette\": \"colorblind\",\n    \"pca\": {",
                         0),
              0u)
        << text;
    const SessionFile back = parseSessionFile(text, "t");
    EXPECT_EQ(back.page, "pca");
    EXPECT_EQ(back.palette, "colorblind");
    EXPECT_EQ(back.payload, s.payload);
}

TEST(SessionFile, LargeSessionsAreCompactAndRoundTrip) {
    SessionFile s{"mixture", "lecture", json{{"xs", json::array()}}};
    for (int i = 0; i < 100000; ++i)
        s.payload["xs"].push_back(i / 7.0);
    const std::string text = serializeSessionFile(s);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line and its end";
    const SessionFile back = parseSessionFile(text, "t");
    EXPECT_EQ(back.page, "mixture");
    EXPECT_EQ(back.payload, s.payload);
}

TEST(SessionFile, VersionOneReadsAsTheMixturePage) {
    const SessionFile s = parseSessionFile(R"({"format": "latentlab-session", "version": 1,
        "data": {"points": [[1, 2]]}, "model": {"k": 2}, "extra": 1,
        "view": {"state": 4, "palette": "highcontrast"}})",
                                           "t");
    EXPECT_EQ(s.page, "mixture");
    EXPECT_EQ(s.palette, "highcontrast");
    EXPECT_EQ(s.payload, json::parse(R"({"data": {"points": [[1, 2]]}, "model": {"k": 2},
                                         "state": 4})"));
    const SessionFile bare =
        parseSessionFile(R"({"format": "latentlab-session", "version": 1.0})", "t");
    EXPECT_EQ(bare.page, "mixture");
    EXPECT_EQ(bare.palette, "") << "none recorded";
    EXPECT_EQ(bare.payload, json::object());
}

TEST(SessionFile, PaletteIsOptional) {
    SessionFile s = sample();
    s.palette.clear();
    const std::string text = serializeSessionFile(s);
    EXPECT_EQ(text.find("palette"), std::string::npos) << text;
    EXPECT_EQ(parseSessionFile(text, "t").palette, "");
}

TEST(SessionFile, WrittenAtomicallyAndReadBack) {
    TempDir dir;
    const std::string path = dir.file("a.latentlab");
    writeSessionFile(path, sample());
    writeSessionFile(path, sample()); // replaces
    EXPECT_EQ(readSessionFile(path).payload, sample().payload);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1)
        << "no temporary file left";
    EXPECT_THROW(writeSessionFile(dir.file("no/such/dir.latentlab"), sample()), FileError);
    try {
        (void)readSessionFile(dir.file("missing.latentlab"));
        ADD_FAILURE();
    } catch (const FileError& e) {
        EXPECT_NE(std::string(e.what()).find("missing.latentlab: cannot open"), std::string::npos)
            << e.what();
    }
}

TEST(SessionFile, WriterRefusesWhatItCouldNotReadBack) {
    SessionFile s = sample();
    s.page = "Mixture";
    EXPECT_THROW((void)serializeSessionFile(s), ArgumentError);
    s.page = "palette"; // an envelope key
    EXPECT_THROW((void)serializeSessionFile(s), ArgumentError);
    s = sample();
    s.palette = "pink";
    EXPECT_THROW((void)serializeSessionFile(s), ArgumentError);
    s = sample();
    s.payload["nan"] = std::nan("");
    EXPECT_THROW((void)serializeSessionFile(s), ArgumentError);
}

TEST(SessionFile, MalformedEnvelopes) {
    const std::string head = R"({"format": "latentlab-session", "version": 2, )";
    const std::string longName(10000, 'a');
    struct Case {
        std::string text, expected;
    };
    const std::vector<Case> cases = {
        {"", "s.latentlab: empty file"},
        {" \n\t", "empty file"},
        {"{\"format\": ", "s.latentlab:1:12: not valid JSON: unexpected end of input"},
        {"{\"format\": \"latentlab-session\",\n \"format\": 1}",
         "s.latentlab:2:2: not valid JSON: duplicate key \"format\""},
        {head + R"("page": "pca", "pca": {"x": 1e400}})", "out of the range of a double"},
        {"[1]", "expected a JSON object at the top level"},
        {R"({"version": 2})", "session: missing field \"format\""},
        {R"({"format": 3, "version": 2})", "format: expected a string"},
        {R"({"format": "other", "version": 2})", "not a LatentLab session"},
        {R"({"format": "latentlab-session"})", "session: missing field \"version\""},
        {R"({"format": "latentlab-session", "version": "2"})", "version: expected a number"},
        {R"({"format": "latentlab-session", "version": 2.5})",
         "version: expected a whole number from 1 to 1000"},
        {R"({"format": "latentlab-session", "version": 0})", "version: expected a whole number"},
        {R"({"format": "latentlab-session", "version": 3})",
         "session version 3 is newer than this LatentLab understands (2): update LatentLab"},
        {R"({"format": "latentlab-session", "version": 1e9})", "version: expected a whole number"},
        {head + R"("mixture": {}})", "session: missing field \"page\""},
        {head + R"("page": 7})", "page: expected a string"},
        {head + R"("page": "Mixture!", "Mixture!": {}})", R"(page: "Mixture!" is not a page name)"},
        {head + R"("page": "format"})", R"(page: "format" is not a page name)"},
        {head + R"("page": "a\nb"})", R"(page: "a\nb" is not a page name)"},
        {head + R"("page": ")" + longName + "\"}", "is not a page name"},
        {head + R"("page": ""})", "is not a page name"},
        {head + R"("page": "pca"})", "session: missing field \"pca\""},
        {head + R"("page": "pca", "pca": [1]})", "pca: expected an object"},
        {head + R"("page": "pca", "pca": null})", "pca: expected an object"},
        {head + R"("page": "pca", "pca": {}, "palette": "pink"})",
         R"(palette: "pink" is not one of lecture, colorblind, highcontrast)"},
        {head + R"("page": "pca", "pca": {}, "palette": 1})", "palette: expected a string"},
        {R"({"format": "latentlab-session", "version": 1, "view": 3})", "view: expected an object"},
        {R"({"format": "latentlab-session", "version": 1, "view": {"palette": "x"}})",
         R"(view.palette: "x" is not one of lecture)"},
    };
    for (const auto& c : cases)
        EXPECT_NE(refusal(c.text).find(c.expected), std::string::npos)
            << c.text.substr(0, 100) << "\n -> " << refusal(c.text);
}
