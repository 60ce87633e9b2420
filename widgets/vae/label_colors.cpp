#include "vae/label_colors.h"

namespace latentlab {

QList<QColor> labelColors(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::ColorBlindSafe:
        // Ten labels apart for colour-blind viewers (issue 12): found by
        // tests/reference/choose_label_palette.py, which maximises the least CIE 1976 Delta E
        // over every pair, for normal vision and under simulated protanopia, deuteranopia and
        // tritanopia, against the background too, on the light theme and as lifted on the dark
        // one; the third then darkened (from #601bb4) to keep CIEDE2000 >= 10 from the blue for
        // normal vision. The least is 23.1 (a Delta E over 20 for every pair, as the issue asks); Paul
        // Tol's muted nine and black, used before, reached 5.0 on the dark theme. Checked on
        // rendered pixels in tests/widgets/plot/color_difference_test.cpp.
        return {QColor(0x61, 0xff, 0xb0), QColor(0x84, 0x01, 0x19), QColor(0x30, 0x10, 0x60),
                QColor(0xaf, 0xff, 0x86), QColor(0x0c, 0x0c, 0xff), QColor(0xff, 0xdf, 0x00),
                QColor(0x5b, 0x30, 0x55), QColor(0x6d, 0xb1, 0xff), QColor(0xff, 0x88, 0x30),
                QColor(0x85, 0xb0, 0x91)};
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
