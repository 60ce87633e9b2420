#pragma once
// Saving and loading a VAE as a model file (core/io/model_file.h: versioned, CRC-32 checked).
//
// kind "vae"; metadata: the architecture ("input", "hidden" as "512,256", "latent", and
// "architecture" as "784-512-256-2" for people) and the training record (below); tensors:
// "encoder.L.weight" (out x in), "encoder.L.bias" (out x 1) for L = 1.., then the same for
// "decoder.L". Loading checks every tensor name and shape against the declared architecture,
// so a file whose weights belong to another network is refused with a FileError naming it.

#include "vae/vae.h"
#include "vae/vae_dataset.h"

#include <cstdint>
#include <memory>
#include <string>

namespace latentlab {

struct ModelFile;

/// How a model was made: enough to make it again and to know what it was tested on.
struct VaeTrainingRecord {
    std::string dataset; ///< training images, e.g. "mnist10k-images-idx3-ubyte.gz[0:8000]"
    std::uint32_t datasetChecksum = 0; ///< VaeDataset::checksum() of the training images
    std::uint64_t trainImages = 0;
    std::uint64_t seed = 0;
    int epochs = 0;
    int batchSize = 0;
    double learningRate = 0;
    double beta = 1;
    Binarization binarization = Binarization::Dynamic;
    int threads = 1;
    std::string testDataset; ///< empty if no test evaluation
    double testElbo = 0;     ///< final test ELBO, nats per image
    double testKl = 0;
    std::string command; ///< the command line that made the model
};

struct VaeModel {
    std::shared_ptr<const Vae> vae;
    VaeTrainingRecord record;
};

ModelFile toModelFile(const Vae& vae, const VaeTrainingRecord& record);
/// `path` names the source in errors. Throws FileError for a wrong kind, missing or
/// malformed metadata, or tensors that do not match the declared architecture.
VaeModel vaeFromModelFile(const ModelFile& file, const std::string& path);

/// Atomic write.
void saveVaeModel(const std::string& path, const Vae& vae, const VaeTrainingRecord& record);
/// Throws FileError (truncated, bit-flipped, future version, another architecture...).
VaeModel loadVaeModel(const std::string& path);

} // namespace latentlab
