// Export writes real PNG, SVG and PDF files (checked by their signatures and by parsing),
// and a run exports as a numbered PNG sequence.
#include "test_main.h"

#include "main_window.h"
#include "mixture/mixture_document.h"
#include "plot/plot_export.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QXmlStreamReader>

using namespace latentlab;

class ExportTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static QByteArray read(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void png() {
        MainWindow w(false);
        mixturePage(w)->mixture()->stepForward();
        const QString path = m_dir.filePath("plot.png");
        QVERIFY2(w.exportPlot(path, QSize(640, 400)), qPrintable(w.lastError()));
        QVERIFY(read(path).startsWith("\x89PNG\r\n\x1a\n"));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(640, 400));
        // Not a blank picture: the points and ellipses put several colours in it.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 10);
    }

    void svg() {
        MainWindow w(false);
        const QString path = m_dir.filePath("plot.svg");
        QVERIFY2(w.exportPlot(path, QSize(800, 500)), qPrintable(w.lastError()));
        QXmlStreamReader xml(read(path));
        bool sawSvg = false;
        int elements = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                ++elements;
                if (xml.name() == QLatin1String("svg"))
                    sawSvg = true;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
        QVERIFY(elements > 10);
    }

    void pdf() {
        MainWindow w(false);
        const QString path = m_dir.filePath("plot.pdf");
        QVERIFY2(w.exportPlot(path, QSize(800, 500)), qPrintable(w.lastError()));
        const QByteArray bytes = read(path);
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    }

    void badTargetsAreReported() {
        MainWindow w(false);
        QString error;
        w.setErrorReporter([&](const QString&, const QString& m) { error = m; });
        QVERIFY(!w.exportPlot(m_dir.filePath("plot.bmp"), QSize(100, 100)));
        QVERIFY(error.contains(".png"));
        QVERIFY(!w.exportPlot(m_dir.filePath("no/such/dir/plot.png"), QSize(100, 100)));
        QVERIFY(!w.exportPlot(m_dir.filePath("tiny.png"), QSize(2, 2)));
        QVERIFY(!QFile::exists(m_dir.filePath("tiny.png")));
    }

    void frames() {
        MainWindow w(false);
        const QString dir = m_dir.filePath("frames");
        const int n = w.exportFrames(dir, QSize(320, 200), 4);
        QCOMPARE(n, 5); // states 0..4
        for (int i = 0; i < n; ++i)
            QVERIFY(read(framePath(dir, i)).startsWith("\x89PNG"));
        QVERIFY(!QFile::exists(framePath(dir, n)));
        QCOMPARE(mixturePage(w)->mixture()->snapshot()->state, 4);
    }

    void sizes() {
        QCOMPARE(parseSize("1600x1000"), std::optional<QSize>(QSize(1600, 1000)));
        QCOMPARE(parseSize(" 20 X 30 "), std::optional<QSize>(QSize(20, 30)));
        QVERIFY(!parseSize("1600"));
        QVERIFY(!parseSize("0x10"));
        QVERIFY(!parseSize("99999x10"));
        QVERIFY(!parseSize("-5x10"));
    }
};

LATENTLAB_APP_TEST_MAIN(ExportTest)
#include "export_test.moc"
