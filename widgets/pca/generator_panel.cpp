#include "pca/generator_panel.h"

#include "linear/subspace.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <cmath>

namespace latentlab {

namespace {
// The slider maps 0..100 to sigma^2 = 0.01 * 10^(2.5 t), 0.01 to about 3.2.
constexpr double kMinSigma2 = 0.01;
constexpr double kDecades = 2.5;
double sigma2Of(int v) {
    return kMinSigma2 * std::pow(10.0, kDecades * v / 100.0);
}
int sliderOf(double sigma2) {
    return static_cast<int>(
        std::lround(100.0 * std::log10(std::max(sigma2, kMinSigma2) / kMinSigma2) / kDecades));
}
QString vec(const Eigen::VectorXd& v) {
    return QStringLiteral("(%1, %2)").arg(v(0), 0, 'g', 3).arg(v(1), 0, 'g', 3);
}
} // namespace

GeneratorPanel::GeneratorPanel(PcaDocument* document, QWidget* parent)
    : PcaPanel(document, parent), m_bar(new QWidget(parent)),
      m_slider(new QSlider(Qt::Horizontal, m_bar)), m_sigmaLabel(new QLabel(m_bar)),
      m_animation(new QVariantAnimation(this)) {
    auto make = [this, parent](const QString& text, const QList<QKeySequence>& keys,
                               const QString& tip, const char* name, auto slot) {
        return action(parent, text, keys, tip, name, [slot](bool) { slot(); });
    };
    m_actions.sample = make(tr("&Draw a sample"), {Qt::Key_G},
                            tr("Tell the generative story once: z ~ N(0, 1), W z + μ, plus noise"),
                            "storySample", [this] { drawSample(); });
    m_actions.generate =
        make(tr("&Generate a data set"), {QKeySequence(Qt::SHIFT | Qt::Key_G)},
             tr("Replace the data by %1 points drawn from the model with this σ² (undo: Ctrl+Z)")
                 .arg(kGeneratedPoints),
             "storyGenerate", [this] { generate(); });
    m_actions.fit =
        make(tr("&Fit"), {Qt::Key_F}, tr("Fit PPCA to the data and compare with the true W and σ²"),
             "storyFit", [this] { showFit(); });

    m_slider->setRange(0, 100);
    m_slider->setValue(sliderOf(0.15));
    m_slider->setFocusPolicy(Qt::NoFocus);
    m_slider->setToolTip(tr("Noise variance σ² of the generator (log scale)"));
    m_slider->setObjectName(QStringLiteral("sigma2Slider"));
    auto* bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("Generator x = Wz + μ + ε:  σ²"), m_bar));
    bar->addWidget(m_slider, 1);
    bar->addWidget(m_sigmaLabel);
    for (QAction* a : {m_actions.sample, m_actions.generate, m_actions.fit}) {
        auto* b = new QToolButton(m_bar);
        b->setDefaultAction(a);
        b->setFocusPolicy(Qt::NoFocus);
        bar->addWidget(b);
    }
    connect(m_slider, &QSlider::valueChanged, this, [this] { refresh(); });

    m_text->setObjectName(QStringLiteral("pcaStoryText"));
    layOutSide(nullptr);

    m_animation->setStartValue(0.0);
    m_animation->setEndValue(3.0);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        if (!m_story)
            return;
        m_story->phase = v.toDouble();
        emit storyChanged();
    });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        if (!m_story)
            return;
        m_story->phase = 3.0;
        m_story->landed.push_back(m_story->x);
        emit storyChanged();
    });
    connect(m_doc, &PcaDocument::fitChanged, this, &GeneratorPanel::refresh);
    connect(m_doc, &PcaDocument::dataChanged, this, [this] { m_fitShown = false; });
    refresh();
}

PcaTruth GeneratorPanel::model() const {
    PcaTruth t;
    t.mean = Eigen::Vector2d(0.5, 0.25);
    t.w = Eigen::Vector2d(1.6, 0.92);
    t.sigma2 = sigma2();
    return t;
}

double GeneratorPanel::sigma2() const {
    return sigma2Of(m_slider->value());
}

void GeneratorPanel::setSigma2(double sigma2) {
    m_slider->setValue(sliderOf(sigma2));
}

void GeneratorPanel::clearStory() {
    m_animation->stop();
    m_story.reset();
    emit storyChanged();
}

