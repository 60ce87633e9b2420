// Fuzz harness: INIT.json, the manual start of `latentlab-cli em --init` (mixture/init_file).
// The first three bytes choose K (1 to 4), d (1 to 3) and the covariance type; the rest is the
// file. Anything but a FileError is a finding. What the reader accepts must be accepted by
// EmEngine as a manual start (the CLI's message names the file only when the reader refuses),
// and three EM iterations from it without regularisation must stay finite.
#include "common/error.h"
#include "io/json.h"
#include "mixture/em_engine.h"
#include "mixture/init_file.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    if (size < 3)
        return 0;
    const int k = 1 + data[0] % 4;
    const int d = 1 + data[1] % 3;
    const auto type = static_cast<CovarianceType>(data[2] % 4);
    const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);
    MixtureParams start;
    try {
        start = mixtureInitFromJson(parseJson(text, "INIT.json"), k, d, "INIT.json");
    } catch (const FileError&) {
        return 0;
    }
    // Twelve points spread over a few units, with two duplicates.
    Eigen::MatrixXd points(d, 12);
    for (int i = 0; i < 12; ++i)
        for (int r = 0; r < d; ++r)
            points(r, i) = std::sin(1.7 * (i % 11) + r) * (2 + r) + (i % 3);
    EmOptions o;
    o.k = k;
    o.covariance = type;
    o.init = InitMethod::Manual;
    o.initialParams = start;
    o.reg = 0.0;
    o.threads = 1;
    try {
        EmEngine em(points, o);
        for (int i = 0; i < 3; ++i) {
            em.iterate();
            if (!std::isfinite(em.logLikelihood()) || !em.params().means.allFinite() ||
                !em.params().weights.allFinite())
                std::abort(); // degenerate cases are events, never NaN
        }
    } catch (const ArgumentError&) {
        std::abort(); // the reader accepted a start the engine refuses
    }
    return 0;
}
