#pragma once
// PcaDocument: everything the PCA lesson shows, in one QObject that the views observe.
//
// It owns
//   - the 2D data and q (the latent dimension), through Document's undo stack: presets,
//     files, generated sets, dragging a point (one undo step per drag), spraying and erasing
//     (one per stroke) and q are undoable edits;
//   - the fit of the current data, recomputed on every edit (PCA and the closed-form
//     probabilistic PCA of core/linear: 2D work is O(N), far under a frame): an immutable
//     PcaFit that views read; fitError() says why there is none (too few points, constant
//     data, q out of range) in a sentence for the page;
//   - PPCA's EM (core's PpcaEm, restarted on every edit; its half-steps are not undo steps:
//     the engine keeps its own history) and the linear autoencoder (restarted likewise);
//   - the image model: PCA of MNIST-10k or Fashion-MNIST, computed off the GUI thread with
//     Document's job and published as an immutable ImageModel.
// Views never compute models: they call core through what this document publishes.

#include "common/document.h"
#include "common/point_set.h"
#include "linear/linear_autoencoder.h"
#include "linear/pca.h"
#include "linear/ppca.h"
#include "linear/ppca_em.h"

#include <Eigen/Core>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

/// The model a generated data set was drawn from (the generative story): x = W z + mu + eps.
struct PcaTruth {
    Eigen::VectorXd mean;
    Eigen::MatrixXd w;
    double sigma2 = 0.0;
};

/// One fit of the 2D data; immutable and shared.
struct PcaFit {
    std::shared_ptr<const PointSet> data;
    int q = 1;
    Pca pca;
    /// The closed-form PPCA model (covariance divided by N - 1, as scikit-learn); empty when
    /// the data leave no noise (sigma^2 = 0: collinear points), ppcaProblem says so.
    Ppca ppca;
    QString ppcaProblem;
    Eigen::MatrixXd projections;     ///< d x N: mu + U_q U_q^T (x_i - mu), the manifold points
    Eigen::MatrixXd scores;          ///< q x N: U_q^T (x_i - mu)
    Eigen::MatrixXd posteriorMeans;  ///< q x N: E[z|x_i] (empty without ppca)
    Eigen::MatrixXd posteriorPoints; ///< d x N: W E[z|x_i] + mu (empty without ppca)
    double meanLogLikelihood = 0.0;  ///< (1/N) sum_i log N(x_i | mu, C) (0 without ppca)

    Eigen::Index n() const { return data ? data->size() : 0; }
};

/// PCA of an image set, for the eigen-image panel.
struct ImageModel {
    QString set;         ///< "mnist" or "fashion"
    QString description; ///< what was fitted, for the page ("MNIST-10k, training rows 0-7999")
    QString source;      ///< the file read
    int rows = 28, cols = 28;
    Pca pca;              ///< the kImageComponents leading components of the training images
    Eigen::MatrixXd test; ///< d x T held-out images (pixels / 255)
    double seconds = 0.0; ///< time to read the file and fit
};

class PcaDocument : public Document {
    Q_OBJECT
public:
    enum CommandId { NoMerge = -1, MovePointCmd = 1, AddPointsCmd, ErasePointsCmd };
    static constexpr int kImageComponents = 100;
    static constexpr int kMaxPoints = 1'000'000;

    explicit PcaDocument(QObject* parent = nullptr);
    ~PcaDocument() override;

    // ---- Data and q (undoable) ----------------------------------------------------------
    const PointSet& data() const { return *m_data; }
    std::shared_ptr<const PointSet> sharedData() const { return m_data; }
    int q() const { return m_q; }
    const std::optional<PcaTruth>& truth() const { return m_truth; }

    /// Replaces the data as one undoable edit. Throws ArgumentError (and changes nothing)
    /// unless the set is 2D, finite and at most kMaxPoints points.
    void setData(PointSet set, const QString& what, std::optional<PcaTruth> truth = {});
    /// Moves point i to `to`; calls with the same dragId merge into one undo step.
    void movePoint(int i, const Eigen::Vector2d& to, int dragId);
    void addPoints(const Eigen::Matrix2Xd& points, int strokeId = -1);
    void erasePoints(const std::vector<int>& indices, int strokeId = -1);
    /// Any q is accepted; out of range (q < 1 or q >= d) the fit says why there is none.
    void setQ(int q);
    /// Replaces everything without undo history (opening a session). Throws like setData.
    void load(PointSet set, int q, std::optional<PcaTruth> truth);

    // ---- The fit --------------------------------------------------------------------------
    std::shared_ptr<const PcaFit> fit() const { return m_fit; }
    QString fitError() const { return m_fitError; }

    // ---- EM for PPCA (not undoable: the engine keeps its history) ---------------------------
    const PpcaEm* em() const { return m_em.get(); }
    QString emError() const { return m_emError; }
    void emStep();
    void emBack();
    void emIterate();
    void emGoTo(int state);
    void emRun(); ///< full iterations until converged (at most options().maxIter)
    bool emAtEnd() const;

    // ---- The linear autoencoder -----------------------------------------------------------
    const LinearAutoencoder* autoencoder() const { return m_ae.get(); }
    QString autoencoderError() const { return m_aeError; }
    AutoencoderKind autoencoderKind() const { return m_aeKind; }
    void setAutoencoderKind(AutoencoderKind kind);
    void autoencoderStep(int count = 1);
    void autoencoderReset();

    // ---- Images ----------------------------------------------------------------------------
    /// Starts computing the PCA of image set "mnist" or "fashion" off the GUI thread;
    /// imagesChanged() when it is done (or failed: imageError()).
    void loadImages(const QString& set);
    std::shared_ptr<const ImageModel> images() const { return m_images; }
    QString imageError() const { return m_imageError; }
    QString imagesRequested() const { return m_imagesRequested; }
    /// Where an image set is read from ("" when it is not on this machine), and what it is.
    static QString imageFile(const QString& set, QString* description = nullptr);

signals:
    void dataChanged();
    void qChanged();
    void fitChanged();
    void emChanged();
    void autoencoderChanged();
    void imagesChanged();

private:
    struct State {
        std::shared_ptr<const PointSet> data;
        int q = 1;
        std::optional<PcaTruth> truth;
    };
    void apply(const State& state);
    void push(State after, const QString& what, int id, int mergeKey);
    void refit();
    void rebuildEm();
    void rebuildAutoencoder();

    std::shared_ptr<const PointSet> m_data;
    int m_q = 1;
    std::optional<PcaTruth> m_truth;
    std::shared_ptr<const PcaFit> m_fit;
    QString m_fitError;
    std::unique_ptr<PpcaEm> m_em;
    QString m_emError;
    std::unique_ptr<LinearAutoencoder> m_ae;
    QString m_aeError;
    AutoencoderKind m_aeKind = AutoencoderKind::Unconstrained;
    std::shared_ptr<const ImageModel> m_images;
    QString m_imageError;
    QString m_imagesRequested;
};

/// Computes the fit of `data` with q latent dimensions (any thread). Throws ArgumentError
/// with one sentence when there is none.
std::shared_ptr<const PcaFit> computePcaFit(std::shared_ptr<const PointSet> data, int q);

} // namespace latentlab
