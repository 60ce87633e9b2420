// Colour difference: CIELAB and CIEDE2000 against published values, and the VAE view's ten
// label colours mutually distinguishable, for colour-blind readers too in the colour-blind-safe
// palette.
#include "plot/color_difference.h"
#include "plot/plot_style.h"
#include "vae/label_colors.h"

#include <QtTest>
#include <algorithm>

using namespace latentlab;

namespace {

/// The least CIEDE2000 difference between any two of the colours, as seen with `kind` (or
/// normal vision), and the pair that has it.
struct Closest {
    double delta = 1e9;
    int i = -1, j = -1;
};
Closest closestPair(const QList<QColor>& colors, std::optional<Dichromacy> kind) {
    Closest c;
    for (int i = 0; i < colors.size(); ++i)
        for (int j = i + 1; j < colors.size(); ++j) {
            const QColor a = kind ? simulateDichromacy(colors[i], *kind) : colors[i];
            const QColor b = kind ? simulateDichromacy(colors[j], *kind) : colors[j];
            const double d = ciede2000(toLab(a), toLab(b));
            if (d < c.delta)
                c = {d, i, j};
        }
    return c;
}

// Why 10: a CIEDE2000 difference of about 1 is just noticeable between two large patches side
// by side; the labels here are dots a few pixels wide, seen apart among thousands of others,
// and the difference needed grows steeply as marks shrink (Stone, Szafir and Setlur, "An
// engineering model for color difference as a function of size", 2014). Ten just-noticeable
// differences is the floor commonly used for categorical palettes.
constexpr double kDistinct = 10.0;

const std::optional<Dichromacy> kVisions[] = {std::nullopt, Dichromacy::Protanopia,
                                              Dichromacy::Deuteranopia, Dichromacy::Tritanopia};

QString describe(const Closest& c, std::optional<Dichromacy> kind) {
    static const char* names[] = {"protanopia", "deuteranopia", "tritanopia"};
    return QStringLiteral("labels %1 and %2 differ by %3 (%4)")
        .arg(c.i)
        .arg(c.j)
        .arg(c.delta, 0, 'f', 2)
        .arg(kind ? names[int(*kind)] : "normal vision");
}

} // namespace

class ColorDifferenceTest : public QObject {
    Q_OBJECT
private slots:
    void labMatchesPublishedValues() {
        // sRGB primaries and white in CIELAB (D65), as tabulated by B. Lindbloom's calculator.
        struct {
            QColor rgb;
            double L, a, b;
        } cases[] = {{QColor(255, 255, 255), 100.0, 0.0, 0.0},
                     {QColor(255, 0, 0), 53.2408, 80.0925, 67.2032},
                     {QColor(0, 0, 255), 32.2970, 79.1875, -107.8602},
                     {QColor(0, 0, 0), 0.0, 0.0, 0.0}};
        for (const auto& c : cases) {
            const Lab lab = toLab(c.rgb);
            QVERIFY2(std::abs(lab.L - c.L) < 2e-3, qPrintable(c.rgb.name()));
            QVERIFY2(std::abs(lab.a - c.a) < 2e-3, qPrintable(c.rgb.name()));
            QVERIFY2(std::abs(lab.b - c.b) < 2e-3, qPrintable(c.rgb.name()));
        }
    }

    void ciede2000MatchesSharmaWuDalal() {
        // Pairs from the test data of Sharma, Wu and Dalal, "The CIEDE2000 color-difference
        // formula: implementation notes, supplementary test data, and mathematical
        // observations" (Color Res. Appl. 30, 2005), Table 1, to their four decimals; they
        // exercise the hue wrap-around, neutral colours and the blue region's rotation term.
        struct {
            Lab x, y;
            double delta;
        } pairs[] = {{{50, 2.6772, -79.7751}, {50, 0, -82.7485}, 2.0425},
                     {{50, 3.1571, -77.2803}, {50, 0, -82.7485}, 2.8615},
                     {{50, 2.8361, -74.0200}, {50, 0, -82.7485}, 3.4412},
                     {{50, -1.3802, -84.2814}, {50, 0, -82.7485}, 1.0000},
                     {{50, 0, 0}, {50, -1, 2}, 2.3669},
                     {{50, 2.5, 0}, {73, 25, -18}, 27.1492},
                     {{50, 2.5, 0}, {61, -5, 29}, 22.8977},
                     {{50, 2.5, 0}, {56, -27, -3}, 31.9030},
                     {{50, 2.5, 0}, {58, 24, 15}, 19.4535},
                     {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644},
                     {{63.0109, -31.0961, -5.8663}, {62.8187, -29.7946, -4.0864}, 1.2630}};
        for (const auto& p : pairs) {
            QVERIFY2(std::abs(ciede2000(p.x, p.y) - p.delta) < 1e-4,
                     qPrintable(QString::number(ciede2000(p.x, p.y), 'f', 6)));
            // Symmetric.
            QVERIFY(std::abs(ciede2000(p.y, p.x) - p.delta) < 1e-4);
        }
        QCOMPARE(ciede2000({40, 10, -20}, {40, 10, -20}), 0.0);
    }

