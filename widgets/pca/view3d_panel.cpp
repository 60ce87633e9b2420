#include "pca/view3d_panel.h"

#include "common/error.h"
#include "common/page.h"
#include "data/pca_presets.h"
#include "pca/view3d_plot.h"

#include <QAction>
#include <QComboBox>
#include <QEasingCurve>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVariantAnimation>
#include <cmath>
#include <numbers>
#include <optional>

namespace latentlab {

namespace {
/// The view a preset opens with: the PC basis (u_1 across, u_2 up, u_3 at the viewer) turned
/// 25 degrees about the vertical and tipped 65 degrees back, so the plane is seen obliquely
/// and the residuals, along u_3, stand upright.
Rotation3 openingView(const std::optional<Manifold3d>& m) {
    const Rotation3 turn = rotationFromYawPitch(0.45, 1.13);
    return m ? orthonormalized(turn * pcBasisView(m->pca.components())) : turn;
}
double degrees(double radians) {
    return radians * 180.0 / std::numbers::pi;
}
} // namespace

View3dPanel::View3dPanel(QWidget* actionOwner, QWidget* parent)
    : QWidget(parent), m_plot(new View3dPlot(this)), m_text(new QLabel(this)),
      m_bar(new QWidget(this)), m_preset(new QComboBox(m_bar)), m_qBox(new QComboBox(m_bar)),
      m_animation(new QVariantAnimation(this)) {
    auto make = [this, actionOwner](const QString& text, const QList<QKeySequence>& keys,
                                    const QString& tip, const char* name, auto slot) {
        QAction* a =
            makePageAction(actionOwner, nullptr, text, keys, tip, QString::fromLatin1(name));
        connect(a, &QAction::triggered, this, [this, slot] {
            emit used();
            slot();
        });
        return a;
    };
    m_actions.lookAlongPc3 =
        make(tr("Look along PC&3"), {Qt::Key_V},
             tr("Turn the view until u₃ points at you: the plane face-on, the residuals dots"),
             "view3dLookAlongPc3", [this] { lookAlongPc3(); });
    m_actions.pcBasis = make(tr("Rotate into the PC &basis"), {Qt::Key_B},
                             tr("Turn the view until u₁ is horizontal and u₂ vertical"),
                             "view3dPcBasis", [this] { rotateIntoPcBasis(); });
    m_actions.toggleQ = make(tr("Line or plane (&q = 1 / 2)"), {Qt::Key_Q},
                             tr("Fit a line (q = 1) or a plane (q = 2) to the 3D cloud"),
                             "view3dToggleQ", [this] { setQ(3 - m_q); });
    m_residuals = new QAction(tr("&Residuals"), this);
    m_residuals->setCheckable(true);
    m_residuals->setChecked(true);
    m_residuals->setToolTip(tr("Draw every point's residual to its projection"));
    connect(m_residuals, &QAction::toggled, this,
            [this](bool on) { m_plot->setShowResiduals(on); });

    for (const PcaPresetInfo& p : pca3dPresets())
        m_preset->addItem(QString::fromStdString(p.name), QString::fromStdString(p.name));
    m_preset->setToolTip(tr("The 3D data set"));
    m_preset->setFocusPolicy(Qt::NoFocus);
    m_preset->setObjectName(QStringLiteral("view3dPreset"));
    m_qBox->addItem(tr("q = 1: a line"), 1);
    m_qBox->addItem(tr("q = 2: a plane"), 2);
    m_qBox->setFocusPolicy(Qt::NoFocus);
    m_qBox->setObjectName(QStringLiteral("view3dQ"));
    connect(m_preset, &QComboBox::activated, this,
            [this](int i) { loadPreset(m_preset->itemData(i).toString()); });
    connect(m_qBox, &QComboBox::activated, this,
            [this](int i) { setQ(m_qBox->itemData(i).toInt()); });

    auto* bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("3D data:"), m_bar));
    bar->addWidget(m_preset);
    bar->addWidget(m_qBox);
    for (QAction* a : {m_residuals, m_actions.lookAlongPc3, m_actions.pcBasis}) {
        auto* b = new QToolButton(m_bar);
        b->setDefaultAction(a);
        b->setFocusPolicy(Qt::NoFocus);
        bar->addWidget(b);
    }
    bar->addStretch(1);

    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_text->setObjectName(QStringLiteral("view3dText"));
    m_text->setContentsMargins(6, 6, 6, 6);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    QSplitter* splitter = m_splitter;
    connect(splitter, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    splitter->addWidget(m_plot);
    splitter->addWidget(m_text);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    m_plot->setMinimumSize(300, 250);
    m_text->setMinimumWidth(300);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_bar);
    m_bar->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_animation->setStartValue(0.0);
    m_animation->setEndValue(1.0);
    m_animation->setEasingCurve(QEasingCurve::InOutCubic);
    connect(m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        if (m_animation->state() == QAbstractAnimation::Running)
            m_plot->setRotation(interpolated(m_from, m_to, v.toDouble()));
    });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        m_plot->setRotation(m_to);
        refreshText();
    });
    connect(m_plot, &View3dPlot::rotated, this, [this] {
        stopTurning();
        refreshText();
    });

    loadPreset(QString::fromLatin1(kDefaultPreset));
}

