// PCA against scikit-learn (fixtures from tests/reference/make_pca_fixtures.py, exact LAPACK
// SVD) to 1e-9 relative, both solvers and both sign conventions; and its properties and
// refusals.

#include "linear/pca.h"

#include "common/error.h"
#include "common/random.h"
#include "pca_fixture.h"

#include <gtest/gtest.h>

using namespace latentlab;
using namespace latentlab::test;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr double kExact = 1e-9;

/// Compares a fitted PCA (K >= q components) with the fixture.
void expectMatchesFixture(const Pca& pca, const PcaFixture& f) {
    const int q = f.q;
    ASSERT_GE(pca.componentCount(), q);
    EXPECT_LT(relativeError(pca.mean(), f.vec("mean"), 1.0), kExact);
    EXPECT_LT(relativeError(pca.eigenvalues().head(q), f.vec("explained_variance")), kExact);
    EXPECT_LT(
        relativeError(pca.explainedVarianceRatio().head(q), f.vec("explained_variance_ratio")),
        kExact);
    // Components are unit vectors: compare entries absolutely.
    const MatrixXd expected = f.rowMajor("components_v", q, f.d).transpose();
    EXPECT_LT(relativeError(pca.components().leftCols(q), expected, 1.0), kExact);
    EXPECT_LT(relativeError(VectorXd::Constant(1, pca.noiseVariance(q)), f.vec("noise_variance")),
              kExact);
    // scikit-learn's transform() uses its own (u-based) signs.
    const MatrixXd z = pca.project(f.data.leftCols(5), q).transpose();
    EXPECT_LT(
        relativeError(z, f.rowMajor("transform5", 5, q) * f.vec("score_signs").asDiagonal(), 1.0),
        kExact);
    // The reconstruction error for the listed q, computed in numpy from the data directly.
    const VectorXd qs = f.vec("recon_q"), errors = f.vec("recon_error");
    ASSERT_GT(qs.size(), 0);
    for (Eigen::Index i = 0; i < qs.size(); ++i) {
        const int k = int(qs(i));
        if (k > pca.componentCount())
            continue;
        EXPECT_NEAR(pca.reconstructionError(k), errors(i),
                    kExact * std::max(errors(i), pca.totalVariance()))
            << "q = " << k;
    }
}

PcaOptions with(PcaSolver solver, int components = 0,
                SignConvention signs = SignConvention::LargestLoading) {
    PcaOptions o;
    o.solver = solver;
    o.components = components;
    o.signs = signs;
    return o;
}

MatrixXd randomData(int d, int n, std::uint64_t seed, const VectorXd& scales) {
    Random rng(seed);
    MatrixXd a(d, d);
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
            a(i, j) = rng.normal();
    MatrixXd x(d, n);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < d; ++r)
            x(r, i) = rng.normal() * scales(r);
    return a * x;
}

} // namespace

TEST(PcaFixture, FaithfulFullSolver) {
    const PcaFixture f = loadPcaFixture("faithful");
    ASSERT_EQ(f.n, 272) << "missing fixture";
    const Pca pca(f.data, with(PcaSolver::Full));
    EXPECT_EQ(pca.solver(), PcaSolver::Full);
    expectMatchesFixture(pca, f);
    EXPECT_LT(relativeError(pca.eigenvalues(), f.vec("explained_variance_all")), kExact);
}

TEST(PcaFixture, Plane3dFullSolver) {
    const PcaFixture f = loadPcaFixture("plane3d");
    ASSERT_EQ(f.n, 300) << "missing fixture";
    const Pca pca(f.data);
    EXPECT_EQ(pca.solver(), PcaSolver::Full);
    expectMatchesFixture(pca, f);
    EXPECT_LT(relativeError(pca.eigenvalues(), f.vec("explained_variance_all")), kExact);
}

TEST(PcaFixture, LargestScoreSignsAreScikitLearn12s) {
    for (const char* name : {"faithful", "plane3d"}) {
        const PcaFixture f = loadPcaFixture(name);
        ASSERT_GT(f.n, 0) << "missing fixture " << name;
        const Pca pca(f.data, with(PcaSolver::Full, 0, SignConvention::LargestScore));
        const MatrixXd expected =
            f.rowMajor("components_v", f.q, f.d).transpose() * f.vec("score_signs").asDiagonal();
        EXPECT_LT(relativeError(pca.components().leftCols(f.q), expected, 1.0), kExact) << name;
    }
}

