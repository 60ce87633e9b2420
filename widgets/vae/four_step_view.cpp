#include "vae/four_step_view.h"

#include "common/page.h"
#include "plot/plot_style.h"
#include "plot/qcp.h"
#include "vae/latent_plot.h"
#include "vae/latent_space.h"
#include "vae/vae_resources.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace latentlab {

namespace {

constexpr std::size_t kFourStepImages = 1000; ///< codes on the plane
constexpr std::size_t kFourStepTestBegin = 8000,
                      kFourStepTestEnd = 8500; ///< step 4's held-out ELBO
constexpr int kFourStepGridN = 12;             ///< the decoder's means, faded under the codes
constexpr double kFourStepGridExtent = 3.0;

QString nats(double v, int decimals = 1) {
    return QString::number(v, 'f', decimals).replace('-', QChar(0x2212));
}

} // namespace

FourStepView::FourStepView(QWidget* parent)
    : QWidget(parent), m_plot(new LatentPlot), m_curve(new QCustomPlot) {
    m_plot->setClassNames(digitNames());
    m_plot->setLatentPointVisible(false);
    m_curve->setMinimumHeight(120);
    m_curve->addGraph();
    m_curve->yAxis->setLabel(tr("mean J (nats)"));
    m_curve->xAxis->setLabel(tr("after step"));

    m_back = makePageAction(this, nullptr, tr("Back"), {QKeySequence(Qt::Key_Backspace)},
                            tr("Back to the previous step, exactly as it was"), "fourStepBack",
                            [this] { back(); });
    m_step = makePageAction(this, nullptr, tr("Step"), {QKeySequence(Qt::Key_N)},
                            tr("Take the next step of the four (1, 2, 3, 2b, 3b, ..., 4)"),
                            "fourStepNext", [this] { step(); });
    m_play = makePageAction(this, nullptr, tr("Play"), {QKeySequence(Qt::Key_Space)},
                            tr("Take the steps one after another until step 4"), "fourStepPlay",
                            [this](bool on) { setPlaying(on); });
    m_play->setCheckable(true);
    m_reset = makePageAction(this, nullptr, tr("Reset"), {QKeySequence(Qt::Key_R)},
                             tr("Back to the start, before step 1"), "fourStepReset",
                             [this] { reset(); });
    // The keyboard map lists them with the VAE page's keys: say whose they are.
    m_back->setProperty("keymapText", tr("Four steps: back to the previous step"));
    m_step->setProperty("keymapText", tr("Four steps: the next step"));
    m_play->setProperty("keymapText", tr("Four steps: play to step 4"));
    m_reset->setProperty("keymapText", tr("Four steps: back to the start"));
    m_playTimer = new QTimer(this);
    m_playTimer->setSingleShot(true);
    m_playTimer->setInterval(500);
    connect(m_playTimer, &QTimer::timeout, this, [this] { step(); });

    auto* left = new QWidget;
    auto* lv = new QVBoxLayout(left);
    m_leftLayout = lv;
    lv->setContentsMargins(0, 0, 0, 0);
    lv->addWidget(m_plot, 4);
    lv->addWidget(m_curve, 1);

    m_side = new QWidget;
    auto* sv = new QVBoxLayout(m_side);
    m_sideLayout = sv;
    sv->setContentsMargins(6, 6, 6, 6);
    auto* buttons = new QHBoxLayout;
    for (QAction* a : {m_back, m_step, m_play, m_reset}) {
        auto* b = new QToolButton;
        b->setDefaultAction(a);
        b->setFocusPolicy(Qt::NoFocus);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    sv->addLayout(buttons);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    sv->addWidget(m_status);
    auto* panel = new QWidget;
    m_inspector = fillWithTextPanel(panel);
    sv->addWidget(panel, 1);
    m_side->setMinimumWidth(300);
    m_side->setMaximumWidth(460);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(m_side);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    setScale(1.0);
    refresh();
}

FourStepView::~FourStepView() {
    m_task.stop();
}

void FourStepView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (ensureWalkthrough())
        refresh();
}

bool FourStepView::ensureWalkthrough() {
    if (m_walk)
        return true;
    if (!m_error.isEmpty())
        return false;
    try {
        const VaeDatasetPair data =
            bundledMnistRows(kFourStepImages, kFourStepTestBegin, kFourStepTestEnd);
        m_walk = std::make_unique<FourStepWalkthrough>(data.train, data.test, FourStepOptions{});
    } catch (const std::exception& e) {
        m_error = QString::fromUtf8(e.what());
        refresh();
        return false;
    }
    return true;
}

bool FourStepView::busy() const {
    return m_task.running();
}

