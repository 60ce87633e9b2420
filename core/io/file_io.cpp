#include "io/file_io.h"

#include "common/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <vector>

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

namespace {

constexpr const char* kJournalSuffix = ".pending-write";
constexpr const char* kJournalHeader = "latentlab pending write 1";

/// What went wrong, for a user: a full disk is named as such.
std::string describeErrno(int error) {
    switch (error) {
    case ENOSPC:
        return "the disk is full (ENOSPC)";
    case EDQUOT:
        return "the disk quota is exceeded (EDQUOT)";
    case EFBIG:
        return "the file is too large for the file system (EFBIG)";
    default:
        return std::strerror(error);
    }
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
    throw FileError(path, what + ": " + describeErrno(error));
}

/// The file a path finally names: symbolic links are followed (also a dangling one, whose
/// target is then created), so that writing replaces the target and keeps the link.
fs::path resolveLinks(const std::string& path) {
    fs::path p(path);
    for (int depth = 0; depth < 40; ++depth) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(p, ec)))
            return p;
        const fs::path target = fs::read_symlink(p, ec);
        if (ec)
            throw FileError(path, "cannot read the symbolic link: " + ec.message());
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
    throw FileError(path, "too many levels of symbolic links");
}

fs::path directoryOf(const fs::path& p) {
    return p.has_parent_path() ? p.parent_path() : fs::path(".");
}

std::string tempName(const fs::path& target) {
    // Unique beside the target: a per-process random salt keeps processes apart, the counter
    // keeps threads of one process apart.
    static std::atomic<unsigned> counter{0};
    static const unsigned salt = std::random_device{}();
    return (directoryOf(target) / ("." + target.filename().string() + ".tmp-" +
                                   std::to_string(salt) + "-" + std::to_string(counter++)))
        .string();
}

fs::path journalOf(const fs::path& target) {
    return directoryOf(target) / ("." + target.filename().string() + kJournalSuffix);
}

void writeAll(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail(path, "cannot write", n < 0 ? errno : ENOSPC);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void syncDirectory(const fs::path& dir, const std::string& path) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        fail(path, "cannot open its directory to sync it", errno);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems cannot sync a directory; the rename is then as durable as they allow.
    if (rc != 0 && error != EINVAL && error != EROFS)
        fail(path, "cannot sync its directory", error);
}

/// A new file beside a target, complete and fsynced under its temporary name; removed by
/// the destructor unless renamed over the target or released first.
class TempFile {
public:
    TempFile(const fs::path& target, std::string_view bytes, const std::string& path)
        : m_path(path), m_name(tempName(target)) {
        struct stat old {};
        const bool replacing = ::stat(target.c_str(), &old) == 0;
        // Nameless while written, so that nothing is left behind if we are killed; named
        // at the end through /proc. Where either is not supported, named from the start.
        const int fd = ::open(directoryOf(target).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
            fail(path, "cannot write", errno);
        if (fd >= 0) {
            fill(fd, bytes, replacing ? &old : nullptr);
            const std::string self = "/proc/self/fd/" + std::to_string(fd);
            m_named = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, m_name.c_str(),
                               AT_SYMLINK_FOLLOW) == 0;
            closeChecked(fd);
            if (m_named)
                return;
        }
        const int named = ::open(m_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (named < 0)
            fail(path, "cannot write", errno);
        m_named = true;
        fill(named, bytes, replacing ? &old : nullptr);
        closeChecked(named);
    }
    ~TempFile() {
        if (m_named)
            ::unlink(m_name.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& name() const { return m_name; }

    void renameOver(const fs::path& target) {
        if (::rename(m_name.c_str(), target.c_str()) != 0)
            fail(m_path, "cannot replace the file", errno);
        m_named = false;
    }
    /// Keeps the file (a journal names it, for finishInterruptedWrite()).
    void release() { m_named = false; }

private:
    /// Writes and fsyncs; a replaced file's permissions are kept, and its owner where we may.
    void fill(int fd, std::string_view bytes, const struct stat* old) {
        try {
            writeAll(fd, bytes, m_path);
            if (old && ::fchmod(fd, old->st_mode & 07777) != 0)
                fail(m_path, "cannot keep the permissions", errno);
            if (old && (old->st_uid != ::geteuid() || old->st_gid != ::getegid()) &&
                ::fchown(fd, old->st_uid, old->st_gid) != 0) {
                // Only the superuser may give a file away: the new file stays ours.
            }
            if (::fsync(fd) != 0)
                fail(m_path, "cannot write", errno);
        } catch (...) {
            ::close(fd);
            throw;
        }
    }
    void closeChecked(int fd) {
        if (::close(fd) != 0)
            fail(m_path, "cannot write", errno);
    }

    std::string m_path;
    std::string m_name;
    bool m_named = false;
};

/// Targets that exist but are not regular files (devices, FIFOs) cannot be replaced by a
/// rename: they are written in place.
bool writtenInPlace(const fs::path& target, const std::string& path) {
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode))
        throw FileError(path, "is a directory, not a file");
    return !S_ISREG(st.st_mode);
}

void writeInPlace(const fs::path& target, std::string_view bytes, const std::string& path) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        fail(path, "cannot write", errno);
    try {
        writeAll(fd, bytes, path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0 && error != EINVAL && error != EROFS && error != ENOTSUP)
        fail(path, "cannot write", error);
}

struct JournalEntry {
    std::string temp, target;
};

std::string journalText(const std::vector<JournalEntry>& entries) {
    std::string text = std::string(kJournalHeader) + "\n";
    for (const auto& e : entries)
        text += e.temp + "\t" + e.target + "\n";
    return text;
}

/// Reads a journal, checking that every entry pairs a target with a temporary file beside it.
std::vector<JournalEntry> readJournal(const fs::path& journal, const std::string& path) {
    const std::string text = readWholeFile(journal.string(), 1 << 20);
    std::vector<JournalEntry> entries;
    std::size_t at = 0;
    bool header = true;
    while (at < text.size()) {
        const std::size_t nl = text.find('\n', at);
        const std::string line =
            text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        at = nl == std::string::npos ? text.size() : nl + 1;
        if (header) {
            if (line != kJournalHeader)
                throw FileError(journal.string(), "not a LatentLab write journal");
            header = false;
            continue;
        }
        const std::size_t tab = line.find('\t');
        const JournalEntry e{line.substr(0, tab),
                             tab == std::string::npos ? std::string() : line.substr(tab + 1)};
        const fs::path target(e.target);
        if (tab == std::string::npos || !target.is_absolute() ||
            fs::path(e.temp).parent_path() != target.parent_path() ||
            fs::path(e.temp).filename().string().rfind(
                "." + target.filename().string() + ".tmp-", 0) != 0)
            throw FileError(journal.string(),
                            "damaged write journal (for " + path + "): remove it after checking "
                                                                   "the files it names");
        entries.push_back(e);
    }
    if (header || entries.empty())
        throw FileError(journal.string(), "damaged write journal (for " + path + ")");
    return entries;
}

} // namespace

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    const fs::path target = resolveLinks(path);
    if (writtenInPlace(target, path))
        return writeInPlace(target, bytes, path);
    TempFile temp(target, bytes, path);
    temp.renameOver(target);
    syncDirectory(directoryOf(target), path);
}

