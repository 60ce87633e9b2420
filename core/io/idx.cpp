#include "io/idx.h"

#include "common/error.h"
#include "io/file_io.h"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace latentlab {

namespace {

// Bytes of an IDX file after decompression: raw files are read as they are, gzip files are
// inflated chunk by chunk on demand, so nothing beyond what the caller asks for is produced.
class IdxSource {
public:
    explicit IdxSource(const std::string& path) : m_path(path), m_in(path, std::ios::binary) {
        if (!m_in)
            throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
        unsigned char magic[2] = {0, 0};
        m_in.read(reinterpret_cast<char*>(magic), 2);
        const auto got = m_in.gcount();
        m_in.clear();
        m_in.seekg(0);
        m_gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (m_gzip) {
            m_z = std::make_unique<z_stream>();
            std::memset(m_z.get(), 0, sizeof(z_stream));
            // 15 + 16: a gzip wrapper only.
            if (inflateInit2(m_z.get(), 15 + 16) != Z_OK)
                throw FileError(path, "cannot initialise zlib");
        }
    }
    ~IdxSource() {
        if (m_z)
            inflateEnd(m_z.get());
    }
    IdxSource(const IdxSource&) = delete;
    IdxSource& operator=(const IdxSource&) = delete;

    bool gzip() const { return m_gzip; }
    /// Decompressed bytes delivered so far.
    std::uint64_t offset() const { return m_offset; }

    /// Reads up to n bytes; fewer only at the end of the data.
    std::size_t read(std::uint8_t* dst, std::size_t n) {
        const std::size_t got = m_gzip ? inflateSome(dst, n) : readRaw(dst, n);
        m_offset += got;
        return got;
    }

    /// Size of the raw file (only meaningful for uncompressed files).
    std::uint64_t rawFileSize() {
        const auto here = m_in.tellg();
        m_in.seekg(0, std::ios::end);
        const auto size = m_in.tellg();
        m_in.seekg(here);
        return size < 0 ? 0 : static_cast<std::uint64_t>(size);
    }

private:
    std::size_t readRaw(std::uint8_t* dst, std::size_t n) {
        m_in.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(n));
        const auto got = static_cast<std::size_t>(m_in.gcount());
        if (m_in.bad())
            throw FileError(m_path, "read error");
        return got;
    }

    std::size_t inflateSome(std::uint8_t* dst, std::size_t n) {
        std::size_t produced = 0;
        while (produced < n && !m_streamEnd) {
            if (m_z->avail_in == 0) {
                m_in.read(reinterpret_cast<char*>(m_buffer.data()), m_buffer.size());
                const auto got = static_cast<uInt>(m_in.gcount());
                if (m_in.bad())
                    throw FileError(m_path, "read error");
                if (got == 0)
                    throw FileError::atByte(m_path, m_compressedOffset,
                                            "the gzip stream is truncated (the file ends "
                                            "before the compressed data does)");
                m_z->next_in = m_buffer.data();
                m_z->avail_in = got;
            }
            const std::size_t want = std::min<std::size_t>(n - produced, 1u << 30);
            m_z->next_out = dst + produced;
            m_z->avail_out = static_cast<uInt>(want);
            const uInt before = m_z->avail_in;
            const int rc = inflate(m_z.get(), Z_NO_FLUSH);
            m_compressedOffset += before - m_z->avail_in;
            produced += want - m_z->avail_out;
            if (rc == Z_STREAM_END) {
                m_streamEnd = true;
                checkNothingAfterStream();
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw FileError::atByte(m_path, m_compressedOffset,
                                        std::string("corrupt gzip data (") +
                                            (m_z->msg ? m_z->msg : "zlib error") + ")");
            }
        }
        return produced;
    }

    void checkNothingAfterStream() {
        if (m_z->avail_in > 0)
            throw FileError::atByte(m_path, m_compressedOffset,
                                    "unexpected bytes after the end of the gzip stream");
        char c;
        if (m_in.read(&c, 1); m_in.gcount() > 0)
            throw FileError::atByte(m_path, m_compressedOffset,
                                    "unexpected bytes after the end of the gzip stream");
    }

    std::string m_path;
    std::ifstream m_in;
    bool m_gzip = false;
    bool m_streamEnd = false;
    std::unique_ptr<z_stream> m_z;
    std::array<Bytef, 1 << 16> m_buffer{};
    std::uint64_t m_offset = 0;
    std::uint64_t m_compressedOffset = 0;
};

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

