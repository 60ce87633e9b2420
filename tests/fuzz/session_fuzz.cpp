// Fuzz harness: the session readers (core/io/session, mixture/mixture_session,
// linear/pca_session): the version 1 or 2 envelope, then the mixture or PCA payload as the
// pages read it. Anything but a FileError is a finding, and an accepted session must hold
// points the pages can fit and draw (checkFittable) and a state in range.
#include "common/error.h"
#include "common/point_set.h"
#include "io/session.h"
#include "linear/pca_session.h"
#include "mixture/mixture_session.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string path = "fuzz.latentlab";
    try {
        const SessionFile file = parseSessionFile(text, path);
        if (file.page == kMixturePage) {
            const MixtureSession s = mixtureSessionFrom(file, path);
            if (!fittable(s.data.points) || s.state < 0 || s.state > kMaxSessionState)
                std::abort();
        } else if (file.page == "pca") {
            const PcaSession s = pcaSessionFromJson(file.payload, path);
            if (!fittable(s.data.points) || s.q < 0)
                std::abort();
        }
    } catch (const FileError&) {
    }
    return 0;
}
