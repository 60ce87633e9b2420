// Fuzz harness: the CSV reader, then what latentlab-cli em does with what it accepts (the
// dimension limit, checkFittable, a few EM iterations without regularisation, where the
// engine must stay finite). Anything but a FileError or ArgumentError is a finding.
#include "common/error.h"
#include "common/point_set.h"
#include "io/csv.h"
#include "mixture/em_engine.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    const std::string text(reinterpret_cast<const char*>(data), size);
    PointSet set;
    try {
        set = parseCsv(text, "fuzz.csv");
    } catch (const FileError&) {
        return 0;
    }
    if (set.dimension() < 2 || !set.points.allFinite() || set.size() < 1)
        std::abort(); // the reader promised at least two columns of finite numbers
    try {
        EmEngine::checkDimension(set.dimension(), "fuzz.csv");
        checkFittable(set.points, "fuzz.csv");
    } catch (const FileError&) {
        return 0;
    }
    if (set.size() > 2000)
        return 0;
    EmOptions o;
    o.k = static_cast<int>(std::min<Eigen::Index>(3, set.size()));
    o.reg = 0.0;
    o.threads = 1;
    o.covariance = static_cast<CovarianceType>(size % 4);
    EmEngine em(set.points, o);
    for (int i = 0; i < 3; ++i) {
        em.iterate();
        if (!std::isfinite(em.logLikelihood()) || !em.params().means.allFinite())
            std::abort(); // degenerate cases are events, never NaN
    }
    return 0;
}
