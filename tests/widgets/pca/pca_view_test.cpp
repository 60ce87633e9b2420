// The PCA lesson's 2D view and document: what is drawn where (residuals perpendicular to the
// manifold on the rendered pixels), what the fit says about PPCA's posterior (between mu and
// the projection), how drags and strokes become undo steps, and that bad input gives a
// sentence on the page, never a crash.
//
// Directions on the rendered image are measured from the pixels themselves (the principal
// direction of the pixels of each colour, by core's PCA), not taken from the code under test.
#include "common/error.h"
#include "data/pca_presets.h"
#include "linear/pca.h"
#include "pca/manifold_overlay.h"
#include "pca/pca_document.h"
#include "pca/pca_inspector.h"
#include "pca/pca_plot.h"
#include "pca/pca_view.h"
#include "pca/scree_plot.h"
#include "plot/point_cloud.h"

#include <QImage>
#include <QPixmap>
#include <QUndoStack>
#include <QtTest>
#include <cmath>
#include <numbers>

using namespace latentlab;

namespace {

/// The unit direction along which the pixels of `color` (within `tol` per channel) spread,
/// and how many there are.
std::pair<Eigen::Vector2d, int> pixelDirection(const QImage& img, QColor color, int tol) {
    std::vector<Eigen::Vector2d> xy;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            if (std::abs(qRed(p) - color.red()) <= tol &&
                std::abs(qGreen(p) - color.green()) <= tol &&
                std::abs(qBlue(p) - color.blue()) <= tol)
                xy.emplace_back(x, -y); // y up, as in the data
        }
    if (xy.size() < 3)
        return {Eigen::Vector2d::Zero(), int(xy.size())};
    Eigen::MatrixXd m(2, static_cast<Eigen::Index>(xy.size()));
    for (std::size_t i = 0; i < xy.size(); ++i)
        m.col(static_cast<Eigen::Index>(i)) = xy[i];
    const Pca pca(m);
    return {pca.components().col(0), int(xy.size())};
}

PointSet pointsOf(std::initializer_list<std::pair<double, double>> xy) {
    PointSet s;
    s.points.resize(2, static_cast<Eigen::Index>(xy.size()));
    Eigen::Index i = 0;
    for (auto [x, y] : xy)
        s.points.col(i++) = Eigen::Vector2d(x, y);
    s.name = "test";
    return s;
}

/// A plot at lecture-sized type without a legend, its view spanning +-xExtent by +-yExtent
/// around the origin, ready for an overlay to be set and shown.
void prepareLecturePlot(PcaPlot& plot, int width, int height, double xExtent, double yExtent) {
    plot.resize(width, height);
    plot.setLegendVisible(false);
    plot.setScale(1.6); // lecture-sized type
    Eigen::Matrix2Xd points(2, 2);
    points << -xExtent, xExtent, -yExtent, yExtent;
    plot.setPoints(points, true);
}

/// Signed distance in pixels of p from the line through the plot's origin and `direction`
/// (plot coordinates).
double pixelsFromLine(const PcaPlot& plot, const Eigen::Vector2d& direction, QPointF p) {
    const QPointF a(plot.xAxis->coordToPixel(0), plot.yAxis->coordToPixel(0));
    const QPointF b(plot.xAxis->coordToPixel(direction.x()),
                    plot.yAxis->coordToPixel(direction.y()));
    const double len = std::hypot(b.x() - a.x(), b.y() - a.y());
    return ((b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x())) / len;
}

} // namespace

