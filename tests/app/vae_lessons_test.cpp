// The VAE page's lesson tabs: the four-step walkthrough (--walkthrough, the Step / Back /
// Play / Reset actions with their keys, the inspector naming the step and the decoder) and
// AE vs VAE (--vae-tab: the autoencoder's codes spread far wider than the VAE's), also through
// the latentlab executable with --screenshot, and bad values refused before a window exists.
#include "test_main.h"

#include "command_line.h"
#include "vae/ae_vs_vae_view.h"
#include "vae/digit_image.h"
#include "vae/four_step_view.h"
#include "vae/latent_plot.h"
#include "vae/vae_document.h"
#include "vae/vae_page.h"

#include <QProcess>
#include <QTabWidget>
#include <cstring>
#include <variant>

using namespace latentlab;

// How long one walkthrough step may take off the GUI thread: unoptimised (-O0, the Debug and
// asan presets) a step took 28 s on a loaded machine, so there the wait is six times longer.
#ifdef __OPTIMIZE__
constexpr int kStepTimeoutMs = 20000;
#else
constexpr int kStepTimeoutMs = 120000;
#endif

class VaeLessonsTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> make() {
        auto w = std::make_unique<MainWindow>(registeredPages(), false);
        w->setErrorReporter(
            [](const QString&, const QString& m) { qWarning("%s", qPrintable(m)); });
        w->resize(1400, 900);
        w->show();
        [&] { QVERIFY(QTest::qWaitForWindowExposed(w.get())); }();
        w->showPage("vae");
        w->page<VaePage>()->vae()->waitForIdle();
        return w;
    }

    static int exitStatus(const QStringList& args) {
        const auto r = parseCommandLine(QStringList{"latentlab"} + args, registeredPages());
        return std::holds_alternative<CommandLineExit>(r) ? std::get<CommandLineExit>(r).status : 0;
    }

