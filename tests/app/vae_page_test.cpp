// The VAE page against latentlab-cli, run as a process on the same model files: the decoded
// image at z equals `vae-decode --z` to the last grey level (also after a simulated drag);
// the scatter's positions equal `vae-encode`'s means; each grid tile is the decode of the
// coordinate it is drawn at (`vae-decode --grid`); the pad's digit, encoded, equals
// `vae-encode` of the same 28 x 28 image. Also: clicking a test point, keys, undo, a session
// round trip, and damaged, future-version and missing model files refused with their names.
#include "test_main.h"

#include "common/document.h"
#include "common/error.h"
#include "io/idx.h"
#include "plot/plot_export.h"
#include "plot/point_cloud.h"
#include "vae/digit_image.h"
#include "vae/drawing_pad.h"
#include "vae/latent_plot.h"
#include "vae/vae_document.h"
#include "vae/vae_page.h"
#include "vae/vae_view.h"

#include <QFile>
#include <QMouseEvent>
#include <QProcess>
#include <QTabBar>
#include <QTabWidget>
#include <QUndoStack>
#include <cmath>

using namespace latentlab;

namespace {

QString cli() {
    return QStringLiteral(LATENTLAB_CLI);
}

/// Runs latentlab-cli; fails the test with its stderr when it does not succeed.
bool runCli(const QStringList& args) {
    QProcess p;
    p.start(cli(), args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("latentlab-cli %s: %s", qPrintable(args.join(' ')),
                 qPrintable(QString::fromLocal8Bit(p.readAllStandardError())));
        return false;
    }
    return true;
}

QString mnistImages() {
    return vaeResourceDir() + "/data/mnist10k-images-idx3-ubyte.gz";
}
QString mnistLabels() {
    return vaeResourceDir() + "/data/mnist10k-labels-idx1-ubyte.gz";
}

/// Rows "mu1,mu2,logvar1,logvar2,label" of a vae-encode CSV (header skipped).
std::vector<std::array<float, 4>> readEncodings(const QString& path) {
    QFile f(path);
    std::vector<std::array<float, 4>> rows;
    if (!f.open(QIODevice::ReadOnly))
        return rows;
    f.readLine();
    while (!f.atEnd()) {
        const QList<QByteArray> cells = f.readLine().trimmed().split(',');
        if (cells.size() < 4)
            continue;
        rows.push_back(
            {cells[0].toFloat(), cells[1].toFloat(), cells[2].toFloat(), cells[3].toFloat()});
    }
    return rows;
}

void mouse(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button,
           Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

} // namespace

class VaePageTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_errors;

    std::unique_ptr<MainWindow> make() {
        auto w = std::make_unique<MainWindow>(registeredPages(), false);
        w->setErrorReporter([this](const QString&, const QString& m) { m_errors << m; });
        w->resize(1400, 900);
        w->show();
        [&] { QVERIFY(QTest::qWaitForWindowExposed(w.get())); }();
        w->showPage("vae");
        page(*w)->vae()->waitForIdle();
        return w;
    }
    static VaePage* page(const MainWindow& w) { return w.page<VaePage>(); }

    /// The decoded image shown equals latentlab-cli vae-decode --z at the document's z.
    void expectDecodedEqualsCli(VaePage* p, const QString& name) {
        const Eigen::Vector2d z = p->vae()->z();
        const QString png = m_dir.filePath(name + ".png");
        // %.17g: the CLI reads back exactly the double the page holds.
        const QString zText = QString::asprintf("%.17g,%.17g", z.x(), z.y());
        QVERIFY(
            runCli({"vae-decode", "--model", p->vae()->model()->path, "--z", zText, "--out", png}));
        const QImage expected = QImage(png).convertToFormat(QImage::Format_Grayscale8);
        const QImage shown = p->view()->decodedImage()->image();
        QCOMPARE(shown.size(), QSize(28, 28));
        QCOMPARE(expected.size(), QSize(28, 28));
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                QCOMPARE(qGray(shown.pixel(x, y)), qGray(expected.pixel(x, y)));
    }

private slots:
    void init() { m_errors.clear(); }

