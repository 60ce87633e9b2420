#include "mixture/inspector_panel.h"

#include "common/page.h"

#include "mixture/gaussian_mixture.h"
#include "mixture/mixture_document.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

QString componentName(const QColor& color) {
    return QStringLiteral("k<sub>%1</sub>").arg(colorInitial(color));
}

QString formatFromLog(double logValue) {
    if (!std::isfinite(logValue))
        return logValue > 0 ? QStringLiteral("∞") : QStringLiteral("0");
    if (logValue > -700.0 && logValue < 700.0) {
        const double v = std::exp(logValue);
        return QString::number(v, v >= 1e-3 && v < 1e4 ? 'f' : 'e', v >= 1e-3 && v < 1e4 ? 4 : 2);
    }
    const double log10v = logValue / std::log(10.0);
    const double exponent = std::floor(log10v);
    const double mantissa = std::pow(10.0, log10v - exponent);
    return QStringLiteral("%1e%2").arg(mantissa, 0, 'f', 2).arg(exponent, 0, 'f', 0);
}

namespace {

QString num(double v, int precision = 3) {
    return QString::number(v, 'g', precision);
}

QString bar(double fraction, const QColor& color) {
    const int w = std::clamp(static_cast<int>(std::lround(fraction * 100.0)), 0, 100);
    QString cells;
    if (w > 0)
        cells +=
            QStringLiteral("<td width=\"%1%\" bgcolor=\"%2\">&nbsp;</td>").arg(w).arg(color.name());
    if (w < 100)
        cells += QStringLiteral("<td width=\"%1%\" bgcolor=\"#e6e6e6\">&nbsp;</td>").arg(100 - w);
    return QStringLiteral(
               "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>%1</tr></table>")
        .arg(cells);
}

QString swatch(const QColor& c, const QString& name) {
    return QStringLiteral("<span style=\"color:%1; font-weight:bold\">&#9632; %2</span>")
        .arg(c.name(), name);
}

} // namespace

InspectorPanel::InspectorPanel(MixtureDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_text(fillWithTextPanel(this)) {
    setMinimumWidth(260);
    connect(m_doc, &MixtureDocument::fitChanged, this, &InspectorPanel::refresh);
    connect(m_doc, &MixtureDocument::paletteChanged, this, &InspectorPanel::refresh);
    connect(m_doc, &MixtureDocument::dataChanged, this, &InspectorPanel::clearSelection);
    refresh();
}

void InspectorPanel::showPoint(int index) {
    m_point = index;
    m_component = -1;
    refresh();
    emit selectionChanged(m_point, m_component);
}

void InspectorPanel::showComponent(int k) {
    m_point = -1;
    m_component = k;
    refresh();
    emit selectionChanged(m_point, m_component);
}

void InspectorPanel::clearSelection() {
    if (m_point < 0 && m_component < 0)
        return;
    m_point = m_component = -1;
    refresh();
    emit selectionChanged(m_point, m_component);
}

void InspectorPanel::setScale(double scale) {
    m_scale = scale;
    QFont f = font();
    f.setPointSizeF(std::max(6.0, 10.0 * scale));
    m_text->setFont(f);
    refresh();
}

QString InspectorPanel::plainText() const {
    return m_text->toPlainText();
}

void InspectorPanel::refresh() {
    const auto s = m_doc->snapshot();
    QString html;
    if (!s) {
        html = QStringLiteral("<p>%1</p>")
                   .arg(m_doc->busy() ? tr("Working…") : m_doc->fitError().toHtmlEscaped());
    } else if (m_point >= 0 && m_point < s->data->cols()) {
        html = pointHtml(*s, m_point);
    } else if (m_component >= 0 && m_component < s->params.k()) {
        html = componentHtml(*s, m_component);
    } else {
        html = tr("<h3>Inspector</h3><p>Click a <b>point</b> to see its responsibilities "
                  "Q(k|o<sub>i</sub>) and the E-step that computes them.</p><p>Click a "
                  "component's <b>mean</b> (the cross) to see the M-step update of "
                  "μ<sub>k</sub>.</p>");
    }
    m_text->setHtml(html);
}

QString InspectorPanel::pointHtml(const EmSnapshot& s, int i) const {
    const QList<QColor> colors = componentColors(s.params.k(), m_doc->palette());
    const Eigen::VectorXd o = s.data->col(i);
    const int k = s.params.k();
    // Everything in the log domain: far-away points have densities below 1e-308.
    std::vector<double> logN(static_cast<std::size_t>(k)), logJoint(static_cast<std::size_t>(k));
    double maxJoint = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < k; ++j) {
        const auto l = logGaussianDensity(o, s.params.means.col(j),
                                          s.params.covariances[static_cast<std::size_t>(j)]);
        logN[j] = l.value_or(-std::numeric_limits<double>::infinity());
        logJoint[j] = std::log(s.params.weights(j)) + logN[j];
        maxJoint = std::max(maxJoint, logJoint[j]);
    }
    double sum = 0;
    for (int j = 0; j < k; ++j)
        sum += std::exp(logJoint[j] - maxJoint);
    const double logSum = maxJoint + std::log(sum);

    QString html =
        tr("<h3>Point o<sub>%1</sub> = (%2, %3)</h3>").arg(i).arg(num(o(0), 4), num(o(1), 4));
    html += tr("<p>Under the current parameters θ (state %1):</p>").arg(s.state);
    html +=
        QStringLiteral("<table width=\"100%\" cellspacing=\"2\"><tr><th align=\"left\">k</th>"
                       "<th>π<sub>k</sub></th><th>N(o<sub>i</sub>|μ<sub>k</sub>,Σ<sub>k</sub>)</th>"
                       "<th>Q(k|o<sub>i</sub>)</th></tr>");
    std::vector<double> q(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j) {
        q[j] = std::isfinite(logSum) ? std::exp(logJoint[j] - logSum) : 1.0 / k;
        html +=
            QStringLiteral(
                "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                "<td align=\"right\">%4</td></tr><tr><td></td><td colspan=\"3\">%5</td></tr>")
                .arg(swatch(colors[j], componentName(colors[j])), num(s.params.weights(j)),
                     formatFromLog(logN[j]), QString::number(q[j], 'f', 3), bar(q[j], colors[j]));
    }
    html += QStringLiteral("</table>");

    // The E-step formula, filled in for the component with the largest responsibility.
    const int best = static_cast<int>(std::max_element(q.begin(), q.end()) - q.begin());
    html += tr("<p><b>E-step</b>: Q(k|o<sub>i</sub>) = π<sub>k</sub> "
               "N(o<sub>i</sub>|μ<sub>k</sub>,Σ<sub>k</sub>)"
               " / ∑<sub>j</sub> π<sub>j</sub> N(o<sub>i</sub>|μ<sub>j</sub>,Σ<sub>j</sub>)</p>");
    QString denominator;
    for (int j = 0; j < k; ++j) {
        if (j)
            denominator += QStringLiteral(" + ");
        denominator +=
            QStringLiteral("%1·%2").arg(num(s.params.weights(j)), formatFromLog(logN[j]));
    }
    html += QStringLiteral("<p>Q(%1|o<sub>%2</sub>) = %3·%4 / (%5) = <b>%6</b></p>")
                .arg(componentName(colors[best]))
                .arg(i)
                .arg(num(s.params.weights(best)), formatFromLog(logN[best]), denominator,
                     QString::number(q[best], 'f', 3));
    if (s.kind == StepKind::E)
        html += tr("<p><i>These are the responsibilities of the E-step just taken: the point's "
                   "colour is their blend.</i></p>");
    else
        html += tr("<p><i>The next E-step (Space) will give these responsibilities.</i></p>");
    return html;
}

