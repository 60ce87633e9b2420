#pragma once
// Principal component analysis.
//
// Data orientation: X is d x N, one column per observation x_i (as everywhere in core/).
// With the sample mean mu = (1/N) sum_i x_i and the sample covariance
//
//     S = 1/(N-1) sum_i (x_i - mu)(x_i - mu)^T        (the divisor N-1, as scikit-learn)
//
// PCA is the eigendecomposition S = U L U^T, eigenvalues l_1 >= l_2 >= ... >= l_d >= 0 (the
// variance of the data along each principal direction, scikit-learn's explained_variance_)
// and unit eigenvectors u_j (the principal components, scikit-learn's components_ as
// columns). The q leading components span the q-dimensional linear manifold through mu that
// is closest to the data in squared distance:
//
//     projection (scores)   z_i = U_q^T (x_i - mu)                        (q numbers)
//     reconstruction        x^_i = mu + U_q z_i        (the orthogonal projection onto it)
//     residual              x_i - x^_i, orthogonal to every u_j, j <= q
//     reconstruction error  (1/N) sum_i |x_i - x^_i|^2 = (N-1)/N sum_{j>q} l_j
//     noise variance        sigma^2(q) = 1/(d-q) sum_{j>q} l_j   (probabilistic PCA's ML
//                           estimate, scikit-learn's noise_variance_; see ppca.h)
//
// Solvers. Full: all d eigenpairs of S by Eigen's SelfAdjointEigenSolver (for small d: the
// 2D and 3D views). Leading: only the q leading eigenpairs, by Spectra's implicitly
// restarted Lanczos method on S (for images: d = 784, q = 100), to a residual of 1e-13 of
// the eigenvalue, so eigenvalues and components agree with the full decomposition to about
// 1e-12; if Lanczos fails to converge the full solver is used instead (solver() says which).
// Either way S is formed once, from the centred data in fixed blocks summed in a fixed order
// (bit-identical results for any number of threads).
//
// Sign convention. An eigenvector's sign is arbitrary; we fix it as scikit-learn's svd_flip:
// - LargestLoading (default): the entry of u_j with the largest magnitude is positive (the
//   first such entry on a tie): svd_flip(u_based_decision=False), which scikit-learn's PCA
//   uses from version 1.5. Free to compute.
// - LargestScore: the observation with the largest |z_ij| gets a positive score (the first
//   such observation on a tie): svd_flip(u_based_decision=True), scikit-learn's PCA up to
//   1.4 (Debian 12 ships 1.2). Costs one more pass over the data (N d q multiply-adds).
//
// Degenerate data. Fewer than 2 observations, non-finite values, values beyond 1e100 and
// constant data (zero variance in every direction) are refused with an ArgumentError. Data
// that span fewer than d dimensions (collinear points, images with constant pixels) are fine:
// the surplus eigenvalues are 0 and their components an arbitrary orthonormal completion;
// rank() counts the others. Probabilistic PCA refuses sigma^2(q) = 0 (see ppca.h).

#include <Eigen/Core>
#include <string>

namespace latentlab {

enum class PcaSolver {
    Auto,   ///< Leading when d > kAutoFullMaxDimension and q <= d / 4, else Full
    Full,   ///< all d eigenpairs (Eigen::SelfAdjointEigenSolver)
    Leading ///< the q leading eigenpairs (Spectra's Lanczos method)
};
std::string toString(PcaSolver solver); ///< "auto", "full", "leading"

enum class SignConvention {
    LargestLoading, ///< max |u_kj| positive: svd_flip(u_based_decision=False), scikit-learn >= 1.5
    LargestScore    ///< max |z_ij| positive: svd_flip(u_based_decision=True), scikit-learn <= 1.4
};

/// The divisor of the sample covariance. N-1 (the unbiased estimate) is scikit-learn's, so its
/// explained_variance_, noise_variance_ and score() match ours; N is the maximum-likelihood
/// estimate, the fixed point of EM for probabilistic PCA (see ppca.h).
enum class CovarianceDivisor { NMinusOne, N };

struct PcaOptions {
    /// How many leading eigenpairs to compute: 1 <= components <= d; 0 means all d.
    int components = 0;
    PcaSolver solver = PcaSolver::Auto;
    SignConvention signs = SignConvention::LargestLoading;
    CovarianceDivisor divisor = CovarianceDivisor::NMinusOne;
    int threads = 0; ///< for the covariance: 0 = all hardware threads; never changes results
};

/// The sample mean and the scatter matrix sum_i (x_i - mu)(x_i - mu)^T (d x d, both
/// triangles filled) of a d x N data set: everything PCA, probabilistic PCA and the linear
/// autoencoder need from the data. Computing it is the expensive part (N d^2 / 2
/// multiply-adds); keep it to fit several models to the same data.
struct SampleMoments {
    Eigen::VectorXd mean;
    Eigen::MatrixXd scatter;
    Eigen::Index n = 0;

