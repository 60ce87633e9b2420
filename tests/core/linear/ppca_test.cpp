// Probabilistic PCA: the closed form and its log-likelihood against scikit-learn's
// PCA.score / score_samples (fixtures of tests/reference/make_pca_fixtures.py) to 1e-9
// relative, the posterior against a numpy computation, and the model's properties.

#include "linear/ppca.h"

#include "common/error.h"
#include "common/random.h"
#include "pca_fixture.h"

#include <Eigen/Cholesky>
#include <gtest/gtest.h>

#include <functional>
#include <numbers>

using namespace latentlab;
using namespace latentlab::test;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr double kExactPpca = 1e-9;

void expectScoresMatch(const char* name) {
    const PcaFixture f = loadPcaFixture(name);
    ASSERT_GT(f.n, 0) << "missing fixture " << name;
    const Ppca ppca = Ppca::fit(f.data, f.q);
    EXPECT_LT(relativeError(VectorXd::Constant(1, ppca.sigma2()), f.vec("noise_variance")),
              kExactPpca)
        << name;
    EXPECT_LT(relativeError(ppca.logLikelihoods(f.data), f.vec("score_samples"), 1.0), kExactPpca)
        << name;
    EXPECT_LT(relativeError(VectorXd::Constant(1, ppca.meanLogLikelihood(f.data)), f.vec("score")),
              kExactPpca)
        << name;
    // numpy's posterior uses scikit-learn's (u-based) component signs.
    const MatrixXd expected =
        f.rowMajor("posterior_mean5", 5, f.q) * f.vec("score_signs").asDiagonal();
    EXPECT_LT(relativeError(ppca.posteriorMean(f.data.leftCols(5)).transpose(), expected, 1.0),
              kExactPpca)
        << name;
}

MatrixXd cloud(int d, int n, std::uint64_t seed) {
    Random rng(seed);
    MatrixXd a(d, d), x(d, n);
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
            a(i, j) = rng.normal() / (1.0 + j);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < d; ++r)
            x(r, i) = rng.normal();
    return (a * x).colwise() + VectorXd::LinSpaced(d, -1.0, 2.0);
}

} // namespace

TEST(PpcaFixture, ScoresEqualScikitLearnFaithful) {
    expectScoresMatch("faithful");
}

TEST(PpcaFixture, ScoresEqualScikitLearnPlane3d) {
    expectScoresMatch("plane3d");
}

TEST(PpcaFixture, ScoresEqualScikitLearnMnist784) {
    expectScoresMatch("mnist2000");
}

TEST(Ppca, ClosedFormIsTheModelOfThePca) {
    const MatrixXd x = cloud(5, 400, 1);
    const Pca pca(x);
    const Ppca ppca = Ppca::fromPca(pca, 2);
    // sigma^2 is the mean of the discarded eigenvalues ...
    EXPECT_NEAR(ppca.sigma2(), pca.eigenvalues().tail(3).mean(), 1e-14 * pca.totalVariance());
    // ... and C = W W^T + sigma^2 I has the data's eigenvalues in the principal subspace and
    // sigma^2 elsewhere.
    const MatrixXd c = ppca.covariance();
    const MatrixXd u = pca.components();
    const VectorXd along = (u.transpose() * c * u).diagonal();
    for (int j = 0; j < 5; ++j)
        EXPECT_NEAR(along(j), j < 2 ? pca.eigenvalues()(j) : ppca.sigma2(), 1e-12);
}

TEST(Ppca, LogLikelihoodEqualsTheDenseGaussian) {
    const MatrixXd x = cloud(4, 50, 2);
    const Ppca ppca = Ppca::fit(x, 1);
    const MatrixXd c = ppca.covariance();
    const Eigen::LLT<MatrixXd> llt(c);
    const double logDet = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
    EXPECT_NEAR(ppca.logDetCovariance(), logDet, 1e-12);
    const VectorXd ll = ppca.logLikelihoods(x);
    for (int i = 0; i < 50; ++i) {
        const VectorXd r = x.col(i) - ppca.mean();
        const double quad = r.dot(llt.solve(r));
        const double expected = -0.5 * (4 * std::log(2 * std::numbers::pi) + logDet + quad);
        EXPECT_NEAR(ll(i), expected, 1e-12 * std::abs(expected));
    }
    EXPECT_NEAR(ppca.logLikelihood(x), ll.sum(), 1e-12 * std::abs(ll.sum()));
}

