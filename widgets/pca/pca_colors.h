#pragma once
// The PCA lesson's colours, one for each thing it draws, chosen so that everything one panel
// shows at once stays apart for colour-blind viewers too: every pair of a panel's colours is
// more than 20 apart (CIE 1976 Delta E) for normal vision and under simulated protanopia,
// deuteranopia and tritanopia (tests/widgets/plot/color_difference_test.cpp, on rendered
// pixels). Mostly Okabe and Ito's colours; the points a dark grey, PCA's answer black.

#include <QColor>
#include <QList>
#include <QString>

namespace latentlab::pca_colors {

inline const QColor points(70, 70, 70);
inline const QColor manifold(31, 78, 160);       ///< PCA's line (blue)
inline const QColor truth(0, 0, 0);              ///< the generator's line, PCA's answer
inline const QColor residual(0xe6, 0x9f, 0x00);  ///< residuals and the story's z (orange)
inline const QColor density(0xc8, 0x50, 0x9b);   ///< PPCA's density ellipses (magenta)
inline const QColor posterior(0x00, 0xc8, 0x64); ///< posterior reconstructions (green)
inline const QColor em(26, 127, 55);             ///< EM's current line (dark green)
inline const QColor decoder(0xa0, 0x00, 0x00);   ///< the autoencoder's decoder (dark red)
inline const QColor encoder(20, 140, 160);       ///< and its encoder (teal)

/// The colours each panel shows together, by panel.
inline QList<std::pair<QString, QList<QColor>>> panels() {
    return {{"manifold", {points, manifold, residual, density, posterior}},
            {"story", {points, truth, manifold, density, residual}},
            {"em", {points, truth, em, density}},
            {"autoencoder", {points, manifold, decoder, encoder, residual}}};
}

} // namespace latentlab::pca_colors
