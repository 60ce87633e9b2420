#include "vae/vae_view.h"

#include "plot/point_cloud.h"
#include "vae/digit_image.h"
#include "vae/drawing_pad.h"
#include "vae/latent_plot.h"
#include "vae/vae_document.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <cmath>

namespace latentlab {

namespace {

QString num(double v, int decimals = 2) {
    // A real minus sign, and no "-0.00".
    QString s =
        QString::number(std::abs(v) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : v, 'f', decimals);
    return s.replace('-', QChar(0x2212));
}

QString pair(double a, double b, int decimals = 2) {
    return QStringLiteral("(%1, %2)").arg(num(a, decimals), num(b, decimals));
}

QLabel* heading(const QString& text) {
    auto* l = new QLabel(QStringLiteral("<b>%1</b>").arg(text));
    l->setTextFormat(Qt::RichText);
    return l;
}

QLabel* note(const QString& text = {}) {
    auto* l = new QLabel(text);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return l;
}

DigitImage* digit(int preferredScale, const QString& placeholder = {}) {
    auto* d = new DigitImage;
    d->setPreferredScale(preferredScale);
    d->setPlaceholder(placeholder);
    return d;
}

} // namespace

VaeView::VaeView(VaeDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_plot(new LatentPlot(this)) {
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->addWidget(m_plot);
    m_split->addWidget(createSidePanel());
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 0);
    m_split->setChildrenCollapsible(false);
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(m_plot, &LatentPlot::latentPointMoved, this, [this](const Eigen::Vector2d& z) {
        setWalking(false); // the user takes over
        m_doc->setZ(z);
    });
    connect(m_plot, &LatentPlot::pointClicked, m_doc, &VaeDocument::select);
    connect(m_plot, &LatentPlot::backgroundClicked, m_doc, [this] { m_doc->select(-1); });
    connect(m_doc, &VaeDocument::modelChanged, this, &VaeView::onModelChanged);
    connect(m_doc, &VaeDocument::testSetChanged, this, &VaeView::onTestSetChanged);
    connect(m_doc, &VaeDocument::zChanged, this, &VaeView::onZChanged);
    connect(m_doc, &VaeDocument::settingsChanged, this, &VaeView::onSettingsChanged);
    connect(m_doc, &VaeDocument::gridChanged, this, &VaeView::onGridChanged);
    connect(m_doc, &VaeDocument::selectionChanged, this, &VaeView::onSelectionChanged);
    connect(m_doc, &VaeDocument::drawingChanged, this, &VaeView::onDrawingChanged);
    connect(m_doc, &Document::busyChanged, this, &VaeView::updateMessage);
    connect(m_doc, &VaeDocument::trainingSnapshotChanged, this, &VaeView::onTrainingSnapshot);
    m_glide = new QVariantAnimation(this);
    m_glide->setStartValue(0.0);
    m_glide->setEndValue(1.0);
    m_glide->setDuration(300);
    m_glide->setEasingCurve(QEasingCurve::InOutQuad);
    connect(m_glide, &QVariantAnimation::valueChanged, this,
            [this](const QVariant& t) { glideTo(t.toDouble()); });

    onModelChanged();
    onSettingsChanged();
    onDrawingChanged();
}

VaeView::~VaeView() = default;

// ---- Layout -----------------------------------------------------------------------------

QWidget* VaeView::createSidePanel() {
    m_side = new QWidget;
    auto* v = new QVBoxLayout(m_side);
    v->setContentsMargins(6, 6, 6, 6);

    // The decoder at z.
    m_decodedTitle = heading(tr("Decoder p(x | z) at the cross"));
    v->addWidget(m_decodedTitle);
    // Image beside z, or (lecture mode) above it, as wide as the side panel.
    m_decodedRow = new QBoxLayout(QBoxLayout::LeftToRight);
    auto* row = m_decodedRow;
    m_decoded = digit(7, tr("no model"));
    m_decoded->setToolTip(tr("The decoder's Bernoulli means at z, one square per pixel "
                             "(28 x 28, white = 1)"));
    row->addWidget(m_decoded, 1);
    auto* col = new QVBoxLayout;
    m_zLabel = new QLabel;
    m_zLabel->setTextFormat(Qt::RichText);
    col->addWidget(m_zLabel);
    m_sampleBox = new QCheckBox(tr("one Bernoulli sample"));
    m_sampleBox->setToolTip(tr("Show one draw x ~ p(x|z) instead of the means (S)"));
    connect(m_sampleBox, &QCheckBox::clicked, m_doc, &VaeDocument::setShowSample);
    col->addWidget(m_sampleBox);
    m_resample = new QPushButton(tr("New sample"));
    m_resample->setToolTip(tr("Draw another Bernoulli sample (Shift+S)"));
    connect(m_resample, &QPushButton::clicked, m_doc, &VaeDocument::resample);
    col->addWidget(m_resample);
    col->addStretch(1);
    row->addLayout(col);
    v->addLayout(row, 4);
    m_sideLayout = v;

    // The nearest test images.
    m_nearestTitle = heading(tr("Nearest test images to z"));
    v->addWidget(m_nearestTitle);
    auto* strip = new QHBoxLayout;
    strip->setSpacing(2);
    for (int i = 0; i < kVaeNearest; ++i) {
        DigitImage* d = digit(2);
        d->setMinimumSize(kDigitSide, kDigitSide + fontMetrics().height());
        connect(d, &DigitImage::clicked, this, [this, i] {
            if (i < int(m_doc->nearest().size()))
                m_doc->select(m_doc->nearest()[std::size_t(i)]);
        });
        m_nearest << d;
        strip->addWidget(d);
    }
    v->addLayout(strip);

    m_tabs = new QTabWidget;
    m_tabs->addTab(createTestImageTab(), tr("Test image"));
    m_tabs->addTab(createPadTab(), tr("Drawing pad"));
    m_tabs->addTab(createPriorTab(), tr("Prior samples"));
    m_tabs->addTab(createLineTab(), tr("Interpolation"));
    // Lecture mode's type makes the full titles wider than the side panel: one word each
    // then (the full title in the tab's tooltip).
    m_tabTitles = {{tr("Test image"), tr("Image")},
                   {tr("Drawing pad"), tr("Pad")},
                   {tr("Prior samples"), tr("Prior")},
                   {tr("Interpolation"), tr("Line")}};
    for (int i = 0; i < m_tabTitles.size(); ++i)
        m_tabs->setTabToolTip(i, m_tabTitles[i].first);
    m_tabs->installEventFilter(this);
    // The Train tab and, in lecture mode, the Prior tab need the height: the nearest images
    // (and beside the Train tab the inspector) make room, the decoded image gives up some.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateDecodedStretch();
        updateNearestVisibility();
        m_inspector->setVisible(!m_lecture && !trainTabInFront());
    });
    v->addWidget(m_tabs, 4);

    m_inspector = new QTextBrowser;
    m_inspector->setOpenLinks(false);
    m_inspector->setFocusPolicy(Qt::NoFocus);
    m_inspector->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    v->addWidget(m_inspector, 2);
    m_side->setMinimumWidth(340);
    m_side->setMaximumWidth(sideMaximumWidth());
    return m_side;
}

