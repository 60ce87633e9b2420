// PointCloud's geometry (bounds, grid index, hit tests, rasterising) for any finite input:
// points at +-1e308 made maxX - minX overflow to infinity and a NaN cell index cast to int
// wrote out of bounds. Run through the widget that shows them (MixturePlot).
#include "mixture/mixture_plot.h"
#include "plot/point_cloud.h"

#include <QSignalSpy>
#include <QtTest>

#include <limits>

using namespace latentlab;

namespace {

constexpr double kMax = std::numeric_limits<double>::max();

/// 50 points in [-3, 3]^2 (a fixed pattern), then the extremes given.
Eigen::Matrix2Xd withExtremes(const std::vector<Eigen::Vector2d>& extremes) {
    Eigen::Matrix2Xd p(2, 50 + static_cast<Eigen::Index>(extremes.size()));
    for (int i = 0; i < 50; ++i)
        p.col(i) = Eigen::Vector2d(-3.0 + 6.0 * ((i * 7) % 50) / 49.0, -3.0 + 6.0 * i / 49.0);
    for (std::size_t j = 0; j < extremes.size(); ++j)
        p.col(50 + static_cast<Eigen::Index>(j)) = extremes[j];
    return p;
}

QPointF toPixel(const MixturePlot& plot, double x, double y) {
    return {plot.xAxis->coordToPixel(x), plot.yAxis->coordToPixel(y)};
}

} // namespace

class PointCloudTest : public QObject {
    Q_OBJECT
private slots:
    void extremePointsAreIndexedDrawnAndHit_data() {
        QTest::addColumn<QList<QPointF>>("extremes");
        QTest::newRow("one at 1e308") << QList<QPointF>{{1e308, 1e308}};
        QTest::newRow("+-1e308") << QList<QPointF>{{1e308, -1e308}, {-1e308, 1e308}};
        QTest::newRow("+-max double") << QList<QPointF>{{kMax, 0}, {-kMax, 0}, {0, -kMax}};
        QTest::newRow("denormal and max") << QList<QPointF>{{4.9e-324, kMax}, {-kMax, -4.9e-324}};
    }
    void extremePointsAreIndexedDrawnAndHit() {
        QFETCH(QList<QPointF>, extremes);
        std::vector<Eigen::Vector2d> e;
        double lo = -3, hi = 3;
        for (const QPointF& p : extremes) {
            e.emplace_back(p.x(), p.y());
            lo = std::min(lo, p.x());
            hi = std::max(hi, p.x());
        }
        const Eigen::Matrix2Xd pts = withExtremes(e);
        MixturePlot plot;
        plot.resize(500, 500);
        plot.setLegendVisible(false);
        plot.setPoints(pts); // fits the view to the points: must not break on infinite spans
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();

        // The exact extremes, though their span is beyond the largest double.
        bool found = false;
        const QCPRange keys = plot.pointCloud()->getKeyRange(found);
        QVERIFY(found);
        QCOMPARE(keys.lower, lo);
        QCOMPARE(keys.upper, hi);

        // Every ordinary point is found by a click on it, with the extremes in the index.
        plot.setViewRect(QRectF(-5, -5, 10, 10));
        plot.replot();
        QSignalSpy clicked(&plot, &MixturePlot::pointClicked);
        for (int i = 0; i < 50; i += 7) {
            QTest::mouseClick(&plot, Qt::LeftButton, {},
                              toPixel(plot, pts(0, i), pts(1, i)).toPoint());
            QCOMPARE(clicked.count(), 1);
            QCOMPARE(clicked.takeFirst().at(0).toInt(), i);
        }
        // A query box far beyond the data, and the widest view the axes allow.
        QVERIFY(plot.pointCloud()->pointsWithin(QPointF(-1e9, 1e9), 1e12).size() >= 50);
        plot.setViewRect(QRectF(-1e249, -1e249, 2e249, 2e249));
        plot.replot();
        (void)plot.pointCloud()->nearestPoint(QPointF(250, 250), 1e6);
        (void)plot.grab();
    }
};

QTEST_MAIN(PointCloudTest)
#include "point_cloud_test.moc"
