// Where shipped data and models are found (io/resource_paths.h): the search order and the
// message for a file that is in none of the places.
#include "common/error.h"
#include "io/resource_paths.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace latentlab;

/// Sets an environment variable for one test, restoring it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : m_name(name) {
        if (const char* old = std::getenv(name))
            m_old = old;
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old)
            setenv(m_name, m_old->c_str(), 1);
        else
            unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

fs::path freshDir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("latentlab_resource_test_" + name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

} // namespace

TEST(ResourcePaths, EnvironmentVariableIsTheOnlyPlaceWhenSet) {
    const fs::path dir = freshDir("env");
    ScopedEnv env("LATENTLAB_RESOURCES", dir.string());
    ASSERT_EQ(resourceSearchDirs().size(), 1u);
    EXPECT_EQ(resourceSearchDirs().front(), dir);
    EXPECT_THROW(findResource("models/mnist.llvae"), FileError);
    fs::create_directories(dir / "models");
    std::ofstream(dir / "models" / "mnist.llvae") << "x";
    EXPECT_EQ(findResource("models/mnist.llvae"), dir / "models" / "mnist.llvae");
    fs::remove_all(dir);
}

TEST(ResourcePaths, BuildTreeThenXdgFoldersInOrder) {
    const fs::path home = freshDir("home"), first = freshDir("first"), second = freshDir("second");
    ScopedEnv env("LATENTLAB_RESOURCES", std::nullopt);
    ScopedEnv dataHome("XDG_DATA_HOME", home.string());
    ScopedEnv dataDirs("XDG_DATA_DIRS", first.string() + "::" + second.string());
    const auto dirs = resourceSearchDirs();
    // <exe>/../share/latentlab, the source tree (this test runs from the build tree), the XDG
    // home and the two XDG folders (the empty entry is skipped).
    ASSERT_EQ(dirs.size(), 5u);
    EXPECT_EQ(dirs[1], fs::path(LATENTLAB_SOURCE_DIR) / "resources");
    EXPECT_EQ(dirs[2], home / "latentlab");
    EXPECT_EQ(dirs[3], first / "latentlab");
    EXPECT_EQ(dirs[4], second / "latentlab");

    // The build tree's shipped model, even with another copy in an XDG folder.
    fs::create_directories(second / "latentlab" / "models");
    std::ofstream(second / "latentlab" / "models" / "mnist.llvae") << "x";
    EXPECT_EQ(findResource(shippedModelFile("mnist")),
              fs::path(LATENTLAB_SOURCE_DIR) / "resources" / "models" / "mnist.llvae");
    EXPECT_EQ(resourceDir(), fs::path(LATENTLAB_SOURCE_DIR) / "resources");
    // A file only the XDG folder has is found there.
    std::ofstream(second / "latentlab" / "models" / "extra.llvae") << "x";
    EXPECT_EQ(findResource("models/extra.llvae"), second / "latentlab" / "models" / "extra.llvae");
    fs::remove_all(home);
    fs::remove_all(first);
    fs::remove_all(second);
}

TEST(ResourcePaths, MissingFileNamesItAndEveryFolderLookedIn) {
    const fs::path dir = freshDir("missing");
    ScopedEnv env("LATENTLAB_RESOURCES", std::nullopt);
    ScopedEnv dataHome("XDG_DATA_HOME", dir.string());
    ScopedEnv dataDirs("XDG_DATA_DIRS", "/nonexistent-latentlab-test");
    try {
        findResource("models/none.llvae");
        FAIL() << "a missing file was found";
    } catch (const FileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("models/none.llvae"), std::string::npos) << what;
        EXPECT_NE(what.find((dir / "latentlab").string()), std::string::npos) << what;
        EXPECT_NE(what.find("/nonexistent-latentlab-test/latentlab"), std::string::npos) << what;
        EXPECT_NE(what.find("LATENTLAB_RESOURCES"), std::string::npos) << what;
    }
    fs::remove_all(dir);
}

TEST(ResourcePaths, ShippedModelNames) {
    EXPECT_EQ(shippedModelFile("mnist"), "models/mnist.llvae");
    EXPECT_EQ(shippedModelFile("fashion"), "models/fashion-mnist.llvae");
    EXPECT_EQ(shippedModelFile("other"), "");
}