QWidget* VaeView::createTestImageTab() {
    auto* w = new QWidget;
    auto* v = new QVBoxLayout(w);
    auto* row = new QHBoxLayout;
    m_selectedImage = digit(4, tr("click a test point on the plane"));
    m_selectedRecon = digit(4);
    row->addWidget(m_selectedImage);
    row->addWidget(m_selectedRecon);
    v->addLayout(row, 1);
    m_selectedText = note();
    v->addWidget(m_selectedText);
    return w;
}

QWidget* VaeView::createPadTab() {
    auto* w = new QWidget;
    auto* h = new QHBoxLayout(w);
    m_pad = new DrawingPad(m_doc);
    h->addWidget(m_pad, 3);
    auto* col = new QVBoxLayout;
    m_padDigit = digit(3, tr("the encoder's input"));
    m_padDigit->setToolTip(tr("Your digit as the encoder sees it: 20 pixels tall, centred by "
                              "its centre of mass in 28 x 28, as MNIST digits are"));
    m_padRecon = digit(3);
    m_padRecon->setToolTip(tr("The reconstruction: the decoder's means at the posterior mean"));
    col->addWidget(m_padDigit);
    col->addWidget(m_padRecon);
    m_padText = note();
    col->addWidget(m_padText);
    auto* buttons = new QHBoxLayout;
    auto* undo = new QPushButton(tr("Undo"));
    connect(undo, &QPushButton::clicked, m_doc->undoStack(), &QUndoStack::undo);
    auto* clear = new QPushButton(tr("Clear"));
    connect(clear, &QPushButton::clicked, m_doc, &VaeDocument::clearDrawing);
    buttons->addWidget(undo);
    buttons->addWidget(clear);
    col->addLayout(buttons);
    h->addLayout(col, 2);
    return w;
}