void putBigEndian32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>(v >> 16));
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v));
}

std::string where(const IdxSource& src) {
    return src.gzip() ? " (after decompression)" : "";
}

std::string hex32(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex;
    s.width(8);
    s.fill('0');
    s << v;
    return s.str();
}

/// Reads the 4-byte magic and the `ndim` sizes; checks the magic names unsigned bytes in
/// the expected number of dimensions.
std::vector<std::uint32_t> readHeader(IdxSource& src, const std::string& path,
                                      std::uint32_t expectedMagic, const char* what) {
    const std::uint32_t ndim = expectedMagic & 0xff;
    std::array<std::uint8_t, 16> header{};
    const std::size_t want = 4 + 4 * ndim;
    const std::size_t got = src.read(header.data(), want);
    if (got < 4)
        throw FileError::atByte(path, got,
                                got == 0
                                    ? std::string("empty file, expected an IDX ") + what + " file"
                                    : "truncated IDX header" + where(src));
    const std::uint32_t magic = bigEndian32(header.data());
    if (magic != expectedMagic) {
        std::string hint;
        if (magic == kIdxImagesMagic)
            hint = " (this is an IDX image file)";
        else if (magic == kIdxLabelsMagic)
            hint = " (this is an IDX label file)";
        throw FileError::atByte(path, 0,
                                "wrong magic number " + hex32(magic) + ", expected " +
                                    hex32(expectedMagic) + " (" + std::to_string(expectedMagic) +
                                    ", IDX " + what + ")" + hint);
    }
    if (got < want)
        throw FileError::atByte(path, got, "truncated IDX header" + where(src));
    std::vector<std::uint32_t> dims;
    for (std::uint32_t i = 0; i < ndim; ++i)
        dims.push_back(bigEndian32(header.data() + 4 + 4 * i));
    return dims;
}

/// Reads exactly `bytes` data bytes after the header and checks nothing follows. Memory
/// grows with what actually arrives, so a header that lies about the size cannot make us
/// allocate more than the file really holds (plus one chunk).
std::vector<std::uint8_t> readPayload(IdxSource& src, const std::string& path,
                                      std::uint64_t bytes) {
    const std::uint64_t start = src.offset();
    if (!src.gzip()) {
        const std::uint64_t size = src.rawFileSize();
        if (size < start + bytes)
            throw FileError::atByte(path, size,
                                    "truncated: the header declares " +
                                        std::to_string(start + bytes) + " bytes, the file has " +
                                        std::to_string(size));
        if (size > start + bytes)
            throw FileError::atByte(path, start + bytes,
                                    std::to_string(size - start - bytes) +
                                        " unexpected bytes after the data the header declares");
    }
    std::vector<std::uint8_t> data;
    constexpr std::uint64_t chunk = std::uint64_t(16) << 20;
    while (data.size() < bytes) {
        const std::size_t old = data.size();
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, bytes - old));
        data.resize(old + n);
        const std::size_t got = src.read(data.data() + old, n);
        if (got < n)
            throw FileError::atByte(path, src.offset(),
                                    "truncated" + where(src) + ": the header declares " +
                                        std::to_string(start + bytes) +
                                        " bytes, the data ends at " + std::to_string(src.offset()));
    }
    std::uint8_t extra;
    if (src.read(&extra, 1) > 0)
        throw FileError::atByte(path, start + bytes,
                                "unexpected data" + where(src) +
                                    " after the size the header declares");
    return data;
}

