#include "data/presets.h"

#include "io/csv.h"
#include "common/error.h"
#include "data/faithful_data.h"
#include "data/generators.h"

#include <cmath>
#include <numbers>

namespace latentlab {

namespace {

BlobSpec blob(double x, double y, double sxx, double sxy, double syy, int count) {
    BlobSpec b;
    b.mean = Eigen::Vector2d(x, y);
    b.covariance.resize(2, 2);
    b.covariance << sxx, sxy, sxy, syy;
    b.count = count;
    return b;
}

/// A covariance with standard deviations `major` and `minor` along axes rotated by `degrees`.
BlobSpec rotatedBlob(double x, double y, double major, double minor, double degrees, int count) {
    const double t = degrees * std::numbers::pi / 180.0;
    Eigen::Matrix2d r;
    r << std::cos(t), -std::sin(t), std::sin(t), std::cos(t);
    const Eigen::Matrix2d sigma =
        r * Eigen::Vector2d(major * major, minor * minor).asDiagonal() * r.transpose();
    return blob(x, y, sigma(0, 0), sigma(0, 1), sigma(1, 1), count);
}

/// Each preset draws from its own stream, so changing one never changes another.
std::uint64_t presetSeed(std::uint64_t seed, std::uint64_t salt) {
    return seed * 0x9E3779B97F4A7C15ULL + salt;
}

PointSet named(PointSet set, const std::string& name) {
    set.name = name;
    return set;
}

} // namespace

const std::vector<PresetInfo>& presets() {
    static const std::vector<PresetInfo> list = {
        {"faithful",
         "Old Faithful geyser: 272 eruptions (minutes) against waiting time "
         "(minutes), two clear clusters",
         2},
        {"separated", "three well separated round blobs (150 points each): EM's easy case", 3},
        {"overlapping", "three overlapping blobs (150 points each): soft responsibilities matter",
         3},
        {"elongated",
         "three long thin correlated clusters side by side: full covariances "
         "needed",
         3},
        {"tiny", "one tiny tight cluster (30 points) beside two broad ones (200 points each)", 3},
        {"anisotropic",
         "three blobs sheared by one linear map (150 points each), as in "
         "scikit-learn's example",
         3},
        {"rings", "two concentric noisy rings (200 points each): no small mixture fits them", 8},
        {"noise", "300 points of uniform noise in a square: no structure to find", 3},
    };
    return list;
}

PointSet makePreset(const std::string& name, std::uint64_t seed) {
    if (name == "faithful") {
        PointSet set = parseCsv(std::string(faithfulCsvText()), "faithful.csv");
        set.name = "faithful";
        return set;
    }
    if (name == "separated")
        return named(gaussianBlobs({blob(-4, -2, 0.6, 0, 0.6, 150), blob(4, -2, 0.6, 0, 0.6, 150),
                                    blob(0, 4.5, 0.6, 0, 0.6, 150)},
                                   presetSeed(seed, 1)),
                     name);
    if (name == "overlapping")
        return named(
            gaussianBlobs({blob(-1.6, 0, 1.0, 0.3, 0.8, 150), blob(1.6, 0.3, 0.9, -0.2, 1.1, 150),
                           blob(0, 2.6, 0.8, 0, 0.8, 150)},
                          presetSeed(seed, 2)),
            name);
    if (name == "elongated")
        return named(gaussianBlobs({rotatedBlob(-3, 0, 3.0, 0.25, 60, 150),
                                    rotatedBlob(0, 0, 3.0, 0.25, 60, 150),
                                    rotatedBlob(3, 0, 3.0, 0.25, 60, 150)},
                                   presetSeed(seed, 3)),
                     name);
    if (name == "tiny")
        return named(gaussianBlobs({blob(0, 0, 0.02, 0, 0.02, 30), blob(-4, 1, 2.5, 0.5, 2.0, 200),
                                    blob(4, -1, 2.0, -0.6, 2.5, 200)},
                                   presetSeed(seed, 4)),
                     name);
    if (name == "anisotropic")
        return named(anisotropicBlobs(3, 150, presetSeed(seed, 5)), name);
    if (name == "rings")
        return named(rings(2, 200, 0.08, presetSeed(seed, 6)), name);
    if (name == "noise")
        return named(
            uniformNoise(300, Eigen::Vector2d(-5, -5), Eigen::Vector2d(5, 5), presetSeed(seed, 7)),
            name);
    std::string known;
    for (const auto& p : presets())
        known += (known.empty() ? "" : ", ") + p.name;
    throw ArgumentError("unknown preset '" + name + "' (known: " + known + ")");
}

} // namespace latentlab
