// EM for probabilistic PCA: the log-likelihood never decreases over half-steps, the lower
// bound touches it after each E-step, EM converges to the closed form (subspace, W W^T,
// sigma^2, log-likelihood), and the history replays the same numbers.

#include "linear/ppca_em.h"

#include "common/error.h"
#include "common/random.h"
#include "linear/subspace.h"
#include "pca_fixture.h"

#include <gtest/gtest.h>

#include <functional>

using namespace latentlab;
using namespace latentlab::test;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

MatrixXd cloud(int d, int n, std::uint64_t seed, double decay) {
    Random rng(seed);
    MatrixXd a(d, d), x(d, n);
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
            a(i, j) = rng.normal() * std::pow(decay, j);
    for (int i = 0; i < n; ++i)
        for (int r = 0; r < d; ++r)
            x(r, i) = rng.normal();
    return a * x;
}

PpcaEmOptions opts(int q, std::uint64_t seed = 0, double tol = 0.0, int maxIter = 100) {
    PpcaEmOptions o;
    o.q = q;
    o.seed = seed;
    o.tol = tol;
    o.maxIter = maxIter;
    return o;
}

void expectConvergedToClosedForm(PpcaEm& em) {
    em.run();
    const Ppca& fit = em.model();
    const Ppca& closed = em.closedForm();
    EXPECT_LT(em.anglesToPrincipalSubspace().maxCoeff(), 1e-6);
    EXPECT_LT(
        relativeError(VectorXd::Constant(1, fit.sigma2()), VectorXd::Constant(1, closed.sigma2())),
        1e-9);
    // W is determined up to a rotation: compare W W^T.
    const MatrixXd wwt = fit.w() * fit.w().transpose();
    const MatrixXd closedWwt = closed.w() * closed.w().transpose();
    EXPECT_LT((wwt - closedWwt).cwiseAbs().maxCoeff(), 1e-9 * closedWwt.cwiseAbs().maxCoeff());
    const double closedLl = closed.logLikelihood(em.data());
    EXPECT_NEAR(em.logLikelihood(), closedLl, 1e-12 * std::abs(closedLl));
    // The closed form is the maximum: EM ends at or (by rounding) just below it.
    EXPECT_LE(em.logLikelihood(), closedLl + 1e-12 * std::abs(closedLl));
}

} // namespace

TEST(PpcaEm, ConvergesToTheClosedFormPlane3d) {
    const PcaFixture f = loadPcaFixture("plane3d");
    ASSERT_EQ(f.n, 300) << "missing fixture";
    // The subspace settles within 10 iterations; W's length and sigma^2 approach theirs at
    // the rate 1 - sigma^2 / l_q per iteration (about 0.991 here), hence the thousands.
    PpcaEm em(f.data, opts(2, 1, 0.0, 6000));
    expectConvergedToClosedForm(em);
}

TEST(PpcaEm, ConvergesToTheClosedFormFaithful) {
    const PcaFixture f = loadPcaFixture("faithful");
    ASSERT_EQ(f.n, 272) << "missing fixture";
    PpcaEm em(f.data, opts(1, 2, 0.0, 20000)); // sigma^2 / l_1 = 0.0013: slow, see above
    expectConvergedToClosedForm(em);
    // The closed form EM reaches is the maximum-likelihood one (divisor N): its sigma^2 is
    // (N-1)/N of scikit-learn's noise_variance_.
    EXPECT_NEAR(em.closedForm().sigma2(), f.vec("noise_variance")(0) * 271.0 / 272.0, 1e-12);
}

TEST(PpcaEm, ConvergesToTheClosedFormIn8Dimensions) {
    PpcaEm em(cloud(8, 500, 3, 0.6), opts(3, 4, 0.0, 2000));
    expectConvergedToClosedForm(em);
}

TEST(PpcaEm, StopsWhenTheLikelihoodSettles) {
    PpcaEm em(cloud(5, 300, 5, 0.5), opts(2, 0, 1e-10, 100000));
    const int taken = em.run();
    EXPECT_TRUE(em.converged());
    EXPECT_EQ(taken, em.iteration());
    EXPECT_LT(taken, 100000);
    EXPECT_LT(em.anglesToPrincipalSubspace().maxCoeff(), 0.1);
}