    Eigen::Index d() const { return mean.size(); }
    /// scatter / (N-1) or scatter / N.
    Eigen::MatrixXd covariance(CovarianceDivisor divisor) const;
};

/// Checks the data (see "Degenerate data" above; `model` names the caller in the message,
/// e.g. "PCA") and computes the moments. threads: 0 = all hardware threads.
SampleMoments sampleMoments(const Eigen::MatrixXd& data, const std::string& model = "PCA",
                            int threads = 0);

class Pca {
public:
    static constexpr int kAutoFullMaxDimension = 64; ///< Auto uses Full up to this d
    static constexpr int kMaxDimension = 4096;       ///< larger d is refused (S alone: 128 MiB)
    static constexpr double kMaxAbsData = 1e100;     ///< larger coordinates are refused
    /// Eigenvalues at or below this fraction of the largest count as zero (rounding noise of S).
    static constexpr double kZeroEigenvalueRatio = 1e-12;

    Pca() = default; ///< empty: d() == 0
    /// Fits the d x N data. Throws ArgumentError (one sentence) for bad data or options.
    explicit Pca(const Eigen::MatrixXd& data, const PcaOptions& options = {});
    /// From moments already computed (options.threads is not used).
    Pca(const SampleMoments& moments, const PcaOptions& options);
    /// Only with SignConvention::LargestScore, which needs the data itself.
    Pca(const SampleMoments& moments, const Eigen::MatrixXd& data, const PcaOptions& options);

    bool empty() const { return m_mean.size() == 0; }
    int d() const { return static_cast<int>(m_mean.size()); }
    Eigen::Index n() const { return m_n; }
    /// Number of eigenpairs computed (options.components, or d).
    int componentCount() const { return static_cast<int>(m_eigenvalues.size()); }
    PcaSolver solver() const { return m_solver; } ///< Full or Leading: the one that was used
    const PcaOptions& options() const { return m_options; }

    const Eigen::VectorXd& mean() const { return m_mean; } ///< mu (d)
    /// l_1 >= ... >= l_K >= 0 (K = componentCount()); scikit-learn's explained_variance_.
    const Eigen::VectorXd& eigenvalues() const { return m_eigenvalues; }
    /// d x K, column j the unit eigenvector u_j (scikit-learn's components_ transposed).
    const Eigen::MatrixXd& components() const { return m_components; }
    /// The first q columns of components() (U_q, d x q); 1 <= q <= componentCount().
    Eigen::MatrixXd leading(int q) const;
    /// trace(S) = sum of all d eigenvalues, known even when only K were computed.
    double totalVariance() const { return m_totalVariance; }
    /// l_j / trace(S) (K values): scikit-learn's explained_variance_ratio_.
    Eigen::VectorXd explainedVarianceRatio() const;
    /// Eigenvalues above kZeroEigenvalueRatio * l_1 among those computed.
    int rank() const;

    /// sum_{j>q} l_j, for 0 <= q <= K: the variance the first q components leave out.
    double residualVariance(int q) const;
    /// Mean squared reconstruction error (1/N) sum_i |x_i - x^_i|^2 with q components
    /// = (N-1)/N residualVariance(q) for the N-1 divisor, 0 <= q <= K.
    double reconstructionError(int q) const;
    /// reconstructionError(q) for q = 0..K (K + 1 values; index q).
    Eigen::VectorXd reconstructionErrors() const;
    /// sigma^2(q) = residualVariance(q) / (d - q), for 1 <= q <= K and q < d.
    double noiseVariance(int q) const;

    /// Scores U_q^T (x - mu): q x M for a d x M matrix x (any M, e.g. one test image).
    Eigen::MatrixXd project(const Eigen::MatrixXd& x, int q) const;
    /// mu + U_q z for a q x M matrix of scores (q = z.rows() <= K): d x M.
    Eigen::MatrixXd reconstruct(const Eigen::MatrixXd& z) const;
    /// The orthogonal projections mu + U_q U_q^T (x - mu) of the columns of x onto the
    /// q-dimensional principal manifold: d x M.
    Eigen::MatrixXd projectOntoManifold(const Eigen::MatrixXd& x, int q) const;

private:
    void fit(const SampleMoments& moments, const Eigen::MatrixXd* data);
    void checkQ(int q, int lo, const char* what) const;

    PcaOptions m_options;
    PcaSolver m_solver = PcaSolver::Full;
    Eigen::VectorXd m_mean;
    Eigen::VectorXd m_eigenvalues;
    Eigen::MatrixXd m_components;
    /// residual(q) = sum_{j>q} l_j for q = 0..K, from the eigenvalue tail when all d are known
    /// (no cancellation), else trace(S) minus the leading sum.
    Eigen::VectorXd m_residual;
    double m_totalVariance = 0.0;
    Eigen::Index m_n = 0;
};

} // namespace latentlab
