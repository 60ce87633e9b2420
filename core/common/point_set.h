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

/// `set` with the points at `indices` left out (indices out of range and repeats are
/// ignored); `removed` receives how many went. Name and column names are kept.
PointSet withoutPoints(const PointSet& set, const std::vector<int>& indices,
                       Eigen::Index* removed = nullptr);
/// `set` with the columns of `added` (same dimension) appended.
PointSet withPoints(const PointSet& set, const Eigen::MatrixXd& added);

} // namespace latentlab