QWidget* VaeView::createPriorTab() {
    auto* w = new QWidget;
    auto* v = new QVBoxLayout(w);
    // The check box on a line of its own: beside the button it was cut in lecture mode.
    m_priorBox = new QCheckBox(tr("show z ~ N(0, I) on the plane"));
    connect(m_priorBox, &QCheckBox::clicked, m_doc, &VaeDocument::setShowPrior);
    v->addWidget(m_priorBox);
    auto* row = new QHBoxLayout;
    auto* reseed = new QPushButton(tr("Reseed"));
    reseed->setToolTip(tr("Draw 64 new samples from the prior (Shift+P)"));
    connect(reseed, &QPushButton::clicked, m_doc, &VaeDocument::reseedPrior);
    row->addWidget(reseed);
    row->addStretch(1);
    v->addLayout(row);
    m_priorSheet = digit(1, tr("64 samples from the prior, decoded"));
    v->addWidget(m_priorSheet, 1);
    return w;
}

QWidget* VaeView::createLineTab() {
    auto* w = new QWidget;
    auto* v = new QVBoxLayout(w);
    v->addWidget(note(tr("Decodes along the segment from A to B: set each end to the cross (keys "
                         "A and B; click a test image first to start from its posterior mean).")));
    auto* row = new QHBoxLayout;
    auto* setA = new QPushButton(tr("A = z"));
    connect(setA, &QPushButton::clicked, m_doc, [this] { m_doc->setLineEnd(0, m_doc->z()); });
    auto* setB = new QPushButton(tr("B = z"));
    connect(setB, &QPushButton::clicked, m_doc, [this] { m_doc->setLineEnd(1, m_doc->z()); });
    m_walkButton = new QPushButton(tr("Walk"));
    m_walkButton->setCheckable(true);
    m_walkButton->setToolTip(tr("Move z from A to B and back, and watch the decode (W)"));
    connect(m_walkButton, &QPushButton::toggled, this, &VaeView::setWalking);
    m_lineBox = new QCheckBox(tr("show"));
    connect(m_lineBox, &QCheckBox::clicked, m_doc, &VaeDocument::setShowLine);
    for (QWidget* b : {static_cast<QWidget*>(setA), static_cast<QWidget*>(setB),
                       static_cast<QWidget*>(m_walkButton)})
        row->addWidget(b);
    v->addLayout(row);
    v->addWidget(m_lineBox); // beside the buttons it squeezed them in lecture mode
    m_lineStrip = digit(1, tr("the decodes from A to B"));
    v->addWidget(m_lineStrip, 1);
    m_walkTimer = new QTimer(this);
    m_walkTimer->setInterval(33);
    connect(m_walkTimer, &QTimer::timeout, this, &VaeView::walkStep);
    return w;
}

void VaeView::setWalking(bool on) {
    if (on == m_walkTimer->isActive())
        return;
    if (on) {
        if (!m_doc->settings().showLine)
            m_doc->setShowLine(true);
        m_walkPhase = 0;
        m_walkTimer->start();
    } else {
        m_walkTimer->stop();
    }
    const QSignalBlocker block(m_walkButton);
    m_walkButton->setChecked(on);
}

bool VaeView::walking() const {
    return m_walkTimer->isActive();
}

void VaeView::walkStep() {
    // Three seconds from A to B, three back.
    m_walkPhase = std::fmod(m_walkPhase + 0.011, 2.0);
    const double t = m_walkPhase < 1 ? m_walkPhase : 2 - m_walkPhase;
    const VaeSettings& s = m_doc->settings();
    m_doc->setZ(s.lineA + t * (s.lineB - s.lineA));
}

void VaeView::showTab(Tab tab) {
    if (!m_followingTraining)
        m_tabs->setCurrentIndex(int(tab));
}

void VaeView::addTrainingTab(QWidget* panel) {
    m_trainTab = panel;
    m_tabTitles.append({tr("Train"), tr("Train")});
    const int index = m_tabs->addTab(panel, tr("Train"));
    m_tabs->setTabToolTip(index, tr("Train a VAE here and watch its latent space (T)"));
    updateTabTitles();
}

