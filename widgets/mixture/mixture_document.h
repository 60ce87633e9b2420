#pragma once
// MixtureDocument: everything the EM lecture view shows, in one QObject that views observe.
//
// It owns
//   - the data (a 2D PointSet) and the model settings (K, covariance type, initialisation,
//     seed, regularisation, manual initial parameters),
//   - through Document, the undo stack for edits of those (spraying, erasing, presets, K,
//     seed...): an edit is undone as a whole, and a drag or a spray stroke merges into one
//     undo step,
//   - the EmEngine fitted to the current data and settings. EM half-steps are not undo steps:
//     the engine keeps its own history, and the transport moves through it.
//
// Every edit restarts the fit from the chosen initialisation (state 0).
//
// Threading: views never touch the engine. After each change the document publishes an
// immutable EmSnapshot (parameters, responsibilities Q(k|o_i), histories) and emits
// fitChanged(). For large data (N >= asyncThreshold()) the engine works in Document's
// background job and hands snapshots back through post(), so the event loop never blocks;
// while it works busy() is true and further transport requests are ignored (edits cancel
// the work).

#include "common/document.h"
#include "common/point_set.h"
#include "mixture/em_engine.h"
#include "mixture/model_settings.h"
#include "plot/palette.h"

#include <Eigen/Core>
#include <QString>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace latentlab {

/// One published state of the fit; immutable and shared between threads.
struct EmSnapshot {
    std::uint64_t generation = 0;                ///< which fit (bumped by every rebuild)
    std::shared_ptr<const Eigen::MatrixXd> data; ///< 2 x N points the fit runs on
    int state = 0;
    int stateCount = 1;
    int iteration = 0;
    StepKind kind = StepKind::Initial; ///< the half-step that produced this state
    StepKind next = StepKind::E;       ///< the half-step that comes next
    MixtureParams params;
    /// K x N Q(k|o_i) of the latest E-step at or before this state; null in state 0.
    std::shared_ptr<const Eigen::MatrixXd> responsibilities;
    double logLikelihood = 0.0;
    std::optional<double> lowerBound;
    std::vector<double> logLikelihoodHistory;             ///< per recorded state
    std::vector<std::optional<double>> lowerBoundHistory; ///< per recorded state
    bool converged = false;
    int maxIter = 100;
    std::vector<EmEvent> eventsHere; ///< degenerate events of this very half-step
    std::vector<EmEvent> events;     ///< all events up to this state
    /// Components collapsed onto their points in this state (the singularity of maximum
    /// likelihood, see core/mixture/collapse.h), with log10 det of the data's covariance and
    /// of Sigma_k.
    struct Collapse {
        int component = 0;
        double log10DetData = 0.0;
        double log10DetNow = 0.0;
        double nk = 0.0; ///< sum_i Q(k|o_i) under the latest responsibilities
    };
    std::vector<Collapse> collapses;
    /// The first recorded state with a collapsed component (-1: none), for the
    /// log-likelihood plot's mark.
    int firstCollapseState = -1;
    double reg = 0.0; ///< the regularisation of this fit
};

class MixtureDocument : public Document {
    Q_OBJECT
public:
    /// Undo command ids: consecutive commands with the same id and merge key merge.
    enum CommandId { NoMerge = -1, AddPointsCmd = 1, ErasePointsCmd, ManualInitCmd, RegCmd };

    explicit MixtureDocument(QObject* parent = nullptr);
    ~MixtureDocument() override;

    // ---- Data and settings --------------------------------------------------------------
    const PointSet& data() const { return *m_data; }
    const ModelSettings& settings() const { return m_settings; }

    /// Replaces the data (preset, file, generator) as one undoable edit. Throws
    /// ArgumentError (and changes nothing) unless the set is 2D and passes checkFittable
    /// (finite, within +-1e100, as latentlab-cli requires).
    void setData(PointSet set, const QString& what);
    /// Points beyond checkFittable's limits are ignored (nothing is added).
    void addPoints(const Eigen::Matrix2Xd& points, int strokeId = -1);
    void erasePoints(const std::vector<int>& indices, int strokeId = -1);
    void clearPoints();