    void decodedImageEqualsTheCli() {
        auto w = make();
        VaePage* p = page(*w);
        QVERIFY(p->vae()->model());
        QCOMPARE(p->vae()->model()->source, QString("mnist"));
        p->applyOptions({{"z", "0.7,-1.3"}});
        QCOMPARE(p->vae()->z(), Eigen::Vector2d(0.7, -1.3));
        QVERIFY(p->view()->zText().contains("0.70"));
        expectDecodedEqualsCli(p, "z1");
        // A Bernoulli sample shows only black and white, where the means are 0 and 1 it
        // agrees with them.
        p->vae()->setShowSample(true);
        const QImage sample = p->view()->decodedImage()->image();
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                QVERIFY(qGray(sample.pixel(x, y)) == 0 || qGray(sample.pixel(x, y)) == 255);
        p->vae()->undoStack()->undo();
        QVERIFY(!p->vae()->settings().showSample);
    }

    // The side panel's tabs show every title whole: the long ones when they fit, else the
    // short ones (the tab bar never hides a tab behind its scroll arrows).
    void sideTabTitlesFitThePanel() {
        auto w = make();
        QTabWidget* tabs = page(*w)->view()->tabs();
        QCOMPARE(tabs->count(), 5); // four tabs and Train
        const auto fits = [&] { return tabs->tabBar()->sizeHint().width() <= tabs->width(); };
        QTRY_VERIFY(fits());
        QCOMPARE(tabs->tabText(0), QString("Image")); // 1400 px: the long titles do not fit
        QCOMPARE(tabs->tabToolTip(0), QString("Test image"));
        // As wide as a splitter dragged far left makes it (a visible widget's resize event
        // is sent at once): the long titles.
        tabs->resize(1600, tabs->height());
        QCOMPARE(tabs->tabText(0), QString("Test image"));
        QCOMPARE(tabs->tabText(3), QString("Interpolation"));
        QVERIFY(fits());
        w->resize(1024, 700);
        QTRY_COMPARE(tabs->tabText(0), QString("Image"));
        QVERIFY(fits());
    }

    void dragMovesZAndTheImage() {
        auto w = make();
        VaePage* p = page(*w);
        LatentPlot* plot = p->view()->plot();
        const QImage before = p->view()->decodedImage()->image();
        const int undoSteps = p->vae()->undoStack()->count();
        const QPointF a = plot->toPixel({0.4, 0.6}), b = plot->toPixel({-1.2, 1.5}),
                      c = plot->toPixel({2.0, -0.5});
        mouse(plot, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton);
        QVERIFY((p->vae()->z() - plot->toLatent(a)).norm() < 1e-12);
        mouse(plot, QEvent::MouseMove, b, Qt::NoButton, Qt::LeftButton);
        QVERIFY((p->vae()->z() - plot->toLatent(b)).norm() < 1e-12);
        QVERIFY((p->vae()->z() - Eigen::Vector2d(-1.2, 1.5)).norm() < 0.02); // within a pixel
        expectDecodedEqualsCli(p, "drag1");
        mouse(plot, QEvent::MouseMove, c, Qt::NoButton, Qt::LeftButton);
        mouse(plot, QEvent::MouseButtonRelease, c, Qt::LeftButton, Qt::NoButton);
        QVERIFY((p->vae()->z() - plot->toLatent(c)).norm() < 1e-12);
        QCOMPARE(plot->latentPoint(), p->vae()->z()); // the cross-hair follows
        QVERIFY(p->view()->decodedImage()->image() != before);
        expectDecodedEqualsCli(p, "drag2");
        // Exploring is not an edit.
        QCOMPARE(p->vae()->undoStack()->count(), undoSteps);
        QVERIFY(!p->vae()->isModified());
        // The nearest test images are the nearest posterior means.
        const auto set = p->vae()->testSet();
        QVERIFY(set);
        const int first = p->vae()->nearest().front();
        for (int i = 0; i < set->count(); ++i)
            QVERIFY((set->mu.col(i).cast<double>() - p->vae()->z()).norm() >=
                    (set->mu.col(first).cast<double>() - p->vae()->z()).norm());
    }

