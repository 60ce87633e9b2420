#include "mixture/inspector_panel.h"

#include "common/page.h"

#include "mixture/gaussian_mixture.h"
#include "mixture/mixture_document.h"

#include "plot/plot_style.h"

#include <QAbstractTextDocumentLayout>
#include <QLabel>
#include <QScrollBar>
#include <QTextBlock>
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

/// No line break inside a term: "|" and spaces may otherwise end a line ("N(o_i|").
QString keep(QString html) {
    html.replace(QStringLiteral("|"), QStringLiteral("|\u2060"));
    return QStringLiteral("<span style=\"white-space:nowrap\">%1</span>").arg(html);
}

/// The opening of the paragraph of a filled-in formula (formulaRect() finds it).
const QString kFormulaMark = QStringLiteral("\u2063");

QString matrix(const Eigen::Matrix2d& m, int precision = 4) {
    return QStringLiteral("[[%1, %2], [%3, %4]]")
        .arg(num(m(0, 0), precision), num(m(0, 1), precision), num(m(1, 0), precision),
             num(m(1, 1), precision));
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
    m_text->setFont(PlotStyle::of(this, scale).widgetFont(this, PlotStyle::kBaseTextPx));
    refresh();
}

QRect InspectorPanel::formulaRect() const {
    const QTextDocument* doc = m_text->document();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        if (b.text().startsWith(kFormulaMark)) {
            const QRectF r = doc->documentLayout()->blockBoundingRect(b);
            return r.toAlignedRect().translated(0, -m_text->verticalScrollBar()->value());
        }
    return {};
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
        html = heading(tr("Inspector")) +
               tr("<p>Click a <b>point</b> to see its responsibilities "
                  "Q(k|o<sub>i</sub>) and the E-step that computes them.</p><p>Click a "
                  "component's <b>mean</b> (the cross) to see the M-step update of "
                  "μ<sub>k</sub> and Σ<sub>k</sub>.</p>");
    }
    // Qt draws <sub> and <sup> at two thirds of the size around them: ask for 3/2 of the
    // window's text floor so that they come out at the floor.
    if (const int floor = PlotStyle::textFloor(this); floor > 0) {
        const QString big = QStringLiteral(" style=\"font-size:%1px\">").arg((floor * 3 + 1) / 2);
        html.replace(QStringLiteral("<sub>"), QStringLiteral("<sub") + big);
        html.replace(QStringLiteral("<sup>"), QStringLiteral("<sup") + big);
    }
    m_text->setHtml(html);
}

