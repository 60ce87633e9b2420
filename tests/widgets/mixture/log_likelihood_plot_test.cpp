// LogLikelihoodPlot: clicks pick the half-step under the cursor; the y range keeps the later
// states readable when the first ones are far below.
#include "mixture/log_likelihood_plot.h"

#include <QSignalSpy>
#include <QtTest>

using namespace latentlab;

namespace {
std::vector<std::optional<double>> boundsFor(const std::vector<double>& ll) {
    std::vector<std::optional<double>> b(ll.size());
    for (std::size_t s = 1; s < ll.size(); ++s)
        b[s] = ll[s] - (s % 2 == 0 ? 1.0 : 0.0);
    return b;
}
} // namespace

class LogLikelihoodPlotTest : public QObject {
    Q_OBJECT
private slots:
    void clickEmitsTheState() {
        LogLikelihoodPlot plot;
        plot.resize(600, 300);
        const std::vector<double> ll{-100, -100, -80, -80, -75, -75, -74};
        plot.setHistory(ll, boundsFor(ll), 2);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        QSignalSpy spy(&plot, &LogLikelihoodPlot::stateClicked);
        for (const int state : {0, 3, 6}) {
            const QPoint at(static_cast<int>(plot.xAxis->coordToPixel(state)),
                            static_cast<int>(plot.yAxis->coordToPixel(ll[static_cast<std::size_t>(state)])));
            QTest::mouseClick(&plot, Qt::LeftButton, {}, at);
            QCOMPARE(spy.count(), 1);
            QCOMPARE(spy.takeFirst().at(0).toInt(), state);
        }
        // Outside the plot area (on the axis labels): nothing.
        QTest::mouseClick(&plot, Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(spy.count(), 0);
    }

    void rangeShowsEverythingWhenThereIsNoOutlier() {
        LogLikelihoodPlot plot;
        plot.resize(600, 300);
        const std::vector<double> ll{-100, -100, -80, -80, -75, -75, -74};
        plot.setHistory(ll, boundsFor(ll), 6);
        const QCPRange y = plot.yAxis->range();
        for (double v : ll)
            QVERIFY(y.contains(v));
        QVERIFY(plot.xAxis->range().contains(0) && plot.xAxis->range().contains(6));
    }

    void rangeZoomsPastAFarOutlier() {
        LogLikelihoodPlot plot;
        plot.resize(600, 300);
        std::vector<double> ll{-100000, -100000, -80, -80, -75, -75, -74, -74, -73.9};
        plot.setHistory(ll, boundsFor(ll), 8);
        const QCPRange y = plot.yAxis->range();
        QVERIFY(!y.contains(-100000));
        for (std::size_t s = 2; s < ll.size(); ++s)
            QVERIFY(y.contains(ll[s]));
        // The later states fill most of the height, not a sliver.
        QVERIFY(y.size() < 3 * (ll.back() - ll[2]));
    }

    void afterTheFirstEStepOneLabelledLevel() {
        // Issue 12: right after the first E-step log p and the bound are equal (to rounding)
        // and the y range shrank to the rounding noise: both ticks read "-1650.663", the
        // values sat on the edges, markers were cut in half.
        LogLikelihoodPlot plot;
        plot.resize(600, 200);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const std::vector<double> ll{-1650.6628, -1650.6628};
        std::vector<std::optional<double>> bound{std::nullopt, -1650.6628 + 2.3e-13};
        plot.setHistory(ll, bound, 1);
        plot.replot();
        QCOMPARE(plot.yAxis->tickVectorLabels(), QVector<QString>{"-1650.663"});
        const double y = plot.yAxis->coordToPixel(ll[1]);
        const QRect r = plot.axisRect()->rect();
        QVERIFY2(std::abs(y - r.center().y()) <= 2, qPrintable(QString::number(y)));
        // Then an M-step: an ordinary range again, with several ticks.
        const std::vector<double> more{-1650.6628, -1650.6628, -1640.2};
        std::vector<std::optional<double>> moreBound{std::nullopt, -1650.6628, -1642.0};
        plot.setHistory(more, moreBound, 2);
        plot.replot();
        QVERIFY(plot.yAxis->tickVectorLabels().size() > 2);
    }

    void markersAtTheExtremesAreNotCut() {
        LogLikelihoodPlot plot;
        plot.resize(500, 240);
        plot.setScale(1.8);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const std::vector<double> ll{-100, -100, -80, -80, -75, -75, -74};
        plot.setHistory(ll, boundsFor(ll), 6);
        plot.replot();
        const QRect r = plot.axisRect()->rect();
        const double marker = 19.0 * 1.8 / 2; // the current-state ring's radius
        for (std::size_t s = 0; s < ll.size(); ++s) {
            const double x = plot.xAxis->coordToPixel(double(s));
            const double y = plot.yAxis->coordToPixel(ll[s]);
            QVERIFY2(y - marker >= r.top() - 1 && y + marker <= r.bottom() + 1 &&
                         x - marker >= r.left() - 1 && x + marker <= r.right() + 1,
                     qPrintable(QString("state %1 at (%2, %3) in %4,%5 %6x%7")
                                    .arg(s)
                                    .arg(x)
                                    .arg(y)
                                    .arg(r.left())
                                    .arg(r.top())
                                    .arg(r.width())
                                    .arg(r.height())));
        }
    }

    void emptyAndNonFiniteHistories() {
        LogLikelihoodPlot plot;
        plot.resize(300, 200);
        plot.setHistory({}, {}, -1);
        plot.replot();
        plot.setHistory({std::nan(""), -5, std::numeric_limits<double>::infinity()},
                        {std::nullopt, -5, std::nullopt}, 7);
        plot.setCurrentState(1);
        plot.replot();
        QVERIFY(plot.yAxis->range().contains(-5));
    }
};

QTEST_MAIN(LogLikelihoodPlotTest)
#include "log_likelihood_plot_test.moc"
