// MixturePlot: what is drawn where, and what clicks and drags emit.
//
// Rendering checks read pixels of an offscreen render. Expected colours and ellipse extents are
// computed here from first principles (the sRGB transfer function of IEC 61966-2-1, and the
// semi-axes r sqrt(lambda_j) of a covariance built from chosen eigenvalues and angle), not
// taken from the code under test.
#include "mixture/gaussian_mixture.h"
#include "plot/legend_swatch.h"
#include "mixture/mixture_plot.h"
#include "plot/palette.h"
#include "plot/point_cloud.h"

#include <QImage>
#include <QMouseEvent>
#include <QPixmap>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace latentlab;

namespace {

double srgbToLinear(int c) {
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
int linearToSrgb(double l) {
    const double v = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
    return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
}
/// sum_k q_k colour_k in linear light, back to sRGB.
QColor expectedBlend(const std::vector<double>& q, const QList<QColor>& colors) {
    double r = 0, g = 0, b = 0;
    for (std::size_t k = 0; k < q.size(); ++k) {
        const QColor& c = colors[static_cast<int>(k)];
        r += q[k] * srgbToLinear(c.red());
        g += q[k] * srgbToLinear(c.green());
        b += q[k] * srgbToLinear(c.blue());
    }
    return QColor(linearToSrgb(r), linearToSrgb(g), linearToSrgb(b));
}

int channelDistance(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))});
}

/// Renders the (shown) plot at its own size; `dpr` receives the image's device pixel ratio,
/// so widget position p is image pixel floor(p * dpr).
QImage render(MixturePlot& plot, double* dpr) {
    const QPixmap pm = plot.toPixmap(plot.width(), plot.height(), 1.0);
    *dpr = pm.devicePixelRatio();
    // toPixmap laid the plot out at the widget's size: coordToPixel describes the image.
    return pm.toImage().convertToFormat(QImage::Format_RGB32);
}

QRgb pixelAt(const QImage& img, double dpr, const QPointF& widgetPos) {
    const int x = static_cast<int>(std::floor(widgetPos.x() * dpr));
    const int y = static_cast<int>(std::floor(widgetPos.y() * dpr));
    if (x < 0 || y < 0 || x >= img.width() || y >= img.height())
        return 0;
    return img.pixel(x, y);
}

QPointF toPixel(const MixturePlot& plot, double x, double y) {
    return {plot.xAxis->coordToPixel(x), plot.yAxis->coordToPixel(y)};
}

MixtureParams params(const std::vector<Eigen::Vector2d>& means,
                     const std::vector<Eigen::Matrix2d>& covs) {
    MixtureParams p;
    const int k = static_cast<int>(means.size());
    p.weights = Eigen::VectorXd::Constant(k, 1.0 / k);
    p.means.resize(2, k);
    for (int j = 0; j < k; ++j) {
        p.means.col(j) = means[static_cast<std::size_t>(j)];
        p.covariances.push_back(covs[static_cast<std::size_t>(j)]);
    }
    return p;
}

/// Sigma = R(angle) diag(l1, l2) R(angle)^T.
Eigen::Matrix2d covariance(double l1, double l2, double angle) {
    Eigen::Matrix2d r;
    r << std::cos(angle), -std::sin(angle), std::sin(angle), std::cos(angle);
    return r * Eigen::Vector2d(l1, l2).asDiagonal() * r.transpose();
}

void sendMouse(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButtons buttons) {
    QMouseEvent ev(type, pos, w->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &ev);
}

} // namespace