    void setSettings(const ModelSettings& settings, const QString& what, CommandId id = NoMerge,
                     int mergeKey = 0);
    void setK(int k);
    void setCovariance(CovarianceType type);
    void setInit(InitMethod method);
    void setSeed(std::uint64_t seed);
    void setRegularisation(double reg);
    /// Manual initialisation: component k moved/stretched on the plot. A drag (same dragId)
    /// is one undo step; the fit restarts from exactly these parameters.
    void setManualComponent(int k, const Eigen::Vector2d& mean, const Eigen::Matrix2d& cov,
                            bool finished, int dragId);

    /// Replaces everything without undo history (opening a session); then advances to
    /// `state` half-steps. Throws ArgumentError like setData.
    void load(PointSet set, const ModelSettings& settings, int state);

    // ---- The fit --------------------------------------------------------------------------
    /// Null when there is no fit (no points, K > N...); fitError() says why.
    std::shared_ptr<const EmSnapshot> snapshot() const { return m_snapshot; }
    QString fitError() const { return m_fitError; }
    bool canStepForward() const;
    bool canStepBack() const;

    void stepForward(); ///< the next half-step (E or M)
    void stepBack();    ///< back one recorded half-step
    void iterate();     ///< complete the current iteration (to the next M state)
    void goToState(int state);
    void goToFirst() { goToState(0); }
    void goToLast();
    void reset(); ///< back to the initial state (history kept)
    /// Full iterations until converged or maxIter; always off the GUI thread so the window
    /// stays responsive; cancelWork() stops it between half-steps.
    void runToConvergence();

    /// Data sets at least this large run EM half-steps on a worker thread (default 150,000).
    void setAsyncThreshold(Eigen::Index n) { m_asyncThreshold = n; }
    Eigen::Index asyncThreshold() const { return m_asyncThreshold; }

    PaletteKind palette() const { return m_palette; }
    void setPalette(PaletteKind kind);
    QList<QColor> colors() const;

signals:
    void dataChanged();
    void settingsChanged();
    /// A new snapshot (or none): state moved, or the fit was rebuilt.
    void fitChanged();
    void paletteChanged();

private:
    struct State {
        std::shared_ptr<const PointSet> data;
        ModelSettings settings;
    };
    using EngineWork = std::function<void(EmEngine&, const std::function<void()>& publish,
                                          const std::atomic_bool& cancel)>;

    void apply(const State& state);
    void pushEdit(std::shared_ptr<const PointSet> data, const ModelSettings& settings,
                  const QString& what, int id, int mergeKey);
    void rebuild(int advanceTo = 0);
    void run(EngineWork work, bool forceAsync = false);
    void finishEngineJob(std::unique_ptr<EmEngine> engine, const QString& error, bool started);
    void accept(std::shared_ptr<const EmSnapshot> snapshot);
    void publishNow();
    bool useAsync() const;
    ModelSettings withManualParams(ModelSettings s) const;

    std::shared_ptr<const PointSet> m_data;
    ModelSettings m_settings;
    std::unique_ptr<EmEngine> m_engine;
    std::shared_ptr<const Eigen::MatrixXd> m_engineData;
    std::shared_ptr<const EmSnapshot> m_snapshot;
    QString m_fitError;
    std::uint64_t m_generation = 0;
    Eigen::Index m_asyncThreshold = 150000;
    PaletteKind m_palette = PaletteKind::Lecture;
};

/// Builds a snapshot of the engine's current state (any thread that owns the engine).
std::shared_ptr<const EmSnapshot> makeSnapshot(const EmEngine& engine, std::uint64_t generation,
                                               std::shared_ptr<const Eigen::MatrixXd> data);

} // namespace latentlab
