#pragma once
// VaeDocument: what the VAE view shows, on the Document base.
//
//   - the model: a shipped one ("mnist", "fashion") or a .llvae file, read on the GUI thread
//     (a few milliseconds; a bad file is refused at once with its name and the current model
//     stays), and its held-out test images, read and encoded off the GUI thread by the
//     document's job: the posterior q(z|x) = N(mu, diag sigma^2) of each image;
//   - the current latent point z and the decoder's Bernoulli means p(x|z) there (or one
//     Bernoulli sample of them), the nearest test images to z, the selected test image with
//     its reconstruction and ELBO, the manifold grid's decodes, the prior samples and the
//     drawing pad's digit with its posterior and reconstruction.
//
// Undo covers edits: the model, the view settings (layers, grid, sample, prior) and the
// drawing (each stroke, clear). Exploring is not an edit: moving z and selecting a test image
// are neither undone nor make the session "modified", but sessions remember them.

#include "common/document.h"
#include "vae/digit_canvas.h"
#include "vae/latent_space.h"
#include "vae/vae_model_io.h"
#include "vae/vae_resources.h"

#include <Eigen/Core>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

/// A model as the view holds it (immutable, shared with undo commands).
struct VaeLoadedModel {
    std::uint64_t id = 0;
    QString source; ///< "mnist", "fashion" or the file's absolute path (what sessions keep)
    QString path;   ///< the file read
    QString title;  ///< "MNIST (shipped)" or the file name
    VaeModel model;
    VaeTestData testData; ///< bundled test images for it, if any
    bool training = false; ///< a snapshot of a training in the app (source is empty)
};

/// A fresh id for a VaeLoadedModel.
std::uint64_t newVaeModelId();

/// A model's test images and their encodings (immutable, made by the document's job).
struct VaeTestSet {
    QString name;
    VaeDataset data;         ///< the images (8-bit, as the IDX file) and their labels
    Eigen::Matrix2Xf mu;     ///< posterior means, one column per image
    Eigen::Matrix2Xf logVar; ///< posterior log sigma^2
    int count() const { return int(data.count); }
    const std::uint8_t* image(int i) const { return data.image(std::size_t(i)); }
    int label(int i) const { return data.labels.empty() ? -1 : data.labels[std::size_t(i)]; }
    /// Image i as the encoder's input (pixel / 255, as latentlab-cli vae-encode).
    Eigen::VectorXf target(int i) const;
};

enum class LatentLayers { Scatter, Grid, Both };

struct VaeSettings {
    LatentLayers layers = LatentLayers::Scatter;
    int gridN = 20; ///< 8..30
    GridSpacing spacing = GridSpacing::Linear;
    double extent = 3.0;     ///< Linear grid: [-extent, extent]^2
    bool showSample = false; ///< a Bernoulli sample instead of the means
    std::uint64_t sampleSeed = 1;
    bool showPrior = false; ///< prior samples z ~ N(0, I) on the plane
    std::uint64_t priorSeed = 1;
    bool showLine = false; ///< the interpolation from lineA to lineB
    Eigen::Vector2d lineA{-2.0, 0.0}, lineB{2.0, 0.0};
    bool operator==(const VaeSettings&) const = default;
};

inline constexpr int kVaeGridMin = 8, kVaeGridMax = 30;
inline constexpr int kVaePriorSamples = 64; ///< an 8 x 8 sheet
inline constexpr int kVaeNearest = 6;
inline constexpr int kVaeElboSamples = 64;
inline constexpr int kVaeLineSteps = 10; ///< decodes along the interpolation

class VaeDocument : public Document {
    Q_OBJECT
public:
    explicit VaeDocument(QObject* parent = nullptr);
    ~VaeDocument() override;

