#include "linear/pca.h"

#include "common/error.h"
#include "common/thread_team.h"

#include <Eigen/Eigenvalues>
#include <Spectra/SymEigsSolver.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

namespace latentlab {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string toString(PcaSolver solver) {
    static const char* const names[] = {"auto", "full", "leading"};
    return names[static_cast<int>(solver)];
}

namespace {

// The scatter matrix's lower triangle is cut into up to kMaxPanels panels of columns with
// about equal areas. The points go through in blocks, centred into a buffer, and each panel
// adds its share of the block's outer products with one matrix product. Every entry is
// summed in the same order whoever computes its panel, so the result does not depend on the
// number of threads, and nothing but the matrix and one block is ever held.
constexpr Index kMaxPanels = 8;
constexpr Index kMinPanelWidth = 64;
constexpr double kMinThreadedWork = 1 << 22; ///< multiply-adds N v^2: below, one thread
constexpr Index kBlockBytes = 1 << 21;       ///< a centred block: 2 MiB
constexpr Index kMaxBlock = 4096;

// Spectra's convergence test: residual < tol * |theta|, on S scaled to trace 1.
constexpr double kLanczosTolerance = 1e-13;
constexpr Index kLanczosMaxRestarts = 200;

void checkShape(const MatrixXd& data, const std::string& model) {
    const Index d = data.rows(), n = data.cols();
    if (d < 1)
        throw ArgumentError(model + " needs data with at least one dimension");
    if (d > Pca::kMaxDimension)
        throw ArgumentError(model + " of " + std::to_string(d) +
                            "-dimensional data is not supported (at most " +
                            std::to_string(Pca::kMaxDimension) + " dimensions)");
    if (n < 2)
        throw ArgumentError(model + " needs at least 2 points, got " + std::to_string(n));
}

/// Throws for the first non-finite value or value beyond kMaxAbsData (known to exist).
[[noreturn]] void reportBadValue(const MatrixXd& data, const std::string& model) {
    for (Index i = 0; i < data.cols(); ++i) {
        for (Index r = 0; r < data.rows(); ++r) {
            const double v = data(r, i);
            const std::string where = " in coordinate " + std::to_string(r + 1);
            if (!std::isfinite(v))
                throw ArgumentError(model + ": point " + std::to_string(i + 1) +
                                    " has a non-finite value (" +
                                    (std::isnan(v) ? "NaN" : "infinity") + ")" + where);
            if (std::abs(v) > Pca::kMaxAbsData)
                throw ArgumentError(model + ": point " + std::to_string(i + 1) +
                                    " has a value beyond 1e100" + where);
        }
    }
    throw ArgumentError(model + ": the data hold a value that is not finite");
}

/// Column boundaries 0 = c_0 < c_1 < ... < c_P = v of panels with about equal areas of the
/// v x v lower triangle: c_p = v (1 - sqrt(1 - p / P)).
std::vector<Index> panelBounds(Index v) {
    const Index panels = std::clamp<Index>(v / kMinPanelWidth, 1, kMaxPanels);
    std::vector<Index> bounds{0};
    for (Index p = 1; p < panels; ++p) {
        const Index c =
            Index(std::lround(double(v) * (1.0 - std::sqrt(1.0 - double(p) / double(panels)))));
        if (c > bounds.back() && c < v)
            bounds.push_back(c);
    }
    bounds.push_back(v);
    return bounds;
}

int threadCount(int requested) {
    if (requested > 0)
        return requested;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

struct Eigenpairs {
    VectorXd values;  ///< the leading k, descending
    MatrixXd vectors; ///< v x k
    VectorXd all;     ///< all v eigenvalues, descending, when the full solver ran (else empty)
    PcaSolver solver = PcaSolver::Full;
};

/// y = scale * A x for Spectra, without a scaled copy of A.
class ScaledProduct {
public:
    using Scalar = double;
    ScaledProduct(const MatrixXd& a, double scale) : m_a(a), m_scale(scale) {}
    Index rows() const { return m_a.rows(); }
    Index cols() const { return m_a.cols(); }
    void perform_op(const double* in, double* out) const {
        Eigen::Map<VectorXd>(out, m_a.rows()).noalias() =
            m_scale * (m_a * Eigen::Map<const VectorXd>(in, m_a.cols()));
    }

private:
    const MatrixXd& m_a;
    double m_scale;
};

/// The k leading eigenpairs of f A for the symmetric positive semi-definite A (v x v, both
/// triangles filled, positive trace) and f > 0, 1 <= k <= v.
Eigenpairs leadingEigenpairs(const MatrixXd& a, double f, Index k, PcaSolver solver) {
    const Index v = a.rows();
    Eigenpairs out;
    if (solver == PcaSolver::Leading && k < v) {
        // Lanczos on A / trace(A): Spectra's convergence threshold has an absolute floor
        // (eps^(2/3)), so the scale of the data must not decide how exact the result is.
        const double trace = a.trace();
        ScaledProduct op(a, 1.0 / trace);
        const Index ncv = std::min<Index>(v, std::max<Index>(2 * k + 1, k + 20));
        Spectra::SymEigsSolver<ScaledProduct> eig(op, k, ncv);
        eig.init();
        eig.compute(Spectra::SortRule::LargestAlge, kLanczosMaxRestarts, kLanczosTolerance,
                    Spectra::SortRule::LargestAlge);
        if (eig.info() == Spectra::CompInfo::Successful && eig.eigenvalues().size() == k) {
            out.values = eig.eigenvalues() * (trace * f);
            out.vectors = eig.eigenvectors();
            out.solver = PcaSolver::Leading;
            return out;
        }
        // Not converged (rare: a cluster of equal eigenvalues at the cut): the full solver.
    }
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(f * a);
    if (eig.info() != Eigen::Success)
        throw ArgumentError("PCA: the eigendecomposition of the covariance did not converge");
    out.all = eig.eigenvalues().reverse();
    out.values = out.all.head(k);
    out.vectors = eig.eigenvectors().rowwise().reverse().leftCols(k);
    out.solver = PcaSolver::Full;
    return out;
}
} // namespace

MatrixXd SampleMoments::covariance(CovarianceDivisor divisor) const {
    const double denominator = divisor == CovarianceDivisor::NMinusOne ? double(n - 1) : double(n);
    return scatter / denominator;
}

SampleMoments sampleMoments(const MatrixXd& data, const std::string& model, int threads) {
    checkShape(data, model);
    const Index d = data.rows(), n = data.cols();

    // Pass 1: the sums, which coordinates vary, the largest magnitude. A NaN or infinity makes
    // a sum non-finite (values up to 1e100 cannot overflow it), so one check finds them.
    VectorXd sum = VectorXd::Zero(d);
    Eigen::Array<bool, Eigen::Dynamic, 1> varies = Eigen::Array<bool, Eigen::Dynamic, 1>::Zero(d);
    double largest = 0.0;
    for (Index i = 0; i < n; ++i) {
        const auto x = data.col(i).array();
        sum.array() += x;
        varies = varies || (x != data.col(0).array());
        largest = std::max(largest, x.abs().maxCoeff());
    }
    if (!sum.allFinite() || !(largest <= Pca::kMaxAbsData))
        reportBadValue(data, model);

    SampleMoments m;
    m.n = n;
    m.mean = sum / double(n);
    // Coordinates with one value throughout (the border pixels of digits) have zero variance
    // exactly: their mean is that value and their rows of the scatter are zero, which the sum
    // below would only approximate (the mean of N copies of v is not always v in floating
    // point). They are left out of it, which also saves their share of the work.
    std::vector<Index> rows;
    for (Index r = 0; r < d; ++r) {
        if (varies(r))
            rows.push_back(r);
        else
            m.mean(r) = data(r, 0);
    }
    const Index v = static_cast<Index>(rows.size());
    const bool all = v == d;
    if (v == 0)
        throw ArgumentError(model + ": all " + std::to_string(n) +
                            " points are equal (zero variance): there is no principal direction");
    VectorXd mean(v);
    for (Index j = 0; j < v; ++j)
        mean(j) = m.mean(rows[static_cast<std::size_t>(j)]);

    // Pass 2: the lower triangle of sum_i (x_i - mu)(x_i - mu)^T, panel by panel per block.
    const std::vector<Index> bounds = panelBounds(v);
    const int panels = static_cast<int>(bounds.size()) - 1;
    const Index block = std::clamp<Index>(kBlockBytes / Index(sizeof(double) * v), 16, kMaxBlock);
    const bool threaded = double(n) * double(v) * double(v) >= kMinThreadedWork;
    const int team = threaded ? std::min(threadCount(threads), panels) : 1;
    MatrixXd scatter = MatrixXd::Zero(v, v);
    MatrixXd centred(v, std::min(block, n));
    Index b0 = 0, len = 0;
    auto centre = [&](Index from, Index to) {
        if (all) {
            centred.middleCols(from, to - from) =
                data.middleCols(b0 + from, to - from).colwise() - mean;
            return;
        }
        for (Index i = from; i < to; ++i)
            for (Index j = 0; j < v; ++j)
                centred(j, i) = data(rows[static_cast<std::size_t>(j)], b0 + i) - mean(j);
    };
    auto addPanel = [&](int p) {
        const Index c0 = bounds[static_cast<std::size_t>(p)];
        const Index w = bounds[static_cast<std::size_t>(p) + 1] - c0;
        scatter.block(c0, c0, v - c0, w).noalias() +=
            centred.block(c0, 0, v - c0, len) * centred.block(c0, 0, w, len).transpose();
    };
    std::unique_ptr<ThreadTeam> members;
    if (team > 1)
        members = std::make_unique<ThreadTeam>(team);
    auto centreJob = [&](int member) {
        centre(Index(ThreadTeam::shareBegin(std::size_t(len), member, team)),
               Index(ThreadTeam::shareBegin(std::size_t(len), member + 1, team)));
    };
    auto panelJob = [&](int member) {
        for (int p = member; p < panels; p += team)
            addPanel(p);
    };
    for (b0 = 0; b0 < n; b0 += block) {
        len = std::min(block, n - b0);
        if (members) {
            members->run(centreJob);
            members->run(panelJob);
        } else {
            centre(0, len);
            for (int p = 0; p < panels; ++p)
                addPanel(p);
        }
    }
    scatter.triangularView<Eigen::StrictlyUpper>() = scatter.transpose();
    if (all) {
        m.scatter = std::move(scatter);
    } else {
        m.scatter.setZero(d, d);
        m.scatter(rows, rows) = scatter;
    }

    // Constant data: every standard deviation below 1e-12 of the data's magnitude is rounding
    // noise of the mean, not a spread.
    const double total = m.scatter.trace() / double(n - 1);
    if (!(total > 0.0) || std::sqrt(total) <= 1e-12 * largest)
        throw ArgumentError(model + ": all " + std::to_string(n) +
                            " points are equal (zero variance): there is no principal direction");
    return m;
}

Pca::Pca(const MatrixXd& data, const PcaOptions& options) : m_options(options) {
    const SampleMoments moments = sampleMoments(data, "PCA", options.threads);
    fit(moments, &data);
}

Pca::Pca(const SampleMoments& moments, const PcaOptions& options) : m_options(options) {
    if (options.signs == SignConvention::LargestScore)
        throw ArgumentError(
            "PCA: the LargestScore sign convention needs the data, not only its moments");
    fit(moments, nullptr);
}

Pca::Pca(const SampleMoments& moments, const MatrixXd& data, const PcaOptions& options)
    : m_options(options) {
    if (data.rows() != moments.d() || data.cols() != moments.n)
        throw ArgumentError("PCA: the data do not match their moments");
    fit(moments, &data);
}

void Pca::fit(const SampleMoments& moments, const MatrixXd* data) {
    const Index d = moments.d();
    if (d < 1 || moments.n < 2 || moments.scatter.rows() != d || moments.scatter.cols() != d)
        throw ArgumentError("PCA: empty or inconsistent moments");
    const int k = m_options.components == 0 ? static_cast<int>(d) : m_options.components;
    if (k < 1 || k > d)
        throw ArgumentError("PCA: the number of components must be between 1 and d = " +
                            std::to_string(d) + ", got " + std::to_string(m_options.components));

    m_n = moments.n;
    m_mean = moments.mean;
    const double f = m_options.divisor == CovarianceDivisor::NMinusOne ? 1.0 / double(m_n - 1)
                                                                       : 1.0 / double(m_n);
    const MatrixXd& scatter = moments.scatter;
    m_totalVariance = f * scatter.trace();

    PcaSolver solver = m_options.solver;
    if (solver == PcaSolver::Auto)
        solver = (d > kAutoFullMaxDimension && 4 * k <= d) ? PcaSolver::Leading : PcaSolver::Full;

    // Coordinates of zero variance (sampleMoments makes their rows exactly zero) are set aside:
    // their eigenvalues are 0 with the unit vectors e_j as eigenvectors. The rest is solved.
    std::vector<Index> rows, constant;
    for (Index r = 0; r < d; ++r)
        (scatter(r, r) > 0.0 ? rows : constant).push_back(r);
    const Index v = static_cast<Index>(rows.size());
    if (v == 0)
        throw ArgumentError("PCA: the data have zero variance: there is no principal direction");
    MatrixXd reduced;
    if (v < d)
        reduced = scatter(rows, rows);
    const Eigenpairs eig =
        leadingEigenpairs(v < d ? reduced : scatter, f, std::min<Index>(k, v), solver);
    m_solver = eig.solver;

    m_eigenvalues = VectorXd::Zero(k);
    m_components = MatrixXd::Zero(d, k);
    const Index found = eig.values.size();
    m_eigenvalues.head(found) = eig.values;
    for (Index j = 0; j < found; ++j)
        for (Index r = 0; r < v; ++r)
            m_components(rows[static_cast<std::size_t>(r)], j) = eig.vectors(r, j);
    for (Index j = found; j < k; ++j)
        m_components(constant[static_cast<std::size_t>(j - found)], j) = 1.0;
    VectorXd all;
    if (eig.all.size() == v) {
        all = VectorXd::Zero(d);
        all.head(v) = eig.all;
    }
    // Rounding can make the eigenvalues of zero-variance directions slightly negative.
    m_eigenvalues = m_eigenvalues.cwiseMax(0.0);

    m_residual.resize(k + 1);
    if (all.size() == d) {
        // The tail sums, smallest first: no cancellation.
        double tail = 0.0;
        for (Index j = d - 1; j >= k; --j)
            tail += std::max(all(j), 0.0);
        m_residual(k) = tail;
        for (int q = k - 1; q >= 0; --q)
            m_residual(q) = m_residual(q + 1) + m_eigenvalues(q);
    } else {
        double lead = 0.0;
        for (int q = 0; q <= k; ++q) {
            m_residual(q) = std::max(m_totalVariance - lead, 0.0);
            if (q < k)
                lead += m_eigenvalues(q);
        }
    }

    // Signs (see pca.h). Ties go to the first index, as numpy's argmax.
    VectorXd sign = VectorXd::Ones(k);
    if (m_options.signs == SignConvention::LargestLoading) {
        for (int j = 0; j < k; ++j) {
            Index at = 0;
            m_components.col(j).cwiseAbs().maxCoeff(&at);
            if (m_components(at, j) < 0.0)
                sign(j) = -1.0;
        }
    } else {
        if (!data)
            throw ArgumentError("PCA: the LargestScore sign convention needs the data");
        // The score z_ij = u_j^T (x_i - mu) of largest magnitude, over blocks of points.
        VectorXd best = VectorXd::Constant(k, -1.0);
        const Index n = data->cols();
        const Index block = std::max<Index>(16, kBlockBytes / Index(sizeof(double) * d));
        MatrixXd centred(d, std::min(block, n));
        MatrixXd z(k, std::min(block, n));
        for (Index b = 0; b < n; b += block) {
            const Index len = std::min(block, n - b);
            centred.leftCols(len) = data->middleCols(b, len).colwise() - m_mean;
            z.leftCols(len).noalias() = m_components.transpose() * centred.leftCols(len);
            for (int j = 0; j < k; ++j) {
                for (Index i = 0; i < len; ++i) {
                    const double a = std::abs(z(j, i));
                    if (a > best(j)) {
                        best(j) = a;
                        sign(j) = z(j, i) < 0.0 ? -1.0 : 1.0;
                    }
                }
            }
        }
    }
    m_components = m_components * sign.asDiagonal();
}

void Pca::checkQ(int q, int lo, const char* what) const {
    if (empty())
        throw ArgumentError(std::string("PCA: ") + what + " of an empty model");
    if (q < lo || q > componentCount())
        throw ArgumentError(std::string("PCA: ") + what + " needs q between " + std::to_string(lo) +
                            " and " + std::to_string(componentCount()) + ", got " +
                            std::to_string(q));
}

MatrixXd Pca::leading(int q) const {
    checkQ(q, 1, "the leading components");
    return m_components.leftCols(q);
}

VectorXd Pca::explainedVarianceRatio() const {
    return m_eigenvalues / m_totalVariance;
}

int Pca::rank() const {
    if (empty())
        return 0;
    const double floor = kZeroEigenvalueRatio * m_eigenvalues(0);
    return static_cast<int>((m_eigenvalues.array() > floor).count());
}

double Pca::residualVariance(int q) const {
    checkQ(q, 0, "the residual variance");
    return m_residual(q);
}

double Pca::reconstructionError(int q) const {
    checkQ(q, 0, "the reconstruction error");
    const double divisor =
        m_options.divisor == CovarianceDivisor::NMinusOne ? double(m_n - 1) : double(m_n);
    return m_residual(q) * divisor / double(m_n);
}

VectorXd Pca::reconstructionErrors() const {
    VectorXd out(componentCount() + 1);
    for (int q = 0; q <= componentCount(); ++q)
        out(q) = reconstructionError(q);
    return out;
}

double Pca::noiseVariance(int q) const {
    checkQ(q, 1, "the noise variance");
    if (q >= d())
        throw ArgumentError("PCA: the noise variance needs q < d = " + std::to_string(d()) +
                            ", got " + std::to_string(q));
    return m_residual(q) / double(d() - q);
}

MatrixXd Pca::project(const MatrixXd& x, int q) const {
    checkQ(q, 1, "a projection");
    if (x.rows() != d())
        throw ArgumentError("PCA: points of dimension " + std::to_string(x.rows()) +
                            " cannot be projected by a model of dimension " + std::to_string(d()));
    return m_components.leftCols(q).transpose() * (x.colwise() - m_mean);
}

MatrixXd Pca::reconstruct(const MatrixXd& z) const {
    checkQ(static_cast<int>(z.rows()), 1, "a reconstruction");
    MatrixXd x = m_components.leftCols(z.rows()) * z;
    x.colwise() += m_mean;
    return x;
}

MatrixXd Pca::projectOntoManifold(const MatrixXd& x, int q) const {
    return reconstruct(project(x, q));
}

} // namespace latentlab
