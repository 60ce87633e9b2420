#include "data/generators.h"

#include "common/error.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <numbers>
#include <string>

namespace latentlab {

namespace {

std::vector<std::string> defaultNames(Eigen::Index d) {
    std::vector<std::string> names;
    for (Eigen::Index j = 0; j < d; ++j)
        names.push_back("x" + std::to_string(j + 1));
    return names;
}

/// A with A A^T = Sigma for a symmetric positive semi-definite Sigma (via its
/// eigendecomposition, so a singular Sigma, e.g. a flat blob, is fine).
Eigen::MatrixXd squareRoot(const Eigen::MatrixXd& sigma, int blob) {
    if (!sigma.allFinite() || (sigma - sigma.transpose()).cwiseAbs().maxCoeff() >
                                  1e-9 * (1.0 + sigma.cwiseAbs().maxCoeff()))
        throw ArgumentError("gaussianBlobs: covariance " + std::to_string(blob) +
                            " is not a finite symmetric matrix");
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(sigma);
    const Eigen::VectorXd lambda = eig.eigenvalues();
    if (lambda.minCoeff() < -1e-9 * (1.0 + lambda.cwiseAbs().maxCoeff()))
        throw ArgumentError("gaussianBlobs: covariance " + std::to_string(blob) +
                            " is not positive semi-definite");
    return eig.eigenvectors() * lambda.cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

} // namespace

PointSet gaussianBlobs(const std::vector<BlobSpec>& blobs, std::uint64_t seed) {
    if (blobs.empty())
        throw ArgumentError("gaussianBlobs: no blobs given");
    const Eigen::Index d = blobs.front().mean.size();
    if (d < 1)
        throw ArgumentError("gaussianBlobs: the mean has no coordinates");
    Eigen::Index n = 0;
    for (std::size_t b = 0; b < blobs.size(); ++b) {
        const auto& blob = blobs[b];
        if (blob.mean.size() != d || blob.covariance.rows() != d || blob.covariance.cols() != d)
            throw ArgumentError("gaussianBlobs: blob " + std::to_string(b) +
                                " has a mean or covariance of the wrong size");
        if (!blob.mean.allFinite())
            throw ArgumentError("gaussianBlobs: blob " + std::to_string(b) +
                                " has a non-finite mean");
        if (blob.count < 0)
            throw ArgumentError("gaussianBlobs: negative count");
        n += blob.count;
    }
    Random rng(seed);
    PointSet set;
    set.points.resize(d, n);
    set.columnNames = defaultNames(d);
    set.name = "gaussian blobs";
    Eigen::Index i = 0;
    Eigen::VectorXd z(d);
    for (std::size_t b = 0; b < blobs.size(); ++b) {
        // o = mu + A z with z ~ N(0, I) and A A^T = Sigma gives o ~ N(mu, Sigma).
        const Eigen::MatrixXd a = squareRoot(blobs[b].covariance, int(b));
        for (int c = 0; c < blobs[b].count; ++c, ++i) {
            for (Eigen::Index j = 0; j < d; ++j)
                z(j) = rng.normal();
            set.points.col(i) = blobs[b].mean + a * z;
        }
    }
    return set;
}

PointSet anisotropicBlobs(int k, int countPerBlob, std::uint64_t seed) {
    if (k < 1 || countPerBlob < 0)
        throw ArgumentError("anisotropicBlobs: need k >= 1 and a non-negative count");
    Random rng(seed);
    // Centres uniform in [-10, 10]^2 (scikit-learn's make_blobs box), unit-variance blobs,
    // then every point sheared by one random linear map W: o = W x, so each blob becomes
    // N(W c_k, W W^T), all elongated in the same direction.
    // Centres are redrawn (a bounded number of times) while closer than 7 to an earlier one,
    // so the blobs stay distinguishable after the shear.
    std::vector<BlobSpec> blobs;
    for (int b = 0; b < k; ++b) {
        BlobSpec spec;
        for (int attempt = 0; attempt < 100; ++attempt) {
            spec.mean = Eigen::Vector2d(rng.uniform(-10, 10), rng.uniform(-10, 10));
            bool farEnough = true;
            for (const auto& other : blobs)
                farEnough = farEnough && (other.mean - spec.mean).norm() >= 7.0;
            if (farEnough)
                break;
        }
        spec.covariance = Eigen::Matrix2d::Identity();
        spec.count = countPerBlob;
        blobs.push_back(spec);
    }
    // W = R(theta) diag(s1, s2): a rotation of an axis stretch, condition number about 4-8.
    const double theta = rng.uniform(0.0, std::numbers::pi);
    const double s1 = rng.uniform(1.0, 1.6), s2 = rng.uniform(0.2, 0.35);
    Eigen::Matrix2d r;
    r << std::cos(theta), -std::sin(theta), std::sin(theta), std::cos(theta);
    const Eigen::Matrix2d w = r * Eigen::Vector2d(s1, s2).asDiagonal();
    PointSet set = gaussianBlobs(blobs, rng.next());
    set.points = w * set.points;
    set.name = "anisotropic blobs";
    return set;
}

PointSet uniformNoise(int count, const Eigen::VectorXd& low, const Eigen::VectorXd& high,
                      std::uint64_t seed) {
    if (count < 0 || low.size() < 1 || low.size() != high.size() || !low.allFinite() ||
        !high.allFinite() || (high.array() < low.array()).any())
        throw ArgumentError("uniformNoise: need count >= 0 and finite low <= high of one size");
    Random rng(seed);
    PointSet set;
    set.points.resize(low.size(), count);
    for (int i = 0; i < count; ++i)
        for (Eigen::Index j = 0; j < low.size(); ++j)
            set.points(j, i) = rng.uniform(low(j), high(j));
    set.columnNames = defaultNames(low.size());
    set.name = "uniform noise";
    return set;
}

PointSet rings(int ringCount, int countPerRing, double noise, std::uint64_t seed) {
    if (ringCount < 1 || countPerRing < 0 || !(noise >= 0) || !std::isfinite(noise))
        throw ArgumentError("rings: need at least one ring, a non-negative count and noise");
    Random rng(seed);
    PointSet set;
    set.points.resize(2, Eigen::Index(ringCount) * countPerRing);
    Eigen::Index i = 0;
    for (int r = 0; r < ringCount; ++r)
        for (int c = 0; c < countPerRing; ++c, ++i) {
            // Ring r has radius r + 1; the angle is uniform, the radius jittered by N(0, noise^2).
            const double angle = rng.uniform(0.0, 2.0 * std::numbers::pi);
            const double radius = (r + 1) + noise * rng.normal();
            set.points(0, i) = radius * std::cos(angle);
            set.points(1, i) = radius * std::sin(angle);
        }
    set.columnNames = defaultNames(2);
    set.name = "rings";
    return set;
}

} // namespace latentlab
