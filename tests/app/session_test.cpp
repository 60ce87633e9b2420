// Sessions round-trip everything (data, settings, manual initialisation, current half-step),
// and bad CSV or session files are reported without touching the current data.
#include "test_main.h"

#include "io/json.h"
#include "io/session.h"
#include "main_window.h"
#include "mixture/mixture_document.h"
#include "mixture/mixture_session.h"

#include <QFile>
#include <QUndoStack>

using namespace latentlab;

namespace {
struct Picture {
    Eigen::MatrixXd points;
    int k, state;
    std::uint64_t seed;
    CovarianceType cov;
    Eigen::MatrixXd means;
};
Picture picture(const MainWindow& w) {
    const auto s = mixturePage(w)->mixture()->snapshot();
    return {mixturePage(w)->mixture()->data().points,
            mixturePage(w)->mixture()->settings().k,
            s ? s->state : -1,
            mixturePage(w)->mixture()->settings().seed,
            mixturePage(w)->mixture()->settings().covariance,
            s ? s->params.means : Eigen::MatrixXd()};
}
bool operator==(const Picture& a, const Picture& b) {
    return a.points == b.points && a.k == b.k && a.state == b.state && a.seed == b.seed &&
           a.cov == b.cov && a.means == b.means;
}
} // namespace

class SessionTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QStringList m_errors;

    std::unique_ptr<MainWindow> makeWindow() {
        auto w = std::make_unique<MainWindow>(false);
        w->setErrorReporter([this](const QString&, const QString& m) { m_errors << m; });
        return w;
    }
    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

