#include "common/point_set.h"

namespace latentlab {

PointSet withoutPoints(const PointSet& set, const std::vector<int>& indices,
                       Eigen::Index* removed) {
    const Eigen::Index n = set.size();
    std::vector<char> gone(static_cast<std::size_t>(n), 0);
    Eigen::Index count = 0;
    for (int i : indices)
        if (i >= 0 && i < n && !gone[static_cast<std::size_t>(i)]) {
            gone[static_cast<std::size_t>(i)] = 1;
            ++count;
        }
    PointSet out;
    out.name = set.name;
    out.columnNames = set.columnNames;
    out.points.resize(set.dimension(), n - count);
    Eigen::Index j = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        if (!gone[static_cast<std::size_t>(i)])
            out.points.col(j++) = set.points.col(i);
    if (removed)
        *removed = count;
    return out;
}

PointSet withPoints(const PointSet& set, const Eigen::MatrixXd& added) {
    PointSet out = set;
    const Eigen::Index n = set.size();
    if (n == 0)
        out.points.resize(added.rows(), 0);
    out.points.conservativeResize(Eigen::NoChange, n + added.cols());
    out.points.rightCols(added.cols()) = added;
    return out;
}

} // namespace latentlab