void FourStepView::runTo(int steps) {
    stop();
    if (!ensureWalkthrough())
        throw std::runtime_error(m_error.toStdString());
    m_walk->reset();
    for (int i = 0; i < steps && m_walk->step(); ++i) {
    }
    refresh();
}

void FourStepView::stop() {
    m_playTimer->stop();
    m_play->setChecked(false);
    m_task.stop();
    updateActions();
}

// ---- Transport -----------------------------------------------------------------------------

void FourStepView::step() {
    if (busy() || !ensureWalkthrough() || m_walk->atEnd()) {
        if (m_walk && m_walk->atEnd())
            setPlaying(false);
        return;
    }
    const QString next = QString::fromStdString(FourStepWalkthrough::label(
        m_walk->nextStage(), m_walk->nextStage() == FourStepStage::FitDecoder &&
                                     m_walk->state().stage == FourStepStage::InferCodes
                                 ? m_walk->state().round + 1
                                 : std::max(1, m_walk->state().round)));
    m_status->setText(tr("Computing step %1\u2026").arg(next));
    const FourStepWalkthrough* walk = m_walk.get();
    m_task.start(
        [this, walk](const std::atomic_bool& cancelled) { m_pending = walk->next(&cancelled); },
        [this] {
            QMetaObject::invokeMethod(
                this, [this] { stepFinished(); }, Qt::QueuedConnection);
        });
    updateActions();
}

void FourStepView::stepFinished() {
    if (m_task.running() || !m_task.finished())
        return;
    const bool cancelled = m_task.cancelRequested();
    try {
        m_task.join();
    } catch (const std::exception& e) {
        m_status->setText(tr("The step failed: %1").arg(QString::fromUtf8(e.what())));
        setPlaying(false);
        updateActions();
        return;
    }
    if (!cancelled)
        m_walk->push(std::move(m_pending));
    m_pending = {};
    refresh();
    if (m_play->isChecked()) {
        if (m_walk->atEnd())
            setPlaying(false);
        else
            m_playTimer->start();
    }
}

void FourStepView::back() {
    if (busy() || !m_walk)
        return;
    setPlaying(false);
    if (m_walk->back())
        refresh();
}

void FourStepView::reset() {
    stop();
    if (!m_walk)
        return;
    m_walk->reset();
    refresh();
}

void FourStepView::setPlaying(bool on) {
    m_play->setChecked(on);
    if (!on) {
        m_playTimer->stop();
        return;
    }
    if (!busy())
        step();
}

void FourStepView::updateActions() {
    const bool ready = m_walk && !busy();
    m_step->setEnabled(ready && !m_walk->atEnd());
    m_back->setEnabled(ready && m_walk->stepsDone() > 0);
    m_reset->setEnabled(m_walk && m_walk->stepsDone() > 0);
    m_play->setEnabled(m_walk && !m_walk->atEnd());
}

// ---- Showing a state ------------------------------------------------------------------------

void FourStepView::refresh() {
    updateActions();
    if (!m_walk) {
        m_plot->setPoints(Eigen::Matrix2Xf(2, 0), {});
        m_plot->setMessage(m_error.isEmpty() ? QString()
                                             : tr("Cannot read the images:\n%1").arg(m_error));
        m_status->clear();
        updateCurve();
        updateInspector();
        return;
    }
    const FourStepState& s = m_walk->state();
    if (s.z.cols() > 0) {
        m_plot->setPoints(s.z, m_walk->train().labels);
        m_plot->setMessage({});
    } else {
        m_plot->setPoints(Eigen::Matrix2Xf(2, 0), {});
        m_plot->setMessage(tr("Step (N) gives each of %L1 training images a random code")
                               .arg(m_walk->train().count));
    }
    // What the decoder makes of the plane, once there is one.
    if (!s.decoder.empty()) {
        const std::vector<double> coords =
            latentGridCoordinates(kFourStepGridN, GridSpacing::Linear, kFourStepGridExtent);
        m_plot->setGrid(coords, m_walk->decode(s.decoder, latentGridPoints(coords)), 0.35);
    } else {
        m_plot->clearGrid();
    }
    // The prior's 3 sigma circle, the grid's tiles and the codes, with a margin.
    QRectF r(-3.3, -3.3, 6.6, 6.6);
    if (s.z.cols() > 0) {
        const Eigen::Vector2f lo = s.z.rowwise().minCoeff(), hi = s.z.rowwise().maxCoeff();
        r = r.united(QRectF(lo.x(), lo.y(), hi.x() - lo.x(), hi.y() - lo.y()));
    }
    const double m = 0.04 * std::max(r.width(), r.height());
    m_plot->setViewRect(r.adjusted(-m, -m, m, m));
    const QString label = QString::fromStdString(FourStepWalkthrough::label(s.stage, s.round));
    m_status->setText(label.isEmpty() ? tr("At the start.")
                                      : tr("After step %1 (%2 of %3 steps).")
                                            .arg(label)
                                            .arg(m_walk->stepsDone())
                                            .arg(2 * m_walk->options().rounds + 2));
    updateCurve();
    updateInspector();
}

