#pragma once
// A minimal PNG encoder (W3C PNG specification, 2nd edition) for 8-bit greyscale images, so
// that the CLI can write decoded digits without Qt or libpng: signature, IHDR, one IDAT
// holding the zlib-deflated rows (each with filter byte 0), IEND; every chunk with its CRC-32.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

/// The PNG bytes of a width x height greyscale image (pixels row-major, 0 = black).
/// Throws ArgumentError for empty or inconsistent sizes.
std::string encodeGrayPng(int width, int height, const std::vector<std::uint8_t>& pixels);

/// Writes encodeGrayPng(...) atomically; FileError on I/O failure.
void writeGrayPng(const std::string& path, int width, int height,
                  const std::vector<std::uint8_t>& pixels);

} // namespace latentlab
