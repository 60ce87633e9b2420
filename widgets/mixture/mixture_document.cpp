#include "mixture/mixture_document.h"

#include "common/error.h"
#include "common/random.h"
#include "mixture/collapse.h"

#include <QMetaObject>
#include <QUndoStack>
#include <algorithm>
#include <chrono>
#include <cmath>

namespace latentlab {

std::shared_ptr<const EmSnapshot> makeSnapshot(const EmEngine& engine, std::uint64_t generation,
                                               std::shared_ptr<const Eigen::MatrixXd> data) {
    auto s = std::make_shared<EmSnapshot>();
    s->generation = generation;
    s->data = std::move(data);
    s->state = engine.currentState();
    s->stateCount = engine.stateCount();
    s->iteration = engine.iteration();
    s->kind = engine.kindOf(s->state);
    s->next = engine.nextStep();
    s->params = engine.params();
    if (const Eigen::MatrixXd* q = engine.responsibilities())
        s->responsibilities = std::make_shared<const Eigen::MatrixXd>(*q);
    s->logLikelihood = engine.logLikelihood();
    s->lowerBound = engine.lowerBound();
    s->logLikelihoodHistory.reserve(static_cast<std::size_t>(s->stateCount));
    s->lowerBoundHistory.reserve(static_cast<std::size_t>(s->stateCount));
    for (int i = 0; i < s->stateCount; ++i) {
        s->logLikelihoodHistory.push_back(engine.logLikelihood(i));
        s->lowerBoundHistory.push_back(engine.lowerBound(i));
    }
    s->converged = engine.converged();
    s->maxIter = engine.options().maxIter;
    s->eventsHere = engine.eventsAt(s->state);
    s->events = engine.events();
    const CovarianceType type = engine.options().covariance;
    s->reg = engine.options().reg;
    const double spread = largestVariance(engine.data());
    const Eigen::MatrixXd centred = engine.data().colwise() - engine.data().rowwise().mean();
    const double log10DetData = log10Determinant(
        centred * centred.transpose() / static_cast<double>(std::max<Eigen::Index>(1, engine.n())));
    for (int k : collapsedComponents(s->params, type, s->reg, spread)) {
        EmSnapshot::Collapse c;
        c.component = k;
        c.log10DetData = log10DetData;
        c.log10DetNow = log10Determinant(s->params.covariances[static_cast<std::size_t>(k)]);
        c.nk = s->responsibilities ? s->responsibilities->row(k).sum() : 0.0;
        s->collapses.push_back(c);
    }
    for (int i = 0; i < s->stateCount && s->firstCollapseState < 0; ++i)
        if (!collapsedComponents(engine.params(i), type, s->reg, spread).empty())
            s->firstCollapseState = i;
    return s;
}

namespace {

void validate(const PointSet& set) {
    checkPlottablePoints(set, "EM");
}

void checkK(int k) {
    if (k < 1 || k > kMaxComponents)
        throw ArgumentError("K must be between 1 and " + std::to_string(kMaxComponents));
}

/// A plausible starting point for manual initialisation: K data points picked with the seed
/// as means, each with the data covariance shrunk by K (so the ellipses do not all overlap).
MixtureParams defaultManualParams(const PointSet& data, int k, std::uint64_t seed) {
    MixtureParams p;
    p.weights = Eigen::VectorXd::Constant(k, 1.0 / k);
    p.means = Eigen::MatrixXd::Zero(2, k);
    Eigen::Matrix2d cov = Eigen::Matrix2d::Identity();
    const Eigen::Index n = data.size();
    if (n >= 2) {
        const Eigen::Vector2d mean = data.points.rowwise().mean();
        const Eigen::Matrix2Xd centred = data.points.colwise() - mean;
        cov = centred * centred.transpose() / static_cast<double>(n - 1);
        cov /= std::max(1, k);
        cov += 1e-6 * Eigen::Matrix2d::Identity() * std::max(1e-12, cov.trace());
    }
    Random rng(seed);
    for (int j = 0; j < k; ++j) {
        if (n > 0)
            p.means.col(j) =
                data.points.col(static_cast<Eigen::Index>(rng.index(static_cast<std::size_t>(n))));
        else
            p.means.col(j) =
                Eigen::Vector2d(std::cos(2 * M_PI * j / k), std::sin(2 * M_PI * j / k));
        p.covariances.push_back(cov);
    }
    return p;
}

} // namespace

MixtureDocument::MixtureDocument(QObject* parent)
    : Document(parent), m_data(std::make_shared<const PointSet>()) {
    m_fitError = tr("No points yet: choose a preset in the Data menu, open a CSV file, or spray "
                    "points with the Spray tool.");
}

MixtureDocument::~MixtureDocument() {
    cancelWork();
}

QList<QColor> MixtureDocument::colors() const {
    return componentColors(std::max(1, m_settings.k), m_palette);
}

void MixtureDocument::setPalette(PaletteKind kind) {
    if (kind == m_palette)
        return;
    m_palette = kind;
    emit paletteChanged();
}

// ---- Edits -----------------------------------------------------------------------------

void MixtureDocument::pushEdit(std::shared_ptr<const PointSet> data, const ModelSettings& settings,
                               const QString& what, int id, int mergeKey) {
    // Data are shared, so a settings edit costs no copy of the points.
    undoStack()->push(new StateEdit<State>([this](const State& s) { apply(s); },
                                           State{m_data, m_settings},
                                           State{std::move(data), settings}, what, id, mergeKey));
}

void MixtureDocument::apply(const State& state) {
    const bool dataChanged = state.data != m_data;
    m_data = state.data;
    m_settings = state.settings;
    if (dataChanged)
        emit this->dataChanged();
    emit settingsChanged();
    rebuild();
}

void MixtureDocument::setData(PointSet set, const QString& what) {
    validate(set);
    auto data = std::make_shared<const PointSet>(std::move(set));
    ModelSettings s = m_settings;
    if (s.init == InitMethod::Manual)
        s.manualParams = defaultManualParams(*data, s.k, s.seed);
    pushEdit(std::move(data), s, what, NoMerge, 0);
}

void MixtureDocument::addPoints(const Eigen::Matrix2Xd& points, int strokeId) {
    if (points.cols() == 0 || !fittable(points))
        return;
    auto set = std::make_shared<const PointSet>(withPoints(*m_data, points));
    pushEdit(std::move(set), m_settings, tr("Spray %n point(s)", nullptr, int(points.cols())),
             AddPointsCmd, strokeId);
}

void MixtureDocument::erasePoints(const std::vector<int>& indices, int strokeId) {
    Eigen::Index removed = 0;
    auto set = std::make_shared<const PointSet>(withoutPoints(*m_data, indices, &removed));
    if (removed == 0)
        return;
    pushEdit(std::move(set), m_settings, tr("Erase points"), ErasePointsCmd, strokeId);
}

void MixtureDocument::clearPoints() {
    if (m_data->size() == 0)
        return;
    auto set = std::make_shared<PointSet>();
    set->points.resize(2, 0);
    set->columnNames = m_data->columnNames;
    set->name = "drawn";
    pushEdit(std::move(set), m_settings, tr("Clear points"), NoMerge, 0);
}

ModelSettings MixtureDocument::withManualParams(ModelSettings s) const {
    if (s.init != InitMethod::Manual) {
        return s;
    }
    if (s.manualParams && s.manualParams->k() == s.k && s.manualParams->d() == 2)
        return s;
    // Start the manual parameters from what is on screen when it fits, so switching to
    // "manual" lets the user nudge the current picture rather than start from nothing.
    if (!s.manualParams && m_snapshot && m_snapshot->params.k() == s.k) {
        s.manualParams = m_snapshot->params;
        return s;
    }
    MixtureParams fresh = defaultManualParams(*m_data, s.k, s.seed);
    if (s.manualParams) {
        const int keep = std::min(s.k, s.manualParams->k());
        fresh.means.leftCols(keep) = s.manualParams->means.leftCols(keep);
        for (int j = 0; j < keep; ++j) {
            fresh.covariances[static_cast<std::size_t>(j)] =
                s.manualParams->covariances[static_cast<std::size_t>(j)];
            fresh.weights(j) = s.manualParams->weights(j);
        }
        for (int j = keep; j < s.k; ++j)
            fresh.weights(j) = 1.0 / s.k;
        fresh.weights /= fresh.weights.sum();
    }
    s.manualParams = std::move(fresh);
    return s;
}

void MixtureDocument::setSettings(const ModelSettings& settings, const QString& what, CommandId id,
                                  int mergeKey) {
    checkK(settings.k);
    if (!(settings.reg >= 0.0) || !std::isfinite(settings.reg))
        throw ArgumentError("the regularisation must be a finite number >= 0");
    pushEdit(m_data, withManualParams(settings), what, id, mergeKey);
}

void MixtureDocument::setK(int k) {
    if (k == m_settings.k)
        return;
    ModelSettings s = m_settings;
    s.k = k;
    setSettings(s, tr("Set K = %1").arg(k));
}

void MixtureDocument::setCovariance(CovarianceType type) {
    if (type == m_settings.covariance)
        return;
    ModelSettings s = m_settings;
    s.covariance = type;
    setSettings(s, tr("Covariance: %1").arg(QString::fromStdString(toString(type))));
}

void MixtureDocument::setInit(InitMethod method) {
    if (method == m_settings.init)
        return;
    ModelSettings s = m_settings;
    s.init = method;
    if (method == InitMethod::Manual && m_snapshot && m_snapshot->params.k() == s.k)
        s.manualParams = m_snapshot->params; // start from what is on screen
    setSettings(s, tr("Initialisation: %1").arg(QString::fromStdString(toString(method))));
}

void MixtureDocument::setSeed(std::uint64_t seed) {
    if (seed == m_settings.seed)
        return;
    ModelSettings s = m_settings;
    s.seed = seed;
    setSettings(s, tr("Seed %1").arg(seed));
}

void MixtureDocument::setRegularisation(double reg) {
    if (reg == m_settings.reg)
        return;
    ModelSettings s = m_settings;
    s.reg = reg;
    setSettings(s, tr("Regularisation %1").arg(reg), RegCmd, 0);
}

void MixtureDocument::setManualComponent(int k, const Eigen::Vector2d& mean,
                                         const Eigen::Matrix2d& cov, bool finished, int dragId) {
    if (m_settings.init != InitMethod::Manual || !m_settings.manualParams)
        return;
    if (k < 0 || k >= m_settings.manualParams->k() || !mean.allFinite() || !cov.allFinite())
        return;
    // For very large data sets restarting the fit on every mouse move would lag behind the
    // cursor; the plot draws the drag itself, and the fit restarts on release.
    if (!finished && useAsync())
        return;
    ModelSettings s = m_settings;
    s.manualParams->means.col(k) = mean;
    s.manualParams->covariances[static_cast<std::size_t>(k)] = cov;
    pushEdit(m_data, s, tr("Move component %1").arg(k + 1), ManualInitCmd, dragId);
}

void MixtureDocument::load(PointSet set, const ModelSettings& settings, int state) {
    validate(set);
    checkK(settings.k);
    cancelWork();
    undoStack()->clear();
    m_data = std::make_shared<const PointSet>(std::move(set));
    m_settings = withManualParams(settings);
    emit dataChanged();
    emit settingsChanged();
    rebuild(state);
}

// ---- The fit ---------------------------------------------------------------------------

bool MixtureDocument::useAsync() const {
    return m_data->size() >= m_asyncThreshold;
}

void MixtureDocument::rebuild(int advanceTo) {
    ++m_generation;
    cancelWork();
    m_engine.reset();
    m_engineData.reset();
    m_snapshot.reset();
    if (m_data->size() == 0) {
        m_fitError = tr("No points yet: choose a preset in the Data menu, open a CSV file, or "
                        "spray points with the Spray tool (S).");
        emit fitChanged();
        return;
    }
    if (m_settings.k > m_data->size()) {
        m_fitError = tr("K = %1 components need at least %1 points, but there are only %2: "
                        "add points or lower K.")
                         .arg(m_settings.k)
                         .arg(m_data->size());
        emit fitChanged();
        return;
    }
    m_fitError.clear();
    m_engineData = std::make_shared<const Eigen::MatrixXd>(m_data->points);
    const EmOptions options = m_settings.toOptions();
    auto data = m_engineData;
    const int steps = std::max(0, advanceTo);
    auto build = [data, options, steps](std::unique_ptr<EmEngine>& engine, QString& error,
                                        const std::atomic_bool& cancel) {
        try {
            engine = std::make_unique<EmEngine>(*data, options);
            for (int i = 0; i < steps && !cancel; ++i)
                engine->step();
        } catch (const std::exception& e) {
            engine.reset();
            error = QString::fromUtf8(e.what());
        }
    };
    if (!useAsync()) {
        std::atomic_bool never{false};
        build(m_engine, m_fitError, never);
        if (!m_fitError.isEmpty())
            m_fitError = tr("Cannot start the fit: %1").arg(m_fitError);
        publishNow();
        return;
    }
    // Large data: even the initialisation (k-means++) runs on the worker.
    auto engine = std::make_shared<std::unique_ptr<EmEngine>>();
    auto error = std::make_shared<QString>();
    startJob([build, engine, error](const std::atomic_bool& cancel) { build(*engine, *error, cancel); },
             [this, engine, error](const QString& thrown, bool) {
                 finishEngineJob(std::move(*engine), thrown.isEmpty() ? *error : thrown, false);
             });
    emit fitChanged();
}

void MixtureDocument::run(EngineWork work, bool forceAsync) {
    if (!m_engine || busy())
        return;
    if (!forceAsync && !useAsync()) {
        std::atomic_bool never{false};
        try {
            work(*m_engine, [] {}, never);
        } catch (const std::exception& e) {
            m_fitError = tr("EM failed: %1").arg(QString::fromUtf8(e.what()));
        }
        publishNow();
        return;
    }
    // The engine belongs to the job until it has finished.
    auto engine = std::make_shared<std::unique_ptr<EmEngine>>(std::move(m_engine));
    const std::uint64_t generation = m_generation;
    auto data = m_engineData;
    startJob(
        [this, engine, work = std::move(work), generation, data](const std::atomic_bool& cancel) {
            // Progress: publish a snapshot now and then so the view can follow.
            auto last = std::chrono::steady_clock::now();
            auto publish = [&] {
                const auto now = std::chrono::steady_clock::now();
                // A repaint of 10^6 points takes tens of milliseconds: 4 progress pictures a
                // second keep the view moving without starving the event loop.
                if (now - last < std::chrono::milliseconds(250))
                    return;
                last = now;
                auto s = makeSnapshot(**engine, generation, data);
                post([this, s] { accept(s); });
            };
            work(**engine, publish, cancel);
        },
        [this, engine](const QString& error, bool) {
            finishEngineJob(std::move(*engine), error, true);
        });
}

void MixtureDocument::finishEngineJob(std::unique_ptr<EmEngine> engine, const QString& error,
                                      bool started) {
    m_engine = std::move(engine);
    if (!error.isEmpty())
        m_fitError = started && m_engine ? tr("EM failed: %1").arg(error)
                                         : tr("Cannot start the fit: %1").arg(error);
    publishNow();
}

void MixtureDocument::accept(std::shared_ptr<const EmSnapshot> snapshot) {
    if (!snapshot || snapshot->generation != m_generation || !busy())
        return; // a late progress report of work that has been replaced
    m_snapshot = std::move(snapshot);
    emit fitChanged();
}

void MixtureDocument::publishNow() {
    m_snapshot = m_engine ? makeSnapshot(*m_engine, m_generation, m_engineData) : nullptr;
    emit fitChanged();
}

bool MixtureDocument::canStepForward() const {
    return m_engine && !busy();
}

bool MixtureDocument::canStepBack() const {
    return m_engine && !busy() && m_snapshot && m_snapshot->state > 0;
}

void MixtureDocument::stepForward() {
    run([](EmEngine& e, const std::function<void()>&, const std::atomic_bool&) { e.step(); });
}

void MixtureDocument::stepBack() {
    if (!canStepBack())
        return;
    goToState(m_snapshot->state - 1);
}

void MixtureDocument::iterate() {
    run([](EmEngine& e, const std::function<void()>&, const std::atomic_bool&) { e.iterate(); });
}

void MixtureDocument::goToState(int state) {
    if (!m_engine || busy())
        return;
    state = std::clamp(state, 0, m_engine->stateCount() - 1);
    if (state == m_engine->currentState())
        return;
    run([state](EmEngine& e, const std::function<void()>&, const std::atomic_bool&) {
        e.goTo(state);
    });
}

void MixtureDocument::goToLast() {
    if (m_engine)
        goToState(m_engine->stateCount() - 1);
}

void MixtureDocument::reset() {
    goToState(0);
}

void MixtureDocument::runToConvergence() {
    run(
        [](EmEngine& e, const std::function<void()>& publish, const std::atomic_bool& cancel) {
            // Converged is judged after complete iterations (after M-steps).
            while (!cancel) {
                if (e.nextStep() == StepKind::E && e.currentState() > 0 &&
                    (e.converged() || e.iteration() >= e.options().maxIter))
                    break;
                e.step();
                publish();
            }
        },
        true);
}

} // namespace latentlab
