// The PCA lesson in the workbench: it switches with Ctrl+1 / Ctrl+2 keeping its state (and
// the mixture's), a PCA session round-trips, its command-line options are checked before any
// window exists, bad files and values leave a sentence on the page, and the eigen-image
// panel reconstructs a test image better with more components.
#include "test_main.h"

#include "command_line.h"
#include "io/session.h"
#include "mixture/mixture_document.h"
#include "pca/em_panel.h"
#include "pca/generator_panel.h"
#include "pca/image_panel.h"
#include "pca/pca_page.h"
#include "pca/view3d_panel.h"
#include "pca/view3d_plot.h"
#include "plot/point_cloud.h"

#include <QFile>
#include <QRegularExpression>
#include <QUndoStack>
#include <nlohmann/json.hpp>

using namespace latentlab;

class PcaPageTest : public QObject {
    Q_OBJECT
    QStringList m_errors;
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> make() {
        auto w = std::make_unique<MainWindow>(false);
        w->setErrorReporter([this](const QString&, const QString& m) { m_errors << m; });
        w->show();
        [&] { QVERIFY(QTest::qWaitForWindowActive(w.get())); }();
        return w;
    }
    static PcaPage* pcaPage(const MainWindow& w) { return w.page<PcaPage>(); }

    QString writeFile(const QString& name, const QByteArray& text) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return path;
    }