TEST(PpcaEm, LikelihoodNeverDecreasesAndTheBoundTouchesIt) {
    int checked = 0;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
        const int d = 2 + int(seed % 6);
        const int q = 1 + int(seed % std::uint64_t(d - 1));
        PpcaEm em(cloud(d, 40 + int(seed) * 7, seed, 0.5 + 0.01 * double(seed)), opts(q, seed));
        // Rounding: the formulas subtract terms of size tr S to get sigma^2-sized ones, so
        // allow eps times N, the condition tr C / sigma^2 and a margin.
        const Ppca& closed = em.closedForm();
        const double condition = (closed.w().squaredNorm() + d * closed.sigma2()) / closed.sigma2();
        const double tol = 1e-14 * double(em.n()) * condition;
        for (int s = 0; s < 60; ++s) {
            const double before = em.logLikelihood();
            em.step();
            const double after = em.logLikelihood();
            const double bound = em.lowerBound().value();
            EXPECT_GE(after, before - tol) << "seed " << seed << " state " << em.currentState();
            if (em.kindOf(em.currentState()) == StepKind::E) {
                EXPECT_NEAR(bound, after, tol) << "the bound touches after an E-step";
            } else {
                const double previousBound = em.lowerBound(em.currentState() - 1).value();
                EXPECT_GE(bound, previousBound - tol) << "the M-step raises the bound";
                EXPECT_GE(after, bound - tol) << "the likelihood is above the bound";
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 40 * 60);
}

TEST(PpcaEm, RecordedLikelihoodIsTheDataLikelihood) {
    const MatrixXd x = cloud(4, 100, 7, 0.5);
    PpcaEm em(x, opts(2, 3));
    for (int s = 0; s < 7; ++s) {
        const double direct = em.model().logLikelihood(x);
        EXPECT_NEAR(em.logLikelihood(), direct, 1e-11 * std::abs(direct));
        em.step();
    }
}

TEST(PpcaEm, HistoryReplaysTheSameNumbers) {
    const MatrixXd x = cloud(5, 80, 8, 0.5);
    PpcaEm em(x, opts(2, 9));
    for (int s = 0; s < 9; ++s)
        em.step();
    ASSERT_EQ(em.stateCount(), 10);
    const MatrixXd w9 = em.model().w();
    const double ll4 = em.logLikelihood(4);
    em.goTo(3);
    EXPECT_EQ(em.nextStep(), StepKind::M);
    EXPECT_EQ(em.iteration(), 1);
    em.step();
    EXPECT_EQ(em.currentState(), 4);
    EXPECT_EQ(em.logLikelihood(), ll4);
    // A fresh engine with the same seed computes the same bits.
    PpcaEm again(x, opts(2, 9));
    for (int s = 0; s < 9; ++s)
        again.step();
    EXPECT_EQ(again.model().w(), w9);
    EXPECT_EQ(again.logLikelihood(), em.logLikelihood(9));
    EXPECT_THROW(em.goTo(10), ArgumentError);
    em.goTo(0);
    EXPECT_FALSE(em.posteriorMeans().has_value());
    EXPECT_FALSE(em.lowerBound().has_value());
    EXPECT_THROW(em.mStep(), ArgumentError);
    em.eStep();
    const MatrixXd z = em.posteriorMeans().value();
    EXPECT_EQ(z, em.model(0).posteriorMean(x));
    em.mStep(); // after the M-step the posteriors are still those its E-step computed
    EXPECT_EQ(em.posteriorMeans().value(), z);
}

TEST(PpcaEm, ExplicitStart) {
    const MatrixXd x = cloud(3, 60, 10, 0.5);
    PpcaEmOptions o = opts(1);
    o.initialW = MatrixXd::Ones(3, 1);
    o.initialSigma2 = 2.0;
    const PpcaEm em(x, o);
    EXPECT_EQ(em.model().w(), MatrixXd::Ones(3, 1));
    EXPECT_EQ(em.model().sigma2(), 2.0);
}

TEST(PpcaEm, RefusesBadInput) {
    const MatrixXd x = cloud(3, 60, 11, 0.5);
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, opts(0)); }).find("between 1 and d - 1 = 2, got 0"),
              std::string::npos);
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, opts(3)); }).find("got 3"), std::string::npos);
    PpcaEmOptions o = opts(1);
    o.initialW = MatrixXd::Ones(2, 1);
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, o); }).find("must be 3 x 1, got 2 x 1"),
              std::string::npos);
    o.initialW = MatrixXd::Constant(3, 1, NAN);
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, o); }).find("finite"), std::string::npos);
    o.initialW.reset();
    o.initialSigma2 = -1.0;
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, o); }).find("positive"), std::string::npos);
    MatrixXd line(2, 5);
    line << 0, 1, 2, 3, 4, 0, 2, 4, 6, 8;
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(line, opts(1)); }).find("collinear"), std::string::npos);
    MatrixXd one(3, 1);
    one << 1, 2, 3;
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(one, opts(1)); }).find("at least 2 points"),
              std::string::npos);
    o = opts(1);
    o.tol = -1;
    EXPECT_NE(argumentErrorOf([&] { PpcaEm(x, o); }).find("tolerance"), std::string::npos);
}
