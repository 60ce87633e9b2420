#pragma once
// A set of observations o_i in d dimensions, stored one column per observation
// (Eigen is column-major, so each point is contiguous): points is d x N.

#include <Eigen/Core>
#include <string>
#include <vector>

namespace latentlab {

struct PointSet {
    Eigen::MatrixXd points;               ///< d x N, one column per observation o_i
    std::vector<std::string> columnNames; ///< d names (may be empty = unnamed)
    std::string name;                     ///< where it came from (file name or preset name)

    Eigen::Index size() const { return points.cols(); }
    Eigen::Index dimension() const { return points.rows(); }
};

} // namespace latentlab
