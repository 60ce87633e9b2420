#include "io/png_writer.h"

#include "common/error.h"
#include "io/file_io.h"

#include <zlib.h>

namespace latentlab {

namespace {

void putU32BigEndian(std::string& out, std::uint32_t v) {
    out.push_back(char(v >> 24));
    out.push_back(char(v >> 16));
    out.push_back(char(v >> 8));
    out.push_back(char(v));
}

// length, type, data, CRC-32 of type and data
void putChunk(std::string& out, const char type[4], const std::string& data) {
    putU32BigEndian(out, std::uint32_t(data.size()));
    const std::size_t start = out.size();
    out.append(type, 4);
    out += data;
    const uLong crc =
        crc32(0L, reinterpret_cast<const Bytef*>(out.data() + start), uInt(out.size() - start));
    putU32BigEndian(out, std::uint32_t(crc));
}

} // namespace

std::string encodeGrayPng(int width, int height, const std::vector<std::uint8_t>& pixels) {
    if (width < 1 || height < 1 || width > 1 << 15 || height > 1 << 15 ||
        pixels.size() != std::size_t(width) * std::size_t(height))
        throw ArgumentError("PNG: image size and pixel count disagree");
    std::string raw;
    raw.reserve(std::size_t(height) * (std::size_t(width) + 1));
    for (int y = 0; y < height; ++y) {
        raw.push_back('\0'); // filter type 0 (none)
        raw.append(reinterpret_cast<const char*>(pixels.data()) + std::size_t(y) * width,
                   std::size_t(width));
    }
    uLongf size = compressBound(uLong(raw.size()));
    std::string deflated(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(deflated.data()), &size,
                  reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()), 9) != Z_OK)
        throw ArgumentError("PNG: zlib compression failed");
    deflated.resize(size);

    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    putU32BigEndian(ihdr, std::uint32_t(width));
    putU32BigEndian(ihdr, std::uint32_t(height));
    ihdr +=
        std::string("\x08\x00\x00\x00\x00", 5); // 8 bits, greyscale, deflate, no filter/interlace
    putChunk(png, "IHDR", ihdr);
    putChunk(png, "IDAT", deflated);
    putChunk(png, "IEND", std::string());
    return png;
}

void writeGrayPng(const std::string& path, int width, int height,
                  const std::vector<std::uint8_t>& pixels) {
    writeFileAtomically(path, encodeGrayPng(width, height, pixels));
}

} // namespace latentlab
