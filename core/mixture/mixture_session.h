#pragma once
// The mixture page's part of a session (the envelope is io/session.h):
//
//   "mixture": {
//     "data":  {"name": "...", "columns": ["x", "y"], "points": [[x, y], ...]},
//     "model": {"k": 3, "covariance": "full", "init": "kmeans++" | "random" | "manual",
//               "seed": 0, "reg": 1e-6, "tol": 1e-3, "max_iter": 100 ("maxIter" before),
//               "manual": {"weights": [...], "means": [[x, y], ...],
//                          "covariances": [[[a, b], [b, c]], ...]}},
//     "state": 5 }
//
// Seeds of 2^53 and more are written as strings: many JSON readers hold numbers in doubles.
// Reading checks every field and throws FileError naming the file and the field; nothing is
// half-read.

#include "common/point_set.h"
#include "io/session.h"
#include "mixture/model_settings.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace latentlab {

inline constexpr const char* kMixturePage = "mixture";

/// Limits that keep a hostile file from exhausting memory or time.
inline constexpr std::int64_t kMaxSessionPoints = 5'000'000;
inline constexpr int kMaxSessionState = 20'001;

struct MixtureSession {
    PointSet data; ///< 2D
    ModelSettings settings;
    int state = 0; ///< the half-step shown
};

/// The 2D points of a session ({"name", "columns", "points": [[x, y], ...]}), shared by the
/// pages that keep 2D data (mixture, PCA); reading checks every point (FileError naming the
/// field), writing throws ArgumentError for data that are not 2D.
PointSet sessionDataFromJson(const SessionFields& fields, const nlohmann::json& data);
nlohmann::json sessionDataToJson(const PointSet& data);

MixtureSession mixtureSessionFromJson(const nlohmann::json& payload, const std::string& path);
nlohmann::json toJson(const MixtureSession& session);

/// The mixture session a session file holds; FileError when the file is another page's.
MixtureSession mixtureSessionFrom(const SessionFile& file, const std::string& path);

} // namespace latentlab
