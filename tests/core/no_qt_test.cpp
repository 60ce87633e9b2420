// core/ must stay free of Qt: it is the part students read next to a textbook and the part
// the CLI and benchmarks use without a display. This scans every source file in core/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fs = std::filesystem;

TEST(CoreHasNoQt, NoQtIncludeInAnyCoreSource) {
    const fs::path core = fs::path(LATENTLAB_SOURCE_DIR) / "core";
    ASSERT_TRUE(fs::is_directory(core)) << core;
    const std::regex qtInclude(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]*|qt[a-z]*/)[^>"]*[>"])");
    int scanned = 0;
    for (const auto& entry : fs::recursive_directory_iterator(core)) {
        if (!entry.is_regular_file())
            continue;
        const auto ext = entry.path().extension().string();
        if (ext != ".h" && ext != ".cpp" && ext != ".in")
            continue;
        ++scanned;
        std::ifstream in(entry.path());
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            EXPECT_FALSE(std::regex_search(line, qtInclude))
                << entry.path().string() << ":" << lineNo << " includes Qt: " << line;
        }
    }
    EXPECT_GT(scanned, 3) << "expected to scan the core sources";
}

TEST(CoreHasNoQt, DetectorCatchesQtIncludes) {
    // The regular expression above must be able to fail.
    const std::regex qtInclude(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]*|qt[a-z]*/)[^>"]*[>"])");
    EXPECT_TRUE(std::regex_search(std::string("#include <QString>"), qtInclude));
    EXPECT_TRUE(std::regex_search(std::string("  #  include \"QtCore/qglobal.h\""), qtInclude) ||
                std::regex_search(std::string("#include <QtCore/QObject>"), qtInclude));
    EXPECT_FALSE(std::regex_search(std::string("#include <Eigen/Core>"), qtInclude));
}
