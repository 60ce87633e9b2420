#pragma once
// CSV reading and writing for point sets.
//
// Reading: an optional header row (the first non-empty row is a header when one of its
// fields is quoted or is not a number; quotes are removed from names), fields separated by
// semicolon, tab, comma or runs of spaces (detected from the first non-empty row in that
// order of preference, so "3,6;79" with decimal commas is a clear error rather than four
// columns, then required on every row). Blank lines, a UTF-8 byte-order mark and CRLF line
// ends are accepted; numbers are read independently of the C locale ("1.5", "-2e3", "+4").
// Errors throw FileError naming the file, the 1-based line and column (the field number in
// the row) and the problem: wrong field count, an empty field, a field that is not a number,
// NaN, infinity, a value beyond the range of a double (1e400), an empty file, a file with a
// header but no rows, a single column. At least two columns are required.
//
// Limits, so that a hostile file cannot make the reader allocate without bound: the file
// is at most kCsvMaxBytes, a row at most kCsvMaxColumns fields, the data set at most
// kCsvMaxValues numbers (rows x columns). Reading takes two passes over the text: the first
// checks the shape (every row's field count, counted without storing a field) and the
// limits, the second parses the numbers straight into the matrix; so memory is the file
// plus exactly the matrix, and shape errors are reported before errors in the numbers.

#include "common/point_set.h"

#include <cstdint>
#include <string>

namespace latentlab {

inline constexpr std::uint64_t kCsvMaxBytes = std::uint64_t(1) << 30; ///< 1 GiB
inline constexpr std::size_t kCsvMaxColumns = 10000;
/// 2^25 numbers: 256 MiB of doubles, e.g. 16.7 million 2D points.
inline constexpr std::uint64_t kCsvMaxValues = std::uint64_t(1) << 25;

PointSet readCsv(const std::string& path);
/// Parses CSV text; `path` is only used in error messages.
PointSet parseCsv(const std::string& text, const std::string& path);

/// Writes a comma-separated header of quoted names (columnNames, or x1..xd) and one row per
/// point in the shortest form that reads back to the same double. Atomic: writes a temporary
/// file beside `path` and renames it over `path`, so an existing file is never left
/// half-written. Throws FileError for I/O problems and ArgumentError for what could not be
/// read back (NaN or infinite values, names holding separators or quotes, a wrong number of
/// names).
void writeCsv(const std::string& path, const PointSet& set);

} // namespace latentlab
