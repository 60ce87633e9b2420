#pragma once
// The mathematics of exploring a VAE's 2-D latent space (the VAE view of the app):
//   - the coordinates of the manifold grid, linear over [-extent, extent] or through the
//     inverse normal CDF Phi^{-1} (Kingma and Welling 2014, fig. 4: equal steps in
//     probability under the prior p(z) = N(0, I));
//   - the test images nearest to a latent point z (by their posterior means);
//   - the ELBO of one image split into its reconstruction term and its KL term;
//   - samples from the prior and points on a line between two latent points.
// Columns are observations, as everywhere in core/.

#include "vae/vae.h"

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace latentlab {

/// Phi^{-1}(p), the standard normal quantile, for p in (0, 1); -inf at 0, +inf at 1, NaN
/// outside [0, 1]. Accurate to a few units in the last place of a double.
double inverseNormalCdf(double p);

enum class GridSpacing {
    Linear,        ///< z_i = -extent + 2 extent i / (n - 1), as latentlab-cli vae-decode --grid
    InverseNormal, ///< z_i = Phi^{-1}((i + 1/2) / n): equal prior mass between the lines
};

/// The n grid coordinates along one latent axis, ascending (n >= 1; extent > 0 is used by
/// Linear only). One point (n = 1) sits at 0.
std::vector<double> latentGridCoordinates(int n, GridSpacing spacing, double extent);

/// The latent points of an n x n grid, as latentlab-cli vae-decode --grid lays them out:
/// tile (row r, column c) is column r n + c, with z_1 = coords[c] left to right and
/// z_2 = coords[n - 1 - r] from top to bottom, so the mosaic reads like a plot of the plane.
Eigen::MatrixXf latentGridPoints(const std::vector<double>& coords);

/// Indices of the (at most) k columns of `points` (2 x N) nearest to z in Euclidean
/// distance, nearest first; ties go to the lower index. Non-finite columns are skipped.
std::vector<int> nearestColumns(const Eigen::Matrix2Xf& points, const Eigen::Vector2d& z, int k);

/// The ELBO of one image x (values in [0, 1]) and its two parts, in nats:
///   ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)),
/// with the expectation estimated from `samples` draws z = mu + sigma eps (eps from `seed`)
/// and the KL in closed form.
struct ImageElbo {
    double elbo = 0;
    double reconstruction = 0; ///< E_q[log p(x|z)], negative
    double kl = 0;             ///< KL(q(z|x) || p(z)) >= 0
};
ImageElbo imageElbo(const Vae& vae, const Eigen::Ref<const Eigen::VectorXf>& x, int samples,
                    std::uint64_t seed);

/// n draws z ~ N(0, I) in 2-D (2 x n), the same for the same seed on every machine.
Eigen::Matrix2Xd priorSamples(int n, std::uint64_t seed);

/// n >= 2 points evenly spaced on the segment from a to b, both ends included.
Eigen::Matrix2Xd linePoints(const Eigen::Vector2d& a, const Eigen::Vector2d& b, int n);

/// A Bernoulli sample of each pixel: 1 where u_p < p_p for uniforms u_p drawn from `seed`
/// (the same seed gives the same uniforms, so a sample changes smoothly with the means).
std::vector<float> bernoulliSample(const Eigen::Ref<const Eigen::VectorXf>& means,
                                   std::uint64_t seed);

} // namespace latentlab
