// VAE model files: an exact round trip of weights and training record, and a FileError naming
// the file for every bad file: truncated, bit-flipped, future version, another kind, another
// architecture, missing, extra or misshapen tensors, malformed metadata.
#include "common/error.h"
#include "io/model_file.h"
#include "io/png_writer.h"
#include "common/random.h"
#include "temp_dir.h"
#include "vae/vae.h"
#include "vae/vae_model_io.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

using namespace latentlab;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;

namespace {

VaeArchitecture smallArchitecture() {
    VaeArchitecture a;
    a.input = 12;
    a.hidden = {7, 5};
    a.latent = 3;
    return a;
}

VaeTrainingRecord sampleRecord() {
    VaeTrainingRecord r;
    r.dataset = "tiny[0:80]";
    r.datasetChecksum = 0xdeadbeef;
    r.trainImages = 80;
    r.seed = 18446744073709551615ull;
    r.epochs = 3;
    r.batchSize = 16;
    r.learningRate = 1e-3;
    r.beta = 0.5;
    r.binarization = Binarization::None;
    r.threads = 2;
    r.testDataset = "tiny[80:100]";
    r.testElbo = -123.456789;
    r.testKl = 6.5;
    r.command = "latentlab-cli vae-train --out x";
    return r;
}

/// Expects loadVaeModel(path) to throw a FileError whose message names `path` and contains `text`.
void expectRefused(const std::string& path, const std::string& text) {
    try {
        loadVaeModel(path);
        ADD_FAILURE() << "expected a FileError for " << path;
    } catch (const FileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find(text), std::string::npos) << "wanted '" << text << "' in: " << what;
    }
}

} // namespace

TEST(VaeModelIo, RoundTripKeepsWeightsAndRecord) {
    TempDir dir;
    Random rng(5);
    const Vae vae = Vae::initialised(smallArchitecture(), rng);
    const VaeTrainingRecord r = sampleRecord();
    saveVaeModel(dir.file("m.llvae"), vae, r);
    const VaeModel m = loadVaeModel(dir.file("m.llvae"));
    ASSERT_TRUE(m.vae);
    EXPECT_EQ(m.vae->architecture(), vae.architecture());
    ASSERT_EQ(m.vae->parameters().size(), vae.parameters().size());
    EXPECT_EQ(std::memcmp(m.vae->parameters().data(), vae.parameters().data(),
                          vae.parameters().size() * sizeof(float)),
              0);
    EXPECT_EQ(m.record.dataset, r.dataset);
    EXPECT_EQ(m.record.datasetChecksum, r.datasetChecksum);
    EXPECT_EQ(m.record.trainImages, r.trainImages);
    EXPECT_EQ(m.record.seed, r.seed);
    EXPECT_EQ(m.record.epochs, r.epochs);
    EXPECT_EQ(m.record.batchSize, r.batchSize);
    EXPECT_EQ(m.record.learningRate, r.learningRate);
    EXPECT_EQ(m.record.beta, r.beta);
    EXPECT_EQ(m.record.binarization, r.binarization);
    EXPECT_EQ(m.record.threads, r.threads);
    EXPECT_EQ(m.record.testDataset, r.testDataset);
    EXPECT_EQ(m.record.testElbo, r.testElbo);
    EXPECT_EQ(m.record.testKl, r.testKl);
    EXPECT_EQ(m.record.command, r.command);

    // The loaded network computes what the saved one did.
    Eigen::MatrixXf z = Eigen::MatrixXf::Random(3, 4);
    EXPECT_EQ((m.vae->decode(z) - vae.decode(z)).cwiseAbs().maxCoeff(), 0.f);

    // The tensors are laid out as the header documents: encoder.1.weight is 7 x 12.
    const ModelFile f = readModelFile(dir.file("m.llvae"));
    EXPECT_EQ(f.kind, "vae");
    const ModelTensor* w = f.tensor("encoder.1.weight");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->rows, 7);
    EXPECT_EQ(w->cols, 12);
    ASSERT_TRUE(f.meta("architecture"));
    EXPECT_EQ(*f.meta("architecture"), "12-7-5-3");
}

TEST(VaeModelIo, TruncatedAndBitFlippedFilesAreRefused) {
    TempDir dir;
    Random rng(1);
    saveVaeModel(dir.file("m"), Vae::initialised(smallArchitecture(), rng), sampleRecord());
    const std::string good = readBytes(dir.file("m"));
    ASSERT_GT(good.size(), 100u);
    // Truncation at a spread of offsets (every offset is covered by model_file_test).
    for (std::size_t cut :
         {std::size_t(0), std::size_t(5), std::size_t(23), good.size() / 2, good.size() - 1}) {
        writeBytes(dir.file("t"), good.substr(0, cut));
        expectRefused(dir.file("t"), "");
    }
    // One flipped bit in the header, the metadata and the weights.
    for (std::size_t at : {std::size_t(13), std::size_t(40), good.size() - 3}) {
        std::string bad = good;
        bad[at] = char(bad[at] ^ 0x10);
        writeBytes(dir.file("f"), bad);
        expectRefused(dir.file("f"), "");
    }
    writeBytes(dir.file("empty"), "");
    expectRefused(dir.file("empty"), "");
    expectRefused(dir.file("does-not-exist"), "");
}