TEST(PcaFixture, Mnist784LeadingSolver) {
    const PcaFixture f = loadPcaFixture("mnist2000");
    ASSERT_EQ(f.d, 784) << "missing fixture";
    const Pca pca(f.data, with(PcaSolver::Auto, f.q));
    EXPECT_EQ(pca.solver(), PcaSolver::Leading); // what Auto picks for d = 784, q = 50
    expectMatchesFixture(pca, f);
}

TEST(PcaFixture, Mnist784FullSolverAllEigenvalues) {
    const PcaFixture f = loadPcaFixture("mnist2000");
    ASSERT_EQ(f.d, 784) << "missing fixture";
    const Pca pca(f.data, with(PcaSolver::Full));
    expectMatchesFixture(pca, f);
    // Hundreds of eigenvalues are zero up to rounding (constant border pixels): absolute
    // comparison at 1e-9 of the largest.
    EXPECT_LT(relativeError(pca.eigenvalues(), f.vec("explained_variance_all"),
                            f.vec("explained_variance_all")(0)),
              kExact);
    EXPECT_LT(pca.rank(), 784);
    EXPECT_GT(pca.rank(), f.q);
}

TEST(PcaFixture, Mnist784LargestScoreSigns) {
    const PcaFixture f = loadPcaFixture("mnist2000");
    ASSERT_EQ(f.d, 784) << "missing fixture";
    const Pca pca(f.data, with(PcaSolver::Leading, f.q, SignConvention::LargestScore));
    const MatrixXd expected =
        f.rowMajor("components_v", f.q, f.d).transpose() * f.vec("score_signs").asDiagonal();
    EXPECT_LT(relativeError(pca.components(), expected, 1.0), kExact);
}

TEST(Pca, LeadingSolverAgreesWithFullSolver) {
    VectorXd scales(100);
    for (int r = 0; r < 100; ++r)
        scales(r) = std::pow(0.93, r);
    const MatrixXd x = randomData(100, 500, 3, scales) + MatrixXd::Constant(100, 500, 1e3);
    const Pca full(x, with(PcaSolver::Full, 10));
    const Pca leading(x, with(PcaSolver::Leading, 10));
    EXPECT_EQ(leading.solver(), PcaSolver::Leading);
    EXPECT_LT(relativeError(leading.eigenvalues(), full.eigenvalues()), 1e-11);
    EXPECT_LT(relativeError(leading.components(), full.components(), 1.0), 1e-10);
    for (int q = 0; q <= 10; ++q)
        EXPECT_NEAR(leading.residualVariance(q), full.residualVariance(q),
                    1e-10 * full.totalVariance());
}

TEST(Pca, SameBitsForAnyThreadCount) {
    VectorXd scales = VectorXd::LinSpaced(50, 3.0, 0.1);
    const MatrixXd x = randomData(50, 20000, 5, scales);
    PcaOptions one = with(PcaSolver::Full), two = one, four = one;
    one.threads = 1;
    two.threads = 2;
    four.threads = 4;
    const Pca a(x, one), b(x, two), c(x, four);
    EXPECT_EQ(a.eigenvalues(), b.eigenvalues());
    EXPECT_EQ(a.components(), b.components());
    EXPECT_EQ(a.eigenvalues(), c.eigenvalues());
    EXPECT_EQ(a.components(), c.components());
}

TEST(Pca, ResidualsAreOrthogonalToTheManifold) {
    const MatrixXd x = randomData(3, 400, 11, Eigen::Vector3d(2.0, 1.0, 0.1));
    const Pca pca(x);
    for (int q = 1; q <= 3; ++q) {
        const MatrixXd xhat = pca.projectOntoManifold(x, q);
        const MatrixXd residual = x - xhat;
        // Each residual is orthogonal to every leading component ...
        EXPECT_LT((pca.leading(q).transpose() * residual).cwiseAbs().maxCoeff(), 1e-12);
        // ... and their mean squared length is the reconstruction error.
        const double mse = residual.colwise().squaredNorm().mean();
        EXPECT_NEAR(mse, pca.reconstructionError(q), 1e-12 * pca.totalVariance());
    }
    EXPECT_NEAR(pca.reconstructionError(0),
                (x.colwise() - pca.mean()).colwise().squaredNorm().mean(),
                1e-12 * pca.totalVariance());
    // Components are orthonormal.
    EXPECT_LT((pca.components().transpose() * pca.components() - MatrixXd::Identity(3, 3))
                  .cwiseAbs()
                  .maxCoeff(),
              1e-14);
}

