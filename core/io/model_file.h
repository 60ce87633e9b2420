#pragma once
// A small versioned, checksummed binary container for trained models (the VAE uses it):
// a kind ("vae"), string metadata (architecture, training record) and named float tensors.
//
// Layout, all integers little-endian:
//   offset 0   8 bytes  magic "LATLABM\0"
//   offset 8   u32      format version (kModelFormatVersion)
//   offset 12  u32      CRC-32 (zlib) of the payload
//   offset 16  u64      payload length in bytes
//   offset 24  payload:
//     string kind; u32 metadata count; (string key, string value) each;
//     u32 tensor count; per tensor: string name, i32 rows, i32 cols, rows*cols float32
//     values in column-major order (IEEE 754 binary32, little-endian)
//   where a string is a u32 byte length followed by that many bytes (UTF-8).
// Reading checks, in this order: magic, version, payload length against the file size,
// the checksum, then every length before allocating for it. Any problem is a FileError
// with the byte offset.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace latentlab {

struct ModelTensor {
    std::string name;
    std::int32_t rows = 0, cols = 0;
    std::vector<float> values; ///< column-major rows x cols
};

struct ModelFile {
    std::string kind; ///< e.g. "vae"
    std::vector<std::pair<std::string, std::string>> metadata;
    std::vector<ModelTensor> tensors;

    /// The value for `key`, or nullptr.
    const std::string* meta(const std::string& key) const;
    /// The tensor called `name`, or nullptr.
    const ModelTensor* tensor(const std::string& name) const;
};

inline constexpr std::uint32_t kModelFormatVersion = 1;
inline constexpr std::uint64_t kModelMaxString = std::uint64_t(1) << 20;       ///< 1 MiB
inline constexpr std::uint64_t kModelMaxTensorValues = std::uint64_t(1) << 28; ///< per tensor
inline constexpr std::uint64_t kModelMaxFileBytes = std::uint64_t(1) << 32;    ///< 4 GiB
inline constexpr std::uint32_t kModelMaxEntries = 1u << 20; ///< metadata pairs or tensors

/// Atomic (temporary file + rename). Throws ArgumentError for an inconsistent ModelFile
/// (rows*cols != values.size(), negative sizes, oversized strings) and FileError for I/O.
void writeModelFile(const std::string& path, const ModelFile& model);
/// Throws FileError on any problem (wrong magic, future version, truncated, checksum
/// mismatch, absurd sizes, non-finite values).
ModelFile readModelFile(const std::string& path);

} // namespace latentlab
