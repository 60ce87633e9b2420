#include "mixture/em_engine.h"
#include "em_test_util.h"
#include "common/error.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;
using latentlab::testing::blobs;

namespace {

MixtureParams twoComponents() {
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.4, 0.6);
    p.means.resize(2, 2);
    p.means << 0.0, 3.0, 0.0, 1.0;
    Eigen::Matrix2d a, b;
    a << 1.0, 0.3, 0.3, 0.5;
    b << 2.0, -0.4, -0.4, 1.0;
    p.covariances = {a, b};
    return p;
}

EmOptions explicitOptions(CovarianceType type = CovarianceType::Full) {
    EmOptions o;
    o.k = 2;
    o.covariance = type;
    o.init = InitMethod::Manual;
    o.initialParams = twoComponents();
    return o;
}

} // namespace

TEST(EmEngine, EStepMatchesTheDirectFormula) {
    Random rng(1);
    const Eigen::MatrixXd x = blobs(rng, 2, 300, 2);
    EmEngine em(x, explicitOptions());
    const MixtureParams p = em.params();
    em.eStep();
    ASSERT_NE(em.responsibilities(), nullptr);
    const Eigen::MatrixXd& q = *em.responsibilities();
    double ll = 0.0;
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
        // Q(k|o_i) = pi_k N(o_i|k) / sum_j pi_j N(o_i|j), straight from the densities.
        Eigen::Vector2d joint;
        for (int k = 0; k < 2; ++k)
            joint(k) = p.weights(k) *
                       std::exp(*logGaussianDensity(x.col(i), p.means.col(k), p.covariances[k]));
        ll += std::log(joint.sum());
        for (int k = 0; k < 2; ++k)
            EXPECT_NEAR(q(k, i), joint(k) / joint.sum(), 1e-12);
        EXPECT_NEAR(em.pointLogLikelihoods()(i), std::log(joint.sum()), 1e-10);
    }
    EXPECT_NEAR(em.logLikelihood(), ll, 1e-9 * std::abs(ll));
    EXPECT_NEAR(em.logLikelihood(0), ll, 1e-9 * std::abs(ll));
    // Right after an E-step the lower bound equals the log-likelihood.
    ASSERT_TRUE(em.lowerBound().has_value());
    EXPECT_NEAR(*em.lowerBound(), ll, 1e-9 * std::abs(ll));
    EXPECT_FALSE(em.lowerBound(0).has_value());
}

TEST(EmEngine, MStepMatchesTheDirectFormula) {
    Random rng(2);
    const Eigen::MatrixXd x = blobs(rng, 2, 200, 2);
    EmOptions o = explicitOptions();
    o.reg = 1e-3;
    EmEngine em(x, o);
    em.eStep();
    const Eigen::MatrixXd q = *em.responsibilities();
    em.mStep();
    const auto& p = em.params();
    const double eps = 10 * std::numeric_limits<double>::epsilon();
    for (int k = 0; k < 2; ++k) {
        const double nk = q.row(k).sum() + eps;
        EXPECT_NEAR(p.weights(k), nk / (q.sum() + 2 * eps), 1e-14);
        Eigen::Vector2d mu = Eigen::Vector2d::Zero();
        for (Eigen::Index i = 0; i < x.cols(); ++i)
            mu += q(k, i) * x.col(i);
        mu /= nk;
        EXPECT_TRUE(p.means.col(k).isApprox(mu, 1e-12));
        Eigen::Matrix2d s = Eigen::Matrix2d::Zero();
        for (Eigen::Index i = 0; i < x.cols(); ++i)
            s += q(k, i) * (x.col(i) - mu) * (x.col(i) - mu).transpose();
        s = s / nk + 1e-3 * Eigen::Matrix2d::Identity();
        EXPECT_TRUE(p.covariances[k].isApprox(s, 1e-12));
    }
    // Responsibilities after an M-step are the ones it used.
    EXPECT_EQ(*em.responsibilities(), q);
    // L(q, theta_new) lies between the old and the new log-likelihood.
    EXPECT_GE(*em.lowerBound(), em.logLikelihood(1) - 1e-9);
    EXPECT_LE(*em.lowerBound(), em.logLikelihood() + 1e-9);
}

