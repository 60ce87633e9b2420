#pragma once
// Images as data points: the PCA of digits and garments works on the pixels of each image
// as one observation, x_i = pixels / 255 in [0, 1], one column per image (d = rows * cols).

#include "io/idx.h"

#include <Eigen/Core>
#include <cstdint>

namespace latentlab {

/// Images begin..end-1 (a half-open range) as a (rows * cols) x (end - begin) matrix of
/// pixel / 255, row-major pixels down each column. Throws ArgumentError for an empty or
/// out-of-range range.
Eigen::MatrixXd imageColumns(const IdxImages& images, std::uint32_t begin, std::uint32_t end);

} // namespace latentlab
