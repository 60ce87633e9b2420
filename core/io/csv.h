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

#include "common/point_set.h"

#include <string>

namespace latentlab {

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
