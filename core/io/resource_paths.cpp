#include "io/resource_paths.h"

#include "common/error.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

std::string environment(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

/// The running executable (Linux: /proc/self/exe); empty when it cannot be told.
fs::path executable() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
}

/// Whether `path` lies inside `folder` (both made absolute and normal).
bool inside(const fs::path& path, const fs::path& folder) {
    const fs::path p = path.lexically_normal(), f = folder.lexically_normal();
    auto pi = p.begin();
    for (auto fi = f.begin(); fi != f.end(); ++fi, ++pi) {
        if (fi->empty()) // a trailing separator
            continue;
        if (pi == p.end() || *pi != *fi)
            return false;
    }
    return true;
}

bool isDir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

} // namespace

std::vector<fs::path> resourceSearchDirs() {
    const std::string env = environment("LATENTLAB_RESOURCES");
    if (!env.empty())
        return {fs::path(env).lexically_normal()};

    std::vector<fs::path> dirs;
    const fs::path exe = executable();
    if (!exe.empty())
        dirs.push_back((exe.parent_path() / LATENTLAB_BIN_TO_DATA_DIR).lexically_normal());
    // A build tree's executable reads its own source tree, never an older installed copy.
    if (!exe.empty() && inside(exe, LATENTLAB_BUILD_DIR))
        dirs.push_back(fs::path(LATENTLAB_SOURCE_RESOURCES));

    std::string home = environment("XDG_DATA_HOME");
    if (home.empty() && !environment("HOME").empty())
        home = environment("HOME") + "/.local/share";
    if (!home.empty())
        dirs.push_back(fs::path(home) / "latentlab");
    std::string system = environment("XDG_DATA_DIRS");
    if (system.empty())
        system = "/usr/local/share:/usr/share";
    for (std::size_t begin = 0; begin <= system.size();) {
        std::size_t end = system.find(':', begin);
        if (end == std::string::npos)
            end = system.size();
        if (end > begin)
            dirs.push_back(fs::path(system.substr(begin, end - begin)) / "latentlab");
        begin = end + 1;
    }

    // An install under /usr finds /usr/share/latentlab twice: list each folder once.
    std::vector<fs::path> unique;
    for (const fs::path& d : dirs)
        if (std::find(unique.begin(), unique.end(), d) == unique.end())
            unique.push_back(d);
    return unique;
}

fs::path findResource(const std::string& relative) {
    const std::vector<fs::path> dirs = resourceSearchDirs();
    std::string looked;
    for (const fs::path& dir : dirs) {
        std::error_code ec;
        const fs::path file = dir / relative;
        if (fs::is_regular_file(file, ec))
            return file;
        looked += (looked.empty() ? "" : ", ") + dir.string();
    }
    throw FileError(relative, "not found: looked in " + looked +
                                  " (set LATENTLAB_RESOURCES to the folder holding models/ "
                                  "and data/)");
}

fs::path resourceDir() {
    const std::vector<fs::path> dirs = resourceSearchDirs();
    for (const fs::path& dir : dirs)
        if (isDir(dir / "models") && isDir(dir / "data"))
            return dir;
    return dirs.empty() ? fs::path() : dirs.front();
}

std::string shippedModelFile(const std::string& name) {
    if (name == "mnist")
        return "models/mnist.llvae";
    if (name == "fashion")
        return "models/fashion-mnist.llvae";
    return {};
}

} // namespace latentlab