class PcaViewTest : public QObject {
    Q_OBJECT

private slots:
    void residualsArePerpendicularToTheManifoldOnThePixels() {
        // A cloud stretched along 30 degrees, drawn into a wide plot: one unit must be as long
        // in x as in y, or the right angle in the data would not be one on the screen.
        const auto fit = computePcaFit(std::make_shared<const PointSet>(makePcaPreset("cloud")), 1);
        // The point farthest from the line: its residual is long enough to measure.
        const Eigen::VectorXd lengths =
            (fit->data->points - fit->projections).colwise().norm().transpose();
        Eigen::Index far = 0;
        lengths.maxCoeff(&far);

        PcaPlot plot;
        plot.resize(900, 500);
        plot.setLegendVisible(false);
        plot.setPoints(fit->data->points, true);
        plot.pointCloud()->setVisible(false);
        const QColor lineColor(0, 0, 255), residualColor(255, 0, 0);
        ManifoldOverlay::Line line;
        line.point = fit->pca.mean();
        line.direction = fit->pca.components().col(0);
        line.color = lineColor;
        plot.manifold()->setLines({line});
        plot.manifold()->setResidualColor(residualColor);
        plot.manifold()->setResiduals(fit->data->points.col(far), fit->projections.col(far));
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const QImage img = plot.toPixmap(plot.width(), plot.height(), 1.0)
                               .toImage()
                               .convertToFormat(QImage::Format_RGB32);

        const auto [lineDir, lineCount] = pixelDirection(img, lineColor, 40);
        const auto [resDir, resCount] = pixelDirection(img, residualColor, 40);
        QVERIFY2(lineCount > 300, qPrintable(QString::number(lineCount)));
        QVERIFY2(resCount > 20, qPrintable(QString::number(resCount)));
        const double angle = std::acos(std::abs(lineDir.dot(resDir))) * 180.0 / std::numbers::pi;
        QVERIFY2(std::abs(angle - 90.0) < 2.0, qPrintable(QString("angle %1").arg(angle)));
        // And the line is drawn at the data's angle (equal aspect): about 30 degrees.
        const double slope = std::atan2(lineDir.y(), lineDir.x()) * 180.0 / std::numbers::pi;
        const double dataSlope =
            std::atan2(line.direction.y(), line.direction.x()) * 180.0 / std::numbers::pi;
        const auto mod180 = [](double a) { return std::fmod(a + 360.0, 180.0); };
        QVERIFY2(std::abs(mod180(slope) - mod180(dataSlope)) < 2.0,
                 qPrintable(QString("%1 vs %2").arg(slope).arg(dataSlope)));
    }

    void lineLabelIsBesideTheLineNotOnIt_data() {
        QTest::addColumn<double>("degrees");
        for (double d : {30.0, 60.0, 85.0, -30.0, -60.0, 0.0})
            QTest::addRow("%g", d) << d;
    }

    void lineLabelIsBesideTheLineNotOnIt() {
        // The manifold's label was drawn below the line's end, across the line itself.
        QFETCH(double, degrees);
        const double rad = degrees * std::numbers::pi / 180.0;
        PcaPlot plot;
        prepareLecturePlot(plot, 900, 500, 5, 4);
        ManifoldOverlay::Line line;
        line.direction = Eigen::Vector2d(std::cos(rad), std::sin(rad));
        line.color = QColor(31, 78, 160);
        line.label = QStringLiteral("manifold μ + u₁z");
        plot.manifold()->setLines({line});
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        const std::vector<QRectF>& boxes = plot.manifold()->labelRects();
        QCOMPARE(boxes.size(), std::size_t(1));
        const QRectF box = boxes[0];
        QVERIFY(QRectF(plot.axisRect()->rect()).contains(box));
        // Every corner on the same side of the line, in pixels.
        const auto side = [&](QPointF p) { return pixelsFromLine(plot, line.direction, p); };
        const double s0 = side(box.topLeft());
        for (QPointF p : {box.topRight(), box.bottomLeft(), box.bottomRight()})
            QVERIFY2(s0 * side(p) > 0, "the label's box crosses the line");
    }

    void storyMarksAreBesideTheLineNotOnIt_data() {
        QTest::addColumn<double>("degrees");
        for (double d : {35.0, 60.0, 0.0, -40.0, 90.0})
            QTest::addRow("%g", d) << d;
    }

    void storyMarksAreBesideTheLineNotOnIt() {
        // The story's "z=-2" ... "z=2" were drawn up and right of their marks, across a rising
        // line. Each box now lies on one side of the line, clear of its stroke and halo.
        QFETCH(double, degrees);
        const double rad = degrees * std::numbers::pi / 180.0;
        PcaPlot plot;
        prepareLecturePlot(plot, 900, 600, 6, 6);
        ManifoldOverlay::Story story;
        story.w = 1.5 * Eigen::Vector2d(std::cos(rad), std::sin(rad));
        story.phase = -1;
        plot.manifold()->setStory(story);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();
        const std::vector<QRectF>& boxes = plot.manifold()->labelRects();
        QCOMPARE(boxes.size(), std::size_t(5)); // z = -2 .. 2
        const auto distance = [&](QPointF p) { return pixelsFromLine(plot, story.w, p); };
        for (const QRectF& box : boxes) {
            const double d0 = distance(box.topLeft());
            for (QPointF p : {box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()})
                QVERIFY2(
                    d0 * distance(p) > 0 && std::abs(distance(p)) >= 4.0,
                    qPrintable(
                        QStringLiteral("a z mark's box %1 px from the line").arg(distance(p))));
        }
    }

