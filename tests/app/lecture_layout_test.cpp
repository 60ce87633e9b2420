// Lecture mode on a projector, measured (issue 12). The window is rendered offscreen at the
// three sizes lecture halls project (1024 x 768, 1280 x 720, 1920 x 1080) with K = 3 and
// K = 8, right after the first E-step and after convergence, with a point selected in the
// inspector. Each render is saved as a PNG (into $LATENTLAB_LECTURE_SHOTS, else a folder in
// the temporary directory, printed) to be looked at, and measured:
//   - the data plot (its axis rect, where the data are drawn) covers at least 45 % of the
//     window;
//   - no text anywhere in the window or its menus is under 18 px (24 px at 1920 x 1080),
//     sub- and superscripts included (common/legibility.h);
//   - the legend lies inside the data plot, its entries within it and apart from one another;
//     the log-likelihood plot's legend is clear of its curves;
//   - the inspector's filled-in E-step formula is on screen without scrolling;
//   - the transport bar and the status line are not squeezed below their size (nothing cut).
#include "test_main.h"

#include "common/legibility.h"
#include "common/transport_bar.h"
#include "mixture/inspector_panel.h"
#include "mixture/log_likelihood_plot.h"
#include "mixture/mixture_document.h"
#include "mixture/mixture_plot.h"
#include "mixture/mixture_view.h"
#include "plot/qcp.h"

#include <QDir>
#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>

using namespace latentlab;

namespace {
QRect rectOf(QCPLayoutElement* e) {
    return e->outerRect();
}
} // namespace

class LectureLayoutTest : public QObject {
    Q_OBJECT
    QString m_dir;

private slots:
    void initTestCase() {
        m_dir = qEnvironmentVariable("LATENTLAB_LECTURE_SHOTS");
        if (m_dir.isEmpty())
            m_dir = QDir::temp().filePath("latentlab-lecture-shots");
        QVERIFY(QDir().mkpath(m_dir));
        qInfo("lecture renders in %s", qPrintable(m_dir));
    }

