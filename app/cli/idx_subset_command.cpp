// latentlab-cli idx-subset: cut a row range out of an IDX image/label pair (this is how
// the bundled Fashion-MNIST subset was made; see resources/data/README.md). The two outputs
// are replaced as a pair (writeIdxPair): never new images beside old labels.
#include "commands.h"

#include "io/idx.h"

#include <cstdio>
#include <cstring>

namespace latentlab::cli {

int runIdxSubset(std::span<const std::string> argv) {
    const Args args("idx-subset", argv, {"images", "labels", "range", "out-images", "out-labels"},
                    {"raw"});
    const std::string imagesPath = args.required("images");
    const std::string labelsPath = args.required("labels");
    const auto [a, b] = args.range("range", {-1, -1});
    if (a < 0)
        throw UsageError("idx-subset: missing --range A:B");
    const std::string outImages = args.required("out-images");
    const std::string outLabels = args.required("out-labels");

    const IdxImages images = readIdxImages(imagesPath);
    const std::vector<std::uint8_t> labels = readIdxLabels(labelsPath);
    checkSameCount(images, labels, imagesPath, labelsPath);
    if (b > static_cast<long long>(images.count))
        throw UsageError("idx-subset: --range " + std::to_string(a) + ":" + std::to_string(b) +
                         " goes beyond the " + std::to_string(images.count) + " images of " +
                         imagesPath);

    const std::size_t pixelsPerImage = std::size_t(images.rows) * images.cols;
    IdxImages subset;
    subset.count = static_cast<std::uint32_t>(b - a);
    subset.rows = images.rows;
    subset.cols = images.cols;
    subset.pixels.assign(images.pixels.begin() + a * pixelsPerImage,
                         images.pixels.begin() + b * pixelsPerImage);
    const std::vector<std::uint8_t> subsetLabels(labels.begin() + a, labels.begin() + b);
    const bool gzip = !args.flag("raw");
    // A pair an earlier run left half replaced is completed first (then replaced again).
    finishInterruptedWrite(outImages);
    finishInterruptedWrite(outLabels);
    writeIdxPair(outImages, subset, outLabels, subsetLabels, gzip);
    std::printf("wrote %u images (%u x %u) to %s and their labels to %s\n", subset.count,
                subset.rows, subset.cols, outImages.c_str(), outLabels.c_str());
    return 0;
}

} // namespace latentlab::cli
