// inverseNormalCdf is our own: the standard library has erfc but no inverse of it.
#include "vae/latent_space.h"

#include "common/error.h"
#include "common/random.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace latentlab {

double inverseNormalCdf(double p) {
    if (!(p >= 0.0 && p <= 1.0))
        return std::numeric_limits<double>::quiet_NaN();
    if (p == 0.0)
        return -std::numeric_limits<double>::infinity();
    if (p == 1.0)
        return std::numeric_limits<double>::infinity();
    // P. J. Acklam's rational approximations (relative error below 1.2e-9): one for the
    // central region, one for the tails in q = sqrt(-2 log p) ...
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double low = 0.02425;
    auto tail = [&](double q) {
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    };
    double x;
    if (p < low) {
        x = tail(std::sqrt(-2.0 * std::log(p)));
    } else if (p > 1.0 - low) {
        x = -tail(std::sqrt(-2.0 * std::log1p(-p)));
    } else {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // ... then one step of Halley's method on e = Phi(x) - p, with Phi(x) = erfc(-x / sqrt 2) / 2,
    // which brings the error down to rounding. In the upper tail e is computed as
    // (1 - p) - (1 - Phi(x)) = (1 - p) - erfc(x / sqrt 2) / 2, which keeps its digits.
    const double e = p > 0.5 ? (1.0 - p) - 0.5 * std::erfc(x / std::numbers::sqrt2)
                             : 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    if (std::isfinite(u))
        x -= u / (1.0 + 0.5 * x * u);
    return x;
}

std::vector<double> latentGridCoordinates(int n, GridSpacing spacing, double extent) {
    if (n < 1 || n > 10000)
        throw ArgumentError("latent grid: n must be in [1, 10000], not " + std::to_string(n));
    if (spacing == GridSpacing::Linear && !(extent > 0.0 && std::isfinite(extent)))
        throw ArgumentError("latent grid: the extent must be a positive number");
    std::vector<double> v(std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i) {
        if (spacing == GridSpacing::Linear) {
            // The same expression as latentlab-cli vae-decode --grid, so the tiles agree.
            const double t = n == 1 ? 0.5 : double(i) / (n - 1);
            v[std::size_t(i)] = -extent + 2 * extent * t;
        } else {
            v[std::size_t(i)] = inverseNormalCdf((i + 0.5) / n);
        }
    }
    return v;
}

Eigen::MatrixXf latentGridPoints(const std::vector<double>& coords) {
    const int n = int(coords.size());
    Eigen::MatrixXf z(2, n * n);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            z(0, r * n + c) = float(coords[std::size_t(c)]);
            z(1, r * n + c) = float(coords[std::size_t(n - 1 - r)]);
        }
    return z;
}

std::vector<int> nearestColumns(const Eigen::Matrix2Xf& points, const Eigen::Vector2d& z, int k) {
    std::vector<std::pair<double, int>> d;
    d.reserve(std::size_t(points.cols()));
    for (Eigen::Index i = 0; i < points.cols(); ++i) {
        const double dx = double(points(0, i)) - z.x(), dy = double(points(1, i)) - z.y();
        const double r2 = dx * dx + dy * dy;
        if (std::isfinite(r2))
            d.emplace_back(r2, int(i));
    }
    const std::size_t m = std::min(d.size(), std::size_t(std::max(k, 0)));
    std::partial_sort(d.begin(), d.begin() + std::ptrdiff_t(m), d.end());
    std::vector<int> out(m);
    for (std::size_t i = 0; i < m; ++i)
        out[i] = d[i].second;
    return out;
}

ImageElbo imageElbo(const Vae& vae, const Eigen::Ref<const Eigen::VectorXf>& x, int samples,
                    std::uint64_t seed) {
    if (x.size() != vae.input())
        throw ArgumentError("image ELBO: the image has " + std::to_string(x.size()) +
                            " pixels, the model takes " + std::to_string(vae.input()));
    if (samples < 1 || samples > 100000)
        throw ArgumentError("image ELBO: samples must be in [1, 100000]");
    // The same image in every column, a different eps in each: loss() then gives one
    // reconstruction term per draw of z and the closed-form KL in each column.
    const Eigen::MatrixXf xs = x.replicate(1, samples);
    Eigen::MatrixXf eps(vae.latent(), samples);
    Random rng(seed);
    for (Eigen::Index j = 0; j < eps.size(); ++j)
        eps.data()[j] = float(rng.normal());
    VaeNet::Workspace ws(vae.net(), samples);
    const VaeNet::LossSums sums = vae.net().loss(vae.parameters().data(), xs, eps, ws);
    ImageElbo e;
    e.reconstruction = -sums.reconstruction / samples;
    e.kl = sums.kl / samples;
    e.elbo = e.reconstruction - e.kl;
    return e;
}

Eigen::Matrix2Xd priorSamples(int n, std::uint64_t seed) {
    if (n < 0)
        throw ArgumentError("prior samples: n must be >= 0");
    Random rng(seed);
    Eigen::Matrix2Xd z(2, n);
    for (int i = 0; i < n; ++i) {
        z(0, i) = rng.normal();
        z(1, i) = rng.normal();
    }
    return z;
}

Eigen::Matrix2Xd linePoints(const Eigen::Vector2d& a, const Eigen::Vector2d& b, int n) {
    if (n < 2)
        throw ArgumentError("line points: n must be >= 2");
    Eigen::Matrix2Xd z(2, n);
    for (int i = 0; i < n; ++i) {
        const double t = double(i) / (n - 1);
        z.col(i) = (1.0 - t) * a + t * b;
    }
    return z;
}

std::vector<float> bernoulliSample(const Eigen::Ref<const Eigen::VectorXf>& means,
                                   std::uint64_t seed) {
    Random rng(seed);
    std::vector<float> out(std::size_t(means.size()));
    for (Eigen::Index p = 0; p < means.size(); ++p)
        out[std::size_t(p)] = rng.uniform() < double(means[p]) ? 1.f : 0.f;
    return out;
}

} // namespace latentlab
