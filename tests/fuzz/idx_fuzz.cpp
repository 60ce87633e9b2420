// Fuzz harness: the IDX readers (raw and gzip), images and labels from the same input (the
// first byte picks which, so one corpus serves both). Anything but a FileError is a finding,
// and an accepted file must hold exactly what its header declares.
#include "common/error.h"
#include "fuzz_file.h"
#include "io/idx.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    if (size < 1)
        return 0;
    const std::string path = fuzz::asFile(data + 1, size - 1);
    try {
        if (data[0] & 1) {
            const IdxImages images = readIdxImages(path);
            if (images.pixels.size() != std::size_t(images.count) * images.rows * images.cols)
                std::abort();
        } else {
            (void)readIdxLabels(path);
        }
    } catch (const FileError&) {
    }
    return 0;
}