QString InspectorPanel::heading(const QString& text) const {
    // A heading takes two lines' height: in lecture mode (a text floor) a bold line instead.
    return PlotStyle::textFloor(this) > 0 ? QStringLiteral("<p><b>%1</b></p>").arg(text)
                                          : QStringLiteral("<h3>%1</h3>").arg(text);
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

    std::vector<double> q(static_cast<std::size_t>(k));
    for (int j = 0; j < k; ++j)
        q[j] = std::isfinite(logSum) ? std::exp(logJoint[j] - logSum) : 1.0 / k;

    // The filled-in E-step first (for the component with the largest responsibility), then
    // the formula in general: both on screen without scrolling in lecture mode.
    QString html =
        heading(tr("Point o<sub>%1</sub> = (%2, %3)").arg(i).arg(num(o(0), 4), num(o(1), 4)));
    const int best = static_cast<int>(std::max_element(q.begin(), q.end()) - q.begin());
    QString denominator;
    for (int j = 0; j < k; ++j) {
        if (j)
            denominator += QStringLiteral(" + ");
        denominator +=
            keep(QStringLiteral("%1·%2").arg(num(s.params.weights(j)), formatFromLog(logN[j])));
    }
    html +=
        QStringLiteral("<p>%7<b>E-step</b>: %1 = %2 / (%3) = <b>%4</b></p>")
            .arg(
                keep(
                    QStringLiteral("Q(%1|o<sub>%2</sub>)").arg(componentName(colors[best])).arg(i)),
                keep(QStringLiteral("%1·%2").arg(num(s.params.weights(best)),
                                                 formatFromLog(logN[best]))),
                denominator, QString::number(q[best], 'f', 3))
            .replace(QStringLiteral("%7"), kFormulaMark);
    html += tr("<p>%1 = %2 / %3</p>")
                .arg(keep(QStringLiteral("Q(k|o<sub>i</sub>)")),
                     keep(QStringLiteral(
                         "π<sub>k</sub>&nbsp;N(o<sub>i</sub>|μ<sub>k</sub>,Σ<sub>k</sub>)")),
                     keep(QStringLiteral("∑<sub>j</sub>&nbsp;π<sub>j</sub>&nbsp;N(o<sub>i</"
                                         "sub>|μ<sub>j</sub>,Σ<sub>j</sub>)")));

    html += tr("<p>Under the current parameters θ (state %1):</p>").arg(s.state);
    html +=
        QStringLiteral("<table width=\"100%\" cellspacing=\"2\"><tr><th align=\"left\">k</th>"
                       "<th>π<sub>k</sub></th><th>N(o<sub>i</sub>|μ<sub>k</sub>,Σ<sub>k</sub>)</th>"
                       "<th>Q(k|o<sub>i</sub>)</th></tr>");
    for (int j = 0; j < k; ++j) {
        html +=
            QStringLiteral(
                "<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                "<td align=\"right\">%4</td></tr><tr><td></td><td colspan=\"3\">%5</td></tr>")
                .arg(swatch(colors[j], componentName(colors[j])), num(s.params.weights(j)),
                     formatFromLog(logN[j]), QString::number(q[j], 'f', 3), bar(q[j], colors[j]));
    }
    html += QStringLiteral("</table>");
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
    const ModelSettings& settings = m_doc->settings();
    QString html = heading(tr("Component %1").arg(swatch(colors[k], componentName(colors[k]))));
    const QString sigmaTerm = keep(
        QStringLiteral("∑<sub>i</sub>&nbsp;Q(k|o<sub>i</sub>)&nbsp;(o<sub>i</sub>−μ<sub>k</sub>)"
                       "(o<sub>i</sub>−μ<sub>k</sub>)<sup>T</sup>"));
    QString sigmaRule;
    switch (settings.covariance) {
    case CovarianceType::Full:
        sigmaRule = tr("Σ<sub>k</sub> = %1 / N<sub>k</sub> + reg&nbsp;I").arg(sigmaTerm);
        break;
    case CovarianceType::Diag:
        sigmaRule = tr("Σ<sub>k</sub> = diag(%1 / N<sub>k</sub>) + reg&nbsp;I").arg(sigmaTerm);
        break;
    case CovarianceType::Spherical:
        sigmaRule =
            tr("Σ<sub>k</sub> = σ<sub>k</sub><sup>2</sup>&nbsp;I, σ<sub>k</sub><sup>2</sup> "
               "= trace(%1 / N<sub>k</sub>) / 2 + reg")
                .arg(sigmaTerm);
        break;
    case CovarianceType::Tied:
        sigmaRule = tr("Σ = ∑<sub>k</sub> %1 / N + reg&nbsp;I (one Σ shared by every "
                       "component)")
                        .arg(sigmaTerm);
        break;
    }
    html +=
        tr("<p><b>M-step</b>: N<sub>k</sub> = %1, μ<sub>k</sub> = %2 / N<sub>k</sub>, "
           "π<sub>k</sub> = N<sub>k</sub> / N, %3</p>")
            .arg(keep(QStringLiteral("∑<sub>i</sub>&nbsp;Q(k|o<sub>i</sub>)")),
                 keep(QStringLiteral("∑<sub>i</sub>&nbsp;Q(k|o<sub>i</sub>)&nbsp;o<sub>i</sub>")),
                 sigmaRule);
    if (!s.responsibilities) {
        html += tr("<p><i>No responsibilities yet: take the first E-step (Space) to see the "
                   "sums.</i></p>");
    } else {
        const Eigen::MatrixXd& q = *s.responsibilities;
        const Eigen::MatrixXd& o = *s.data;
        const double n = static_cast<double>(o.cols());
        // The sums of the M-step over these responsibilities (the engine's: N_k + 10 eps).
        const auto scatterOf = [&](int j, double& nj, Eigen::Vector2d& m) {
            nj = q.row(j).sum() + 10 * std::numeric_limits<double>::epsilon();
            m = o.topRows(2) * q.row(j).transpose() / nj;
            const Eigen::Matrix2Xd c = o.topRows(2).colwise() - m;
            return Eigen::Matrix2d(c * q.row(j).asDiagonal() * c.transpose());
        };
        double nk = 0;
        Eigen::Vector2d newMu;
        const Eigen::Matrix2d scatter = scatterOf(k, nk, newMu);
        const Eigen::Vector2d weighted = newMu * nk;
        const Eigen::Matrix2d regI = settings.reg * Eigen::Matrix2d::Identity();
        Eigen::Matrix2d newSigma;
        QString sigmaNumbers;
        switch (settings.covariance) {
        case CovarianceType::Full:
            newSigma = scatter / nk + regI;
            sigmaNumbers = QStringLiteral("%1 / %2 + %3 I")
                               .arg(matrix(scatter, 5), num(nk, 5), num(settings.reg, 3));
            break;
        case CovarianceType::Diag:
            newSigma = Eigen::Matrix2d((scatter / nk).diagonal().asDiagonal()) + regI;
            sigmaNumbers = QStringLiteral("diag(%1 / %2) + %3 I")
                               .arg(matrix(scatter, 5), num(nk, 5), num(settings.reg, 3));
            break;
        case CovarianceType::Spherical:
            newSigma = ((scatter / nk).trace() / 2.0 + settings.reg) * Eigen::Matrix2d::Identity();
            sigmaNumbers = QStringLiteral("(trace(%1) / %2 / 2 + %3) I")
                               .arg(matrix(scatter, 5), num(nk, 5), num(settings.reg, 3));
            break;
        case CovarianceType::Tied: {
            Eigen::Matrix2d all = Eigen::Matrix2d::Zero();
            for (int j = 0; j < q.rows(); ++j) {
                double nj = 0;
                Eigen::Vector2d mj;
                all += scatterOf(j, nj, mj);
            }
            newSigma = all / n + regI;
            sigmaNumbers = QStringLiteral("%1 / %2 + %3 I")
                               .arg(matrix(all, 5))
                               .arg(o.cols())
                               .arg(num(settings.reg, 3));
            break;
        }
        }
        html += QStringLiteral("<p>%1N<sub>k</sub> = <b>%2</b><br>μ<sub>k</sub> = (%3, %4) / %2 = "
                               "<b>(%5, %6)</b><br>π<sub>k</sub> = %2 / %7 = <b>%8</b><br>"
                               "Σ<sub>k</sub> = %9 = <b>%10</b></p>")
                    .arg(kFormulaMark, num(nk, 5), num(weighted(0), 5), num(weighted(1), 5),
                         num(newMu(0), 4), num(newMu(1), 4))
                    .arg(o.cols())
                    .arg(num(nk / n, 4), sigmaNumbers, matrix(newSigma));
        if (s.kind == StepKind::E)
            html += tr("<p><i>Sums over the responsibilities of the E-step just taken: the next "
                       "M-step (Space) moves μ<sub>k</sub> and Σ<sub>k</sub> there.</i></p>");
        else
            html += tr("<p><i>The M-step just taken used these sums: the parameters below are "
                       "its result.</i></p>");
    }
    html += tr("<p>Now: π<sub>k</sub> = %1, μ<sub>k</sub> = (%2, %3), Σ<sub>k</sub> = %4</p>")
                .arg(num(s.params.weights(k), 4), num(mu(0), 4), num(mu(1), 4),
                     matrix(Eigen::Matrix2d(sigma.topLeftCorner<2, 2>())));
    return html;
}

} // namespace latentlab