std::string gzipCompress(const std::string& raw, const std::string& path) {
    z_stream z{};
    // 15 + 16: gzip wrapper; zlib writes a zero time stamp, so output is reproducible.
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw FileError(path, "cannot initialise zlib");
    std::string out;
    out.resize(deflateBound(&z, raw.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw FileError(path, "gzip compression failed");
    return out;
}

std::string encodeIdx(const std::string& path, std::string raw, bool gzip) {
    if (raw.size() > (std::uint64_t(1) << 31))
        throw FileError(path, "too much data for one IDX file");
    return gzip ? gzipCompress(raw, path) : raw;
}

std::string encodeImages(const std::string& path, const IdxImages& images, bool gzip) {
    const std::uint64_t pixels = std::uint64_t(images.count) * images.rows * images.cols;
    if (pixels != images.pixels.size())
        throw ArgumentError("writeIdxImages: " + std::to_string(images.count) + " x " +
                            std::to_string(images.rows) + " x " + std::to_string(images.cols) +
                            " does not match " + std::to_string(images.pixels.size()) + " pixels");
    std::string raw;
    raw.reserve(16 + images.pixels.size());
    putBigEndian32(raw, kIdxImagesMagic);
    putBigEndian32(raw, images.count);
    putBigEndian32(raw, images.rows);
    putBigEndian32(raw, images.cols);
    raw.append(reinterpret_cast<const char*>(images.pixels.data()), images.pixels.size());
    return encodeIdx(path, std::move(raw), gzip);
}

std::string encodeLabels(const std::string& path, const std::vector<std::uint8_t>& labels,
                         bool gzip) {
    if (labels.size() > 0xffffffffu)
        throw ArgumentError("writeIdxLabels: too many labels");
    std::string raw;
    raw.reserve(8 + labels.size());
    putBigEndian32(raw, kIdxLabelsMagic);
    putBigEndian32(raw, static_cast<std::uint32_t>(labels.size()));
    raw.append(reinterpret_cast<const char*>(labels.data()), labels.size());
    return encodeIdx(path, std::move(raw), gzip);
}

} // namespace

IdxImages readIdxImages(const std::string& path) {
    checkNoInterruptedWrite(path);
    IdxSource src(path);
    const auto dims = readHeader(src, path, kIdxImagesMagic, "images");
    IdxImages images;
    images.count = dims[0];
    images.rows = dims[1];
    images.cols = dims[2];
    if (images.rows == 0 || images.cols == 0 || images.rows > kIdxMaxSide ||
        images.cols > kIdxMaxSide)
        throw FileError::atByte(path, 8,
                                "implausible image size " + std::to_string(images.rows) + " x " +
                                    std::to_string(images.cols) + " (each side must be 1.." +
                                    std::to_string(kIdxMaxSide) + ")");
    const std::uint64_t pixels = std::uint64_t(images.count) * images.rows * images.cols;
    if (pixels > kIdxMaxPixels)
        throw FileError::atByte(path, 4,
                                "the header declares " + std::to_string(images.count) +
                                    " images of " + std::to_string(images.rows) + " x " +
                                    std::to_string(images.cols) + " = " + std::to_string(pixels) +
                                    " pixels, more than the limit of " +
                                    std::to_string(kIdxMaxPixels));
    images.pixels = readPayload(src, path, pixels);
    return images;
}

std::vector<std::uint8_t> readIdxLabels(const std::string& path) {
    checkNoInterruptedWrite(path);
    IdxSource src(path);
    const auto dims = readHeader(src, path, kIdxLabelsMagic, "labels");
    if (dims[0] > kIdxMaxPixels)
        throw FileError::atByte(path, 4,
                                "the header declares " + std::to_string(dims[0]) +
                                    " labels, more than the limit of " +
                                    std::to_string(kIdxMaxPixels));
    return readPayload(src, path, dims[0]);
}

void writeIdxImages(const std::string& path, const IdxImages& images, bool gzip) {
    writeFileAtomically(path, encodeImages(path, images, gzip));
}

void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels, bool gzip) {
    writeFileAtomically(path, encodeLabels(path, labels, gzip));
}

void writeIdxPair(const std::string& imagesPath, const IdxImages& images,
                  const std::string& labelsPath, const std::vector<std::uint8_t>& labels,
                  bool gzip, const RenameHook& hook) {
    if (images.count != labels.size())
        throw ArgumentError("writeIdxPair: " + std::to_string(images.count) + " images but " +
                            std::to_string(labels.size()) + " labels");
    const std::string imageBytes = encodeImages(imagesPath, images, gzip);
    const std::string labelBytes = encodeLabels(labelsPath, labels, gzip);
    const FileContents files[] = {{imagesPath, imageBytes}, {labelsPath, labelBytes}};
    writeFilesAtomically(files, hook);
}

void checkSameCount(const IdxImages& images, const std::vector<std::uint8_t>& labels,
                    const std::string& imagesPath, const std::string& labelsPath) {
    if (images.count != labels.size())
        throw FileError(labelsPath, "has " + std::to_string(labels.size()) + " labels but " +
                                        imagesPath + " has " + std::to_string(images.count) +
                                        " images");
}

} // namespace latentlab
