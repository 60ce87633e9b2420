// Every plot of the PCA and VAE pages keeps a sensible axis range (issue 12's rule, made for
// the mixture's plots in plot/axis_range.h): with equal or nearly equal values no axis shrinks
// to rounding noise. One check, looped over every visible plot of every PCA panel (scatter,
// scree and eigen-spectrum, EM's log-likelihood, the autoencoder's loss, the 3D view) with
// all points equal and with points 1e-13 apart, over the VAE page's plane and its Four steps
// curve holding one value, and over the VAE's training curves with equal ELBOs: each axis's
// range is finite and at least kMinRelativeSpan of its magnitude wide, and its tick labels
// differ from one another (never "0.5 0.5 0.5" or "-150 -150").
#include "test_main.h"

#include "pca/pca_document.h"
#include "pca/pca_page.h"
#include "plot/axis_range.h"
#include "plot/qcp.h"
#include "vae/four_step_view.h"
#include "vae/vae_page.h"
#include "vae/vae_trainer.h"
#include "vae/vae_training_curves.h"

#include <QSet>
#include <cmath>

using namespace latentlab;

namespace {

/// What is wrong with the axis, or an empty string.
QString axisProblem(QCPAxis* axis) {
    const QCPRange r = axis->range();
    const QString name = axis->axisRect()->parentPlot()->metaObject()->className() +
                         QStringLiteral(" axis %1").arg(int(axis->axisType()));
    if (!std::isfinite(r.lower) || !std::isfinite(r.upper) || !(r.size() > 0))
        return name + QStringLiteral(": range %1..%2").arg(r.lower).arg(r.upper);
    const double magnitude = std::max(std::abs(r.lower), std::abs(r.upper));
    if (axis->scaleType() == QCPAxis::stLinear && r.size() < 0.99 * kMinRelativeSpan * magnitude)
        return name + QStringLiteral(": span %1 at %2").arg(r.size()).arg(magnitude);
    const QVector<QString> labels = axis->tickVectorLabels();
    QSet<QString> seen;
    for (const QString& l : labels) {
        if (!l.isEmpty() && seen.contains(l))
            return name + QStringLiteral(": tick label %1 twice (%2)")
                              .arg(l, QStringList(labels.begin(), labels.end()).join(' '));
        seen.insert(l);
    }
    return {};
}

QStringList problemsOfVisiblePlots(QWidget* root) {
    QStringList problems;
    for (QCustomPlot* plot : root->findChildren<QCustomPlot*>()) {
        if (!plot->isVisible())
            continue;
        plot->replot();
        for (QCPAxis* axis : plot->axisRect()->axes())
            if (axis->visible() && axis->tickLabels())
                if (const QString p = axisProblem(axis); !p.isEmpty())
                    problems << p;
    }
    return problems;
}

} // namespace

class PlotRangesTest : public QObject {
    Q_OBJECT
private slots:
    void pcaPanelsWithEqualPoints_data() {
        QTest::addColumn<int>("panel");
        QTest::addColumn<double>("noise");
        for (int p = 0; p < PcaPage::panelNames().size(); ++p) {
            if (p == int(PcaPage::Panel::Images)) // eigen-images of MNIST: not this data
                continue;
            for (double noise : {0.0, 1e-13})
                QTest::addRow("%s-%s", qPrintable(PcaPage::panelNames()[p]),
                              noise > 0 ? "nearly-equal" : "equal")
                    << p << noise;
        }
    }

    void pcaPanelsWithEqualPoints() {
        QFETCH(int, panel);
        QFETCH(double, noise);
        MainWindow w(false);
        w.setAttribute(Qt::WA_DontShowOnScreen);
        QVERIFY(w.showPage("pca"));
        PcaPage* page = w.page<PcaPage>();
        PointSet set;
        set.points = Eigen::MatrixXd::Constant(2, 40, 1650.663);
        for (Eigen::Index i = 0; i < set.points.cols(); ++i)
            set.points(i % 2, i) += noise * double(i % 3); // exactly equal when noise is 0
        set.name = "equal";
        page->pca()->setData(set, "equal points");
        page->setPanel(static_cast<PcaPage::Panel>(panel));
        w.resize(1280, 720);
        w.show();
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        QTRY_VERIFY_WITH_TIMEOUT(!page->document()->busy(), 30000);
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        const QStringList problems = problemsOfVisiblePlots(&w);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QVERIFY(!w.findChildren<QCustomPlot*>().isEmpty());
    }

    void vaePageWithOneValue() {
        // The Explore plane and the Four steps after step 2: its curve holds one value.
        MainWindow w(false);
        w.setAttribute(Qt::WA_DontShowOnScreen);
        QVERIFY(w.showPage("vae"));
        VaePage* page = w.page<VaePage>();
        w.resize(1280, 720);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(!page->document()->busy(), 30000);
        QStringList problems = problemsOfVisiblePlots(&w);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        page->applyOptions({{"walkthrough", "2"}});
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        QCOMPARE(page->fourSteps()->curve()->graph(0)->dataCount(), 1);
        problems = problemsOfVisiblePlots(&w);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void vaeTrainingCurvesWithEqualElbos() {
        VaeTrainingCurves curves;
        curves.resize(600, 300);
        std::vector<VaeEpochProgress> epochs(3);
        for (int e = 0; e < 3; ++e) {
            epochs[std::size_t(e)].epoch = e + 1;
            epochs[std::size_t(e)].trainElbo = -150.0;
            epochs[std::size_t(e)].trainKl = 7.0;
        }
        const std::vector<QPointF> batches{{0.5, -150.0}, {1.5, -150.0}, {2.5, -150.0}};
        curves.setData(epochs, batches, 3, -150.0);
        curves.show();
        const QStringList problems = problemsOfVisiblePlots(&curves);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        // Values far from 1 in magnitude keep a span for their size, not one nat.
        for (auto& e : epochs)
            e.trainElbo = -1.5e7;
        curves.setData(epochs, {{0.5, -1.5e7}, {1.5, -1.5e7 + 1e-6}}, 3, std::nullopt);
        const QStringList large = problemsOfVisiblePlots(&curves);
        QVERIFY2(large.isEmpty(), qPrintable(large.join('\n')));
    }

    void theCheckCanFail() {
        // An axis shrunk to rounding noise, as on main before issue 12: caught.
        QCustomPlot plot;
        plot.resize(400, 300);
        plot.yAxis->setRange(-1650.663, -1650.663 + 1e-12);
        plot.replot();
        QVERIFY(!axisProblem(plot.yAxis).isEmpty());
        plot.yAxis->setRange(-1650.8, -1650.5);
        plot.replot();
        QCOMPARE(axisProblem(plot.yAxis), QString());
    }
};

LATENTLAB_APP_TEST_MAIN(PlotRangesTest)
#include "plot_ranges_test.moc"
