#include "nn/mlp.h"

#include "common/error.h"

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
    const Eigen::Index in = mlp.inputSize();
    m_sparseEnd.resize(in);
    m_sparseCol.resize(in * maxColumns);
    m_sparseValue.resize(in * maxColumns);
    m_obsEnd.resize(maxColumns);
    m_obsRow.resize(in * maxColumns);
    m_obsValue.resize(in * maxColumns);
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

template <typename Scalar>
typename MlpT<Scalar>::ConstMatrixMap MlpT<Scalar>::Workspace::delta(int l) const {
    const Matrix& d = m_delta[l - 1];
    return ConstMatrixMap(d.data(), d.rows(), m_columns);
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
    ws.m_input = input.data();
    ws.m_inputStride = input.outerStride();
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
    ws.m_input = input.data();
    ws.m_inputStride = input.outerStride();
    MatrixMap dTop = outputDelta(ws);
    if (dTop.data() != dOutput.data())
        dTop = dOutput;
    deltas(params, ws, dInput);
    const Workspace* slice = &ws;
    for (int l = 1; l <= layers(); ++l)
        weightGradient(l, &slice, 1, 0, m_sizes[l - 1], true, grad);
}

template <typename Scalar>
void MlpT<Scalar>::deltas(const Scalar* params, Workspace& ws, Scalar* dInput) const {
    const Eigen::Index n = ws.m_columns;
    // delta_{l-1} = (W_l^T delta_l) .* [a_{l-1} > 0]   (ReLU derivative)
    for (int l = layers(); l > 1; --l) {
        MatrixMap below = ws.delta(l - 1);
        below.noalias() = weight(params, l).transpose() * ws.delta(l);
        below = (ws.activation(l - 1).array() > Scalar(0)).select(below, Scalar(0));
    }
    if (dInput) {
        MatrixMap dx(dInput, inputSize(), n);
        dx.noalias() = weight(params, 1).transpose() * ws.delta(1);
    }
}

template <typename Scalar>
void MlpT<Scalar>::weightGradient(int l, const Workspace* const* slices, int count, int colBegin,
                                  int colEnd, bool withBias, Scalar* grad) const {
    // dLoss/dW_l = sum over the slices of delta_l a_{l-1}^T (a_0 = the input), columns
    // [colBegin, colEnd) of it: rows [colBegin, colEnd) of a_{l-1}.
    const Eigen::Index cols = colEnd - colBegin;
    MatrixMap gW(grad + weightOffset(l), m_sizes[l], m_sizes[l - 1]);
    auto block = gW.middleCols(colBegin, cols);
    for (int s = 0; s < count; ++s) {
        const Workspace& ws = *slices[s];
        const auto d = ws.delta(l);
        if (l == 1 && ws.m_sparse) {
            sparseWeightGradient(ws, gW.data(), colBegin, colEnd, s > 0);
            continue;
        }
        const auto a = (l == 1 ? Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>(
                                     ws.m_input, m_sizes[0], ws.m_columns,
                                     Eigen::OuterStride<>(ws.m_inputStride))
                               : Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>(
                                     ws.activation(l - 1).data(), m_sizes[l - 1], ws.m_columns,
                                     Eigen::OuterStride<>(m_sizes[l - 1])))
                           .middleRows(colBegin, cols);
        if (s == 0)
            block.noalias() = d * a.transpose();
        else
            block.noalias() += d * a.transpose();
    }
    if (withBias) {
        // dLoss/db_l = sum over the observations of delta_l
        VectorMap gb(grad + biasOffset(l), m_sizes[l]);
        for (int s = 0; s < count; ++s) {
            if (s == 0)
                gb.noalias() = slices[s]->delta(l).rowwise().sum();
            else
                gb.noalias() += slices[s]->delta(l).rowwise().sum();
        }
    }
}

