#include "mixture/init_file.h"

#include "common/error.h"
#include "io/json.h"
#include "mixture/covariance_policy.h"

#include <Eigen/Cholesky>
#include <cmath>
#include <utility>

namespace latentlab {

namespace {

using nlohmann::json;

std::string indexed(const std::string& name, std::size_t i) {
    return name + "[" + std::to_string(i) + "]";
}

const json& arrayOf(const json& v, const std::string& what, const std::string& path) {
    if (!v.is_array())
        throw FileError(path, what + " must be an array, found a " + v.type_name());
    return v;
}

/// A number within +-limit (written `limitText` in the message).
double boundedNumber(const json& v, double limit, const char* limitText, const std::string& what,
                     const std::string& path) {
    if (!v.is_number())
        throw FileError(path, what + " must be a number, found a " + v.type_name());
    const double x = v.get<double>(); // the parser never produces NaN or infinity
    if (!(std::abs(x) <= limit))
        throw FileError(path, what + " exceeds " + limitText + " in magnitude");
    return x;
}

Eigen::VectorXd vectorOf(const json& v, std::size_t size, double limit, const char* limitText,
                         const std::string& what, const std::string& path) {
    const auto& a = arrayOf(v, what, path);
    if (a.size() != size)
        throw FileError(path, what + " has " + std::to_string(a.size()) + " entries, expected " +
                                  std::to_string(size));
    Eigen::VectorXd out(static_cast<Eigen::Index>(size));
    for (std::size_t i = 0; i < size; ++i)
        out(static_cast<Eigen::Index>(i)) =
            boundedNumber(a[i], limit, limitText, indexed(what, i), path);
    return out;
}

} // namespace

MixtureParams mixtureInitFromJson(const json& root, int k, int d, const std::string& path) {
    if (!root.is_object())
        throw FileError(path, "expected a JSON object with weights, means and covariances");
    for (const auto& item : root.items())
        if (item.key() != "weights" && item.key() != "means" && item.key() != "covariances")
            throw FileError(path, "unknown key " + quoteForMessage(item.key()) +
                                      " (expected weights, means and covariances)");
    const auto member = [&root](const char* key) {
        const auto it = root.find(key);
        return it == root.end() ? nullptr : &*it;
    };
    const json* weights = member("weights");
    const json* means = member("means");
    const json* covariances = member("covariances");
    for (const auto& [v, name] : {std::pair{weights, "weights"}, std::pair{means, "means"},
                                  std::pair{covariances, "covariances"}})
        if (!v)
            throw FileError(path, std::string("missing \"") + name + "\"");

    const std::size_t K = static_cast<std::size_t>(k), D = static_cast<std::size_t>(d);
    const auto& w = arrayOf(*weights, "weights", path);
    if (w.size() != K)
        throw FileError(path, "weights has " + std::to_string(w.size()) + " entries but --k is " +
                                  std::to_string(k));
    MixtureParams p;
    p.weights = vectorOf(*weights, K, HUGE_VAL, "", "weights", path); // positive, sum 1 below
    for (std::size_t j = 0; j < K; ++j)
        if (!(p.weights(static_cast<Eigen::Index>(j)) > 0))
            throw FileError(path, indexed("weights", j) + " must be positive");
    const double sum = p.weights.sum();
    if (std::abs(sum - 1.0) > 1e-6)
        throw FileError(path, "the weights sum to " + std::to_string(sum) + ", not 1");

    const auto& m = arrayOf(*means, "means", path);
    if (m.size() != K)
        throw FileError(path, "means has " + std::to_string(m.size()) + " entries but --k is " +
                                  std::to_string(k));
    p.means.resize(d, k);
    for (std::size_t j = 0; j < K; ++j) {
        const auto& row = arrayOf(m[j], indexed("means", j), path);
        if (row.size() != D)
            throw FileError(path, indexed("means", j) + " has " + std::to_string(row.size()) +
                                      " coordinates but the data has " + std::to_string(d));
        p.means.col(static_cast<Eigen::Index>(j)) =
            vectorOf(m[j], D, kMaxAbsInitMean, "1e100", indexed("means", j), path);
    }

    const auto& c = arrayOf(*covariances, "covariances", path);
    if (c.size() != K)
        throw FileError(path, "covariances has " + std::to_string(c.size()) +
                                  " entries but --k is " + std::to_string(k));
    for (std::size_t j = 0; j < K; ++j) {
        const std::string name = indexed("covariances", j);
        const std::string shape = name + " must be a " + std::to_string(d) + " x " +
                                  std::to_string(d) + " matrix (full, whatever --covariance)";
        const auto& rows = arrayOf(c[j], name, path);
        if (rows.size() != D)
            throw FileError(path, shape);
        Eigen::MatrixXd sigma(d, d);
        for (std::size_t r = 0; r < D; ++r) {
            const auto& row = arrayOf(rows[r], name + indexed("", r), path);
            if (row.size() != D)
                throw FileError(path, shape);
            sigma.row(static_cast<Eigen::Index>(r)) =
                vectorOf(rows[r], D, kMaxAbsInitCovariance, "1e200", name + indexed("", r), path)
                    .transpose();
        }
        const double scale = sigma.cwiseAbs().maxCoeff();
        if ((sigma - sigma.transpose()).cwiseAbs().maxCoeff() > 1e-9 * scale)
            throw FileError(path, name + " is not symmetric");
        // Exact symmetry, so the engine sees the same matrix whichever triangle it reads; the
        // engine's own test of a start (its positive-definite policy at the mean's scale).
        sigma = 0.5 * (sigma + sigma.transpose());
        const double meanScale = p.means.col(static_cast<Eigen::Index>(j)).cwiseAbs().maxCoeff();
        if (!(scale > 0) || !CovariancePolicy::check(sigma, meanScale).usable)
            throw FileError(path, name + " is not positive definite");
        p.covariances.push_back(std::move(sigma));
    }
    return p;
}

MixtureParams readMixtureInitFile(const std::string& path, int k, int d) {
    return mixtureInitFromJson(readJsonFile(path), k, d, path);
}

} // namespace latentlab
