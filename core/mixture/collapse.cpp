#include "mixture/collapse.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>

namespace latentlab {

double log10Determinant(const Eigen::MatrixXd& sigma) {
    const double det = sigma.determinant();
    return det > 0 && std::isfinite(det) ? std::log10(det)
                                         : -std::numeric_limits<double>::infinity();
}

double largestVariance(const Eigen::MatrixXd& data) {
    if (data.cols() < 2)
        return 0.0;
    const Eigen::MatrixXd centred = data.colwise() - data.rowwise().mean();
    const Eigen::MatrixXd cov = centred * centred.transpose() / static_cast<double>(data.cols());
    return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(cov, Eigen::EigenvaluesOnly)
        .eigenvalues()
        .maxCoeff();
}

std::vector<int> collapsedComponents(const MixtureParams& params, CovarianceType type, double reg,
                                     double dataVariance) {
    std::vector<int> out;
    if (type == CovarianceType::Tied || !(reg > 0) || !(dataVariance > 0))
        return out;
    const double orders = std::pow(10.0, -kCollapseOrders);
    for (int k = 0; k < params.k(); ++k) {
        const Eigen::MatrixXd& s = params.covariances[static_cast<std::size_t>(k)];
        if (s.rows() == 0 || !s.allFinite())
            continue;
        const double smallest =
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(s, Eigen::EigenvaluesOnly)
                .eigenvalues()
                .minCoeff();
        if (smallest <= kCollapseRegFactor * reg && smallest <= orders * dataVariance)
            out.push_back(k);
    }
    return out;
}

} // namespace latentlab
