#pragma once
// The data and start shared by the EM and view benchmarks: three 2D Gaussian blobs with
// K = 3 full covariances. The points come from a formula (a Weyl sequence through
// Box-Muller) rather than a library distribution, so they are the same everywhere and
// tests/reference/bench_sklearn_em.py can reproduce them in numpy:
//   u_i = frac((i + 1/2) * 0.6180339887498949), v_i = frac((i + 1/2) * 0.41421356237309503),
//   z_i = sqrt(-2 ln u_i) (cos 2 pi v_i, sin 2 pi v_i), o_i = m_c + A_c z_i with c = i mod 3.

#include "mixture/em_engine.h"

#include <cmath>
#include <numbers>

namespace latentlab::bench {

inline Eigen::MatrixXd benchData(Eigen::Index n) {
    const double means[3][2] = {{0.0, 0.0}, {5.0, 1.0}, {1.0, 5.0}};
    const double a[3][4] = {{1.0, 0.0, 0.5, 0.8}, {0.6, 0.0, 0.0, 1.5}, {1.2, 0.0, -0.6, 0.7}};
    Eigen::MatrixXd x(2, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double s = static_cast<double>(i) + 0.5;
        const double u = s * 0.6180339887498949 - std::floor(s * 0.6180339887498949);
        const double v = s * 0.41421356237309503 - std::floor(s * 0.41421356237309503);
        const double r = std::sqrt(-2.0 * std::log(u));
        const double z1 = r * std::cos(2.0 * std::numbers::pi * v);
        const double z2 = r * std::sin(2.0 * std::numbers::pi * v);
        const auto c = static_cast<int>(i % 3);
        x(0, i) = means[c][0] + a[c][0] * z1 + a[c][1] * z2;
        x(1, i) = means[c][1] + a[c][2] * z1 + a[c][3] * z2;
    }
    return x;
}

inline EmOptions benchOptions(int threads = 0) {
    MixtureParams p;
    p.weights = Eigen::Vector3d::Constant(1.0 / 3.0);
    p.means.resize(2, 3);
    p.means << 0.5, 4.0, 2.0, 0.5, 2.0, 4.0;
    p.covariances.assign(3, Eigen::Matrix2d::Identity());
    EmOptions o;
    o.k = 3;
    o.covariance = CovarianceType::Full;
    o.init = InitMethod::Manual;
    o.initialParams = p;
    o.threads = threads;
    return o;
}

} // namespace latentlab::bench
