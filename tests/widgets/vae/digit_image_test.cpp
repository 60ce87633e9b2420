// DigitImage: a 28 x 28 image drawn at the largest whole-number scale that fits, without
// smoothing: every source pixel becomes a uniform square of exactly its grey level; and the
// grey levels are latentlab-cli's, round(255 p).
#include "vae/digit_image.h"

#include <QApplication>
#include <QTest>

using namespace latentlab;

class DigitImageTest : public QObject {
    Q_OBJECT
private slots:
    void greyLevelsAreTheClis() {
        QCOMPARE(int(greyLevel(0.f)), 0);
        QCOMPARE(int(greyLevel(1.f)), 255);
        QCOMPARE(int(greyLevel(0.5f)), 128); // round half away from zero, as std::lround
        QCOMPARE(int(greyLevel(0.2f)), 51);
        QCOMPARE(int(greyLevel(-3.f)), 0);
        QCOMPARE(int(greyLevel(7.f)), 255);
    }

    void scaledByWholeNumbersWithoutSmoothing() {
        std::vector<float> v(28 * 28);
        for (int i = 0; i < 28 * 28; ++i)
            v[std::size_t(i)] = float((i * 37) % 256) / 255.f; // neighbours differ sharply
        DigitImage w;
        w.setImage(greyImage(v.data(), 28, 28));
        w.resize(200, 230); // 7 fits (196), 8 does not (224 > 200)
        QCOMPARE(w.shownScale(), 7);
        const QRect r = w.imageRect();
        QCOMPARE(r.size(), QSize(196, 196));
        const QImage shot = w.grab().toImage();
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const int grey = qGray(w.image().pixel(x, y));
                for (int dy = 0; dy < 7; ++dy)
                    for (int dx = 0; dx < 7; ++dx)
                        QCOMPARE(qGray(shot.pixel(r.left() + 7 * x + dx, r.top() + 7 * y + dy)),
                                 grey);
            }
    }

    void mosaicPlacesTilesRowByRow() {
        Eigen::MatrixXf tiles = Eigen::MatrixXf::Zero(784, 3);
        tiles(0, 1) = 1.f;   // tile 1: top-left pixel white
        tiles(783, 2) = 1.f; // tile 2: bottom-right pixel white
        const QImage m = mosaicImage(tiles, 2, 2);
        QCOMPARE(m.size(), QSize(58, 58));
        QCOMPARE(qGray(m.pixel(30, 0)), 255);
        QCOMPARE(qGray(m.pixel(27, 57)), 255);
        QCOMPARE(qGray(m.pixel(0, 0)), 0);
    }
};

QTEST_MAIN(DigitImageTest)
#include "digit_image_test.moc"
