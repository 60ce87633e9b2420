#include "pca/pca_inspector.h"
#include "common/page.h"

#include "pca/pca_document.h"

#include <QTextBrowser>
#include <QVBoxLayout>
#include <cmath>

namespace latentlab {

namespace {

QString num(double v, int precision = 4) {
    if (v != 0 && std::abs(v) < 1e-4)
        return QString::number(v, 'e', 1);
    return QString::number(v, 'g', precision);
}

QString vec(const Eigen::VectorXd& v, int precision = 4) {
    QStringList parts;
    for (Eigen::Index j = 0; j < v.size(); ++j)
        parts << num(v(j), precision);
    return QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
}

} // namespace

PcaInspector::PcaInspector(PcaDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_text(fillWithTextPanel(this)) {
    connect(m_doc, &PcaDocument::fitChanged, this, &PcaInspector::refresh);
    connect(m_doc, &PcaDocument::dataChanged, this, [this] {
        // Points keep their index while one is dragged; erasing or a new set forgets it.
        if (m_point >= m_doc->data().size())
            m_point = -1;
    });
    refresh();
}

void PcaInspector::showPoint(int index) {
    m_point = index;
    refresh();
}

void PcaInspector::setScale(double scale) {
    m_text->setFont(scaledFont(font(), scale));
    refresh();
}

void PcaInspector::refresh() {
    const auto fit = m_doc->fit();
    QString html;
    if (!fit)
        html = tr("<h3>No fit</h3><p>%1</p>").arg(m_doc->fitError().toHtmlEscaped());
    else if (m_point >= 0 && m_point < fit->n())
        html = pointHtml(*fit, m_point);
    else
        html = summaryHtml(*fit);
    m_text->setHtml(html);
}

QString PcaInspector::summaryHtml(const PcaFit& f) const {
    const Eigen::VectorXd& l = f.pca.eigenvalues();
    const Eigen::VectorXd ratio = f.pca.explainedVarianceRatio();
    QString html = tr("<h3>PCA of %L1 points</h3>").arg(f.n());
    html += tr("<p>μ = %1<br>S = U L U<sup>T</sup>: l<sub>1</sub> = %2, l<sub>2</sub> = %3<br>"
               "u<sub>1</sub> = %4 (%5 % of the variance)<br>u<sub>2</sub> = %6</p>")
                .arg(vec(f.pca.mean()), num(l(0)), num(l(1)), vec(f.pca.components().col(0)),
                     QString::number(100.0 * ratio(0), 'f', 1), vec(f.pca.components().col(1)));
    html += tr("<p>The manifold is the line μ + u<sub>1</sub> z. Every residual (orange) is "
               "orthogonal to it; their mean square is the reconstruction error (N−1)/N · "
               "l<sub>2</sub> = %1.</p>")
                .arg(num(f.pca.reconstructionError(f.q)));
    if (f.ppca.empty()) {
        html += tr("<p><b>No probabilistic PCA:</b> %1</p>").arg(f.ppcaProblem.toHtmlEscaped());
    } else {
        html += tr("<p><b>Probabilistic PCA</b> (closed form, Tipping and Bishop):<br>"
                   "σ² = l<sub>2</sub> = %1<br>W = u<sub>1</sub> (l<sub>1</sub> − σ²)<sup>½</sup> "
                   "= %2<br>C = W W<sup>T</sup> + σ² I (ellipses at 1, 2, 3 σ)<br>"
                   "mean log N(x<sub>i</sub> | μ, C) = %3</p>")
                    .arg(num(f.ppca.sigma2()), vec(f.ppca.w().col(0)), num(f.meanLogLikelihood, 6));
    }
    html += tr("<p><i>Click a point to see its projection and residual; drag it to move the "
               "manifold.</i></p>");
    return html;
}

QString PcaInspector::pointHtml(const PcaFit& f, int i) const {
    const Eigen::VectorXd x = f.data->points.col(i);
    const Eigen::VectorXd mu = f.pca.mean();
    const Eigen::VectorXd u = f.pca.components().col(0);
    const double z = f.scores(0, i);
    const Eigen::VectorXd proj = f.projections.col(i);
    const Eigen::VectorXd r = x - proj;
    QString html = tr("<h3>Point x<sub>%1</sub> = %2</h3>").arg(i + 1).arg(vec(x));
    html += tr("<p><b>Projection</b> onto the manifold:<br>z<sub>i</sub> = u<sub>1</sub><sup>T"
               "</sup>(x<sub>i</sub> − μ) = %1 · %2 = <b>%3</b><br>x̂<sub>i</sub> = μ + "
               "u<sub>1</sub> z<sub>i</sub> = %4 + %5 · %3 = <b>%6</b></p>")
                .arg(vec(u), vec(x - mu), num(z), vec(mu), vec(u), vec(proj));
    html += tr("<p><b>Residual</b> r<sub>i</sub> = x<sub>i</sub> − x̂<sub>i</sub> = %1<br>"
               "|r<sub>i</sub>| = <b>%2</b><br>r<sub>i</sub> · u<sub>1</sub> = <b>%3</b> "
               "(zero: the residual is orthogonal to the manifold)</p>")
                .arg(vec(r), num(r.norm()), num(r.dot(u), 2));
    if (f.ppca.empty()) {
        html += tr("<p>No PPCA posterior: %1</p>").arg(f.ppcaProblem.toHtmlEscaped());
        return html;
    }
    const Eigen::VectorXd w = f.ppca.w().col(0);
    const double s2 = f.ppca.sigma2();
    const double m = f.ppca.m()(0, 0);
    const double ez = f.posteriorMeans(0, i);
    const Eigen::VectorXd post = f.posteriorPoints.col(i);
    const double l1 = f.pca.eigenvalues()(0);
    html +=
        tr("<p><b>PPCA posterior</b> of the latent z:<br>M = W<sup>T</sup>W + σ² = %1 + %2 "
           "= %3<br>E[z|x<sub>i</sub>] = M<sup>−1</sup> W<sup>T</sup>(x<sub>i</sub> − μ) = "
           "%4 / %3 = <b>%5</b><br>Cov[z|x<sub>i</sub>] = σ² M<sup>−1</sup> = %6</p>")
            .arg(num(w.squaredNorm()), num(s2), num(m), num(w.dot(x - mu)), num(ez), num(s2 / m));
    html += tr("<p>W E[z|x<sub>i</sub>] + μ = <b>%1</b>: on the manifold but shrunk towards μ, "
               "by 1 − σ²/l<sub>1</sub> = %2 of the way to x̂<sub>i</sub>. It meets the "
               "projection only as σ² → 0.</p>")
                .arg(vec(post), num(1.0 - s2 / l1));
    html += tr("<p>log N(x<sub>i</sub> | μ, C) = %1</p>").arg(num(f.ppca.logLikelihoods(x)(0), 6));
    return html;
}

} // namespace latentlab
