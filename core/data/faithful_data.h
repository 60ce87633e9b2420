#pragma once
// The text of resources/data/faithful.csv, compiled into the library at configure time
// (core/data/faithful_data.cpp.in), so the preset needs no file at run time.

#include <string_view>

namespace latentlab {

std::string_view faithfulCsvText();

} // namespace latentlab
