// MixtureDocument: edits are undoable and merge per stroke or drag, every edit restarts the
// fit at state 0, and the worker-thread path gives the same numbers as the direct one.
#include "test_main.h"

#include "common/error.h"
#include "mixture/mixture_document.h"
#include "data/presets.h"
#include "common/settings.h"

#include <QSignalSpy>
#include <QUndoStack>

using namespace latentlab;

namespace {
PointSet blobs() {
    PointSet set;
    set.name = "test";
    set.points.resize(2, 60);
    for (int i = 0; i < 60; ++i) {
        const double cx = (i % 3) * 5.0, cy = (i % 3 == 1) * 4.0;
        set.points.col(i) << cx + 0.37 * std::sin(i * 1.7), cy + 0.41 * std::cos(i * 2.3);
    }
    return set;
}
} // namespace

class DocumentTest : public QObject {
    Q_OBJECT
private slots:
    void editsRestartTheFit() {
        MixtureDocument doc;
        doc.setData(blobs(), "blobs");
        QVERIFY(doc.snapshot());
        doc.stepForward();
        doc.stepForward();
        QCOMPARE(doc.snapshot()->state, 2);
        Eigen::Matrix2Xd p(2, 1);
        p << 1, 1;
        doc.addPoints(p, 1);
        QCOMPARE(doc.snapshot()->state, 0);
        QCOMPARE(doc.snapshot()->data->cols(), 61);
    }

    void sprayStrokeIsOneUndoStep() {
        MixtureDocument doc;
        doc.setData(blobs(), "blobs");
        const int base = doc.undoStack()->count();
        Eigen::Matrix2Xd p(2, 2);
        p << 1, 2, 3, 4;
        doc.addPoints(p, 7);
        doc.addPoints(p, 7);
        doc.addPoints(p, 7);
        QCOMPARE(doc.undoStack()->count(), base + 1);
        doc.addPoints(p, 8); // a new stroke
        QCOMPARE(doc.undoStack()->count(), base + 2);
        QCOMPARE(doc.data().size(), 68);
        doc.undoStack()->undo();
        QCOMPARE(doc.data().size(), 66);
        doc.undoStack()->undo();
        QCOMPARE(doc.data().size(), 60);
        QVERIFY(doc.data().points == blobs().points);
        doc.undoStack()->redo();
        QCOMPARE(doc.data().size(), 66);
    }

    void eraseAndClearAreUndoable() {
        MixtureDocument doc;
        doc.setData(blobs(), "blobs");
        doc.erasePoints({0, 5, 5, 999, -1}, 3);
        QCOMPARE(doc.data().size(), 58);
        QCOMPARE(Eigen::Vector2d(doc.data().points.col(0)), Eigen::Vector2d(blobs().points.col(1)));
        doc.clearPoints();
        QCOMPARE(doc.data().size(), 0);
        QVERIFY(!doc.snapshot());
        QVERIFY(!doc.fitError().isEmpty());
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QVERIFY(doc.data().points == blobs().points);
        QVERIFY(doc.snapshot());
    }

    void manualDragIsOneUndoStep() {
        MixtureDocument doc;
        doc.setData(blobs(), "blobs");
        doc.setInit(InitMethod::Manual);
        const int base = doc.undoStack()->count();
        const Eigen::Matrix2d cov = Eigen::Matrix2d::Identity() * 0.5;
        for (int i = 0; i < 10; ++i)
            doc.setManualComponent(0, Eigen::Vector2d(i * 0.1, 0), cov, i == 9, 42);
        QCOMPARE(doc.undoStack()->count(), base + 1);
        QCOMPARE(doc.snapshot()->params.means(0, 0), 0.9);
        doc.undoStack()->undo();
        QVERIFY(doc.snapshot()->params.means(0, 0) != 0.9);
    }

    void tooFewPointsIsExplained() {
        MixtureDocument doc;
        PointSet two;
        two.points.resize(2, 2);
        two.points << 0, 1, 0, 1;
        doc.setData(two, "two");
        QVERIFY(!doc.snapshot());
        QVERIFY2(doc.fitError().contains("K = 3"), qPrintable(doc.fitError()));
        doc.setK(2);
        QVERIFY(doc.snapshot());
    }

    void rejectsBadData() {
        MixtureDocument doc;
        doc.setData(blobs(), "blobs");
        PointSet three;
        three.points = Eigen::MatrixXd::Ones(3, 5);
        QVERIFY_THROWS_EXCEPTION(ArgumentError, doc.setData(three, "3d"));
        PointSet nan = blobs();
        nan.points(1, 4) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(ArgumentError, doc.setData(nan, "nan"));
        QVERIFY(doc.data().points == blobs().points);
    }

    void workerThreadGivesTheSameNumbers() {
        MixtureDocument direct, worker;
        worker.setAsyncThreshold(1); // everything off the GUI thread
        QSignalSpy busy(&worker, &MixtureDocument::busyChanged);
        direct.setData(blobs(), "blobs");
        worker.setData(blobs(), "blobs");
        QVERIFY(worker.busy() || busy.count() > 0);
        QTRY_VERIFY(!worker.busy()); // through the event loop, as in the app
        QVERIFY(worker.snapshot());
        for (int i = 0; i < 5; ++i) {
            direct.stepForward();
            worker.stepForward();
            QVERIFY(worker.busy());
            worker.stepForward(); // ignored while busy
            worker.waitForIdle();
        }
        QCOMPARE(worker.snapshot()->state, 5);
        QCOMPARE(worker.snapshot()->logLikelihood, direct.snapshot()->logLikelihood);
        QVERIFY(worker.snapshot()->params.means == direct.snapshot()->params.means);
        worker.runToConvergence();
        direct.runToConvergence();
        QTRY_VERIFY_WITH_TIMEOUT(!worker.busy(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!direct.busy(), 20000);
        QCOMPARE(worker.snapshot()->state, direct.snapshot()->state);
        QVERIFY(worker.snapshot()->converged);
        // An edit while the worker runs cancels it and restarts the fit.
        worker.goToFirst();
        worker.waitForIdle();
        worker.runToConvergence();
        worker.setK(2);
        worker.waitForIdle();
        QCOMPARE(worker.snapshot()->state, 0);
        QCOMPARE(worker.snapshot()->params.k(), 2);
    }

    void preferencesUseTheirDefaultAndRoundTrip() {
        const Preference<int> p("test/answer", 42);
        p.reset();
        QCOMPARE(p.value(), 42);
        p.setValue(7);
        QCOMPARE(p.value(), 7);
        QVERIFY(!QSettings().fileName().contains(QDir::homePath() + "/.config/LatentLab"));
        p.reset();
        QCOMPARE(p.value(), 42);
    }
};

LATENTLAB_APP_TEST_MAIN(DocumentTest)
#include "document_test.moc"