void VaeView::showTrainingTab() {
    if (m_trainTab)
        m_tabs->setCurrentWidget(m_trainTab);
}

void VaeView::settleGlide() {
    if (!gliding())
        return;
    m_glide->stop();
    glideTo(1.0);
}

bool VaeView::gliding() const {
    return m_glide->state() == QAbstractAnimation::Running;
}

void VaeView::onTrainingSnapshot() {
    // As onModelChanged(), but the codes glide to their new places and the tab stays.
    m_followingTraining = true;
    const auto set = m_doc->testSet();
    m_plot->setClassNames(m_doc->classNames());
    if (set && m_shownMu.cols() == set->mu.cols()) {
        m_glideFrom = m_shownMu;
        m_glideTo = set->mu;
        m_glide->stop();
        glideTo(1.0); // the view rectangle takes in where the points go
        updateViewRect();
        glideTo(0.0);
        m_glide->start();
    } else {
        m_glide->stop();
        onTestSetChanged();
    }
    updateNearestVisibility();
    updateMessage();
    onGridChanged();
    onSettingsChanged();
    onSelectionChanged();
    onDrawingChanged();
    m_followingTraining = false;
}

void VaeView::glideTo(double t) {
    const auto set = m_doc->testSet();
    if (!set || m_glideTo.cols() != set->mu.cols() || m_glideFrom.cols() != m_glideTo.cols())
        return;
    // 25 frames a second are smooth enough for a glide, and leave the CPU to the training.
    if (t > 0 && t < 1 && m_glideFrame.isValid() && m_glideFrame.elapsed() < 40)
        return;
    m_glideFrame.start();
    m_shownMu = m_glideFrom + float(t) * (m_glideTo - m_glideFrom);
    m_plot->setPoints(m_shownMu, set->data.labels);
}

// ---- Observing the document ------------------------------------------------------------

void VaeView::onModelChanged() {
    m_plot->setClassNames(m_doc->classNames());
    onTestSetChanged();
    onGridChanged();
    onSettingsChanged();
    onDrawingChanged();
    onZChanged();
}

void VaeView::onTestSetChanged() {
    const auto set = m_doc->testSet();
    m_glide->stop();
    m_shownMu = set ? set->mu : Eigen::Matrix2Xf(2, 0);
    m_plot->setPoints(m_shownMu, set ? set->data.labels : std::vector<std::uint8_t>());
    updateNearestVisibility();
    updateViewRect();
    updateMessage();
    onSelectionChanged();
}

void VaeView::onZChanged() {
    const Eigen::Vector2d z = m_doc->z();
    m_plot->setLatentPoint(z);
    const auto& shown = m_doc->shownImage();
    if (shown.size() == std::size_t(kDigitSide * kDigitSide))
        m_decoded->setImage(greyImage(shown.data(), kDigitSide, kDigitSide));
    else
        m_decoded->setImage({});
    const QString what =
        m_doc->settings().showSample ? tr("one sample x ~ p(x|z)") : tr("means of p(x|z)");
    m_zLabel->setText(
        tr("<span style=\"font-size:large\">z = %1</span><br>%2").arg(pair(z.x(), z.y()), what));
    // Lecture mode: z in the title and what is shown under the image, so that the image has
    // the side panel's width.
    m_decodedTitle->setText(m_lecture ? tr("<b>p(x | z) at z = %1</b>").arg(pair(z.x(), z.y()))
                                      : tr("<b>Decoder p(x | z) at the cross</b>"));
    m_decoded->setCaption(m_lecture && !shown.empty() ? what : QString());
    const auto set = m_doc->testSet();
    const QStringList names = m_doc->classNames();
    for (int i = 0; i < m_nearest.size(); ++i) {
        DigitImage* d = m_nearest[i];
        if (!set || i >= int(m_doc->nearest().size())) {
            d->setImage({});
            d->setCaption({});
            continue;
        }
        const int k = m_doc->nearest()[std::size_t(i)];
        d->setImage(greyImage(set->image(k), kDigitSide, kDigitSide));
        const int label = set->label(k);
        const QString name = label >= 0 && label < names.size() ? names[label] : QString();
        d->setCaption(name.section('/', 0, 0).left(7));
        d->setToolTip(tr("Test image %1%2: posterior mean %3 (click to select)")
                          .arg(k)
                          .arg(name.isEmpty() ? QString() : " (" + name + ")")
                          .arg(pair(set->mu(0, k), set->mu(1, k))));
    }
}

