#include "data/pca_presets.h"

#include "common/error.h"
#include "data/generators.h"
#include "data/presets.h"

#include <cmath>
#include <numbers>

namespace latentlab {

namespace {

/// N points with standard deviations `major` and `minor` along axes rotated by `degrees`.
PointSet rotatedCloud(double major, double minor, double degrees, int count, std::uint64_t seed) {
    const double t = degrees * std::numbers::pi / 180.0;
    Eigen::Matrix2d r;
    r << std::cos(t), -std::sin(t), std::sin(t), std::cos(t);
    BlobSpec b;
    b.mean = Eigen::Vector2d(0.5, 0.25);
    b.covariance = r * Eigen::Vector2d(major * major, minor * minor).asDiagonal() * r.transpose();
    b.count = count;
    return gaussianBlobs({b}, seed);
}

} // namespace

const std::vector<PcaPresetInfo>& pcaPresets() {
    static const std::vector<PcaPresetInfo> list = {
        {"cloud", "an elongated Gaussian cloud (300 points): one clear principal direction"},
        {"faithful", "Old Faithful standardised: eruption and waiting time in standard deviations"},
        {"near-line", "200 points close to a line: sigma^2 near 0, PPCA almost PCA"},
        {"round", "a round cloud (300 points): l_1 close to l_2, the direction barely fixed"},
    };
    return list;
}

PointSet makePcaPreset(const std::string& name, std::uint64_t seed) {
    PointSet set;
    if (name == "cloud")
        set = rotatedCloud(2.0, 0.45, 30.0, 300, seed * 0x9E3779B97F4A7C15ULL + 11);
    else if (name == "faithful")
        set = standardised(makePreset("faithful"));
    else if (name == "near-line")
        set = rotatedCloud(2.0, 0.05, -20.0, 200, seed * 0x9E3779B97F4A7C15ULL + 12);
    else if (name == "round")
        set = rotatedCloud(1.0, 0.9, 10.0, 300, seed * 0x9E3779B97F4A7C15ULL + 13);
    else {
        std::string known;
        for (const auto& p : pcaPresets())
            known += (known.empty() ? "" : ", ") + p.name;
        throw ArgumentError("unknown PCA preset '" + name + "' (known: " + known + ")");
    }
    set.name = name;
    return set;
}

PointSet standardised(PointSet set) {
    const Eigen::Index n = set.size();
    for (Eigen::Index j = 0; j < set.dimension(); ++j) {
        auto row = set.points.row(j);
        const double mean = n > 0 ? row.mean() : 0.0;
        row.array() -= mean;
        const double sd = n > 1 ? std::sqrt(row.squaredNorm() / static_cast<double>(n - 1)) : 0.0;
        if (sd > 0 && std::isfinite(sd))
            row /= sd;
    }
    for (auto& c : set.columnNames)
        c += " (std.)";
    return set;
}

} // namespace latentlab
