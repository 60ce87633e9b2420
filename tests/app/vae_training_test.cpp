// Training a VAE in the app (issue 11, "Live training"): the GUI's command line and the Start
// button run the same path and give the weights latentlab-cli vae-train gives; pause and
// resume give the weights of an uninterrupted run; stop leaves a model that saves, reopens
// and scores; the plane follows the snapshots; the Train tab's words. Small settings (a
// 32-16 network, one to three epochs) keep it fast.
#include "test_main.h"

#include "vae/vae_document.h"
#include "vae/vae_evaluation.h"
#include "vae/vae_model_io.h"
#include "vae/vae_page.h"
#include "vae/vae_resources.h"
#include "vae/vae_training_curves.h"
#include "vae/vae_training_panel.h"
#include "vae/vae_training_run.h"
#include "vae/vae_view.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QSlider>
#include <QTabWidget>
#include <cstring>
#include <nlohmann/json.hpp>

using namespace latentlab;

namespace {

/// Runs a program; its stdout, or a failed QVERIFY-able empty optional with stderr printed.
std::optional<QByteArray> run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("%s %s: %s", qPrintable(program), qPrintable(args.join(' ')),
                 qPrintable(QString::fromLocal8Bit(p.readAllStandardError())));
        return std::nullopt;
    }
    return p.readAllStandardOutput();
}

bool sameWeights(const Vae& a, const Vae& b) {
    return a.architecture() == b.architecture() && a.parameters().size() == b.parameters().size() &&
           std::memcmp(a.parameters().data(), b.parameters().data(),
                       a.parameters().size() * sizeof(float)) == 0;
}

VaeTrainingSettings small(int epochs) {
    VaeTrainingSettings s;
    s.hidden = {32, 16};
    s.options.epochs = epochs;
    s.options.seed = 7;
    s.options.threads = 2;
    return s;
}

} // namespace

class VaeTrainingTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void guiCommandLineGivesTheCliModel() {
        const QString gui = m_dir.filePath("gui.llvae"), cli = m_dir.filePath("cli.llvae");
        const QString shot = m_dir.filePath("training.png");
        QVERIFY(run(QStringLiteral(LATENTLAB_GUI_BINARY),
                    {"--view", "vae", "--train-epochs", "1", "--train-hidden", "32,16", "--seed",
                     "5", "--threads", "2", "--beta", "1.5", "--save-model", gui, "--screenshot",
                     shot, "--size", "900x600"}));
        QCOMPARE(QImage(shot).size(), QSize(900, 600));
        const QString data = vaeResourceDir() + "/data/";
        QVERIFY(run(QStringLiteral(LATENTLAB_CLI),
                    {"vae-train", "--images", data + "mnist10k-images-idx3-ubyte.gz", "--labels",
                     data + "mnist10k-labels-idx1-ubyte.gz", "--epochs", "1", "--hidden", "32,16",
                     "--seed", "5", "--threads", "2", "--beta", "1.5", "--out", cli}));
        const VaeModel a = loadVaeModel(gui.toStdString()), b = loadVaeModel(cli.toStdString());
        QVERIFY(sameWeights(*a.vae, *b.vae));
        QCOMPARE(a.record.dataset, b.record.dataset);
        QCOMPARE(a.record.datasetChecksum, b.record.datasetChecksum);
        QCOMPARE(a.record.testElbo, b.record.testElbo);
        // And they score identically through the CLI.
        QStringList eval = {"vae-eval", "--images",   data + "mnist10k-images-idx3-ubyte.gz",
                            "--range",  "8000:10000", "--model"};
        const auto sa = run(QStringLiteral(LATENTLAB_CLI), eval + QStringList{gui});
        const auto sb = run(QStringLiteral(LATENTLAB_CLI), eval + QStringList{cli});
        QVERIFY(sa && sb);
        QVERIFY(sa->contains("\"elbo\""));
        QCOMPARE(*sa, *sb);
        // The record's command makes the same model again.
        QVERIFY(QString::fromStdString(a.record.command).startsWith("latentlab-cli vae-train"));
    }

    void badTrainingOptionsAreRefusedBeforeAWindow() {
        const QString out = m_dir.filePath("never.png");
        for (const QStringList& bad :
             {QStringList{"--train-epochs", "0"},
              QStringList{"--train-epochs", "1", "--beta", "11"},
              QStringList{"--train-epochs", "1", "--train-data", "/no/such/file"},
              QStringList{"--train-epochs", "1", "--train-hidden", "32,x"},
              QStringList{"--beta", "2"}}) {
            QProcess p;
            p.start(QStringLiteral(LATENTLAB_GUI_BINARY),
                    QStringList{"--view", "vae", "--screenshot", out} + bad);
            QVERIFY(p.waitForFinished(60000));
            QVERIFY2(p.exitCode() != 0, qPrintable(bad.join(' ')));
            QVERIFY(!QFileInfo::exists(out));
        }
    }

    void startFollowsOnThePlaneAndDrawsTheCurves() {
        VaePage page;
        page.resize(1200, 800);
        page.show();
        page.activated();
        page.vae()->waitForIdle();
        page.trainingPanel()->setSettings(small(3));
        QAction* start = page.findChild<QAction*>("trainStart");
        QVERIFY(start && !start->shortcuts().isEmpty() && !start->toolTip().isEmpty());
        start->trigger();
        QCOMPARE(page.view()->tabs()->currentWidget(), page.trainingPanel());
        QVERIFY(page.trainingRun()->active());
        page.trainingRun()->waitUntilFinished();
        VaeTrainingRun* run = page.trainingRun();
        QCOMPARE(run->state(), VaeTrainingRun::State::Finished);
        QCOMPARE(int(run->epochs().size()), 3);
        QVERIFY(run->snapshotsShown() >= 2);
        // The curves: a smoothed point per batch, a point per epoch for the others.
        const std::vector<int> counts = page.trainingPanel()->curves()->pointCounts();
        QCOMPARE(counts[0], 3 * run->batches());
        for (int i = 1; i < 5; ++i)
            QCOMPARE(counts[std::size_t(i)], 3);
        // The plane shows the final weights' encodings of the test images.
        const auto model = page.vae()->model();
        QVERIFY(model && model->training);
        const auto set = page.vae()->testSet();
        QVERIFY(set);
        QCOMPARE(set->count(), 2000);
        QVERIFY(sameWeights(*model->model.vae, *run->model()->model.vae));
        // (All images in one batch, as the run and latentlab-cli vae-encode encode them.)
        Eigen::MatrixXf x(784, set->count()), mu, logVar;
        for (int i = 0; i < set->count(); ++i)
            x.col(i) = set->target(i);
        model->model.vae->encode(x, mu, logVar);
        QVERIFY(mu == Eigen::MatrixXf(set->mu));
        // The decoder image at z follows the trained weights.
        const Eigen::VectorXf at = model->model.vae->decode(page.vae()->z().cast<float>());
        QCOMPARE(page.vae()->decodedMeans(), at);
        QVERIFY(page.trainingPanel()->progressText().contains("Trained 3 epochs"));
    }

    void pauseAndResumeGiveTheUninterruptedWeights() {
        VaePage straight, paused;
        for (VaePage* p : {&straight, &paused}) {
            p->activated();
            p->vae()->waitForIdle();
        }
        const VaeTrainingSettings s = small(2);
        QVERIFY(straight.startTraining(&s));
        straight.trainingRun()->waitUntilFinished();

        QVERIFY(paused.startTraining(&s));
        VaeTrainingRun* run = paused.trainingRun();
        QTRY_VERIFY(run->totalBatchesDone() >= 3);
        paused.findChild<QAction*>("trainPause")->trigger();
        QCOMPARE(run->state(), VaeTrainingRun::State::Paused);
        QCOMPARE(paused.findChild<QAction*>("trainPause")->text(), QStringLiteral("&Resume"));
        // The batch under way ends (on a busy machine it may take a while), then nothing
        // moves: two counts 150 ms apart agree, within 6 s.
        int done = -1;
        for (int tries = 0; tries < 20 && done != run->totalBatchesDone(); ++tries) {
            done = run->totalBatchesDone();
            QTest::qWait(150);
        }
        QCOMPARE(run->totalBatchesDone(), done);
        QTest::qWait(150);
        QCOMPARE(run->totalBatchesDone(), done);
        QVERIFY(paused.trainingPanel()->progressText().contains("paused"));
        paused.findChild<QAction*>("trainPause")->trigger();
        QCOMPARE(run->state(), VaeTrainingRun::State::Running);
        run->waitUntilFinished();
        QCOMPARE(run->state(), VaeTrainingRun::State::Finished);
        QVERIFY(sameWeights(*run->model()->model.vae, *straight.trainingRun()->model()->model.vae));
    }

    void stopLeavesAModelThatSavesReopensAndScores() {
        VaePage page;
        page.activated();
        page.vae()->waitForIdle();
        const QString before = page.vae()->model()->source;
        const VaeTrainingSettings s = small(200);
        QVERIFY(page.startTraining(&s));
        VaeTrainingRun* run = page.trainingRun();
        QTRY_VERIFY(run->totalBatchesDone() >= 2);
        page.findChild<QAction*>("trainStop")->trigger();
        run->waitUntilFinished();
        QCOMPARE(run->state(), VaeTrainingRun::State::Stopped);
        QVERIFY(run->epochs().size() < 200u);
        // A session made now names the model shown before training (this one is in no file).
        QCOMPARE(QString::fromStdString(page.saveSession()["model"].get<std::string>()), before);

        const QString path = m_dir.filePath("stopped.llvae");
        page.saveTrainedModel(path);
        const VaeModel saved = loadVaeModel(path.toStdString());
        QVERIFY(sameWeights(*saved.vae, *run->model()->model.vae));
        const VaeEvaluation e = evaluateVae(*saved.vae, *loadTrainingData(s).test, {});
        QVERIFY(std::isfinite(e.elbo) && e.elbo < 0);
        // Saved, the page shows it from its file, and a session holds it.
        QCOMPARE(page.vae()->model()->source, QFileInfo(path).absoluteFilePath());
        QCOMPARE(QString::fromStdString(page.saveSession()["model"].get<std::string>()),
                 QFileInfo(path).absoluteFilePath());
        page.vae()->waitForIdle();
        QVERIFY(page.vae()->testSet());

        // Reset forgets the run and shows the model from before.
        page.findChild<QAction*>("trainReset")->trigger();
        QCOMPARE(run->state(), VaeTrainingRun::State::Idle);
        QVERIFY(run->epochs().empty());
    }

    void betaSliderSaysWhatBetaMeans() {
        VaeTrainingRun run;
        VaeTrainingPanel panel(&run);
        QVERIFY(VaeTrainingPanel::betaMeaning(0).contains("autoencoder"));
        QVERIFY(VaeTrainingPanel::betaMeaning(0).contains("cannot generate"));
        QVERIFY(VaeTrainingPanel::betaMeaning(1).contains("ELBO"));
        QVERIFY(VaeTrainingPanel::betaMeaning(4).contains("blurrier"));
        QCOMPARE(panel.betaSlider()->minimum(), 0);
        panel.betaSlider()->setValue(panel.betaSlider()->maximum());
        QCOMPARE(panel.settings()->options.beta, 10.0);
        panel.betaSlider()->setValue(0);
        QCOMPARE(panel.settings()->options.beta, 0.0);
        auto* note = panel.findChild<QLabel*>("betaMeaning");
        QVERIFY(note && note->text().contains("autoencoder"));
    }

    void aStrongBetaWarnsOfPosteriorCollapseInWords() {
        VaePage page;
        page.activated();
        page.vae()->waitForIdle();
        for (double beta : {1.0, 10.0}) {
            VaeTrainingSettings s = small(2);
            s.options.beta = beta;
            QVERIFY(page.startTraining(&s));
            page.trainingRun()->waitUntilFinished();
            page.trainingPanel()->progressText(); // the panel has refreshed on the state
            const double kl = page.trainingRun()->epochs().back().test.kl;
            const bool warned = page.trainingPanel()->warningText().contains("Posterior collapse");
            QCOMPARE(warned, kl < 1.0);
            if (beta == 10.0)
                QVERIFY2(kl < 1.0, qPrintable(QString::number(kl))); // beta = 10 collapses here
        }
    }

    void anIdxFileFromDiskTrainsWithItsLabels() {
        // An MNIST-named pair on disk: the labels are found beside the images.
        const QString data = vaeResourceDir() + "/data/";
        const QString images = m_dir.filePath("t10k-images-idx3-ubyte.gz");
        QVERIFY(QFile::copy(data + "mnist10k-images-idx3-ubyte.gz", images));
        QVERIFY(QFile::copy(data + "mnist10k-labels-idx1-ubyte.gz",
                            m_dir.filePath("t10k-labels-idx1-ubyte.gz")));
        VaeTrainingSettings s = small(1);
        QVERIFY(parseTrainingData(images, s));
        QCOMPARE(s.data, VaeTrainingDataKind::Idx);
        QCOMPARE(QFileInfo(s.labels).fileName(), QStringLiteral("t10k-labels-idx1-ubyte.gz"));
        const VaeTrainingData d = loadTrainingData(s);
        QCOMPARE(int(d.train->count), 8000);
        QCOMPARE(int(d.test->count), 2000);
        QCOMPARE(int(d.test->labels.size()), 2000);
        QVERIFY(d.cliCommand(s).contains("--train 0:8000 --test 8000:10000"));
    }

    void aDataFileOfTheWrongShapeIsRefusedByName() {
        VaeTrainingSettings s = small(1);
        s.data = VaeTrainingDataKind::Idx;
        s.images = m_dir.filePath("bad-images-idx3-ubyte");
        QFile f(s.images);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromHex("00000803000000020000000300000003") + QByteArray(18, '\x10'));
        f.close();
        VaeTrainingRun run;
        try {
            run.start(s);
            QFAIL("3 x 3 images must be refused");
        } catch (const std::exception& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("bad-images-idx3-ubyte"), e.what());
        }
        QCOMPARE(run.state(), VaeTrainingRun::State::Idle);
    }
};

LATENTLAB_APP_TEST_MAIN(VaeTrainingTest)
#include "vae_training_test.moc"
