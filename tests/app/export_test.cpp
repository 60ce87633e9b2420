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

    void framesCarryACaptionForSlides() {
        // --caption (issue 12): each frame keeps its size, with the step written in a band
        // under the plot; without it the plot reaches the bottom edge.
        const QSize size(640, 400);
        const QString plain = m_dir.filePath("plain"), captioned = m_dir.filePath("captioned");
        {
            MainWindow w(false);
            QCOMPARE(w.exportFrames(plain, size, 2, false), 3);
        }
        MainWindow w(false);
        QCOMPARE(w.exportFrames(captioned, size, 2, true), 3);
        // The last frame is state 2: the first M-step.
        const auto s = mixturePage(w)->mixture()->snapshot();
        QCOMPARE(s->state, 2);
        QCOMPARE(mixturePage(w)->frameCaption(),
                 QStringLiteral("Iteration %1, after the M-step · log-likelihood %L2")
                     .arg(s->iteration)
                     .arg(s->logLikelihood, 0, 'f', 3));
        // The band: the rows below the lowest row the two pictures share.
        const QImage a(framePath(plain, 0)), b(framePath(captioned, 0));
        QCOMPARE(a.size(), size);
        QCOMPARE(b.size(), size);
        const QRgb background = b.pixel(2, size.height() - 2);
        auto inkColumns = [&](const QImage& img, int top) {
            int first = -1, last = -1;
            for (int x = 0; x < img.width(); ++x)
                for (int y = top; y < img.height(); ++y)
                    if (qGray(img.pixel(x, y)) < qGray(background) - 100) {
                        if (first < 0)
                            first = x;
                        last = x;
                        break;
                    }
            return std::pair{first, last};
        };
        const int band = size.height() - size.height() / 36 * 3 / 2; // about the band's top
        const auto [first, last] = inkColumns(b, band);
        QVERIFY2(first >= 0, "no caption under the frame");
        // One centred line of about fifty characters.
        QVERIFY2(last - first > size.width() / 3, qPrintable(QString::number(last - first)));
        QVERIFY(std::abs((first + last) / 2 - size.width() / 2) < 12);
        // Each frame says its own step: frames 0 and 1 differ in the band.
        const QImage b1(framePath(captioned, 1));
        bool differs = false;
        for (int y = band; y < size.height() && !differs; ++y)
            for (int x = 0; x < size.width() && !differs; ++x)
                differs = b.pixel(x, y) != b1.pixel(x, y);
        QVERIFY(differs);
        // And the plain frame is not the captioned one.
        QVERIFY(a != b);
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
