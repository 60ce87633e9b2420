#pragma once
// ImagePanel: PCA of images, the lecture's "linear Gaussian model of faces" with digits and
// garments standing in (no face data set is available offline as a package; the panel says
// so). It shows the mean image and the first 16 eigen-images (blue negative, red positive),
// a held-out test image reconstructed from q = 1..100 components with its error, the model
// run forwards (sliders on z_1..z_k give mu + W z live, W from probabilistic PCA), and the
// scree plot of the leading 100 components. The PCA itself runs off the GUI thread in the
// document's job (PcaDocument::loadImages).

#include <Eigen/Core>
#include <QImage>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QWidget>
#include <cstdint>

class QComboBox;
class QLabel;
class QProgressBar;
class QSlider;
class QSpinBox;
class QGridLayout;

namespace latentlab {

class PcaDocument;
class ScreePlot;

/// An image drawn as large as fits, pixels kept square and sharp, with a caption below.
class ImageTile : public QWidget {
    Q_OBJECT
public:
    explicit ImageTile(QWidget* parent = nullptr);
    void setImage(QImage image, const QString& caption);
    const QImage& image() const { return m_image; }
    QString caption() const { return m_caption; }
    QSize sizeHint() const override { return {96, 112}; }
    QSize minimumSizeHint() const override { return {40, 52}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QString m_caption;
};

/// Pixels in [0, 1] (ink) as a grey image, dark ink on white: rows x cols, row-major.
QImage inkImage(const Eigen::VectorXd& pixels, int rows, int cols);
/// A signed image (an eigenvector) in a diverging map, scaled by its largest magnitude.
QImage signedImage(const Eigen::VectorXd& values, int rows, int cols);

class ImagePanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kEigenImages = 16;
    static constexpr int kMaxGeneratorQ = 16;

    explicit ImagePanel(PcaDocument* document, QWidget* parent = nullptr);

    /// "mnist" or "fashion": starts the PCA off the GUI thread (if not done yet).
    void setImageSet(const QString& set);
    QString imageSet() const;
    void setReconstructionQ(int q) { m_qSlider->setValue(q); }
    int reconstructionQ() const { return m_qSlider->value(); }
    void setTestImage(int index) { m_testSpin->setValue(index); }
    int testImage() const { return m_testSpin->value(); }
    /// z_j for the generator (j from 0), clamped to [-3, 3].
    void setLatent(int j, double value);
    ScreePlot* scree() const { return m_scree; }
    /// The error line under the reconstruction (tests).
    QString errorText() const { return m_error->text(); }
    QString statusText() const { return m_status->text(); }
    ImageTile* reconstructionTile() const { return m_reconstruction; }
    ImageTile* generatedTile() const { return m_generated; }
    void setScale(double scale);
    /// Lecture mode: the images and the text only (the scree plot goes, as on the Manifold
    /// panel; beside the eigen-images it held the window wider than a 1024 px projector).
    void setLectureMode(bool on);

private:
    void onImagesChanged();
    void updateReconstruction();
    void updateGenerator();
    void rebuildLatentSliders();

    PcaDocument* m_doc;
    QComboBox* m_set;
    QLabel* m_status;
    QProgressBar* m_busy;
    QGridLayout* m_eigenGrid;
    QList<ImageTile*> m_eigenTiles;
    ImageTile* m_mean;
    ImageTile* m_original;
    ImageTile* m_reconstruction;
    ImageTile* m_generated;
    QSlider* m_qSlider;
    QLabel* m_qLabel;
    QSpinBox* m_testSpin;
    QLabel* m_error;
    QSpinBox* m_genQ;
    QWidget* m_latentBox;
    QList<QSlider*> m_latent;
    ScreePlot* m_scree;
    std::uint64_t m_zDraws = 0;
};

} // namespace latentlab
