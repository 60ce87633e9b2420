#include "pca/em_panel.h"

#include "common/transport_bar.h"
#include "linear/subspace.h"
#include "mixture/log_likelihood_plot.h"
#include "pca/pca_document.h"

#include <QAction>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

namespace latentlab {

EmPanel::EmPanel(PcaDocument* document, QWidget* parent)
    : PcaPanel(document, parent), m_plot(new LogLikelihoodPlot(m_side)), m_timer(new QTimer(this)) {
    createActions(parent);
    m_transport =
        new TransportBar({m_actions.back, m_actions.eStep, m_actions.mStep, m_actions.next,
                          m_actions.iterate, m_actions.play, m_actions.run, m_actions.reset},
                         parent);
    m_text->setObjectName(QStringLiteral("pcaEmStatus"));
    m_plot->setNames(tr("log-likelihood log p(X | θ)"), tr("lower bound L(q, θ)"));
    m_plot->setMinimumHeight(160);
    m_plot->setFocusPolicy(Qt::NoFocus);
    layOutSide(m_plot);

    connect(m_doc, &PcaDocument::emChanged, this, &EmPanel::refresh);
    connect(m_timer, &QTimer::timeout, this, &EmPanel::tick);
    // Clicking the curve or dragging the timeline revisits a recorded state.
    connect(m_plot, &LogLikelihoodPlot::stateClicked, m_doc, &PcaDocument::emGoTo);
    connect(m_transport, &TransportBar::timelineMoved, m_doc, &PcaDocument::emGoTo);
    connect(m_transport, &TransportBar::speedChanged, this, [this](double v) {
        if (playing())
            m_timer->setInterval(static_cast<int>(1000.0 / v));
    });
    m_transport->setSpeed(4.0);
    refresh();
}

QWidget* EmPanel::bar() const {
    return m_transport;
}

void EmPanel::createActions(QWidget* owner) {
    auto make = [this, owner](const QString& text, const QList<QKeySequence>& keys,
                              const QString& tip, const char* name,
                              auto slot) { return action(owner, text, keys, tip, name, slot); };
    Actions& a = m_actions;
    a.next = make(tr("&Next half-step"), {Qt::Key_Space},
                  tr("PPCA EM: the next half-step, E (posterior moments of z) or M (W and σ²)"),
                  "emNext", [this](bool) { m_doc->emStep(); });
    a.eStep =
        make(tr("&E-step"), {Qt::Key_E},
             tr("E-step: E[z_i|x_i] = M⁻¹Wᵀ(x_i − μ) and E[z_i z_iᵀ] under the current W, σ²"),
             "emE", [this](bool) { m_doc->emStep(); });
    a.mStep = make(tr("&M-step"), {Qt::Key_M}, tr("M-step: W and σ² from the posterior moments"),
                   "emM", [this](bool) { m_doc->emStep(); });
    a.back = make(tr("&Back"), {Qt::Key_Backspace, Qt::Key_Left}, tr("Back one half-step"),
                  "emBack", [this](bool) { m_doc->emBack(); });
    a.iterate = make(tr("Full &iteration"), {Qt::Key_Right},
                     tr("Complete the current EM iteration (E-step and M-step)"), "emIterate",
                     [this](bool) { m_doc->emIterate(); });
    a.play = make(tr("&Play"), {Qt::Key_P}, tr("Play / pause EM at the chosen speed"), "emPlay",
                  [this](bool on) { setPlaying(on); });
    a.play->setCheckable(true);
    a.run = make(tr("Run to &convergence"), {Qt::Key_C},
                 tr("Iterate until the log-likelihood stops changing (at most 500 iterations)"),
                 "emRun", [this](bool) { m_doc->emRun(); });
    a.reset = make(tr("&Reset"), {Qt::Key_R}, tr("Back to the random initial W and σ² (state 0)"),
                   "emReset", [this](bool) {
                       setPlaying(false);
                       m_doc->emGoTo(0);
                   });
    a.first = make(tr("&First state"), {Qt::Key_Home}, tr("Go to the first recorded state"),
                   "emFirst", [this](bool) { m_doc->emGoTo(0); });
    a.last = make(tr("&Last state"), {Qt::Key_End}, tr("Go to the last recorded state"), "emLast",
                  [this](bool) {
                      if (const PpcaEm* em = m_doc->em())
                          m_doc->emGoTo(em->stateCount() - 1);
                  });
    a.iterate->setIconText(tr("Iteration"));
    a.run->setIconText(tr("Converge"));
}

void EmPanel::refresh() {
    const PpcaEm* em = m_doc->em();
    for (QAction* a :
         {m_actions.next, m_actions.eStep, m_actions.mStep, m_actions.back, m_actions.iterate,
          m_actions.play, m_actions.run, m_actions.reset, m_actions.first, m_actions.last})
        a->setEnabled(em != nullptr);
    if (!em) {
        setPlaying(false);
        m_text->setText(tr("<b>No EM:</b> %1").arg(m_doc->emError().toHtmlEscaped()));
        m_plot->setHistory({}, {}, 0);
        m_plot->setReference(std::nullopt);
        m_transport->setTimeline(0, 1);
        return;
    }
    const int state = em->currentState();
    m_actions.eStep->setEnabled(em->nextStep() == StepKind::E);
    m_actions.mStep->setEnabled(em->nextStep() == StepKind::M);
    m_actions.back->setEnabled(state > 0);
    std::vector<double> ll;
    std::vector<std::optional<double>> bound;
    for (int s = 0; s < em->stateCount(); ++s) {
        ll.push_back(em->logLikelihood(s));
        bound.push_back(em->lowerBound(s));
    }
    const double closed = em->closedForm().logLikelihood(em->data());
    m_plot->setHistory(ll, bound, state);
    m_plot->setReference(
        closed, m_compact ? tr("closed form")
                          : tr("closed form (Tipping and Bishop): %L1").arg(closed, 0, 'f', 3));
    m_transport->setTimeline(state, em->stateCount());

    const Ppca& model = em->model();
    const QString what = em->kindOf(state) == StepKind::Initial ? tr("random initial W, σ²")
                         : em->kindOf(state) == StepKind::E     ? tr("after an E-step")
                                                                : tr("after an M-step");
    const double angle = em->anglesToPrincipalSubspace()(0);
    QString text = tr("<b>EM for PPCA</b>, iteration %1 (state %2, %3); next: <b>%4</b><br>")
                       .arg(em->iteration())
                       .arg(state)
                       .arg(what, em->nextStep() == StepKind::E ? tr("E-step") : tr("M-step"));
    text += tr("W = (%1, %2), σ² = %3; angle of W to u<sub>1</sub>: %4°<br>")
                .arg(model.w()(0, 0), 0, 'g', 4)
                .arg(model.w()(1, 0), 0, 'g', 4)
                .arg(model.sigma2(), 0, 'g', 4)
                .arg(angle, 0, 'f', 2);
    // Compact (lecture mode): the gap alone, on the W line; the plot shows both values.
    if (m_compact)
        text += tr("gap to the closed form: %1").arg(closed - em->logLikelihood(), 0, 'g', 3);
    else
        text += tr("log p(X|θ) = %L1, closed form %L2 (gap %3)")
                    .arg(em->logLikelihood(), 0, 'f', 3)
                    .arg(closed, 0, 'f', 3)
                    .arg(closed - em->logLikelihood(), 0, 'g', 3);
    if (em->converged() && state > 0)
        text += tr(" · <b style=\"color:#1a7f37\">converged</b>");
    if (!m_compact)
        text += tr("<br><i>E: posterior moments of every z<sub>i</sub>; M: W and σ² from them. The "
                   "likelihood never falls, and EM ends at the closed form's value (σ² with "
                   "divisor N).</i>");
    m_text->setText(text);
}

void EmPanel::setPlaying(bool on) {
    runTimer(m_timer, m_actions.play, on, static_cast<int>(1000.0 / m_transport->speed()));
    m_actions.play->setText(on ? tr("&Pause") : tr("&Play"));
}

bool EmPanel::playing() const {
    return m_timer->isActive();
}

void EmPanel::tick() {
    if (m_doc->emAtEnd() && m_doc->em() &&
        m_doc->em()->currentState() == m_doc->em()->stateCount() - 1) {
        setPlaying(false);
        return;
    }
    m_doc->emStep();
}

void EmPanel::setCompact(bool on) {
    m_compact = on;
    m_plot->setCompact(on);
    refresh();
}

void EmPanel::setScale(double scale) {
    PcaPanel::setScale(scale);
    m_plot->setScale(scale);
}

} // namespace latentlab
