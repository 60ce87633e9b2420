#include "io/model_file.h"

#include "common/error.h"
#include "io/file_io.h"

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>

namespace latentlab {

namespace {

constexpr char kMagic[8] = {'L', 'A', 'T', 'L', 'A', 'B', 'M', '\0'};
constexpr std::size_t kHeaderBytes = 24;

void putU32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void putU64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void putString(std::string& out, const std::string& s, const char* what) {
    if (s.size() > kModelMaxString)
        throw ArgumentError(std::string("writeModelFile: ") + what + " longer than 1 MiB");
    putU32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

std::uint32_t getU32(const std::string& b, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= std::uint32_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
    return v;
}
std::uint64_t getU64(const std::string& b, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v |= std::uint64_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
    return v;
}

std::uint32_t crc32Of(const char* data, std::uint64_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const uInt n = static_cast<uInt>(std::min<std::uint64_t>(size, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data), n);
        data += n;
        size -= n;
    }
    return static_cast<std::uint32_t>(crc);
}

// Reads the payload with a bounds check before every access; offsets in errors are
// offsets in the file.
class PayloadReader {
public:
    PayloadReader(const std::string& path, const std::string& bytes)
        : m_path(path), m_bytes(bytes), m_pos(kHeaderBytes) {}

    std::uint32_t u32(const char* what) {
        need(4, what);
        const auto v = getU32(m_bytes, m_pos);
        m_pos += 4;
        return v;
    }
    std::string string(const char* what) {
        const std::size_t at = m_pos;
        const std::uint32_t n = u32(what);
        if (n > kModelMaxString)
            throw FileError::atByte(m_path, at,
                                    std::string(what) + " is " + std::to_string(n) +
                                        " bytes long, more than the 1 MiB limit");
        need(n, what);
        std::string s = m_bytes.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    std::vector<float> floats(std::uint64_t count, const std::string& what) {
        need(count * 4, what.c_str());
        std::vector<float> v(static_cast<std::size_t>(count));
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::uint32_t bits = getU32(m_bytes, m_pos);
            v[i] = std::bit_cast<float>(bits);
            if (!std::isfinite(v[i]))
                throw FileError::atByte(m_path, m_pos,
                                        what + " holds a non-finite value (NaN or infinity)");
            m_pos += 4;
        }
        return v;
    }
    std::size_t pos() const { return m_pos; }
    bool atEnd() const { return m_pos == m_bytes.size(); }

private:
    void need(std::uint64_t n, const char* what) {
        if (n > m_bytes.size() - m_pos)
            throw FileError::atByte(m_path, m_pos, std::string("the payload ends inside ") + what);
    }
    const std::string& m_path;
    const std::string& m_bytes;
    std::size_t m_pos;
};

} // namespace

const std::string* ModelFile::meta(const std::string& key) const {
    for (const auto& [k, v] : metadata)
        if (k == key)
            return &v;
    return nullptr;
}

const ModelTensor* ModelFile::tensor(const std::string& name) const {
    for (const auto& t : tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

void writeModelFile(const std::string& path, const ModelFile& model) {
    static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559);
    std::string payload;
    putString(payload, model.kind, "kind");
    putU32(payload, static_cast<std::uint32_t>(model.metadata.size()));
    for (const auto& [key, value] : model.metadata) {
        putString(payload, key, "metadata key");
        putString(payload, value, "metadata value");
    }
    putU32(payload, static_cast<std::uint32_t>(model.tensors.size()));
    for (const auto& t : model.tensors) {
        if (t.rows < 0 || t.cols < 0 ||
            std::uint64_t(t.rows) * std::uint64_t(t.cols) != t.values.size())
            throw ArgumentError("writeModelFile: tensor '" + t.name + "' is " +
                                std::to_string(t.rows) + " x " + std::to_string(t.cols) +
                                " but holds " + std::to_string(t.values.size()) + " values");
        if (t.values.size() > kModelMaxTensorValues)
            throw ArgumentError("writeModelFile: tensor '" + t.name + "' is too large");
        putString(payload, t.name, "tensor name");
        putU32(payload, static_cast<std::uint32_t>(t.rows));
        putU32(payload, static_cast<std::uint32_t>(t.cols));
        for (float f : t.values) {
            if (!std::isfinite(f))
                throw ArgumentError("writeModelFile: tensor '" + t.name +
                                    "' holds a non-finite value");
            putU32(payload, std::bit_cast<std::uint32_t>(f));
        }
    }
    std::string file(kMagic, sizeof kMagic);
    putU32(file, kModelFormatVersion);
    putU32(file, crc32Of(payload.data(), payload.size()));
    putU64(file, payload.size());
    file += payload;
    writeFileAtomically(path, file);
}

ModelFile readModelFile(const std::string& path) {
    const std::string bytes = readWholeFile(path, kModelMaxFileBytes);
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw FileError::atByte(path, 0,
                                bytes.empty() ? "empty file, expected a LatentLab model file"
                                              : "not a LatentLab model file (wrong magic bytes)");
    if (bytes.size() < kHeaderBytes)
        throw FileError::atByte(path, bytes.size(), "truncated header");
    const std::uint32_t version = getU32(bytes, 8);
    if (version > kModelFormatVersion)
        throw FileError::atByte(path, 8,
                                "written by a newer LatentLab (format " + std::to_string(version) +
                                    ", this build reads " + std::to_string(kModelFormatVersion) +
                                    ")");
    if (version == 0)
        throw FileError::atByte(path, 8, "invalid format version 0");
    const std::uint32_t storedCrc = getU32(bytes, 12);
    const std::uint64_t length = getU64(bytes, 16);
    const std::uint64_t have = bytes.size() - kHeaderBytes;
    if (length > have)
        throw FileError::atByte(path, bytes.size(),
                                "truncated: the header declares a payload of " +
                                    std::to_string(length) + " bytes, the file holds " +
                                    std::to_string(have));
    if (length < have)
        throw FileError::atByte(path, kHeaderBytes + length,
                                std::to_string(have - length) +
                                    " unexpected bytes after the payload");
    const std::uint32_t crc = crc32Of(bytes.data() + kHeaderBytes, length);
    if (crc != storedCrc)
        throw FileError::atByte(path, 12, "checksum mismatch: the file is damaged or was altered");

    PayloadReader r(path, bytes);
    ModelFile model;
    model.kind = r.string("the kind");
    const std::size_t metaAt = r.pos();
    const std::uint32_t metaCount = r.u32("the metadata count");
    if (metaCount > kModelMaxEntries)
        throw FileError::atByte(path, metaAt,
                                "implausible metadata count " + std::to_string(metaCount));
    for (std::uint32_t i = 0; i < metaCount; ++i) {
        std::string key = r.string("a metadata key");
        std::string value = r.string("a metadata value");
        model.metadata.emplace_back(std::move(key), std::move(value));
    }
    const std::size_t tensorsAt = r.pos();
    const std::uint32_t tensorCount = r.u32("the tensor count");
    if (tensorCount > kModelMaxEntries)
        throw FileError::atByte(path, tensorsAt,
                                "implausible tensor count " + std::to_string(tensorCount));
    for (std::uint32_t i = 0; i < tensorCount; ++i) {
        ModelTensor t;
        t.name = r.string("a tensor name");
        const std::size_t shapeAt = r.pos();
        const auto rows = static_cast<std::int32_t>(r.u32("a tensor shape"));
        const auto cols = static_cast<std::int32_t>(r.u32("a tensor shape"));
        if (rows < 0 || cols < 0)
            throw FileError::atByte(path, shapeAt, "tensor '" + t.name + "' has a negative size");
        const std::uint64_t count = std::uint64_t(rows) * std::uint64_t(cols);
        if (count > kModelMaxTensorValues)
            throw FileError::atByte(path, shapeAt,
                                    "tensor '" + t.name + "' declares " + std::to_string(rows) +
                                        " x " + std::to_string(cols) +
                                        " values, more than the limit of 2^28");
        t.rows = rows;
        t.cols = cols;
        t.values = r.floats(count, "tensor '" + t.name + "'");
        model.tensors.push_back(std::move(t));
    }
    if (!r.atEnd())
        throw FileError::atByte(path, r.pos(), "unexpected bytes after the last tensor");
    return model;
}

} // namespace latentlab