    void dichromacyKeepsGreysAndDarkensRedForProtanopes() {
        for (auto kind : {Dichromacy::Protanopia, Dichromacy::Deuteranopia, Dichromacy::Tritanopia})
            for (int v : {0, 60, 128, 200, 255}) {
                const QColor g = simulateDichromacy(QColor(v, v, v), kind);
                QVERIFY(std::abs(g.red() - v) <= 1 && std::abs(g.green() - v) <= 1 &&
                        std::abs(g.blue() - v) <= 1);
            }
        // Protanopes lack the long-wave cones: red looks darker to them than to deuteranopes.
        const QColor red(220, 0, 0);
        QVERIFY(toLab(simulateDichromacy(red, Dichromacy::Protanopia)).L < toLab(red).L - 5);
        QVERIFY(toLab(simulateDichromacy(red, Dichromacy::Deuteranopia)).L >
                toLab(simulateDichromacy(red, Dichromacy::Protanopia)).L + 5);
    }

    void everyPaletteHasTenDistinctLabelColours() {
        for (PaletteKind kind :
             {PaletteKind::Lecture, PaletteKind::ColorBlindSafe, PaletteKind::HighContrast}) {
            const QList<QColor> colors = labelColors(kind);
            QCOMPARE(colors.size(), 10);
            const Closest c = closestPair(colors, std::nullopt);
            QVERIFY2(c.delta >= kDistinct, qPrintable(QString::fromLatin1(paletteName(kind)) +
                                                      ": " + describe(c, std::nullopt)));
        }
    }

    void colorBlindSafePaletteIsDistinctForDichromats() {
        const QList<QColor> colors = labelColors(PaletteKind::ColorBlindSafe);
        for (const auto& vision : kVisions) {
            const Closest c = closestPair(colors, vision);
            QVERIFY2(c.delta >= kDistinct, qPrintable(describe(c, vision)));
        }
    }

    void labelColoursOnADarkTheme() {
        // On a dark background the plot lifts every colour to HSL lightness >= 0.62
        // (PlotStyle::series), as LatentPlot::labelColors() shows them.
        PlotStyle dark;
        dark.dark = true;
        for (PaletteKind kind :
             {PaletteKind::Lecture, PaletteKind::HighContrast, PaletteKind::ColorBlindSafe}) {
            QList<QColor> shown;
            for (const QColor& c : labelColors(kind))
                shown << dark.series(c);
            const Closest c = closestPair(shown, std::nullopt);
            if (kind == PaletteKind::ColorBlindSafe)
                QEXPECT_FAIL(
                    "",
                    "known gap: the lift merges Tol's olive and sand (CIEDE2000 5.0), wine "
                    "and purple (7.7); a palette made for dark backgrounds is "
                    "still to be chosen",
                    Continue);
            QVERIFY2(c.delta >= kDistinct, qPrintable(QString::fromLatin1(paletteName(kind)) +
                                                      " on dark: " + describe(c, std::nullopt)));
        }
    }

    void lecturePaletteIsNotSafeForDichromats() {
        // Why the option exists (and that the check above can fail): Tableau's ten colours
        // collapse into pairs for a protanope or a deuteranope.
        const QList<QColor> colors = labelColors(PaletteKind::Lecture);
        QVERIFY(closestPair(colors, Dichromacy::Protanopia).delta < kDistinct / 2);
        QVERIFY(closestPair(colors, Dichromacy::Deuteranopia).delta < kDistinct / 2);
    }
};

QTEST_MAIN(ColorDifferenceTest)
#include "color_difference_test.moc"
