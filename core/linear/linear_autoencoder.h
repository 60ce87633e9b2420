#pragma once
// A linear autoencoder trained by full-batch gradient descent, to watch it find the
// principal subspace (Baldi and Hornik 1989).
//
// The data are centred on their mean first (a bias would only learn the mean), x_i below
// stands for x_i - mu. The encoder E (q x d) maps x to the code E x, the decoder D (d x q)
// maps it back; the loss is the mean squared reconstruction error
//
//     L(E, D) = (1/N) sum_i |x_i - D E x_i|^2 = tr S - 2 tr(D E S) + tr(D E S E^T D^T),
//
// S = (1/N) sum_i x_i x_i^T, so a step costs O(d^2 q) whatever N. Its gradients are
//
//     dL/dD = 2 (D E S E^T - S E^T),      dL/dE = 2 (D^T D E S - D^T S).
//
// Kinds:
// - Unconstrained: E and D free. Every minimum has D E = U_q U_q^T (the projection onto the
//   principal subspace) and the loss of PCA, sum_{j>q} l_j (l_j the eigenvalues of S), but
//   not D = U_q: for any invertible A, D A and A^-1 E reconstruct the same (scaling
//   invariance), so the weights wander and rescale while D E settles.
// - Tied: E = D^T = W^T, L(W) = tr S - 2 tr(W^T S W) + tr(W^T W W^T S W),
//     dL/dW = -4 S W + 2 S W W^T W + 2 W W^T S W;
//   its minima are W = U_q R with R orthogonal: only a rotation within the subspace is left.
// - TiedOrthonormal: tied, and after each step W is replaced by the Q factor of its QR
//   decomposition (signs so that R has a positive diagonal: the nearest such basis, no flips),
//   a retraction onto matrices with orthonormal columns; then L = tr S - tr(W^T S W).
//
// After every step (and for the initial weights) the history records the loss, the principal
// angles between span(D) and the principal subspace span(U_q) (degrees, ascending) and
// ||D E - U_q U_q^T||_F, the distance of the learned projection from PCA's.
//
// Initial weights: entries N(0, 1/d) from a Random seeded with `seed`, E row by row and then
// D row by row (tied: W row by row; orthonormal: then its QR factor), the same on every
// machine. The learning rate must suit the data's scale: steps diverge above roughly
// 1 / (2 l_1 |W|^2); suggestedLearningRate() gives a safe one. A step whose loss is not finite
// or explodes (beyond 1e12 tr S) is undone and reported as an ArgumentError: never NaN.

#include "linear/pca.h"

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

enum class AutoencoderKind { Unconstrained, Tied, TiedOrthonormal };
std::string toString(AutoencoderKind kind); ///< "unconstrained", "tied", "tied-orthonormal"

struct LinearAutoencoderOptions {
    int q = 1; ///< code size, 1 <= q < d
    AutoencoderKind kind = AutoencoderKind::Unconstrained;
    double learningRate = 0.0; ///< > 0; 0 = suggestedLearningRate()
    std::uint64_t seed = 0;
    int threads = 0; ///< for forming S: 0 = all hardware threads; never changes results
};

class LinearAutoencoder {
public:
    struct StepRecord {
        int step = 0;                   ///< 0 = the initial weights
        double loss = 0.0;              ///< L(E, D)
        Eigen::VectorXd anglesDegrees;  ///< q principal angles to span(U_q), ascending
        double projectorDistance = 0.0; ///< ||D E - U_q U_q^T||_F
    };
    static constexpr int kMaxSteps = 10000000; ///< steps() beyond this are refused

    /// data d x N. Throws ArgumentError (data as for PCA, 1 <= q < d, learning rate >= 0).
    LinearAutoencoder(const Eigen::MatrixXd& data, const LinearAutoencoderOptions& options);

    /// One gradient step; throws ArgumentError (and keeps the previous weights) if it diverges.
    void step();
    /// `count` steps (stopping at the first divergence, which is thrown).
    void run(int count);
    /// Back to the seeded initial weights; the history restarts.
    void reset();

    int steps() const { return m_steps; }
    const Eigen::MatrixXd& encoder() const { return m_e; } ///< E (q x d)
    const Eigen::MatrixXd& decoder() const { return m_d; } ///< D (d x q)
    /// The decoder in the principal basis, A = U_q^T D (q x q): D = U_q A once D has reached
    /// the subspace, and then E = A^-1 U_q^T; A shows the scaling and rotation the loss
    /// cannot see.
    Eigen::MatrixXd decoderInPrincipalBasis() const;
    double loss() const { return m_history.back().loss; }
    const StepRecord& current() const { return m_history.back(); }
    const std::vector<StepRecord>& history() const { return m_history; }
    /// mu + D E (x - mu) for each column of x: d x M.
    Eigen::MatrixXd reconstruct(const Eigen::MatrixXd& x) const;

    /// The smallest loss any linear autoencoder with q units reaches: PCA's, sum_{j>q} l_j.
    double pcaLoss() const { return m_pcaLoss; }
    const Pca& pca() const { return m_pca; } ///< the reference PCA (divisor N)
    const LinearAutoencoderOptions& options() const { return m_options; }
    double learningRate() const { return m_lr; }
    /// 0.1 / l_1 for tied kinds and 0.05 / l_1 unconstrained (l_1 the largest eigenvalue of
    /// S), well inside the stable range for the initial weights' scale.
    static double suggestedLearningRate(const Pca& pca, AutoencoderKind kind);

private:
    void initialise();
    void record();
    double lossOf(const Eigen::MatrixXd& e, const Eigen::MatrixXd& d) const;

    LinearAutoencoderOptions m_options;
    Eigen::VectorXd m_mean;
    Eigen::MatrixXd m_s; ///< S = (1/N) sum_i x_i x_i^T, centred
    double m_traceS = 0.0;
    Pca m_pca;
    Eigen::MatrixXd m_u; ///< U_q
    double m_pcaLoss = 0.0;
    double m_lr = 0.0;
    Eigen::MatrixXd m_e, m_d;
    int m_steps = 0;
    std::vector<StepRecord> m_history;
};

} // namespace latentlab
