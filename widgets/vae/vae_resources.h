#pragma once
// Where the VAE view finds the models and images that ship with LatentLab
// (resources/models, resources/data), and which bundled images a model can be shown with.

#include "vae/vae_dataset.h"
#include "vae/vae_model_io.h"

#include <QString>
#include <QStringList>
#include <cstddef>
#include <memory>

namespace latentlab {

/// The folder holding models/ and data/, found by core's io/resource_paths.h (the CLI's
/// search order): $LATENTLAB_RESOURCES, <executable>/../share/latentlab, the XDG data
/// folders, then the source tree's resources/ for a build tree.
QString vaeResourceDir();

/// The shipped models by short name, as --model and sessions spell them.
QStringList shippedModelNames(); ///< {"mnist", "fashion"}
/// The file of a shipped model, or an empty string for another name. Throws FileError naming
/// the file and the folders looked in when the model is not installed.
QString shippedModelPath(const QString& name);
/// "MNIST (shipped)", "Fashion-MNIST (shipped)".
QString shippedModelTitle(const QString& name);

/// Held-out images bundled with LatentLab that suit a model, found from its training record.
struct VaeTestData {
    QString images, labels; ///< IDX files; empty when there are none
    std::size_t begin = 0, end = 0;
    QString name;           ///< "MNIST-10k test images 8000–9999"
    QStringList classNames; ///< the ten label names
    bool fashion = false;
    bool valid() const { return !images.isEmpty(); }
};

/// Models trained on MNIST-10k get the rows their record names as test rows (8000:10000 by
/// default), models trained on Fashion-MNIST the bundled 2,000 test images; any other model
/// gets none (the view still decodes, draws the grid and encodes the pad).
VaeTestData bundledTestData(const VaeTrainingRecord& record);

/// Two slices of the bundled MNIST-10k images with their labels, read once: rows
/// [0, trainEnd) and [testBegin, testEnd) (the lessons that train small models live). Throws
/// FileError naming the file when it is missing or malformed.
struct VaeDatasetPair {
    std::shared_ptr<const VaeDataset> train, test;
};
VaeDatasetPair bundledMnistRows(std::size_t trainEnd, std::size_t testBegin, std::size_t testEnd);

/// The ten names of each data set's labels.
QStringList digitNames();
QStringList garmentNames();

} // namespace latentlab
