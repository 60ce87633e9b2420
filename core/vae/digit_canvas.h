#pragma once
// A hand-drawn digit made into the kind of image the MNIST models were trained on.
//
// The strokes (polylines in pad coordinates [0, 1]^2, y down) are painted with a soft round
// brush into a square canvas, then normalised as the MNIST digits were (LeCun, Cortes and
// Burges): the ink's bounding box is scaled, keeping its aspect ratio, so that its longer side
// is 20 pixels, and the result is placed in a 28 x 28 image so that the ink's centre of mass
// sits at the centre of the image. Resampling averages the canvas over each output pixel's
// area (exactly, through a summed-area table), which anti-aliases as the original did.

#include <Eigen/Core>
#include <vector>

namespace latentlab {

struct DigitStroke {
    std::vector<Eigen::Vector2d> points; ///< pad coordinates in [0, 1]^2, y down
    bool operator==(const DigitStroke&) const = default;
};

inline constexpr int kDigitSide = 28; ///< MNIST images are 28 x 28
inline constexpr int kDigitBox = 20;  ///< the longer side of the ink after normalising

/// Ink in [0, 1] of a side x side canvas (row-major): each segment of each stroke is a
/// capsule of radius `radius` (pad units) with full ink up to half the radius and a smooth
/// fall to none at the radius; overlapping strokes take the larger value. A one-point stroke
/// is a dot.
std::vector<float> rasterizeStrokes(const std::vector<DigitStroke>& strokes, int side,
                                    double radius);

/// The MNIST normalisation of a side x side canvas (row-major, ink in [0, 1]): 28 x 28 values
/// in [0, 1], row-major. A canvas without ink gives all zeros.
std::vector<float> mnistNormalize(const std::vector<float>& canvas, int side);

/// rasterizeStrokes at the pad's resolution and brush, then mnistNormalize: the image the
/// drawing pad hands to the encoder.
inline constexpr int kPadCanvasSide = 112;
inline constexpr double kPadBrushRadius = 0.045;
std::vector<float> digitFromStrokes(const std::vector<DigitStroke>& strokes);

} // namespace latentlab
