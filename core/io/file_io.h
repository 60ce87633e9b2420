#pragma once
// Small helpers every reader and writer in core/ shares: reading a whole file with a size
// cap (so a hostile file cannot make us allocate without bound) and writing a file
// atomically (a temporary file beside the target, then rename, so an existing file is never
// left half-written).

#include <cstdint>
#include <string>
#include <string_view>

namespace latentlab {

/// Reads the whole file. Throws FileError if it cannot be opened or read, or if it is
/// larger than `maxBytes` (checked before allocating).
std::string readWholeFile(const std::string& path, std::uint64_t maxBytes);

/// Writes `bytes` to a temporary file in the same directory and renames it over `path`.
/// Throws FileError (and removes the temporary file) on any failure.
void writeFileAtomically(const std::string& path, std::string_view bytes);

} // namespace latentlab