TEST(EmEngine, StateMachineAndHistory) {
    Random rng(3);
    EmEngine em(blobs(rng, 2, 500, 3), [] {
        EmOptions o;
        o.k = 3;
        o.seed = 5;
        return o;
    }());
    EXPECT_EQ(em.currentState(), 0);
    EXPECT_EQ(em.kindOf(0), StepKind::Initial);
    EXPECT_EQ(em.nextStep(), StepKind::E);
    EXPECT_EQ(em.responsibilities(), nullptr);
    EXPECT_THROW(em.mStep(), ArgumentError);
    em.step();
    EXPECT_EQ(em.kindOf(1), StepKind::E);
    EXPECT_THROW(em.eStep(), ArgumentError);
    em.iterate(); // finishes the iteration: just the M-step
    EXPECT_EQ(em.currentState(), 2);
    EXPECT_EQ(em.iteration(), 1);
    for (int i = 0; i < 5; ++i)
        em.iterate();
    EXPECT_EQ(em.currentState(), 12);
    EXPECT_EQ(em.stateCount(), 13);
    EXPECT_THROW(em.goTo(13), ArgumentError);
    EXPECT_THROW(em.goTo(-1), ArgumentError);
}

TEST(EmEngine, GoingBackAndForwardIsBitIdentical) {
    Random rng(4);
    const Eigen::MatrixXd x = blobs(rng, 2, 20000, 3);
    EmOptions o;
    o.k = 3;
    o.seed = 9;
    o.init = InitMethod::Random;
    EmEngine em(x, o);
    for (int i = 0; i < 8; ++i)
        em.iterate();
    const MixtureParams last = em.params();
    const double lastLl = em.logLikelihood();

    for (int target : {5, 6, 0, 13, 1}) {
        em.goTo(target);
        EmEngine fresh(x, o);
        while (fresh.currentState() < target)
            fresh.step();
        EXPECT_EQ(em.currentState(), target);
        EXPECT_EQ(em.params().means, fresh.params().means);
        EXPECT_EQ(em.params().weights, fresh.params().weights);
        EXPECT_EQ(em.logLikelihood(), fresh.logLikelihood());
        EXPECT_EQ(em.lowerBound(), fresh.lowerBound());
        EXPECT_EQ(em.logDensities(), fresh.logDensities());
        EXPECT_EQ(em.pointLogLikelihoods(), fresh.pointLogLikelihoods());
        ASSERT_EQ(em.responsibilities() == nullptr, fresh.responsibilities() == nullptr);
        if (em.responsibilities())
            EXPECT_EQ(*em.responsibilities(), *fresh.responsibilities());
    }
    // Continue from state 1 to the end: the recorded states are reused and nothing grows.
    while (em.currentState() < 16)
        em.step();
    EXPECT_EQ(em.stateCount(), 17);
    EXPECT_EQ(em.params().means, last.means);
    EXPECT_EQ(em.logLikelihood(), lastLl);
    em.iterate(); // beyond the recording: a new state
    EXPECT_EQ(em.stateCount(), 19);
}

TEST(EmEngine, TolZeroRunsExactlyMaxIter) {
    Random rng(5);
    EmOptions o;
    o.k = 2;
    o.tol = 0.0;
    o.maxIter = 37;
    EmEngine em(blobs(rng, 2, 100, 2), o);
    EXPECT_EQ(em.run(), 37);
    EXPECT_EQ(em.iteration(), 37);
    EXPECT_FALSE(em.converged());
    EXPECT_EQ(em.run(), 0);
}

TEST(EmEngine, ConvergesOnTheChangeOfMeanLogLikelihood) {
    Random rng(6);
    EmOptions o;
    o.k = 2;
    o.tol = 1e-6;
    o.maxIter = 1000;
    EmEngine em(blobs(rng, 2, 400, 2), o);
    const int taken = em.run();
    EXPECT_GT(taken, 1);
    EXPECT_LT(taken, 1000);
    EXPECT_TRUE(em.converged());
    const int s = em.currentState();
    EXPECT_LT(std::abs(em.logLikelihood(s) - em.logLikelihood(s - 2)) / em.n(), 1e-6);
    EXPECT_GE(std::abs(em.logLikelihood(s - 2) - em.logLikelihood(s - 4)) / em.n(), 1e-6);
}

