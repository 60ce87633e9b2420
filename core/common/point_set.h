#pragma once
// A set of observations o_i in d dimensions, stored one column per observation
// (Eigen is column-major, so each point is contiguous): points is d x N.

#include <Eigen/Core>
#include <string>
#include <vector>

namespace latentlab {

/// Coordinates beyond this magnitude cannot be fitted: the squares in variances and
/// distances would overflow a double. Rescale such data first.
inline constexpr double kMaxAbsCoordinate = 1e100;

struct PointSet {
    Eigen::MatrixXd points;               ///< d x N, one column per observation o_i
    std::vector<std::string> columnNames; ///< d names (may be empty = unnamed)
    std::string name;                     ///< where it came from (file name or preset name)

    Eigen::Index size() const { return points.cols(); }
    Eigen::Index dimension() const { return points.rows(); }
};

/// The one check of a point set before fitting (EM engine, latentlab-cli, the GUI's
/// document): every coordinate finite and within +-kMaxAbsCoordinate. Throws FileError
/// naming `path` when one is given (the data came from that file), else ArgumentError;
/// the message names the observation (column of `points`, from 1) and the coordinate.
void checkFittable(const Eigen::MatrixXd& points, const std::string& path = {});
/// The same test without the message: true when checkFittable would not throw.
bool fittable(const Eigen::Ref<const Eigen::MatrixXd>& points);
/// `set` with the points at `indices` left out (indices out of range and repeats are
/// ignored); `removed` receives how many went. Name and column names are kept.
PointSet withoutPoints(const PointSet& set, const std::vector<int>& indices,
                       Eigen::Index* removed = nullptr);
/// `set` with the columns of `added` (same dimension) appended.
PointSet withPoints(const PointSet& set, const Eigen::MatrixXd& added);

} // namespace latentlab
