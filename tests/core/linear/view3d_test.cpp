// The 3D view's mathematics: every view is a rotation, "look along" puts the direction at
// the viewer (it projects to a point) with the smallest turn, the PC-basis view shows PC1
// horizontal and PC2 vertical, the interpolation starts and ends exactly on its endpoints
// and stays on SO(3), and the fitted manifold's residuals are orthogonal to it.
#include "common/error.h"
#include "data/pca_presets.h"
#include "linear/view3d.h"

#include <Eigen/Geometry>
#include <cmath>
#include <gtest/gtest.h>
#include <numbers>

using namespace latentlab;

namespace {

void expectRotation(const Rotation3& r, double tol = 1e-12) {
    EXPECT_LT((r.transpose() * r - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff(), tol);
    EXPECT_NEAR(r.determinant(), 1.0, tol);
}

Rotation3 someView() {
    return rotationFromYawPitch(0.8, -0.35);
}

} // namespace

TEST(View3d, YawPitchIsARotationWithTheDocumentedAxes) {
    expectRotation(rotationFromYawPitch(0.3, 1.2));
    EXPECT_TRUE(rotationFromYawPitch(0, 0).isIdentity(0));
    // A yaw of 90 degrees: R_y(90) maps world x to -z (away from the viewer); the world
    // direction shown at the viewer (row 2) is -x.
    const Rotation3 r = rotationFromYawPitch(std::numbers::pi / 2, 0);
    EXPECT_NEAR((r * Eigen::Vector3d::UnitX() - Eigen::Vector3d(0, 0, -1)).norm(), 0, 1e-15);
    EXPECT_NEAR((r.row(2).transpose() - Eigen::Vector3d(-1, 0, 0)).norm(), 0, 1e-15);
}

TEST(View3d, DragTurnsAboutTheScreenAxes) {
    const Rotation3 r = someView();
    const Rotation3 right = dragged(r, 100, 0, 0.01);
    expectRotation(right);
    EXPECT_NEAR(rotationAngle(r, right), 1.0, 1e-12);
    // The screen's y axis is the turn's axis: the world direction shown vertically stays.
    EXPECT_NEAR((right.row(1) - r.row(1)).norm(), 0, 1e-12);
    // The front (the world direction at the viewer) moves right on screen.
    const Eigen::Vector3d front = r.row(2).transpose();
    EXPECT_GT((right * front)(0), 0.5);
    const Rotation3 up = dragged(r, 0, 50, 0.01);
    EXPECT_NEAR((up.row(0) - r.row(0)).norm(), 0, 1e-12);
    EXPECT_GT((up * front)(1), 0.4);
    // A drag and the same drag back return to the start.
    EXPECT_LT(rotationAngle(r, dragged(dragged(r, 30, 0, 0.02), -30, 0, 0.02)), 1e-12);
}

TEST(View3d, DragsStayOrthonormalAfterManySteps) {
    Rotation3 r = someView();
    for (int i = 0; i < 5000; ++i)
        r = dragged(r, 3.0 + (i % 7), -2.0 + (i % 5), 0.013);
    expectRotation(r, 1e-12);
}

TEST(View3d, LookingAlongProjectsTheDirectionToAPoint) {
    const Eigen::Vector3d d = Eigen::Vector3d(0.3, -1.2, 0.7);
    const Rotation3 r = someView();
    const Rotation3 look = lookingAlong(r, d);
    expectRotation(look);
    const Eigen::Matrix2Xd shown =
        projectOrthographic(look, Eigen::Vector3d::Zero(), Eigen::Matrix3Xd(d));
    EXPECT_LT(shown.norm(), 1e-12 * d.norm());
    // The smallest turn: the angle between the old and the new viewing direction (or its
    // opposite, whichever is nearer), not more.
    const Eigen::Vector3d view = r.row(2).transpose();
    const double between = std::acos(std::abs(view.dot(d.normalized())));
    EXPECT_NEAR(rotationAngle(r, look), between, 1e-12);
    // Already looking along d: no turn.
    EXPECT_LT(rotationAngle(look, lookingAlong(look, -2.0 * d)), 1e-7);
    EXPECT_THROW(lookingAlong(r, Eigen::Vector3d::Zero()), ArgumentError);
}

TEST(View3d, PcBasisViewShowsPc1HorizontalAndPc2Vertical) {
    const Eigen::Matrix3d u =
        Eigen::AngleAxisd(1.1, Eigen::Vector3d(1, 2, -0.5).normalized()).toRotationMatrix();
    const Rotation3 r = pcBasisView(u.leftCols(2));
    expectRotation(r);
    EXPECT_NEAR((r * u.col(0) - Eigen::Vector3d::UnitX()).norm(), 0, 1e-12);
    EXPECT_NEAR((r * u.col(1) - Eigen::Vector3d::UnitY()).norm(), 0, 1e-12);
    // A left-handed PC basis still gives a rotation (det +1): u_3 at the viewer or away.
    Eigen::Matrix3d flipped = u;
    flipped.col(2) *= -1;
    expectRotation(pcBasisView(flipped));
    EXPECT_NEAR(std::abs((pcBasisView(flipped) * u.col(2))(2)), 1.0, 1e-12);
}

TEST(View3d, InterpolationEndpointsAreExactAndThePathIsAGeodesic) {
    const Rotation3 a = someView();
    const Rotation3 b = rotationFromYawPitch(-1.9, 0.6);
    EXPECT_EQ(interpolated(a, b, 0.0), a);
    EXPECT_EQ(interpolated(a, b, 1.0), b);
    EXPECT_EQ(interpolated(a, b, -0.2), a);
    EXPECT_EQ(interpolated(a, b, 1.5), b);
    const double total = rotationAngle(a, b);
    ASSERT_GT(total, 0.5);
    for (double t : {0.1, 0.25, 0.5, 0.9}) {
        const Rotation3 m = interpolated(a, b, t);
        expectRotation(m);
        // Constant angular speed along the shortest arc.
        EXPECT_NEAR(rotationAngle(a, m), t * total, 1e-9);
        EXPECT_NEAR(rotationAngle(m, b), (1 - t) * total, 1e-9);
    }
}

TEST(View3d, ThePlanePresetIsFittedByAPlaneWithOrthogonalResiduals) {
    const PointSet set = makePca3dPreset("plane");
    ASSERT_EQ(set.dimension(), 3);
    ASSERT_EQ(set.size(), 300);
    const Eigen::Matrix3Xd x = set.points;
    const Manifold3d m = fitManifold3d(x, 2);
    const Eigen::VectorXd l = m.pca.eigenvalues();
    EXPECT_GT(l(1) / l(2), 10.0); // near a plane: the third variance is small
    const Eigen::Vector3d n = m.normal();
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
        const Eigen::Vector3d r = x.col(i) - m.projections.col(i);
        EXPECT_NEAR(r.cross(n).norm(), 0.0, 1e-10); // the residual is along the normal
        EXPECT_NEAR((m.projections.col(i) - m.pca.mean()).dot(n), 0.0, 1e-10); // on the plane
    }
    // The parallelogram lies in the plane and covers every projection's scores.
    for (int c = 0; c < 4; ++c)
        EXPECT_NEAR((m.corners.col(c) - m.pca.mean()).dot(n), 0.0, 1e-10);
    const Eigen::MatrixXd z = m.pca.project(x, 2);
    const Eigen::MatrixXd zc = m.pca.project(m.corners, 2);
    for (int k = 0; k < 2; ++k) {
        EXPECT_LT(zc.row(k).minCoeff(), z.row(k).minCoeff());
        EXPECT_GT(zc.row(k).maxCoeff(), z.row(k).maxCoeff());
    }
    // Looking along PC3 the plane is seen face-on and every residual shrinks to a point.
    const Rotation3 look = lookingAlong(someView(), n);
    const Eigen::Matrix2Xd a = projectOrthographic(look, m.pca.mean(), x);
    const Eigen::Matrix2Xd b = projectOrthographic(look, m.pca.mean(), m.projections);
    EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-10);
}

TEST(View3d, TheLinePresetIsFittedByALine) {
    const PointSet set = makePca3dPreset("line", 5);
    const Eigen::Matrix3Xd x = set.points;
    const Manifold3d m = fitManifold3d(x, 1);
    EXPECT_GT(m.pca.eigenvalues()(0) / m.pca.eigenvalues()(1), 30.0);
    const Eigen::Vector3d u1 = m.pca.components().col(0);
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        EXPECT_NEAR((x.col(i) - m.projections.col(i)).dot(u1), 0.0, 1e-10);
    EXPECT_NEAR((m.corners.col(1) - m.corners.col(0)).normalized().cross(u1).norm(), 0.0, 1e-12);
    EXPECT_THROW(fitManifold3d(x, 3), ArgumentError);
    EXPECT_THROW(fitManifold3d(x, 0), ArgumentError);
    EXPECT_THROW(makePca3dPreset("cube"), ArgumentError);
    // Seeds vary the points, not the shape.
    EXPECT_NE(makePca3dPreset("line", 5).points, makePca3dPreset("line", 6).points);
    EXPECT_EQ(makePca3dPreset("line", 5).points, set.points);
}
