#include "mlp.h"

#include "error.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

template <typename Scalar>
MlpT<Scalar>::Workspace::Workspace(const MlpT& mlp, Eigen::Index maxColumns)
    : m_maxColumns(maxColumns) {
    for (int l = 1; l <= mlp.layers(); ++l) {
        m_act.emplace_back(mlp.m_sizes[l], maxColumns);
        m_delta.emplace_back(mlp.m_sizes[l], maxColumns);
    }
    const std::size_t in = std::size_t(mlp.inputSize());
    m_sparseStart.resize(in + 1);
    m_sparseCol.resize(in * std::size_t(maxColumns));
    m_sparseValue.resize(in * std::size_t(maxColumns));
}

template <typename Scalar>
typename MlpT<Scalar>::MatrixMap MlpT<Scalar>::Workspace::activation(int l) {
    Matrix& a = m_act[l - 1];
    return MatrixMap(a.data(), a.rows(), m_columns);
}

template <typename Scalar>
typename MlpT<Scalar>::ConstMatrixMap MlpT<Scalar>::Workspace::activation(int l) const {
    const Matrix& a = m_act[l - 1];
    return ConstMatrixMap(a.data(), a.rows(), m_columns);
}

template <typename Scalar> typename MlpT<Scalar>::MatrixMap MlpT<Scalar>::Workspace::delta(int l) {
    Matrix& d = m_delta[l - 1];
    return MatrixMap(d.data(), d.rows(), m_columns);
}

template <typename Scalar> MlpT<Scalar>::MlpT(std::vector<int> sizes) : m_sizes(std::move(sizes)) {
    if (m_sizes.size() < 2)
        throw ArgumentError("an MLP needs at least an input and an output size");
    std::size_t offset = 0;
    for (std::size_t l = 1; l < m_sizes.size(); ++l) {
        if (m_sizes[l - 1] < 1 || m_sizes[l] < 1)
            throw ArgumentError("MLP layer sizes must be positive");
        m_offsets.push_back(offset);
        offset += std::size_t(m_sizes[l]) * (std::size_t(m_sizes[l - 1]) + 1);
    }
    m_offsets.push_back(offset);
}

template <typename Scalar> void MlpT<Scalar>::initialise(Scalar* params, Random& rng) const {
    for (int l = 1; l <= layers(); ++l) {
        const double bound = 1.0 / std::sqrt(double(m_sizes[l - 1]));
        Scalar* p = params + weightOffset(l);
        const std::size_t n = std::size_t(m_sizes[l]) * (std::size_t(m_sizes[l - 1]) + 1);
        for (std::size_t i = 0; i < n; ++i)
            p[i] = Scalar(rng.uniform(-bound, bound));
    }
}

template <typename Scalar>
void MlpT<Scalar>::forward(const Scalar* params, const Eigen::Ref<const Matrix>& input,
                           Workspace& ws) const {
    const Eigen::Index n = input.cols();
    if (n > ws.m_maxColumns || input.rows() != inputSize())
        throw ArgumentError("MLP forward: input does not fit the workspace");
    ws.m_columns = n;
    for (int l = 1; l <= layers(); ++l) {
        MatrixMap a = ws.activation(l);
        // a_l = W_l a_{l-1} + b_l (then ReLU on hidden layers)
        if (l == 1 && prepareSparse(input, ws))
            sparseForward(params, ws, a);
        else if (l == 1)
            a.noalias() = weight(params, l) * input;
        else
            a.noalias() = weight(params, l) * ws.activation(l - 1);
        if (l < layers())
            a = (a.colwise() + bias(params, l)).cwiseMax(Scalar(0));
        else
            a.colwise() += bias(params, l);
    }
}

template <typename Scalar>
void MlpT<Scalar>::backward(const Scalar* params, const Eigen::Ref<const Matrix>& input,
                            Workspace& ws, const Eigen::Ref<const Matrix>& dOutput, Scalar* grad,
                            Scalar* dInput) const {
    const Eigen::Index n = ws.m_columns;
    for (int l = layers(); l >= 1; --l) {
        MatrixMap d = ws.delta(l);
        if (l == layers()) {
            d = dOutput; // linear output: delta_L = dLoss/da_L
        } else {
            // delta_l = (W_{l+1}^T delta_{l+1}) .* [a_l > 0]   (ReLU derivative)
            d.noalias() = weight(params, l + 1).transpose() * ws.delta(l + 1);
            d = (ws.activation(l).array() > Scalar(0)).select(d, Scalar(0));
        }
        // dLoss/dW_l = delta_l a_{l-1}^T,  dLoss/db_l = sum over observations of delta_l
        MatrixMap gW(grad + weightOffset(l), m_sizes[l], m_sizes[l - 1]);
        VectorMap gb(grad + biasOffset(l), m_sizes[l]);
        if (l == 1 && ws.m_sparse)
            sparseWeightGradient(ws, d, gW.data());
        else if (l == 1)
            gW.noalias() = d * input.transpose();
        else
            gW.noalias() = d * ws.activation(l - 1).transpose();
        gb.noalias() = d.rowwise().sum();
    }
    if (dInput) {
        MatrixMap dx(dInput, inputSize(), n);
        dx.noalias() = weight(params, 1).transpose() * ws.delta(1);
    }
}

