// Every reader in core/ faced with thousands of randomly damaged inputs (bytes flipped,
// inserted, deleted, truncated, chunks repeated): each must either read the input or throw
// FileError, never crash, hang or throw anything else. Seeded, so a failure reproduces.
#include "io/csv.h"
#include "common/error.h"
#include "io/idx.h"
#include "io/json.h"
#include "io/model_file.h"
#include "io/session.h"
#include "mixture/mixture_session.h"
#include "common/random.h"
#include "temp_dir.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <functional>

using namespace latentlab;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;

namespace {

std::string mutate(const std::string& input, Random& rng) {
    std::string s = input;
    const int edits = 1 + static_cast<int>(rng.index(4));
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = s.empty() ? 0 : rng.index(s.size());
        switch (rng.index(6)) {
        case 0: // flip a bit
            if (!s.empty())
                s[at] = static_cast<char>(s[at] ^ (1 << rng.index(8)));
            break;
        case 1: // replace with a random byte, often a structural character
            if (!s.empty()) {
                const char interesting[] = "\0\xff,;\t\n\r\"\\{}[]:-+.eE0129nNiI ";
                s[at] = rng.index(2) ? static_cast<char>(rng.next())
                                     : interesting[rng.index(sizeof interesting - 1)];
            }
            break;
        case 2: // insert a random byte
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(rng.next()));
            break;
        case 3: // delete a byte
            if (!s.empty())
                s.erase(at, 1);
            break;
        case 4: // truncate
            s.resize(at);
            break;
        case 5: { // repeat a chunk
            const std::size_t len = std::min<std::size_t>(s.size() - std::min(at, s.size()), 64);
            s.insert(at, s.substr(at, len));
            break;
        }
        }
    }
    return s;
}

/// Runs `read` on `count` mutations of `valid`; returns how many were refused.
int hammer(const std::string& valid, int count, std::uint64_t seed,
           const std::function<void(const std::string&)>& read) {
    Random rng(seed);
    int refused = 0;
    for (int i = 0; i < count; ++i) {
        const std::string bad = mutate(valid, rng);
        try {
            read(bad);
        } catch (const FileError&) {
            ++refused;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "mutation " << i << " threw a non-FileError: " << e.what();
        }
    }
    return refused;
}

} // namespace

TEST(HostileInput, Csv) {
    const std::string valid = "\"a\",\"b\",\"c\"\n1.5,2,3\n-4e2,5,6\n7,8.25,9\n";
    const int refused =
        hammer(valid, 5000, 1, [](const std::string& text) { parseCsv(text, "fuzz.csv"); });
    EXPECT_GT(refused, 1000); // most damage is detected, not silently read
}

TEST(HostileInput, Json) {
    const std::string valid = R"({"weights": [0.5, 0.5], "means": [[1, -2.5e3], [3, 4]],
        "s": "a\"\\\u00e9", "b": [true, false, null], "o": {"x": {}}})";
    const int refused =
        hammer(valid, 5000, 2, [](const std::string& text) { parseJson(text, "fuzz.json"); });
    EXPECT_GT(refused, 2500);
}

TEST(HostileInput, Session) {
    const std::string valid = R"({"format": "latentlab-session", "version": 2,
        "page": "mixture", "palette": "colorblind", "mixture": {
        "data": {"name": "d", "columns": ["x", "y"], "points": [[0, 1], [2.5, -3], [1e3, 4]]},
        "model": {"k": 2, "covariance": "full", "init": "manual", "seed": "9007199254740993",
                  "reg": 1e-06, "tol": 0.001, "maxIter": 100,
                  "manual": {"weights": [0.5, 0.5], "means": [[0, 1], [2, 3]],
                             "covariances": [[[1, 0.5], [0.5, 2]], [[1, 0], [0, 1]]]}},
        "state": 3}})";
    (void)mixtureSessionFrom(parseSessionFile(valid, "valid"), "valid"); // the seed is valid
    const int refused = hammer(valid, 5000, 3, [](const std::string& text) {
        (void)mixtureSessionFrom(parseSessionFile(text, "fuzz.latentlab"), "fuzz.latentlab");
    });
    EXPECT_GT(refused, 2500);
}

TEST(HostileInput, IdxRawAndGzip) {
    TempDir dir;
    IdxImages im;
    im.count = 4;
    im.rows = 3;
    im.cols = 5;
    for (int i = 0; i < 60; ++i)
        im.pixels.push_back(static_cast<std::uint8_t>(i * 37));
    for (bool gz : {false, true}) {
        writeIdxImages(dir.file("valid"), im, gz);
        writeIdxLabels(dir.file("labels"), {1, 2, 3, 4}, gz);
        const std::string path = dir.file("fuzz");
        const int refusedImages =
            hammer(readBytes(dir.file("valid")), 800, 3 + gz, [&](const std::string& bytes) {
                writeBytes(path, bytes);
                readIdxImages(path);
            });
        EXPECT_GT(refusedImages, 400);
        hammer(readBytes(dir.file("labels")), 400, 5 + gz, [&](const std::string& bytes) {
            writeBytes(path, bytes);
            readIdxLabels(path);
        });
    }
}

TEST(HostileInput, ModelFileWithAndWithoutAValidChecksum) {
    TempDir dir;
    ModelFile m;
    m.kind = "vae";
    m.metadata = {{"architecture", "784-512-2"}, {"seed", "1"}};
    m.tensors = {{"w", 2, 3, {1, 2, 3, 4, 5, 6}}, {"b", 2, 1, {0.5f, -0.5f}}};
    writeModelFile(dir.file("valid"), m);
    const std::string valid = readBytes(dir.file("valid"));
    const std::string path = dir.file("fuzz");
    const int refused = hammer(valid, 800, 7, [&](const std::string& bytes) {
        writeBytes(path, bytes);
        readModelFile(path);
    });
    EXPECT_EQ(refused, 800 - 0) << "the checksum catches every payload change";

    // Damage the payload and then fix the checksum and length, so the structural checks
    // behind the checksum face the damage themselves.
    Random rng(8);
    for (int i = 0; i < 3000; ++i) {
        std::string payload = mutate(valid.substr(24), rng);
        std::string file = valid.substr(0, 12);
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(payload.data()), payload.size()));
        for (int b = 0; b < 4; ++b)
            file.push_back(static_cast<char>(crc >> (8 * b)));
        for (int b = 0; b < 8; ++b)
            file.push_back(static_cast<char>(std::uint64_t(payload.size()) >> (8 * b)));
        writeBytes(path, file + payload);
        try {
            readModelFile(path);
        } catch (const FileError&) {
        } catch (const std::exception& e) {
            ADD_FAILURE() << "mutation " << i << " threw a non-FileError: " << e.what();
        }
    }
}