private slots:
    void isRegisteredAsTheSecondLesson() {
        auto w = make();
        QVERIFY(w->pages().size() >= 2);
        QCOMPARE(w->pages()[1]->id(), QString("pca"));
        QVERIFY(pcaPage(*w)->pca()->fit()); // opens on a preset, fitted
    }

    void viewsSwitchByKeyboardKeepingState() {
        auto w = make();
        QTest::keyClick(w.get(), Qt::Key_Space); // the mixture's E-step
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->state, 1);

        QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w->currentPage()->id(), QString("pca"));
        PcaPage* pca = pcaPage(*w);
        pca->pca()->movePoint(3, Eigen::Vector2d(4, -1), 1);
        // Space is EM for PPCA here (and brings its panel to the front).
        QTest::keyClick(w.get(), Qt::Key_Space);
        QTest::keyClick(w.get(), Qt::Key_Space);
        QCOMPARE(pca->pca()->em()->currentState(), 2);
        QVERIFY(pca->panel() == PcaPage::Panel::Em);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->state, 1); // untouched

        QTest::keyClick(w.get(), Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w->currentPage()->id(), QString("mixture"));
        QTest::keyClick(w.get(), Qt::Key_Space);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->state, 2);
        QTest::keyClick(w.get(), Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(pca->pca()->em()->currentState(), 2); // kept
        QVERIFY(pca->panel() == PcaPage::Panel::Em);
        QCOMPARE(Eigen::Vector2d(pca->pca()->data().points.col(3)), Eigen::Vector2d(4, -1));
        // Alt+1 brings the manifold back; Undo here undoes the PCA page's drag only.
        QTest::keyClick(w.get(), Qt::Key_1, Qt::AltModifier);
        QVERIFY(pca->panel() == PcaPage::Panel::Manifold);
        QTest::keyClick(w.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(Eigen::Vector2d(pca->pca()->data().points.col(3)) != Eigen::Vector2d(4, -1));
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->state, 2);
    }

    void aPcaSessionRoundTrips() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        pca->view()->generator()->setSigma2(0.4);
        pca->view()->generator()->generate();
        pca->pca()->movePoint(7, Eigen::Vector2d(1.25, -0.5), 3);
        pca->setPanel(PcaPage::Panel::Em);
        for (int i = 0; i < 5; ++i)
            pca->pca()->emStep();
        pca->view()->setShowPosterior(true);
        pca->pca()->setAutoencoderKind(AutoencoderKind::TiedOrthonormal);
        const QString file = m_dir.filePath("pca.latentlab");
        QVERIFY(w->saveSession(file));
        QCOMPARE(readSessionFile(file.toStdString()).page, std::string("pca"));
        const PointSet saved = pca->pca()->data();
        const double ll = pca->pca()->em()->logLikelihood();

        auto v = make();
        QVERIFY2(v->openFile(file), qPrintable(m_errors.join('\n')));
        QCOMPARE(v->currentPage()->id(), QString("pca"));
        PcaPage* back = pcaPage(*v);
        QCOMPARE(back->pca()->data().points, saved.points);
        QCOMPARE(back->pca()->data().name, saved.name);
        QVERIFY(back->pca()->truth());
        QCOMPARE(back->pca()->truth()->sigma2, pca->pca()->truth()->sigma2);
        QVERIFY(back->panel() == PcaPage::Panel::Em);
        QCOMPARE(back->pca()->em()->currentState(), 5);
        QCOMPARE(back->pca()->em()->logLikelihood(), ll);
        QVERIFY(back->view()->showPosterior());
        QVERIFY(back->pca()->autoencoderKind() == AutoencoderKind::TiedOrthonormal);
        QVERIFY(std::abs(back->view()->generator()->sigma2() - 0.4) < 0.05);
        QVERIFY(!v->isWindowModified());
        // A second save of the reopened session is the same file.
        const QString again = m_dir.filePath("again.latentlab");
        QVERIFY(v->saveSession(again));
        QCOMPARE(readSessionFile(again.toStdString()).payload,
                 readSessionFile(file.toStdString()).payload);
    }

    void aBrokenPcaSessionChangesNothing() {
        auto w = make();
        w->showPage("pca");
        const PointSet before = pcaPage(*w)->pca()->data();
        SessionFile s;
        s.page = "pca";
        s.payload = {{"data", {{"points", {{0, 0}, {1, 1}}}}}, {"q", 0}};
        const QString path = m_dir.filePath("bad.latentlab");
        writeSessionFile(path.toStdString(), s);
        m_errors.clear();
        QVERIFY(!w->openFile(path));
        QVERIFY2(m_errors.value(0).contains("q") && m_errors.value(0).contains("bad.latentlab"),
                 qPrintable(m_errors.join('\n')));
        QCOMPARE(pcaPage(*w)->pca()->data().points, before.points);
    }

    void badFilesLeaveASentenceOnThePage() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        const Eigen::Index n = pca->pca()->data().size();
        m_errors.clear();
        QVERIFY(!w->openFile(writeFile("nan.csv", "x,y\n1,2\nnan,3\n4,5\n")));
        QCOMPARE(m_errors.size(), 1);
        QVERIFY2(pca->problemText().contains("nan.csv"), qPrintable(pca->problemText()));
        QCOMPARE(pca->pca()->data().size(), n);
        QVERIFY(!w->openFile(writeFile("four.csv", "1,2,3,4\n4,5,6,7\n7,8,9,0\n")));
        QVERIFY2(pca->problemText().contains("four.csv") && pca->problemText().contains("3D"),
                 qPrintable(pca->problemText()));
        QCOMPARE(pca->pca()->data().size(), n);
        QVERIFY(w->openFile(writeFile("one.csv", "x,y\n1,2\n")));
        QVERIFY2(pca->problemText().contains("at least 2 points"), qPrintable(pca->problemText()));
        // Points all equal: no direction, and the message names the file.
        QVERIFY(w->openFile(writeFile("same.csv", "x,y\n1,2\n1,2\n1,2\n")));
        QVERIFY2(pca->problemText().contains("same.csv: PCA: all 3 points are equal"),
                 qPrintable(pca->problemText()));
        QVERIFY(w->openFile(writeFile("line.csv", "x,y\n0,0\n1,1\n2,2\n")));
        QVERIFY(pca->pca()->fit());
        QVERIFY(!pca->pca()->em()); // no noise: EM says why instead
        QVERIFY(pca->view()->em()->text().contains("No EM"));
    }

    void aThreeColumnCsvOpensInThe3dPanel() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        const PointSet before2d = pca->pca()->data();
        QByteArray csv = "a,b,c\n";
        for (int i = 0; i < 40; ++i) // near the plane z = 0.5 x - 0.25 y
            csv += QByteArray::number(i % 7 - 3.0) + "," + QByteArray::number(i % 5 - 2.0) + "," +
                   QByteArray::number(0.5 * (i % 7 - 3.0) - 0.25 * (i % 5 - 2.0) +
                                      0.01 * (i % 3 - 1)) +
                   "\n";
        QVERIFY2(w->openFile(writeFile("cloud3.csv", csv)), qPrintable(m_errors.join('\n')));
        QVERIFY(pca->panel() == PcaPage::Panel::View3d);
        View3dPanel* v = pca->view3d();
        QCOMPARE(v->data().size(), 40);
        QVERIFY(QString::fromStdString(v->data().name).contains("cloud3"));
        QVERIFY(v->plot()->manifold());
        // The fitted plane is the one the data were made near: normal along (0.5, -0.25, -1).
        const Eigen::Vector3d n = v->plot()->manifold()->normal();
        QVERIFY(std::abs(n.dot(Eigen::Vector3d(0.5, -0.25, -1).normalized())) > 0.999);
        QCOMPARE(pca->pca()->data().points, before2d.points); // the 2D lesson untouched
        QVERIFY(pca->problemText().isEmpty());
        QVERIFY2(pca->subtitle().contains("cloud3") && pca->subtitle().contains("3D"),
                 qPrintable(pca->subtitle()));
    }

    void keysOfThe3dPanelWorkFromAnyPanel() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        QVERIFY(pca->panel() == PcaPage::Panel::Manifold);
        QTest::keyClick(w.get(), Qt::Key_V); // look along PC3: the 3D panel comes to the front
        QVERIFY(pca->panel() == PcaPage::Panel::View3d);
        QTRY_VERIFY_WITH_TIMEOUT(!pca->view3d()->turning(), 5000);
        QVERIFY(pca->view3d()->plot()->longestResidualPixels() < 1.0);
        QTest::keyClick(w.get(), Qt::Key_Q);
        QCOMPARE(pca->view3d()->q(), 1);
        QTest::keyClick(w.get(), Qt::Key_1, Qt::AltModifier);
        QVERIFY(pca->panel() == PcaPage::Panel::Manifold);
        QTest::keyClick(w.get(), Qt::Key_6, Qt::AltModifier);
        QVERIFY(pca->panel() == PcaPage::Panel::View3d);
    }

    void the3dViewRoundTripsInASession() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        pca->setPanel(PcaPage::Panel::View3d);
        View3dPanel* v = pca->view3d();
        v->loadPreset("plane", 3);
        // Turn it with the mouse, then choose the line.
        View3dPlot* plot = v->plot();
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(200, 200));
        QTest::mouseMove(plot, QPoint(260, 170));
        QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(260, 170));
        v->setQ(1);
        v->setShowResiduals(false);
        const Rotation3 turned = v->rotation();
        const PointSet points = v->data();
        const QString file = m_dir.filePath("pca3d.latentlab");
        QVERIFY(w->saveSession(file));

        auto u = make();
        QVERIFY2(u->openFile(file), qPrintable(m_errors.join('\n')));
        PcaPage* back = pcaPage(*u);
        QVERIFY(back->panel() == PcaPage::Panel::View3d);
        QCOMPARE(back->view3d()->rotation(), turned); // bit for bit
        QCOMPARE(back->view3d()->q(), 1);
        QVERIFY(!back->view3d()->showResiduals());
        QCOMPARE(back->view3d()->data().points, points.points);
        QCOMPARE(back->view3d()->plot()->pointCloud()->data(), plot->pointCloud()->data());
        const QString again = m_dir.filePath("pca3d-again.latentlab");
        QVERIFY(u->saveSession(again));
        QCOMPARE(readSessionFile(again.toStdString()).payload,
                 readSessionFile(file.toStdString()).payload);
    }

    void commandLineOptionsAreChecked() {
        const QList<PageInfo> pages = registeredPages();
        auto fails = [&](const QStringList& args, const QString& text) {
            const auto r = parseCommandLine(QStringList{"latentlab"} + args, pages);
            if (!std::holds_alternative<CommandLineExit>(r))
                return false;
            const auto& e = std::get<CommandLineExit>(r);
            return e.status == 2 && e.text.contains(text);
        };
        QVERIFY(fails({"--view", "pca", "--q", "0"}, "--q"));
        QVERIFY(fails({"--view", "pca", "--q", "2"}, "--q must be 1 for 2D"));
        QVERIFY(fails({"--view", "pca", "--images", "faces"}, "mnist or fashion"));
        QVERIFY(fails({"--view", "pca", "--preset", "rings"}, "unknown preset"));
        QVERIFY(fails({"--view", "pca", "--panel", "nope"}, "--panel"));
        QVERIFY(fails({"--view", "pca", "--images", "mnist", "--q", "101"}, "1 to 100"));
        QVERIFY(fails({"--view", "pca", "--panel", "3d", "--q", "3"}, "1 (a line) or 2"));
        QVERIFY(fails({"--view", "pca", "--panel", "3d", "--preset", "cloud"}, "3D panel"));
        QVERIFY(std::holds_alternative<GuiOptions>(parseCommandLine(
            {"latentlab", "--view", "pca", "--panel", "3d", "--preset", "line", "--q", "2"},
            pages)));
        const auto ok = parseCommandLine({"latentlab", "--q", "1", "--preset", "faithful"}, pages);
        QVERIFY(std::holds_alternative<GuiOptions>(ok));
        QCOMPARE(std::get<GuiOptions>(ok).view, QString("pca")); // --q is the PCA view's
    }

    void eigenImagesReconstructBetterWithMoreComponents() {
        auto w = make();
        w->showPage("pca");
        PcaPage* pca = pcaPage(*w);
        pca->applyOptions({{"images", "mnist"}, {"q", "5"}});
        QVERIFY2(pca->pca()->images(), qPrintable(pca->pca()->imageError()));
        QVERIFY(pca->panel() == PcaPage::Panel::Images);
        ImagePanel* panel = pca->images();
        QVERIFY2(panel->statusText().contains("stand in for faces"),
                 qPrintable(panel->statusText()));
        QCOMPARE(pca->pca()->images()->pca.componentCount(), 100);
        auto error = [&] {
            // "|x − x̂|² = E (e per pixel), ..."
            const auto m = QRegularExpression("= ([0-9.]+) ").match(panel->errorText());
            return m.hasMatch() ? m.captured(1).toDouble() : -1.0;
        };
        QCOMPARE(panel->reconstructionQ(), 5);
        const double e5 = error();
        panel->setReconstructionQ(50);
        const double e50 = error();
        QVERIFY2(e50 < e5 && e50 > 0, qPrintable(QString("%1 %2").arg(e5).arg(e50)));
        // The error shown is the test image's own squared error, computed here independently.
        const auto model = pca->pca()->images();
        const Eigen::VectorXd x = model->test.col(0);
        const Eigen::MatrixXd u = model->pca.leading(50);
        const Eigen::VectorXd xhat =
            model->pca.mean() + u * (u.transpose() * (x - model->pca.mean()));
        QVERIFY(std::abs(e50 - (x - xhat).squaredNorm()) < 0.01);
        // The generator's image moves with z_1.
        panel->setLatent(0, 0.0);
        const QImage atMean = panel->generatedTile()->image();
        panel->setLatent(0, 2.5);
        QVERIFY(panel->generatedTile()->image() != atMean);
    }
};

LATENTLAB_APP_TEST_MAIN(PcaPageTest)
#include "pca_page_test.moc"
