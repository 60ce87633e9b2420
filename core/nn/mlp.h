#pragma once
// A multi-layer perceptron of dense layers: a_0 = x, a_l = ReLU(W_l a_{l-1} + b_l) for the
// hidden layers and a linear last layer (the caller applies its own output non-linearity:
// Bernoulli logits, or the (mu, log sigma^2) head of the VAE encoder).
//
// Orientation: one column per observation (Eigen is column-major, so each observation is
// contiguous). The parameters are not owned here: they live in one flat buffer that the
// caller owns, laid out layer by layer as W_l (out x in, column-major) then b_l. A flat
// buffer makes Adam, sharing the gradient out between threads and weight snapshots plain loops
// or copies. The class is a template on the scalar so that the gradient checks can run in
// double; the engine uses float.

#include "common/random.h"

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace latentlab {

template <typename Scalar> class MlpT {
public:
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    using MatrixMap = Eigen::Map<Matrix>;
    using ConstMatrixMap = Eigen::Map<const Matrix>;
    using VectorMap = Eigen::Map<Vector>;
    using ConstVectorMap = Eigen::Map<const Vector>;

    /// Preallocated activations and deltas for up to maxColumns observations, so that the
    /// training loop allocates none of its own buffers: a batch of n <= maxColumns uses the
    /// first n columns. (Eigen's matrix products still take their packing buffers from the
    /// heap when they exceed EIGEN_STACK_ALLOCATION_LIMIT: heaptrack counts about 14 such
    /// allocations per batch of the default network; they are reused blocks, not growth.)
    class Workspace {
    public:
        Workspace() = default;
        Workspace(const MlpT& mlp, Eigen::Index maxColumns);
        Eigen::Index maxColumns() const { return m_maxColumns; }
        Eigen::Index columns() const { return m_columns; }
        /// a_l for l = 1..L (a_0 is the caller's input), first columns() columns.
        MatrixMap activation(int l);
        ConstMatrixMap activation(int l) const;
        /// The network output a_L.
        ConstMatrixMap output() const { return activation(static_cast<int>(m_act.size())); }

    private:
        friend class MlpT;
        MatrixMap delta(int l);
        ConstMatrixMap delta(int l) const;
        // The input of the last forward() (the caller keeps it alive until the gradient is
        // complete): the first layer's weight gradient needs it.
        const Scalar* m_input = nullptr;
        Eigen::Index m_inputStride = 0;
        // The input by pixel (compressed sparse rows): the observations in which input row r
        // is non-zero are m_sparseCol[r * maxColumns .. m_sparseEnd[r]), with values. A room of
        // maxColumns entries per row lets one pass over the non-zeros fill the lists.
        // Eigen vectors, not std::vector: sized without being zeroed (tens of megabytes for a
        // large batch, written before they are read), so a workspace is cheap to make.
        Eigen::VectorXi m_sparseEnd, m_sparseCol;
        Eigen::Matrix<Scalar, Eigen::Dynamic, 1> m_sparseValue;
        // The same non-zeros by observation (compressed sparse columns), for the forward pass:
        // observation c's non-zero input rows are m_obsRow[c * inputSize .. m_obsEnd[c]).
        Eigen::VectorXi m_obsEnd, m_obsRow;
        Eigen::Matrix<Scalar, Eigen::Dynamic, 1> m_obsValue;
        bool m_sparse = false;
        std::vector<Matrix> m_act;   // m_act[l-1] holds a_l
        std::vector<Matrix> m_delta; // m_delta[l-1] holds dLoss/d(pre-activation of layer l)
        Eigen::Index m_maxColumns = 0;
        Eigen::Index m_columns = 0;
    };

    MlpT() = default;
    /// sizes = {input, hidden..., output}; at least two entries, all positive.
    explicit MlpT(std::vector<int> sizes);

    const std::vector<int>& sizes() const { return m_sizes; }
    int layers() const { return static_cast<int>(m_sizes.size()) - 1; }
    int inputSize() const { return m_sizes.front(); }
    int outputSize() const { return m_sizes.back(); }
    std::size_t parameterCount() const { return m_offsets.back(); }

    /// Offset of W_l (l = 1..L) in the flat buffer; b_l follows W_l.
    std::size_t weightOffset(int l) const { return m_offsets[l - 1]; }
    std::size_t biasOffset(int l) const {
        return m_offsets[l - 1] + std::size_t(m_sizes[l]) * m_sizes[l - 1];
    }
    ConstMatrixMap weight(const Scalar* params, int l) const {
        return ConstMatrixMap(params + weightOffset(l), m_sizes[l], m_sizes[l - 1]);
    }
    ConstVectorMap bias(const Scalar* params, int l) const {
        return ConstVectorMap(params + biasOffset(l), m_sizes[l]);
    }

    /// PyTorch's default for Linear layers, so that both implementations start from the same
    /// distribution: W_l and b_l uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)].
    void initialise(Scalar* params, Random& rng) const;

    /// Forward pass of the n = input.cols() observations; the result is ws.output().
    void forward(const Scalar* params, const Eigen::Ref<const Matrix>& input, Workspace& ws) const;

    /// Backward pass after forward() with the same input: given dLoss/d(output), writes
    /// dLoss/dW_l and dLoss/db_l into grad (same layout as params, overwritten, not added)
    /// and, when dInput is not null, dLoss/d(input) (inputSize() x n, column-major) into it.
    void backward(const Scalar* params, const Eigen::Ref<const Matrix>& input, Workspace& ws,
                  const Eigen::Ref<const Matrix>& dOutput, Scalar* grad,
                  Scalar* dInput = nullptr) const;

    /// The backward pass in two halves, so that threads that each hold a slice of a batch can
    /// share out the weight gradients instead of each computing all of them for its slice
    /// and then summing whole gradient buffers:
    /// - after forward(), write dLoss/d(output) into outputDelta(ws) and call deltas(), which
    ///   computes dLoss/d(pre-activation) of every layer and, when dInput is not null,
    ///   dLoss/d(input);
    /// - then weightGradient() sums dLoss/dW_l over the slices' workspaces for a range of
    ///   W_l's columns (and dLoss/db_l when withBias). The slices are summed in the order
    ///   given, so the result depends only on how the batch was sliced.
    MatrixMap outputDelta(Workspace& ws) const { return ws.delta(layers()); }
    void deltas(const Scalar* params, Workspace& ws, Scalar* dInput = nullptr) const;
    void weightGradient(int l, const Workspace* const* slices, int count, int colBegin, int colEnd,
                        bool withBias, Scalar* grad) const;

private:
    // The first layer is the largest (784 x 512) and MNIST inputs are mostly zero (about 19%
    // of the pixels are non-zero, and a binarised image has some 100 ones): for such inputs
    // W_1 x and delta_1 x^T are computed from the non-zeros only.
    bool prepareSparse(const Eigen::Ref<const Matrix>& input, Workspace& ws) const;
    void sparseForward(const Scalar* params, const Workspace& ws, MatrixMap a) const;
    // Columns [colBegin, colEnd) of dLoss/dW_1, added to what is there when accumulate.
    void sparseWeightGradient(const Workspace& ws, Scalar* gW, int colBegin, int colEnd,
                              bool accumulate) const;

    std::vector<int> m_sizes;
    std::vector<std::size_t> m_offsets; // offset of W_l for l = 1..L, then the total
};

using Mlp = MlpT<float>;

extern template class MlpT<float>;
extern template class MlpT<double>;

} // namespace latentlab