    void exportsShowTheCrossHair() {
        // The widget paints the cross-hair itself (a drag repaints only around it); an export
        // must still show it.
        auto w = make();
        VaePage* p = page(*w);
        const QString a = m_dir.filePath("a.png"), b = m_dir.filePath("b.png");
        p->vae()->setZ({-2.5, 2.5});
        exportPlot(*p->exportPlot(), a, QSize(700, 500));
        p->vae()->setZ({2.5, -2.5});
        exportPlot(*p->exportPlot(), b, QSize(700, 500));
        QVERIFY(QImage(a).size() == QSize(700, 500));
        QVERIFY(QImage(a) != QImage(b));
    }

    void arrowKeysMoveZ() {
        auto w = make();
        VaePage* p = page(*w);
        p->vae()->setZ({0, 0});
        p->view()->plot()->setFocus();
        QTest::keyClick(w.get(), Qt::Key_Right);
        QTest::keyClick(w.get(), Qt::Key_Up, Qt::ShiftModifier);
        QVERIFY((p->vae()->z() - Eigen::Vector2d(0.1, 0.5)).norm() < 1e-12);
        QTest::keyClick(w.get(), Qt::Key_Home);
        QCOMPARE(p->vae()->z(), Eigen::Vector2d(0, 0));
    }

    void scatterEqualsTheCliEncodings() {
        auto w = make();
        VaePage* p = page(*w);
        const auto set = p->vae()->testSet();
        QVERIFY(set);
        QCOMPARE(set->count(), 2000);
        const QString csv = m_dir.filePath("enc.csv");
        QVERIFY(runCli({"vae-encode", "--model", p->vae()->model()->path, "--images", mnistImages(),
                        "--labels", mnistLabels(), "--range", "8000:10000", "--out", csv}));
        const auto rows = readEncodings(csv);
        QCOMPARE(int(rows.size()), 2000);
        const PointCloud* cloud = p->view()->plot()->pointCloud();
        QCOMPARE(cloud->pointCount(), 2000);
        const QList<QColor> colors = p->view()->plot()->labelColors();
        for (int i = 0; i < 2000; ++i) {
            // %.9g round-trips a float exactly: equal to the last bit.
            QCOMPARE(cloud->data()(0, i), double(rows[std::size_t(i)][0]));
            QCOMPARE(cloud->data()(1, i), double(rows[std::size_t(i)][1]));
            QCOMPARE(set->logVar(0, i), rows[std::size_t(i)][2]);
            QCOMPARE(cloud->colorOf(i), colors[set->label(i)].rgb());
        }
    }

