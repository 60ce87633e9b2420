// The model container: exact round trips, and refusal (FileError with a byte offset) of
// truncated, bit-flipped, future-version, wrong-magic and absurdly sized files.
#include "common/error.h"
#include "io/model_file.h"
#include "temp_dir.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

using namespace latentlab;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;

namespace {

ModelFile sampleModel() {
    ModelFile m;
    m.kind = "vae";
    m.metadata = {{"architecture", "784-512-256-2"}, {"seed", "42"}, {"empty", ""}};
    ModelTensor w{"encoder.0.weight",
                  3,
                  2,
                  {1.5f, -0.0f, 3.25e-39f /* subnormal */, std::numeric_limits<float>::max(),
                   std::numeric_limits<float>::lowest(), 1e-7f}};
    ModelTensor b{"encoder.0.bias", 3, 1, {0.1f, 0.2f, 0.3f}};
    ModelTensor e{"empty", 0, 5, {}};
    m.tensors = {w, b, e};
    return m;
}

void le32(std::string& s, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        s.push_back(char(v >> (8 * i)));
}

/// Builds a file around `payload` with a correct checksum, independently of the writer.
std::string container(const std::string& payload, std::uint32_t version = 1) {
    std::string s("LATLABM\0", 8);
    le32(s, version);
    le32(s, static_cast<std::uint32_t>(
                crc32(0, reinterpret_cast<const Bytef*>(payload.data()), payload.size())));
    le32(s, static_cast<std::uint32_t>(payload.size()));
    le32(s, 0);
    return s + payload;
}

std::string str(const std::string& x) {
    std::string s;
    le32(s, static_cast<std::uint32_t>(x.size()));
    return s + x;
}

template <class F> FileError expectModelFileError(F&& f) {
    try {
        f();
    } catch (const FileError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a FileError";
    return FileError("none", "none");
}

} // namespace

TEST(ModelFile, RoundTripIsBitExact) {
    TempDir dir;
    const ModelFile m = sampleModel();
    writeModelFile(dir.file("m.llm"), m);
    const ModelFile back = readModelFile(dir.file("m.llm"));
    EXPECT_EQ(back.kind, "vae");
    EXPECT_EQ(back.metadata, m.metadata);
    ASSERT_EQ(back.tensors.size(), 3u);
    for (std::size_t t = 0; t < 3; ++t) {
        EXPECT_EQ(back.tensors[t].name, m.tensors[t].name);
        EXPECT_EQ(back.tensors[t].rows, m.tensors[t].rows);
        EXPECT_EQ(back.tensors[t].cols, m.tensors[t].cols);
        ASSERT_EQ(back.tensors[t].values.size(), m.tensors[t].values.size());
        for (std::size_t i = 0; i < m.tensors[t].values.size(); ++i)
            EXPECT_EQ(std::bit_cast<std::uint32_t>(back.tensors[t].values[i]),
                      std::bit_cast<std::uint32_t>(m.tensors[t].values[i]));
    }
    ASSERT_NE(back.meta("seed"), nullptr);
    EXPECT_EQ(*back.meta("seed"), "42");
    EXPECT_EQ(back.meta("nope"), nullptr);
    ASSERT_NE(back.tensor("encoder.0.bias"), nullptr);
    EXPECT_EQ(back.tensor("nope"), nullptr);
}

TEST(ModelFile, LayoutIsTheDocumentedOne) {
    // The writer's output equals a file assembled by hand from the documented layout.
    TempDir dir;
    ModelFile m;
    m.kind = "k";
    m.metadata = {{"a", "b"}};
    m.tensors = {{"t", 1, 2, {1.0f, -2.0f}}};
    writeModelFile(dir.file("m"), m);
    std::string payload = str("k");
    le32(payload, 1);
    payload += str("a") + str("b");
    le32(payload, 1);
    payload += str("t");
    le32(payload, 1);
    le32(payload, 2);
    le32(payload, 0x3f800000u); // 1.0f
    le32(payload, 0xc0000000u); // -2.0f
    EXPECT_EQ(readBytes(dir.file("m")), container(payload));
}

TEST(ModelFile, TruncatedAtEveryOffset) {
    TempDir dir;
    writeModelFile(dir.file("m"), sampleModel());
    const std::string bytes = readBytes(dir.file("m"));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        writeBytes(dir.file("t"), bytes.substr(0, cut));
        const auto e = expectModelFileError([&] { readModelFile(dir.file("t")); });
        EXPECT_TRUE(e.byteOffset().has_value()) << "cut at " << cut << ": " << e.what();
    }
    writeBytes(dir.file("t"), bytes.substr(0, 40));
    const auto e = expectModelFileError([&] { readModelFile(dir.file("t")); });
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    EXPECT_EQ(e.byteOffset(), 40u);
}

TEST(ModelFile, EveryBitFlipInThePayloadIsCaught) {
    TempDir dir;
    writeModelFile(dir.file("m"), sampleModel());
    const std::string bytes = readBytes(dir.file("m"));
    for (std::size_t i = 24; i < bytes.size(); ++i) {
        std::string flipped = bytes;
        flipped[i] ^= char(1 << (i % 8));
        writeBytes(dir.file("f"), flipped);
        const auto e = expectModelFileError([&] { readModelFile(dir.file("f")); });
        EXPECT_NE(std::string(e.what()).find("checksum mismatch"), std::string::npos)
            << "byte " << i << ": " << e.what();
    }
    // A flip in the stored checksum itself, and in the length field.
    std::string flipped = bytes;
    flipped[13] ^= 0x10;
    writeBytes(dir.file("f"), flipped);
    EXPECT_THROW(readModelFile(dir.file("f")), FileError);
    flipped = bytes;
    flipped[16] ^= 0x01;
    writeBytes(dir.file("f"), flipped);
    EXPECT_THROW(readModelFile(dir.file("f")), FileError);
}

