#include "vae/label_colors.h"

namespace latentlab {

QList<QColor> labelColors(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::ColorBlindSafe:
        // Ten labels as far apart as found for colour-blind viewers (issue 12), by
        // tests/reference/choose_label_palette.py: it maximises the least colour difference
        // over every pair and the background, for normal vision and under simulated
        // protanopia, deuteranopia and tritanopia, on the light theme and as lifted on the
        // dark one, in both CIE 1976 Delta E (issue 12 asks > 20) and CIEDE2000 (>= 10). Both
        // together are not reachable for ten colours: the best found reaches Delta E 19.7 and
        // CIEDE2000 9.9 (alone, Delta E reaches 23.1 but CIEDE2000 only 6.6). Paul Tol's muted
        // nine and black, used before, fell to CIEDE2000 5.0 on the dark theme. Checked on
        // rendered pixels in tests/widgets/plot/color_difference_test.cpp.
        return {QColor(0x00, 0x00, 0x26), QColor(0xd5, 0x00, 0x20), QColor(0xb4, 0xff, 0x2f),
                QColor(0xb0, 0x4e, 0xac), QColor(0x41, 0xff, 0x99), QColor(0x1c, 0xbf, 0xff),
                QColor(0x50, 0x49, 0x4f), QColor(0x6a, 0xaa, 0x70), QColor(0x3c, 0x82, 0xff),
                QColor(0xff, 0x75, 0x22)};
    case PaletteKind::HighContrast:
        return {QColor(0xe4, 0x1a, 0x1c), QColor(0x37, 0x7e, 0xb8), QColor(0x2c, 0xa0, 0x2c),
                QColor(0x98, 0x4e, 0xa3), QColor(0xff, 0x7f, 0x00), QColor(0xa6, 0x56, 0x28),
                QColor(0xf7, 0x81, 0xbf), QColor(0x00, 0x00, 0x00), QColor(0x17, 0xbe, 0xcf),
                QColor(0xb8, 0xa3, 0x00)};
    case PaletteKind::Lecture:
        break;
    }
    return {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
            QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
            QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
            QColor(0x17, 0xbe, 0xcf)};
}

} // namespace latentlab