    void gridTilesAreTheDecodesOfTheirCoordinates() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        VaeSettings s = doc->settings();
        s.layers = LatentLayers::Both;
        s.gridN = 12;
        s.extent = 2.5;
        doc->setSettings(s, "grid");
        const int n = 12;
        const QString png = m_dir.filePath("grid.png");
        QVERIFY(runCli({"vae-decode", "--model", doc->model()->path, "--grid", "12", "--extent",
                        "2.5", "--out", png}));
        const QImage cli = QImage(png).convertToFormat(QImage::Format_Grayscale8);
        QCOMPARE(cli.size(), QSize(28 * n, 28 * n));
        const Eigen::MatrixXf& tiles = doc->gridTiles();
        const std::vector<double>& coords = doc->gridCoordinates();
        LatentPlot* plot = p->view()->plot();
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                // Drawn centred on its z ...
                const QPointF centre = plot->tileRect(r, c).center();
                QVERIFY(std::abs(centre.x() - coords[std::size_t(c)]) < 1e-12);
                QVERIFY(std::abs(centre.y() - coords[std::size_t(n - 1 - r)]) < 1e-12);
                // ... and the CLI's decode of that z, grey level by grey level.
                for (int y = 0; y < 28; ++y)
                    for (int x = 0; x < 28; ++x)
                        QCOMPARE(int(greyLevel(tiles(y * 28 + x, r * n + c))),
                                 qGray(cli.pixel(c * 28 + x, r * 28 + y)));
            }
        // Through the inverse normal CDF: the tile at (r, c) decodes (Phi^-1((c + 1/2) / n),
        // Phi^-1((n - r - 1/2) / n)).
        doc->setSpacing(GridSpacing::InverseNormal);
        const Eigen::MatrixXf& t2 = doc->gridTiles();
        const int r = 2, c = 9;
        const Eigen::Vector2f z(float(inverseNormalCdf((c + 0.5) / n)),
                                float(inverseNormalCdf((n - r - 0.5) / n)));
        const QPointF centre = plot->tileRect(r, c).center();
        QVERIFY(std::abs(centre.x() - z.x()) < 1e-6 && std::abs(centre.y() - z.y()) < 1e-6);
        // One point alone is a matrix-vector product, the grid one matrix product: the same
        // sums in another order, so equal to float rounding.
        QVERIFY((t2.col(r * n + c) - doc->vae()->decode(z).col(0)).cwiseAbs().maxCoeff() < 1e-5f);
        // Both edits undo in one step each.
        doc->undoStack()->undo();
        QVERIFY(doc->settings().spacing == GridSpacing::Linear);
    }

    void clickingATestPointShowsItsPosterior() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        LatentPlot* plot = p->view()->plot();
        const auto set = doc->testSet();
        QVERIFY(set);
        // A test point that is the nearest one under its own pixel.
        int k = -1;
        for (int i = 0; i < set->count() && k < 0; ++i)
            if (plot->pointCloud()->nearestPoint(plot->toPixel(set->mu.col(i).cast<double>()), 6) ==
                i)
                k = i;
        QVERIFY(k >= 0);
        const QPointF at = plot->toPixel(set->mu.col(k).cast<double>());
        mouse(plot, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
        mouse(plot, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(doc->selected(), k);
        QCOMPARE(doc->z(), Eigen::Vector2d(set->mu.col(k).cast<double>()));
        QCOMPARE(p->view()->selectedImage()->image(), greyImage(set->image(k), 28, 28));
        const Eigen::VectorXf rec = doc->vae()->decode(set->mu.col(k)).col(0);
        QCOMPARE(p->view()->selectedReconstruction()->image(), greyImage(rec.data(), 28, 28));
        const ImageElbo& e = doc->selectedElbo();
        QVERIFY(e.reconstruction < 0 && e.kl > 0);
        QVERIFY(std::abs(e.elbo - (e.reconstruction - e.kl)) < 1e-9);
        QCOMPARE(p->view()->tabs()->currentIndex(), int(VaeView::TestImageTab));
        // A click on empty ground clears the selection.
        QPointF empty(-1, -1);
        const QRect area = plot->axisRect()->rect();
        for (int y = area.top() + 5; y < area.bottom() && empty.x() < 0; y += 7)
            for (int x = area.left() + 5; x < area.right() && empty.x() < 0; x += 7)
                if (plot->pointCloud()->nearestPoint(QPointF(x, y), 20) < 0)
                    empty = QPointF(x, y);
        QVERIFY(empty.x() >= 0);
        mouse(plot, QEvent::MouseButtonPress, empty, Qt::LeftButton, Qt::LeftButton);
        mouse(plot, QEvent::MouseButtonRelease, empty, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(doc->selected(), -1);
    }

    void padDigitEncodesAsTheCli() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        p->view()->showTab(VaeView::PadTab);
        DrawingPad* pad = p->view()->pad();
        QTest::qWait(10);
        const QRect r = pad->padRect();
        QVERIFY(r.width() > 50);
        auto at = [&](double x, double y) {
            return QPointF(r.left() + x * r.width(), r.top() + y * r.height());
        };
        // A "7": the bar, then the stem.
        mouse(pad, QEvent::MouseButtonPress, at(0.3, 0.25), Qt::LeftButton, Qt::LeftButton);
        for (int i = 1; i <= 10; ++i)
            mouse(pad, QEvent::MouseMove, at(0.3 + 0.04 * i, 0.25), Qt::NoButton, Qt::LeftButton);
        QVERIFY(doc->drawing());
        QVERIFY(doc->hasPadPosterior()); // encoded while drawing
        mouse(pad, QEvent::MouseButtonRelease, at(0.7, 0.25), Qt::LeftButton, Qt::NoButton);
        mouse(pad, QEvent::MouseButtonPress, at(0.7, 0.25), Qt::LeftButton, Qt::LeftButton);
        for (int i = 1; i <= 10; ++i)
            mouse(pad, QEvent::MouseMove, at(0.7 - 0.025 * i, 0.25 + 0.05 * i), Qt::NoButton,
                  Qt::LeftButton);
        mouse(pad, QEvent::MouseButtonRelease, at(0.45, 0.75), Qt::LeftButton, Qt::NoButton);
        QCOMPARE(int(doc->strokes().size()), 2);

        // The same 28 x 28 image through the CLI.
        IdxImages img;
        img.count = 1;
        img.rows = img.cols = 28;
        img.pixels = doc->padImage();
        const QString idx = m_dir.filePath("pad.idx");
        writeIdxImages(idx.toStdString(), img, false);
        const QString csv = m_dir.filePath("pad.csv");
        QVERIFY(
            runCli({"vae-encode", "--model", doc->model()->path, "--images", idx, "--out", csv}));
        const auto rows = readEncodings(csv);
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(doc->padMu().x(), rows[0][0]);
        QCOMPARE(doc->padMu().y(), rows[0][1]);
        QCOMPARE(doc->padLogVar().x(), rows[0][2]);
        QCOMPARE(doc->padLogVar().y(), rows[0][3]);
        QCOMPARE(p->view()->padDigit()->image(), greyImage(doc->padImage().data(), 28, 28));

        // Each stroke is an undo step; clear is one too.
        doc->undoStack()->undo();
        QCOMPARE(int(doc->strokes().size()), 1);
        doc->undoStack()->redo();
        doc->clearDrawing();
        QVERIFY(doc->strokes().empty());
        QVERIFY(!doc->hasPadPosterior());
        doc->undoStack()->undo();
        QCOMPARE(int(doc->strokes().size()), 2);
    }

    void interpolationDecodesTheSegment() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        doc->setZ({-1.0, 2.0});
        QTest::keyClick(w.get(), Qt::Key_A);
        doc->setZ({1.5, -0.5});
        QTest::keyClick(w.get(), Qt::Key_B);
        QVERIFY(doc->settings().showLine);
        QCOMPARE(doc->settings().lineA, Eigen::Vector2d(-1.0, 2.0));
        QCOMPARE(doc->settings().lineB, Eigen::Vector2d(1.5, -0.5));
        const Eigen::Matrix2Xd& pts = doc->linePoints();
        QCOMPARE(int(pts.cols()), kVaeLineSteps);
        QCOMPARE(Eigen::Vector2d(pts.col(0)), Eigen::Vector2d(-1.0, 2.0));
        QCOMPARE(Eigen::Vector2d(pts.col(kVaeLineSteps - 1)), Eigen::Vector2d(1.5, -0.5));
        QVERIFY(doc->lineDecodes() == doc->vae()->decode(pts.cast<float>()));
        QCOMPARE(p->view()->lineStrip()->image(),
                 mosaicImage(doc->lineDecodes(), kVaeLineSteps, 2));
        // Frames walk from A to B; a drag stops the walk.
        p->firstFrame();
        QCOMPARE(doc->z(), Eigen::Vector2d(-1.0, 2.0));
        int frames = 1;
        while (!p->atLastFrame() && p->nextFrame())
            ++frames;
        QVERIFY(frames > 10);
        QVERIFY((doc->z() - Eigen::Vector2d(1.5, -0.5)).norm() < 1e-12);
        p->view()->setWalking(true);
        QVERIFY(p->view()->walking());
        QTest::qWait(120);
        LatentPlot* plot = p->view()->plot();
        mouse(plot, QEvent::MouseButtonPress, plot->toPixel({0, 0}), Qt::LeftButton,
              Qt::LeftButton);
        mouse(plot, QEvent::MouseButtonRelease, plot->toPixel({0, 0}), Qt::LeftButton,
              Qt::NoButton);
        QVERIFY(!p->view()->walking());
        // Setting both ends took two undo steps.
        doc->undoStack()->undo();
        doc->undoStack()->undo();
        QVERIFY(!doc->settings().showLine);
    }

    void exportsEqualTheCli() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        const QString model = doc->model()->path;
        // The decoded image at z, as vae-decode --z writes it.
        doc->setZ({0.75, -1.25});
        const QString mine = m_dir.filePath("export-z.png"), cli = m_dir.filePath("cli-z.png");
        p->exportDecodedImage(mine);
        QVERIFY(runCli({"vae-decode", "--model", model, "--z", "0.75,-1.25", "--out", cli}));
        QImage a(mine), b(cli);
        QCOMPARE(a.size(), QSize(28, 28));
        QCOMPARE(a.convertToFormat(QImage::Format_Grayscale8),
                 b.convertToFormat(QImage::Format_Grayscale8));
        // The grid, as vae-decode --grid writes it (even while the plane shows the scatter).
        VaeSettings s = doc->settings();
        s.gridN = 9;
        s.extent = 2.0;
        doc->setSettings(s, "grid");
        const QString gridMine = m_dir.filePath("export-grid.png");
        const QString gridCli = m_dir.filePath("cli-grid.png");
        p->exportGridImage(gridMine);
        QVERIFY(runCli(
            {"vae-decode", "--model", model, "--grid", "9", "--extent", "2", "--out", gridCli}));
        a = QImage(gridMine);
        QCOMPARE(a.size(), QSize(9 * 28, 9 * 28));
        QCOMPARE(a.convertToFormat(QImage::Format_Grayscale8),
                 QImage(gridCli).convertToFormat(QImage::Format_Grayscale8));
        // A folder that does not exist: an error naming the file, nothing written.
        const QString bad = m_dir.filePath("no/such/dir/x.png");
        try {
            p->exportDecodedImage(bad);
            QFAIL("exported into a missing folder");
        } catch (const FileError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("x.png"), e.what());
        }
        QVERIFY(!QFile::exists(bad));
    }

    void sessionRoundTrips() {
        auto w = make();
        VaePage* p = page(*w);
        VaeDocument* doc = p->vae();
        doc->setModel("fashion");
        doc->waitForIdle();
        QVERIFY(doc->testSet());
        QCOMPARE(doc->classNames().value(9), QString("Ankle boot"));
        VaeSettings s = doc->settings();
        s.layers = LatentLayers::Both;
        s.gridN = 14;
        s.spacing = GridSpacing::InverseNormal;
        s.showSample = true;
        s.sampleSeed = 7;
        s.showPrior = true;
        s.priorSeed = 3;
        s.showLine = true;
        s.lineA = {-1.5, 0.25};
        s.lineB = {2.0, 1.0};
        doc->setSettings(s, "settings");
        doc->setStrokes({DigitStroke{{{0.2, 0.3}, {0.6, 0.7}}}, DigitStroke{{{0.5, 0.5}}}}, "draw");
        doc->select(123);
        doc->setZ({0.25, -1.75});
        const QString file = m_dir.filePath("vae.latentlab");
        QVERIFY(w->saveSession(file));

        auto v = std::make_unique<MainWindow>(registeredPages(), false);
        v->setErrorReporter([this](const QString&, const QString& m) { m_errors << m; });
        QVERIFY(v->openFile(file));
        QCOMPARE(v->currentPage()->id(), QString("vae"));
        VaeDocument* d2 = page(*v)->vae();
        d2->waitForIdle();
        QCOMPARE(d2->model()->source, QString("fashion"));
        QVERIFY(d2->settings() == s);
        QCOMPARE(d2->strokes(), doc->strokes());
        QCOMPARE(d2->selected(), 123);
        QCOMPARE(d2->z(), Eigen::Vector2d(0.25, -1.75));
        QCOMPARE(d2->priorPoints(), doc->priorPoints());
        QCOMPARE(d2->lineDecodes(), doc->lineDecodes());
        QCOMPARE(d2->shownImage(), doc->shownImage());
        QVERIFY(!d2->isModified());
        QVERIFY(m_errors.isEmpty());
    }

    void badModelFilesAreRefusedByName() {
        auto w = make();
        VaePage* p = page(*w);
        const auto before = p->vae()->model();
        QFile shipped(shippedModelPath("mnist"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        const QByteArray bytes = shipped.readAll();
        struct Case {
            const char* name;
            QByteArray content;
            const char* says;
        } cases[] = {
            {"garbage.llvae", QByteArray("this is not a model at all, just text\n"), "magic"},
            {"truncated.llvae", bytes.left(bytes.size() / 3), "truncated"},
            {"future.llvae",
             [&] {
                 QByteArray b = bytes;
                 b[8] = char(99); // format version 99
                 return b;
             }(),
             "newer LatentLab"},
        };
        for (const Case& c : cases) {
            const QString path = m_dir.filePath(c.name);
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(c.content);
            f.close();
            m_errors.clear();
            QVERIFY(!w->openFile(path));
            QCOMPARE(m_errors.size(), 1);
            QVERIFY2(m_errors[0].contains(path), qPrintable(m_errors[0]));
            QVERIFY2(m_errors[0].contains(c.says, Qt::CaseInsensitive), qPrintable(m_errors[0]));
            QCOMPARE(p->vae()->model(), before); // the current model stays
        }
        // A session whose model is missing names the session and the model file.
        const QString session = m_dir.filePath("lost.latentlab");
        QFile f(session);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "latentlab-session", "version": 2, "page": "vae",
                    "vae": {"model": "/nonexistent/gone.llvae"}})");
        f.close();
        m_errors.clear();
        QVERIFY(!w->openFile(session));
        QVERIFY2(m_errors.value(0).contains(session) && m_errors.value(0).contains("gone.llvae"),
                 qPrintable(m_errors.value(0)));
        QCOMPARE(p->vae()->model(), before);
    }

    void aMissingShippedModelIsAMessageOnThePage() {
        qputenv("LATENTLAB_RESOURCES", "/nonexistent/resources");
        VaePage p;
        p.activated();
        qunsetenv("LATENTLAB_RESOURCES");
        QVERIFY(!p.vae()->model());
        const QString shown = p.view()->plot()->message();
        // The message names the file and where it was looked for.
        QVERIFY2(shown.contains("models/mnist.llvae") && shown.contains("/nonexistent/resources"),
                 qPrintable(shown));
        QVERIFY(p.view()->decodedImage()->image().isNull());
        // Still usable: another model can be opened.
        p.openFile(shippedModelPath("mnist"));
        QVERIFY(p.vae()->model());
        QVERIFY(p.view()->plot()->message().isEmpty() || p.vae()->busy());
    }
};

LATENTLAB_APP_TEST_MAIN(VaePageTest)
#include "vae_page_test.moc"
