// latentlab-cli idx-subset: cut a row range out of an IDX image/label pair (this is how
// the bundled Fashion-MNIST subset was made; see resources/data/README.md). The two outputs
// are replaced as a pair (writeIdxPair): never new images beside old labels.
#include "commands.h"
#include "options.h"

#include "io/idx.h"

#include <cstdio>
#include <cstring>
#include <memory>

namespace latentlab::cli {

namespace {

struct IdxSubsetSettings {
    std::string imagesPath, labelsPath, outImages, outLabels;
    std::optional<RowRange> range;
    bool raw = false;
};

void runIdxSubset(const IdxSubsetSettings& s) {
    const std::string& imagesPath = s.imagesPath;
    const std::string& labelsPath = s.labelsPath;
    const auto [a, b] = *s.range;
    const std::string& outImages = s.outImages;
    const std::string& outLabels = s.outLabels;

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
    const bool gzip = !s.raw;
    // A pair an earlier run left half replaced is completed first (then replaced again).
    finishInterruptedWrite(outImages);
    finishInterruptedWrite(outLabels);
    writeIdxPair(outImages, subset, outLabels, subsetLabels, gzip);
    std::printf("wrote %u images (%u x %u) to %s and their labels to %s\n", subset.count,
                subset.rows, subset.cols, outImages.c_str(), outLabels.c_str());
}

} // namespace

void addIdxSubsetCommand(CLI::App& app) {
    auto s = std::make_shared<IdxSubsetSettings>();
    CLI::App& cmd =
        *app.add_subcommand("idx-subset", "cut a row range out of an IDX image/label pair");
    addText(cmd, "--images", s->imagesPath, "F", "IDX images (raw or gzip)")->required();
    addText(cmd, "--labels", s->labelsPath, "F", "IDX labels of those images")->required();
    addRange(cmd, "--range", s->range, "the rows A..B-1 to copy")->required();
    addText(cmd, "--out-images", s->outImages, "F", "where the images go")->required();
    addText(cmd, "--out-labels", s->outLabels, "F", "where the labels go")->required();
    addFlag(cmd, "--raw", s->raw, "write raw IDX instead of gzip");
    cmd.footer("Copies images A..B-1 (a half-open row range) of an IDX image file and the\n"
               "matching labels into new IDX files, gzip-compressed unless --raw is given.\n"
               "Inputs may be raw or gzip. The two outputs are replaced as a pair: both are\n"
               "written and synced before either is renamed into place, and a run killed\n"
               "between the renames leaves a journal (.NAME.pending-write) that makes\n"
               "readers refuse the pair until idx-subset is run again.");
    cmd.callback([s] { runIdxSubset(*s); });
}

} // namespace latentlab::cli