template <typename Scalar>
bool MlpT<Scalar>::prepareSparse(const Eigen::Ref<const Matrix>& input, Workspace& ws) const {
    const Eigen::Index rows = input.rows(), n = input.cols();
    ws.m_sparse = false;
    if (ws.m_sparseEnd.size() != rows)
        return false;
    // By observation first: one contiguous pass over each column, without branches (about a
    // fifth of MNIST's pixels are non-zero, in no pattern a branch predictor could learn).
    const std::size_t room = std::size_t(ws.m_maxColumns);
    std::size_t nnz = 0;
    for (Eigen::Index c = 0; c < n; ++c) {
        const std::size_t begin = std::size_t(c) * std::size_t(rows);
        std::size_t k = begin;
        for (Eigen::Index r = 0; r < rows; ++r) {
            const Scalar v = input(r, c);
            ws.m_obsRow[k] = int(r);
            ws.m_obsValue[k] = v;
            k += v != Scalar(0) ? 1 : 0;
        }
        ws.m_obsEnd[std::size_t(c)] = int(k);
        nnz += k - begin;
    }
    // Dense products win above roughly a third non-zeros.
    if (3 * nnz > std::size_t(rows * n))
        return false;
    // Then by input row, from those lists (observations in order, so each row's list is in
    // observation order too): only the non-zeros are visited.
    for (Eigen::Index r = 0; r < rows; ++r)
        ws.m_sparseEnd[std::size_t(r)] = int(std::size_t(r) * room);
    for (Eigen::Index c = 0; c < n; ++c) {
        const int k1 = ws.m_obsEnd[std::size_t(c)];
        for (int k = int(c) * int(rows); k < k1; ++k) {
            const int at = ws.m_sparseEnd[std::size_t(ws.m_obsRow[std::size_t(k)])]++;
            ws.m_sparseCol[std::size_t(at)] = int(c);
            ws.m_sparseValue[std::size_t(at)] = ws.m_obsValue[std::size_t(k)];
        }
    }
    ws.m_sparse = true;
    return true;
}

namespace {
// The sparse products keep a block of kRowBlock rows of their result column in registers
// while they sum over the non-zeros: 128 rows are 8 AVX-512 accumulators of floats, enough
// independent chains of fused multiply-adds to hide their latency. (Left to the compiler, the
// accumulators of a plain loop live on the stack, and each step waits for the previous
// one's store.) The sums run in the same order as a plain loop's, so the results are the
// same to the bit.
constexpr int kRowBlock = 128;

template <typename Scalar> using Packet = typename Eigen::internal::packet_traits<Scalar>::type;
template <typename Scalar>
constexpr int kLanes = Eigen::internal::unpacket_traits<Packet<Scalar>>::size;
} // namespace

template <typename Scalar>
void MlpT<Scalar>::sparseForward(const Scalar* params, const Workspace& ws, MatrixMap a) const {
    using namespace Eigen::internal;
    using P = Packet<Scalar>;
    constexpr int kL = kLanes<Scalar>, kPackets = kRowBlock / kL;
    const int out = m_sizes[1], in = m_sizes[0];
    const Eigen::Index n = a.cols();
    const Scalar* W = params + weightOffset(1);
    // a_1[:, c] = sum over the input rows j with x_jc != 0 of x_jc W_1[:, j] (the caller adds
    // b_1), a block of rows at a time held in registers, as in sparseWeightGradient; the
    // block of W_1 (128 rows, 400 KB for 784 inputs) stays in L2 cache across observations.
    int r0 = 0;
    for (; r0 + kRowBlock <= out; r0 += kRowBlock)
        for (Eigen::Index c = 0; c < n; ++c) {
            P acc[kPackets];
            for (int q = 0; q < kPackets; ++q)
                acc[q] = pset1<P>(Scalar(0));
            const int k1 = ws.m_obsEnd[std::size_t(c)];
            for (int k = int(c) * in; k < k1; ++k) {
                const P v = pset1<P>(ws.m_obsValue[std::size_t(k)]);
                const Scalar* w = W + std::size_t(ws.m_obsRow[std::size_t(k)]) * out + r0;
                for (int q = 0; q < kPackets; ++q)
                    acc[q] = pmadd(v, ploadu<P>(w + q * kL), acc[q]);
            }
            Scalar* y = a.data() + std::size_t(c) * out + r0;
            for (int q = 0; q < kPackets; ++q)
                pstoreu(y + q * kL, acc[q]);
        }
    // The rows left over (fewer than a block), in plain loops.
    if (r0 < out) {
        const int rl = out - r0;
        for (Eigen::Index c = 0; c < n; ++c) {
            Scalar acc[kRowBlock] = {};
            const int k1 = ws.m_obsEnd[std::size_t(c)];
            for (int k = int(c) * in; k < k1; ++k) {
                const Scalar v = ws.m_obsValue[std::size_t(k)];
                const Scalar* __restrict w =
                    W + std::size_t(ws.m_obsRow[std::size_t(k)]) * out + r0;
                for (int r = 0; r < rl; ++r)
                    acc[r] += v * w[r];
            }
            std::copy(acc, acc + rl, a.data() + std::size_t(c) * out + r0);
        }
    }
}