void VaeView::onSettingsChanged() {
    const VaeSettings& s = m_doc->settings();
    m_sampleBox->setChecked(s.showSample);
    m_priorBox->setChecked(s.showPrior);
    m_lineBox->setChecked(s.showLine);
    m_plot->setLine(m_doc->linePoints());
    if (m_doc->lineDecodes().cols() > 0)
        m_lineStrip->setImage(mosaicImage(m_doc->lineDecodes(), kVaeLineSteps, 2));
    else
        m_lineStrip->setImage({});
    if (!s.showLine)
        setWalking(false);
    m_plot->setScatterVisible(s.layers != LatentLayers::Grid);
    if (s.layers != m_shownLayers) {
        m_shownLayers = s.layers;
        onGridChanged();
    }
    m_plot->setPriorSamples(m_doc->priorPoints());
    if (m_doc->priorDecodes().cols() > 0)
        m_priorSheet->setImage(mosaicImage(m_doc->priorDecodes(), 8, 2));
    else
        m_priorSheet->setImage({});
    onZChanged();
    updateInspector();
}

void VaeView::onGridChanged() {
    const VaeSettings& s = m_doc->settings();
    if (s.layers == LatentLayers::Scatter || !m_doc->vae())
        m_plot->clearGrid();
    else
        m_plot->setGrid(m_doc->gridCoordinates(), m_doc->gridTiles(),
                        s.layers == LatentLayers::Both ? 0.4 : 1.0);
    updateViewRect();
    updateInspector();
}

void VaeView::onSelectionChanged() {
    const auto set = m_doc->testSet();
    const int i = m_doc->selected();
    if (!set || i < 0) {
        m_selectedImage->setImage({});
        m_selectedImage->setCaption({});
        m_selectedRecon->setImage({});
        m_selectedRecon->setCaption({});
        m_selectedText->setText(set ? tr("Click a test point on the plane to see its image, its "
                                         "reconstruction and its posterior q(z|x).")
                                    : QString());
        m_plot->setSelectedPosterior(std::nullopt, {});
        updateInspector();
        return;
    }
    const QStringList names = m_doc->classNames();
    const int label = set->label(i);
    const QString name = label >= 0 && label < names.size() ? names[label] : tr("no label");
    m_selectedImage->setImage(greyImage(set->image(i), kDigitSide, kDigitSide));
    m_selectedImage->setCaption(tr("test image %1: %2").arg(i).arg(name));
    const Eigen::VectorXf& rec = m_doc->selectedReconstruction();
    if (rec.size() == kDigitSide * kDigitSide)
        m_selectedRecon->setImage(greyImage(rec.data(), kDigitSide, kDigitSide));
    m_selectedRecon->setCaption(tr("reconstruction"));
    m_selectedRecon->setToolTip(tr("The decoder's means at the posterior mean: p(x | z = \u03bc)"));
    const Eigen::Vector2d mu = set->mu.col(i).cast<double>();
    const Eigen::Vector2d sigma = (0.5 * set->logVar.col(i).cast<double>().array()).exp();
    const ImageElbo& e = m_doc->selectedElbo();
    m_selectedText->setText(
        tr("q(z|x) = N(\u03bc, diag \u03c3\u00b2) with \u03bc = %1, \u03c3 = %2<br>"
           "ELBO = E<sub>q</sub>[log p(x|z)] \u2212 KL(q(z|x) \u2016 p(z))<br>"
           "&nbsp;&nbsp;&nbsp;&nbsp; = %3 \u2212 %4 = <b>%5 nats</b> (%6 draws of z)")
            .arg(pair(mu.x(), mu.y()), pair(sigma.x(), sigma.y(), 3), num(e.reconstruction, 1),
                 num(e.kl, 2), num(e.elbo, 1))
            .arg(kVaeElboSamples));
    const QList<QColor> colors = m_plot->labelColors();
    const QColor color =
        label >= 0 ? colors[label % colors.size()] : palette().color(QPalette::Text);
    m_plot->setSelectedPosterior(LatentPlot::Posterior{mu, sigma}, color);
    showTab(TestImageTab);
    updateInspector();
}

