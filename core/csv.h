#pragma once
// CSV reading and writing for point sets.
//
// Reading: an optional header row (detected when the first non-empty row has a field that
// is not a number; quoted names are unquoted), fields separated by comma, semicolon, tab or
// runs of whitespace (detected from the first data row, then required on every row).
// Errors throw FileError naming the file, the 1-based line and column and the problem:
// wrong field count, a field that is not a number, NaN or Inf, an empty file, a file with a
// header but no rows, a single column.

#include "point_set.h"

#include <string>

namespace latentlab {

PointSet readCsv(const std::string& path);
/// Parses CSV text; `path` is only used in error messages.
PointSet parseCsv(const std::string& text, const std::string& path);

/// Writes a header (columnNames, or x1..xd) and one row per point with full double
/// precision (round-trips exactly). Atomic: writes a temporary file beside `path` and renames
/// it over `path`, so an existing file is never left half-written. Throws FileError.
void writeCsv(const std::string& path, const PointSet& set);

} // namespace latentlab