void GeneratorPanel::drawSample(int durationMs) {
    const PcaTruth t = model();
    const Ppca ppca(t.mean, t.w, t.sigma2);
    const Ppca::Sample s = ppca.sample(1, m_rng);
    ManifoldOverlay::Story story;
    if (m_story && m_animation->state() != QAbstractAnimation::Running)
        story.landed = m_story->landed;
    else if (m_story)
        story.landed = m_story->landed; // a sample in flight is dropped
    story.mean = t.mean;
    story.w = t.w;
    story.z = s.z(0, 0);
    story.onLine = s.onManifold.col(0);
    story.x = s.x.col(0);
    m_story = story;
    m_animation->stop();
    if (durationMs <= 0) {
        m_story->phase = 3.0;
        m_story->landed.push_back(m_story->x);
        emit storyChanged();
        return;
    }
    m_animation->setDuration(durationMs);
    m_animation->start();
}

void GeneratorPanel::generate() {
    const PcaTruth t = model();
    const Ppca ppca(t.mean, t.w, t.sigma2);
    Random rng(m_dataSeed++);
    PointSet set;
    set.points = ppca.sample(kGeneratedPoints, rng).x;
    set.columnNames = {"x1", "x2"};
    set.name = QStringLiteral("generated, σ² = %1").arg(t.sigma2, 0, 'g', 3).toStdString();
    m_doc->setData(std::move(set), tr("Generate (σ² = %1)").arg(t.sigma2, 0, 'g', 3), t);
    if (m_story)
        m_story->landed.clear();
    refresh();
}

void GeneratorPanel::showFit() {
    m_fitShown = true;
    refresh();
}

void GeneratorPanel::refresh() {
    m_sigmaLabel->setText(QStringLiteral("%1").arg(sigma2(), 0, 'f', 3));
    const PcaTruth t = model();
    QString html = tr("<h3>The generative story</h3><p>Probabilistic PCA says how the data "
                      "were made: draw <b>z ~ N(0, 1)</b>, map it to the line <b>W z + μ</b>, "
                      "add isotropic noise <b>ε ~ N(0, σ²I)</b>. So x ~ N(μ, W W<sup>T</sup> + "
                      "σ²I): PCA is a generative model for Gaussian data.</p>");
    html += tr("<p>Generator: μ = %1, W = %2, σ² = %3 (slider).</p>")
                .arg(vec(t.mean), vec(t.w))
                .arg(t.sigma2, 0, 'g', 3);
    html += tr("<p><b>G</b> tells the story once; <b>Shift+G</b> draws %1 points with this σ²; "
               "<b>F</b> fits PPCA to them and compares.</p>")
                .arg(kGeneratedPoints);
    const auto& truth = m_doc->truth();
    const auto fit = m_doc->fit();
    if (m_fitShown && truth && fit && !fit->ppca.empty()) {
        Eigen::VectorXd w = fit->ppca.w().col(0);
        if (w.dot(truth->w.col(0)) < 0)
            w = -w; // W is determined up to sign (a rotation of z)
        const double angle = principalAnglesDegrees(truth->w, fit->ppca.w())(0);
        html += tr("<table cellspacing=\"6\"><tr><th></th><th>true</th><th>recovered</th></tr>"
                   "<tr><td>W</td><td>%1</td><td><b>%2</b></td></tr>"
                   "<tr><td>σ²</td><td>%3</td><td><b>%4</b></td></tr>"
                   "<tr><td>μ</td><td>%5</td><td>%6</td></tr></table>"
                   "<p>Angle between the true and the fitted line: %7°. With %8 points the "
                   "estimates scatter around the truth; more points, less scatter.</p>")
                    .arg(vec(truth->w.col(0)), vec(w))
                    .arg(truth->sigma2, 0, 'g', 3)
                    .arg(fit->ppca.sigma2(), 0, 'g', 3)
                    .arg(vec(truth->mean), vec(fit->ppca.mean()))
                    .arg(angle, 0, 'f', 2)
                    .arg(fit->n());
    } else if (m_fitShown && !truth) {
        html += tr("<p>These data were not generated here: generate a set (Shift+G) to compare "
                   "a fit with the truth.</p>");
    } else if (m_fitShown && fit && fit->ppca.empty()) {
        html += tr("<p>No PPCA fit: %1</p>").arg(fit->ppcaProblem.toHtmlEscaped());
    }
    m_text->setText(html);
}

} // namespace latentlab