void View3dPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (!m_userSplit) // the picture three fifths of the width, until the user moves it
        m_splitter->setSizes({width() * 3 / 5, width() - width() * 3 / 5});
}

void View3dPanel::setData(PointSet set) {
    if (set.dimension() != 3)
        throw ArgumentError("the 3D view needs 3 columns, got " + std::to_string(set.dimension()));
    stopTurning();
    m_data = std::move(set);
    m_plot->setPoints(m_data.points);
    const int i = m_preset->findData(QString::fromStdString(m_data.name));
    m_preset->setCurrentIndex(i); // -1 (blank) for data from a file
    refit();
}

void View3dPanel::loadPreset(const QString& name, std::uint64_t seed) {
    PointSet set = makePca3dPreset(name.toStdString(), seed);
    m_q = name == "line" ? 1 : 2;
    setData(std::move(set));
    setRotation(openingView(m_plot->manifold()));
}

void View3dPanel::setQ(int q) {
    if (q < 1 || q > 2)
        throw ArgumentError("the 3D view's q must be 1 or 2, got " + std::to_string(q));
    m_q = q;
    refit();
}

void View3dPanel::setShowResiduals(bool on) {
    m_residuals->setChecked(on);
}

bool View3dPanel::showResiduals() const {
    return m_residuals->isChecked();
}

void View3dPanel::setRotation(const Rotation3& r) {
    stopTurning();
    m_plot->setRotation(r);
    refreshText();
}

Rotation3 View3dPanel::rotation() const {
    return m_plot->rotation();
}

void View3dPanel::refit() {
    m_qBox->setCurrentIndex(m_qBox->findData(m_q));
    m_problem.clear();
    try {
        m_plot->setManifold(fitManifold3d(m_data.points, m_q));
    } catch (const std::exception& e) {
        m_problem = QString::fromUtf8(e.what());
        m_plot->setManifold(std::nullopt);
    }
    refreshText();
}

void View3dPanel::lookAlongPc3(int durationMs) {
    if (const auto& m = m_plot->manifold())
        turnTo(lookingAlong(m_plot->rotation(), m->normal()), durationMs);
}

void View3dPanel::rotateIntoPcBasis(int durationMs) {
    if (const auto& m = m_plot->manifold())
        turnTo(pcBasisView(m->pca.components()), durationMs);
}

void View3dPanel::turnTo(const Rotation3& target, int durationMs) {
    stopTurning();
    m_from = m_plot->rotation();
    m_to = target;
    if (durationMs <= 0) {
        m_plot->setRotation(target);
        refreshText();
        return;
    }
    m_animation->setDuration(durationMs);
    m_animation->start();
}

