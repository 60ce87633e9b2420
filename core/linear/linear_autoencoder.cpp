#include "linear/linear_autoencoder.h"

#include "common/error.h"
#include "common/random.h"
#include "linear/subspace.h"

#include <Eigen/QR>
#include <cmath>
#include <sstream>

namespace latentlab {

using Eigen::MatrixXd;

std::string toString(AutoencoderKind kind) {
    static const char* const names[] = {"unconstrained", "tied", "tied-orthonormal"};
    return names[static_cast<int>(kind)];
}

namespace {

constexpr double kDivergedLoss = 1e12; ///< times tr S

bool tied(AutoencoderKind kind) {
    return kind != AutoencoderKind::Unconstrained;
}

/// The Q factor of W's thin QR decomposition with the signs that make R's diagonal positive.
MatrixXd retract(const MatrixXd& w) {
    const Eigen::HouseholderQR<MatrixXd> qr(w);
    MatrixXd q = qr.householderQ() * MatrixXd::Identity(w.rows(), w.cols());
    for (Eigen::Index j = 0; j < w.cols(); ++j)
        if (qr.matrixQR()(j, j) < 0.0)
            q.col(j) = -q.col(j);
    return q;
}

std::string autoencoderNumber(double x) {
    std::ostringstream out;
    out.precision(3);
    out << x;
    return out.str();
}

} // namespace

double LinearAutoencoder::suggestedLearningRate(const Pca& pca, AutoencoderKind kind) {
    if (pca.empty())
        throw ArgumentError("linear autoencoder: no data for a learning rate");
    return (tied(kind) ? 0.1 : 0.05) / pca.eigenvalues()(0);
}

LinearAutoencoder::LinearAutoencoder(const MatrixXd& data, const LinearAutoencoderOptions& options)
    : m_options(options) {
    const std::string what = "linear autoencoder";
    const auto d = data.rows();
    if (options.q < 1 || options.q >= d)
        throw ArgumentError(what + ": the code size q must be between 1 and d - 1 = " +
                            std::to_string(d - 1) + ", got " + std::to_string(options.q));
    if (!std::isfinite(options.learningRate) || options.learningRate < 0.0)
        throw ArgumentError(what +
                            ": the learning rate must be a finite number > 0 (0 = suggested)");
    const SampleMoments moments = sampleMoments(data, what, options.threads);
    m_mean = moments.mean;
    m_s = moments.covariance(CovarianceDivisor::N);
    m_traceS = m_s.trace();
    PcaOptions pcaOptions;
    pcaOptions.components = options.q;
    pcaOptions.divisor = CovarianceDivisor::N;
    m_pca = Pca(moments, pcaOptions);
    m_u = m_pca.leading(options.q);
    m_pcaLoss = m_pca.residualVariance(options.q);
    m_lr = options.learningRate > 0.0 ? options.learningRate
                                      : suggestedLearningRate(m_pca, options.kind);
    initialise();
}

void LinearAutoencoder::initialise() {
    const auto d = m_s.rows();
    const int q = m_options.q;
    Random rng(m_options.seed);
    const double sd = 1.0 / std::sqrt(double(d));
    auto draw = [&](MatrixXd& m, Eigen::Index rows, Eigen::Index cols) {
        m.resize(rows, cols);
        for (Eigen::Index r = 0; r < rows; ++r)
            for (Eigen::Index c = 0; c < cols; ++c)
                m(r, c) = sd * rng.normal();
    };
    if (tied(m_options.kind)) {
        draw(m_d, d, q);
        if (m_options.kind == AutoencoderKind::TiedOrthonormal)
            m_d = retract(m_d);
        m_e = m_d.transpose();
    } else {
        draw(m_e, q, d);
        draw(m_d, d, q);
    }
    m_steps = 0;
    m_history.clear();
    record();
}

void LinearAutoencoder::reset() {
    initialise();
}

double LinearAutoencoder::lossOf(const MatrixXd& e, const MatrixXd& d) const {
    // tr S - 2 tr(D E S) + tr((D^T D)(E S E^T)), with P = E S.
    const MatrixXd p = e * m_s;
    const double cross = (d.transpose().cwiseProduct(p)).sum();
    const double square = ((d.transpose() * d).cwiseProduct(p * e.transpose())).sum();
    return m_traceS - 2.0 * cross + square;
}

void LinearAutoencoder::record() {
    StepRecord r;
    r.step = m_steps;
    r.loss = lossOf(m_e, m_d);
    r.anglesDegrees = principalAnglesDegrees(m_d, m_u);
    r.projectorDistance = (m_d * m_e - m_u * m_u.transpose()).norm();
    m_history.push_back(std::move(r));
}

void LinearAutoencoder::step() {
    if (m_steps >= kMaxSteps)
        throw ArgumentError("linear autoencoder: at most " + std::to_string(kMaxSteps) + " steps");
    MatrixXd e, d;
    if (tied(m_options.kind)) {
        const MatrixXd& w = m_d;
        const MatrixXd sw = m_s * w;
        const MatrixXd gradient =
            -4.0 * sw + 2.0 * sw * (w.transpose() * w) + 2.0 * w * (w.transpose() * sw);
        d = w - m_lr * gradient;
        if (m_options.kind == AutoencoderKind::TiedOrthonormal && d.allFinite())
            d = retract(d);
        e = d.transpose();
    } else {
        const MatrixXd p = m_e * m_s; // E S
        const MatrixXd gradD = 2.0 * (m_d * (p * m_e.transpose()) - p.transpose());
        const MatrixXd gradE = 2.0 * ((m_d.transpose() * m_d) * p - (m_s * m_d).transpose());
        d = m_d - m_lr * gradD;
        e = m_e - m_lr * gradE;
    }
    const double loss = (d.allFinite() && e.allFinite()) ? lossOf(e, d) : INFINITY;
    if (!std::isfinite(loss) || loss > kDivergedLoss * m_traceS)
        throw ArgumentError("linear autoencoder: the learning rate " + autoencoderNumber(m_lr) +
                            " is too large: the loss diverged at step " +
                            std::to_string(m_steps + 1) + " (try " +
                            autoencoderNumber(m_lr / 10.0) + " or less)");
    m_e = std::move(e);
    m_d = std::move(d);
    ++m_steps;
    record();
}

void LinearAutoencoder::run(int count) {
    for (int i = 0; i < count; ++i)
        step();
}

MatrixXd LinearAutoencoder::decoderInPrincipalBasis() const {
    return m_u.transpose() * m_d;
}

MatrixXd LinearAutoencoder::reconstruct(const MatrixXd& x) const {
    if (x.rows() != m_mean.size())
        throw ArgumentError("linear autoencoder: points of dimension " + std::to_string(x.rows()) +
                            " for a model of dimension " + std::to_string(m_mean.size()));
    MatrixXd r = m_d * (m_e * (x.colwise() - m_mean));
    r.colwise() += m_mean;
    return r;
}

} // namespace latentlab