TEST(Ppca, PosteriorReconstructionIsShrunkTowardsTheMean) {
    const MatrixXd x = cloud(3, 200, 3);
    const Pca pca(x);
    const Ppca ppca = Ppca::fromPca(pca, 1);
    const MatrixXd posterior = ppca.posteriorReconstruction(x);
    const MatrixXd projection = pca.projectOntoManifold(x, 1);
    // Along u_1 the posterior keeps the fraction 1 - sigma^2 / l_1 of the projection.
    const double keep = 1.0 - ppca.sigma2() / pca.eigenvalues()(0);
    ASSERT_GT(keep, 0.0);
    ASSERT_LT(keep, 1.0);
    const MatrixXd expected = (keep * (projection.colwise() - pca.mean())).colwise() + pca.mean();
    EXPECT_LT((posterior - expected).cwiseAbs().maxCoeff(), 1e-12);
    // So each lies on the segment from mu to the projection.
    for (int i = 0; i < 200; ++i) {
        const VectorXd toProjection = projection.col(i) - pca.mean();
        const VectorXd toPosterior = posterior.col(i) - pca.mean();
        EXPECT_LE(toPosterior.norm(), toProjection.norm() + 1e-12);
        EXPECT_NEAR(toPosterior.dot(toProjection), toPosterior.norm() * toProjection.norm(), 1e-9);
    }
    // The posterior covariance is sigma^2 M^-1.
    EXPECT_NEAR(ppca.posteriorCovariance()(0, 0), ppca.sigma2() / ppca.m()(0, 0), 1e-15);
}

TEST(Ppca, SamplesFollowTheModel) {
    VectorXd mu(3);
    mu << 1, 2, 3;
    MatrixXd w(3, 1);
    w << 2, 1, 0;
    const Ppca ppca(mu, w, 0.25);
    Random a(42), b(42);
    const Ppca::Sample s = ppca.sample(200000, a);
    const Ppca::Sample t = ppca.sample(200000, b);
    EXPECT_EQ(s.x, t.x); // the same seed gives the same points
    EXPECT_LT((s.onManifold - ((w * s.z).colwise() + mu)).cwiseAbs().maxCoeff(), 1e-14);
    const MatrixXd centred = s.x.colwise() - s.x.rowwise().mean();
    const MatrixXd cov = centred * centred.transpose() / 199999.0;
    // Sampling error of a covariance entry: about sqrt(2 / N) C_jj ~ 0.015 here.
    EXPECT_LT((cov - ppca.covariance()).cwiseAbs().maxCoeff(), 0.05);
    const VectorXd noise = (s.x - s.onManifold).rowwise().squaredNorm() / 200000.0;
    for (int r = 0; r < 3; ++r)
        EXPECT_NEAR(noise(r), 0.25, 0.01);
}

TEST(Ppca, RefusesDegenerateModels) {
    MatrixXd line(2, 6);
    line << 0, 1, 2, 3, 4, 5, 1, 3, 5, 7, 9, 11;
    EXPECT_NE(argumentErrorOf([&] { Ppca::fit(line, 1); }).find("collinear"), std::string::npos);
    MatrixXd plane = cloud(3, 30, 4);
    plane.row(2) = plane.row(0) - plane.row(1); // exactly on a plane
    EXPECT_NE(argumentErrorOf([&] { Ppca::fit(plane, 2); }).find("noise variance sigma^2 is zero"),
              std::string::npos);
    const MatrixXd x = cloud(3, 30, 5);
    EXPECT_NE(argumentErrorOf([&] { Ppca::fit(x, 0); }).find("between 1 and d - 1 = 2, got 0"),
              std::string::npos);
    EXPECT_NE(argumentErrorOf([&] { Ppca::fit(x, 3); }).find("got 3"), std::string::npos);
    EXPECT_NE(argumentErrorOf([&] {
                  Ppca(VectorXd::Zero(3), MatrixXd::Ones(3, 1), 0.0);
              }).find("must be positive"),
              std::string::npos);
    EXPECT_NE(argumentErrorOf([&] {
                  Ppca(VectorXd::Zero(3), MatrixXd::Ones(3, 1), NAN);
              }).find("must be positive"),
              std::string::npos);
    EXPECT_NE(
        argumentErrorOf([&] { Ppca(VectorXd::Zero(3), MatrixXd::Ones(2, 1), 1.0); }).find("rows"),
        std::string::npos);
    const Ppca ok = Ppca::fit(x, 1);
    EXPECT_NE(argumentErrorOf([&] { ok.logLikelihoods(MatrixXd::Zero(2, 3)); }).find("dimension 3"),
              std::string::npos);
    Random rng(1);
    EXPECT_NE(argumentErrorOf([&] { ok.sample(Eigen::Index(1) << 40, rng); }).find("cannot draw"),
              std::string::npos);
}
