#include "pca/image_panel.h"

#include "common/legibility.h"
#include "common/page.h"

#include "common/random.h"
#include "linear/ppca.h"
#include "pca/pca_document.h"
#include "pca/scree_plot.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr int kLatentSteps = 30; // slider units per standard deviation / 10
}

// ---- Tiles ----------------------------------------------------------------------------------

ImageTile::ImageTile(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageTile::setImage(QImage image, const QString& caption) {
    m_image = std::move(image);
    m_caption = caption;
    update();
}

void ImageTile::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int captionHeight = fontMetrics().height() + 2;
    const QRect area(0, 0, width(), std::max(0, height() - captionHeight));
    if (!m_image.isNull() && area.width() > 0 && area.height() > 0) {
        // As large as fits, pixels square and sharp (nearest neighbour: no smoothing hint).
        const double f = std::min(double(area.width()) / m_image.width(),
                                  double(area.height()) / m_image.height());
        const QSize s(int(m_image.width() * f), int(m_image.height() * f));
        const QRect target(area.x() + (area.width() - s.width()) / 2,
                           area.y() + (area.height() - s.height()) / 2, s.width(), s.height());
        p.drawImage(target, m_image);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRect(target.adjusted(0, 0, -1, -1));
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(0, height() - captionHeight, width(), captionHeight), Qt::AlignCenter,
               m_caption);
}

QImage inkImage(const Eigen::VectorXd& pixels, int rows, int cols) {
    QImage img(cols, rows, QImage::Format_RGB32);
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        for (int c = 0; c < cols; ++c) {
            const double v = std::clamp(pixels(r * cols + c), 0.0, 1.0);
            const int g = static_cast<int>(std::lround(255.0 * (1.0 - v)));
            line[c] = qRgb(g, g, g);
        }
    }
    return img;
}

QImage signedImage(const Eigen::VectorXd& values, int rows, int cols) {
    const double m = std::max(values.cwiseAbs().maxCoeff(), 1e-300);
    QImage img(cols, rows, QImage::Format_RGB32);
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(r));
        for (int c = 0; c < cols; ++c) {
            const double t = std::clamp(values(r * cols + c) / m, -1.0, 1.0);
            // White at 0, red for positive, blue for negative.
            const int fade = static_cast<int>(std::lround(255.0 * (1.0 - std::abs(t))));
            line[c] = t >= 0 ? qRgb(255, fade, fade) : qRgb(fade, fade, 255);
        }
    }
    return img;
}

// ---- The panel ------------------------------------------------------------------------------

