#include "mixture/covariance_policy.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>

namespace latentlab {

using Eigen::MatrixXd;

CovarianceCheck CovariancePolicy::check(const MatrixXd& sigma, double meanScale) {
    CovarianceCheck c;
    if (!sigma.allFinite())
        return c;
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(sigma, Eigen::EigenvaluesOnly);
    if (eig.info() != Eigen::Success)
        return c;
    const double lo = eig.eigenvalues().minCoeff();
    const double hi = eig.eigenvalues().maxCoeff();
    c.smallestEigenvalue = lo;
    if (!(lo > 0.0) || !(lo > kConditionFloor * hi) ||
        !(lo > kRoundingFloor * kRoundingFloor * meanScale * meanScale))
        return c;
    c.usable = Eigen::LLT<MatrixXd>(sigma).info() == Eigen::Success;
    return c;
}

CovarianceCheck CovariancePolicy::settle(MatrixXd& sigma, const MatrixXd& kept, double meanScale) {
    const CovarianceCheck c = check(sigma, meanScale);
    if (!c.usable)
        sigma = kept;
    return c;
}

MatrixXd CovariancePolicy::dataCovariance(const MatrixXd& data, const Eigen::VectorXd& mean,
                                          double reg, CovarianceType type) {
    const auto d = data.rows();
    const MatrixXd centred = data.colwise() - mean;
    MatrixXd cov = centred * centred.transpose() / static_cast<double>(data.cols());
    cov = 0.5 * (cov + cov.transpose()) + reg * MatrixXd::Identity(d, d);
    {
        MixtureParams one;
        one.weights = Eigen::VectorXd::Ones(1);
        one.means = mean;
        one.covariances = {cov};
        cov = projectToType(one, type == CovarianceType::Tied ? CovarianceType::Full : type)
                  .covariances[0];
    }
    if (check(cov).usable)
        return cov;
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(cov);
    const double hi = eig.eigenvalues().maxCoeff();
    if (eig.info() == Eigen::Success && hi > 0.0 && std::isfinite(hi)) {
        const Eigen::VectorXd floored = eig.eigenvalues().cwiseMax(kDataFloor * hi);
        cov = eig.eigenvectors() * floored.asDiagonal() * eig.eigenvectors().transpose();
        cov = 0.5 * (cov + cov.transpose());
    }
    if (!check(cov).usable)
        cov = MatrixXd::Identity(d, d);
    return cov;
}

} // namespace latentlab
