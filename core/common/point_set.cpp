#include "common/point_set.h"

#include "common/error.h"

#include <cmath>

namespace latentlab {

namespace {

bool fittableValue(double v) {
    return std::abs(v) <= kMaxAbsCoordinate; // false for NaN too
}

} // namespace

void checkFittable(const Eigen::MatrixXd& points, const std::string& path) {
    for (Eigen::Index i = 0; i < points.cols(); ++i)
        for (Eigen::Index j = 0; j < points.rows(); ++j) {
            const double v = points(j, i);
            if (fittableValue(v))
                continue;
            const std::string where = "observation " + std::to_string(i + 1) + ", coordinate " +
                                      std::to_string(j + 1);
            const std::string message =
                std::isfinite(v) ? where + " exceeds 1e100 in magnitude: rescale the data"
                                 : where + " is not a finite number";
            if (path.empty())
                throw ArgumentError(message);
            throw FileError(path, message);
        }
}

bool fittable(const Eigen::Ref<const Eigen::MatrixXd>& points) {
    return points.unaryExpr([](double v) { return fittableValue(v); }).all();
}

} // namespace latentlab