QString InspectorPanel::componentHtml(const EmSnapshot& s, int k) const {
    const QList<QColor> colors = componentColors(s.params.k(), m_doc->palette());
    const Eigen::Vector2d mu = s.params.means.col(k);
    const Eigen::MatrixXd& sigma = s.params.covariances[static_cast<std::size_t>(k)];
    QString html = tr("<h3>Component %1</h3>").arg(swatch(colors[k], componentName(colors[k])));
    html += tr("<p>π<sub>k</sub> = %1<br>μ<sub>k</sub> = (%2, %3)<br>"
               "Σ<sub>k</sub> = [[%4, %5], [%6, %7]]</p>")
                .arg(num(s.params.weights(k), 4), num(mu(0), 4), num(mu(1), 4), num(sigma(0, 0), 4),
                     num(sigma(0, 1), 4), num(sigma(1, 0), 4), num(sigma(1, 1), 4));
    html += tr("<p><b>M-step</b>: N<sub>k</sub> = ∑<sub>i</sub> Q(k|o<sub>i</sub>), "
               "μ<sub>k</sub> = ∑<sub>i</sub> Q(k|o<sub>i</sub>) o<sub>i</sub> / N<sub>k</sub>, "
               "π<sub>k</sub> = N<sub>k</sub> / N</p>");
    if (!s.responsibilities) {
        html += tr("<p><i>No responsibilities yet: take the first E-step (Space) to see the "
                   "sums.</i></p>");
        return html;
    }
    const Eigen::MatrixXd& q = *s.responsibilities;
    const Eigen::MatrixXd& o = *s.data;
    const double nk = q.row(k).sum();
    const Eigen::Vector2d weighted = o * q.row(k).transpose();
    const double n = static_cast<double>(o.cols());
    html +=
        tr("<p>N<sub>k</sub> = %1<br>∑<sub>i</sub> Q(k|o<sub>i</sub>) o<sub>i</sub> = (%2, %3)<br>"
           "μ<sub>k</sub> = (%2, %3) / %1 = <b>(%4, %5)</b><br>π<sub>k</sub> = %1 / %6 = "
           "<b>%7</b></p>")
            .arg(num(nk, 5), num(weighted(0), 5), num(weighted(1), 5),
                 num(nk > 0 ? weighted(0) / nk : 0.0, 4), num(nk > 0 ? weighted(1) / nk : 0.0, 4))
            .arg(o.cols())
            .arg(num(nk / n, 4));
    if (s.kind == StepKind::E)
        html += tr("<p><i>Sums over the responsibilities of the E-step just taken: the next "
                   "M-step (Space) moves μ<sub>k</sub> there.</i></p>");
    else
        html += tr("<p><i>The M-step just taken used these sums: μ<sub>k</sub> above is the "
                   "result.</i></p>");
    return html;
}

} // namespace latentlab
