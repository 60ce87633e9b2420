#include "vae/ae_vs_vae_view.h"

#include "common/page.h"
#include "vae/digit_canvas.h"
#include "vae/digit_image.h"
#include "vae/latent_plot.h"
#include "vae/latent_space.h"
#include "vae/vae_resources.h"
#include "vae/vae_trainer.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace latentlab {

namespace {

// Small settings, so that both models train in seconds on two cores.
constexpr std::size_t kTrainImages = 3000;
constexpr std::size_t kTestBegin = 8000, kTestEnd = 8500;
constexpr int kEpochs = 20;
constexpr int kGridN = 15;
constexpr double kGridExtent = 3.0;
constexpr int kPriorSamples = 64;

VaeTrainingOptions trainingOptions(bool autoencoder) {
    VaeTrainingOptions o;
    o.epochs = kEpochs;
    o.batchSize = 100;
    o.learningRate = 1e-3;
    o.seed = 1;
    o.threads = 2;
    o.autoencoder = autoencoder;
    return o;
}

VaeArchitecture architecture() {
    VaeArchitecture a;
    a.hidden = {128, 64};
    a.latent = 2;
    return a;
}

} // namespace

struct AeVsVaeView::Result {
    std::array<Eigen::Matrix2Xf, 2> mu;
    std::vector<std::uint8_t> labels;
    std::vector<double> coords;
    std::array<Eigen::MatrixXf, 2> grid, sampleDecodes;
    Eigen::Matrix2Xd prior;
    std::array<double, 2> testElbo{};
    std::array<std::shared_ptr<const Vae>, 2> models;
    double seconds = 0;
};

AeVsVaeView::AeVsVaeView(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(6, 6, 6, 6);
    m_explain = new QLabel(
        tr("Both models are trained on the same %L1 MNIST images with the same seed; the only "
           "difference is the VAE's noise and KL term. The autoencoder's codes spread out "
           "wherever they like, so points drawn from N(0, I) land in holes and decode to no "
           "digit; the VAE's codes are pulled towards the prior, which it fills, so every "
           "sample decodes to a digit.")
            .arg(kTrainImages));
    m_explain->setWordWrap(true);
    v->addWidget(m_explain);
    auto* row = new QHBoxLayout;
    m_progressRow = new QWidget;
    row->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 2 * kEpochs);
    m_progress->setFormat(tr("training: %v of %m epochs"));
    row->addWidget(m_progress, 1);
    m_retrain = new QPushButton(tr("Train again"));
    m_retrain->setToolTip(tr("Train both models again from the same seed"));
    connect(m_retrain, &QPushButton::clicked, this, &AeVsVaeView::retrain);
    row->addWidget(m_retrain);
    m_progressRow->setLayout(row);
    v->addWidget(m_progressRow);
    auto* grid = new QGridLayout;
    m_grid = grid;
    m_titleTexts[0] = {tr("Autoencoder: z = \u03bc(x), no KL term (colours as on the right)"),
                       tr("Autoencoder: no KL term")};
    m_titleTexts[1] = {tr("VAE: z ~ q(z|x), KL to N(0, I)"), tr("VAE: KL to N(0, I)")};
    for (int k = 0; k < 2; ++k) {
        m_titles[std::size_t(k)] =
            new QLabel(QStringLiteral("<b>%1</b>").arg(m_titleTexts[std::size_t(k)].first));
        m_titles[std::size_t(k)]->setWordWrap(true);
        m_plots[std::size_t(k)] = new LatentPlot;
        m_plots[std::size_t(k)]->setClassNames(digitNames());
        m_plots[std::size_t(k)]->setLegendInside(true); // two planes: no room for columns
        m_plots[std::size_t(k)]->setLatentPointVisible(false);
        // One legend for both planes (the same colours): the autoencoder's plane keeps its room.
        m_plots[std::size_t(k)]->legend->setVisible(k == 1);
        auto* d = new DigitImage;
        d->setPreferredScale(1);
        d->setShrinkable(true); // 16 digits wide: narrower columns (1024 x 768) draw it smaller
        d->setPlaceholder(tr("64 samples z ~ N(0, I), decoded"));
        d->setToolTip(tr("The decodes of the 64 samples from N(0, I) shown on the plane above"));
        m_samples[std::size_t(k)] = d;
        auto* z = new DigitImage;
        z->setPreferredScale(3);
        z->setPlaceholder(tr("press on a plane"));
        z->setToolTip(tr("This model's decode at the z pressed on either plane"));
        m_atZ[std::size_t(k)] = z;
        connect(m_plots[std::size_t(k)], &LatentPlot::latentPointMoved, this, &AeVsVaeView::setZ);
        auto* images = new QHBoxLayout;
        images->addWidget(d, 3);
        images->addWidget(z, 1);
        grid->addWidget(m_titles[std::size_t(k)], 0, k);
        grid->addWidget(m_plots[std::size_t(k)], 1, k);
        grid->addLayout(images, 2, k);
    }
    grid->setRowStretch(1, 3);
    grid->setRowStretch(2, 1);
    v->addLayout(grid, 1);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    v->addWidget(m_summary);
}