TEST(ModelFile, FutureVersion) {
    TempDir dir;
    writeBytes(dir.file("v"), container(str("vae") + std::string(8, '\0'), 7));
    const auto e = expectModelFileError([&] { readModelFile(dir.file("v")); });
    EXPECT_NE(
        std::string(e.what()).find("written by a newer LatentLab (format 7, this build reads 1)"),
        std::string::npos)
        << e.what();
    EXPECT_EQ(e.byteOffset(), 8u);
}

TEST(ModelFile, WrongMagic) {
    TempDir dir;
    std::string bytes = container(str("vae") + std::string(8, '\0'));
    bytes[3] = 'X';
    writeBytes(dir.file("w"), bytes);
    auto e = expectModelFileError([&] { readModelFile(dir.file("w")); });
    EXPECT_NE(std::string(e.what()).find("wrong magic"), std::string::npos) << e.what();
    writeBytes(dir.file("e"), "");
    e = expectModelFileError([&] { readModelFile(dir.file("e")); });
    EXPECT_NE(std::string(e.what()).find("empty file"), std::string::npos) << e.what();
}

TEST(ModelFile, TrailingBytesAfterPayload) {
    TempDir dir;
    writeModelFile(dir.file("m"), sampleModel());
    const std::string bytes = readBytes(dir.file("m")) + "x";
    writeBytes(dir.file("t"), bytes);
    const auto e = expectModelFileError([&] { readModelFile(dir.file("t")); });
    EXPECT_EQ(e.byteOffset(), bytes.size() - 1);
}

TEST(ModelFile, AbsurdSizesAreRefusedBeforeAllocating) {
    TempDir dir;
    // A kind string claiming 2^31 bytes, in a file with a valid checksum.
    std::string payload;
    le32(payload, 0x80000000u);
    writeBytes(dir.file("s"), container(payload));
    auto e = expectModelFileError([&] { readModelFile(dir.file("s")); });
    EXPECT_NE(std::string(e.what()).find("1 MiB"), std::string::npos) << e.what();
    EXPECT_EQ(e.byteOffset(), 24u);
    // A 32768 x 32768 tensor (2^30 values).
    payload = str("vae");
    le32(payload, 0);
    le32(payload, 1);
    payload += str("w");
    le32(payload, 32768);
    le32(payload, 32768);
    writeBytes(dir.file("t"), container(payload));
    e = expectModelFileError([&] { readModelFile(dir.file("t")); });
    EXPECT_NE(std::string(e.what()).find("2^28"), std::string::npos) << e.what();
    // A negative dimension.
    payload = str("vae");
    le32(payload, 0);
    le32(payload, 1);
    payload += str("w");
    le32(payload, 0xffffffffu);
    le32(payload, 2);
    writeBytes(dir.file("n"), container(payload));
    e = expectModelFileError([&] { readModelFile(dir.file("n")); });
    EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
    // A tensor count of 2^31.
    payload = str("vae");
    le32(payload, 0);
    le32(payload, 0x80000000u);
    writeBytes(dir.file("c"), container(payload));
    e = expectModelFileError([&] { readModelFile(dir.file("c")); });
    EXPECT_NE(std::string(e.what()).find("implausible tensor count"), std::string::npos);
    // Shape says 2 x 2 but only 3 values follow.
    payload = str("vae");
    le32(payload, 0);
    le32(payload, 1);
    payload += str("w");
    le32(payload, 2);
    le32(payload, 2);
    for (int i = 0; i < 3; ++i)
        le32(payload, 0x3f800000u);
    writeBytes(dir.file("short"), container(payload));
    e = expectModelFileError([&] { readModelFile(dir.file("short")); });
    EXPECT_NE(std::string(e.what()).find("ends inside tensor 'w'"), std::string::npos) << e.what();
}

TEST(ModelFile, NonFiniteValues) {
    TempDir dir;
    std::string payload = str("vae");
    le32(payload, 0);
    le32(payload, 1);
    payload += str("w");
    le32(payload, 1);
    le32(payload, 1);
    le32(payload, 0x7fc00000u); // NaN
    writeBytes(dir.file("nan"), container(payload));
    const auto e = expectModelFileError([&] { readModelFile(dir.file("nan")); });
    EXPECT_NE(std::string(e.what()).find("non-finite"), std::string::npos) << e.what();

    ModelFile m = sampleModel();
    m.tensors[0].values[0] = std::numeric_limits<float>::infinity();
    EXPECT_THROW(writeModelFile(dir.file("inf"), m), ArgumentError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("inf")));
}

TEST(ModelFile, WriterRefusesShapeMismatch) {
    TempDir dir;
    ModelFile m = sampleModel();
    m.tensors[1].rows = 4;
    EXPECT_THROW(writeModelFile(dir.file("x"), m), ArgumentError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
}

TEST(ModelFile, OverwriteIsAtomic) {
    TempDir dir;
    writeBytes(dir.file("m"), "previous");
    writeModelFile(dir.file("m"), sampleModel());
    EXPECT_EQ(readModelFile(dir.file("m")).kind, "vae");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
}
