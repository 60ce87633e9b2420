#include "vae/vae_training_panel.h"

#include "common/page.h"
#include "vae/vae_training_curves.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>
#include <thread>

namespace latentlab {

namespace {

constexpr int kBetaSteps = 10; ///< slider steps per unit of beta: 0, 0.1, ..., 10
constexpr double kCollapseKl = 1.0;

QString duration(double seconds) {
    const int s = int(std::lround(seconds));
    return s < 60 ? QObject::tr("%1 s").arg(s)
                  : QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

/// A label that wraps its words, named for tests.
QLabel* wrappedLabel(const char* name) {
    auto* l = new QLabel;
    l->setWordWrap(true);
    l->setObjectName(QString::fromLatin1(name));
    return l;
}

} // namespace

VaeTrainingPanel::VaeTrainingPanel(VaeTrainingRun* run, QWidget* parent)
    : QWidget(parent), m_run(run) {
    // The tab scrolls rather than make the side panel (or the window) grow.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll);
    auto* content = new QWidget;
    scroll->setWidget(content);
    auto* v = new QVBoxLayout(content);
    v->setContentsMargins(4, 4, 4, 4);

    m_settingsBox = new QWidget;
    auto* form = new QFormLayout(m_settingsBox);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_data = new QComboBox;
    // As wide as the column, not as its longest item: the side panel is narrow in lecture
    // mode's type (the list shows the whole names).
    m_data->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_data->setMinimumContentsLength(8);
    m_data->addItem(tr("MNIST-10k (bundled)"), int(VaeTrainingDataKind::Mnist));
    m_data->addItem(tr("Fashion-MNIST subset (bundled)"), int(VaeTrainingDataKind::Fashion));
    m_data->addItem(tr("IDX images from disk…"), int(VaeTrainingDataKind::Idx));
    m_data->setToolTip(tr("MNIST-10k: trains on images 0–7999, tests on 8000–9999. Fashion-MNIST "
                          "subset: 0–1599 and 1600–1999. An IDX file: as latentlab-cli "
                          "vae-train would (0–7999 and 8000–9999 at most)."));
    connect(m_data, &QComboBox::activated, this, [this](int i) {
        if (VaeTrainingDataKind(m_data->itemData(i).toInt()) == VaeTrainingDataKind::Idx)
            chooseIdxFile();
    });
    form->addRow(tr("Data"), m_data);

    m_epochs = new QSpinBox;
    m_epochs->setRange(1, 1000);
    m_epochs->setToolTip(tr("Passes over the training images"));
    form->addRow(tr("Epochs"), m_epochs);
    m_batch = new QSpinBox;
    m_batch->setRange(1, 4096);
    m_batch->setToolTip(tr("Images per gradient step"));
    form->addRow(tr("Batch"), m_batch);

    m_lr = new QDoubleSpinBox;
    m_lr->setDecimals(5);
    m_lr->setRange(0.00001, 1.0);
    m_lr->setSingleStep(0.0005);
    m_lr->setToolTip(tr("Adam's learning rate"));
    form->addRow(tr("Learning rate"), m_lr);

    auto* betaRow = new QHBoxLayout;
    m_beta = new QSlider(Qt::Horizontal);
    m_beta->setRange(0, 10 * kBetaSteps);
    m_beta->setPageStep(kBetaSteps);
    m_beta->setToolTip(tr("\u03b2, the weight of the KL term: -ELBO_\u03b2 = E_q[-log p(x|z)] + "
                          "\u03b2 KL(q(z|x) \u2016 p(z))"));
    m_betaValue = new QLabel;
    m_betaValue->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("\u03b2 = 10.0")));
    betaRow->addWidget(m_beta, 1);
    betaRow->addWidget(m_betaValue);
    form->addRow(tr("\u03b2 (KL weight)"), betaRow);
    m_betaNote = wrappedLabel("betaMeaning");
    form->addRow(m_betaNote);
    connect(m_beta, &QSlider::valueChanged, this, &VaeTrainingPanel::updateBetaNote);

