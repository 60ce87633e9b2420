// The linear autoencoder: its loss is the mean squared reconstruction error of the data, the
// tied kinds reach the principal subspace (angle under 1 degree), the unconstrained one
// reaches PCA's loss with only D E pinned down, and a divergent step is refused, not NaN.

#include "linear/linear_autoencoder.h"

#include "common/error.h"
#include "common/random.h"
#include "linear/subspace.h"
#include "pca_fixture.h"

#include <Eigen/LU>
#include <gtest/gtest.h>

using namespace latentlab;
using namespace latentlab::test;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

LinearAutoencoderOptions opts(int q, AutoencoderKind kind, double lr = 0.0,
                              std::uint64_t seed = 1) {
    LinearAutoencoderOptions o;
    o.q = q;
    o.kind = kind;
    o.learningRate = lr;
    o.seed = seed;
    return o;
}

const MatrixXd& plane() {
    static const MatrixXd x = loadPcaFixture("plane3d").data;
    return x;
}

double directLoss(const LinearAutoencoder& ae, const MatrixXd& x) {
    return (x - ae.reconstruct(x)).colwise().squaredNorm().mean();
}

} // namespace

TEST(LinearAutoencoder, LossIsTheMeanSquaredReconstructionError) {
    ASSERT_EQ(plane().cols(), 300) << "missing fixture";
    for (auto kind : {AutoencoderKind::Unconstrained, AutoencoderKind::Tied,
                      AutoencoderKind::TiedOrthonormal}) {
        LinearAutoencoder ae(plane(), opts(2, kind));
        for (int s = 0; s < 5; ++s) {
            EXPECT_NEAR(ae.loss(), directLoss(ae, plane()), 1e-12 * ae.pca().totalVariance())
                << toString(kind);
            ae.step();
        }
        // Nothing beats PCA.
        for (const auto& r : ae.history())
            EXPECT_GE(r.loss, ae.pcaLoss() * (1 - 1e-12));
    }
}