TEST(EmEngine, ThreadCountDoesNotChangeTheBits) {
    Random rng(7);
    const Eigen::MatrixXd x = blobs(rng, 2, 50000, 3);
    for (auto type : {CovarianceType::Full, CovarianceType::Tied, CovarianceType::Diag}) {
        EmOptions o;
        o.k = 3;
        o.covariance = type;
        o.seed = 1;
        o.threads = 1;
        EmEngine one(x, o);
        o.threads = 2;
        EmEngine two(x, o);
        o.threads = 3;
        EmEngine three(x, o);
        for (int i = 0; i < 4; ++i) {
            one.iterate();
            two.iterate();
            three.iterate();
        }
        EXPECT_EQ(one.logLikelihood(), two.logLikelihood());
        EXPECT_EQ(one.logLikelihood(), three.logLikelihood());
        EXPECT_EQ(*one.lowerBound(), *two.lowerBound());
        EXPECT_EQ(one.params().means, two.params().means);
        EXPECT_EQ(one.params().weights, two.params().weights);
        for (int k = 0; k < 3; ++k)
            EXPECT_EQ(one.params().covariances[k], three.params().covariances[k]);
        EXPECT_EQ(*one.responsibilities(), *two.responsibilities());
    }
}

TEST(EmEngine, CovarianceTypesHaveTheirShape) {
    Random rng(8);
    const Eigen::MatrixXd x = blobs(rng, 3, 300, 3);
    for (auto type : {CovarianceType::Diag, CovarianceType::Spherical, CovarianceType::Tied}) {
        EmOptions o;
        o.k = 3;
        o.covariance = type;
        EmEngine em(x, o);
        for (int i = 0; i < 3; ++i)
            em.iterate();
        const auto& c = em.params().covariances;
        for (int k = 0; k < 3; ++k) {
            if (type != CovarianceType::Tied) {
                EXPECT_TRUE(c[k].isDiagonal(0.0));
            }
            if (type == CovarianceType::Spherical) {
                EXPECT_EQ(c[k](0, 0), c[k](1, 1));
                EXPECT_EQ(c[k](0, 0), c[k](2, 2));
            }
            if (type == CovarianceType::Tied) {
                EXPECT_EQ(c[k], c[0]);
            }
        }
    }
}

TEST(EmEngine, ExplicitInitIsProjectedOntoTheType) {
    Random rng(9);
    const Eigen::MatrixXd x = blobs(rng, 2, 50, 2);
    const MixtureParams p = twoComponents();
    for (auto type : {CovarianceType::Full, CovarianceType::Diag, CovarianceType::Spherical,
                      CovarianceType::Tied}) {
        EmEngine em(x, explicitOptions(type));
        const MixtureParams expected = projectToType(p, type);
        for (int k = 0; k < 2; ++k)
            EXPECT_TRUE(em.params().covariances[k].isApprox(expected.covariances[k], 1e-15));
        EXPECT_EQ(em.params().means, p.means);
    }
}

TEST(EmEngine, BicAndAicUseScikitLearnsConvention) {
    Random rng(10);
    EmEngine em(blobs(rng, 2, 120, 2), explicitOptions(CovarianceType::Diag));
    em.iterate();
    const double ll = em.logLikelihood();
    EXPECT_EQ(em.freeParameters(), 2 * 2 + 2 * 2 + 1);
    EXPECT_DOUBLE_EQ(em.bic(), -2.0 * ll + 9 * std::log(120.0));
    EXPECT_DOUBLE_EQ(em.aic(), -2.0 * ll + 18.0);
    EXPECT_DOUBLE_EQ(em.meanLogLikelihood(), ll / 120.0);
}

TEST(EmEngine, KMeansPlusPlusAndRandomInitAreSeeded) {
    Random rng(11);
    const Eigen::MatrixXd x = blobs(rng, 2, 400, 3);
    for (auto init : {InitMethod::KMeansPlusPlus, InitMethod::Random}) {
        EmOptions o;
        o.k = 3;
        o.init = init;
        o.seed = 42;
        EmEngine a(x, o), b(x, o);
        EXPECT_EQ(a.params().means, b.params().means);
        o.seed = 43;
        EmEngine c(x, o);
        EXPECT_NE(a.params().means, c.params().means);
        EXPECT_NEAR(a.params().weights.sum(), 1.0, 1e-12);
    }
    EXPECT_EQ(toString(InitMethod::KMeansPlusPlus), "kmeans++");
    EXPECT_EQ(toString(InitMethod::Random), "random");
    EXPECT_EQ(toString(InitMethod::Manual), "manual");
    for (InitMethod m : {InitMethod::KMeansPlusPlus, InitMethod::Random, InitMethod::Manual})
        EXPECT_EQ(parseInitMethod(toString(m)), m);
    EXPECT_EQ(parseInitMethod("explicit"), InitMethod::Manual) << "the CLI's old spelling";
    EXPECT_EQ(parseInitMethod("Manual"), std::nullopt);
    EXPECT_EQ(parseInitMethod(""), std::nullopt);
}