bool View3dPanel::turning() const {
    return m_animation->state() == QAbstractAnimation::Running;
}

void View3dPanel::stopTurning() {
    m_animation->stop();
}

QString View3dPanel::text() const {
    return plainTextOf(m_text->text());
}

void View3dPanel::setScale(double scale) {
    m_plot->setScale(scale);
    m_text->setFont(scaledFont(font(), scale));
    m_bar->setFont(scaledFont(font(), scale));
}

void View3dPanel::refreshText() {
    const QString name = QString::fromStdString(m_data.name).toHtmlEscaped();
    QString html = m_q == 2 ? tr("<h3>A cloud near a plane (q = 2)</h3>")
                            : tr("<h3>A cloud near a line (q = 1)</h3>");
    html += tr("<p>%1: %L2 points in 3D.</p>")
                .arg(name.isEmpty() ? tr("untitled") : name)
                .arg(m_data.size());
    const auto& m = m_plot->manifold();
    if (!m) {
        html += tr("<p><b>No fit:</b> %1</p>").arg(m_problem.toHtmlEscaped());
        m_text->setText(html);
        return;
    }
    const Eigen::VectorXd l = m->pca.eigenvalues();
    const Eigen::VectorXd ratio = m->pca.explainedVarianceRatio();
    const double kept = 100.0 * ratio.head(m_q).sum();
    html += tr("<p>PCA: eigenvalues l<sub>1</sub> = %1, l<sub>2</sub> = %2, l<sub>3</sub> = %3. "
               "%4 <b>%5%</b> of the variance.</p>")
                .arg(l(0), 0, 'g', 4)
                .arg(l(1), 0, 'g', 4)
                .arg(l(2), 0, 'g', 4)
                .arg(m_q == 2 ? tr("The first two explain") : tr("The first explains"))
                .arg(kept, 0, 'f', 1);
    if (m_q == 2)
        html += tr("<p>The blue parallelogram is the manifold μ + span(u<sub>1</sub>, "
                   "u<sub>2</sub>); every residual (orange) runs along u<sub>3</sub>, at a right "
                   "angle to the plane: the noise is orthogonal to the manifold. PPCA's "
                   "σ² = l<sub>3</sub> = %1.</p>")
                    .arg(m->pca.noiseVariance(2), 0, 'g', 4);
    else
        html += tr("<p>The blue line is the manifold μ + t u<sub>1</sub>; every residual "
                   "(orange) lies in the plane of u<sub>2</sub> and u<sub>3</sub>, at a right "
                   "angle to the line. PPCA's σ² = (l<sub>2</sub> + l<sub>3</sub>) / 2 = "
                   "%1.</p>")
                    .arg(m->pca.noiseVariance(1), 0, 'g', 4);
    html += m_q == 2 ? tr("<p><b>Drag</b> to turn the view. <b>V</b> looks along u<sub>3</sub>: "
                          "the plane face-on, every residual shrinks to a dot. ")
                     : tr("<p><b>Drag</b> to turn the view. <b>V</b> looks along u<sub>3</sub>: "
                          "the residuals keep their u<sub>2</sub> part, at a right angle to the "
                          "line. ");
    html += tr("<b>B</b> turns into the PC basis: u<sub>1</sub> across, u<sub>2</sub> up, "
               "u<sub>3</sub> at you. <b>Q</b> switches between the line and the plane.</p>");
    const Eigen::Vector3d view = m_plot->rotation().row(2).transpose();
    const double off = degrees(std::acos(std::min(1.0, std::abs(view.dot(m->normal())))));
    html += tr("<p>Now: the viewing direction is %1° from u<sub>3</sub>.</p>").arg(off, 0, 'f', 1);
    m_text->setText(html);
}

} // namespace latentlab