AeVsVaeView::~AeVsVaeView() {
    m_task.stop();
}

void AeVsVaeView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    start();
}

void AeVsVaeView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    sizeDecodes();
}

void AeVsVaeView::sizeDecodes() {
    // Lecture mode: the decodes at z, read from the back of the hall, as large as the planes
    // leave room for: a quarter of each column wide (beside the 64 samples), and 4 screen pixels
    // a model pixel on a 768 px projector, 5 on a 720 px one (its wider columns leave the height
    // to the planes' 45 %), 8 on 1080 px (224 px, as the other lessons' decoded image).
    int scale = 1;
    if (m_lecture) {
        const int byWidth = (width() / 2 - 12) / 4 / kDigitSide;
        const int byHeight = height() >= 1000 ? 8 : height() >= 660 ? 5 : 4;
        scale = std::clamp(std::min(byWidth, byHeight), 3, 8);
    }
    for (DigitImage* d : m_atZ)
        d->setMinimumScale(scale);
}

bool AeVsVaeView::busy() const {
    return m_task.running();
}

void AeVsVaeView::start() {
    if (m_result || busy())
        return;
    retrain();
}

void AeVsVaeView::retrain() {
    m_task.stop();
    m_progress->setValue(0);
    m_retrain->setEnabled(false);
    m_progressRow->setVisible(true);
    m_summary->setText(tr("Training the autoencoder and the VAE\u2026"));
    for (LatentPlot* p : m_plots)
        p->setMessage(tr("Training\u2026"));
    m_task.start(
        [this](const std::atomic_bool& cancelled) {
            const auto started = std::chrono::steady_clock::now();
            const VaeDatasetPair data = bundledMnistRows(kTrainImages, kTestBegin, kTestEnd);
            auto r = std::make_shared<Result>();
            r->labels = data.test->labels;
            r->coords = latentGridCoordinates(kGridN, GridSpacing::Linear, kGridExtent);
            const Eigen::MatrixXf gridZ = latentGridPoints(r->coords);
            r->prior.resize(2, kPriorSamples);
            Random rng(vaeStreamSeed(1, kVaeImportanceStream + 10, 0, 0));
            for (double& z : r->prior.reshaped())
                z = rng.normal();
            const Eigen::MatrixXf priorZ = r->prior.cast<float>();
            Eigen::MatrixXf x(data.test->dimension, Eigen::Index(data.test->count));
            for (Eigen::Index i = 0; i < x.cols(); ++i)
                data.test->target(std::size_t(i), Binarization::None, rng, x.col(i).data());
            for (int k = 0; k < 2 && !cancelled; ++k) {
                VaeTrainer trainer(architecture(), trainingOptions(k == 0), data.train, data.test);
                trainer.setEpochCallback([this, k](const VaeEpochProgress& p) {
                    const int done = k * kEpochs + p.epoch;
                    QMetaObject::invokeMethod(
                        this, [this, done] { m_progress->setValue(done); }, Qt::QueuedConnection);
                });
                trainer.start();
                while (!trainer.isFinished()) {
                    if (cancelled)
                        trainer.cancel();
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                trainer.wait();
                const auto vae = trainer.snapshot();
                Eigen::MatrixXf mu, logVar;
                vae->encode(x, mu, logVar);
                r->mu[std::size_t(k)] = mu;
                r->grid[std::size_t(k)] = vae->decode(gridZ);
                r->sampleDecodes[std::size_t(k)] = vae->decode(priorZ);
                r->testElbo[std::size_t(k)] = trainer.lastEpoch().test.elbo;
                r->models[std::size_t(k)] = vae;
            }
            r->seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            m_pending = std::move(r);
        },
        [this] {
            QMetaObject::invokeMethod(
                this, [this] { finished(); }, Qt::QueuedConnection);
        });
}

void AeVsVaeView::finished() {
    if (m_task.running() || !m_task.finished())
        return;
    m_retrain->setEnabled(true);
    const bool cancelled = m_task.cancelRequested();
    try {
        m_task.join();
    } catch (const std::exception& e) {
        for (LatentPlot* p : m_plots)
            p->setMessage(tr("Cannot train:\n%1").arg(QString::fromUtf8(e.what())));
        m_summary->setText(QString::fromUtf8(e.what()));
        return;
    }
    if (cancelled || !m_pending)
        return;
    m_result = std::move(m_pending);
    showResult(*m_result);
    m_progressRow->setVisible(!m_lecture);
}

void AeVsVaeView::waitForResult() {
    start();
    while (busy())
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    finished();
}

void AeVsVaeView::setZ(const Eigen::Vector2d& z) {
    if (!m_result)
        return;
    const Eigen::MatrixXf point = z.cast<float>();
    for (int k = 0; k < 2; ++k) {
        m_plots[std::size_t(k)]->setLatentPointVisible(true);
        m_plots[std::size_t(k)]->setLatentPoint(z);
        const Eigen::MatrixXf x = m_result->models[std::size_t(k)]->decode(point);
        m_atZ[std::size_t(k)]->setImage(greyImage(x.data(), kDigitSide, kDigitSide));
        // (Lecture mode: no caption, the cross-hair on both planes marks z.)
        m_atZ[std::size_t(k)]->setCaption(
            m_lecture ? QString()
                      : tr("at z = (%1, %2)").arg(z.x(), 0, 'f', 1).arg(z.y(), 0, 'f', 1));
    }
}

double AeVsVaeView::codeRadius(int which) const {
    if (!m_result)
        return 0;
    return double(m_result->mu[std::size_t(which)].colwise().norm().maxCoeff());
}

QString AeVsVaeView::summaryText() const {
    return m_summary->text();
}

void AeVsVaeView::showResult(const Result& r) {
    const double half = (r.coords[1] - r.coords[0]) / 2;
    for (int k = 0; k < 2; ++k) {
        LatentPlot* p = m_plots[std::size_t(k)];
        p->setMessage({});
        p->setPoints(r.mu[std::size_t(k)], r.labels);
        p->setGrid(r.coords, r.grid[std::size_t(k)], 0.45);
        p->setPriorSamples(r.prior);
        // The grid's tiles, the prior's 3 sigma circle and every code, with a margin.
        QRectF rect(-kGridExtent - half, -kGridExtent - half, 2 * (kGridExtent + half),
                    2 * (kGridExtent + half));
        const Eigen::Vector2f lo = r.mu[std::size_t(k)].rowwise().minCoeff(),
                              hi = r.mu[std::size_t(k)].rowwise().maxCoeff();
        rect = rect.united(QRectF(lo.x(), lo.y(), hi.x() - lo.x(), hi.y() - lo.y()));
        const double m = 0.04 * std::max(rect.width(), rect.height());
        p->setViewRect(rect.adjusted(-m, -m, m, m));
        m_samples[std::size_t(k)]->setImage(mosaicImage(r.sampleDecodes[std::size_t(k)], 16, 2));
    }
    auto spread = [&](int k) {
        const Eigen::Matrix2Xf& mu = r.mu[std::size_t(k)];
        const Eigen::Vector2f mean = mu.rowwise().mean();
        return std::sqrt((mu.colwise() - mean).squaredNorm() / double(2 * mu.cols()));
    };
    m_summary->setText(
        tr("Encoded test images: standard deviation per axis %1 (autoencoder) against %2 "
           "(VAE; the prior's is 1). The grid covers [\u2212%3, %3]\u00b2 in both planes; the "
           "crosses are the 64 samples from N(0, I) decoded below. Trained in %4 s (%5 epochs "
           "each); the VAE's test ELBO %6 nats.")
            .arg(spread(0), 0, 'f', 2)
            .arg(spread(1), 0, 'f', 2)
            .arg(kGridExtent)
            .arg(r.seconds, 0, 'f', 1)
            .arg(kEpochs)
            .arg(QString::number(r.testElbo[1], 'f', 1).replace('-', QChar(0x2212))));
}

void AeVsVaeView::setScale(double scale) {
    m_scale = scale;
    for (LatentPlot* p : m_plots)
        p->setScale(scale);
}

void AeVsVaeView::setLectureMode(bool on) {
    // The planes are the lesson: the explanation and the summary go to the titles' tooltips,
    // the progress row shows only while training.
    m_lecture = on;
    m_summary->setVisible(!on);
    m_explain->setVisible(!on);
    for (std::size_t k = 0; k < 2; ++k) {
        m_titles[k]->setText(
            QStringLiteral("<b>%1</b>").arg(on ? m_titleTexts[k].second : m_titleTexts[k].first));
        m_titles[k]->setToolTip(on ? m_titleTexts[k].first + "\n\n" + m_explain->text()
                                   : QString());
        if (!m_atZ[k]->image().isNull() && on)
            m_atZ[k]->setCaption({});
    }
    // The shared legend in one word an entry: at 1024 x 768 the long names made it wider than
    // the room the VAE's plane keeps beside its points, and it covered them.
    for (LatentPlot* p : m_plots)
        p->setShortLegend(on);
    m_progressRow->setVisible(!on || busy() || !m_result);
    // The planes take four fifths of the height (three quarters otherwise): together at least
    // 45 % of the window at 1280 x 720; the decodes at z as sizeDecodes() sets.
    m_grid->setRowStretch(1, on ? 4 : 3);
    sizeDecodes();
}

void AeVsVaeView::stop() {
    m_task.stop();
    m_retrain->setEnabled(true);
}

} // namespace latentlab
