// The latentlab executable as the README uses it: --screenshot, --export-frames and bad
// arguments or files (message and non-zero exit).
#include "test_main.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>

class GuiProcessTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Result {
        int status;
        QString err;
    };
    /// `pretendLacks` sets LATENTLAB_PRETEND_CPU_LACKS for the start-up check of the CPU.
    static Result run(const QStringList& args, bool noDisplay = false,
                      const QString& scaleFactor = {}, const QString& pretendLacks = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (noDisplay) {
            env.remove("QT_QPA_PLATFORM");
            env.remove("DISPLAY");
            env.remove("WAYLAND_DISPLAY");
        }
        if (!scaleFactor.isEmpty())
            env.insert("QT_SCALE_FACTOR", scaleFactor);
        if (!pretendLacks.isEmpty())
            env.insert("LATENTLAB_PRETEND_CPU_LACKS", pretendLacks);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LATENTLAB_GUI_BINARY), args);
        if (!p.waitForFinished(60000))
            return {-100, "timeout"};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromLocal8Bit(p.readAllStandardError())};
    }

private slots:
    void screenshot() {
        const QString out = m_dir.filePath("shot.png");
        const Result r = run({"--preset", "faithful", "--k", "2", "--steps", "3", "--screenshot",
                              out, "--size", "900x600"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        const QImage image(out);
        QCOMPARE(image.size(), QSize(900, 600));
    }

    void vaeScreenshot() {
        const QString out = m_dir.filePath("vae.png");
        const Result r = run({"--view", "vae", "--z", "0.5,-1", "--grid", "12", "--screenshot",
                              out, "--size", "1000x700"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        const QImage image(out);
        QCOMPARE(image.size(), QSize(1000, 700));
        // A missing model file is refused before a window exists, with its name.
        const Result bad = run({"--view", "vae", "--model", m_dir.filePath("none.llvae"),
                                "--screenshot", m_dir.filePath("bad.png")});
        QCOMPARE(bad.status, 2);
        QVERIFY2(bad.err.contains("none.llvae"), qPrintable(bad.err));
    }

    void vaeFramesWalkTheInterpolation() {
        const QString dir = m_dir.filePath("vaeframes");
        const Result r = run({"--view", "vae", "--export-frames", dir, "--size", "300x200"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir + "/frame_0000.png"));
        QVERIFY(QFile::exists(dir + "/frame_0039.png"));
        QVERIFY(!QFile::exists(dir + "/frame_0040.png"));
        QVERIFY(QImage(dir + "/frame_0000.png") != QImage(dir + "/frame_0039.png"));
    }

    void pcaScreenshot() {
        const QString out = m_dir.filePath("pca.png");
        Result r = run(
            {"--view", "pca", "--preset", "faithful", "--screenshot", out, "--size", "900x600"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(QImage(out).size(), QSize(900, 600));
        const QString images = m_dir.filePath("eigen.png");
        r = run({"--view", "pca", "--images", "mnist", "--q", "20", "--screenshot", images,
                 "--size", "1000x700"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(QImage(images).size(), QSize(1000, 700));
        r = run({"--view", "pca", "--q", "0", "--screenshot", m_dir.filePath("no.png")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--q"), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("no.png")));
    }

    void screenshotAtScaleFactorTwo() {
        // A high-density screen: the same layout drawn with twice the pixels.
        const QString out = m_dir.filePath("shot2.png");
        const Result r = run({"--steps", "2", "--screenshot", out, "--size", "700x500"}, false, "2");
        QVERIFY2(r.status == 0, qPrintable(r.err));
        const QImage image(out);
        QCOMPARE(image.size(), QSize(1400, 1000));
        // Text and lines are drawn, not only the background: enough dark pixels in the menu
        // bar's strip (the first 20 logical pixels).
        int dark = 0;
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 300; ++x)
                dark += qGray(image.pixel(x, y)) < 100;
        QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
    }

    void viewOptionPicksThePage() {
        const QString out = m_dir.filePath("view.png");
        Result r = run({"--view", "mixture", "--screenshot", out, "--size", "400x300"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out));
        r = run({"--view", "nowhere", "--screenshot", out});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("unknown view"), qPrintable(r.err));
    }

    void exportFrames() {
        const QString dir = m_dir.filePath("frames");
        const Result r = run({"--export-frames", dir, "--steps", "2", "--size", "300x200"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir + "/frame_0000.png"));
        QVERIFY(QFile::exists(dir + "/frame_0002.png"));
        QVERIFY(!QFile::exists(dir + "/frame_0003.png"));
    }

    void argumentsAreCheckedWithoutADisplay() {
        Result r = run({"--k", "9"}, true);
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--k"), qPrintable(r.err));
        r = run({"--version"}, true);
        QCOMPARE(r.status, 0);
    }

    void helpAllWorksWithoutADisplay() {
        // Issue 12: --help-all aborted with status 134 without a display.
        const Result r = run({"--help-all"}, true);
        QCOMPARE(r.status, 0);
    }

    void qtStandardOptionsWork() {
        // Issue 12: Qt's own options were refused as unknown.
        const QString out = m_dir.filePath("qt-options.png");
        Result r = run({"-style", "fusion", "-reverse", "-platform", "offscreen", "--screenshot",
                        out, "--size", "900x600"});
        QVERIFY2(r.status == 0, qPrintable(r.err));
        QCOMPARE(QImage(out).size(), QSize(900, 600));
        r = run({"-style", "fusion", "--version"}, true);
        QCOMPARE(r.status, 0);
    }

    // This file is compiled with the build's CPU flags: __AVX2__ says the build assumes AVX2.
    void cpuWithoutTheBaselineGetsOneLine() {
#if (defined(__x86_64__) || defined(__i386__)) && defined(__AVX2__)
        const Result r = run({"--version"}, true, {}, "avx2");
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.startsWith("latentlab: this CPU lacks avx2, which this build assumes"),
                 qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
#else
        QSKIP("this build assumes no AVX2");
#endif
    }

    void badArgumentsFail() {
        Result r = run({"--k", "0", "--screenshot", m_dir.filePath("x.png")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--k"), qPrintable(r.err));
        r = run({m_dir.filePath("missing.csv"), "--screenshot", m_dir.filePath("y.png")});
        QVERIFY(r.status != 0);
        QVERIFY2(r.err.contains("missing.csv"), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("y.png")));
    }

    void pointsBeyondTheFittableRangeAreRefusedNotDrawn() {
        // 50 ordinary points and one at 1e308: a SIGSEGV in the point cloud's grid before;
        // now refused like latentlab-cli em refuses it, naming the file.
        const QString csv = m_dir.filePath("big.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 50; ++i)
            f.write(QStringLiteral("%1,%2\n").arg(i % 7).arg(i % 5).toUtf8());
        f.write("1e308,-1e308\n");
        f.close();
        const Result r = run({csv, "--screenshot", m_dir.filePath("big.png")});
        QVERIFY2(r.status > 0, qPrintable(QString::number(r.status) + " " + r.err));
        QVERIFY2(r.err.contains("big.csv") && r.err.contains("observation 51, coordinate 1 "
                                                             "exceeds 1e100"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("big.png")));
    }

    void aScreenshotOntoAFullDiskSaysSo() {
        if (!QFile::exists("/dev/full"))
            QSKIP("no /dev/full");
        const QString link = m_dir.filePath("full.png");
        QVERIFY(QFile::link("/dev/full", link));
        const Result r = run({"--screenshot", link, "--size", "300x200"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains(link) && r.err.contains("the disk is full (ENOSPC)"),
                 qPrintable(r.err));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(QDir(m_dir.path()).entryList(QStringList{"*full*"}, QDir::Files | QDir::Hidden |
                                                                         QDir::System),
                 QStringList{"full.png"});
    }
};

LATENTLAB_APP_TEST_MAIN(GuiProcessTest)
#include "gui_process_test.moc"
