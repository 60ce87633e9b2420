// Palette: the fast blend agrees with the sRGB formula computed independently here.
#include "plot/palette.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace latentlab;

namespace {
// IEC 61966-2-1, written out again so the test does not share code with palette.cpp.
double decode(int c) {
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double encode(double l) {
    const double v = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1 / 2.4) - 0.055;
    return 255.0 * v;
}
} // namespace

class PaletteTest : public QObject {
    Q_OBJECT
private slots:
    void pureComponentKeepsItsColour() {
        for (const auto kind :
             {PaletteKind::Lecture, PaletteKind::ColorBlindSafe, PaletteKind::HighContrast}) {
            const auto colors = componentColors(8, kind);
            const ColorBlender blend(colors);
            for (int k = 0; k < 8; ++k) {
                std::vector<double> q(8, 0.0);
                q[static_cast<std::size_t>(k)] = 1.0;
                QCOMPARE(QColor(blend(q.data())), colors[k]);
                QCOMPARE(QColor(blendColors(q.data(), 8, colors)), colors[k]);
            }
        }
    }

    void blendMatchesTheFormula() {
        const auto colors = componentColors(3);
        const ColorBlender blend(colors);
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> u(0, 1);
        for (int trial = 0; trial < 5000; ++trial) {
            double q[3] = {u(rng), u(rng), u(rng)};
            const double s = q[0] + q[1] + q[2];
            for (double& v : q)
                v /= s;
            const QRgb fast = blend(q);
            QCOMPARE(fast, blendColors(q, 3, colors));
            const auto channel = [&](auto get) {
                double l = 0;
                for (int k = 0; k < 3; ++k)
                    l += q[k] * decode(get(colors[k]));
                return encode(l);
            };
            const double r = channel([](const QColor& c) { return c.red(); });
            const double g = channel([](const QColor& c) { return c.green(); });
            const double b = channel([](const QColor& c) { return c.blue(); });
            QVERIFY2(std::abs(qRed(fast) - r) <= 0.51, qPrintable(QString::number(r)));
            QVERIFY(std::abs(qGreen(fast) - g) <= 0.51);
            QVERIFY(std::abs(qBlue(fast) - b) <= 0.51);
        }
    }

    void halfRedHalfBlueIsNotTheSrgbAverage() {
        // Blending in linear light: 50 % of (255,0,0) and (0,0,255) is (188,0,188), not 128.
        const QList<QColor> colors{QColor(255, 0, 0), QColor(0, 0, 255)};
        const double q[2] = {0.5, 0.5};
        QCOMPARE(QColor(blendColors(q, 2, colors)), QColor(188, 0, 188));
    }

    void nanDoesNotCrash() {
        const auto colors = componentColors(2);
        const double q[2] = {std::nan(""), 0.5};
        const QRgb c = ColorBlender(colors)(q);
        QCOMPARE(qAlpha(c), 255);
    }

    void namesOfPaletteColours() {
        const auto colors = componentColors(3);
        QCOMPARE(colorName(colors[0]), QStringLiteral("red"));
        QCOMPARE(colorName(colors[1]), QStringLiteral("blue"));
        QCOMPARE(colorName(colors[2]), QStringLiteral("green"));
        QCOMPARE(colorName(QColor(250, 240, 10)), QStringLiteral("yellow"));
    }

    void lectureNotationInitialsAreDistinctInEveryPalette() {
        const auto lecture = componentColors(3);
        QCOMPARE(colorInitial(lecture[0]), QStringLiteral("r")); // k_r, k_b, k_g
        QCOMPARE(colorInitial(lecture[1]), QStringLiteral("b"));
        QCOMPARE(colorInitial(lecture[2]), QStringLiteral("g"));
        for (auto kind :
             {PaletteKind::Lecture, PaletteKind::ColorBlindSafe, PaletteKind::HighContrast}) {
            QStringList initials;
            for (const QColor& c : componentColors(8, kind)) {
                const QString i = colorInitial(c);
                QVERIFY2(!i.isEmpty() && !initials.contains(i), qPrintable(i));
                initials << i;
            }
        }
    }
};

QTEST_MAIN(PaletteTest)
#include "palette_test.moc"