void VaeView::onDrawingChanged() {
    const auto& img = m_doc->padImage();
    if (m_doc->hasPadPosterior()) {
        m_padDigit->setImage(greyImage(img.data(), kDigitSide, kDigitSide));
        m_padDigit->setCaption(tr("encoder's input"));
        m_padRecon->setImage(greyImage(m_doc->padReconstruction().data(), kDigitSide, kDigitSide));
        m_padRecon->setCaption(tr("reconstruction"));
        const Eigen::Vector2d mu = m_doc->padMu().cast<double>();
        const Eigen::Vector2d sigma = (0.5 * m_doc->padLogVar().cast<double>().array()).exp();
        m_padText->setText(tr("\u03bc = %1<br>\u03c3 = %2")
                               .arg(pair(mu.x(), mu.y()), pair(sigma.x(), sigma.y(), 3)));
        m_plot->setPadPosterior(LatentPlot::Posterior{mu, sigma});
        if (m_doc->selected() < 0)
            showTab(PadTab);
    } else {
        m_padDigit->setImage({});
        m_padDigit->setCaption({});
        m_padRecon->setImage({});
        m_padRecon->setCaption({});
        m_padText->setText({});
        m_plot->setPadPosterior(std::nullopt);
    }
}

void VaeView::updateViewRect() {
    // The prior's 3 sigma circle, the encoded test images and the grid, with a margin.
    QRectF r(-3.3, -3.3, 6.6, 6.6);
    if (const auto set = m_doc->testSet(); set && set->count() > 0) {
        const QRectF b = m_plot->pointCloud()->dataBounds();
        if (!b.isNull())
            r = r.united(b);
    }
    const std::vector<double>& c = m_doc->gridCoordinates();
    if (m_doc->settings().layers != LatentLayers::Scatter && m_doc->vae() && c.size() >= 2) {
        // The outer tiles reach half a step beyond the outer grid points.
        const double lo = c.front() - (c[1] - c[0]) / 2,
                     hi = c.back() + (c.back() - c[c.size() - 2]) / 2;
        r = r.united(QRectF(lo, lo, hi - lo, hi - lo));
    }
    const double m = 0.04 * std::max(r.width(), r.height());
    m_plot->setViewRect(r.adjusted(-m, -m, m, m));
}

void VaeView::updateMessage() {
    QString text;
    if (!m_doc->model()) {
        if (!m_doc->modelError().isEmpty())
            text = tr("Cannot load the VAE model:\n%1").arg(m_doc->modelError());
    } else if (m_doc->busy()) {
        text = tr("Encoding the test images\u2026");
    } else if (!m_doc->testSetError().isEmpty()) {
        text = m_doc->testSetError();
    }
    // Long file names wrap at the path separators rather than run off the plane.
    m_plot->setMessage(text.replace(QStringLiteral(": "), QStringLiteral(":\n")));
}

QString VaeView::zText() const {
    const Eigen::Vector2d z = m_doc->z();
    return QStringLiteral("z = ") + pair(z.x(), z.y());
}

QString VaeView::inspectorText() const {
    return m_inspector->toPlainText();
}

