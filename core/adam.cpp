#include "adam.h"

#include <Eigen/Core>
#include <cmath>

namespace latentlab {

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
    // Eigen arrays: one vectorised pass over memory (std::sqrt in a loop stays scalar because
    // of errno), instead of the six passes of PyTorch's single-tensor Adam.
    using Map = Eigen::Map<Eigen::ArrayXf>;
    const Eigen::Index n = Eigen::Index(end - begin);
    Map theta(params + begin, n), m(m_m.data() + begin, n), v(m_v.data() + begin, n);
    const Eigen::Map<const Eigen::ArrayXf> g(grad + begin, n);
    m = b1 * m + (1.f - b1) * g;
    v = b2 * v + (1.f - b2) * g.square();
    theta -= m_stepSize * m / (v.sqrt() * m_invSqrtBias2 + eps);
}

} // namespace latentlab
