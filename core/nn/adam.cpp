#include "nn/adam.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
// The update runs chunk by chunk: a chunk of each stream (the gradient, m, v and theta, 4 KiB
// each) stays in L1 cache across the few Eigen passes of the update, so that memory sees
// every buffer once per step. The buffers hold about a million floats, far more
// than the L2 cache: whole-buffer passes would stream them from L3 or RAM once per pass.
constexpr std::size_t kChunk = 1024;
} // namespace

Adam::Adam(std::size_t parameterCount, AdamOptions options)
    : m_options(options), m_m(parameterCount, 0.f), m_v(parameterCount, 0.f) {}

void Adam::beginStep() {
    ++m_step;
    const double t = double(m_step);
    m_stepSize = float(m_options.learningRate / (1.0 - std::pow(m_options.beta1, t)));
    m_invSqrtBias2 = float(1.0 / std::sqrt(1.0 - std::pow(m_options.beta2, t)));
}

void Adam::update(float* params, const float* grad, std::size_t begin, std::size_t end) {
    const float b1 = float(m_options.beta1), b2 = float(m_options.beta2);
    const float eps = float(m_options.epsilon);
    // Eigen arrays keep each pass vectorised (std::sqrt in a plain loop stays scalar because
    // of errno); chunking makes the passes one pass over memory, instead of the six passes of
    // PyTorch's single-tensor Adam.
    using Map = Eigen::Map<Eigen::ArrayXf>;
    for (std::size_t c0 = begin; c0 < end;) {
        // Chunk boundaries at multiples of kChunk, so that every chunk but the first starts
        // on the buffers' (aligned) vector boundaries.
        const std::size_t c1 = std::min(end, (c0 / kChunk + 1) * kChunk);
        const Eigen::Index n = Eigen::Index(c1 - c0);
        Map theta(params + c0, n), m(m_m.data() + c0, n), v(m_v.data() + c0, n);
        const Eigen::Map<const Eigen::ArrayXf> g(grad + c0, n);
        m = b1 * m + (1.f - b1) * g;
        v = b2 * v + (1.f - b2) * g.square();
        theta -= m_stepSize * m / (v.sqrt() * m_invSqrtBias2 + eps);
        c0 = c1;
    }
}

} // namespace latentlab