void writeFilesAtomically(std::span<const FileContents> files, const RenameHook& hook) {
    // Phase 1: every new file complete and fsynced (in-place targets written last, so a
    // failure there still leaves every renamed target untouched).
    std::vector<fs::path> targets;
    std::vector<std::unique_ptr<TempFile>> temps(files.size());
    std::vector<JournalEntry> entries;
    std::set<fs::path> seen;
    for (const auto& f : files) {
        fs::path t = fs::absolute(resolveLinks(f.path));
        if (!seen.insert(t).second)
            throw ArgumentError("writeFilesAtomically: " + f.path + " is named twice");
        targets.push_back(std::move(t));
    }
    for (std::size_t i = 0; i < files.size(); ++i)
        if (!writtenInPlace(targets[i], files[i].path)) {
            temps[i] = std::make_unique<TempFile>(targets[i], files[i].bytes, files[i].path);
            entries.push_back({temps[i]->name(), targets[i].string()});
        }
    for (std::size_t i = 0; i < files.size(); ++i)
        if (!temps[i])
            writeInPlace(targets[i], files[i].bytes, files[i].path);
    if (entries.size() == 1) {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (temps[i]) {
                temps[i]->renameOver(targets[i]);
                syncDirectory(directoryOf(targets[i]), files[i].path);
            }
        return;
    }

    // Phase 2, the commit: a journal beside every target (all removed if one fails).
    for (const auto& e : entries)
        for (char c : e.temp + e.target)
            if (c == '\n' || c == '\t')
                throw ArgumentError("writeFilesAtomically: a path holds a tab or line break");
    const std::string journal = journalText(entries);
    const auto removeJournals = [&] {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (temps[i]) {
                std::error_code ec;
                fs::remove(journalOf(targets[i]), ec);
            }
    };
    try {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (temps[i])
                writeFileAtomically(journalOf(targets[i]).string(), journal);
    } catch (...) {
        removeJournals();
        throw;
    }

    // Phase 3: the renames. Should one fail, the new files stay for finishInterruptedWrite().
    std::size_t renamed = 0;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (temps[i]) {
            try {
                temps[i]->renameOver(targets[i]);
            } catch (const FileError& e) {
                for (auto& t : temps)
                    if (t)
                        t->release();
                throw FileError(files[i].path, e.message() + " (the files written with it are "
                                                             "out of step until it is done)");
            }
            if (hook)
                hook(renamed);
            ++renamed;
        }
    for (std::size_t i = 0; i < files.size(); ++i)
        if (temps[i])
            syncDirectory(directoryOf(targets[i]), files[i].path);
    removeJournals();
    for (std::size_t i = 0; i < files.size(); ++i)
        if (temps[i])
            syncDirectory(directoryOf(targets[i]), files[i].path);
}

void checkNoInterruptedWrite(const std::string& path) {
    const fs::path journal = journalOf(resolveLinks(path));
    std::error_code ec;
    if (fs::exists(journal, ec))
        throw FileError(path, "an interrupted write replaced it together with other files and "
                              "may have left them out of step (journal " +
                                  journal.string() +
                                  "); run the command that wrote them again to finish it");
}

bool finishInterruptedWrite(const std::string& path) {
    const fs::path journal = journalOf(resolveLinks(path));
    std::error_code ec;
    if (!fs::exists(journal, ec))
        return false;
    const auto entries = readJournal(journal, path);
    for (const auto& e : entries)
        if (fs::exists(e.temp, ec) && ::rename(e.temp.c_str(), e.target.c_str()) != 0)
            fail(e.target, "cannot finish the interrupted write", errno);
    for (const auto& e : entries)
        syncDirectory(directoryOf(e.target), e.target);
    for (const auto& e : entries) {
        fs::remove(journalOf(e.target), ec);
        syncDirectory(directoryOf(e.target), e.target);
    }
    return true;
}

} // namespace latentlab
