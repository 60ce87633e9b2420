// Writing files safely: permissions kept, symbolic links written through, devices written in
// place, a full disk named as such, nothing left behind on failure, and a group of files
// (an IDX pair) replaced all or nothing, with an interrupted group detected and completed.
#include "common/error.h"
#include "io/file_io.h"
#include "io/idx.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <functional>

using namespace latentlab;
using namespace latentlab::testing;

namespace fs = std::filesystem;

namespace {

/// Runs `body` in a child process and returns its exit status (-1 if it did not exit).
template <typename Body> int inChild(Body&& body) {
    const pid_t pid = fork();
    if (pid == 0) {
        body();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool haveDevFull() {
    struct stat st {};
    return ::stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode);
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const FileError& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(FileIo, ReplacingKeepsThePermissions) {
    TempDir dir;
    const std::string f = dir.file("private.csv");
    writeBytes(f, "old");
    ASSERT_EQ(::chmod(f.c_str(), 0640), 0);
    writeFileAtomically(f, "new");
    EXPECT_EQ(readBytes(f), "new");
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    // A new file gets the usual mode (0666 less the umask).
    const mode_t mask = ::umask(022);
    ::umask(mask);
    writeFileAtomically(dir.file("fresh"), "x");
    ASSERT_EQ(::stat(dir.file("fresh").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0666u & ~mask);
    EXPECT_EQ(dir.names(), (std::vector<std::string>{"fresh", "private.csv"}));
}

TEST(FileIo, WritesThroughASymbolicLinkAndKeepsIt) {
    TempDir dir;
    fs::create_directory(dir.path() / "real");
    writeBytes(dir.file("real/data.csv"), "old");
    fs::create_symlink("real/data.csv", dir.path() / "link.csv");
    fs::create_symlink("link.csv", dir.path() / "link2.csv"); // a chain of two
    writeFileAtomically(dir.file("link2.csv"), "new");
    EXPECT_TRUE(fs::is_symlink(dir.path() / "link.csv"));
    EXPECT_TRUE(fs::is_symlink(dir.path() / "link2.csv"));
    EXPECT_EQ(readBytes(dir.file("real/data.csv")), "new");
    EXPECT_EQ(dir.names("real"), std::vector<std::string>{"data.csv"});
    // A dangling link: its target is created.
    fs::create_symlink("real/later.csv", dir.path() / "dangling.csv");
    writeFileAtomically(dir.file("dangling.csv"), "made");
    EXPECT_TRUE(fs::is_symlink(dir.path() / "dangling.csv"));
    EXPECT_EQ(readBytes(dir.file("real/later.csv")), "made");
    // A loop is an error, not a hang.
    fs::create_symlink("loop-b", dir.path() / "loop-a");
    fs::create_symlink("loop-a", dir.path() / "loop-b");
    EXPECT_NE(errorOf([&] { writeFileAtomically(dir.file("loop-a"), "x"); })
                  .find("symbolic links"),
              std::string::npos);
}

TEST(FileIo, AFullDiskSaysSoAndNamesTheFile) {
    if (!haveDevFull())
        GTEST_SKIP() << "no /dev/full";
    TempDir dir;
    // Through a link, so that the target is the device (written in place: a device cannot
    // be replaced by a rename) and the message names the file the caller gave.
    fs::create_symlink("/dev/full", dir.path() / "out.png");
    const std::string what =
        errorOf([&] { writeFileAtomically(dir.file("out.png"), std::string(4096, 'x')); });
    EXPECT_NE(what.find(dir.file("out.png")), std::string::npos) << what;
    EXPECT_NE(what.find("the disk is full (ENOSPC)"), std::string::npos) << what;
    EXPECT_TRUE(fs::is_symlink(dir.path() / "out.png"));
    EXPECT_EQ(dir.names(), std::vector<std::string>{"out.png"});
}

TEST(FileIo, DevicesAreWrittenInPlaceNotReplaced) {
    TempDir dir;
    fs::create_symlink("/dev/null", dir.path() / "sink");
    writeFileAtomically(dir.file("sink"), "discarded");
    struct stat st {};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_TRUE(fs::is_symlink(dir.path() / "sink"));
    EXPECT_NE(errorOf([&] { writeFileAtomically(dir.path().string(), "x"); }).find("directory"),
              std::string::npos);
}

TEST(FileIo, AFailedWriteLeavesTheOldFileAndNoTemporaryFile) {
    TempDir dir;
    const std::string f = dir.file("model.llvae");
    writeBytes(f, "old");
    // A file size limit makes write() fail after the temporary file exists.
    const int status = inChild([&] {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{1000, 1000};
        setrlimit(RLIMIT_FSIZE, &limit);
        const std::string what = errorOf([&] { writeFileAtomically(f, std::string(5000, 'x')); });
        _exit(what.find(f) != std::string::npos && what.find("EFBIG") != std::string::npos ? 0
                                                                                           : 1);
    });
    EXPECT_EQ(status, 0);
    EXPECT_EQ(readBytes(f), "old");
    EXPECT_EQ(dir.names(), std::vector<std::string>{"model.llvae"});
    // A missing directory.
    EXPECT_NE(errorOf([&] { writeFileAtomically(dir.file("no/such/dir"), "x"); })
                  .find("No such file or directory"),
              std::string::npos);
}

TEST(FileIo, AProcessKilledWhileWritingLeavesNoTemporaryFile) {
    // Issue 14 saw `.NAME.tmp-*` (and the GUI's `shot.png.XXXXXX`) left behind by a kill. The
    // default action of SIGXFSZ kills the writer mid-write, with the temporary file open:
    // written nameless (O_TMPFILE), it vanishes with the process.
    TempDir dir;
    const std::string f = dir.file("shot.png");
    writeBytes(f, "old");
    const int status = inChild([&] {
        std::signal(SIGXFSZ, SIG_DFL);
        const rlimit limit{1000, 1000};
        setrlimit(RLIMIT_FSIZE, &limit);
        writeFileAtomically(f, std::string(5000, 'x'));
        _exit(3); // not reached: the write is past the limit
    });
    EXPECT_EQ(status, -1); // killed, not exited
    EXPECT_EQ(readBytes(f), "old");
    EXPECT_EQ(dir.names(), std::vector<std::string>{"shot.png"});
}

namespace {

IdxImages imagesOf(std::uint32_t count, std::uint8_t value) {
    IdxImages images;
    images.count = count;
    images.rows = 2;
    images.cols = 2;
    images.pixels.assign(std::size_t(count) * 4, value);
    return images;
}

} // namespace

TEST(FileIo, AnIdxPairKilledBetweenTheRenamesIsRefusedThenCompleted) {
    TempDir dir;
    const std::string images = dir.file("images.gz"), labels = dir.file("labels.gz");
    writeIdxPair(images, imagesOf(3, 1), labels, {1, 1, 1}, true);
    // The process dies right after the first rename.
    const int status = inChild([&] {
        writeIdxPair(images, imagesOf(3, 2), labels, {2, 2, 2}, true,
                     [](std::size_t renamed) {
                         if (renamed == 0)
                             _exit(7);
                     });
    });
    ASSERT_EQ(status, 7);
    // New images beside old labels: both readers refuse, naming the journal.
    for (const auto& read : std::vector<std::function<void()>>{
             [&] { readIdxImages(images); }, [&] { readIdxLabels(labels); }}) {
        const std::string what = errorOf(read);
        EXPECT_NE(what.find("interrupted write"), std::string::npos) << what;
        EXPECT_NE(what.find(".pending-write"), std::string::npos) << what;
    }
    // Completing it gives the new pair and leaves nothing behind.
    EXPECT_TRUE(finishInterruptedWrite(labels));
    EXPECT_FALSE(finishInterruptedWrite(images));
    EXPECT_EQ(readIdxImages(images).pixels, imagesOf(3, 2).pixels);
    EXPECT_EQ(readIdxLabels(labels), (std::vector<std::uint8_t>{2, 2, 2}));
    EXPECT_EQ(dir.names(), (std::vector<std::string>{"images.gz", "labels.gz"}));
}

TEST(FileIo, AnIdxPairWhoseLabelsCannotBeWrittenLeavesBothFilesAsTheyWere) {
    TempDir dir;
    const std::string images = dir.file("images"), labels = dir.file("labels");
    writeIdxPair(images, imagesOf(2, 1), labels, {1, 1}, false);
    const std::string before = readBytes(images);
    // Labels into a directory that does not exist.
    EXPECT_NE(errorOf([&] {
                  writeIdxPair(images, imagesOf(3, 2), dir.file("none/labels"), {2, 2, 2}, false);
              }).find("none/labels"),
              std::string::npos);
    EXPECT_EQ(readBytes(images), before);
    // Labels onto a full disk.
    if (haveDevFull()) {
        fs::create_symlink("/dev/full", dir.path() / "full");
        const std::string what = errorOf(
            [&] { writeIdxPair(images, imagesOf(3, 2), dir.file("full"), {2, 2, 2}, false); });
        EXPECT_NE(what.find("the disk is full (ENOSPC)"), std::string::npos) << what;
        EXPECT_EQ(readBytes(images), before);
        fs::remove(dir.path() / "full");
    }
    EXPECT_EQ(dir.names(), (std::vector<std::string>{"images", "labels"}));
}

TEST(FileIo, ADamagedJournalIsAnErrorNamingIt) {
    TempDir dir;
    writeBytes(dir.file("labels"), "x");
    writeBytes(dir.file(".labels.pending-write"), "latentlab pending write 1\n/etc/passwd\t" +
                                                      dir.file("labels") + "\n");
    const std::string what = errorOf([&] { finishInterruptedWrite(dir.file("labels")); });
    EXPECT_NE(what.find("damaged write journal"), std::string::npos) << what;
    EXPECT_EQ(readBytes(dir.file("labels")), "x");
}