void VaeView::updateInspector() {
    const auto model = m_doc->model();
    QString html;
    if (!model) {
        html = tr("<h3>No model</h3><p>%1</p><p>Open a model from the Model menu: the shipped "
                  "MNIST or Fashion-MNIST, or a <tt>.llvae</tt> file made by "
                  "<tt>latentlab-cli vae-train</tt>.</p>")
                   .arg(m_doc->modelError().toHtmlEscaped());
        m_inspector->setHtml(html);
        return;
    }
    const VaeTrainingRecord& r = model->model.record;
    const auto set = m_doc->testSet();
    html += tr("<h3>%1</h3>").arg(model->title.toHtmlEscaped());
    html += tr("<p>The <b>encoder</b> q(z|x) = N(\u03bc(x), diag \u03c3\u00b2(x)) maps an image "
               "to a Gaussian on this plane; each dot is the mean \u03bc of one held-out %1, "
               "coloured by its label.</p>")
                .arg(model->testData.fashion ? tr("garment") : tr("image"));
    html += tr("<p>The <b>decoder</b> p(x|z) = \u220f<sub>p</sub> Bernoulli(x<sub>p</sub>; "
               "f<sub>p</sub>(z)) turns a point z into 784 pixel probabilities: the image at the "
               "top shows them at the cross. Drag anywhere, or use the arrow keys.</p>");
    html += tr("<p>The <b>prior</b> p(z) = N(0, I) is drawn as its 1, 2 and 3 \u03c3 circles "
               "(39 %, 86 %, 99 % of its mass). Training pulls the posteriors towards it "
               "through the KL term of the ELBO.</p>");
    if (m_doc->settings().layers != LatentLayers::Scatter)
        html += tr("<p>The <b>grid</b> shows the decoder's means at %1 \u00d7 %1 points, %2, each "
                   "tile centred on its z.</p>")
                    .arg(m_doc->settings().gridN)
                    .arg(m_doc->settings().spacing == GridSpacing::Linear
                             ? tr("evenly spaced over [\u2212%1, %1]\u00b2")
                                   .arg(m_doc->settings().extent)
                             : tr("spaced through the inverse normal CDF (equal prior mass between "
                                  "neighbours)"));
    if (set)
        html +=
            tr("<p>Test images: %1 (%L2).</p>").arg(set->name.toHtmlEscaped()).arg(set->count());
    else if (!model->testData.valid())
        html += tr("<p>No test images are bundled for this model's data: the plane shows the "
                   "prior, the grid (G) and your drawing.</p>");
    html += tr("<p><b>Model</b>: %1, trained on %2 (%L3 images), %4 epochs, batch %5, learning "
               "rate %6, \u03b2 = %7, seed %8.")
                .arg(QString::fromStdString(model->model.vae->architecture().describe()),
                     QString::fromStdString(r.dataset).toHtmlEscaped())
                .arg(r.trainImages)
                .arg(r.epochs)
                .arg(r.batchSize)
                .arg(r.learningRate)
                .arg(r.beta)
                .arg(r.seed);
    if (!r.testDataset.empty())
        html += tr(" Test ELBO on %1: <b>%2 nats</b> (KL %3).")
                    .arg(QString::fromStdString(r.testDataset).toHtmlEscaped(), num(r.testElbo, 2),
                         num(r.testKl, 2));
    html += QStringLiteral("</p>");
    m_inspector->setHtml(html);
}

void VaeView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applySplit();
}

void VaeView::applySplit() {
    // The plane gets what the side panel does not need, until the user moves the splitter.
    if (m_userSplit || width() <= 0)
        return;
    int side = std::clamp(int(0.3 * width()), m_side->minimumWidth(), m_side->maximumWidth());
    if (m_lecture)
        side = lectureSideWidth();
    m_split->setSizes({std::max(1, width() - side), side});
}

int VaeView::lectureSideWidth() const {
    // Lecture mode: the plane keeps kLecturePlaneShare of the window (issue 12 asks 45 %) and
    // the side panel, with the decoded image, gets the rest of the width. The plane's axis rect
    // is its widget less the tick labels and axis titles (as now laid out, or about 90 px).
    const QWidget* win = window();
    const int plotH = std::max(1, height());
    const QRect axes = m_plot->axisRect()->rect();
    const bool laidOut = m_plot->height() > 100 && axes.height() > 50;
    const int marginH = laidOut ? m_plot->width() - axes.width() : 90;
    const int marginV = laidOut ? m_plot->height() - axes.height() : 90;
    const double need =
        kLecturePlaneShare * win->width() * win->height() / std::max(1, plotH - marginV) + marginH;
    return std::clamp(width() - int(std::ceil(need)), m_side->minimumWidth(),
                      std::max(m_side->minimumWidth(), m_side->maximumWidth()));
}

int VaeView::sideMaximumWidth() const {
    // Lecture mode lets the side panel (and so the decoded image) grow a quarter wider; the
    // splitter cannot give a widget more than its maximum, so the maximum itself grows.
    const int width = int(460 * std::max(1.0, m_scale * 0.7));
    return m_lecture ? width * 5 / 4 : width;
}

// ---- Look -------------------------------------------------------------------------------

void VaeView::setScale(double scale) {
    m_scale = scale;
    m_plot->setScale(scale);
    QFont f = font();
    f.setPointSizeF(std::max(6.0, 10.0 * scale));
    m_side->setFont(f);
    m_decoded->setPreferredScale(int(std::lround(7 * std::max(1.0, scale * 0.8))));
    m_side->setMinimumWidth(int(340 * std::max(1.0, scale * 0.7)));
    m_side->setMaximumWidth(sideMaximumWidth());
    styleTabBar();
    applySplit();
}

