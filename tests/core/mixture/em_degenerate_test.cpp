// Degenerate cases become events with a component index and an explanation; nothing
// non-finite reaches the caller and the engine stays usable.

#include "common/error.h"
#include "em_test_util.h"
#include "mixture/covariance_policy.h"
#include "mixture/em_engine.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace latentlab;
using latentlab::testing::allFinite;
using latentlab::testing::blobs;

namespace {

const CovarianceType kTypes[] = {CovarianceType::Full, CovarianceType::Diag,
                                 CovarianceType::Spherical, CovarianceType::Tied};

bool hasEvent(const std::vector<EmEvent>& events, EmEvent::Kind kind) {
    for (const auto& e : events)
        if (e.kind == kind)
            return true;
    return false;
}

void runAndCheck(EmEngine& em, int iterations) {
    for (int i = 0; i < iterations; ++i) {
        em.step();
        ASSERT_TRUE(allFinite(em)) << "state " << em.currentState();
        em.step();
        ASSERT_TRUE(allFinite(em)) << "state " << em.currentState();
    }
    // Every state stays finite when revisited too.
    for (int s = 0; s < em.stateCount(); s += 3) {
        em.goTo(s);
        ASSERT_TRUE(allFinite(em)) << "revisited state " << s;
    }
    for (const auto& e : em.events()) {
        EXPECT_GE(e.component, 0);
        EXPECT_LT(e.component, em.k());
        EXPECT_FALSE(describe(e).empty());
        EXPECT_EQ(describe(e).find('\n'), std::string::npos);
    }
}

} // namespace

TEST(EmDegenerate, AllPointsIdentical) {
    for (const int n : {12, 100})
        for (auto type : kTypes)
            for (auto init : {InitMethod::KMeansPlusPlus, InitMethod::Random})
                for (double reg : {0.0, 1e-6}) {
                    SCOPED_TRACE(std::to_string(n) + " copies " + toString(type) + " " +
                                 toString(init) + " reg " + std::to_string(reg));
                    const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(2, n, 3.5);
                    EmOptions o;
                    o.k = 3;
                    o.covariance = type;
                    o.init = init;
                    o.reg = reg;
                    EmEngine em(x, o);
                    runAndCheck(em, 10);
                    if (reg == 0.0) {
                        EXPECT_TRUE(hasEvent(em.events(), EmEvent::Kind::NotPositiveDefinite));
                    }
                    if (init == InitMethod::KMeansPlusPlus) {
                        // All centres coincide, ties go to component 0: the others start empty.
                        EXPECT_TRUE(hasEvent(em.eventsAt(0), EmEvent::Kind::EmptyComponent));
                    }
                }
}

TEST(EmDegenerate, DuplicatePoints) {
    Random rng(1);
    const Eigen::MatrixXd distinct = blobs(rng, 2, 5, 2);
    Eigen::MatrixXd x(2, 100);
    for (int i = 0; i < 100; ++i)
        x.col(i) = distinct.col(i % 5);
    for (auto type : kTypes)
        for (double reg : {0.0, 1e-6}) {
            SCOPED_TRACE(toString(type) + " reg " + std::to_string(reg));
            EmOptions o;
            o.k = 5;
            o.covariance = type;
            o.reg = reg;
            o.seed = 3;
            EmEngine em(x, o);
            runAndCheck(em, 20);
        }
}

TEST(EmDegenerate, ComponentCollapsingOnOnePointWithoutRegularisation) {
    Random rng(2);
    Eigen::MatrixXd x(2, 201);
    x.leftCols(200) = blobs(rng, 2, 200, 1, 0.0);
    x.col(200) = Eigen::Vector2d(25.0, -25.0); // a lone outlier
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.9, 0.1);
    p.means.resize(2, 2);
    p.means.col(0) = Eigen::Vector2d::Zero();
    p.means.col(1) = Eigen::Vector2d(25.0, -25.0);
    p.covariances = {Eigen::Matrix2d::Identity(), 0.5 * Eigen::Matrix2d::Identity()};
    EmOptions o;
    o.k = 2;
    o.reg = 0.0;
    o.init = InitMethod::Manual;
    o.initialParams = p;
    EmEngine em(x, o);
    runAndCheck(em, 5);
    const auto events = em.events();
    ASSERT_TRUE(hasEvent(events, EmEvent::Kind::NotPositiveDefinite));
    for (const auto& e : events) {
        if (e.kind != EmEvent::Kind::NotPositiveDefinite)
            continue;
        EXPECT_EQ(e.component, 1);
        EXPECT_EQ(e.state % 2, 0); // found by an M-step
        EXPECT_FALSE(e.initial);
        // On the one point (25, -25) the spread is rounding noise of the mean.
        EXPECT_LT(e.smallestEigenvalue, std::pow(CovariancePolicy::kRoundingFloor * 25.0, 2));
        EXPECT_NE(describe(e).find("Component 2"), std::string::npos) << describe(e);
        EXPECT_NE(describe(e).find("kept its previous covariance"), std::string::npos);
        EXPECT_NE(describe(e).find("regularisation"), std::string::npos);
    }
    // The policy: the covariance is the last positive-definite one, the mean moved onto the point.
    EXPECT_TRUE(em.params().means.col(1).isApprox(Eigen::Vector2d(25.0, -25.0), 1e-9));
    EXPECT_EQ(em.params().covariances[1], em.params(2).covariances[1]);
    EXPECT_TRUE(std::isfinite(em.logLikelihood()));
}

