// The colour-blind-safe palette under simulated colour vision deficiencies (issue 12), on
// rendered pixels: the eight component colours and the grey of unassigned points are drawn
// as points of a MixturePlot, read back from the picture, passed through the dichromacy
// simulations of Machado, Oliveira and Fernandes (2009, severity 1: protanopia,
// deuteranopia, tritanopia; linear RGB) and compared in CIELAB (CIE 1976 Delta E*ab, D65).
// Every pair must stay more than 20 apart under every simulation and for normal vision.
// Everything here is written out independently of palette.cpp.
#include "mixture/mixture_plot.h"
#include "plot/palette.h"

#include <QImage>
#include <QPixmap>
#include <QtTest>

#include <array>
#include <cmath>

using namespace latentlab;

namespace {
using Matrix = std::array<std::array<double, 3>, 3>;
const Matrix kIdentity = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
const Matrix kProtanopia = {{{0.152286, 1.052583, -0.204868},
                             {0.114503, 0.786281, 0.099216},
                             {-0.003882, -0.048116, 1.051998}}};
const Matrix kDeuteranopia = {{{0.367322, 0.860646, -0.227968},
                               {0.280085, 0.672501, 0.047413},
                               {-0.011820, 0.042940, 0.968881}}};
const Matrix kTritanopia = {{{1.255528, -0.076749, -0.178779},
                             {-0.078411, 0.930809, 0.147602},
                             {0.004733, 0.691367, 0.303900}}};

double linear(int c) {
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

std::array<double, 3> lab(QRgb rgb, const Matrix& m) {
    const double in[3] = {linear(qRed(rgb)), linear(qGreen(rgb)), linear(qBlue(rgb))};
    double l[3];
    for (int i = 0; i < 3; ++i)
        l[i] = std::clamp(m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0.0, 1.0);
    const double x = 0.4124564 * l[0] + 0.3575761 * l[1] + 0.1804375 * l[2];
    const double y = 0.2126729 * l[0] + 0.7151522 * l[1] + 0.0721750 * l[2];
    const double z = 0.0193339 * l[0] + 0.1191920 * l[1] + 0.9503041 * l[2];
    const auto f = [](double t) {
        return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
    };
    const double fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
    return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double deltaE(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                     (a[2] - b[2]) * (a[2] - b[2]));
}
} // namespace

class ColourVisionTest : public QObject {
    Q_OBJECT

    /// The colours of `kind` for K = 8 and the unassigned grey, as rendered.
    static QList<QRgb> renderedColours(PaletteKind kind) {
        QList<QColor> colours = componentColors(8, kind);
        colours << neutralPointColor();
        MixturePlot plot;
        plot.resize(900, 300);
        plot.setLegendVisible(false);
        Eigen::Matrix2Xd points(2, colours.size());
        std::vector<QRgb> rgb;
        for (int i = 0; i < colours.size(); ++i) {
            points.col(i) << i, 0.0;
            rgb.push_back(colours[i].rgb());
        }
        plot.setPoints(points);
        plot.setPointColors(rgb);
        plot.setPointSize(14);
        const QImage img = plot.toPixmap(plot.width(), plot.height(), 1.0).toImage();
        const double dpr = img.devicePixelRatio();
        QList<QRgb> out;
        for (int i = 0; i < colours.size(); ++i) {
            const QPointF at(plot.xAxis->coordToPixel(i), plot.yAxis->coordToPixel(0.0));
            out << img.pixel(int(at.x() * dpr), int(at.y() * dpr));
        }
        return out;
    }

private slots:
    void colourBlindPaletteSurvivesDichromacy() {
        const QList<QRgb> rendered = renderedColours(PaletteKind::ColorBlindSafe);
        // The render is the palette (the point centres are not blended with anything).
        const QList<QColor> palette = componentColors(8, PaletteKind::ColorBlindSafe);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(QColor(rendered[i]), palette[i]);
        const std::pair<const char*, Matrix> visions[] = {{"normal", kIdentity},
                                                          {"protanopia", kProtanopia},
                                                          {"deuteranopia", kDeuteranopia},
                                                          {"tritanopia", kTritanopia}};
        for (const auto& [name, m] : visions) {
            double worst = 1e9;
            QString pair;
            for (int i = 0; i < rendered.size(); ++i)
                for (int j = i + 1; j < rendered.size(); ++j) {
                    const double d = deltaE(lab(rendered[i], m), lab(rendered[j], m));
                    if (d < worst) {
                        worst = d;
                        pair =
                            QString("%1 and %2").arg(i).arg(j == 8 ? "grey" : QString::number(j));
                    }
                }
            qInfo("%s: smallest Delta E %.1f (%s)", name, worst, qPrintable(pair));
            QVERIFY2(
                worst > 20.0,
                qPrintable(QString("%1: %2 at Delta E %3").arg(name, pair).arg(worst, 0, 'f', 1)));
        }
    }

    void highContrastRedAndGreenCollapseUnderDeuteranopia() {
        // Why lecture mode must not force it (issue 12): Delta E 7 under deuteranopia.
        const QList<QRgb> rendered = renderedColours(PaletteKind::HighContrast);
        QVERIFY(deltaE(lab(rendered[0], kDeuteranopia), lab(rendered[2], kDeuteranopia)) < 10);
    }

    void namesKeepTheLectureNotation() {
        // k_r, k_b, k_g in every palette, with the palette's own colour words.
        for (auto kind :
             {PaletteKind::Lecture, PaletteKind::ColorBlindSafe, PaletteKind::HighContrast}) {
            const QList<QColor> c = componentColors(3, kind);
            QCOMPARE(colorInitial(c[0]), QStringLiteral("r"));
            QCOMPARE(colorInitial(c[1]), QStringLiteral("b"));
            QCOMPARE(colorInitial(c[2]), QStringLiteral("g"));
        }
    }
};

QTEST_MAIN(ColourVisionTest)
#include "colour_vision_test.moc"