void FourStepView::updateCurve() {
    QVector<double> x, y;
    QVector<QString> labels;
    QVector<double> ticks;
    if (m_walk) {
        const FourStepState& s = m_walk->state();
        for (std::size_t i = 0; i < s.curve.size(); ++i) {
            x << double(i + 1);
            y << s.curve[i];
            // Lecture mode's narrow curve beside the plane: the rounds' ends (3, 3b, ...) only,
            // eight labels in large type would run into one another.
            if (m_lecture && i % 2 == 0)
                continue;
            ticks << double(i + 1);
            labels << QString::fromStdString(s.curveLabels[i]);
        }
    }
    const PlotStyle style = PlotStyle::of(this, m_scale);
    style.apply(m_curve);
    QCPGraph* g = m_curve->graph(0);
    g->setData(x, y);
    g->setPen(QPen(style.series(QColor(0x1f, 0x77, 0xb4)), style.pen(2)));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style.px(7)));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->setTicks(ticks, labels);
    m_curve->xAxis->setTicker(ticker);
    const int n = std::max(4, int(x.size()));
    m_curve->xAxis->setRange(0.5, n + 0.5);
    if (!y.isEmpty()) {
        const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
        const double pad = std::max(1.0, 0.1 * (*hi - *lo));
        m_curve->yAxis->setRange(*lo - pad, *hi + pad);
    } else {
        m_curve->yAxis->setRange(-250, -150);
    }
    m_curve->replot(QCustomPlot::rpQueuedReplot);
}

QString FourStepView::inspectorText() const {
    return m_inspector->toPlainText();
}

