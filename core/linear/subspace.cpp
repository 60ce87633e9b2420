#include "linear/subspace.h"

#include "common/error.h"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <numbers>
#include <string>

namespace latentlab {

Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& a) {
    if (a.cols() < 1 || a.cols() > a.rows())
        throw ArgumentError("a basis of " + std::to_string(a.cols()) + " vectors in " +
                            std::to_string(a.rows()) + " dimensions");
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    return qr.householderQ() * Eigen::MatrixXd::Identity(a.rows(), a.cols());
}

Eigen::VectorXd principalAnglesDegrees(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw ArgumentError("principal angles need two bases of the same shape");
    const Eigen::MatrixXd qa = orthonormalBasis(a);
    const Eigen::MatrixXd qb = orthonormalBasis(b);
    const Eigen::MatrixXd overlap = qa.transpose() * qb;
    const Eigen::VectorXd cosines = Eigen::JacobiSVD<Eigen::MatrixXd>(overlap).singularValues();
    const Eigen::VectorXd sines =
        Eigen::JacobiSVD<Eigen::MatrixXd>(qb - qa * overlap).singularValues();
    // Cosines descend, so angles ascend; the sines of the same angles come in reverse order.
    const Eigen::Index q = cosines.size();
    Eigen::VectorXd angles(q);
    for (Eigen::Index k = 0; k < q; ++k)
        angles(k) = std::atan2(sines(q - 1 - k), cosines(k)) * 180.0 / std::numbers::pi;
    return angles;
}

} // namespace latentlab