void VaeView::setPaletteKind(PaletteKind kind) {
    m_plot->setPaletteKind(kind);
    onSelectionChanged();
}

void VaeView::setLectureMode(bool on) {
    m_lecture = on;
    m_inspector->setVisible(!on && !trainTabInFront());
    m_plot->setLegendInside(on);
    // The decoded image is the page's second picture: in lecture mode above z, as wide as
    // the side panel and with more of its height, instead of a thumbnail beside the sample
    // controls (S and Shift+S and the menu still sample).
    m_decodedRow->setDirection(on ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    updateDecodedStretch();
    m_sampleBox->setVisible(!on);
    m_resample->setVisible(!on);
    // z goes into the title, "means"/"one sample" under the image, and the nearest images keep
    // their strip without its title (their tooltips name them): the decoded image gets at least
    // 8 screen pixels per model pixel (224 px), to be read from the back of a hall.
    m_zLabel->setVisible(!on);
    updateNearestVisibility();
    m_decoded->setMinimumScale(on ? kLectureDecodedScale : 1);
    onZChanged();
    styleTabBar();
    updateTabTitles();
    m_side->setMaximumWidth(sideMaximumWidth());
    applySplit();
}

bool VaeView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_tabs && event->type() == QEvent::Resize)
        updateTabTitles();
    return QWidget::eventFilter(watched, event);
}

void VaeView::updateTabTitles() {
    // The long titles when they all fit the side panel, else the short ones (lecture mode
    // always: its type is large); the tooltips keep the long ones.
    bool useShort = m_lecture;
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < m_tabTitles.size() && i < m_tabs->count(); ++i)
            m_tabs->setTabText(i, useShort ? m_tabTitles[i].second : m_tabTitles[i].first);
        if (useShort || m_tabs->tabBar()->sizeHint().width() <= m_tabs->width())
            return;
        useShort = true;
    }
}

void VaeView::updateDecodedStretch() {
    // The decoded image's share of the side panel: more in lecture mode, less beside the
    // Train tab (its form and curves need the height). In lecture mode the Train tab takes
    // all of it: its form, in large type, or its curves would not fit under the image at
    // 1024 x 768 or 1280 x 720 (the plane shows the training; Alt+1's tabs the decoder).
    // The Prior tab's sheet of 64 decodes is that tab's picture: in lecture mode the decoded
    // image leaves it about half the height, instead of a strip.
    const bool training = trainTabInFront();
    const bool hidden = training && m_lecture;
    int stretch = 4;
    if (training)
        stretch = hidden ? 0 : 2;
    else if (m_lecture)
        stretch = m_tabs->currentIndex() == PriorTab ? 3 : 12;
    m_sideLayout->setStretchFactor(m_decodedRow, stretch);
    m_decodedTitle->setVisible(!hidden);
    m_decoded->setVisible(!hidden);
}

bool VaeView::trainTabInFront() const {
    return m_trainTab && m_tabs->currentWidget() == m_trainTab;
}

void VaeView::updateNearestVisibility() {
    // The nearest test images: not beside the Train tab, nor beside the Prior tab in lecture
    // mode (its sheet of 64 decodes takes their height); their title never in lecture mode.
    const bool priorLecture = m_lecture && m_tabs->currentIndex() == PriorTab;
    const bool shown = m_doc->testSet() && !trainTabInFront() && !priorLecture;
    m_nearestTitle->setVisible(shown && !m_lecture);
    for (DigitImage* d : m_nearest)
        d->setVisible(shown);
}

void VaeView::styleTabBar() {
    // Five short titles in large type fit the side panel at 1024 px only with narrower
    // padding (the style's own would hide the last behind scroll arrows). A style sheet
    // sets the font too, or the tabs would fall back to the application's.
    if (!m_lecture) {
        m_tabs->tabBar()->setStyleSheet(QString());
        return;
    }
    m_tabs->tabBar()->setStyleSheet(
        QStringLiteral("QTabBar::tab { padding: 4px 7px; font-size: %1px; }")
            .arg(QFontInfo(m_side->font()).pixelSize()));
}

} // namespace latentlab
