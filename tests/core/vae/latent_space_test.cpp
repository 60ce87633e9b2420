// The VAE view's latent-space maths: Phi^{-1} against SciPy (tests/fixtures/
// inverse_normal_cdf.txt), the grid laid out as latentlab-cli vae-decode --grid, nearest
// neighbours, the ELBO of one image against a direct computation, prior samples and lines.
#include "common/error.h"
#include "common/random.h"
#include "vae/latent_space.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

using namespace latentlab;

TEST(LatentSpace, InverseNormalCdfMatchesScipy) {
    std::ifstream in(std::string(LATENTLAB_FIXTURE_DIR) + "/inverse_normal_cdf.txt");
    ASSERT_TRUE(in) << "missing fixture";
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream s(line);
        double p = 0, expected = 0;
        s >> p >> expected;
        const double got = inverseNormalCdf(p);
        EXPECT_NEAR(got, expected, 4e-15 * std::max(1.0, std::abs(expected))) << "p = " << p;
        ++n;
    }
    EXPECT_GT(n, 60);
}

TEST(LatentSpace, InverseNormalCdfEdges) {
    EXPECT_EQ(inverseNormalCdf(0.0), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(inverseNormalCdf(1.0), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(inverseNormalCdf(-0.1)));
    EXPECT_TRUE(std::isnan(inverseNormalCdf(1.5)));
    EXPECT_TRUE(std::isnan(inverseNormalCdf(std::nan(""))));
    EXPECT_EQ(inverseNormalCdf(0.5), 0.0);
}

TEST(LatentSpace, LinearGridIsTheCliGrid) {
    // latentlab-cli vae-decode --grid 5 --extent 3: -3, -1.5, 0, 1.5, 3.
    const auto c = latentGridCoordinates(5, GridSpacing::Linear, 3.0);
    ASSERT_EQ(c.size(), 5u);
    EXPECT_DOUBLE_EQ(c[0], -3.0);
    EXPECT_DOUBLE_EQ(c[1], -1.5);
    EXPECT_DOUBLE_EQ(c[2], 0.0);
    EXPECT_DOUBLE_EQ(c[4], 3.0);
    EXPECT_EQ(latentGridCoordinates(1, GridSpacing::Linear, 2.0), std::vector<double>{0.0});
    // Row 0 is the top (largest z_2), column 0 the left (smallest z_1).
    const Eigen::MatrixXf z = latentGridPoints(c);
    ASSERT_EQ(z.cols(), 25);
    EXPECT_EQ(z(0, 0), -3.f);
    EXPECT_EQ(z(1, 0), 3.f);
    EXPECT_EQ(z(0, 4), 3.f);
    EXPECT_EQ(z(1, 24), -3.f);
    EXPECT_EQ(z(0, 1 * 5 + 2), 0.f);
    EXPECT_EQ(z(1, 1 * 5 + 2), 1.5f);
}

TEST(LatentSpace, InverseNormalGridHasEqualPriorMassBetweenLines) {
    const auto c = latentGridCoordinates(10, GridSpacing::InverseNormal, 99.0);
    ASSERT_EQ(c.size(), 10u);
    for (int i = 0; i < 10; ++i) {
        // Phi(c_i) = (i + 1/2) / n
        const double phi = 0.5 * std::erfc(-c[std::size_t(i)] / std::sqrt(2.0));
        EXPECT_NEAR(phi, (i + 0.5) / 10, 1e-15);
    }
    EXPECT_NEAR(c[0], -c[9], 1e-15);
    EXPECT_THROW(latentGridCoordinates(0, GridSpacing::Linear, 1.0), ArgumentError);
    EXPECT_THROW(latentGridCoordinates(4, GridSpacing::Linear, 0.0), ArgumentError);
}

TEST(LatentSpace, NearestColumns) {
    Eigen::Matrix2Xf p(2, 5);
    p << 0, 1, 2, 3, std::nanf(""), 0, 0, 0, 0, 0;
    EXPECT_EQ(nearestColumns(p, {2.2, 0.1}, 3), (std::vector<int>{2, 3, 1}));
    EXPECT_EQ(nearestColumns(p, {-5, 0}, 10), (std::vector<int>{0, 1, 2, 3})); // NaN skipped
    EXPECT_EQ(nearestColumns(p, {0.5, 0}, 1), (std::vector<int>{0}));          // tie: lower
    EXPECT_TRUE(nearestColumns(p, {0, 0}, 0).empty());
}

TEST(LatentSpace, ImageElboMatchesADirectComputation) {
    VaeArchitecture a;
    a.input = 9;
    a.hidden = {6};
    a.latent = 2;
    Random init(3);
    const Vae vae = Vae::initialised(a, init);
    Eigen::VectorXf x(9);
    x << 0, 0.2f, 1, 0.5f, 0.9f, 0, 0.1f, 1, 0.3f;
    const int samples = 64;
    const ImageElbo e = imageElbo(vae, x, samples, 11);

    // KL in closed form from the encoder; the reconstruction term from the decoder at the same
    // draws z = mu + sigma eps (eps column by column from the same seed).
    Eigen::MatrixXf mu, logVar;
    vae.encode(x, mu, logVar);
    double kl = 0;
    for (int j = 0; j < 2; ++j)
        kl += 0.5 * (double(mu(j)) * mu(j) + std::exp(double(logVar(j))) - 1 - logVar(j));
    Random rng(11);
    Eigen::MatrixXf z(2, samples);
    for (int s = 0; s < samples; ++s)
        for (int j = 0; j < 2; ++j)
            z(j, s) = mu(j) + std::exp(0.5f * logVar(j)) * float(rng.normal());
    const Eigen::MatrixXf p = vae.decode(z);
    double rec = 0;
    for (int s = 0; s < samples; ++s)
        for (int i = 0; i < 9; ++i)
            rec += x(i) * std::log(double(p(i, s))) + (1 - x(i)) * std::log(1 - double(p(i, s)));
    rec /= samples;
    EXPECT_NEAR(e.kl, kl, 1e-5);
    EXPECT_NEAR(e.reconstruction, rec, 1e-4);
    EXPECT_NEAR(e.elbo, rec - kl, 1e-4);
    EXPECT_LT(e.reconstruction, 0);
    EXPECT_GT(e.kl, 0);
    EXPECT_THROW(imageElbo(vae, Eigen::VectorXf::Zero(4), 8, 1), ArgumentError);
}

TEST(LatentSpace, PriorSamplesAndLines) {
    const Eigen::Matrix2Xd a = priorSamples(2000, 5), b = priorSamples(2000, 5);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, priorSamples(2000, 6));
    EXPECT_NEAR(a.row(0).mean(), 0.0, 0.1);
    EXPECT_NEAR((a.row(1).array() - a.row(1).mean()).square().mean(), 1.0, 0.1);
    const Eigen::Matrix2Xd l = linePoints({0, 0}, {1, -2}, 5);
    EXPECT_EQ(l.col(0), Eigen::Vector2d(0, 0));
    EXPECT_EQ(l.col(4), Eigen::Vector2d(1, -2));
    EXPECT_EQ(l.col(2), Eigen::Vector2d(0.5, -1));
    EXPECT_THROW(linePoints({0, 0}, {1, 1}, 1), ArgumentError);
}

TEST(LatentSpace, BernoulliSampleFollowsTheMeans) {
    Eigen::VectorXf p(4000);
    for (int i = 0; i < 4000; ++i)
        p(i) = i < 1000 ? 0.f : i < 2000 ? 1.f : 0.3f;
    const std::vector<float> s = bernoulliSample(p, 9);
    EXPECT_EQ(s, bernoulliSample(p, 9));
    double ones = 0;
    for (int i = 0; i < 4000; ++i) {
        if (i < 1000)
            EXPECT_EQ(s[std::size_t(i)], 0.f);
        else if (i < 2000)
            EXPECT_EQ(s[std::size_t(i)], 1.f);
        else
            ones += s[std::size_t(i)];
    }
    EXPECT_NEAR(ones / 2000, 0.3, 0.04);
}