void FourStepView::updateInspector() {
    QString html;
    if (!m_walk) {
        html = tr("<h3>Training a VAE in four steps</h3><p>%1</p>").arg(m_error.toHtmlEscaped());
        m_inspector->setHtml(html);
        return;
    }
    const FourStepState& s = m_walk->state();
    const FourStepOptions& o = m_walk->options();
    const QString label = QString::fromStdString(FourStepWalkthrough::label(s.stage, s.round));
    const QString J =
        tr("J(z<sub>i</sub>) = log p(x<sub>i</sub>|z<sub>i</sub>) + log p(z<sub>i</sub>)");
    switch (s.stage) {
    case FourStepStage::Start:
        html = tr("<h3>Training a VAE in four steps</h3>"
                  "<p>%L1 MNIST images and a small decoder (2\u2013%2 units\u2013784). "
                  "<b>Step</b> (N) takes one step, <b>Back</b> (Backspace) returns to the "
                  "previous one exactly, <b>Play</b> (Space) runs to step 4, <b>Reset</b> (R) "
                  "starts again.</p>"
                  "<p>1. give every image a random code z ~ N(0, I);<br>2. fit the decoder "
                  "to the pairs (x, z);<br>3. infer each z with the decoder fixed; repeat 2 "
                  "and 3;<br>4. train an encoder to predict the codes, then continue as a "
                  "VAE.</p>")
                   .arg(m_walk->train().count)
                   .arg(QString::number(o.hidden.back()) + "\u2013" +
                        QString::number(o.hidden.front()));
        break;
    case FourStepStage::RandomCodes:
        html = tr("<h3>Step 1: random codes</h3>"
                  "<p>z<sub>i</sub> ~ N(0, I) for every image x<sub>i</sub>, drawn from the "
                  "seed. The codes know nothing of the images yet: the digits' colours are "
                  "mixed all over the prior.</p>");
        break;
    case FourStepStage::FitDecoder:
        html = tr("<h3>Step %1: fit the decoder</h3>"
                  "<p>\u03b8 \u2190 argmax<sub>\u03b8</sub> \u03a3<sub>i</sub> log "
                  "p(x<sub>i</sub> | z<sub>i</sub>; \u03b8) with the codes fixed.</p>"
                  "<p>This app's decoder is <b>Bernoulli</b>: p(x|z) = \u220f<sub>p</sub> "
                  "f<sub>p</sub>(z)<sup>x<sub>p</sub></sup> (1 \u2212 "
                  "f<sub>p</sub>(z))<sup>1\u2212x<sub>p</sub></sup>, so this minimises "
                  "\u03a3<sub>i</sub> BCE(x<sub>i</sub>, f(z<sub>i</sub>; \u03b8)). (A "
                  "Gaussian decoder N(f(z), \u03c3\u00b2I) would minimise d log \u03c3\u00b2 + "
                  "(1/\u03c3\u00b2) \u03a3<sub>i</sub> \u2016x<sub>i</sub> \u2212 "
                  "f(z<sub>i</sub>; \u03b8)\u2016\u00b2.)</p>"
                  "<p>%2 full-batch Adam steps, each kept only if the loss on the pairs does "
                  "not rise: BCE %3 \u2192 <b>%4</b> nats per image.</p>")
                   .arg(label)
                   .arg(o.decoderPasses)
                   .arg(nats(s.decoderLoss.front()), nats(s.decoderLoss.back()));
        break;
    case FourStepStage::InferCodes:
        html = tr("<h3>Step %1: infer the codes</h3>"
                  "<p>z<sub>i</sub> \u2190 argmax<sub>z</sub> %2 with the decoder fixed, by "
                  "gradient ascent on each z: the non-linear analogue of EM's E-step (a most "
                  "probable code rather than a posterior). Each image's step size halves "
                  "when a step would lower its J, so no J ever decreases.</p>"
                  "<p>%3 steps per image: mean J %4 \u2192 <b>%5</b> nats.</p>"
                  "<p>Repeat 2 and 3 and watch the digits gather into regions.</p>")
                   .arg(label, J)
                   .arg(o.inferenceIterations)
                   .arg(nats(s.inference.front()), nats(s.inference.back()));
        break;
    case FourStepStage::Encoder:
        html = tr("<h3>Step 4: an encoder, then a VAE</h3>"
                  "<p><b>Amortised inference</b>: an encoder \u03bc(x) is trained to predict "
                  "the inferred codes (mean \u2016\u03bc(x) \u2212 z\u2016\u00b2 = %1), so a "
                  "new image needs one pass instead of an optimisation.</p>"
                  "<p>Then encoder and decoder continue as a <b>VAE</b> for %2 epochs: z = "
                  "\u03bc(x) + \u03c3(x) \u2299 \u03b5, \u03b5 ~ N(0, I) (reparameterisation), "
                  "maximising ELBO = E<sub>q</sub>[log p(x|z)] \u2212 KL(q(z|x) \u2016 "
                  "p(z)). The plane shows the final encoder's \u03bc(x).</p>"
                  "<p>Test ELBO on %L3 held-out images (nats per image):<br>"
                  "after the regression: %4<br>after %2 VAE epochs: <b>%5</b><br>"
                  "a VAE trained directly from the same initial weights for %2 epochs: "
                  "<b>%6</b></p>")
                   .arg(QString::number(s.encoderError, 'f', 2))
                   .arg(o.vaeEpochs)
                   .arg(kFourStepTestEnd - kFourStepTestBegin)
                   .arg(nats(s.elboAfterRegression), nats(s.elboWalkthrough), nats(s.elboDirect));
        break;
    }
    if (!s.decoder.empty())
        html += tr("<p>The faded tiles: the decoder's means f(z) on a %1 \u00d7 %1 grid over "
                   "[\u2212%2, %2]\u00b2, each centred on its z.</p>")
                    .arg(kFourStepGridN)
                    .arg(kFourStepGridExtent);
    if (!s.curve.empty())
        html += tr("<p>The curve: the mean %1 after each step 2 and 3. Both steps climb the "
                   "same objective, one in \u03b8, one in the z's.</p>")
                    .arg(J);
    m_inspector->setHtml(html);
}

// ---- Look -----------------------------------------------------------------------------------

void FourStepView::setScale(double scale) {
    m_scale = scale;
    m_plot->setScale(scale);
    m_side->setFont(scaledFont(font(), scale));
    m_side->setMinimumWidth(int(300 * std::max(1.0, scale * 0.7)));
    m_side->setMaximumWidth(int(460 * std::max(1.0, scale * 0.7)));
    updateCurve();
}

void FourStepView::setLectureMode(bool on) {
    m_plot->setLegendInside(on);
    // Lecture mode: the curve moves from under the plane to the side panel, above the
    // inspector, so that the plane keeps its share of the window and the curve its height (a
    // strip under the plane was too low for its tick labels at 1280 x 720).
    m_lecture = on;
    m_curve->yAxis->setLabel(on ? tr("J (nats)") : tr("mean J (nats)"));
    if (on) {
        m_sideLayout->insertWidget(2, m_curve, 0);
        m_curve->setMinimumHeight(std::max(220, m_side->fontMetrics().height() * 9));
    } else {
        m_leftLayout->addWidget(m_curve, 1);
        m_curve->setMinimumHeight(0);
    }
    updateCurve();
}

} // namespace latentlab