TEST(LinearAutoencoder, TiedReachesThePrincipalSubspace) {
    ASSERT_EQ(plane().cols(), 300) << "missing fixture";
    LinearAutoencoder ae(plane(), opts(2, AutoencoderKind::Tied));
    EXPECT_GT(ae.current().anglesDegrees.maxCoeff(), 10.0); // a random start is far off
    ae.run(400);
    EXPECT_LT(ae.current().anglesDegrees.maxCoeff(), 1.0);
    ae.run(1600);
    EXPECT_LT(ae.current().anglesDegrees.maxCoeff(), 1e-6);
    EXPECT_LT(ae.current().projectorDistance, 1e-6);
    EXPECT_NEAR(ae.loss(), ae.pcaLoss(), 1e-9 * ae.pcaLoss());
    // W = U_q R with R orthogonal: A = U_q^T W is a rotation.
    const MatrixXd a = ae.decoderInPrincipalBasis();
    EXPECT_LT((a.transpose() * a - MatrixXd::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(LinearAutoencoder, TiedOrthonormalStaysOrthonormalAndConverges) {
    ASSERT_EQ(plane().cols(), 300) << "missing fixture";
    LinearAutoencoder ae(plane(), opts(2, AutoencoderKind::TiedOrthonormal, 0.0, 3));
    for (int s = 0; s < 400; ++s) {
        ae.step();
        const MatrixXd& w = ae.decoder();
        ASSERT_LT((w.transpose() * w - MatrixXd::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-13);
    }
    EXPECT_LT(ae.current().anglesDegrees.maxCoeff(), 1.0);
    EXPECT_EQ(ae.encoder(), ae.decoder().transpose());
}

TEST(LinearAutoencoder, UnconstrainedReachesThePcaLoss) {
    // Gradient descent shrinks what the unconstrained encoder keeps of a discarded direction
    // u_j at a rate proportional to l_j, so on data with a nearly flat direction (plane3d:
    // l_3 / l_1 = 0.002) it takes tens of thousands of steps; variances 4, 2, 1 take hundreds.
    Random rng(12);
    const Eigen::Matrix3d rotation =
        orthonormalBasis(MatrixXd::NullaryExpr(3, 3, [&] { return rng.normal(); }));
    MatrixXd x(3, 500);
    for (int i = 0; i < 500; ++i)
        x.col(i) =
            rotation * Eigen::Vector3d(2.0 * rng.normal(), 1.41 * rng.normal(), rng.normal());
    LinearAutoencoder ae(x, opts(2, AutoencoderKind::Unconstrained));
    ae.run(3000);
    EXPECT_NEAR(ae.loss(), ae.pcaLoss(), 1e-9 * ae.pcaLoss());
    EXPECT_LT(ae.current().anglesDegrees.maxCoeff(), 1e-4);
    EXPECT_LT(ae.current().projectorDistance, 1e-5);
    // Scaling invariance: D = U_q A and E = A^-1 U_q^T for some invertible A, not A = I.
    const MatrixXd a = ae.decoderInPrincipalBasis();
    const MatrixXd u = ae.pca().leading(2);
    EXPECT_LT((ae.decoder() - u * a).cwiseAbs().maxCoeff(), 1e-5);
    EXPECT_LT((ae.encoder() - a.inverse() * u.transpose()).cwiseAbs().maxCoeff(), 1e-5);
    EXPECT_GT((a.transpose() * a - MatrixXd::Identity(2, 2)).cwiseAbs().maxCoeff(), 1e-2);
    // The loss never rose.
    for (std::size_t s = 1; s < ae.history().size(); ++s)
        EXPECT_LE(ae.history()[s].loss, ae.history()[s - 1].loss * (1 + 1e-12));
}

TEST(LinearAutoencoder, Mnist784TiedFindsTheLeadingSubspace) {
    const PcaFixture f = loadPcaFixture("mnist2000");
    ASSERT_EQ(f.d, 784) << "missing fixture";
    LinearAutoencoder ae(f.data, opts(2, AutoencoderKind::TiedOrthonormal, 0.0, 5));
    ae.run(300);
    EXPECT_LT(ae.current().anglesDegrees.maxCoeff(), 1.0);
}

TEST(LinearAutoencoder, SameSeedSameWeightsAndResetRestarts) {
    LinearAutoencoder a(plane(), opts(2, AutoencoderKind::Unconstrained, 0.0, 7));
    LinearAutoencoder b(plane(), opts(2, AutoencoderKind::Unconstrained, 0.0, 7));
    a.run(10);
    b.run(10);
    EXPECT_EQ(a.decoder(), b.decoder());
    EXPECT_EQ(a.encoder(), b.encoder());
    const MatrixXd initial = a.history().front().anglesDegrees;
    a.reset();
    EXPECT_EQ(a.steps(), 0);
    EXPECT_EQ(a.history().size(), 1u);
    EXPECT_EQ(a.current().anglesDegrees, initial);
}

TEST(LinearAutoencoder, DivergenceIsRefusedNotNaN) {
    LinearAutoencoder ae(plane(), opts(1, AutoencoderKind::Unconstrained, 50.0));
    std::string message;
    try {
        ae.run(1000);
    } catch (const ArgumentError& e) {
        message = e.what();
    }
    EXPECT_NE(message.find("learning rate 50 is too large: the loss diverged at step"),
              std::string::npos)
        << message;
    EXPECT_TRUE(ae.decoder().allFinite());
    EXPECT_TRUE(std::isfinite(ae.loss()));
    EXPECT_GT(ae.steps(), 0);
}

TEST(LinearAutoencoder, RefusesBadOptions) {
    EXPECT_THROW(LinearAutoencoder(plane(), opts(0, AutoencoderKind::Tied)), ArgumentError);
    EXPECT_THROW(LinearAutoencoder(plane(), opts(3, AutoencoderKind::Tied)), ArgumentError);
    EXPECT_THROW(LinearAutoencoder(plane(), opts(1, AutoencoderKind::Tied, -1.0)), ArgumentError);
    EXPECT_THROW(LinearAutoencoder(plane(), opts(1, AutoencoderKind::Tied, NAN)), ArgumentError);
    EXPECT_THROW(LinearAutoencoder(MatrixXd::Ones(3, 10), opts(1, AutoencoderKind::Tied)),
                 ArgumentError);
}
