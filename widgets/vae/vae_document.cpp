#include "vae/vae_document.h"

#include "common/error.h"
#include "common/random.h"
#include "io/idx.h"

#include <QFileInfo>
#include <QUndoStack>
#include <algorithm>
#include <atomic>
#include <cmath>

namespace latentlab {

namespace {

/// Undo ids: consecutive edits of one kind (a slider, a spin box) merge into one step.
constexpr int kMergeId = 1;
enum MergeKey { kNoMerge = -1, kMergeExtent = 1, kMergeGrid = 2 };

/// The prior's mass stays within a few units of the origin; further out is a typo, and
/// beyond float range a decode would give NaN.
constexpr double kMaxAbsZ = 1e3;

std::atomic<std::uint64_t> g_nextModelId{1};

} // namespace

std::uint64_t newVaeModelId() {
    return g_nextModelId++;
}

Eigen::VectorXf VaeTestSet::target(int i) const {
    Eigen::VectorXf x(data.dimension);
    Random unused(0); // Binarization::None draws nothing
    data.target(std::size_t(i), Binarization::None, unused, x.data());
    return x;
}

QString toString(LatentLayers layers) {
    static const char* const names[] = {"scatter", "grid", "both"}; // in enum order
    return QString::fromLatin1(names[int(layers)]);
}

QString toString(GridSpacing spacing) {
    return spacing == GridSpacing::Linear ? QStringLiteral("linear")
                                          : QStringLiteral("inverse-normal");
}

std::optional<LatentLayers> parseLayers(const QString& text) {
    for (LatentLayers l : {LatentLayers::Scatter, LatentLayers::Grid, LatentLayers::Both})
        if (toString(l) == text)
            return l;
    return std::nullopt;
}

std::optional<GridSpacing> parseSpacing(const QString& text) {
    for (GridSpacing s : {GridSpacing::Linear, GridSpacing::InverseNormal})
        if (toString(s) == text)
            return s;
    return std::nullopt;
}

VaeDocument::VaeDocument(QObject* parent) : Document(parent) {
    invalidateGrid();
    updatePad();
}

VaeDocument::~VaeDocument() {
    cancelWork();
}

// ---- The model ------------------------------------------------------------------------------

std::shared_ptr<const VaeLoadedModel> VaeDocument::readModel(const QString& source) {
    auto m = std::make_shared<VaeLoadedModel>();
    if (shippedModelNames().contains(source)) {
        m->source = source;
        m->path = shippedModelPath(source);
        m->title = shippedModelTitle(source);
    } else {
        m->path = QFileInfo(source).absoluteFilePath();
        m->source = m->path;
        m->title = QFileInfo(source).fileName();
    }
    const std::string path = m->path.toStdString();
    m->model = loadVaeModel(path);
    const VaeArchitecture& a = m->model.vae->architecture();
    if (a.input != kDigitSide * kDigitSide)
        throw FileError(path, "the VAE view shows 28 x 28 images, but this model's images have " +
                                  std::to_string(a.input) + " pixels");
    if (a.latent != 2)
        throw FileError(path, "the VAE view needs a 2-dimensional latent space, but this model's "
                              "has " +
                                  std::to_string(a.latent) + " dimensions");
    m->testData = bundledTestData(m->model.record);
    m->id = newVaeModelId();
    return m;
}

void VaeDocument::setModel(const QString& source) {
    State after = m_state;
    after.model = readModel(source); // throws, leaving everything as it was
    const QString text = tr("Model %1").arg(after.model->title);
    push(std::move(after), text);
}

void VaeDocument::resetModel(const QString& source) {
    State s = m_state;
    try {
        s.model = readModel(source);
        m_modelError.clear();
    } catch (const std::exception& e) {
        s.model = nullptr;
        m_modelError = QString::fromUtf8(e.what());
    }
    apply(s);
    emit modelChanged(); // also when only the error changed
}

void VaeDocument::load(std::shared_ptr<const VaeLoadedModel> model, const VaeSettings& settings,
                       std::vector<DigitStroke> strokes, const Eigen::Vector2d& z, int selected) {
    m_selected = selected;
    m_modelError.clear();
    apply(State{std::move(model), settings, std::move(strokes)});
    undoStack()->clear();
    setZ(z);
}

void VaeDocument::showTrainingSnapshot(std::shared_ptr<const VaeLoadedModel> model,
                                       std::shared_ptr<const VaeTestSet> testSet) {
    cancelWork(); // an encoding of an earlier model would replace this test set
    m_state.model = std::move(model);
    m_modelError.clear();
    m_testSet = std::move(testSet);
    m_testSetError.clear();
    updateForModel();
    emit trainingSnapshotChanged();
}

void VaeDocument::updateForModel() {
    if (m_testSet && m_selected >= m_testSet->count())
        m_selected = -1;
    updateDecoded();
    updateNearest();
    updateSelected();
    updatePad();
    updatePrior();
    updateLine();
    invalidateGrid();
}

QStringList VaeDocument::classNames() const {
    return m_state.model ? m_state.model->testData.classNames : QStringList();
}

void VaeDocument::startEncoding() {
    cancelWork();
    m_testSet = nullptr;
    m_testSetError.clear();
    const auto model = m_state.model;
    if (!model || !model->testData.valid())
        return;
    if (auto it = m_testSets.find(model->id); it != m_testSets.end()) {
        m_testSet = it->second;
        return;
    }
    auto result = std::make_shared<std::shared_ptr<VaeTestSet>>();
    startJob(
        [model, result](const std::atomic_bool& cancelled) {
            // Runs off the GUI thread: read the images (gzip IDX) and encode them in chunks.
            const VaeTestData& d = model->testData;
            const std::string imagesPath = d.images.toStdString();
            const std::string labelsPath = d.labels.toStdString();
            const IdxImages images = readIdxImages(imagesPath);
            const std::vector<std::uint8_t> labels = readIdxLabels(labelsPath);
            checkSameCount(images, labels, imagesPath, labelsPath);
            const int dim = int(images.rows * images.cols);
            if (dim != model->model.vae->input())
                throw FileError(imagesPath, "its images have " + std::to_string(dim) +
                                                " pixels, the model takes " +
                                                std::to_string(model->model.vae->input()));
            if (d.end > images.count)
                throw FileError(imagesPath, "has " + std::to_string(images.count) +
                                                " images, the test rows end at " +
                                                std::to_string(d.end));
            auto set = std::make_shared<VaeTestSet>();
            set->name = d.name;
            set->data = VaeDataset::fromRows(images.pixels, dim, labels, d.begin, d.end,
                                             d.name.toStdString());
            if (cancelled)
                return;
            // All images in one batch, as latentlab-cli vae-encode does: the same products
            // in the same order give the same posteriors to the last bit.
            Eigen::MatrixXf x(dim, set->count()), mu, logVar;
            for (int i = 0; i < set->count(); ++i)
                x.col(i) = set->target(i);
            model->model.vae->encode(x, mu, logVar);
            set->mu = mu;
            set->logVar = logVar;
            *result = std::move(set);
        },
        [this, model, result](const QString& error, bool cancelled) {
            if (cancelled)
                return;
            if (!error.isEmpty()) {
                if (m_state.model == model)
                    m_testSetError = tr("Cannot show the test images: %1").arg(error);
                emit testSetChanged();
                return;
            }
            if (!*result)
                return;
            m_testSets[model->id] = *result;
            if (m_state.model != model)
                return;
            m_testSet = *result;
            updateNearest();
            updateSelected();
            emit testSetChanged();
            emit selectionChanged();
            emit zChanged();
        });
}

// ---- Undo -------------------------------------------------------------------------------

void VaeDocument::push(State after, const QString& text, int mergeKey) {
    undoStack()->push(new StateEdit<State>([this](const State& s) { apply(s); }, m_state,
                                           std::move(after), text,
                                           mergeKey == kNoMerge ? -1 : kMergeId, mergeKey));
}

void VaeDocument::apply(const State& s) {
    const bool modelChanged = s.model != m_state.model;
    const VaeSettings old = m_state.settings;
    const bool strokesChanged = s.strokes != m_state.strokes;
    m_state = s;
    const VaeSettings& now = m_state.settings;
    if (modelChanged) {
        if (m_state.model)
            m_modelError.clear();
        startEncoding();
        updateForModel();
        emit this->modelChanged();
        emit testSetChanged();
        emit zChanged();
        emit selectionChanged();
        emit drawingChanged();
        emit gridChanged();
    }
    if (now != old) {
        if (now.showSample != old.showSample || now.sampleSeed != old.sampleSeed) {
            updateDecoded();
            emit zChanged();
        }
        if (!modelChanged && (now.showPrior != old.showPrior || now.priorSeed != old.priorSeed))
            updatePrior();
        if (!modelChanged &&
            (now.showLine != old.showLine || now.lineA != old.lineA || now.lineB != old.lineB))
            updateLine();
        if (!modelChanged &&
            (now.gridN != old.gridN || now.spacing != old.spacing || now.extent != old.extent)) {
            invalidateGrid();
            emit gridChanged();
        }
        emit settingsChanged();
    }
    if (strokesChanged && !modelChanged) {
        updatePad();
        emit drawingChanged();
    }
}

// ---- z ----------------------------------------------------------------------------------

void VaeDocument::setZ(const Eigen::Vector2d& z) {
    if (!z.allFinite())
        return;
    const Eigen::Vector2d c = z.cwiseMax(-kMaxAbsZ).cwiseMin(kMaxAbsZ);
    if (c == m_z && m_decoded.size() > 0)
        return;
    m_z = c;
    updateDecoded();
    updateNearest();
    emit zChanged();
}

void VaeDocument::updateDecoded() {
    const Vae* v = vae();
    if (!v) {
        m_decoded.resize(0);
        m_shown.clear();
        return;
    }
    m_decoded = v->decode(m_z.cast<float>()).col(0);
    if (m_state.settings.showSample)
        m_shown = bernoulliSample(m_decoded, m_state.settings.sampleSeed);
    else
        m_shown.assign(m_decoded.data(), m_decoded.data() + m_decoded.size());
}

void VaeDocument::updateNearest() {
    m_nearest = m_testSet ? nearestColumns(m_testSet->mu, m_z, kVaeNearest) : std::vector<int>{};
}

// ---- Settings ---------------------------------------------------------------------------

void VaeDocument::setSettings(const VaeSettings& settings, const QString& text) {
    VaeSettings s = settings;
    s.gridN = std::clamp(s.gridN, kVaeGridMin, kVaeGridMax);
    if (!(s.extent > 0 && s.extent <= 100))
        s.extent = m_state.settings.extent;
    if (s == m_state.settings)
        return;
    State after = m_state;
    after.settings = s;
    // A run of changes to the extent alone (or the grid size alone) is one undo step.
    const VaeSettings& o = m_state.settings;
    auto onlyChange = [&](auto VaeSettings::*member) {
        VaeSettings t = s;
        t.*member = o.*member;
        return t == o;
    };
    const int key = onlyChange(&VaeSettings::extent)  ? kMergeExtent
                    : onlyChange(&VaeSettings::gridN) ? kMergeGrid
                                                      : kNoMerge;
    push(std::move(after), text, key);
}

void VaeDocument::setLayers(LatentLayers layers) {
    VaeSettings s = settings();
    s.layers = layers;
    setSettings(s, tr("Show %1").arg(toString(layers)));
}

void VaeDocument::setGridSize(int n) {
    VaeSettings s = settings();
    s.gridN = n;
    setSettings(s, tr("Grid %1 x %1").arg(std::clamp(n, kVaeGridMin, kVaeGridMax)));
}

void VaeDocument::setSpacing(GridSpacing spacing) {
    VaeSettings s = settings();
    s.spacing = spacing;
    setSettings(s, tr("Grid spacing %1").arg(toString(spacing)));
}

void VaeDocument::setExtent(double extent) {
    VaeSettings s = settings();
    s.extent = extent;
    setSettings(s, tr("Grid extent %1").arg(extent));
}

void VaeDocument::setShowSample(bool on) {
    VaeSettings s = settings();
    s.showSample = on;
    setSettings(s, on ? tr("Show a Bernoulli sample") : tr("Show the Bernoulli means"));
}

void VaeDocument::resample() {
    VaeSettings s = settings();
    s.showSample = true;
    ++s.sampleSeed;
    setSettings(s, tr("New Bernoulli sample"));
}

void VaeDocument::setShowPrior(bool on) {
    VaeSettings s = settings();
    s.showPrior = on;
    setSettings(s, on ? tr("Sample from the prior") : tr("Hide the prior samples"));
}

void VaeDocument::reseedPrior() {
    VaeSettings s = settings();
    s.showPrior = true;
    ++s.priorSeed;
    setSettings(s, tr("New prior samples"));
}

void VaeDocument::setLineEnd(int end, const Eigen::Vector2d& z) {
    VaeSettings s = settings();
    (end == 0 ? s.lineA : s.lineB) = z;
    s.showLine = true;
    setSettings(s, end == 0 ? tr("Interpolate from z") : tr("Interpolate to z"));
}

void VaeDocument::setShowLine(bool on) {
    VaeSettings s = settings();
    s.showLine = on;
    setSettings(s, on ? tr("Show the interpolation") : tr("Hide the interpolation"));
}

void VaeDocument::updateLine() {
    const VaeSettings& s = m_state.settings;
    if (!s.showLine || !vae()) {
        m_linePoints.resize(2, 0);
        m_lineDecodes.resize(0, 0);
        return;
    }
    m_linePoints = latentlab::linePoints(s.lineA, s.lineB, kVaeLineSteps);
    m_lineDecodes = vae()->decode(m_linePoints.cast<float>());
}

void VaeDocument::invalidateGrid() {
    const VaeSettings& s = m_state.settings;
    m_gridCoords = latentGridCoordinates(s.gridN, s.spacing, s.extent);
    m_gridValid = false;
}

const Eigen::MatrixXf& VaeDocument::gridTiles() const {
    if (!m_gridValid) {
        // One batch: about 9 ms for 30 x 30 on the shipped models, within a frame.
        m_gridTiles = vae() ? vae()->decode(latentGridPoints(m_gridCoords)) : Eigen::MatrixXf();
        m_gridValid = true;
    }
    return m_gridTiles;
}

void VaeDocument::updatePrior() {
    if (!m_state.settings.showPrior || !vae()) {
        m_priorPoints.resize(2, 0);
        m_priorDecodes.resize(0, 0);
    } else {
        m_priorPoints = priorSamples(kVaePriorSamples, m_state.settings.priorSeed);
        m_priorDecodes = vae()->decode(m_priorPoints.cast<float>());
    }
}

// ---- Selection --------------------------------------------------------------------------

void VaeDocument::select(int index) {
    if (!m_testSet || index < 0 || index >= m_testSet->count())
        index = -1;
    m_selected = index;
    updateSelected();
    emit selectionChanged();
    if (index >= 0)
        setZ(m_testSet->mu.col(index).cast<double>());
}

void VaeDocument::updateSelected() {
    if (!m_testSet || !vae() || m_selected < 0 || m_selected >= m_testSet->count()) {
        if (m_testSet && m_selected >= m_testSet->count())
            m_selected = -1;
        m_selectedRecon.resize(0);
        m_selectedElbo = {};
        return;
    }
    m_selectedRecon = vae()->decode(m_testSet->mu.col(m_selected)).col(0);
    m_selectedElbo = imageElbo(*vae(), m_testSet->target(m_selected), kVaeElboSamples, 1);
}

// ---- Drawing pad ------------------------------------------------------------------------

std::vector<DigitStroke> VaeDocument::drawingStrokes() const {
    std::vector<DigitStroke> all = m_state.strokes;
    if (m_drawing)
        all.push_back(m_live);
    return all;
}

void VaeDocument::beginStroke(const Eigen::Vector2d& p) {
    m_drawing = true;
    m_live.points = {p};
    updatePad();
    emit drawingChanged();
}

void VaeDocument::extendStroke(const Eigen::Vector2d& p) {
    if (!m_drawing || (!m_live.points.empty() && m_live.points.back() == p))
        return;
    m_live.points.push_back(p);
    updatePad();
    emit drawingChanged();
}

void VaeDocument::endStroke() {
    if (!m_drawing)
        return;
    m_drawing = false;
    std::vector<DigitStroke> strokes = m_state.strokes;
    strokes.push_back(std::move(m_live));
    m_live = {};
    setStrokes(std::move(strokes), tr("Draw"));
}

void VaeDocument::clearDrawing() {
    if (m_state.strokes.empty())
        return;
    setStrokes({}, tr("Clear the drawing"));
}

void VaeDocument::setStrokes(std::vector<DigitStroke> strokes, const QString& text) {
    State after = m_state;
    after.strokes = std::move(strokes);
    push(std::move(after), text);
}

void VaeDocument::updatePad() {
    m_padCanvas = rasterizeStrokes(drawingStrokes(), kPadCanvasSide, kPadBrushRadius);
    // Grey levels as the MNIST images have them, and the encoder's input from them exactly as
    // from a test image (VaeDataset::target).
    const std::vector<float> digit = mnistNormalize(m_padCanvas, kPadCanvasSide);
    m_padImage.resize(digit.size());
    std::transform(digit.begin(), digit.end(), m_padImage.begin(), [](float v) {
        return std::uint8_t(std::lround(255.f * std::clamp(v, 0.f, 1.f)));
    });
    m_padHasInk =
        std::any_of(m_padImage.begin(), m_padImage.end(), [](std::uint8_t v) { return v > 0; });
    if (!m_padHasInk || !vae()) {
        m_padRecon.resize(0);
        return;
    }
    VaeDataset pad;
    pad.dimension = int(m_padImage.size());
    pad.count = 1;
    pad.pixels = m_padImage;
    Eigen::VectorXf x(pad.dimension);
    Random unused(0);
    pad.target(0, Binarization::None, unused, x.data());
    Eigen::MatrixXf mu, logVar;
    vae()->encode(x, mu, logVar);
    m_padMu = mu.col(0);
    m_padLogVar = logVar.col(0);
    m_padRecon = vae()->decode(mu).col(0);
}

} // namespace latentlab
