#pragma once
// The images a VAE trains or is evaluated on, kept as 8-bit pixels (60,000 Fashion-MNIST
// images are 47 MB as bytes, four times that as floats) and turned into float targets batch
// by batch, into buffers the caller preallocated.
//
// Targets: pixels scaled to [0, 1] (Binarization::None), or a Bernoulli draw of each pixel
// with that probability (Binarization::Dynamic: a fresh draw every epoch, which acts as a
// regulariser and makes the Bernoulli likelihood a true likelihood of binary data).
// Every random draw for an observation comes from its own stream, seeded from (seed, purpose,
// epoch, position), so results do not depend on how a batch is split between threads.

#include "common/random.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

enum class Binarization { Dynamic, None };

/// "dynamic" / "none"; parseBinarization throws ArgumentError on anything else.
std::string toString(Binarization b);
Binarization parseBinarization(const std::string& text);

struct VaeDataset {
    int dimension = 0;                ///< pixels per image
    std::size_t count = 0;            ///< images
    std::vector<std::uint8_t> pixels; ///< count x dimension, image after image
    std::vector<std::uint8_t> labels; ///< count labels, or empty
    std::string name;                 ///< where it came from, e.g. "mnist10k[0:8000]"

    /// Rows [begin, end) of count x dimension pixels; labels may be empty. Throws
    /// ArgumentError for an empty or out-of-range row range.
    static VaeDataset fromRows(const std::vector<std::uint8_t>& pixels, int dimension,
                               const std::vector<std::uint8_t>& labels, std::size_t begin,
                               std::size_t end, std::string name);

    /// CRC-32 of the pixels (and then the labels), recorded in model files so that a model
    /// names exactly the images it was trained on.
    std::uint32_t checksum() const;

    const std::uint8_t* image(std::size_t i) const { return pixels.data() + i * dimension; }

    /// Writes the target of image i into out[0, dimension): pixel / 255, or for Dynamic a
    /// Bernoulli(pixel / 255) draw from rng.
    void target(std::size_t i, Binarization b, Random& rng, float* out) const;
};

/// The seed of the random stream for one observation: a splitmix64 hash of its coordinates.
std::uint64_t vaeStreamSeed(std::uint64_t seed, std::uint64_t purpose, std::uint64_t epoch,
                            std::uint64_t position);

/// Stream purposes (second coordinate of vaeStreamSeed).
inline constexpr std::uint64_t kVaeTrainStream = 1;
inline constexpr std::uint64_t kVaeTestStream = 2;
inline constexpr std::uint64_t kVaeImportanceStream = 3;

} // namespace latentlab