    // ---- The model --------------------------------------------------------------------
    /// Loads "mnist", "fashion" or a .llvae path as one undo step and starts encoding its test
    /// images. Throws FileError naming the file (unreadable, damaged, future version, not a
    /// 784-pixel, 2-D latent VAE) and then changes nothing.
    void setModel(const QString& source);
    /// Loads without an undo step (start-up, sessions); on failure the page shows the error
    /// (modelError()) instead of a model, nothing is thrown.
    void resetModel(const QString& source);
    /// Puts a whole state in place without an undo step (sessions): the undo stack is
    /// cleared; `selected` is checked once the test images are encoded.
    void load(std::shared_ptr<const VaeLoadedModel> model, const VaeSettings& settings,
              std::vector<DigitStroke> strokes, const Eigen::Vector2d& z, int selected);
    /// Shows a training snapshot and its encoded test images without an undo step and without
    /// encoding again (VaeTrainingRun encodes off the GUI thread); z, the selection and the
    /// drawing stay. Emits trainingSnapshotChanged() only.
    void showTrainingSnapshot(std::shared_ptr<const VaeLoadedModel> model,
                              std::shared_ptr<const VaeTestSet> testSet);
    /// Reads a model as setModel() would, without touching the document.
    static std::shared_ptr<const VaeLoadedModel> readModel(const QString& source);
    std::shared_ptr<const VaeLoadedModel> model() const { return m_state.model; }
    const Vae* vae() const { return m_state.model ? m_state.model->model.vae.get() : nullptr; }
    /// Why there is no model (the file and the problem), or empty.
    QString modelError() const { return m_modelError; }
    /// The encoded test images of the model (null while encoding or when there are none).
    std::shared_ptr<const VaeTestSet> testSet() const { return m_testSet; }
    /// Why the test images could not be shown, or empty.
    QString testSetError() const { return m_testSetError; }
    QStringList classNames() const;

    // ---- The latent point z -------------------------------------------------------------
    Eigen::Vector2d z() const { return m_z; }
    void setZ(const Eigen::Vector2d& z);
    /// p(x|z) means at z (784 values in [0, 1]; empty without a model).
    const Eigen::VectorXf& decodedMeans() const { return m_decoded; }
    /// What the decoded image shows: the means, or the sample when showSample is on.
    const std::vector<float>& shownImage() const { return m_shown; }
    /// The test images nearest to z (by posterior mean), nearest first.
    const std::vector<int>& nearest() const { return m_nearest; }

    // ---- Settings -------------------------------------------------------------------------
    const VaeSettings& settings() const { return m_state.settings; }
    void setSettings(const VaeSettings& settings, const QString& text);
    void setLayers(LatentLayers layers);
    void setGridSize(int n);
    void setSpacing(GridSpacing spacing);
    void setExtent(double extent);
    void setShowSample(bool on);
    void resample();
    void setShowPrior(bool on);
    void reseedPrior();
    /// The interpolation: end 0 (A) or 1 (B) set to z, and shown.
    void setLineEnd(int end, const Eigen::Vector2d& z);
    void setShowLine(bool on);
    /// The grid's coordinates along each axis and its decodes (784 x n^2, tile r n + c as
    /// latentGridPoints); computed when the grid is first shown after a change.
    const std::vector<double>& gridCoordinates() const { return m_gridCoords; }
    const Eigen::MatrixXf& gridTiles() const;
    /// The prior samples (2 x 64) and their decodes (784 x 64), when showPrior is on.
    const Eigen::Matrix2Xd& priorPoints() const { return m_priorPoints; }
    const Eigen::MatrixXf& priorDecodes() const { return m_priorDecodes; }
    /// The interpolation's points (2 x kVaeLineSteps, A to B) and their decodes.
    const Eigen::Matrix2Xd& linePoints() const { return m_linePoints; }
    const Eigen::MatrixXf& lineDecodes() const { return m_lineDecodes; }

    // ---- The selected test image ----------------------------------------------------------
    int selected() const { return m_selected; }
    /// Selects test image i (or -1) and moves z to its posterior mean.
    void select(int index);
    const Eigen::VectorXf& selectedReconstruction() const { return m_selectedRecon; }
    const ImageElbo& selectedElbo() const { return m_selectedElbo; }