TEST(VaeModelIo, FutureVersionIsRefused) {
    TempDir dir;
    Random rng(1);
    saveVaeModel(dir.file("m"), Vae::initialised(smallArchitecture(), rng), sampleRecord());
    std::string bytes = readBytes(dir.file("m"));
    bytes[8] = char(kModelFormatVersion + 1); // u32 little-endian version at offset 8
    writeBytes(dir.file("v"), bytes);
    expectRefused(dir.file("v"), "newer LatentLab");
}

TEST(VaeModelIo, AnotherArchitectureOrKindIsRefused) {
    TempDir dir;
    Random rng(1);
    const ModelFile good = toModelFile(Vae::initialised(smallArchitecture(), rng), sampleRecord());
    auto setMeta = [](ModelFile f, const std::string& key, const std::string& value) {
        for (auto& [k, v] : f.metadata)
            if (k == key)
                v = value;
        return f;
    };
    // Declared hidden sizes that do not match the stored tensors.
    writeModelFile(dir.file("h"), setMeta(good, "hidden", "7,6"));
    expectRefused(dir.file("h"), "tensor");
    writeModelFile(dir.file("h1"), setMeta(good, "hidden", "7"));
    expectRefused(dir.file("h1"), "tensor");
    writeModelFile(dir.file("l"), setMeta(good, "latent", "2"));
    expectRefused(dir.file("l"), "tensor");
    writeModelFile(dir.file("i"), setMeta(good, "input", "784"));
    expectRefused(dir.file("i"), "tensor");
    // Malformed metadata.
    writeModelFile(dir.file("hx"), setMeta(good, "hidden", "7,,5"));
    expectRefused(dir.file("hx"), "hidden");
    writeModelFile(dir.file("ix"), setMeta(good, "input", "-3"));
    expectRefused(dir.file("ix"), "input");
    writeModelFile(dir.file("lk"), setMeta(good, "likelihood", "gaussian"));
    expectRefused(dir.file("lk"), "likelihood");
    writeModelFile(dir.file("bz"), setMeta(good, "binarize", "sometimes"));
    expectRefused(dir.file("bz"), "sometimes");
    // Another kind of model.
    ModelFile other = good;
    other.kind = "gmm";
    writeModelFile(dir.file("k"), other);
    expectRefused(dir.file("k"), "gmm");
    // A missing, a misshapen and an extra tensor.
    ModelFile missing = good;
    missing.tensors.pop_back();
    writeModelFile(dir.file("m"), missing);
    expectRefused(dir.file("m"), "missing");
    ModelFile shape = good;
    shape.tensors[0].rows = 1;
    shape.tensors[0].cols = int(shape.tensors[0].values.size());
    writeModelFile(dir.file("s"), shape);
    expectRefused(dir.file("s"), "encoder.1.weight");
    ModelFile extra = good;
    extra.tensors.push_back({"decoder.9.weight", 1, 1, {0.f}});
    writeModelFile(dir.file("e"), extra);
    expectRefused(dir.file("e"), "tensors");
}

TEST(PngWriter, SignatureHeaderAndPixels) {
    const std::vector<std::uint8_t> px = {0, 64, 128, 255, 10, 20};
    const std::string png = encodeGrayPng(3, 2, px);
    ASSERT_GT(png.size(), 8u + 25u + 12u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    // IHDR: length 13, type, width 3, height 2, depth 8, colour type 0 (grey).
    EXPECT_EQ(png.substr(8, 8), std::string("\0\0\0\x0dIHDR", 8));
    EXPECT_EQ(png.substr(16, 8), std::string("\0\0\0\x03\0\0\0\x02", 8));
    EXPECT_EQ(png[24], 8);
    EXPECT_EQ(png[25], 0);
    // The IHDR CRC is zlib's CRC-32 over type and data.
    const std::uint32_t crc =
        std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17));
    const auto* c = reinterpret_cast<const unsigned char*>(png.data() + 29);
    EXPECT_EQ((std::uint32_t(c[0]) << 24) | (std::uint32_t(c[1]) << 16) |
                  (std::uint32_t(c[2]) << 8) | c[3],
              crc);
    // IDAT inflates to the rows, each preceded by filter byte 0.
    const std::size_t idat = png.find("IDAT");
    ASSERT_NE(idat, std::string::npos);
    const auto* l = reinterpret_cast<const unsigned char*>(png.data() + idat - 4);
    const uLong len = (uLong(l[0]) << 24) | (uLong(l[1]) << 16) | (uLong(l[2]) << 8) | l[3];
    std::vector<unsigned char> raw(64);
    uLongf rawLen = raw.size();
    ASSERT_EQ(
        uncompress(raw.data(), &rawLen, reinterpret_cast<const Bytef*>(png.data() + idat + 4), len),
        Z_OK);
    const std::vector<unsigned char> expected = {0, 0, 64, 128, 0, 255, 10, 20};
    EXPECT_EQ(std::vector<unsigned char>(raw.begin(), raw.begin() + long(rawLen)), expected);
    EXPECT_EQ(png.substr(png.size() - 12), std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12));

    EXPECT_THROW(encodeGrayPng(0, 2, {}), ArgumentError);
    EXPECT_THROW(encodeGrayPng(3, 2, {1, 2}), ArgumentError);
}
