#pragma once
// Seeded point-set generators for teaching. The same seed always gives the same points on
// every machine (std::mt19937_64 and our own normal/uniform transforms, never the
// implementation-defined std::normal_distribution).

#include "common/point_set.h"
#include "common/random.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace latentlab {

struct BlobSpec {
    Eigen::VectorXd mean;
    Eigen::MatrixXd covariance; ///< d x d, symmetric positive semi-definite
    int count = 0;
};

PointSet gaussianBlobs(const std::vector<BlobSpec>& blobs, std::uint64_t seed);
/// Isotropic blobs sheared by a random linear map (as scikit-learn's anisotropic example).
PointSet anisotropicBlobs(int k, int countPerBlob, std::uint64_t seed);
PointSet uniformNoise(int count, const Eigen::VectorXd& low, const Eigen::VectorXd& high,
                      std::uint64_t seed);
/// Concentric rings in 2D with Gaussian radial noise.
PointSet rings(int rings, int countPerRing, double noise, std::uint64_t seed);

} // namespace latentlab
