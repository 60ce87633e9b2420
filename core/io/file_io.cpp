#include "io/file_io.h"

#include "common/error.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace latentlab {

namespace fs = std::filesystem;

std::string readWholeFile(const std::string& path, std::uint64_t maxBytes) {
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw FileError(path, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw FileError(path, "cannot determine the file size");
    if (static_cast<std::uint64_t>(size) > maxBytes)
        throw FileError(path, "file is too large (" + std::to_string(size) +
                                  " bytes; the limit is " + std::to_string(maxBytes) + ")");
    in.seekg(0, std::ios::beg);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (size > 0 && !in.read(bytes.data(), size))
        throw FileError(path, "read error");
    return bytes;
}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    // The temp name only has to be unique beside `path`: a per-process random salt keeps
    // processes apart, the counter keeps threads of one process apart.
    static std::atomic<unsigned> counter{0};
    static const unsigned salt = std::random_device{}();
    const fs::path target(path);
    const std::string tmp =
        (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(salt) +
                                 "-" + std::to_string(counter++)))
            .string();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw FileError(path, std::string("cannot write: ") + std::strerror(errno));
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ec;
            fs::remove(tmp, ec);
            throw FileError(path, "write error (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw FileError(path, "cannot replace the file: " + ec.message());
    }
}

} // namespace latentlab
