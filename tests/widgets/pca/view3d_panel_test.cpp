// The PCA lesson's 3D panel: "look along PC3" turns the view (animated) until the plane's
// normal projects to a point and every residual to a dot, also on the rendered pixels;
// "rotate into the PC basis" leaves u_1 horizontal and u_2 vertical; a mouse drag turns the
// projection; q switches between the plane and the line; bad data is a sentence, not a crash.
#include "common/error.h"
#include "linear/view3d.h"
#include "pca/view3d_panel.h"
#include "pca/view3d_plot.h"
#include "plot/point_cloud.h"

#include <QAction>
#include <QImage>
#include <QtTest>
#include <cmath>

using namespace latentlab;

namespace {

double pixelLength(QPointF d) {
    return std::hypot(d.x(), d.y());
}

/// Pixels of the residuals' orange (drawn opaque-ish over a white or pale blue background).
int orangePixels(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            if (qRed(p) > 180 && qGreen(p) > 70 && qGreen(p) < 140 && qBlue(p) < 90)
                ++n;
        }
    return n;
}

} // namespace

class View3dPanelTest : public QObject {
    Q_OBJECT
    std::unique_ptr<QWidget> m_owner;
    View3dPanel* m_panel = nullptr;

    View3dPlot* plot() const { return m_panel->plot(); }
    QImage render() const {
        plot()->replot(QCustomPlot::rpImmediateRefresh);
        return plot()->toPixmap(plot()->width(), plot()->height()).toImage();
    }
    /// Pixel length on screen of the world direction v (unit) drawn from mu, 3 units long.
    QPointF shown(const Eigen::Vector3d& v) const {
        const Eigen::Vector3d mu = plot()->manifold()->pca.mean();
        return plot()->toPixel(mu + 3.0 * v.normalized()) - plot()->toPixel(mu);
    }

private slots:
    void init() {
        m_owner = std::make_unique<QWidget>();
        m_owner->resize(1000, 700);
        m_panel = new View3dPanel(m_owner.get(), m_owner.get());
        m_panel->resize(1000, 700);
        m_owner->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_owner.get()));
        QVERIFY(plot()->manifold());
    }
    void cleanup() { m_owner.reset(); }

    void lookAlongPc3ShrinksTheNormalAndTheResidualsToPoints() {
        const Eigen::Vector3d n = plot()->manifold()->normal();
        // The opening view shows the plane obliquely: the normal and the residuals have length.
        QVERIFY(pixelLength(shown(n)) > 20);
        QVERIFY(plot()->longestResidualPixels() > 10);
        const int orangeBefore = orangePixels(render());
        QVERIFY(orangeBefore > 500);
        const Rotation3 start = m_panel->rotation();
        const Rotation3 target = lookingAlong(start, n);

        m_panel->actions().lookAlongPc3->trigger();
        QVERIFY(m_panel->turning()); // animated, not a jump
        QTest::qWait(View3dPanel::kTurnMs / 3);
        if (m_panel->turning()) { // part of the way along the geodesic
            const double done = rotationAngle(start, m_panel->rotation());
            QVERIFY(done > 0 && done < rotationAngle(start, target));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->turning(), 5000);
        QVERIFY((m_panel->rotation() - target).cwiseAbs().maxCoeff() < 1e-12);

        QVERIFY2(pixelLength(shown(n)) < 1.0, qPrintable(QString::number(pixelLength(shown(n)))));
        QVERIFY(plot()->longestResidualPixels() < 1.0);
        // On the picture: the orange segments are dots now.
        const int orangeAfter = orangePixels(render());
        QVERIFY2(orangeAfter < orangeBefore / 4,
                 qPrintable(QString("%1 -> %2").arg(orangeBefore).arg(orangeAfter)));
        QVERIFY(m_panel->text().contains("0.0° from u3"));
    }

    void rotateIntoThePcBasisLeavesPc1Horizontal() {
        const Eigen::MatrixXd u = plot()->manifold()->pca.components();
        QVERIFY(std::abs(shown(u.col(0)).y()) > 5); // not horizontal yet
        QTest::keyClick(m_owner.get(), Qt::Key_B);  // the action's shortcut
        QVERIFY(m_panel->turning());
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->turning(), 5000);
        const QPointF pc1 = shown(u.col(0)), pc2 = shown(u.col(1));
        QVERIFY2(std::abs(pc1.y()) < 0.5, qPrintable(QString::number(pc1.y())));
        QVERIFY(pc1.x() > 50); // to the right, full length
        QVERIFY(std::abs(pc2.x()) < 0.5);
        QVERIFY(pc2.y() < -50);                      // up (pixel y grows downwards)
        QVERIFY(pixelLength(shown(u.col(2))) < 1.0); // and PC3 at the viewer
    }

    void dragTurnsTheProjection() {
        const Eigen::Matrix2Xd before = plot()->pointCloud()->data();
        const Rotation3 r0 = m_panel->rotation();
        QSignalSpy turned(plot(), &View3dPlot::rotated);
        const QPoint from(300, 300);
        QTest::mousePress(plot(), Qt::LeftButton, {}, from);
        QTest::mouseMove(plot(), from + QPoint(40, 0));
        QTest::mouseMove(plot(), from + QPoint(80, -30));
        QTest::mouseRelease(plot(), Qt::LeftButton, {}, from + QPoint(80, -30));
        QVERIFY(turned.count() >= 2);
        const Eigen::Matrix2Xd after = plot()->pointCloud()->data();
        QCOMPARE(after.cols(), before.cols());
        QVERIFY((after - before).cwiseAbs().maxCoeff() > 0.1);
        const Rotation3 r = m_panel->rotation();
        QVERIFY((r.transpose() * r - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-12);
        // About 80 and 30 pixels' worth of turn (at most their sum, at least the larger).
        const double angle = rotationAngle(r0, r);
        QVERIFY(angle > 0.9 * 80 * View3dPlot::kRadiansPerPixel);
        QVERIFY(angle < 1.01 * 110 * View3dPlot::kRadiansPerPixel);
        // A move without a button pressed does nothing.
        QTest::mouseMove(plot(), from + QPoint(150, 60));
        QCOMPARE(m_panel->rotation(), r);
    }

    void qSwitchesBetweenPlaneAndLine() {
        QCOMPARE(m_panel->q(), 2);
        m_panel->actions().toggleQ->trigger();
        QCOMPARE(m_panel->q(), 1);
        QCOMPARE(plot()->manifold()->q, 1);
        QVERIFY(m_panel->text().contains("near a line"));
        // A line's residuals are not along one direction: looking along PC3 they stay long.
        m_panel->lookAlongPc3(0);
        QVERIFY(plot()->longestResidualPixels() > 10);
        m_panel->loadPreset("line");
        QCOMPARE(m_panel->q(), 1);
        QVERIFY(plot()->manifold()->pca.eigenvalues()(0) >
                20 * plot()->manifold()->pca.eigenvalues()(1));
        QVERIFY_THROWS_EXCEPTION(ArgumentError, m_panel->setQ(3));
    }

    void badDataIsASentence() {
        PointSet flat;
        flat.points.resize(2, 3);
        flat.points.setOnes();
        QVERIFY_THROWS_EXCEPTION(ArgumentError, m_panel->setData(flat));
        QCOMPARE(m_panel->data().size(), 300); // unchanged
        PointSet constant;
        constant.points = Eigen::MatrixXd::Ones(3, 5);
        constant.name = "constant";
        m_panel->setData(constant);
        QVERIFY(!plot()->manifold());
        QVERIFY(!m_panel->problem().isEmpty());
        QVERIFY(m_panel->text().contains("No fit"));
        m_panel->lookAlongPc3(); // nothing to look along: no turn, no crash
        m_panel->rotateIntoPcBasis();
        QVERIFY(!m_panel->turning());
        render();
    }
};

QTEST_MAIN(View3dPanelTest)
#include "view3d_panel_test.moc"
