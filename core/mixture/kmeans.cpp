#include "mixture/kmeans.h"

#include <cmath>
#include <limits>

namespace latentlab {

Eigen::MatrixXd kmeansPlusPlusCentres(const Eigen::MatrixXd& data, int k, Random& rng) {
    const Eigen::Index n = data.cols();
    Eigen::MatrixXd centres(data.rows(), k);
    if (n == 0 || k <= 0)
        return centres;
    centres.col(0) = data.col(static_cast<Eigen::Index>(rng.index(static_cast<std::size_t>(n))));
    // D(o_i)^2 to the nearest chosen centre, updated as centres are added.
    Eigen::VectorXd d2 = (data.colwise() - centres.col(0)).colwise().squaredNorm().transpose();
    for (int j = 1; j < k; ++j) {
        const double total = d2.sum();
        Eigen::Index chosen = 0;
        if (total > 0.0 && std::isfinite(total)) {
            const double target = rng.uniform() * total;
            double cumulative = 0.0;
            chosen = -1;
            for (Eigen::Index i = 0; i < n; ++i) {
                cumulative += d2(i);
                if (cumulative > target && d2(i) > 0.0) {
                    chosen = i;
                    break;
                }
            }
            if (chosen < 0) { // rounding left target at the very end: take the last candidate
                for (Eigen::Index i = n - 1; i >= 0; --i)
                    if (d2(i) > 0.0) {
                        chosen = i;
                        break;
                    }
            }
        } else {
            chosen = static_cast<Eigen::Index>(rng.index(static_cast<std::size_t>(n)));
        }
        centres.col(j) = data.col(chosen);
        d2 = d2.cwiseMin((data.colwise() - centres.col(j)).colwise().squaredNorm().transpose());
    }
    return centres;
}

std::vector<int> nearestCentres(const Eigen::MatrixXd& data, const Eigen::MatrixXd& centres) {
    const Eigen::Index n = data.cols();
    std::vector<int> out(static_cast<std::size_t>(n), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < centres.cols(); ++j) {
            const double dist = (data.col(i) - centres.col(j)).squaredNorm();
            if (dist < best) {
                best = dist;
                out[static_cast<std::size_t>(i)] = static_cast<int>(j);
            }
        }
    }
    return out;
}

} // namespace latentlab
