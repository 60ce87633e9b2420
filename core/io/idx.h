#pragma once
// The IDX format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip-compressed.
//
// Layout (big-endian): a 4-byte magic 0x00 0x00 type ndim (2051 = unsigned bytes in
// 3 dimensions for images, 2049 = unsigned bytes in 1 dimension for labels), then one 32-bit
// size per dimension, then the data row-major. A gzip file is recognised by its first two
// bytes 1f 8b, whatever its name.
//
// Every size is checked before anything is allocated, and a gzip stream is inflated in
// chunks and stopped as soon as it would produce more than the header declared, so a
// truncated, oversized or hostile file is a FileError with the byte offset, never a crash or
// a huge allocation. A file left out of step with its pair by an interrupted writeIdxPair
// is refused (see writeFilesAtomically in io/file_io.h).

#include "io/file_io.h"

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct IdxImages {
    std::uint32_t count = 0, rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels; ///< count*rows*cols bytes, image after image, row-major
};

inline constexpr std::uint32_t kIdxImagesMagic = 2051;
inline constexpr std::uint32_t kIdxLabelsMagic = 2049;
inline constexpr std::uint64_t kIdxMaxPixels = std::uint64_t(1) << 30; ///< refused above this
inline constexpr std::uint32_t kIdxMaxSide = 4096;                     ///< rows and cols limit

IdxImages readIdxImages(const std::string& path);                 ///< magic 2051
std::vector<std::uint8_t> readIdxLabels(const std::string& path); ///< magic 2049

/// Atomic (temporary file + rename); gzip output is deterministic (no time stamp).
void writeIdxImages(const std::string& path, const IdxImages& images, bool gzip);
void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels, bool gzip);
/// Images and their labels replaced as a pair (writeFilesAtomically in io/file_io.h): both
/// files complete and fsynced before either is renamed, and a process killed between the
/// two renames leaves a journal that makes both readers refuse the pair until
/// finishInterruptedWrite() (or writing the pair again) completes it.
void writeIdxPair(const std::string& imagesPath, const IdxImages& images,
                  const std::string& labelsPath, const std::vector<std::uint8_t>& labels,
                  bool gzip, const RenameHook& hook = {});

/// Throws FileError naming both files if the image and label counts differ.
void checkSameCount(const IdxImages& images, const std::vector<std::uint8_t>& labels,
                    const std::string& imagesPath, const std::string& labelsPath);

} // namespace latentlab
