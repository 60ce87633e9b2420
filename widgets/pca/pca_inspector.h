#pragma once
// PcaInspector: the numbers behind the PCA picture, with the lecture's formulas filled in.
//   No point selected: mu, the eigenvalues l_j and the explained variance, the closed-form
//     PPCA parameters sigma^2 = l_2 and W = u_1 (l_1 - sigma^2)^(1/2), the log-likelihood.
//   A point x_i: its score z_i = u_1^T (x_i - mu), the projection x^_i = mu + u_1 z_i, the
//     residual r_i = x_i - x^_i with its length and r_i . u_1 (zero: the noise is orthogonal
//     to the manifold), and PPCA's posterior E[z|x_i] = M^-1 W^T (x_i - mu) with its
//     reconstruction W E[z|x_i] + mu, shrunk towards mu by the factor 1 - sigma^2 / l_1.

#include <QTextBrowser>
#include <QWidget>

namespace latentlab {

class PcaDocument;
struct PcaFit;

class PcaInspector : public QWidget {
    Q_OBJECT
public:
    explicit PcaInspector(PcaDocument* document, QWidget* parent = nullptr);

    void showPoint(int index);
    void clearSelection() { showPoint(-1); }
    int selectedPoint() const { return m_point; }
    void setScale(double scale);
    QString plainText() const { return m_text->toPlainText(); }

private:
    void refresh();
    QString summaryHtml(const PcaFit& fit) const;
    QString pointHtml(const PcaFit& fit, int i) const;

    PcaDocument* m_doc;
    QTextBrowser* m_text;
    int m_point = -1;
};

} // namespace latentlab