    void screeLegendLeavesTheBarsFree() {
        ScreePlot scree;
        scree.resize(420, 320);
        Eigen::VectorXd ratios(2), errors(3);
        ratios << 0.95, 0.05;
        errors << 4.4, 0.2, 0.0;
        scree.setSpectrum(ratios, errors, 1);
        scree.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scree));
        scree.replot();
        QVERIFY(scree.legend->visible());
        QVERIFY(scree.rect().contains(scree.legend->outerRect()));
        QVERIFY(!scree.axisRect()->rect().intersects(scree.legend->outerRect()));
    }

    void posteriorReconstructionLiesBetweenTheMeanAndTheProjection() {
        for (const char* preset : {"cloud", "faithful", "round", "near-line"}) {
            const auto fit =
                computePcaFit(std::make_shared<const PointSet>(makePcaPreset(preset)), 1);
            QVERIFY(!fit->ppca.empty());
            const Eigen::Vector2d mu = fit->pca.mean();
            const double l1 = fit->pca.eigenvalues()(0);
            // Shrinkage 1 - sigma^2 / l_1, from the eigenvalues (sigma^2 = l_2 in 2D).
            const double expected = 1.0 - fit->pca.eigenvalues()(1) / l1;
            QVERIFY(expected > 0 && expected < 1);
            for (Eigen::Index i = 0; i < fit->n(); ++i) {
                const Eigen::Vector2d toProj = fit->projections.col(i) - mu;
                const Eigen::Vector2d toPost = fit->posteriorPoints.col(i) - mu;
                if (toProj.norm() < 1e-9)
                    continue;
                const double t = toPost.dot(toProj) / toProj.squaredNorm();
                QVERIFY2(std::abs(t - expected) < 1e-9, preset);
                // On the segment [mu, projection]: same line, strictly shorter.
                QVERIFY((toPost - t * toProj).norm() <= 1e-9 * (1.0 + toProj.norm()));
                QVERIFY(toPost.norm() < toProj.norm());
            }
        }
        // Almost no noise: the posterior almost meets the projection.
        const auto nearLine =
            computePcaFit(std::make_shared<const PointSet>(makePcaPreset("near-line")), 1);
        QVERIFY(1.0 - nearLine->ppca.sigma2() / nearLine->pca.eigenvalues()(0) > 0.99);
    }

    void draggingAPointIsOneUndoStep() {
        PcaDocument doc;
        doc.setData(makePcaPreset("cloud"), "cloud");
        doc.undoStack()->clear();
        const Eigen::Vector2d before = doc.data().points.col(5);
        const Eigen::Vector2d u0 = doc.fit()->pca.components().col(0);
        for (int step = 1; step <= 20; ++step)
            doc.movePoint(5, before + Eigen::Vector2d(0, 2.0 * step), 7);
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(Eigen::Vector2d(doc.data().points.col(5)),
                 Eigen::Vector2d(before + Eigen::Vector2d(0, 40)));
        // The fit followed the point: the manifold turned towards it.
        QVERIFY(std::abs(doc.fit()->pca.components().col(0).dot(u0)) < 0.999);
        doc.movePoint(5, before, 8); // a new drag: a new step
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(Eigen::Vector2d(doc.data().points.col(5)), before);
        QVERIFY(std::abs(doc.fit()->pca.components().col(0).dot(u0)) > 1 - 1e-12);
    }

    void mouseDragMovesThePointAndTheLine() {
        PcaDocument doc;
        doc.setData(makePcaPreset("cloud"), "cloud");
        doc.undoStack()->clear();
        QWidget owner;
        PcaView view(&doc, &owner);
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        PcaPlot* plot = view.plot();
        plot->replot();
        const int i = 0;
        const Eigen::Vector2d p = doc.data().points.col(i);
        const QPoint at(int(std::lround(plot->xAxis->coordToPixel(p.x()))),
                        int(std::lround(plot->yAxis->coordToPixel(p.y()))));
        const QPoint to = at + QPoint(0, -120);
        QTest::mousePress(plot, Qt::LeftButton, {}, at);
        for (int k = 1; k <= 6; ++k) {
            QMouseEvent move(QEvent::MouseMove, QPointF(at + QPoint(0, -20 * k)),
                             plot->mapToGlobal(QPointF(at + QPoint(0, -20 * k))), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(plot, &move);
        }
        QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
        const Eigen::Vector2d moved = doc.data().points.col(i);
        const Eigen::Vector2d expected(
            plot->xAxis->pixelToCoord(to.x()) + (p.x() - plot->xAxis->pixelToCoord(at.x())),
            plot->yAxis->pixelToCoord(to.y()) + (p.y() - plot->yAxis->pixelToCoord(at.y())));
        QVERIFY2((moved - expected).norm() < 1e-6 * (1 + expected.norm()),
                 qPrintable(QString("%1,%2").arg(moved.x()).arg(moved.y())));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(view.inspector()->selectedPoint(), i);
        // The overlay's residuals are the fit's.
        QCOMPARE(view.plot()->manifold()->lines().size(), std::size_t(1));
    }

    void badInputGivesASentenceNotACrash() {
        PcaDocument doc;
        QWidget owner;
        PcaView view(&doc, &owner);
        // No points, then one point.
        QVERIFY(!doc.fit());
        QVERIFY2(view.statusText().contains("No fit"), qPrintable(view.statusText()));
        doc.addPoints(Eigen::Matrix2Xd::Constant(2, 1, 1.0));
        QVERIFY(!doc.fit());
        QVERIFY2(doc.fitError().contains("at least 2 points"), qPrintable(doc.fitError()));
        QVERIFY(view.statusText().contains("at least 2 points"));
        // Constant data: no direction at all.
        doc.setData(pointsOf({{1, 1}, {1, 1}, {1, 1}}), "constant");
        QVERIFY(!doc.fit());
        QVERIFY2(!doc.fitError().isEmpty(), "constant data");
        // Collinear data: PCA works, PPCA has no noise to model, EM says why.
        doc.setData(pointsOf({{0, 0}, {1, 2}, {2, 4}, {3, 6}}), "collinear");
        QVERIFY(doc.fit());
        QVERIFY(doc.fit()->ppca.empty());
        QVERIFY2(!doc.fit()->ppcaProblem.isEmpty(), "collinear");
        QVERIFY(!doc.em());
        QVERIFY(!doc.emError().isEmpty());
        // q out of range.
        doc.setData(makePcaPreset("cloud"), "cloud");
        for (int q : {0, 2, -3}) {
            doc.setQ(q);
            QVERIFY(!doc.fit());
            QVERIFY2(doc.fitError().contains("out of range"), qPrintable(doc.fitError()));
            QVERIFY(view.statusText().contains(QString("q = %1").arg(q)));
        }
        doc.setQ(1);
        QVERIFY(doc.fit());
        // NaN and 3D data are refused whole: nothing changes.
        const Eigen::Index n = doc.data().size();
        PointSet nan = pointsOf({{0, 0}, {1, std::nan("")}});
        QVERIFY_THROWS_EXCEPTION(ArgumentError, doc.setData(nan, "nan"));
        PointSet three;
        three.points = Eigen::MatrixXd::Ones(3, 4);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, doc.setData(three, "3d"));
        QCOMPARE(doc.data().size(), n);
        QVERIFY(doc.fit());
    }

    void emAndTheAutoencoderRestartOnEveryEdit() {
        PcaDocument doc;
        doc.setData(makePcaPreset("faithful"), "faithful");
        QVERIFY(doc.em());
        for (int i = 0; i < 6; ++i)
            doc.emStep();
        QCOMPARE(doc.em()->currentState(), 6);
        doc.emRun();
        QVERIFY(doc.emAtEnd());
        // EM ends at the closed form's log-likelihood.
        const double closed = doc.em()->closedForm().logLikelihood(doc.em()->data());
        QVERIFY(std::abs(doc.em()->logLikelihood() - closed) < 1e-6 * std::abs(closed));
        doc.setAutoencoderKind(AutoencoderKind::Tied);
        doc.autoencoderStep(400);
        QVERIFY2(doc.autoencoder()->current().anglesDegrees(0) < 1.0,
                 qPrintable(QString::number(doc.autoencoder()->current().anglesDegrees(0))));
        doc.movePoint(0, Eigen::Vector2d(3, 3), 1);
        QCOMPARE(doc.em()->currentState(), 0);
        QCOMPARE(doc.autoencoder()->steps(), 0);
        QVERIFY(doc.autoencoderKind() == AutoencoderKind::Tied);
    }
};

QTEST_MAIN(PcaViewTest)
#include "pca_view_test.moc"