template <typename Scalar>
bool MlpT<Scalar>::prepareSparse(const Eigen::Ref<const Matrix>& input, Workspace& ws) const {
    const Eigen::Index rows = input.rows(), n = input.cols();
    ws.m_sparse = false;
    if (ws.m_sparseStart.size() != std::size_t(rows) + 1)
        return false;
    std::size_t nnz = 0;
    std::fill(ws.m_sparseStart.begin(), ws.m_sparseStart.end(), 0);
    for (Eigen::Index c = 0; c < n; ++c)
        for (Eigen::Index r = 0; r < rows; ++r)
            if (input(r, c) != Scalar(0)) {
                ++ws.m_sparseStart[std::size_t(r) + 1];
                ++nnz;
            }
    // Dense products win above roughly a third non-zeros.
    if (3 * nnz > std::size_t(rows * n))
        return false;
    for (Eigen::Index r = 0; r < rows; ++r)
        ws.m_sparseStart[std::size_t(r) + 1] += ws.m_sparseStart[std::size_t(r)];
    // Fill column by column, so that each pixel's list is in observation order.
    for (Eigen::Index c = 0; c < n; ++c)
        for (Eigen::Index r = 0; r < rows; ++r) {
            const Scalar v = input(r, c);
            if (v != Scalar(0)) {
                const int k = ws.m_sparseStart[std::size_t(r)]++;
                ws.m_sparseCol[std::size_t(k)] = int(c);
                ws.m_sparseValue[std::size_t(k)] = v;
            }
        }
    // The fill advanced each start to the next row's start: shift back.
    for (Eigen::Index r = rows; r > 0; --r)
        ws.m_sparseStart[std::size_t(r)] = ws.m_sparseStart[std::size_t(r) - 1];
    ws.m_sparseStart[0] = 0;
    ws.m_sparse = true;
    return true;
}

namespace {
// Rows are processed in blocks of kRowBlock so that the block of activations (or deltas) for
// all observations of a slice stays in L1 cache while each weight column block is reused.
constexpr int kRowBlock = 64;
} // namespace

template <typename Scalar>
void MlpT<Scalar>::sparseForward(const Scalar* params, Workspace& ws, MatrixMap a) const {
    const int out = m_sizes[1], in = m_sizes[0];
    const Scalar* W = params + weightOffset(1);
    a.setZero(); // the caller adds b_1
    for (int r0 = 0; r0 < out; r0 += kRowBlock) {
        const int rl = std::min(kRowBlock, out - r0);
        for (int j = 0; j < in; ++j) {
            const Scalar* __restrict w = W + std::size_t(j) * out + r0;
            const int k1 = ws.m_sparseStart[std::size_t(j) + 1];
            for (int k = ws.m_sparseStart[std::size_t(j)]; k < k1; ++k) {
                const Scalar v = ws.m_sparseValue[std::size_t(k)];
                Scalar* __restrict y =
                    a.data() + std::size_t(ws.m_sparseCol[std::size_t(k)]) * out + r0;
                if (rl == kRowBlock) {
                    for (int r = 0; r < kRowBlock; ++r)
                        y[r] += v * w[r];
                } else {
                    for (int r = 0; r < rl; ++r)
                        y[r] += v * w[r];
                }
            }
        }
    }
}

template <typename Scalar>
void MlpT<Scalar>::sparseWeightGradient(const Workspace& ws, const MatrixMap& d, Scalar* gW) const {
    const int out = m_sizes[1], in = m_sizes[0];
    for (int r0 = 0; r0 < out; r0 += kRowBlock) {
        const int rl = std::min(kRowBlock, out - r0);
        for (int j = 0; j < in; ++j) {
            // dLoss/dW_1[:, j] = sum over observations c with x_jc != 0 of x_jc delta_1[:, c]
            Scalar acc[kRowBlock] = {};
            const int k1 = ws.m_sparseStart[std::size_t(j) + 1];
            for (int k = ws.m_sparseStart[std::size_t(j)]; k < k1; ++k) {
                const Scalar v = ws.m_sparseValue[std::size_t(k)];
                const Scalar* __restrict dc =
                    d.data() + std::size_t(ws.m_sparseCol[std::size_t(k)]) * out + r0;
                if (rl == kRowBlock) {
                    for (int r = 0; r < kRowBlock; ++r)
                        acc[r] += v * dc[r];
                } else {
                    for (int r = 0; r < rl; ++r)
                        acc[r] += v * dc[r];
                }
            }
            std::copy(acc, acc + rl, gW + std::size_t(j) * out + r0);
        }
    }
}

template class MlpT<float>;
template class MlpT<double>;

} // namespace latentlab