class MixturePlotTest : public QObject {
    Q_OBJECT
private slots:
    void legendTextTakesSubscriptsAndLines() {
        MixturePlot plot;
        auto* legend = plot.legend;
        auto add = [&](const QString& text) {
            auto* item = new LegendSwatch(legend, text, {});
            legend->addItem(item);
            return static_cast<QCPLayoutElement*>(item)->minimumOuterSizeHint();
        };
        const QSize oneLine = add(QStringLiteral("r = 1 sigma ellipse 39.3 % of the mass"));
        const QSize twoLines = add(QStringLiteral("r = 1 sigma ellipse\n39.3 % of the mass"));
        QVERIFY(twoLines.width() < 0.7 * oneLine.width());
        QVERIFY(twoLines.height() > oneLine.height());
        // "k_{rrrr}" is drawn as k with a smaller subscript: wider than "k" alone, narrower
        // than "krrrr" in the full-size font.
        const QSize sub = add(QStringLiteral("k_{rrrr}"));
        const QSize plain = add(QStringLiteral("k"));
        const QSize fullSize = add(QStringLiteral("krrrr"));
        QVERIFY(sub.width() > plain.width());
        QVERIFY(sub.width() < fullSize.width());
        // An unclosed brace is plain text, not a crash or a swallowed rest.
        QVERIFY(add(QStringLiteral("k_{r")).width() > plain.width());
    }

    void identicalPointsShowOneLabelledTickPerAxis() {
        // Issue 12: with all points identical every tick of both axes read "0.5".
        MixturePlot plot;
        plot.resize(600, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.setPoints(Eigen::Matrix2Xd::Constant(2, 20, 0.5));
        plot.replot();
        QCOMPARE(plot.xAxis->tickVectorLabels(), QVector<QString>{"0.5"});
        QCOMPARE(plot.yAxis->tickVectorLabels(), QVector<QString>{"0.5"});
        const QPointF p = toPixel(plot, 0.5, 0.5);
        const QRect r = plot.axisRect()->rect();
        QVERIFY(std::abs(p.y() - r.center().y()) <= 2);
        // With components (a fit on those points: Sigma = reg I) the ticks are distinct.
        plot.setComponents(params({{0.5, 0.5}}, {Eigen::Matrix2d::Identity() * 1e-6}),
                           componentColors(1));
        plot.fitToPoints();
        plot.replot();
        const QVector<QString> labels = plot.xAxis->tickVectorLabels();
        QVERIFY(labels.size() >= 2);
        for (int i = 1; i < labels.size(); ++i)
            QVERIFY2(labels[i] != labels[i - 1], qPrintable(labels.join(' ')));
    }

    void threeSigmaEllipsesStayInView() {
        // Issue 12: 3-sigma ellipses were cut at the plot's edges.
        MixturePlot plot;
        plot.resize(700, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        Eigen::Matrix2Xd points(2, 4);
        points << -3, 3, -3, 3, -2, -2, 2, 2;
        plot.setPoints(points);
        // A wide component, its 3-sigma ellipse reaching x = +-6 and y = +-3.
        plot.setComponents(params({{0, 0}}, {covariance(4.0, 1.0, 0.0)}), componentColors(1));
        plot.replot();
        QVERIFY(plot.xAxis->range().contains(-6) && plot.xAxis->range().contains(6));
        QVERIFY(plot.yAxis->range().contains(-3) && plot.yAxis->range().contains(3));
    }

    void tickLabelsDoNotCrowd() {
        // Issue 12: tick labels crowded at 1366 x 700. Adjacent labels keep a gap.
        MixturePlot plot;
        plot.resize(700, 360);
        plot.setScale(1.6);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        Eigen::Matrix2Xd points(2, 2);
        points << -1234.5, 2345.5, -10, 3000;
        plot.setPoints(points);
        plot.replot();
        const QFontMetrics fm(plot.xAxis->tickLabelFont());
        const QVector<double> ticks = plot.xAxis->tickVector();
        const QVector<QString> labels = plot.xAxis->tickVectorLabels();
        QVERIFY(ticks.size() >= 2);
        for (int i = 1; i < ticks.size(); ++i) {
            const double gap =
                plot.xAxis->coordToPixel(ticks[i]) - plot.xAxis->coordToPixel(ticks[i - 1]);
            const double need =
                (fm.horizontalAdvance(labels[i]) + fm.horizontalAdvance(labels[i - 1])) / 2.0 +
                fm.height() / 2.0;
            QVERIFY2(
                gap >= need,
                qPrintable(
                    QString("%1 px between %2 and %3").arg(gap).arg(labels[i - 1], labels[i])));
        }
    }

    void pointColourIsTheResponsibilityBlend() {
        MixturePlot plot;
        plot.resize(640, 480);
        plot.setLegendVisible(false);
        plot.setPointSize(10); // the centre pixel of a 10 px disc is fully covered
        Eigen::Matrix2Xd pts(2, 5);
        pts << -2, 2, -2, 2, 0, //
            -2, -2, 2, 2, 0;
        plot.setPoints(pts);
        plot.setViewRect(QRectF(-3, -3, 6, 6));
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));

        // Before any E-step: every point in the neutral grey (128, 128, 128).
        double dpr = 1;
        QImage img = render(plot, &dpr);
        for (int i = 0; i < pts.cols(); ++i) {
            const QRgb got = pixelAt(img, dpr, toPixel(plot, pts(0, i), pts(1, i)));
            QVERIFY2(channelDistance(got, qRgb(128, 128, 128)) <= 1,
                     qPrintable(QStringLiteral("point %1 is %2 before the E-step")
                                    .arg(i)
                                    .arg(QColor(got).name())));
        }

        const QList<QColor> colors = componentColors(3);
        const std::vector<std::vector<double>> q{
            {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.5, 0}, {0.2, 0.3, 0.5}};
        Eigen::MatrixXd resp(3, 5);
        for (int i = 0; i < 5; ++i)
            for (int k = 0; k < 3; ++k)
                resp(k, i) = q[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)];
        plot.setResponsibilities(resp, colors);
        img = render(plot, &dpr);
        for (int i = 0; i < pts.cols(); ++i) {
            const QRgb got = pixelAt(img, dpr, toPixel(plot, pts(0, i), pts(1, i)));
            const QColor want = expectedBlend(q[static_cast<std::size_t>(i)], colors);
            const QRgb viaPalette = blendColors(resp.col(i).data(), 3, colors);
            QVERIFY2(channelDistance(got, want.rgb()) <= 2,
                     qPrintable(QStringLiteral("point %1: drawn %2, blend %3")
                                    .arg(i)
                                    .arg(QColor(got).name(), want.name())));
            QVERIFY(channelDistance(viaPalette, want.rgb()) <= 1);
        }
        // The pure components show their own colours and the blends differ from them.
        QVERIFY(channelDistance(pixelAt(img, dpr, toPixel(plot, -2, -2)), colors[0].rgb()) <= 1);
        QVERIFY(channelDistance(pixelAt(img, dpr, toPixel(plot, 2, 2)), colors[0].rgb()) > 20);
        // Between the points (and off the grid lines): background, not paint.
        QVERIFY(channelDistance(pixelAt(img, dpr, toPixel(plot, -1.27, -0.71)),
                                plot.palette().color(QPalette::Base).rgb()) <= 8);

