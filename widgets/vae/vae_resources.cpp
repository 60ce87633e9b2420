#include "vae/vae_resources.h"

#include "io/idx.h"
#include "io/resource_paths.h"

#include <QObject>
#include <QRegularExpression>

namespace latentlab {

namespace {

/// CRC-32 of the 60,000 Fashion-MNIST training images (VaeDataset::checksum), as recorded in
/// resources/models/fashion-mnist.llvae.
constexpr std::uint32_t kFashionTrainChecksum = 0xa8c91d78;
const char* const kMnist10k = "mnist10k-images-idx3-ubyte.gz";

} // namespace

QString vaeResourceDir() {
    return QString::fromStdString(resourceDir().string());
}

QStringList shippedModelNames() {
    return {QStringLiteral("mnist"), QStringLiteral("fashion")};
}

QString shippedModelPath(const QString& name) {
    const std::string file = shippedModelFile(name.toStdString());
    return file.empty() ? QString() : QString::fromStdString(findResource(file).string());
}

QString shippedModelTitle(const QString& name) {
    if (name == "mnist")
        return QObject::tr("MNIST (shipped)");
    if (name == "fashion")
        return QObject::tr("Fashion-MNIST (shipped)");
    return name;
}

VaeDatasetPair bundledMnistRows(std::size_t trainEnd, std::size_t testBegin, std::size_t testEnd) {
    const std::string data = (vaeResourceDir() + "/data/").toStdString();
    const std::string imagesPath = data + kMnist10k;
    const std::string labelsPath = data + "mnist10k-labels-idx1-ubyte.gz";
    const IdxImages images = readIdxImages(imagesPath);
    const std::vector<std::uint8_t> labels = readIdxLabels(labelsPath);
    checkSameCount(images, labels, imagesPath, labelsPath);
    const int dim = int(images.rows * images.cols);
    auto slice = [&](std::size_t b, std::size_t e) {
        return std::make_shared<const VaeDataset>(
            VaeDataset::fromRows(images.pixels, dim, labels, b, e,
                                 "mnist10k[" + std::to_string(b) + ":" + std::to_string(e) + "]"));
    };
    return {slice(0, trainEnd), slice(testBegin, testEnd)};
}

QStringList digitNames() {
    QStringList names;
    for (int d = 0; d < 10; ++d)
        names << QString::number(d);
    return names;
}

QStringList garmentNames() {
    return {QObject::tr("T-shirt/top"), QObject::tr("Trouser"), QObject::tr("Pullover"),
            QObject::tr("Dress"),       QObject::tr("Coat"),    QObject::tr("Sandal"),
            QObject::tr("Shirt"),       QObject::tr("Sneaker"), QObject::tr("Bag"),
            QObject::tr("Ankle boot")};
}

VaeTestData bundledTestData(const VaeTrainingRecord& record) {
    const QString data = vaeResourceDir() + "/data/";
    const QString trained = QString::fromStdString(record.dataset);
    VaeTestData t;
    if (trained.startsWith(kMnist10k)) {
        // The record's test rows when they are MNIST-10k rows, else the usual split.
        t.begin = 8000;
        t.end = 10000;
        static const QRegularExpression rows(QStringLiteral("\\[(\\d+):(\\d+)\\]$"));
        const QString tested = QString::fromStdString(record.testDataset);
        const auto m = rows.match(tested);
        if (tested.startsWith(kMnist10k) && m.hasMatch()) {
            const std::size_t b = m.captured(1).toULongLong(), e = m.captured(2).toULongLong();
            if (b < e && e <= 10000) {
                t.begin = b;
                t.end = e;
            }
        }
        t.images = data + kMnist10k;
        t.labels = data + "mnist10k-labels-idx1-ubyte.gz";
        t.name = QObject::tr("MNIST-10k test images %1–%2").arg(t.begin).arg(t.end - 1);
        t.classNames = digitNames();
    } else if (record.datasetChecksum == kFashionTrainChecksum ||
               QString::fromStdString(record.command).contains("fashion", Qt::CaseInsensitive)) {
        t.images = data + "fashion2k-images-idx3-ubyte.gz";
        t.labels = data + "fashion2k-labels-idx1-ubyte.gz";
        t.begin = 0;
        t.end = 2000;
        t.name = QObject::tr("Fashion-MNIST test images 0–1999");
        t.classNames = garmentNames();
        t.fashion = true;
    }
    return t;
}

} // namespace latentlab