    // ---- The drawing pad ------------------------------------------------------------------
    const std::vector<DigitStroke>& strokes() const { return m_state.strokes; }
    /// The stroke being drawn (not yet an undo step): begin, extend, then end (one undo step).
    void beginStroke(const Eigen::Vector2d& p);
    void extendStroke(const Eigen::Vector2d& p);
    void endStroke();
    bool drawing() const { return m_drawing; }
    /// The strokes with the one being drawn.
    std::vector<DigitStroke> drawingStrokes() const;
    void clearDrawing();
    void setStrokes(std::vector<DigitStroke> strokes, const QString& text);
    /// The pad's digit as the encoder sees it: 28 x 28 8-bit grey levels, as MNIST's images
    /// (all zero without ink); its posterior (valid when hasPadPosterior()) and the decode of
    /// its mean.
    const std::vector<std::uint8_t>& padImage() const { return m_padImage; }
    /// The ink as the brush painted it (kPadCanvasSide^2, row-major), before normalising.
    const std::vector<float>& padCanvas() const { return m_padCanvas; }
    bool hasPadPosterior() const { return m_padHasInk && vae(); }
    Eigen::Vector2f padMu() const { return m_padMu; }
    Eigen::Vector2f padLogVar() const { return m_padLogVar; }
    const Eigen::VectorXf& padReconstruction() const { return m_padRecon; }

signals:
    void modelChanged();
    void testSetChanged();
    void zChanged();
    void settingsChanged();
    void gridChanged();
    void selectionChanged();
    void drawingChanged();
    /// The model and test set changed to a training snapshot (showTrainingSnapshot).
    void trainingSnapshotChanged();

private:
    struct State {
        std::shared_ptr<const VaeLoadedModel> model;
        VaeSettings settings;
        std::vector<DigitStroke> strokes;
    };
    void push(State after, const QString& text, int mergeKey = -1);
    void apply(const State& s);
    void startEncoding();
    /// Everything computed from the model and its test set, after either changed.
    void updateForModel();
    void updateDecoded();
    void updateNearest();
    void updateSelected();
    void updatePad();
    void updatePrior();
    void updateLine();
    void invalidateGrid();

    State m_state;
    QString m_modelError;
    std::shared_ptr<const VaeTestSet> m_testSet;
    QString m_testSetError;
    /// Encoded test sets by model id, so undoing a model switch needs no new encoding.
    std::map<std::uint64_t, std::shared_ptr<const VaeTestSet>> m_testSets;

    Eigen::Vector2d m_z = Eigen::Vector2d::Zero();
    Eigen::VectorXf m_decoded;
    std::vector<float> m_shown;
    std::vector<int> m_nearest;

    std::vector<double> m_gridCoords;
    mutable Eigen::MatrixXf m_gridTiles;
    mutable bool m_gridValid = false;
    Eigen::Matrix2Xd m_priorPoints;
    Eigen::MatrixXf m_priorDecodes;
    Eigen::Matrix2Xd m_linePoints;
    Eigen::MatrixXf m_lineDecodes;

    int m_selected = -1;
    Eigen::VectorXf m_selectedRecon;
    ImageElbo m_selectedElbo;

    DigitStroke m_live;
    bool m_drawing = false;
    std::vector<float> m_padCanvas;
    std::vector<std::uint8_t> m_padImage;
    bool m_padHasInk = false;
    Eigen::Vector2f m_padMu = Eigen::Vector2f::Zero(), m_padLogVar = Eigen::Vector2f::Zero();
    Eigen::VectorXf m_padRecon;
};

QString toString(LatentLayers layers);
QString toString(GridSpacing spacing);
/// Parse the names above; nullopt for anything else.
std::optional<LatentLayers> parseLayers(const QString& text);
std::optional<GridSpacing> parseSpacing(const QString& text);

} // namespace latentlab