    m_hidden = new QLineEdit;
    m_hidden->setToolTip(tr("Hidden layer sizes of the encoder, e.g. 512,256; the decoder mirrors "
                            "them"));
    form->addRow(tr("Hidden"), m_hidden);
    auto* latent = new QLabel(tr("2 (fixed: the plane is the latent space)"));
    latent->setWordWrap(true);
    form->addRow(tr("Latent"), latent);
    m_seed = new QSpinBox;
    m_seed->setRange(0, 2147483647);
    m_seed->setToolTip(tr("Seed of every random draw: the same seed, settings and threads give "
                          "the same model, bit for bit, as latentlab-cli vae-train"));
    m_threads = new QSpinBox;
    m_threads->setRange(1, int(std::max(1u, std::thread::hardware_concurrency())));
    m_threads->setToolTip(tr("Worker threads of the trainer (the weights depend on their number)"));
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Threads"), m_threads);
    v->addWidget(m_settingsBox);
    m_summary = wrappedLabel("trainingSummary");
    v->addWidget(m_summary);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    v->addWidget(m_progress);
    m_status = wrappedLabel("trainingStatus");
    v->addWidget(m_status);
    m_warning = wrappedLabel("trainingWarning");
    m_warning->setTextFormat(Qt::RichText);
    v->addWidget(m_warning);
    m_curves = new VaeTrainingCurves;
    // Explicit: QCustomPlot's own minimum (its legend's width) would widen the side panel.
    m_curves->setMinimumSize(120, 220);
    v->addWidget(m_curves, 1);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(250);
    connect(m_refreshTimer, &QTimer::timeout, this, &VaeTrainingPanel::refresh);
    connect(m_run, &VaeTrainingRun::progressed, this, [this] {
        if (!m_refreshTimer->isActive())
            m_refreshTimer->start();
    });
    connect(m_run, &VaeTrainingRun::stateChanged, this, [this] {
        updateEnabled();
        refresh();
    });
    setSettings(VaeTrainingSettings());
    updateEnabled();
    refresh();
}

void VaeTrainingPanel::addButtons(const QList<QAction*>& actions) {
    // Three buttons a row, so that the narrow side panel holds them.
    auto* row = new QGridLayout;
    for (int i = 0; i < actions.size(); ++i) {
        auto* b = new QToolButton;
        b->setDefaultAction(actions[i]);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        row->addWidget(b, i / 3, i % 3);
    }
    auto* layout = static_cast<QVBoxLayout*>(m_settingsBox->parentWidget()->layout());
    layout->insertLayout(2, row);
}

QString VaeTrainingPanel::betaMeaning(double beta) {
    if (beta == 0)
        return tr("\u03b2 = 0: no KL term. The encoder may spread the codes anywhere: an "
                  "autoencoder. It reconstructs, but samples from N(0, I) fall where no code is "
                  "and decode to no digit: it cannot generate.");
    if (beta < 1)
        return tr("\u03b2 < 1: a weak pull towards the prior: sharper reconstructions, a plane "
                  "with gaps between the classes.");
    if (beta == 1)
        return tr("\u03b2 = 1: the ELBO, a lower bound on log p(x): the VAE proper.");
    return tr("\u03b2 > 1: a stronger pull towards the prior N(0, I): codes packed closer "
              "together, blurrier decodes (a \u03b2-VAE).");
}

void VaeTrainingPanel::updateBetaNote() {
    const double beta = double(m_beta->value()) / kBetaSteps;
    m_betaValue->setText(tr("\u03b2 = %1").arg(beta, 0, 'f', 1));
    m_betaNote->setText(betaMeaning(beta));
}

std::optional<VaeTrainingSettings> VaeTrainingPanel::settings() {
    VaeTrainingSettings s;
    s.data = VaeTrainingDataKind(m_data->currentData().toInt());
    if (s.data == VaeTrainingDataKind::Idx) {
        s.images = m_idxImages;
        s.labels = m_idxLabels;
    }
    s.options.epochs = m_epochs->value();
    s.options.batchSize = m_batch->value();
    s.options.learningRate = m_lr->value();
    s.options.beta = double(m_beta->value()) / kBetaSteps;
    s.options.seed = std::uint64_t(m_seed->value());
    s.options.threads = m_threads->value();
    const auto hidden = parseHiddenSizes(m_hidden->text());
    if (!hidden) {
        m_settingsProblem = tr("Hidden sizes: write up to 16 numbers from 1 to 65536 separated by "
                               "commas, e.g. 512,256 (or none).");
        refresh();
        return std::nullopt;
    }
    m_settingsProblem.clear();
    s.hidden = *hidden;
    return s;
}

void VaeTrainingPanel::setSettings(const VaeTrainingSettings& s) {
    if (s.data == VaeTrainingDataKind::Idx) {
        m_idxImages = s.images;
        m_idxLabels = s.labels;
        m_data->setItemText(2, QFileInfo(s.images).fileName());
    }
    m_data->setCurrentIndex(m_data->findData(int(s.data)));
    m_epochs->setValue(s.options.epochs);
    m_batch->setValue(s.options.batchSize);
    m_lr->setValue(s.options.learningRate);
    m_beta->setValue(int(std::lround(s.options.beta * kBetaSteps)));
    updateBetaNote();
    m_hidden->setText(hiddenSizesText(s.hidden));
    m_seed->setValue(int(std::min<std::uint64_t>(s.options.seed, 2147483647)));
    m_threads->setMaximum(std::max(m_threads->maximum(), s.options.threads));
    m_threads->setValue(s.options.threads);
}

