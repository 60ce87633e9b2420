#include "vae/vae_training_run.h"

#include "common/error.h"
#include "io/idx.h"
#include "vae/vae_resources.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QMetaObject>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <thread>
#include <utility>

namespace latentlab {

namespace {

/// What the plane's updates may take from the training, as a share of one core: encoding the
/// test images from a snapshot (its own thread) and everything the GUI thread does meanwhile
/// (the codes gliding, the grid decoded, the curves repainted). On two cores the training's
/// two threads meet at every batch, so a core taken from one stalls both: the share is what
/// the training loses (issue 11 allows 10 %).
constexpr double kPlaneShare = 0.05;
/// The plane follows at most this often, and at least this often whatever it costs.
constexpr qint64 kMinEncodeIntervalMs = 150;
constexpr qint64 kMaxEncodeIntervalMs = 2500;
/// How often the GUI thread collects the batches' progress while training runs (or is paused:
/// the batch before a pause shows).
constexpr int kPollIntervalMs = 40;
/// Batches an exponential moving average of the batch loss remembers (about).
constexpr double kSmoothingBatches = 20;

QString rangeText(std::size_t a, std::size_t b) {
    return QStringLiteral("%1:%2").arg(a).arg(b);
}

} // namespace

double threadCpuSeconds() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec t{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0)
        return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
#endif
    return 0;
}

VaeTrainingSettings::VaeTrainingSettings() {
    options.epochs = 10;
    options.threads = int(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

QString trainingDataName(const VaeTrainingSettings& s) {
    switch (s.data) {
    case VaeTrainingDataKind::Mnist:
        return QStringLiteral("mnist");
    case VaeTrainingDataKind::Fashion:
        return QStringLiteral("fashion");
    default:
        return s.images;
    }
}

bool parseTrainingData(const QString& text, VaeTrainingSettings& s) {
    if (text == "mnist" || text == "fashion") {
        s.data = text == "mnist" ? VaeTrainingDataKind::Mnist : VaeTrainingDataKind::Fashion;
        return true;
    }
    const QFileInfo images(text);
    if (!images.isFile())
        return false;
    s.data = VaeTrainingDataKind::Idx;
    s.images = images.absoluteFilePath();
    // MNIST's naming: train-images-idx3-ubyte goes with train-labels-idx1-ubyte.
    QString labels = images.fileName();
    labels.replace(QStringLiteral("images"), QStringLiteral("labels"))
        .replace(QStringLiteral("idx3"), QStringLiteral("idx1"));
    const QFileInfo l(images.dir().filePath(labels));
    s.labels = labels != images.fileName() && l.isFile() ? l.absoluteFilePath() : QString();
    return true;
}

std::optional<std::vector<int>> parseHiddenSizes(const QString& text) {
    std::vector<int> h;
    const QString t = text.trimmed();
    if (t.isEmpty() || t == "none")
        return h;
    for (const QString& part : t.split(',')) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v < 1 || v > 65536 || h.size() >= 16)
            return std::nullopt;
        h.push_back(v);
    }
    return h;
}

QString hiddenSizesText(const std::vector<int>& hidden) {
    QStringList parts;
    for (int v : hidden)
        parts << QString::number(v);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(',');
}

QString VaeTrainingData::cliCommand(const VaeTrainingSettings& s) const {
    const VaeTrainingOptions& o = s.options;
    // The rows are in the data sets' names ("file[a:b]").
    auto rows = [](const VaeDataset& d) {
        const QString n = QString::fromStdString(d.name);
        return n.mid(n.lastIndexOf('[') + 1).chopped(1);
    };
    QString c = QStringLiteral("latentlab-cli vae-train --images %1").arg(imagesPath);
    if (!labelsPath.isEmpty())
        c += QStringLiteral(" --labels %1").arg(labelsPath);
    c += QStringLiteral(" --train %1 --test %2 --epochs %3 --batch %4 --hidden %5 --latent 2 "
                        "--lr %6 --beta %7 --binarize %8 --seed %9 --threads %10")
             .arg(rows(*train), rows(*test))
             .arg(o.epochs)
             .arg(o.batchSize)
             .arg(hiddenSizesText(s.hidden))
             .arg(o.learningRate, 0, 'g', 17)
             .arg(o.beta, 0, 'g', 17)
             .arg(QString::fromStdString(toString(o.binarization)))
             .arg(o.seed)
             .arg(o.threads);
    return c;
}

