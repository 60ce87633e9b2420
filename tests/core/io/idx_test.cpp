// IDX reading and writing: round trips, the real bundled MNIST-10k files, and every kind
// of malformed or hostile file the reader must refuse with a FileError and a byte offset.
#include "common/error.h"
#include "io/idx.h"
#include "temp_dir.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

using namespace latentlab;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;

namespace {

std::string be32(std::uint32_t v) {
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string rawImagesFile(std::uint32_t count, std::uint32_t rows, std::uint32_t cols,
                          std::size_t pixelBytes) {
    std::string s = be32(2051) + be32(count) + be32(rows) + be32(cols);
    for (std::size_t i = 0; i < pixelBytes; ++i)
        s.push_back(char(i * 7));
    return s;
}

/// gzip-compresses with zlib directly (independently of the writer under test).
std::string gzip(const std::string& raw) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, raw.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

IdxImages sampleImages() {
    IdxImages im;
    im.count = 3;
    im.rows = 4;
    im.cols = 5;
    for (int i = 0; i < 60; ++i)
        im.pixels.push_back(static_cast<std::uint8_t>(i * 13 + 1));
    return im;
}

/// Runs `f`, expects a FileError, and returns it for further checks.
template <class F> FileError expectFileError(F&& f) {
    try {
        f();
    } catch (const FileError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a FileError";
    return FileError("none", "none");
}

} // namespace

TEST(Idx, RoundTripRawAndGzip) {
    TempDir dir;
    const IdxImages im = sampleImages();
    const std::vector<std::uint8_t> labels = {0, 9, 3};
    for (bool gz : {false, true}) {
        const auto ip = dir.file(gz ? "i.gz" : "i.idx");
        const auto lp = dir.file(gz ? "l.gz" : "l.idx");
        writeIdxImages(ip, im, gz);
        writeIdxLabels(lp, labels, gz);
        const std::string bytes = readBytes(ip);
        EXPECT_EQ(gz, bytes.size() > 2 && (unsigned char)bytes[0] == 0x1f &&
                          (unsigned char)bytes[1] == 0x8b);
        const IdxImages back = readIdxImages(ip);
        EXPECT_EQ(back.count, 3u);
        EXPECT_EQ(back.rows, 4u);
        EXPECT_EQ(back.cols, 5u);
        EXPECT_EQ(back.pixels, im.pixels);
        EXPECT_EQ(readIdxLabels(lp), labels);
    }
    // The raw layout is exactly the published one.
    EXPECT_EQ(readBytes(dir.file("i.idx")).substr(0, 16), be32(2051) + be32(3) + be32(4) + be32(5));
}

TEST(Idx, GzipIsDetectedByMagicNotName) {
    TempDir dir;
    const std::string raw = rawImagesFile(2, 3, 3, 18);
    writeBytes(dir.file("looks-raw.idx"), gzip(raw));
    writeBytes(dir.file("looks-gz.gz"), raw);
    EXPECT_EQ(readIdxImages(dir.file("looks-raw.idx")).pixels.size(), 18u);
    EXPECT_EQ(readIdxImages(dir.file("looks-gz.gz")).pixels.size(), 18u);
}

TEST(Idx, ReadsTheBundledMnist10k) {
    const std::string dir = LATENTLAB_SHARED_DATA_DIR;
    const IdxImages im = readIdxImages(dir + "/mnist10k-images-idx3-ubyte.gz");
    const auto labels = readIdxLabels(dir + "/mnist10k-labels-idx1-ubyte.gz");
    EXPECT_EQ(im.count, 10000u);
    EXPECT_EQ(im.rows, 28u);
    EXPECT_EQ(im.cols, 28u);
    ASSERT_EQ(labels.size(), 10000u);
    int counts[10] = {};
    for (auto l : labels) {
        ASSERT_LT(l, 10);
        ++counts[l];
    }
    for (int c : counts)
        EXPECT_GT(c, 800); // roughly balanced digits
    EXPECT_NO_THROW(checkSameCount(im, labels, "a", "b"));
}

TEST(Idx, EmptyFile) {
    TempDir dir;
    writeBytes(dir.file("e"), "");
    const auto e = expectFileError([&] { readIdxImages(dir.file("e")); });
    EXPECT_NE(std::string(e.what()).find("empty file"), std::string::npos) << e.what();
}

TEST(Idx, MissingFile) {
    TempDir dir;
    const auto e = expectFileError([&] { readIdxLabels(dir.file("nope")); });
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
}

TEST(Idx, WrongMagic) {
    TempDir dir;
    // A label file handed to the image reader, and the reverse.
    writeBytes(dir.file("labels"), be32(2049) + be32(2) + "\x01\x02");
    auto e = expectFileError([&] { readIdxImages(dir.file("labels")); });
    EXPECT_EQ(e.byteOffset(), 0u);
    EXPECT_NE(std::string(e.what()).find("IDX label file"), std::string::npos) << e.what();
    writeBytes(dir.file("images"), rawImagesFile(1, 2, 2, 4));
    e = expectFileError([&] { readIdxLabels(dir.file("images")); });
    EXPECT_NE(std::string(e.what()).find("wrong magic"), std::string::npos) << e.what();
    // Something else entirely (a PNG signature).
    writeBytes(dir.file("png"), std::string("\x89PNG\r\n\x1a\n", 8) + std::string(16, '\0'));
    e = expectFileError([&] { readIdxImages(dir.file("png")); });
    EXPECT_NE(std::string(e.what()).find("wrong magic"), std::string::npos) << e.what();
}

TEST(Idx, TruncatedHeader) {
    TempDir dir;
    writeBytes(dir.file("t"), (be32(2051) + be32(1) + be32(28)).substr(0, 10));
    const auto e = expectFileError([&] { readIdxImages(dir.file("t")); });
    EXPECT_EQ(e.byteOffset(), 10u);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
}

TEST(Idx, TruncatedDataRaw) {
    TempDir dir;
    writeBytes(dir.file("t"), rawImagesFile(2, 3, 3, 17)); // one byte short
    const auto e = expectFileError([&] { readIdxImages(dir.file("t")); });
    EXPECT_EQ(e.byteOffset(), 16u + 17u);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    writeBytes(dir.file("l"), be32(2049) + be32(5) + "abc");
    const auto e2 = expectFileError([&] { readIdxLabels(dir.file("l")); });
    EXPECT_EQ(e2.byteOffset(), 11u);
}

TEST(Idx, TruncatedDataInsideAValidGzipStream) {
    TempDir dir;
    writeBytes(dir.file("t.gz"), gzip(rawImagesFile(2, 3, 3, 10)));
    const auto e = expectFileError([&] { readIdxImages(dir.file("t.gz")); });
    EXPECT_EQ(e.byteOffset(), 26u);
    EXPECT_NE(std::string(e.what()).find("after decompression"), std::string::npos) << e.what();
}

TEST(Idx, TruncatedGzipStream) {
    TempDir dir;
    const std::string gz = gzip(rawImagesFile(20, 28, 28, 20 * 28 * 28));
    for (std::size_t cut : {std::size_t(5), gz.size() / 2, gz.size() - 1}) {
        writeBytes(dir.file("t.gz"), gz.substr(0, cut));
        const auto e = expectFileError([&] { readIdxImages(dir.file("t.gz")); });
        EXPECT_TRUE(e.byteOffset().has_value()) << e.what();
    }
}

TEST(Idx, CorruptGzipData) {
    TempDir dir;
    std::string gz = gzip(rawImagesFile(20, 28, 28, 20 * 28 * 28));
    gz[gz.size() - 6] ^= 0x55; // inside the CRC-32 / size trailer
    writeBytes(dir.file("c.gz"), gz);
    const auto e = expectFileError([&] { readIdxImages(dir.file("c.gz")); });
    EXPECT_NE(std::string(e.what()).find("corrupt gzip"), std::string::npos) << e.what();
}

TEST(Idx, TrailingBytes) {
    TempDir dir;
    writeBytes(dir.file("t"), rawImagesFile(2, 3, 3, 19));
    auto e = expectFileError([&] { readIdxImages(dir.file("t")); });
    EXPECT_EQ(e.byteOffset(), 16u + 18u);
    writeBytes(dir.file("t.gz"), gzip(rawImagesFile(2, 3, 3, 19)));
    e = expectFileError([&] { readIdxImages(dir.file("t.gz")); });
    EXPECT_EQ(e.byteOffset(), 16u + 18u);
    // Garbage after a complete gzip stream.
    writeBytes(dir.file("g.gz"), gzip(rawImagesFile(2, 3, 3, 18)) + "junk");
    e = expectFileError([&] { readIdxImages(dir.file("g.gz")); });
    EXPECT_NE(std::string(e.what()).find("after the end of the gzip stream"), std::string::npos)
        << e.what();
}

TEST(Idx, OversizedHeaderIsRefusedBeforeAllocating) {
    TempDir dir;
    // 2^31 images of 28 x 28 declared in a 16-byte file: refused from the header alone.
    writeBytes(dir.file("big"), rawImagesFile(0x80000000u, 28, 28, 0));
    auto e = expectFileError([&] { readIdxImages(dir.file("big")); });
    EXPECT_EQ(e.byteOffset(), 4u);
    EXPECT_NE(std::string(e.what()).find("more than the limit"), std::string::npos) << e.what();
    writeBytes(dir.file("wide"), rawImagesFile(1, 5000, 2, 10000));
    e = expectFileError([&] { readIdxImages(dir.file("wide")); });
    EXPECT_NE(std::string(e.what()).find("implausible image size"), std::string::npos);
    writeBytes(dir.file("zero"), rawImagesFile(1, 0, 28, 0));
    e = expectFileError([&] { readIdxImages(dir.file("zero")); });
    EXPECT_NE(std::string(e.what()).find("implausible image size"), std::string::npos);
    writeBytes(dir.file("labels"), be32(2049) + be32(0xffffffffu));
    e = expectFileError([&] { readIdxLabels(dir.file("labels")); });
    EXPECT_NE(std::string(e.what()).find("more than the limit"), std::string::npos);
    // Within the limit but far more than the file holds: a clean truncation error.
    writeBytes(dir.file("lie.gz"), gzip(rawImagesFile(1000000, 28, 28, 100)));
    e = expectFileError([&] { readIdxImages(dir.file("lie.gz")); });
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
}

TEST(Idx, GzipBombStopsAtTheDeclaredSize) {
    // A header declaring one 28 x 28 image, followed by 64 MiB of zeros that compress to
    // about 64 KiB: the reader must stop right after the declared 784 bytes.
    TempDir dir;
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out;
    std::string chunk = rawImagesFile(1, 28, 28, 0);
    const std::string zeros(1 << 20, '\0');
    std::vector<char> buf(1 << 16);
    for (int i = 0; i <= 64; ++i) {
        const std::string& in = i == 0 ? chunk : zeros;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        const int flush = i == 64 ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf.data());
            z.avail_out = static_cast<uInt>(buf.size());
            deflate(&z, flush);
            out.append(buf.data(), buf.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    ASSERT_LT(out.size(), 1u << 20);
    writeBytes(dir.file("bomb.gz"), out);
    const auto e = expectFileError([&] { readIdxImages(dir.file("bomb.gz")); });
    EXPECT_EQ(e.byteOffset(), 16u + 784u);
    EXPECT_NE(std::string(e.what()).find("unexpected data"), std::string::npos) << e.what();
}

TEST(Idx, CountMismatchNamesBothFiles) {
    const IdxImages im = sampleImages();
    try {
        checkSameCount(im, {1, 2}, "imgs.gz", "labs.gz");
        FAIL() << "expected a FileError";
    } catch (const FileError& e) {
        const std::string w = e.what();
        EXPECT_NE(w.find("imgs.gz"), std::string::npos) << w;
        EXPECT_NE(w.find("labs.gz"), std::string::npos) << w;
        EXPECT_NE(w.find("2 labels"), std::string::npos) << w;
        EXPECT_NE(w.find("3 images"), std::string::npos) << w;
    }
}

TEST(Idx, WriterRefusesInconsistentImages) {
    TempDir dir;
    IdxImages im = sampleImages();
    im.pixels.pop_back();
    EXPECT_THROW(writeIdxImages(dir.file("x"), im, false), ArgumentError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
}

TEST(Idx, WriteIsAtomicAndLeavesNoTemporaryFiles) {
    TempDir dir;
    const auto p = dir.file("a.gz");
    writeBytes(p, "old contents");
    writeIdxLabels(p, {1, 2, 3}, true);
    EXPECT_EQ(readIdxLabels(p), (std::vector<std::uint8_t>{1, 2, 3}));
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
    // Writing into a directory that does not exist fails cleanly.
    EXPECT_THROW(writeIdxLabels(dir.file("no/such/dir.gz"), {1}, true), FileError);
}