template <typename Scalar>
void MlpT<Scalar>::sparseWeightGradient(const Workspace& ws, Scalar* gW, int colBegin, int colEnd,
                                        bool accumulate) const {
    using namespace Eigen::internal;
    using P = Packet<Scalar>;
    constexpr int kL = kLanes<Scalar>, kPackets = kRowBlock / kL;
    const int out = m_sizes[1];
    const int room = int(ws.m_maxColumns);
    const auto d = ws.delta(1);
    const Scalar* dData = d.data();
    const std::size_t stride = std::size_t(d.outerStride());
    // dLoss/dW_1[:, j] (+)= sum over observations c with x_jc != 0 of x_jc delta_1[:, c]
    int r0 = 0;
    for (; r0 + kRowBlock <= out; r0 += kRowBlock)
        for (int j = colBegin; j < colEnd; ++j) {
            Scalar* g = gW + std::size_t(j) * out + r0;
            P acc[kPackets];
            for (int q = 0; q < kPackets; ++q)
                acc[q] = accumulate ? ploadu<P>(g + q * kL) : pset1<P>(Scalar(0));
            const int k1 = ws.m_sparseEnd[std::size_t(j)];
            for (int k = j * room; k < k1; ++k) {
                const P v = pset1<P>(ws.m_sparseValue[std::size_t(k)]);
                const Scalar* dc =
                    dData + std::size_t(ws.m_sparseCol[std::size_t(k)]) * stride + r0;
                for (int q = 0; q < kPackets; ++q)
                    acc[q] = pmadd(v, ploadu<P>(dc + q * kL), acc[q]);
            }
            for (int q = 0; q < kPackets; ++q)
                pstoreu(g + q * kL, acc[q]);
        }
    // The rows left over (fewer than a block), in plain loops.
    if (r0 < out) {
        const int rl = out - r0;
        for (int j = colBegin; j < colEnd; ++j) {
            Scalar* g = gW + std::size_t(j) * out + r0;
            Scalar acc[kRowBlock] = {};
            if (accumulate)
                std::copy(g, g + rl, acc);
            const int k1 = ws.m_sparseEnd[std::size_t(j)];
            for (int k = j * room; k < k1; ++k) {
                const Scalar v = ws.m_sparseValue[std::size_t(k)];
                const Scalar* __restrict dc =
                    dData + std::size_t(ws.m_sparseCol[std::size_t(k)]) * stride + r0;
                for (int r = 0; r < rl; ++r)
                    acc[r] += v * dc[r];
            }
            std::copy(acc, acc + rl, g);
        }
    }
}

template class MlpT<float>;
template class MlpT<double>;

} // namespace latentlab
