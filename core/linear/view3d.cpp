#include "linear/view3d.h"

#include "common/error.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

namespace latentlab {

Rotation3 rotationFromYawPitch(double yaw, double pitch) {
    return (Eigen::AngleAxisd(pitch, Eigen::Vector3d::UnitX()) *
            Eigen::AngleAxisd(yaw, Eigen::Vector3d::UnitY()))
        .toRotationMatrix();
}

Rotation3 dragged(const Rotation3& r, double dx, double dy, double radiansPerPixel) {
    // About the screen's y axis by +k dx (the front, +z, moves right) and about its x axis
    // by -k dy (the front moves up), applied after r: the screen's axes, not the world's.
    const Rotation3 turn = (Eigen::AngleAxisd(-dy * radiansPerPixel, Eigen::Vector3d::UnitX()) *
                            Eigen::AngleAxisd(dx * radiansPerPixel, Eigen::Vector3d::UnitY()))
                               .toRotationMatrix();
    return orthonormalized(turn * r);
}

Rotation3 lookingAlong(const Rotation3& r, const Eigen::Vector3d& direction) {
    const double len = direction.norm();
    if (!(len > 0) || !std::isfinite(len))
        throw ArgumentError("lookingAlong: the direction must be finite and non-zero");
    const Eigen::Vector3d view = r.row(2).transpose(); // the world direction at the viewer
    Eigen::Vector3d d = direction / len;
    if (d.dot(view) < 0)
        d = -d;
    // G turns d onto the current viewing direction by the shortest arc; r G then shows d
    // at the viewer: (r G) d = r view = e_2.
    const Eigen::Quaterniond g = Eigen::Quaterniond::FromTwoVectors(d, view);
    return orthonormalized(r * g.toRotationMatrix());
}

Rotation3 pcBasisView(const Eigen::MatrixXd& components) {
    if (components.rows() != 3 || components.cols() < 2)
        throw ArgumentError("pcBasisView: expected 3 x 2 or 3 x 3 components");
    Rotation3 r;
    const Eigen::Vector3d u1 = components.col(0).normalized();
    const Eigen::Vector3d u2 = (components.col(1) - u1.dot(components.col(1)) * u1).normalized();
    r.row(0) = u1.transpose();
    r.row(1) = u2.transpose();
    r.row(2) = u1.cross(u2).transpose();
    return r;
}

Rotation3 interpolated(const Rotation3& a, const Rotation3& b, double t) {
    if (!(t > 0))
        return a;
    if (t >= 1)
        return b;
    const Eigen::Quaterniond qa(a), qb(b);
    return qa.slerp(t, qb).normalized().toRotationMatrix(); // slerp takes the shorter arc
}

Rotation3 orthonormalized(const Rotation3& r) {
    return Eigen::Quaterniond(r).normalized().toRotationMatrix();
}

Eigen::Matrix2Xd projectOrthographic(const Rotation3& r, const Eigen::Vector3d& centre,
                                     const Eigen::Matrix3Xd& points) {
    return r.topRows<2>() * (points.colwise() - centre);
}

double rotationAngle(const Rotation3& a, const Rotation3& b) {
    const double c = ((a.transpose() * b).trace() - 1.0) / 2.0;
    return std::acos(std::clamp(c, -1.0, 1.0));
}

Eigen::Vector3d Manifold3d::normal() const {
    return pca.components().col(2);
}

Manifold3d fitManifold3d(const Eigen::Matrix3Xd& points, int q, double margin) {
    if (q < 1 || q > 2)
        throw ArgumentError(
            "the 3D view's manifold is a line (q = 1) or a plane (q = 2), got q = " +
            std::to_string(q));
    Manifold3d m;
    m.q = q;
    m.pca = Pca(Eigen::MatrixXd(points));
    m.projections = m.pca.projectOntoManifold(points, q);
    const Eigen::MatrixXd z = m.pca.project(points, q); // q x N scores
    Eigen::Vector2d lo = Eigen::Vector2d::Zero(), hi = Eigen::Vector2d::Zero();
    for (int k = 0; k < q; ++k) {
        const double a = z.row(k).minCoeff(), b = z.row(k).maxCoeff();
        const double pad = margin * (b - a);
        lo(k) = a - pad;
        hi(k) = b + pad;
    }
    const Eigen::Vector3d mu = m.pca.mean();
    const Eigen::Vector3d u1 = m.pca.components().col(0), u2 = m.pca.components().col(1);
    if (q == 2) {
        m.corners.col(0) = mu + lo(0) * u1 + lo(1) * u2;
        m.corners.col(1) = mu + hi(0) * u1 + lo(1) * u2;
        m.corners.col(2) = mu + hi(0) * u1 + hi(1) * u2;
        m.corners.col(3) = mu + lo(0) * u1 + hi(1) * u2;
    } else {
        m.corners.col(0) = m.corners.col(3) = mu + lo(0) * u1;
        m.corners.col(1) = m.corners.col(2) = mu + hi(0) * u1;
    }
    return m;
}

} // namespace latentlab