VaeTrainingData loadTrainingData(const VaeTrainingSettings& s) {
    VaeTrainingData d;
    const QString dir = vaeResourceDir() + "/data/";
    std::size_t trainEnd = 0, testBegin = 0, testEnd = 0;
    switch (s.data) {
    case VaeTrainingDataKind::Mnist:
        d.imagesPath = dir + "mnist10k-images-idx3-ubyte.gz";
        d.labelsPath = dir + "mnist10k-labels-idx1-ubyte.gz";
        d.classNames = digitNames();
        break;
    case VaeTrainingDataKind::Fashion:
        d.imagesPath = dir + "fashion2k-images-idx3-ubyte.gz";
        d.labelsPath = dir + "fashion2k-labels-idx1-ubyte.gz";
        d.classNames = garmentNames();
        d.fashion = true;
        trainEnd = 1600;
        testBegin = 1600;
        testEnd = 2000;
        break;
    case VaeTrainingDataKind::Idx:
        d.imagesPath = s.images;
        d.labelsPath = s.labels;
        d.classNames = digitNames();
        break;
    }
    const std::string imagesPath = d.imagesPath.toStdString();
    const IdxImages images = readIdxImages(imagesPath);
    std::vector<std::uint8_t> labels;
    if (!d.labelsPath.isEmpty()) {
        labels = readIdxLabels(d.labelsPath.toStdString());
        checkSameCount(images, labels, imagesPath, d.labelsPath.toStdString());
    }
    const int dim = int(images.rows * images.cols);
    if (dim != kDigitSide * kDigitSide)
        throw FileError(imagesPath, "the VAE view trains on 28 x 28 images, these have " +
                                        std::to_string(images.rows) + " x " +
                                        std::to_string(images.cols) + " pixels");
    const std::size_t n = images.count;
    if (n < 2)
        throw FileError(imagesPath, "holds fewer than two images: nothing to train and test on");
    if (trainEnd == 0) {
        // latentlab-cli vae-train's defaults.
        trainEnd = std::min<std::size_t>(8000, n);
        testBegin = std::min<std::size_t>(8000, n - 1);
        testEnd = std::min<std::size_t>(10000, n);
    }
    const std::string base = QFileInfo(d.imagesPath).fileName().toStdString();
    auto rows = [&](std::size_t a, std::size_t b) {
        return std::make_shared<const VaeDataset>(VaeDataset::fromRows(
            images.pixels, dim, labels, a, b, base + "[" + rangeText(a, b).toStdString() + "]"));
    };
    d.train = rows(0, trainEnd);
    d.test = rows(testBegin, testEnd);
    return d;
}

// ---- The run --------------------------------------------------------------------------------

VaeTrainingRun::VaeTrainingRun(QObject* parent) : QObject(parent) {
    m_poll.setInterval(kPollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &VaeTrainingRun::drain);
}

VaeTrainingRun::~VaeTrainingRun() {
    // The threads use this object: stop them before any member goes.
    m_trainer.reset();
    m_encoder.stop();
}

void VaeTrainingRun::setState(State s) {
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged();
}

