// Fuzz harness: the model file reader and the VAE built from it, which then encodes and
// decodes one input. When the first byte is odd the harness writes the right payload length
// and CRC-32 into the header first, so that the fuzzer explores the payload and not only the
// checksum. Anything but a FileError is a finding.
#include "common/error.h"
#include "fuzz_file.h"
#include "io/model_file.h"
#include "vae/vae_model_io.h"

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void putLe(std::string& s, std::size_t at, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        s[at + std::size_t(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace latentlab;
    if (size < 1)
        return 0;
    std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((data[0] & 1) && bytes.size() >= 24) {
        putLe(bytes, 16, bytes.size() - 24, 8);
        const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(bytes.data() + 24),
                               static_cast<uInt>(bytes.size() - 24));
        putLe(bytes, 12, crc, 4);
    }
    const std::string path = fuzz::asFile(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                          bytes.size());
    VaeModel model;
    try {
        model = loadVaeModel(path);
    } catch (const FileError&) {
        return 0;
    }
    const Vae& vae = *model.vae;
    Eigen::MatrixXf mu, logVar;
    vae.encode(Eigen::MatrixXf::Constant(vae.input(), 1, 0.5f), mu, logVar);
    const Eigen::MatrixXf x = vae.decode(Eigen::MatrixXf::Zero(vae.latent(), 1));
    // Bernoulli means, as vae-decode and the latent view show them. (Weights that are finite
    // but absurd, 1e38, may overflow to NaN: not a crash, and not refused by the loader.)
    if ((x.array() < 0.f).any() || (x.array() > 1.f).any())
        std::abort();
    return 0;
}
