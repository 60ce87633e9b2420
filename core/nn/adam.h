#pragma once
// Adam (Kingma and Ba 2015) over a flat parameter buffer, written as PyTorch writes it so that
// both implementations take the same steps:
//   m_t = beta1 m_{t-1} + (1 - beta1) g_t,   v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,
//   theta_t = theta_{t-1} - (lr / (1 - beta1^t)) m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps).
// The buffer can be updated in disjoint ranges by several threads: beginStep() once, then
// update(begin, end) on each range.

#include <Eigen/Core>
#include <cstddef>

#include <vector>

namespace latentlab {

struct AdamOptions {
    double learningRate = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
};

class Adam {
public:
    Adam() = default;
    Adam(std::size_t parameterCount, AdamOptions options);

    const AdamOptions& options() const { return m_options; }
    long step() const { return m_step; }

    /// Advances t and the bias corrections; call once per step before update().
    void beginStep();
    /// Applies the step to params[begin, end) with the gradient grad[begin, end).
    void update(float* params, const float* grad, std::size_t begin, std::size_t end);

private:
    AdamOptions m_options;
    // Aligned like the trainer's buffers, so the update is the same at every address.
    std::vector<float, Eigen::aligned_allocator<float>> m_m, m_v;
    long m_step = 0;
    float m_stepSize = 0.f;     // lr / (1 - beta1^t)
    float m_invSqrtBias2 = 1.f; // 1 / sqrt(1 - beta2^t)
};

} // namespace latentlab
