#pragma once
// InspectorPanel: the numbers behind the picture.
//   A point o_i: for each component pi_k, N(o_i | mu_k, Sigma_k) and Q(k|o_i) as numbers and
//     bars, and the E-step formula of the lecture filled in with those numbers:
//       Q(k|o_i) = pi_k N(o_i|mu_k,Sigma_k) / sum_j pi_j N(o_i|mu_j,Sigma_j).
//   A component k: the M-step update with its current sums:
//       N_k = sum_i Q(k|o_i),  mu_k = sum_i Q(k|o_i) o_i / N_k,  pi_k = N_k / N,
//       Sigma_k = sum_i Q(k|o_i) (o_i - mu_k)(o_i - mu_k)^T / N_k + reg I
//     (diagonal, spherical and tied covariances as the engine defines them).
// The filled-in formula comes first, so it is on screen without scrolling in lecture mode,
// and no formula breaks inside a term ("N(o_i|" never ends a line). Subscripts stay at or
// above the window's text floor (PlotStyle::textFloor).

#include <QWidget>

class QTextBrowser;
class QLabel;

namespace latentlab {

class MixtureDocument;
struct EmSnapshot;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(MixtureDocument* document, QWidget* parent = nullptr);

    void showPoint(int index);
    void showComponent(int k);
    void clearSelection();
    int selectedPoint() const { return m_point; }
    int selectedComponent() const { return m_component; }
    void setScale(double scale);
    /// The text shown (plain), for tests and accessibility.
    QString plainText() const;
    /// Where the filled-in formula (E-step for a point, M-step for a component) is, in the
    /// panel's viewport coordinates; null when none is shown.
    QRect formulaRect() const;
    QTextBrowser* textBrowser() const { return m_text; }

signals:
    void selectionChanged(int point, int component);

private:
    void refresh();
    QString heading(const QString& text) const;
    QString pointHtml(const EmSnapshot& s, int i) const;
    QString componentHtml(const EmSnapshot& s, int k) const;

    MixtureDocument* m_doc;
    QTextBrowser* m_text;
    int m_point = -1;
    int m_component = -1;
    double m_scale = 1.0;
};

/// The lecture's name for the component drawn in `color`, as HTML: k<sub>r</sub>,
/// k<sub>b</sub>, k<sub>g</sub> for red, blue and green (colorInitial for the others). The
/// plot's legend uses the same notation.
QString componentName(const QColor& color);
/// Formats exp(logValue) without underflow: 3.2e-5, 1.4e-412.
QString formatFromLog(double logValue);

} // namespace latentlab
