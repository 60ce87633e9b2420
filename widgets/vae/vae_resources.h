#pragma once
// Where the VAE view finds the models and images that ship with LatentLab
// (resources/models, resources/data), and which bundled images a model can be shown with.

#include "vae/vae_model_io.h"

#include <QString>
#include <QStringList>
#include <cstddef>

namespace latentlab {

/// The folder holding models/ and data/: $LATENTLAB_RESOURCES when set; else
/// <executable>/../share/latentlab when it exists (an installed LatentLab); else the source
/// tree's resources/ (a build tree).
QString vaeResourceDir();

/// The shipped models by short name, as --model and sessions spell them.
QStringList shippedModelNames(); ///< {"mnist", "fashion"}
/// The file of a shipped model, or an empty string for another name.
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

/// The ten names of each data set's labels.
QStringList digitNames();
QStringList garmentNames();

} // namespace latentlab
