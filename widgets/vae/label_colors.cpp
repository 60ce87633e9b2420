#include "vae/label_colors.h"

namespace latentlab {

QList<QColor> labelColors(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::ColorBlindSafe:
        // Ten labels as far apart as found for colour-blind viewers (issue 12), by
        // tests/reference/choose_label_palette.py (seed 5): it maximises the least colour
        // difference over every pair and against the background, for normal vision and under
        // simulated protanopia, deuteranopia and tritanopia, on the light theme and as lifted
        // on the dark one. The least over all eight views: CIE 1976 Delta E 23.4 between two
        // labels (23.1 as drawn; issue 12 asks over 20), 22.7 against the background,
        // CIEDE2000 10.2. (The
        // palette before reached 19.7 and 9.9; Paul Tol's muted nine and black, before that,
        // CIEDE2000 5.0 on the dark theme.) Checked on rendered pixels in
        // tests/widgets/plot/color_difference_test.cpp.
        return {QColor(0xf5, 0x77, 0x21), QColor(0x00, 0x00, 0xd4), QColor(0xa5, 0xdd, 0xfd),
                QColor(0xe3, 0x30, 0x39), QColor(0x80, 0x5d, 0x8b), QColor(0xac, 0xa8, 0xff),
                QColor(0xc3, 0x58, 0xff), QColor(0x5e, 0xff, 0x8f), QColor(0x12, 0x13, 0x00),
                QColor(0xf4, 0xad, 0xab)};
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
