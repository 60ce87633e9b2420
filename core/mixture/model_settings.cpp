#include "mixture/model_settings.h"

#include <algorithm>
#include <thread>

namespace latentlab {

EmOptions ModelSettings::toOptions() const {
    EmOptions o;
    o.k = k;
    o.covariance = covariance;
    o.init = init;
    o.seed = seed;
    o.reg = reg;
    o.tol = tol;
    o.maxIter = maxIter;
    o.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
    if (init == InitMethod::Manual)
        o.initialParams = manualParams;
    return o;
}

} // namespace latentlab
