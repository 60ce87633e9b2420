#include "pca/pca_document.h"

#include "common/error.h"
#include "data/image_matrix.h"
#include "io/idx.h"
#include "vae/vae_resources.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QUndoStack>
#include <chrono>

namespace latentlab {

namespace {

void validate(const PointSet& set) {
    checkPlottablePoints(set, "PCA");
    if (set.size() > PcaDocument::kMaxPoints)
        throw ArgumentError("the PCA view shows at most 1,000,000 points");
}

} // namespace

std::shared_ptr<const PcaFit> computePcaFit(std::shared_ptr<const PointSet> data, int q) {
    const Eigen::Index n = data ? data->size() : 0;
    if (n < 2)
        throw ArgumentError(n == 0 ? "No points yet: choose a preset in the Data menu, open a CSV "
                                     "file, or spray points (S)"
                                   : "PCA needs at least 2 points (a mean and a direction); "
                                     "there is 1: spray some more (S)");
    const int d = static_cast<int>(data->dimension());
    if (q < 1 || q >= d)
        throw ArgumentError("q = " + std::to_string(q) +
                            " is out of range: the latent space "
                            "needs 1 <= q < d = " +
                            std::to_string(d) +
                            " (q = 0 keeps only the mean, q = d leaves no noise to model)");
    auto fit = std::make_shared<PcaFit>();
    fit->data = std::move(data);
    fit->q = q;
    PcaOptions options;
    options.threads = 1; // 2D: thread start-up would cost more than the sums
    options.solver = PcaSolver::Full;
    const Eigen::MatrixXd& x = fit->data->points;
    try {
        fit->pca = Pca(x, options);
    } catch (const ArgumentError& e) {
        // Named after the data (the file it came from), as latentlab-cli does (issue 14).
        if (fit->data->name.empty())
            throw;
        throw ArgumentError(fit->data->name + ": " + e.what());
    }
    fit->projections = fit->pca.projectOntoManifold(x, q);
    fit->scores = fit->pca.project(x, q);
    try {
        fit->ppca = Ppca::fromPca(fit->pca, q);
        fit->posteriorMeans = fit->ppca.posteriorMean(x);
        fit->posteriorPoints = fit->ppca.w() * fit->posteriorMeans;
        fit->posteriorPoints.colwise() += fit->ppca.mean();
        fit->meanLogLikelihood = fit->ppca.meanLogLikelihood(x);
    } catch (const ArgumentError& e) {
        fit->ppca = Ppca();
        fit->ppcaProblem = QString::fromUtf8(e.what());
    }
    return fit;
}

PcaDocument::PcaDocument(QObject* parent)
    : Document(parent), m_data(std::make_shared<const PointSet>()) {
    refit();
}

PcaDocument::~PcaDocument() {
    cancelWork();
}

// ---- Edits -----------------------------------------------------------------------------

void PcaDocument::push(State after, const QString& what, int id, int mergeKey) {
    undoStack()->push(new StateEdit<State>([this](const State& s) { apply(s); },
                                           State{m_data, m_q, m_truth}, std::move(after), what, id,
                                           mergeKey));
}

void PcaDocument::apply(const State& state) {
    const bool dataChanged = state.data != m_data;
    const bool qChanged = state.q != m_q;
    m_data = state.data;
    m_q = state.q;
    m_truth = state.truth;
    if (dataChanged)
        emit this->dataChanged();
    if (qChanged)
        emit this->qChanged();
    refit();
}

void PcaDocument::setData(PointSet set, const QString& what, std::optional<PcaTruth> truth) {
    validate(set);
    if (set.columnNames.size() != 2)
        set.columnNames = {"x1", "x2"};
    push(State{std::make_shared<const PointSet>(std::move(set)), m_q, std::move(truth)}, what,
         NoMerge, 0);
}

void PcaDocument::load(PointSet set, int q, std::optional<PcaTruth> truth) {
    validate(set);
    undoStack()->clear();
    apply(State{std::make_shared<const PointSet>(std::move(set)), q, std::move(truth)});
    undoStack()->setClean();
}

void PcaDocument::movePoint(int i, const Eigen::Vector2d& to, int dragId) {
    if (i < 0 || i >= m_data->size() || !to.allFinite())
        return;
    auto set = std::make_shared<PointSet>(*m_data);
    set->points.col(i) = to;
    // A dragged point no longer comes from the generator's model, but the truth still says
    // where the rest came from: keep it.
    push(State{std::move(set), m_q, m_truth}, tr("Move point %1").arg(i + 1), MovePointCmd, dragId);
}

void PcaDocument::addPoints(const Eigen::Matrix2Xd& points, int strokeId) {
    if (points.cols() == 0 || !points.allFinite() || m_data->size() + points.cols() > kMaxPoints)
        return;
    auto set = std::make_shared<PointSet>(withPoints(*m_data, points));
    if (set->columnNames.size() != 2)
        set->columnNames = {"x1", "x2"};
    push(State{std::move(set), m_q, m_truth}, tr("Spray %n point(s)", nullptr, int(points.cols())),
         AddPointsCmd, strokeId);
}

void PcaDocument::erasePoints(const std::vector<int>& indices, int strokeId) {
    Eigen::Index removed = 0;
    auto set = std::make_shared<const PointSet>(withoutPoints(*m_data, indices, &removed));
    if (removed > 0)
        push(State{std::move(set), m_q, m_truth}, tr("Erase points"), ErasePointsCmd, strokeId);
}

void PcaDocument::setQ(int q) {
    if (q == m_q)
        return;
    push(State{m_data, q, m_truth}, tr("q = %1").arg(q), NoMerge, 0);
}

// ---- The fit ------------------------------------------------------------------------------

void PcaDocument::refit() {
    try {
        m_fit = computePcaFit(m_data, m_q);
        m_fitError.clear();
    } catch (const std::exception& e) {
        m_fit.reset();
        m_fitError = QString::fromUtf8(e.what());
    }
    rebuildEm();
    rebuildAutoencoder();
    emit fitChanged();
    emit emChanged();
    emit autoencoderChanged();
}

// ---- EM ---------------------------------------------------------------------------------

void PcaDocument::rebuildEm() {
    m_em.reset();
    m_emError = !m_fit ? m_fitError : m_fit->ppca.empty() ? m_fit->ppcaProblem : QString();
    if (!m_emError.isEmpty())
        return;
    try {
        PpcaEmOptions o;
        o.q = m_q;
        o.seed = 1;
        o.threads = 1;
        o.tol = 1e-9;
        o.maxIter = 500;
        m_em = std::make_unique<PpcaEm>(m_fit->data->points, o);
    } catch (const std::exception& e) {
        m_emError = QString::fromUtf8(e.what());
    }
}

void PcaDocument::emStep() {
    if (!m_em)
        return;
    m_em->step();
    emit emChanged();
}

void PcaDocument::emBack() {
    if (!m_em || m_em->currentState() == 0)
        return;
    m_em->goTo(m_em->currentState() - 1);
    emit emChanged();
}

void PcaDocument::emIterate() {
    if (!m_em)
        return;
    m_em->iterate();
    emit emChanged();
}

void PcaDocument::emGoTo(int state) {
    if (!m_em || state < 0 || state >= m_em->stateCount())
        return;
    m_em->goTo(state);
    emit emChanged();
}

void PcaDocument::emRun() {
    if (!m_em)
        return;
    if (m_em->currentState() < m_em->stateCount() - 1)
        m_em->goTo(m_em->stateCount() - 1);
    m_em->run();
    emit emChanged();
}

bool PcaDocument::emAtEnd() const {
    if (!m_em)
        return true;
    return m_em->nextStep() == StepKind::E && m_em->currentState() > 0 &&
           (m_em->converged() || m_em->iteration() >= m_em->options().maxIter);
}

// ---- The linear autoencoder -----------------------------------------------------------------

void PcaDocument::rebuildAutoencoder() {
    m_ae.reset();
    m_aeError = m_fit ? QString() : m_fitError;
    if (!m_fit)
        return;
    try {
        LinearAutoencoderOptions o;
        o.q = m_q;
        o.kind = m_aeKind;
        o.seed = 3;
        o.threads = 1;
        m_ae = std::make_unique<LinearAutoencoder>(m_fit->data->points, o);
    } catch (const std::exception& e) {
        m_aeError = QString::fromUtf8(e.what());
    }
}

void PcaDocument::setAutoencoderKind(AutoencoderKind kind) {
    if (kind == m_aeKind)
        return;
    m_aeKind = kind;
    rebuildAutoencoder();
    emit autoencoderChanged();
}

void PcaDocument::autoencoderStep(int count) {
    if (!m_ae)
        return;
    try {
        m_ae->run(count);
        m_aeError.clear();
    } catch (const std::exception& e) {
        m_aeError = QString::fromUtf8(e.what());
    }
    emit autoencoderChanged();
}

void PcaDocument::autoencoderReset() {
    if (!m_ae)
        return;
    m_ae->reset();
    m_aeError.clear();
    emit autoencoderChanged();
}

// ---- Images ---------------------------------------------------------------------------------

QString PcaDocument::imageFile(const QString& set, QString* description) {
    // The data LatentLab ships: $LATENTLAB_RESOURCES, an installed share/latentlab, or the
    // source tree (vae/vae_resources.h decides, for every page).
    auto find = [](const QString& name) {
        const QString path = QDir(vaeResourceDir()).filePath(QStringLiteral("data/") + name);
        return QFileInfo::exists(path) ? QDir::cleanPath(path) : QString();
    };
    auto say = [&](const QString& text) {
        if (description)
            *description = text;
    };
    if (set == QLatin1String("mnist")) {
        say(tr("MNIST-10k (10,000 handwritten digits shipped with LatentLab)"));
        return find(QStringLiteral("mnist10k-images-idx3-ubyte.gz"));
    }
    if (set == QLatin1String("fashion")) {
        // Debian's dataset-fashion-mnist package; else the 2,000 images LatentLab ships.
        const QString debian =
            QStringLiteral("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        if (QFileInfo::exists(debian)) {
            say(tr("Fashion-MNIST test set (10,000 garments, Debian package "
                   "dataset-fashion-mnist)"));
            return debian;
        }
        say(tr("Fashion-MNIST subset (2,000 garments shipped with LatentLab; install Debian's "
               "dataset-fashion-mnist for 10,000)"));
        return find(QStringLiteral("fashion2k-images-idx3-ubyte.gz"));
    }
    say(tr("unknown image set"));
    return {};
}

void PcaDocument::loadImages(const QString& set) {
    if (m_imagesRequested == set && (m_images || busy()))
        return;
    m_imagesRequested = set;
    m_images.reset();
    QString description;
    const QString path = imageFile(set, &description);
    if (path.isEmpty()) {
        m_imageError = set == "mnist" || set == "fashion"
                           ? tr("%1 is not on this machine (looked in %2/data).")
                                 .arg(description, vaeResourceDir())
                           : tr("Unknown image set \"%1\" (known: mnist, fashion).").arg(set);
        emit imagesChanged();
        return;
    }
    m_imageError.clear();
    emit imagesChanged(); // "computing…"
    auto result = std::make_shared<std::shared_ptr<ImageModel>>();
    startJob(
        [=](const std::atomic_bool& cancelled) {
            const auto start = std::chrono::steady_clock::now();
            auto model = std::make_shared<ImageModel>();
            model->set = set;
            model->source = path;
            const IdxImages images = readIdxImages(path.toStdString());
            if (cancelled)
                return;
            if (images.count < 10)
                throw FileError(path.toStdString(),
                                "too few images for PCA (" + std::to_string(images.count) + ")");
            model->rows = static_cast<int>(images.rows);
            model->cols = static_cast<int>(images.cols);
            // Fit on the first 80 % (MNIST-10k's training split), test on the rest: the
            // reconstructed test image was never seen by the fit.
            const std::uint32_t train = images.count / 5 * 4;
            const Eigen::MatrixXd x = imageColumns(images, 0, train);
            model->test = imageColumns(images, train, images.count);
            if (cancelled)
                return;
            PcaOptions o;
            o.components = std::min<int>(kImageComponents, static_cast<int>(x.rows()) - 1);
            o.threads = 0;
            model->pca = Pca(x, o);
            model->description = tr("%1: PCA of images 0–%L2, test images %L3–%L4")
                                     .arg(description)
                                     .arg(train - 1)
                                     .arg(train)
                                     .arg(images.count - 1);
            model->seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            *result = std::move(model);
        },
        [this, result, set](const QString& error, bool cancelled) {
            if (m_imagesRequested != set)
                return;
            if (!error.isEmpty())
                m_imageError = error;
            else if (cancelled || !*result)
                m_imageError = tr("Cancelled.");
            else
                m_images = *result;
            if (!m_images)
                m_imagesRequested.clear(); // let the user try again
            emit imagesChanged();
        });
}

} // namespace latentlab