    void projector_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("converged");
        for (const QSize size : {QSize(1024, 768), QSize(1280, 720), QSize(1920, 1080)})
            for (int k : {3, 8})
                for (bool converged : {false, true})
                    QTest::addRow("%dx%d-k%d-%s", size.width(), size.height(), k,
                                  converged ? "converged" : "first-e-step")
                        << size << k << converged;
    }

    void projector() {
        QFETCH(QSize, size);
        QFETCH(int, k);
        QFETCH(bool, converged);
        MainWindow w(false);
        QStringList errors;
        w.setErrorReporter([&](const QString&, const QString& m) { errors << m; });
        w.setAttribute(Qt::WA_DontShowOnScreen);
        w.setLectureMode(true);
        w.resize(size);
        w.show();
        w.resize(size);
        MixturePage* page = mixturePage(w);
        MixtureDocument* doc = page->mixture();
        doc->setK(k);
        doc->waitForIdle();
        if (converged) {
            doc->runToConvergence();
            QTRY_VERIFY_WITH_TIMEOUT(!doc->busy(), 30000);
            QVERIFY(doc->snapshot()->converged);
        } else {
            doc->stepForward();
            doc->waitForIdle();
            QCOMPARE(doc->snapshot()->state, 1);
        }
        MixtureView* view = page->view();
        view->plot()->pointClicked(0); // the inspector shows a point's E-step
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        view->plot()->replot();
        view->likelihoodPlot()->replot();
        QVERIFY(errors.isEmpty());

        const QString name = QStringLiteral("lecture-%1x%2-k%3-%4.png")
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(k)
                                 .arg(converged ? "converged" : "first-e-step");
        QVERIFY(w.grab().save(QDir(m_dir).filePath(name)));

        // The data plot's share of the window.
        QCOMPARE(w.size(), size);
        const QRect data = view->plot()->axisRect()->rect();
        const double share =
            double(data.width()) * data.height() / (double(size.width()) * size.height());
        // The smallest text.
        const TextSample smallest = smallestText(&w);
        const int floor = size.height() >= 1080 ? 24 : 18;
        qInfo("%s: data plot %.1f %% of the window (%dx%d), smallest text %.0f px (%s: \"%s\")",
              qPrintable(name), 100.0 * share, data.width(), data.height(), smallest.px,
              qPrintable(smallest.where), qPrintable(smallest.text));
        QVERIFY2(share >= 0.45, qPrintable(QString::number(share)));
        QVERIFY2(smallest.px >= floor, qPrintable(smallest.where + ": " + smallest.text));

        // The legend: inside the data plot, every entry within it, none on another.
        MixturePlot* plot = view->plot();
        QVERIFY(plot->legendInside());
        QVERIFY(plot->legend->visible());
        const QRect legend = rectOf(plot->legend);
        QVERIFY2(data.contains(legend), "legend outside the data plot");
        QList<QCPAbstractLegendItem*> entries; // the legend's cells, without empty ones
        for (int i = 0; i < plot->legend->itemCount(); ++i)
            if (QCPAbstractLegendItem* item = plot->legend->item(i))
                entries << item;
        QCOMPARE(entries.size(), k + 3);
        for (int i = 0; i < entries.size(); ++i) {
            const QRect a = entries[i]->rect();
            QVERIFY2(legend.contains(a), qPrintable(QString("legend entry %1 cut").arg(i)));
            QVERIFY(a.height() >= QFontMetrics(entries[i]->font()).height());
            for (int j = i + 1; j < entries.size(); ++j)
                QVERIFY2(!a.intersects(entries[j]->rect()),
                         qPrintable(QString("legend entries %1 and %2 overlap").arg(i).arg(j)));
        }
        // The log-likelihood plot's legend in a row of its own, clear of the curves.
        LogLikelihoodPlot* ll = view->likelihoodPlot();
        QVERIFY(ll->rect().contains(rectOf(ll->legend)));
        QVERIFY(!ll->axisRect()->rect().intersects(rectOf(ll->legend)));

        // The filled-in E-step formula on screen, without scrolling.
        InspectorPanel* inspector = view->inspector();
        const QRect formula = inspector->formulaRect();
        QVERIFY(!formula.isNull());
        QCOMPARE(inspector->textBrowser()->verticalScrollBar()->value(), 0);
        QVERIFY2(formula.top() >= 0 &&
                     formula.bottom() <= inspector->textBrowser()->viewport()->height(),
                 qPrintable(QString("formula at %1..%2, viewport %3")
                                .arg(formula.top())
                                .arg(formula.bottom())
                                .arg(inspector->textBrowser()->viewport()->height())));

        // Nothing squeezed below its size: the transport bar's buttons and the status line.
        TransportBar* transport = view->transport();
        QVERIFY2(transport->width() >= transport->minimumSizeHint().width(),
                 qPrintable(QString("transport %1 < %2")
                                .arg(transport->width())
                                .arg(transport->minimumSizeHint().width())));
        auto* status = view->findChild<QLabel*>("emStatusLine");
        QVERIFY(status->height() >= status->heightForWidth(status->width()));
    }

    // Every lesson, not only the mixture: its largest plot (the data plot, the PCA manifold,
    // the VAE's latent plane) covers at least 45 % of the window, no text under the floor,
    // and the window keeps the projector's size (no page forces it wider).
    void everyPage_data() {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QSize>("size");
        for (const char* page : {"mixture", "pca", "vae"})
            for (const QSize size : {QSize(1024, 768), QSize(1280, 720), QSize(1920, 1080)})
                QTest::addRow("%s-%dx%d", page, size.width(), size.height())
                    << QString::fromLatin1(page) << size;
    }

    void everyPage() {
        QFETCH(QString, page);
        QFETCH(QSize, size);
        MainWindow w(false);
        QStringList errors;
        w.setErrorReporter([&](const QString&, const QString& m) { errors << m; });
        w.setAttribute(Qt::WA_DontShowOnScreen);
        QVERIFY(w.showPage(page));
        w.setLectureMode(true);
        w.resizeTo(size);
        w.show();
        w.resizeTo(size);
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        QCustomPlot* largest = nullptr;
        qint64 area = 0;
        for (QCustomPlot* plot : w.findChildren<QCustomPlot*>()) {
            if (!plot->isVisible())
                continue;
            plot->replot();
            const QRect r = plot->axisRect()->rect();
            if (qint64(r.width()) * r.height() > area) {
                area = qint64(r.width()) * r.height();
                largest = plot;
            }
        }
        QVERIFY(largest);
        QVERIFY(errors.isEmpty());
        const QString name =
            QStringLiteral("lecture-%1-%2x%3.png").arg(page).arg(size.width()).arg(size.height());
        QVERIFY(w.grab().save(QDir(m_dir).filePath(name)));
        const double share = double(area) / (double(size.width()) * size.height());
        const TextSample smallest = smallestText(&w);
        const int floor = size.height() >= 1080 ? 24 : 18;
        qInfo("%s: window %dx%d, largest plot %s %.1f %%, smallest text %.0f px (%s: \"%s\")",
              qPrintable(name), w.width(), w.height(), largest->metaObject()->className(),
              100.0 * share, smallest.px, qPrintable(smallest.where), qPrintable(smallest.text));
        QCOMPARE(w.size(), size);
        QVERIFY2(share >= 0.45, qPrintable(QString::number(share)));
        QVERIFY2(smallest.px >= floor, qPrintable(smallest.where + ": " + smallest.text));
    }
};

LATENTLAB_APP_TEST_MAIN(LectureLayoutTest)
#include "lecture_layout_test.moc"