TEST(Pca, EigenvaluesDescendAndExplainTheTotal) {
    const MatrixXd x = randomData(6, 300, 2, VectorXd::LinSpaced(6, 1.0, 6.0));
    const Pca pca(x);
    for (int j = 1; j < 6; ++j)
        EXPECT_GE(pca.eigenvalues()(j - 1), pca.eigenvalues()(j));
    EXPECT_NEAR(pca.explainedVarianceRatio().sum(), 1.0, 1e-14);
    EXPECT_NEAR(pca.residualVariance(0), pca.totalVariance(), 1e-12 * pca.totalVariance());
    EXPECT_EQ(pca.residualVariance(6), 0.0);
    const VectorXd errors = pca.reconstructionErrors();
    ASSERT_EQ(errors.size(), 7);
    for (int q = 1; q <= 6; ++q)
        EXPECT_LE(errors(q), errors(q - 1));
    EXPECT_DOUBLE_EQ(pca.noiseVariance(5), pca.eigenvalues()(5));
}

TEST(Pca, MaximumLikelihoodDivisorScalesByNMinusOneOverN) {
    const MatrixXd x = randomData(4, 50, 9, VectorXd::LinSpaced(4, 1.0, 2.0));
    PcaOptions ml;
    ml.divisor = CovarianceDivisor::N;
    const Pca a(x), b(x, ml);
    EXPECT_LT(relativeError(b.eigenvalues(), a.eigenvalues() * 49.0 / 50.0), 1e-14);
    // The mean squared reconstruction error is a property of the data, whatever the divisor.
    EXPECT_NEAR(a.reconstructionError(2), b.reconstructionError(2), 1e-14 * a.totalVariance());
}

TEST(Pca, CollinearDataHaveRankOne) {
    MatrixXd x(2, 5);
    x << 0, 1, 2, 3, 4, 1, 3, 5, 7, 9; // y = 2x + 1
    const Pca pca(x);
    EXPECT_EQ(pca.rank(), 1);
    EXPECT_NEAR(pca.noiseVariance(1), 0.0, 1e-15);
    EXPECT_NEAR(std::abs(pca.components()(1, 0)), 2.0 / std::sqrt(5.0), 1e-15);
    EXPECT_GT(pca.components()(1, 0), 0.0); // largest loading positive
}

TEST(Pca, RefusesBadInputWithOneSentence) {
    const auto message = argumentErrorOf;
    MatrixXd one(2, 1);
    one << 1, 2;
    EXPECT_NE(message([&] { Pca p(one); }).find("at least 2 points, got 1"), std::string::npos);
    MatrixXd constant = MatrixXd::Constant(3, 10, 0.1);
    EXPECT_NE(message([&] { Pca p(constant); }).find("zero variance"), std::string::npos);
    MatrixXd nan = MatrixXd::Random(2, 10);
    nan(1, 4) = std::nan("");
    EXPECT_EQ(message([&] { Pca p(nan); }),
              "PCA: point 5 has a non-finite value (NaN) in coordinate 2");
    MatrixXd inf = MatrixXd::Random(2, 10);
    inf(0, 0) = -INFINITY;
    EXPECT_NE(message([&] { Pca p(inf); }).find("infinity"), std::string::npos);
    MatrixXd huge = MatrixXd::Random(2, 10);
    huge(0, 3) = 1e200;
    EXPECT_NE(message([&] { Pca p(huge); }).find("beyond 1e100"), std::string::npos);
    const MatrixXd ok = MatrixXd::Random(3, 10);
    EXPECT_NE(message([&] { Pca p(ok, with(PcaSolver::Auto, 4)); }).find("between 1 and d = 3"),
              std::string::npos);
    EXPECT_NE(message([&] { Pca p(ok, with(PcaSolver::Auto, -1)); }).find("between 1 and d = 3"),
              std::string::npos);
    const Pca pca(ok);
    EXPECT_NE(message([&] { pca.noiseVariance(3); }).find("q < d = 3"), std::string::npos);
    EXPECT_NE(message([&] { pca.noiseVariance(0); }).find("between 1 and 3"), std::string::npos);
    EXPECT_NE(message([&] { pca.project(MatrixXd::Zero(2, 1), 1); }).find("dimension 2"),
              std::string::npos);
    EXPECT_TRUE(Pca().empty());
    EXPECT_NE(message([] { Pca().leading(1); }).find("empty model"), std::string::npos);
}