private slots:
    void roundTrip() {
        auto a = makeWindow();
        MixtureDocument* doc = mixturePage(*a)->mixture();
        doc->setK(4);
        doc->setSeed(1234567);
        doc->setCovariance(CovarianceType::Diag);
        doc->setRegularisation(1e-4);
        Eigen::Matrix2Xd extra(2, 2);
        extra << 0.125, -3.5, 1.0 / 3.0, 2.75;
        doc->addPoints(extra, 1);
        for (int i = 0; i < 5; ++i)
            doc->stepForward();
        QCOMPARE(doc->snapshot()->state, 5);
        const QString path = m_dir.filePath("a.latentlab");
        QVERIFY(a->saveSession(path));

        auto b = makeWindow();
        QVERIFY2(b->openFile(path), qPrintable(b->lastError()));
        QVERIFY(picture(*a) == picture(*b));
        QCOMPARE(mixturePage(*b)->mixture()->settings().reg, 1e-4);
        QVERIFY(mixturePage(*b)->mixture()->settings().init == doc->settings().init);
        const auto sa = doc->snapshot(), sb = mixturePage(*b)->mixture()->snapshot();
        QCOMPARE(sb->logLikelihood, sa->logLikelihood); // the same bits
        QVERIFY(sb->params.covariances == sa->params.covariances);
        QVERIFY(*sb->responsibilities == *sa->responsibilities);
    }

    void manualInitialisationRoundTrips() {
        auto a = makeWindow();
        MixtureDocument* doc = mixturePage(*a)->mixture();
        doc->setInit(InitMethod::Manual);
        QVERIFY(doc->settings().manualParams);
        Eigen::Matrix2d cov;
        cov << 0.5, 0.2, 0.2, 0.3;
        doc->setManualComponent(1, Eigen::Vector2d(0.75, -1.25), cov, true, 9);
        QCOMPARE(doc->snapshot()->state, 0);
        QCOMPARE(Eigen::Vector2d(doc->snapshot()->params.means.col(1)),
                 Eigen::Vector2d(0.75, -1.25)); // the fit starts from exactly that
        const QString path = m_dir.filePath("manual.latentlab");
        QVERIFY(a->saveSession(path));
        auto b = makeWindow();
        QVERIFY2(b->openFile(path), qPrintable(b->lastError()));
        QVERIFY(mixturePage(*b)->mixture()->settings().init == InitMethod::Manual);
        QVERIFY(mixturePage(*b)->mixture()->settings().manualParams->means ==
                doc->settings().manualParams->means);
        QVERIFY(mixturePage(*b)->mixture()->snapshot()->params.covariances[1] ==
                doc->snapshot()->params.covariances[1]);
    }

    void versionOneSessionOpens() {
        // As LatentLab wrote sessions before pages (Qt's JSON: every number a double).
        const QString path = write("v1.latentlab", R"({
    "data": {"columns": ["x", "y"], "name": "three", "points": [[0, 0], [1, 0.5], [4, 4]]},
    "format": "latentlab-session",
    "model": {"covariance": "diag", "init": "random", "k": 2, "maxIter": 50, "reg": 1e-05,
              "seed": 99, "tol": 0.001},
    "version": 1,
    "view": {"palette": "colorblind", "state": 3}
})");
        auto w = makeWindow();
        QVERIFY2(w->openFile(path), qPrintable(w->lastError()));
        const MixtureDocument* doc = mixturePage(*w)->mixture();
        QCOMPARE(doc->data().size(), 3);
        QCOMPARE(doc->data().points(1, 1), 0.5);
        QCOMPARE(doc->settings().k, 2);
        QVERIFY(doc->settings().covariance == CovarianceType::Diag);
        QVERIFY(doc->settings().init == InitMethod::Random);
        QCOMPARE(doc->settings().seed, std::uint64_t(99));
        QCOMPARE(doc->settings().maxIter, 50);
        QCOMPARE(doc->snapshot()->state, 3);
    }

    void badSessionsLeaveDataUntouched_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expect");
        const QByteArray good = [] {
            MixtureSession s;
            s.data.points.resize(2, 3);
            s.data.points << 0, 1, 2, 3, 4, 5;
            return QByteArray::fromStdString(
                serializeSessionFile({kMixturePage, "lecture", toJson(s)}));
        }();
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("truncated") << good.left(good.size() / 2) << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "object";
        QTest::newRow("wrong format")
            << QByteArray(good).replace("latentlab-session", "other") << "format";
        QTest::newRow("NaN literal")
            << QByteArray(good).replace("\"reg\": 1e-06", "\"reg\": NaN") << "JSON";
        QTest::newRow("huge number")
            << QByteArray(good).replace("\"reg\": 1e-06", "\"reg\": 1e999") << "not valid JSON";
        QTest::newRow("string for number")
            << QByteArray(good).replace("\"k\": 3", "\"k\": \"three\"") << "model.k";
        QTest::newRow("k out of range")
            << QByteArray(good).replace("\"k\": 3", "\"k\": 99") << "model.k";
        QTest::newRow("missing model")
            << QByteArray(good).replace("\"model\"", "\"modal\"") << "missing field \"model\"";
        QTest::newRow("another page")
            << QByteArray(good).replace("\"mixture\"", "\"hologram\"")
            << "\"hologram\" lesson, which this LatentLab does not have";
        auto edited = [&good](auto edit) {
            nlohmann::json root = parseJson(good.toStdString(), "good");
            edit(root["mixture"]);
            return QByteArray::fromStdString(writeJson(root));
        };
        QTest::newRow("point with three coordinates") << edited([](nlohmann::json& mixture) {
            mixture["data"]["points"][1] = {0, 1, 7};
        }) << "data.points[1]";
        QTest::newRow("point as string") << edited([](nlohmann::json& mixture) {
            mixture["data"]["points"][2] = {"1", 2};
        }) << "data.points[2][0]";
        QTest::newRow("manual init without parameters")
            << edited([](nlohmann::json& mixture) { mixture["model"]["init"] = "manual"; })
            << "model.manual";
        QTest::newRow("columns not strings") << edited([](nlohmann::json& mixture) {
            mixture["data"]["columns"] = {1, 2};
        }) << "data.columns";
        QTest::newRow("state beyond limit")
            << QByteArray(good).replace("\"state\": 0", "\"state\": 1000000000") << "state";
        QByteArray huge = QByteArray(good).replace("\"max_iter\": 100",
                                                   "\"max_iter\": 100, \"manual\": {\"weights\": [" +
                                                       QByteArray("1,").repeated(5000) +
                                                       "1], \"means\": [], \"covariances\": []}");
        QTest::newRow("huge manual arrays") << huge << "model.manual";
        QTest::newRow("newer version")
            << QByteArray(good).replace("\"version\": 2", "\"version\": 7") << "update LatentLab";
    }

    void badSessionsLeaveDataUntouched() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expect);
        auto w = makeWindow();
        mixturePage(*w)->mixture()->stepForward();
        const Picture before = picture(*w);
        const QString path = write("bad.latentlab", bytes);
        m_errors.clear();
        QVERIFY(!w->openFile(path));
        QCOMPARE(m_errors.size(), 1);
        QVERIFY2(m_errors[0].contains("bad.latentlab"), qPrintable(m_errors[0]));
        QVERIFY2(m_errors[0].contains(expect, Qt::CaseInsensitive), qPrintable(m_errors[0]));
        QVERIFY(picture(*w) == before);
    }

    void badCsvLeavesDataUntouched_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text field") << QByteArray("x,y\n1,2\n3,abc\n");
        QTest::newRow("NaN") << QByteArray("x,y\n1,2\nnan,3\n");
        QTest::newRow("ragged") << QByteArray("1,2\n3,4,5\n");
        QTest::newRow("three columns") << QByteArray("1,2,3\n4,5,6\n");
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11);
    }

    void badCsvLeavesDataUntouched() {
        QFETCH(QByteArray, bytes);
        auto w = makeWindow();
        mixturePage(*w)->mixture()->stepForward();
        mixturePage(*w)->mixture()->stepForward();
        const Picture before = picture(*w);
        const int undoCount = mixturePage(*w)->mixture()->undoStack()->count();
        const QString path = write("bad.csv", bytes);
        m_errors.clear();
        QVERIFY(!w->openFile(path));
        QCOMPARE(m_errors.size(), 1);
        QVERIFY2(m_errors[0].contains("bad.csv"), qPrintable(m_errors[0]));
        QVERIFY(picture(*w) == before);
        QCOMPARE(mixturePage(*w)->mixture()->undoStack()->count(), undoCount);
    }

    void goodCsvOpensAndIsUndoable() {
        auto w = makeWindow();
        const Picture before = picture(*w);
        const QString path = write("good.csv", "a,b\n0,0\n1,0\n0,1\n5,5\n6,5\n5,6\n9,0\n9,1\n");
        QVERIFY2(w->openFile(path), qPrintable(w->lastError()));
        QCOMPARE(mixturePage(*w)->mixture()->data().size(), 8);
        QCOMPARE(mixturePage(*w)->mixture()->snapshot()->state, 0);
        mixturePage(*w)->mixture()->undoStack()->undo();
        QVERIFY(picture(*w).points == before.points);
    }
};

LATENTLAB_APP_TEST_MAIN(SessionTest)
#include "session_test.moc"
