// Axis ranges with a sensible minimum span (issue 12): equal or nearly equal values are one
// centred, labelled level; other ranges are padded and never narrower than 1e-4 of the
// values' magnitude.
#include "plot/axis_range.h"

#include <QtTest>

using namespace latentlab;

class AxisRangeTest : public QObject {
    Q_OBJECT
private slots:
    void equalValuesAreOneCentredLevel() {
        const DisplayRange r = displayRange(-1650.663, -1650.663);
        QVERIFY(r.level);
        QCOMPARE(r.value, -1650.663);
        QVERIFY(std::abs(r.range.center() - (-1650.663)) < 1e-9);
        QVERIFY(r.range.size() >= 1e-4 * 1650.663 * 0.999);
    }

    void roundingNoiseIsOneLevel() {
        const DisplayRange r = displayRange(-1650.663, -1650.663 + 4e-13);
        QVERIFY(r.level);
        QVERIFY(r.range.contains(-1650.663));
    }

    void zeroGetsAUnitRange() {
        const DisplayRange r = displayRange(0.0, 0.0);
        QVERIFY(r.level);
        QCOMPARE(r.range.lower, -0.5);
        QCOMPARE(r.range.upper, 0.5);
    }

    void smallSpansAreWidenedAroundTheirCentre() {
        const DisplayRange r = displayRange(1000.0, 1000.00001);
        QVERIFY(!r.level);
        QVERIFY(r.range.size() >= 0.1 * 0.999);
        QVERIFY(r.range.contains(1000.0) && r.range.contains(1000.00001));
    }

    void ordinarySpansArePadded() {
        const DisplayRange r = displayRange(-100, -74, 0.08, 0.12);
        QVERIFY(!r.level);
        QCOMPARE(r.range.lower, -100 - 0.08 * 26);
        QCOMPARE(r.range.upper, -74 + 0.12 * 26);
    }

    void nonFiniteGivesUnitRange() {
        const DisplayRange r = displayRange(std::nan(""), 1.0);
        QCOMPARE(r.range.lower, 0.0);
        QCOMPARE(r.range.upper, 1.0);
    }

    void aLevelHasOneLabelledTick() {
        QCustomPlot plot;
        plot.resize(400, 300);
        const QSharedPointer<QCPAxisTicker> normal = plot.yAxis->ticker();
        applyDisplayRange(plot.yAxis, displayRange(-1650.663, -1650.663), normal);
        plot.replot();
        QCOMPARE(plot.yAxis->tickVectorLabels(), QVector<QString>{"-1650.663"});
        QCOMPARE(plot.yAxis->tickVector().size(), 1);
        applyDisplayRange(plot.yAxis, displayRange(-1660, -1650), normal);
        QCOMPARE(plot.yAxis->ticker(), normal);
        plot.replot();
        QVERIFY(plot.yAxis->tickVector().size() > 2);
    }
};

QTEST_MAIN(AxisRangeTest)
#include "axis_range_test.moc"
