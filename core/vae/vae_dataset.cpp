#include "vae/vae_dataset.h"

#include "common/error.h"

#include <algorithm>

#include <zlib.h>

namespace latentlab {

std::string toString(Binarization b) {
    return b == Binarization::Dynamic ? "dynamic" : "none";
}

Binarization parseBinarization(const std::string& text) {
    if (text == "dynamic")
        return Binarization::Dynamic;
    if (text == "none")
        return Binarization::None;
    throw ArgumentError("binarisation must be 'dynamic' or 'none', not '" + text + "'");
}

VaeDataset VaeDataset::fromRows(const std::vector<std::uint8_t>& pixels, int dimension,
                                const std::vector<std::uint8_t>& labels, std::size_t begin,
                                std::size_t end, std::string name) {
    if (dimension < 1)
        throw ArgumentError("images must have at least one pixel");
    const std::size_t total = pixels.size() / std::size_t(dimension);
    if (begin >= end || end > total)
        throw ArgumentError("row range " + std::to_string(begin) + ":" + std::to_string(end) +
                            " is empty or outside the " + std::to_string(total) + " images");
    if (!labels.empty() && labels.size() != total)
        throw ArgumentError("image and label counts differ");
    VaeDataset d;
    d.dimension = dimension;
    d.count = end - begin;
    d.pixels.assign(pixels.begin() + std::ptrdiff_t(begin * dimension),
                    pixels.begin() + std::ptrdiff_t(end * dimension));
    if (!labels.empty())
        d.labels.assign(labels.begin() + std::ptrdiff_t(begin),
                        labels.begin() + std::ptrdiff_t(end));
    d.name = std::move(name);
    return d;
}

std::uint32_t VaeDataset::checksum() const {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes uInt lengths: feed in chunks so that any size works.
    auto feed = [&crc](const std::vector<std::uint8_t>& v) {
        const std::size_t chunk = 1u << 30;
        for (std::size_t i = 0; i < v.size(); i += chunk)
            crc = crc32(crc, v.data() + i, uInt(std::min(chunk, v.size() - i)));
    };
    feed(pixels);
    feed(labels);
    return std::uint32_t(crc);
}

void VaeDataset::target(std::size_t i, Binarization b, Random& rng, float* out) const {
    const std::uint8_t* p = image(i);
    if (b == Binarization::None) {
        for (int k = 0; k < dimension; ++k)
            out[k] = float(p[k]) * (1.f / 255.f);
        return;
    }
    // x ~ Bernoulli(p/255): a 16-bit uniform r is below p/255 * 65536 with that probability
    // (exact to 2^-16); four draws from each 64-bit number, lowest 16 bits first, the last
    // number's leftover bits unused. The numbers of a chunk of pixels are drawn first (the
    // generator is sequential), then compared in a loop the compiler vectorises.
    constexpr int kChunk = 256; // pixels, a multiple of 4
    std::uint64_t bits[kChunk / 4];
    for (int k0 = 0; k0 < dimension; k0 += kChunk) {
        const int len = std::min(kChunk, dimension - k0);
        for (int i = 0; i < (len + 3) / 4; ++i)
            bits[i] = rng.next();
        for (int k = 0; k < len; ++k) {
            const std::uint32_t r = std::uint32_t(bits[k / 4] >> (16 * (k % 4))) & 0xffffu;
            out[k0 + k] = (r * 255u < std::uint32_t(p[k0 + k]) * 65536u) ? 1.f : 0.f;
        }
    }
}

std::uint64_t vaeStreamSeed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t epoch,
                            std::uint64_t position) {
    auto mix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::uint64_t h = mix(seed);
    h = mix(h ^ purpose);
    h = mix(h ^ epoch);
    return mix(h ^ position);
}

} // namespace latentlab