ImagePanel::ImagePanel(PcaDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_set(new QComboBox(this)), m_status(new QLabel(this)),
      m_busy(new QProgressBar(this)), m_mean(new ImageTile(this)), m_original(new ImageTile(this)),
      m_reconstruction(new ImageTile(this)), m_generated(new ImageTile(this)),
      m_qSlider(new QSlider(Qt::Horizontal, this)), m_qLabel(new QLabel(this)),
      m_testSpin(new QSpinBox(this)), m_error(new QLabel(this)), m_genQ(new QSpinBox(this)),
      m_latentBox(new QWidget(this)), m_scree(new ScreePlot(this)) {
    m_set->addItem(tr("MNIST-10k digits"), QStringLiteral("mnist"));
    m_set->addItem(tr("Fashion-MNIST garments"), QStringLiteral("fashion"));
    m_set->setFocusPolicy(Qt::ClickFocus);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setObjectName(QStringLiteral("pcaImageStatus"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(140);
    m_busy->setTextVisible(false);
    m_busy->hide();
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Images:"), this));
    top->addWidget(m_set);
    top->addWidget(m_busy);
    top->addWidget(m_status, 1);

    // Mean and eigen-images.
    auto* eigenBox = new QGroupBox(tr("Mean μ and the first 16 eigen-images u₁ … u₁₆"), this);
    m_eigenGrid = new QGridLayout(eigenBox);
    m_eigenGrid->setSpacing(2);
    m_eigenGrid->addWidget(m_mean, 0, 0, 2, 2);
    m_eigenGrid->setColumnStretch(0, 1);
    m_eigenGrid->setColumnStretch(1, 1);
    for (int c = 2; c < 10; ++c)
        m_eigenGrid->setColumnStretch(c, 1);
    // Two rows of 8 next to the (double-size) mean.
    for (int j = 0; j < kEigenImages; ++j) {
        auto* t = new ImageTile(eigenBox);
        m_eigenTiles << t;
        m_eigenGrid->addWidget(t, j / 8, 2 + j % 8);
    }

    // Reconstruction of a test image.
    auto* reconBox =
        new QGroupBox(tr("A test image from q components: μ + U_q U_qᵀ (x − μ)"), this);
    auto* rl = new QGridLayout(reconBox);
    m_qSlider->setRange(1, PcaDocument::kImageComponents);
    m_qSlider->setValue(10);
    m_qSlider->setFocusPolicy(Qt::StrongFocus);
    m_qSlider->setObjectName(QStringLiteral("imageQSlider"));
    m_testSpin->setRange(0, 0);
    m_testSpin->setPrefix(tr("test image "));
    m_testSpin->setFocusPolicy(Qt::ClickFocus);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("imageErrorLine"));
    auto* qRow = new QHBoxLayout;
    qRow->addWidget(m_qLabel);
    qRow->addWidget(m_qSlider, 1);
    rl->addWidget(m_original, 0, 0);
    rl->addWidget(m_reconstruction, 0, 1);
    rl->addLayout(qRow, 1, 0, 1, 2);
    rl->addWidget(m_testSpin, 2, 0);
    rl->addWidget(m_error, 2, 1);
    rl->setRowStretch(0, 1);
    rl->setColumnStretch(0, 1);
    rl->setColumnStretch(1, 1);

    // The model run forwards.
    auto* genBox = new QGroupBox(tr("The model run forwards: μ + W z (PPCA's W)"), this);
    auto* gl = new QGridLayout(genBox);
    m_genQ->setRange(1, kMaxGeneratorQ);
    m_genQ->setValue(8);
    m_genQ->setPrefix(tr("q = "));
    m_genQ->setFocusPolicy(Qt::ClickFocus);
    auto* randomZ = new QPushButton(tr("Random z ~ N(0, I)"), genBox);
    auto* zeroZ = new QPushButton(tr("z = 0 (the mean)"), genBox);
    for (QPushButton* b : {randomZ, zeroZ})
        b->setFocusPolicy(Qt::NoFocus);
    auto* scroll = new QScrollArea(genBox);
    scroll->setWidget(m_latentBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Up to kMaxGeneratorQ rows: a list meant to scroll (common/legibility.h counts what it
    // hides as scrolled, not cut).
    scroll->setProperty(kScrollingList, true);
    gl->addWidget(m_generated, 0, 0, 1, 2);
    gl->addWidget(m_genQ, 1, 0);
    gl->addWidget(zeroZ, 1, 1);
    gl->addWidget(randomZ, 2, 1);
    gl->addWidget(scroll, 3, 0, 1, 2);
    gl->setRowStretch(0, 2);
    gl->setRowStretch(3, 3);

    m_scree->setMinimumHeight(200); // the legend is a row of its own above the bars
    m_scree->setFocusPolicy(Qt::NoFocus);

    auto* middle = new QHBoxLayout;
    middle->addWidget(reconBox, 3);
    middle->addWidget(genBox, 2);
    auto* left = new QVBoxLayout;
    left->addWidget(eigenBox, 2);
    left->addLayout(middle, 3);
    auto* body = new QHBoxLayout;
    body->addLayout(left, 5);
    body->addWidget(m_scree, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addLayout(body, 1);

    connect(m_set, &QComboBox::activated, this,
            [this](int i) { setImageSet(m_set->itemData(i).toString()); });
    connect(m_qSlider, &QSlider::valueChanged, this, &ImagePanel::updateReconstruction);
    connect(m_testSpin, &QSpinBox::valueChanged, this, &ImagePanel::updateReconstruction);
    connect(m_genQ, &QSpinBox::valueChanged, this, &ImagePanel::rebuildLatentSliders);
    connect(randomZ, &QPushButton::clicked, this, [this] {
        // A fixed sequence of draws: a lecture shows the same digits every year.
        Random rng(++m_zDraws);
        for (QSlider* s : m_latent)
            s->setValue(
                static_cast<int>(std::lround(std::clamp(rng.normal(), -3.0, 3.0) * kLatentSteps)));
    });
    connect(zeroZ, &QPushButton::clicked, this, [this] {
        for (QSlider* s : m_latent)
            s->setValue(0);
    });
    connect(m_doc, &PcaDocument::imagesChanged, this, &ImagePanel::onImagesChanged);
    rebuildLatentSliders();
    onImagesChanged();
}

void ImagePanel::setImageSet(const QString& set) {
    const int i = m_set->findData(set);
    if (i >= 0) {
        const QSignalBlocker block(m_set);
        m_set->setCurrentIndex(i);
    }
    m_doc->loadImages(set);
}

QString ImagePanel::imageSet() const {
    return m_set->currentData().toString();
}

void ImagePanel::setLatent(int j, double value) {
    if (j >= 0 && j < m_latent.size())
        m_latent[j]->setValue(
            static_cast<int>(std::lround(std::clamp(value, -3.0, 3.0) * kLatentSteps)));
}

void ImagePanel::onImagesChanged() {
    const auto model = m_doc->images();
    m_busy->setVisible(!model && m_doc->busy() && !m_doc->imagesRequested().isEmpty());
    const QString standIn = tr("<i>Digits and garments stand in for faces (no face data set is "
                               "available offline as a package).</i>");
    if (!model) {
        QString why = !m_doc->imageError().isEmpty() ? m_doc->imageError().toHtmlEscaped()
                      : m_doc->busy() ? tr("Computing the PCA of the images off the GUI thread…")
                                      : tr("Choose an image set.");
        m_status->setText(QStringLiteral("%1 %2").arg(why, standIn));
        for (ImageTile* t : m_eigenTiles)
            t->setImage({}, {});
        for (ImageTile* t : {m_mean, m_original, m_reconstruction, m_generated})
            t->setImage({}, {});
        m_scree->clear();
        return;
    }
    m_status->setText(tr("%1 (%2 s). %3")
                          .arg(model->description.toHtmlEscaped())
                          .arg(model->seconds, 0, 'f', 1)
                          .arg(standIn));
    const Pca& pca = model->pca;
    m_mean->setImage(inkImage(pca.mean(), model->rows, model->cols), tr("mean μ"));
    const Eigen::VectorXd ratio = pca.explainedVarianceRatio();
    for (int j = 0; j < kEigenImages && j < pca.componentCount(); ++j)
        m_eigenTiles[j]->setImage(
            signedImage(pca.components().col(j), model->rows, model->cols),
            QStringLiteral("u%1 %2%").arg(j + 1).arg(100 * ratio(j), 0, 'f', 1));
    {
        const QSignalBlocker block(m_testSpin);
        m_testSpin->setRange(0, static_cast<int>(model->test.cols()) - 1);
    }
    m_qSlider->setMaximum(pca.componentCount());
    updateReconstruction();
    updateGenerator();
}

void ImagePanel::updateReconstruction() {
    const auto model = m_doc->images();
    const int q = m_qSlider->value();
    m_qLabel->setText(tr("q = %1").arg(q));
    if (!model || model->test.cols() == 0)
        return;
    const Pca& pca = model->pca;
    const int i = std::clamp(m_testSpin->value(), 0, static_cast<int>(model->test.cols()) - 1);
    const Eigen::VectorXd x = model->test.col(i);
    const Eigen::VectorXd xhat = pca.reconstruct(pca.project(x, q));
    const double d = static_cast<double>(x.size());
    const double err = (x - xhat).squaredNorm();
    const double total = (x - pca.mean()).squaredNorm();
    m_original->setImage(inkImage(x, model->rows, model->cols), tr("test image x"));
    m_reconstruction->setImage(inkImage(xhat, model->rows, model->cols),
                               tr("reconstruction, q = %1").arg(q));
    m_error->setText(tr("|x − x̂|² = %1 (%2 per pixel), %3 % of |x − μ|²")
                         .arg(err, 0, 'f', 2)
                         .arg(err / d, 0, 'f', 4)
                         .arg(total > 0 ? 100.0 * err / total : 0.0, 0, 'f', 1));
    m_scree->setSpectrum(pca.explainedVarianceRatio(), pca.reconstructionErrors(), q);
}

void ImagePanel::rebuildLatentSliders() {
    // The sliders and their labels go with the old layout.
    m_latent.clear();
    qDeleteAll(m_latentBox->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    delete m_latentBox->layout();
    auto* grid = new QGridLayout(m_latentBox);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(0);
    for (int j = 0; j < m_genQ->value(); ++j) {
        auto* s = new QSlider(Qt::Horizontal, m_latentBox);
        s->setRange(-3 * kLatentSteps, 3 * kLatentSteps);
        s->setFocusPolicy(Qt::ClickFocus);
        s->setToolTip(tr("z%1 from −3 to 3").arg(j + 1));
        grid->addWidget(new QLabel(QStringLiteral("z%1").arg(j + 1), m_latentBox), j, 0);
        grid->addWidget(s, j, 1);
        m_latent << s;
        connect(s, &QSlider::valueChanged, this, &ImagePanel::updateGenerator);
    }
    updateGenerator();
}

void ImagePanel::updateGenerator() {
    const auto model = m_doc->images();
    if (!model)
        return;
    const int q = std::min<int>(static_cast<int>(m_latent.size()), model->pca.componentCount());
    if (q < 1 || q >= model->pca.d())
        return;
    Eigen::VectorXd z(q);
    for (int j = 0; j < q; ++j)
        z(j) = m_latent[j]->value() / double(kLatentSteps);
    try {
        // W = U_q (L_q - sigma^2 I)^(1/2): one unit of z_j is one standard deviation along u_j.
        const Ppca ppca = Ppca::fromPca(model->pca, q);
        const Eigen::VectorXd x = ppca.w() * z + ppca.mean();
        m_generated->setImage(inkImage(x, model->rows, model->cols),
                              tr("μ + W z, |z| = %1").arg(z.norm(), 0, 'f', 2));
    } catch (const std::exception& e) {
        m_generated->setImage({}, QString::fromUtf8(e.what()));
    }
}

void ImagePanel::setScale(double scale) {
    const QFont f = scaledFont(font(), scale);
    for (QWidget* w : findChildren<QWidget*>())
        if (w != m_scree && !w->inherits("QCustomPlot"))
            w->setFont(f);
    m_scree->setScale(scale);
}

void ImagePanel::setLectureMode(bool on) {
    m_scree->setVisible(!on);
}

} // namespace latentlab
