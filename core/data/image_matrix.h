#pragma once
// Images as data points: the PCA of digits and garments works on the pixels of each image
// as one observation, x_i = pixels / 255 in [0, 1], one column per image (d = rows * cols).

#include "io/idx.h"

#include <Eigen/Core>
#include <cstdint>

namespace latentlab {

/// The most pixels imageColumns converts at once: 512 MiB of doubles, room for all 60,000
/// MNIST training images (47 M pixels); an IDX file may hold 2^30 (8 GiB as doubles).
inline constexpr std::uint64_t kImageColumnsMaxValues = std::uint64_t(1) << 26;

/// Images begin..end-1 (a half-open range) as a (rows * cols) x (end - begin) matrix of
/// pixel / 255, row-major pixels down each column. Throws ArgumentError for an empty or
/// out-of-range range, or one of more than kImageColumnsMaxValues pixels.
Eigen::MatrixXd imageColumns(const IdxImages& images, std::uint32_t begin, std::uint32_t end);

} // namespace latentlab