void VaeTrainingPanel::chooseIdxFile() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("IDX images to train on"), QString(),
                                     tr("IDX images (*idx3* *.idx *.gz);;All files (*)"));
    VaeTrainingSettings s;
    if (path.isEmpty() || !parseTrainingData(path, s)) {
        if (m_idxImages.isEmpty())
            m_data->setCurrentIndex(0);
        return;
    }
    m_idxImages = s.images;
    m_idxLabels = s.labels;
    m_data->setItemText(2, QFileInfo(path).fileName());
}

void VaeTrainingPanel::updateEnabled() {
    // Once a run has started, its settings shrink to one line and the curves take the room;
    // Reset brings the controls back.
    const bool idle = m_run->state() == VaeTrainingRun::State::Idle;
    m_settingsBox->setVisible(idle);
    m_summary->setVisible(!idle);
    m_curves->setVisible(!(idle && m_lecture));
    if (idle)
        return;
    const VaeTrainingSettings& s = m_run->settings();
    const QString data = s.data == VaeTrainingDataKind::Mnist     ? tr("MNIST-10k")
                         : s.data == VaeTrainingDataKind::Fashion ? tr("Fashion-MNIST subset")
                                                                  : QFileInfo(s.images).fileName();
    m_summary->setText(tr("%1, %2 epochs, batch %3, learning rate %4, β = %5, hidden %6, "
                          "latent 2, seed %7, %8 threads")
                           .arg(data)
                           .arg(s.options.epochs)
                           .arg(s.options.batchSize)
                           .arg(s.options.learningRate)
                           .arg(s.options.beta)
                           .arg(hiddenSizesText(s.hidden))
                           .arg(s.options.seed)
                           .arg(s.options.threads));
}

QString VaeTrainingPanel::progressText() const {
    return m_status->text();
}

QString VaeTrainingPanel::warningText() const {
    return plainTextOf(m_warning->text());
}

void VaeTrainingPanel::refresh() {
    using State = VaeTrainingRun::State;
    const State state = m_run->state();
    m_progress->setValue(int(std::lround(1000 * m_run->fraction())));
    QString status;
    const int planned = m_run->settings().options.epochs;
    switch (state) {
    case State::Idle:
        status = tr("Press Start (F5) to train a VAE here and watch the plane organise itself.");
        break;
    case State::Running:
    case State::Paused:
        status = tr("Epoch %1 of %2, batch %3 of %4, %5 left%6")
                     .arg(std::max(1, m_run->epoch()))
                     .arg(planned)
                     .arg(m_run->batch())
                     .arg(m_run->batches())
                     .arg(m_run->batch() > 0 ? duration(m_run->secondsLeft()) : tr("? s"))
                     .arg(state == State::Paused ? tr(" (paused)") : QString());
        break;
    case State::Finished:
        status = tr("Trained %1 epochs in %2.").arg(planned).arg(duration(m_run->elapsedSeconds()));
        break;
    case State::Stopped:
        status = tr("Stopped after %1 of %2 epochs: the plane shows the last weights.")
                     .arg(m_run->epochs().size())
                     .arg(planned);
        break;
    case State::Diverged:
    case State::Failed:
        status = tr("Training stopped.");
        break;
    }
    if (!m_run->epochs().empty() && state != State::Idle)
        status += tr(" %L1 images/s.").arg(m_run->samplesPerSecond(), 0, 'f', 0);
    m_status->setText(status);

    // Warnings in words.
    QStringList warnings;
    if (!m_settingsProblem.isEmpty())
        warnings << m_settingsProblem.toHtmlEscaped();
    if (state == State::Diverged || state == State::Failed)
        warnings << m_run->error().toHtmlEscaped();
    if (!m_run->epochs().empty()) {
        const VaeEpochProgress& last = m_run->epochs().back();
        if (last.hasTest && last.test.kl < kCollapseKl && m_run->settings().options.beta > 0)
            warnings << tr("Posterior collapse: the KL is %1 nats (under 1). The encoder hardly "
                           "tells the images apart; the decoder ignores z and draws an average "
                           "image. Try a smaller \u03b2.")
                            .arg(last.test.kl, 0, 'f', 2);
    }
    const QColor warn = palette().color(QPalette::Text).lightness() > 128 ? QColor(255, 150, 90)
                                                                          : QColor(170, 50, 0);
    m_warning->setText(warnings.isEmpty()
                           ? QString()
                           : QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>")
                                 .arg(warn.name(), warnings.join(QStringLiteral("<br>"))));
    m_warning->setVisible(!warnings.isEmpty());
    m_curves->setData(m_run->epochs(), m_run->batchCurve(), planned, m_run->referenceElbo());
}

void VaeTrainingPanel::setScale(double scale) {
    m_curves->setScale(scale);
}

void VaeTrainingPanel::setLectureMode(bool on) {
    m_lecture = on;
    m_curves->setCompact(on);
    updateEnabled();
}

} // namespace latentlab