        // A high-resolution render (as on a device pixel ratio 2 screen or an export at twice
        // the size): the points are rasterised at that resolution, still in the blend.
        const QImage hi = plot.toPixmap(plot.width(), plot.height(), 2.0)
                              .toImage()
                              .convertToFormat(QImage::Format_RGB32);
        QCOMPARE(hi.width(), 2 * plot.width());
        for (int i = 0; i < pts.cols(); ++i) {
            const QRgb got = pixelAt(hi, 2.0, toPixel(plot, pts(0, i), pts(1, i)));
            const QColor want = expectedBlend(q[static_cast<std::size_t>(i)], colors);
            QVERIFY2(channelDistance(got, want.rgb()) <= 2,
                     qPrintable(QStringLiteral("point %1 at scale 2: drawn %2, blend %3")
                                    .arg(i)
                                    .arg(QColor(got).name(), want.name())));
        }

        // Back to no responsibilities: grey again.
        plot.setPointColors({});
        img = render(plot, &dpr);
        QVERIFY(channelDistance(pixelAt(img, dpr, toPixel(plot, 0, 0)), qRgb(128, 128, 128)) <= 1);
    }

    void ellipseExtentMatchesTheCovariance_data() {
        QTest::addColumn<double>("lambda1");
        QTest::addColumn<double>("lambda2");
        QTest::addColumn<double>("angleDeg");
        QTest::newRow("axis-aligned") << 4.0 << 1.0 << 0.0;
        QTest::newRow("rotated 30 deg") << 9.0 << 0.81 << 30.0;
        QTest::newRow("rotated -60 deg") << 6.25 << 2.25 << -60.0;
    }

    void ellipseExtentMatchesTheCovariance() {
        QFETCH(double, lambda1);
        QFETCH(double, lambda2);
        QFETCH(double, angleDeg);
        const double angle = angleDeg * std::numbers::pi / 180.0;
        const Eigen::Vector2d mu(0.5, -0.25);

        MixturePlot plot;
        plot.resize(800, 800);
        plot.setLegendVisible(false);
        plot.setViewRect(QRectF(-10, -10, 20, 20));
        const QColor color(214, 39, 40);
        plot.setComponents(params({mu}, {covariance(lambda1, lambda2, angle)}), {color});
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        double dpr = 1;
        const QImage img = render(plot, &dpr);
        // Equal aspect: one data unit is the same number of pixels on both axes.
        const double ppx = std::abs(plot.xAxis->coordToPixel(1) - plot.xAxis->coordToPixel(0));
        const double ppy = std::abs(plot.yAxis->coordToPixel(1) - plot.yAxis->coordToPixel(0));
        QVERIFY(std::abs(ppx - ppy) < 1e-6 * ppx);
        QVERIFY(ppx > 20);

        const QPointF c = toPixel(plot, mu.x(), mu.y());
        // Along each principal axis u_j (both directions) the first line met walking out from
        // the mean is the r = 1 ellipse, at r sqrt(lambda_j) data units from mu.
        const Eigen::Vector2d u1(std::cos(angle), std::sin(angle)), u2(-u1.y(), u1.x());
        struct Axis {
            Eigen::Vector2d u;
            double lambda;
        };
        for (const Axis& a : {Axis{u1, lambda1}, Axis{u2, lambda2}})
            for (const double sign : {1.0, -1.0}) {
                const Eigen::Vector2d u = sign * a.u;
                // Pixel direction: y grows downwards.
                const QPointF dir(u.x(), -u.y());
                const double want = std::sqrt(a.lambda) * ppx;
                double first = -1, last = -1;
                // Start clear of the mean's cross (arm 8 px plus halo).
                for (double t = 16.0; t < 3.5 * want + 20; t += 0.25) {
                    const QRgb p = pixelAt(img, dpr, c + t * dir);
                    if (channelDistance(p, color.rgb()) <= 50) {
                        if (first < 0)
                            first = t;
                        last = t;
                    } else if (first >= 0) {
                        break;
                    }
                }
                QVERIFY2(first > 0, "no ellipse line found along the axis");
                const double got = (first + last) / 2.0;
                QVERIFY2(std::abs(got - want) <= 2.0,
                         qPrintable(QStringLiteral("1-sigma line at %1 px from the mean, "
                                                   "expected %2 px (lambda %3, sign %4)")
                                        .arg(got)
                                        .arg(want)
                                        .arg(a.lambda)
                                        .arg(sign)));
            }

        // The whole drawing (r = 3 ellipse plus pen width and halo) stays inside the
        // bounding box of the 3-sigma ellipse: half-widths sqrt(Sigma_xx), sqrt(Sigma_yy)
        // times 3, and reaches close to it.
        const Eigen::Matrix2d s = covariance(lambda1, lambda2, angle);
        const double hx = 3 * std::sqrt(s(0, 0)) * ppx, hy = 3 * std::sqrt(s(1, 1)) * ppx;
        int minX = img.width(), maxX = -1, minY = img.height(), maxY = -1;
        const QRect area = plot.axisRect()->rect();
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x)
                if (channelDistance(img.pixel(static_cast<int>(x * dpr), static_cast<int>(y * dpr)),
                                    color.rgb()) <= 100) {
                    minX = std::min(minX, x);
                    maxX = std::max(maxX, x);
                    minY = std::min(minY, y);
                    maxY = std::max(maxY, y);
                }
        QVERIFY(maxX >= 0);
        for (const auto& [got, want] :
             {std::pair{c.x() - minX, hx}, std::pair{maxX + 1 - c.x(), hx},
              std::pair{c.y() - minY, hy}, std::pair{maxY + 1 - c.y(), hy}})
            QVERIFY2(
                std::abs(got - want) <= 3.0,
                qPrintable(
                    QStringLiteral("3-sigma extent %1 px, expected %2 px").arg(got).arg(want)));
    }

    void clicksPickPointsAndMeans() {
        MixturePlot plot;
        plot.resize(600, 600);
        plot.setLegendVisible(false);
        Eigen::Matrix2Xd pts(2, 4);
        pts << -3, 3, -3, 0.4, //
            -3, -3, 3, 3.2;
        plot.setPoints(pts);
        plot.setViewRect(QRectF(-5, -5, 10, 10));
        plot.setComponents(params({Eigen::Vector2d(3, 3), Eigen::Vector2d(0, -1)},
                                  {Eigen::Matrix2d::Identity(), Eigen::Matrix2d::Identity()}),
                           componentColors(2));
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();

        QSignalSpy points(&plot, &MixturePlot::pointClicked);
        QSignalSpy comps(&plot, &MixturePlot::componentClicked);
        QSignalSpy background(&plot, &MixturePlot::backgroundClicked);
        for (int i = 0; i < pts.cols(); ++i) {
            // One pixel off the point: still that point.
            const QPointF p = toPixel(plot, pts(0, i), pts(1, i)) + QPointF(1, -1);
            QTest::mouseClick(&plot, Qt::LeftButton, {}, p.toPoint());
            QCOMPARE(points.count(), 1);
            QCOMPARE(points.takeFirst().at(0).toInt(), i);
            QCOMPARE(comps.count(), 0);
        }
        for (int k = 0; k < 2; ++k) {
            const Eigen::Vector2d m = k == 0 ? Eigen::Vector2d(3, 3) : Eigen::Vector2d(0, -1);
            const QPointF p = toPixel(plot, m.x(), m.y()) + QPointF(3, 2);
            QTest::mouseClick(&plot, Qt::LeftButton, {}, p.toPoint());
            QCOMPARE(comps.count(), 1);
            QCOMPARE(comps.takeFirst().at(0).toInt(), k);
            QCOMPARE(points.count(), 0);
        }
        // Empty space: neither.
        QTest::mouseClick(&plot, Qt::LeftButton, {}, toPixel(plot, -1.5, 1.5).toPoint());
        QCOMPARE(points.count(), 0);
        QCOMPARE(comps.count(), 0);
        QCOMPARE(background.count(), 1);
        // Nearest point wins between two close ones is not needed here; a drag is no click.
        const QPointF p0 = toPixel(plot, pts(0, 0), pts(1, 0));
        sendMouse(&plot, QEvent::MouseButtonPress, p0, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseMove, p0 + QPointF(40, 0), Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseButtonRelease, p0 + QPointF(40, 0), Qt::NoButton);
        QCOMPARE(points.count(), 0);
    }

    void draggingAMeanEditsTheComponent() {
        MixturePlot plot;
        plot.resize(600, 600);
        plot.setLegendVisible(false);
        plot.setViewRect(QRectF(-5, -5, 10, 10));
        Eigen::Matrix2d cov;
        cov << 2.0, 0.5, 0.5, 1.0;
        plot.setComponents(params({Eigen::Vector2d(-1, 1), Eigen::Vector2d(2, -2)},
                                  {Eigen::Matrix2d::Identity(), cov}),
                           componentColors(2));
        plot.setManualEditing(true);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();

        QSignalSpy edited(&plot, &MixturePlot::componentEdited);
        const QPointF start = toPixel(plot, 2, -2);
        const QPointF mid = toPixel(plot, 1, -1);
        const QPointF end = toPixel(plot, 0.5, 1.5);
        sendMouse(&plot, QEvent::MouseButtonPress, start, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseMove, mid, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseMove, end, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseButtonRelease, end, Qt::NoButton);

        QVERIFY(edited.count() >= 2);
        for (int i = 0; i < edited.count(); ++i) {
            const QList<QVariant> args = edited.at(i);
            QCOMPARE(args.at(0).toInt(), 1);
            QCOMPARE(args.at(3).toBool(), i == edited.count() - 1);
        }
        const QList<QVariant> last = edited.last();
        const auto mean = last.at(1).value<Eigen::Vector2d>();
        const auto sigma = last.at(2).value<Eigen::Matrix2d>();
        QVERIFY2((mean - Eigen::Vector2d(0.5, 1.5)).norm() < 1e-6,
                 qPrintable(QStringLiteral("mean (%1, %2)").arg(mean.x()).arg(mean.y())));
        QVERIFY((sigma - cov).norm() < 1e-12); // moving the mean keeps Sigma_k
        // The first move reported the intermediate position.
        const auto midMean = edited.at(0).at(1).value<Eigen::Vector2d>();
        QVERIFY((midMean - Eigen::Vector2d(1, -1)).norm() < 1e-6);
        // And the plot now draws the moved component; the other one is untouched.
        const auto shown = plot.shownComponents();
        QCOMPARE(shown.size(), std::size_t(2));
        QVERIFY((shown[1].first - Eigen::Vector2d(0.5, 1.5)).norm() < 1e-6);
        QVERIFY((shown[0].first - Eigen::Vector2d(-1, 1)).norm() < 1e-12);

        // Without manual editing the same drag edits nothing.
        plot.setManualEditing(false);
        edited.clear();
        const QPointF at = toPixel(plot, -1, 1);
        sendMouse(&plot, QEvent::MouseButtonPress, at, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseMove, at + QPointF(50, 50), Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseButtonRelease, at + QPointF(50, 50), Qt::NoButton);
        QCOMPARE(edited.count(), 0);
    }

    void draggingAnAxisHandleStretchesTheEllipse() {
        MixturePlot plot;
        plot.resize(600, 600);
        plot.setLegendVisible(false);
        plot.setViewRect(QRectF(-5, -5, 10, 10));
        // Sigma = diag(4, 1): major semi-axis 2 along x, minor 1 along y.
        Eigen::Matrix2d cov;
        cov << 4.0, 0.0, 0.0, 1.0;
        plot.setComponents(params({Eigen::Vector2d(0, 0)}, {cov}), componentColors(1));
        plot.setManualEditing(true);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replot();

        QSignalSpy edited(&plot, &MixturePlot::componentEdited);
        // Grab the +x end of the major axis at (2, 0) and pull it to (0, 3): the ellipse
        // turns to the y axis with semi-axes 3 (dragged) and 1 (kept): Sigma = diag(1, 9).
        const QPointF handle = toPixel(plot, 2, 0), to = toPixel(plot, 0, 3);
        sendMouse(&plot, QEvent::MouseButtonPress, handle, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseMove, to, Qt::LeftButton);
        sendMouse(&plot, QEvent::MouseButtonRelease, to, Qt::NoButton);
        QVERIFY(!edited.isEmpty());
        QVERIFY(edited.last().at(3).toBool());
        const auto mean = edited.last().at(1).value<Eigen::Vector2d>();
        const auto sigma = edited.last().at(2).value<Eigen::Matrix2d>();
        Eigen::Matrix2d want;
        want << 1.0, 0.0, 0.0, 9.0;
        QVERIFY(mean.norm() < 1e-12);
        QVERIFY2((sigma - want).norm() < 1e-6, qPrintable(QStringLiteral("Sigma = [%1 %2; %3 %4]")
                                                              .arg(sigma(0, 0))
                                                              .arg(sigma(0, 1))
                                                              .arg(sigma(1, 0))
                                                              .arg(sigma(1, 1))));
    }
};

QTEST_MAIN(MixturePlotTest)
#include "mixture_plot_test.moc"