void VaeTrainingRun::start(const VaeTrainingSettings& settings) {
    if (active())
        throw ArgumentError("a training is already running: stop it first");
    const QString key = trainingDataName(settings) + '|' + settings.labels;
    std::shared_ptr<const VaeTrainingData> data = m_data;
    if (!data || key != m_dataKey)
        data = std::make_shared<const VaeTrainingData>(loadTrainingData(settings));
    VaeArchitecture arch;
    arch.input = data->train->dimension;
    arch.hidden = settings.hidden;
    arch.latent = 2;
    arch.validate();
    // Throws for bad options or data before anything of the old run is dropped.
    auto trainer = std::make_unique<VaeTrainer>(arch, settings.options, data->train, data->test);

    reset();
    m_settings = settings;
    if (data != m_data) {
        m_data = data;
        m_dataKey = key;
        const VaeDataset& t = *m_data->test;
        m_testInputs.resize(t.dimension, Eigen::Index(t.count));
        Random unused(0); // Binarization::None draws nothing
        for (std::size_t i = 0; i < t.count; ++i)
            t.target(i, Binarization::None, unused, m_testInputs.col(Eigen::Index(i)).data());
        m_reference.reset();
    }
    m_trainer = std::move(trainer);
    m_emaStarted = false;
    m_trainer->setBatchCallback([this](const VaeBatchProgress& p) {
        // Training thread: remember.
        {
            std::lock_guard lock(m_mutex);
            const double alpha = 1.0 / kSmoothingBatches;
            m_ema = m_emaStarted ? (1 - alpha) * m_ema + alpha * p.loss : p.loss;
            m_emaStarted = true;
            m_pendingBatch = p;
            ++m_pendingBatches;
            m_pendingCurve.emplace_back(p.epoch - 1 + double(p.batch) / p.batches, -m_ema);
        }
        // No call posted: the GUI thread polls (m_poll), the training is not woken per batch.
    });
    m_trainer->setEpochCallback([this](const VaeEpochProgress& p) {
        {
            std::lock_guard lock(m_mutex);
            m_pendingEpochs.push_back(p);
        }
        if (!m_posted.exchange(true))
            QMetaObject::invokeMethod(this, &VaeTrainingRun::drain, Qt::QueuedConnection);
    });
    m_trainer->setFinishedCallback([this] {
        QMetaObject::invokeMethod(this, &VaeTrainingRun::onFinished, Qt::QueuedConnection);
    });
    m_clock.start();
    m_sinceEncode.start();
    m_poll.start();
    m_trainer->start();
    setState(State::Running);
    // The plane shows the initial weights at once.
    maybeEncode();
}

void VaeTrainingRun::pause() {
    if (m_state != State::Running)
        return;
    m_trainer->pause();
    m_pausedClock.start();
    setState(State::Paused);
}

void VaeTrainingRun::resume() {
    if (m_state != State::Paused)
        return;
    m_pausedSeconds += m_pausedClock.elapsed() / 1000.0;
    m_trainer->resume();
    setState(State::Running);
}

void VaeTrainingRun::stop() {
    if (!active())
        return;
    if (m_state == State::Paused)
        m_pausedSeconds += m_pausedClock.elapsed() / 1000.0;
    m_trainer->cancel(); // onFinished() follows
}

void VaeTrainingRun::reset() {
    m_trainer.reset(); // cancels (also a pause) and joins
    m_poll.stop();
    m_encoder.stop();
    m_encoding = false;
    m_encodedVae = nullptr;
    m_encodeResult = nullptr;
    {
        std::lock_guard lock(m_mutex);
        m_pendingBatch = {};
        m_pendingCurve.clear();
        m_pendingEpochs.clear();
        m_pendingBatches = 0;
    }
    m_batch = {};
    m_batchesDone = 0;
    m_epochs.clear();
    m_batchCurve.clear();
    m_pausedSeconds = 0;
    m_encodeCpuSeconds = 0;
    m_snapshotsShown = 0;
    m_encodeCpuTotal = 0;
    m_error.clear();
    setState(State::Idle);
    emit progressed();
}

void VaeTrainingRun::halt() {
    m_poll.stop();
    if (m_trainer) {
        m_trainer->cancel();
        try {
            m_trainer->wait();
        } catch (const std::exception&) {
            // Closing: the error no longer matters.
        }
    }
    m_encoder.stop();
    m_encoding = false;
}

