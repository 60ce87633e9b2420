#pragma once
// The PCA lesson's 3D view, its mathematics (no drawing): an orthographic camera and the
// principal manifold of a 3D cloud.
//
// Camera. A view is a rotation R (3 x 3, orthonormal, det +1) about a centre c: a point p
// has view coordinates v = R (p - c); the screen shows (v_0, v_1) (x to the right, y up) and
// v_2 is the depth (towards the viewer). Row k of R is the world direction that the view
// axis k shows, so a world direction d projects to a point exactly when d is parallel to
// row 2 of R. Orthographic: no perspective, lengths along the screen are true lengths.
//
//   dragged(R, dx, dy, k)    turns the view by k dx about the screen's y axis and by k dy
//                            about its x axis (a drag to the right turns the front to the
//                            right, a drag up turns it up), composed on the left: the
//                            turn is about the screen's axes whatever R is.
//   lookingAlong(R, d)       the smallest turn of R after which d points at the viewer
//                            (row 2 = d or -d, whichever is nearer: the roll is kept).
//   pcBasisView(U)           rows u_1, u_2, u_1 x u_2: PC1 horizontal, PC2 vertical.
//   interpolated(A, B, t)    the geodesic on SO(3) from A (t = 0, exactly) to B (t = 1,
//                            exactly): quaternion slerp along the shorter arc.
//
// Manifold. A 3D cloud is fitted by PCA (core/linear/pca.h); with q = 2 the manifold is the
// plane mu + span(u_1, u_2), with q = 1 the line mu + t u_1. Each point's residual runs to
// its orthogonal projection; the plane is drawn as the parallelogram covering the scores
// (z_1, z_2) of the data, the line as the segment covering z_1.

#include "linear/pca.h"

#include <Eigen/Core>
#include <array>

namespace latentlab {

using Rotation3 = Eigen::Matrix3d;

/// R = R_x(pitch) R_y(yaw): yaw turns about the vertical screen axis, then pitch about the
/// horizontal one (radians). (0, 0) is the identity: world x right, y up, z at the viewer.
Rotation3 rotationFromYawPitch(double yaw, double pitch);
/// A drag of (dx, dy) pixels (dy > 0 upwards) at `radiansPerPixel`.
Rotation3 dragged(const Rotation3& r, double dx, double dy, double radiansPerPixel);
/// See the header comment; `direction` need not be unit but must not be 0.
Rotation3 lookingAlong(const Rotation3& r, const Eigen::Vector3d& direction);
/// The view with the columns of `components` (3 x 2 or 3 x 3, orthonormal columns) as screen
/// x and y; the depth axis completes a right-handed frame.
Rotation3 pcBasisView(const Eigen::MatrixXd& components);
Rotation3 interpolated(const Rotation3& a, const Rotation3& b, double t);
/// The nearest rotation (drags accumulate rounding): via the normalised quaternion.
Rotation3 orthonormalized(const Rotation3& r);
/// Screen coordinates (2 x N) of the columns of `points` (3 x N) seen by r about `centre`.
Eigen::Matrix2Xd projectOrthographic(const Rotation3& r, const Eigen::Vector3d& centre,
                                     const Eigen::Matrix3Xd& points);
/// The angle of the rotation a^T b, in radians (0 .. pi).
double rotationAngle(const Rotation3& a, const Rotation3& b);

struct Manifold3d {
    Pca pca;
    int q = 2;
    Eigen::Matrix3Xd projections; ///< the orthogonal projection of every point (3 x N)
    /// q = 2: the parallelogram's four corners, in order round it; q = 1: the segment's two
    /// ends (the other two columns repeat them).
    Eigen::Matrix<double, 3, 4> corners;
    Eigen::Vector3d normal() const; ///< u_3 (q = 2: the plane's normal)
};

/// Fits PCA to the 3 x N points and the q-dimensional manifold (q = 1 or 2). The manifold's
/// extent is the data's score range widened by `margin` (a fraction of it). Throws
/// ArgumentError for q outside 1..2 and for data PCA refuses.
Manifold3d fitManifold3d(const Eigen::Matrix3Xd& points, int q, double margin = 0.08);

} // namespace latentlab
