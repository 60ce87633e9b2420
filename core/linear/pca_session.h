#pragma once
// The PCA page's part of a session (the envelope is io/session.h):
//
//   "pca": {
//     "data":  {"name": "...", "columns": ["x", "y"], "points": [[x, y], ...]},
//     "q": 1,
//     "truth": {"mean": [x, y], "w": [x, y], "sigma2": s},     (generated data only)
//     "panel": "manifold" | "story" | "em" | "autoencoder" | "images",
//     "residuals": true, "posterior": false, "sigma2": 0.15,
//     "autoencoder": "unconstrained" | "tied" | "tied-orthonormal",
//     "emState": 5,
//     "images": {"set": "mnist" | "fashion", "q": 10, "test": 0} }
//
// Everything but "data" is optional (defaults as above). Reading checks every field and
// throws FileError naming the file and the field; nothing is half-read.

#include "common/point_set.h"
#include "io/session.h"

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace latentlab {

inline constexpr const char* kPcaPage = "pca";
inline constexpr std::array<std::string_view, 5> kPcaPanels = {"manifold", "story", "em",
                                                               "autoencoder", "images"};
inline constexpr std::array<std::string_view, 3> kPcaAutoencoders = {"unconstrained", "tied",
                                                                     "tied-orthonormal"};
inline constexpr std::array<std::string_view, 2> kPcaImageSets = {"mnist", "fashion"};
inline constexpr int kPcaMaxImageComponents = 100;
inline constexpr int kPcaMaxEmState = 20'001;

struct PcaSession {
    PointSet data; ///< 2D
    int q = 1;
    /// The generator's model, for data it generated: x = W z + mu + eps.
    struct Truth {
        Eigen::Vector2d mean = Eigen::Vector2d::Zero();
        Eigen::Vector2d w = Eigen::Vector2d::Zero();
        double sigma2 = 0.0;
    };
    std::optional<Truth> truth;
    std::string panel = "manifold";
    bool residuals = true;
    bool posterior = false;
    double sigma2 = 0.15; ///< the generator's slider
    std::string autoencoder = "unconstrained";
    int emState = 0;
    std::string imageSet = "mnist";
    int imageQ = 10;
    int testImage = 0;
};

PcaSession pcaSessionFromJson(const nlohmann::json& payload, const std::string& path);
nlohmann::json toJson(const PcaSession& session);

} // namespace latentlab