TEST(EmDegenerate, KEqualsN) {
    Random rng(3);
    const Eigen::MatrixXd x = blobs(rng, 2, 6, 3);
    for (auto type : kTypes)
        for (double reg : {0.0, 1e-6}) {
            SCOPED_TRACE(toString(type) + " reg " + std::to_string(reg));
            EmOptions o;
            o.k = 6;
            o.covariance = type;
            o.reg = reg;
            EmEngine em(x, o);
            runAndCheck(em, 10);
            if (reg == 0.0 && type != CovarianceType::Tied) {
                // One point per k-means++ centre: a zero covariance, replaced at the start.
                EXPECT_TRUE(hasEvent(em.eventsAt(0), EmEvent::Kind::NotPositiveDefinite));
            }
        }
}

TEST(EmDegenerate, TwoPointsTwoComponents) {
    // Each component ends on one point: without regularisation its covariance is zero from
    // the start, which must be an explained event (the data covariance stands in), not NaN.
    Eigen::MatrixXd x(2, 2);
    x << 0.0, 4.0, 1.0, -3.0;
    for (auto type : kTypes)
        for (auto init : {InitMethod::KMeansPlusPlus, InitMethod::Random})
            for (double reg : {0.0, 1e-6}) {
                SCOPED_TRACE(toString(type) + " " + toString(init) + " reg " + std::to_string(reg));
                EmOptions o;
                o.k = 2;
                o.covariance = type;
                o.init = init;
                o.reg = reg;
                EmEngine em(x, o);
                runAndCheck(em, 10);
                if (reg == 0.0 && init == InitMethod::KMeansPlusPlus &&
                    type != CovarianceType::Tied) {
                    ASSERT_TRUE(hasEvent(em.eventsAt(0), EmEvent::Kind::NotPositiveDefinite));
                    for (const auto& e : em.eventsAt(0)) {
                        if (e.kind == EmEvent::Kind::NotPositiveDefinite) {
                            EXPECT_NE(describe(e).find("regularisation"), std::string::npos)
                                << describe(e);
                        }
                    }
                }
            }
}

TEST(EmDegenerate, MoreComponentsThanPointsIsRefusedWithAReason) {
    Eigen::MatrixXd x(2, 3);
    x << 0.0, 1.0, 2.0, 0.0, 1.0, 0.5;
    EmOptions o;
    o.k = 5;
    try {
        EmEngine em(x, o);
        FAIL() << "K = 5 > N = 3 was accepted";
    } catch (const ArgumentError& e) {
        EXPECT_NE(std::string(e.what()).find("K = 5 exceeds the number of observations N = 3"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("lower K or add data"), std::string::npos);
    }
}

TEST(EmDegenerate, EmptyComponentKeepsItsMeanAndCovariance) {
    Random rng(4);
    const Eigen::MatrixXd x = blobs(rng, 2, 100, 2, 2.0);
    MixtureParams p;
    p.weights = Eigen::Vector3d(0.45, 0.45, 0.1);
    p.means.resize(2, 3);
    p.means << -1.0, 1.0, 1e4, 0.0, 0.0, 1e4;
    p.covariances = {Eigen::Matrix2d::Identity(), Eigen::Matrix2d::Identity(),
                     Eigen::Matrix2d::Identity()};
    for (auto type : kTypes) {
        SCOPED_TRACE(toString(type));
        EmOptions o;
        o.k = 3;
        o.covariance = type;
        o.init = InitMethod::Manual;
        o.initialParams = p;
        EmEngine em(x, o);
        em.iterate();
        const auto ev = em.eventsAt(2);
        ASSERT_TRUE(hasEvent(ev, EmEvent::Kind::EmptyComponent));
        EXPECT_EQ(ev.back().component, 2);
        EXPECT_FALSE(ev.back().initial);
        EXPECT_EQ(ev.back().tied, type == CovarianceType::Tied);
        EXPECT_LT(ev.back().totalResponsibility, EmEngine::kEmptyComponentThreshold);
        EXPECT_NE(describe(ev.back()).find("Component 3"), std::string::npos);
        EXPECT_NE(describe(ev.back()).find("lower K"), std::string::npos);
        EXPECT_EQ(em.params().means.col(2), p.means.col(2));
        if (type != CovarianceType::Tied) {
            EXPECT_EQ(em.params().covariances[2], em.params(0).covariances[2]);
        }
        EXPECT_LT(em.params().weights(2), 1e-12);
        EXPECT_GT(em.params().weights(2), 0.0);
        runAndCheck(em, 5);
    }
}

TEST(EmDegenerate, OnePointOneComponent) {
    const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(3, 1, -2.0);
    for (double reg : {0.0, 1e-6}) {
        EmOptions o;
        o.k = 1;
        o.reg = reg;
        EmEngine em(x, o);
        runAndCheck(em, 3);
    }
}

TEST(EmDegenerate, FarPointsUnderThinComponentsStayFinite) {
    // Huge coordinates within the accepted range and a very thin explicit component.
    Eigen::MatrixXd x(2, 4);
    x << 1e90, -1e90, 0.0, 1.0, 1e90, 1e89, 0.0, 2.0;
    MixtureParams p;
    p.weights = Eigen::Vector2d(0.5, 0.5);
    p.means = Eigen::Matrix2d::Zero();
    // (1e90)^2 / 1e-200 overflows the Mahalanobis distance to Inf: the floor must catch it.
    p.covariances = {Eigen::Matrix2d::Identity() * 1e-200, Eigen::Matrix2d::Identity()};
    EmOptions o;
    o.k = 2;
    o.reg = 0.0;
    o.init = InitMethod::Manual;
    o.initialParams = p;
    EmEngine em(x, o);
    ASSERT_TRUE(allFinite(em));
    EXPECT_EQ(em.logDensities().minCoeff(), EmEngine::kLogDensityFloor);
    runAndCheck(em, 5);
}