private slots:
    void walkthroughOptionShowsTheStep() {
        auto w = make();
        VaePage* p = w->page<VaePage>();
        p->applyOptions({{"walkthrough", "2"}});
        QCOMPARE(p->currentTab(), QStringLiteral("four-steps"));
        const FourStepWalkthrough* walk = p->fourSteps()->walkthrough();
        QVERIFY(walk);
        QCOMPARE(walk->stepsDone(), 2);
        QCOMPARE(walk->state().stage, FourStepStage::FitDecoder);
        const QString text = p->fourSteps()->inspectorText();
        QVERIFY2(text.contains("Step 2: fit the decoder") && text.contains("Bernoulli") &&
                     text.contains("Gaussian"),
                 qPrintable(text));
        // The plane shows every training image's code.
        QCOMPARE(p->fourSteps()->plot()->pointCloud() != nullptr, true);
        QCOMPARE(p->fourSteps()->curve()->graph(0)->dataCount(), 1);

        p->applyOptions({{"walkthrough", "3b"}});
        QCOMPARE(walk->stepsDone(), 5);
        QCOMPARE(QString::fromStdString(
                     FourStepWalkthrough::label(walk->state().stage, walk->state().round)),
                 QStringLiteral("3b"));
        QVERIFY(p->fourSteps()->inspectorText().contains("infer the codes"));
        QCOMPARE(p->fourSteps()->curve()->graph(0)->dataCount(), 4);
    }

    void stepAndBackThroughTheActions() {
        auto w = make();
        VaePage* p = w->page<VaePage>();
        p->showTab("four-steps");
        FourStepView* v = p->fourSteps();
        QVERIFY(v->ensureWalkthrough());
        // Tooltips name the keys.
        QVERIFY2(v->stepAction()->toolTip().contains("N"), qPrintable(v->stepAction()->toolTip()));
        QVERIFY(v->backAction()->toolTip().contains("Backspace"));
        QVERIFY(v->playAction()->toolTip().contains("Space"));
        v->stepAction()->trigger(); // step 1, off the GUI thread
        QTRY_COMPARE_WITH_TIMEOUT(v->walkthrough()->stepsDone(), 1, kStepTimeoutMs);
        v->stepAction()->trigger(); // step 2
        QTRY_COMPARE_WITH_TIMEOUT(v->walkthrough()->stepsDone(), 2, kStepTimeoutMs);
        const FourStepState two = v->walkthrough()->state();
        v->stepAction()->trigger(); // step 3
        QTRY_COMPARE_WITH_TIMEOUT(v->walkthrough()->stepsDone(), 3, kStepTimeoutMs);
        QTRY_VERIFY(!v->busy());
        // Step 3 raised J per image with the decoder fixed.
        const auto& s = v->walkthrough()->state();
        const Eigen::VectorXd before = v->walkthrough()->objective(two.decoder, two.z);
        const Eigen::VectorXd after = v->walkthrough()->objective(s.decoder, s.z);
        QVERIFY((after.array() >= before.array()).all());
        v->backAction()->trigger();
        QCOMPARE(v->walkthrough()->stepsDone(), 2);
        QVERIFY(std::memcmp(v->walkthrough()->state().z.data(), two.z.data(),
                            std::size_t(two.z.size()) * sizeof(float)) == 0);
        QVERIFY(v->inspectorText().contains("fit the decoder"));
        v->resetAction()->trigger();
        QCOMPARE(v->walkthrough()->stepsDone(), 0);
    }

    void aeVsVaeTrainsBothAndTheAutoencoderSpreadsOut() {
        auto w = make();
        VaePage* p = w->page<VaePage>();
        p->applyOptions({{"vae-tab", "ae-vs-vae"}});
        QCOMPARE(p->currentTab(), QStringLiteral("ae-vs-vae"));
        AeVsVaeView* v = p->aeVsVae();
        QVERIFY(v->hasResult());
        // The autoencoder's codes reach far beyond the prior; the VAE's stay near it.
        QVERIFY2(v->codeRadius(0) > 2 * v->codeRadius(1),
                 qPrintable(QString("%1 vs %2").arg(v->codeRadius(0)).arg(v->codeRadius(1))));
        QVERIFY(v->codeRadius(1) < 6);
        for (int k = 0; k < 2; ++k)
            QVERIFY(!v->samples(k)->image().isNull());
        QVERIFY(v->summaryText().contains("autoencoder"));
        // A press on a plane decodes that z with both models: different images.
        QVERIFY(v->decodedAtZ(0)->image().isNull());
        v->setZ(Eigen::Vector2d(0.5, -1.0));
        for (int k = 0; k < 2; ++k) {
            QCOMPARE(v->decodedAtZ(k)->image().size(), QSize(28, 28));
            QCOMPARE(v->plot(k)->latentPoint(), Eigen::Vector2d(0.5, -1.0));
        }
        QVERIFY(v->decodedAtZ(0)->image() != v->decodedAtZ(1)->image());
    }

    void badValuesAreRefusedBeforeAWindow() {
        QCOMPARE(exitStatus({"--view", "vae", "--walkthrough", "5"}), 2);
        QCOMPARE(exitStatus({"--view", "vae", "--walkthrough", "3e"}), 2);
        QCOMPARE(exitStatus({"--view", "vae", "--vae-tab", "nowhere"}), 2);
        QCOMPARE(exitStatus({"--view", "vae", "--walkthrough", "2", "--vae-tab", "ae-vs-vae"}), 2);
        QCOMPARE(exitStatus({"--view", "vae", "--walkthrough", "3d"}), 0);
        QCOMPARE(exitStatus({"--view", "vae", "--vae-tab", "four-steps"}), 0);
    }

    void screenshotsThroughTheExecutable() {
        for (const QStringList& args : {QStringList{"--walkthrough", "4"},
                                        QStringList{"--vae-tab", "ae-vs-vae", "--lecture"}}) {
            const QString out = m_dir.filePath(args.first().mid(2) + ".png");
            QProcess proc;
            proc.start(QStringLiteral(LATENTLAB_GUI_BINARY),
                       QStringList{"--view", "vae", "--screenshot", out, "--size", "1280x720"} +
                           args);
            // No limit of its own: ctest's and QtTest's bound it, and they follow the build
            // type (tests/app/CMakeLists.txt); at -O0 the AE vs VAE shot takes over 2 minutes.
            QVERIFY(proc.waitForFinished(-1));
            QVERIFY2(proc.exitCode() == 0, qPrintable(proc.readAllStandardError()));
            QCOMPARE(QImage(out).size(), QSize(1280, 720));
        }
    }
};

LATENTLAB_APP_TEST_MAIN(VaeLessonsTest)
#include "vae_lessons_test.moc"