// ---- Validation: one ArgumentError per bad argument ----------------------------------------

namespace {
void expectArgumentError(const Eigen::MatrixXd& x, const EmOptions& o, const std::string& needle) {
    try {
        EmEngine em(x, o);
        ADD_FAILURE() << "no error for " << needle;
    } catch (const ArgumentError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(needle), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
}
} // namespace

TEST(EmEngineValidation, RejectsBadArguments) {
    Random rng(12);
    const Eigen::MatrixXd x = blobs(rng, 2, 10, 2);
    EmOptions o;
    o.k = 0;
    expectArgumentError(x, o, "at least 1");
    o.k = kMaxComponents + 1;
    expectArgumentError(x, o, "more than the " + std::to_string(kMaxComponents) + " components");
    o.k = 4;
    expectArgumentError(x.leftCols(3), o, "exceeds the number of observations");
    o.k = 2;
    expectArgumentError(Eigen::MatrixXd(2, 0), o, "empty");
    Eigen::MatrixXd bad = x;
    bad(1, 3) = std::nan("");
    expectArgumentError(bad, o, "observation 4, coordinate 2 is not a finite");
    bad(1, 3) = std::numeric_limits<double>::infinity();
    expectArgumentError(bad, o, "not a finite");
    bad(1, 3) = 1e200;
    expectArgumentError(bad, o, "rescale");
    o.reg = -1e-6;
    expectArgumentError(x, o, "regularisation");
    o.reg = std::nan("");
    expectArgumentError(x, o, "regularisation");
    o.reg = 1e-6;
    o.tol = -1.0;
    expectArgumentError(x, o, "tolerance");
    o.tol = 1e-3;
    o.maxIter = -1;
    expectArgumentError(x, o, "max_iter");
    o.maxIter = 10;
    o.threads = -2;
    expectArgumentError(x, o, "thread");
}

TEST(EmEngineValidation, RejectsBadExplicitParameters) {
    Random rng(13);
    const Eigen::MatrixXd x = blobs(rng, 2, 10, 2);
    EmOptions o = explicitOptions();
    o.initialParams.reset();
    expectArgumentError(x, o, "needs initial parameters");

    o = explicitOptions();
    o.initialParams->weights = Eigen::Vector3d(0.2, 0.3, 0.5);
    expectArgumentError(x, o, "weights have 3 entries");
    o = explicitOptions();
    o.initialParams->weights = Eigen::Vector2d(0.5, 0.6);
    expectArgumentError(x, o, "sum to 1");
    o.initialParams->weights = Eigen::Vector2d(1.0, 0.0);
    expectArgumentError(x, o, "positive");
    o = explicitOptions();
    o.initialParams->means = Eigen::MatrixXd::Zero(3, 2);
    expectArgumentError(x, o, "means are 3 x 2");
    o = explicitOptions();
    o.initialParams->means(0, 0) = std::nan("");
    expectArgumentError(x, o, "means must be finite");
    o = explicitOptions();
    o.initialParams->covariances.pop_back();
    expectArgumentError(x, o, "1 matrices");
    o = explicitOptions();
    o.initialParams->covariances[1] = Eigen::Matrix3d::Identity();
    expectArgumentError(x, o, "covariance 2 is 3 x 3");
    o = explicitOptions();
    o.initialParams->covariances[0] << 1.0, 2.0, 2.0, 1.0;
    expectArgumentError(x, o, "covariance 1 is not positive definite");
    o.initialParams->covariances[0] << 1.0, 0.5, 0.0, 1.0;
    expectArgumentError(x, o, "not symmetric");
    o.initialParams->covariances[0] << 1.0, 0.0, 0.0, std::numeric_limits<double>::infinity();
    expectArgumentError(x, o, "non-finite");
}