void VaeTrainingRun::waitUntilFinished() {
    if (!active())
        return;
    QEventLoop loop;
    connect(this, &VaeTrainingRun::stateChanged, &loop, [this, &loop] {
        if (!active())
            loop.quit();
    });
    loop.exec();
    // The final snapshot's encoding, so the plane shows the trained model.
    while (m_encoding)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

void VaeTrainingRun::drain() {
    m_posted = false; // from here on, new progress posts a new call
    VaeBatchProgress batch;
    std::vector<QPointF> curve;
    std::vector<VaeEpochProgress> epochs;
    int batches = 0;
    {
        std::lock_guard lock(m_mutex);
        batch = m_pendingBatch;
        batches = std::exchange(m_pendingBatches, 0);
        curve.swap(m_pendingCurve);
        epochs.swap(m_pendingEpochs);
    }
    if (batches == 0 && epochs.empty())
        return;
    if (batches > 0)
        m_batch = batch;
    m_batchesDone += batches;
    m_batchCurve.insert(m_batchCurve.end(), curve.begin(), curve.end());
    m_epochs.insert(m_epochs.end(), epochs.begin(), epochs.end());
    emit progressed();
    if (!epochs.empty())
        emit epochFinished();
    maybeEncode();
}

void VaeTrainingRun::onFinished() {
    if (!m_trainer)
        return;
    m_poll.stop();
    drain();
    try {
        m_trainer->wait();
        if (m_trainer->diverged()) {
            m_error = tr("The loss became NaN or infinite in epoch %1: training stopped, the "
                         "model keeps the last finite weights. Try a smaller learning rate.")
                          .arg(m_batch.epoch);
            setState(State::Diverged);
        } else {
            setState(m_trainer->wasCancelled() ? State::Stopped : State::Finished);
        }
    } catch (const std::exception& e) {
        m_error = QString::fromUtf8(e.what());
        setState(State::Failed);
    }
    maybeEncode();
}

double VaeTrainingRun::fraction() const {
    const int epochs = m_settings.options.epochs;
    if (epochs <= 0 || m_batch.batches <= 0)
        return 0;
    return std::clamp(double(m_batchesDone) / (double(epochs) * m_batch.batches), 0.0, 1.0);
}

double VaeTrainingRun::elapsedSeconds() const {
    if (!m_clock.isValid())
        return 0;
    double paused = m_pausedSeconds;
    if (m_state == State::Paused)
        paused += m_pausedClock.elapsed() / 1000.0;
    return std::max(0.0, m_clock.elapsed() / 1000.0 - paused);
}

double VaeTrainingRun::secondsLeft() const {
    const double f = fraction();
    if (f <= 0 || !active())
        return 0;
    const double t = elapsedSeconds();
    return t / f - t;
}

double VaeTrainingRun::samplesPerSecond() const {
    double seconds = 0, samples = 0;
    for (const VaeEpochProgress& e : m_epochs) {
        seconds += e.seconds;
        samples += e.samplesPerSecond * e.seconds;
    }
    return seconds > 0 ? samples / seconds : 0;
}

// ---- Snapshots for the plane ----------------------------------------------------------------

void VaeTrainingRun::maybeEncode() {
    if (!m_trainer || m_encoding)
        return;
    const std::shared_ptr<const Vae> vae = m_trainer->snapshot();
    if (vae == m_encodedVae)
        return;
    // After the end, the final weights at once; during training, when the last snapshot's
    // cost (its encoding, and the GUI thread's work since it began) fits kPlaneShare of the
    // time since.
    if (active() && m_encodedVae) {
        const qint64 since = m_sinceEncode.elapsed();
        const double cost = m_encodeCpuSeconds + (threadCpuSeconds() - m_guiCpuAtEncode);
        if (since < kMinEncodeIntervalMs ||
            (cost > kPlaneShare * 1e-3 * double(since) && since < kMaxEncodeIntervalMs))
            return;
    }
    m_encoding = true;
    m_encodedVae = vae;
    m_sinceEncode.start();
    m_guiCpuAtEncode = threadCpuSeconds();
    auto result = std::make_shared<VaeTestSet>();
    m_encodeResult = result;
    const std::shared_ptr<const VaeTrainingData> data = m_data;
    const Eigen::MatrixXf* inputs = &m_testInputs; // unchanged while an encoding runs
    const std::string name = data->test->name;
    m_encoder.start(
        [vae, data, inputs, result, cpuSeconds = &m_encodeCpuSeconds](const std::atomic_bool&) {
            const double cpu = threadCpuSeconds();
            Eigen::MatrixXf mu, logVar;
            vae->encode(*inputs, mu, logVar);
            result->mu = mu;
            result->logVar = logVar;
            result->data = *data->test;
            *cpuSeconds = threadCpuSeconds() - cpu;
        },
        [this] {
            QMetaObject::invokeMethod(this, &VaeTrainingRun::onEncoded, Qt::QueuedConnection);
        });
}

void VaeTrainingRun::onEncoded() {
    if (!m_encoding)
        return; // a reset came first
    m_encoder.join();
    m_encoding = false;
    m_encodeCpuTotal += m_encodeCpuSeconds;
    std::shared_ptr<VaeTestSet> set = std::exchange(m_encodeResult, nullptr);
    if (!set || set->mu.cols() != Eigen::Index(m_data->test->count))
        return;
    set->name = tr("%1 (held out)").arg(QString::fromStdString(m_data->test->name));
    ++m_snapshotsShown;
    emit snapshotEncoded(loadedModel(m_encodedVae), set);
    if (!active())
        maybeEncode(); // the final weights, if they came while this one ran
}

// ---- The model ------------------------------------------------------------------------------

VaeTrainingRecord VaeTrainingRun::record() const {
    const VaeTrainingOptions& o = m_settings.options;
    VaeTrainingRecord r;
    r.dataset = m_data->train->name;
    r.datasetChecksum = m_data->train->checksum();
    r.trainImages = m_data->train->count;
    r.seed = o.seed;
    r.epochs = m_state == State::Finished ? o.epochs : int(m_epochs.size());
    r.batchSize = o.batchSize;
    r.learningRate = o.learningRate;
    r.beta = o.beta;
    r.binarization = o.binarization;
    r.threads = o.threads;
    r.testDataset = m_data->test->name;
    if (!m_epochs.empty()) {
        r.testElbo = m_epochs.back().test.elbo;
        r.testKl = m_epochs.back().test.kl;
    }
    r.command = m_data->cliCommand(m_settings).toStdString();
    return r;
}

std::shared_ptr<VaeLoadedModel> VaeTrainingRun::loadedModel(std::shared_ptr<const Vae> vae) const {
    auto m = std::make_shared<VaeLoadedModel>();
    m->id = newVaeModelId();
    m->training = true;
    m->title = active() ? tr("Training: epoch %1 of %2")
                              .arg(std::max(1, m_batch.epoch))
                              .arg(m_settings.options.epochs)
                        : tr("Trained here (%1 epochs, unsaved)").arg(m_epochs.size());
    m->model = VaeModel{std::move(vae), record()};
    VaeTestData& t = m->testData;
    t.images = m_data->imagesPath;
    t.labels = m_data->labelsPath;
    t.name = QString::fromStdString(m_data->test->name);
    const QString n = t.name;
    const QStringList rows = n.mid(n.lastIndexOf('[') + 1).chopped(1).split(':');
    t.begin = rows.value(0).toULongLong();
    t.end = rows.value(1).toULongLong();
    t.classNames = m_data->classNames;
    t.fashion = m_data->fashion;
    return m;
}

std::shared_ptr<const VaeLoadedModel> VaeTrainingRun::model() const {
    if (!m_trainer)
        return nullptr;
    return loadedModel(m_trainer->snapshot());
}

void VaeTrainingRun::save(const QString& path) const {
    if (!m_trainer)
        throw ArgumentError("nothing has been trained yet: press Start first");
    saveVaeModel(path.toStdString(), *m_trainer->snapshot(), record());
}

std::optional<double> VaeTrainingRun::referenceElbo() const {
    if (m_reference)
        return *m_reference;
    std::optional<double> r;
    if (m_data && m_settings.data != VaeTrainingDataKind::Idx) {
        try {
            const QString name =
                m_data->fashion ? QStringLiteral("fashion") : QStringLiteral("mnist");
            r = loadVaeModel(shippedModelPath(name).toStdString()).record.testElbo;
        } catch (const std::exception&) {
            // Not installed: no reference line.
        }
    }
    m_reference = r;
    return r;
}

} // namespace latentlab
