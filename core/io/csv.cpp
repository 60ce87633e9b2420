#include "io/csv.h"

#include "common/error.h"
#include "io/file_io.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

namespace latentlab {

namespace {

enum class Separator { Comma, Semicolon, Tab, Whitespace };

struct Field {
    std::string_view text;
    long column; ///< 1-based field number in the row
    bool quoted;
};

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isBlank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back()))
        s.remove_suffix(1);
    return s;
}

/// A semicolon anywhere means semicolons (numbers never hold one, and files written with
/// decimal commas use it); then tab, then comma; otherwise runs of spaces.
Separator detectSeparator(std::string_view line) {
    if (line.find(';') != std::string_view::npos)
        return Separator::Semicolon;
    if (line.find('\t') != std::string_view::npos)
        return Separator::Tab;
    if (line.find(',') != std::string_view::npos)
        return Separator::Comma;
    return Separator::Whitespace;
}

/// Calls visit(field) for each field of the line in order and returns how many there are,
/// without storing them: memory stays constant however many fields a hostile line holds.
/// Fields are trimmed; a field in double quotes loses them and is marked quoted.
template <typename Visit>
std::size_t forEachField(std::string_view line, Separator sep, Visit&& visit) {
    std::size_t count = 0;
    const auto emit = [&](std::string_view text) {
        Field f{text, long(++count), false};
        if (f.text.size() >= 2 && f.text.front() == '"' && f.text.back() == '"') {
            f.text = f.text.substr(1, f.text.size() - 2);
            f.quoted = true;
        }
        visit(f);
    };
    if (sep == Separator::Whitespace) {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && isBlank(line[i]))
                ++i;
            if (i >= line.size())
                break;
            const std::size_t start = i;
            while (i < line.size() && !isBlank(line[i]))
                ++i;
            emit(line.substr(start, i - start));
        }
        return count;
    }
    const char c = sep == Separator::Comma ? ',' : sep == Separator::Semicolon ? ';' : '\t';
    std::size_t start = 0;
    while (true) {
        const std::size_t end = line.find(c, start);
        emit(trim(line.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                   : end - start)));
        if (end == std::string_view::npos)
            return count;
        start = end + 1;
    }
}

std::size_t countFields(std::string_view line, Separator sep) {
    if (sep == Separator::Whitespace)
        return forEachField(line, sep, [](const Field&) {});
    const char c = sep == Separator::Comma ? ',' : sep == Separator::Semicolon ? ';' : '\t';
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), c)) + 1;
}

/// Calls visit(line, lineNo) for every non-blank line (CR of CRLF removed, 1-based numbers).
template <typename Visit> void forEachLine(std::string_view text, Visit&& visit) {
    long lineNo = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!trim(line).empty())
            visit(line, lineNo);
    }
}

enum class NumberStatus { Ok, NotANumber, NaN, Infinite, OutOfRange, Empty };

NumberStatus parseDouble(std::string_view s, double& out) {
    if (s.empty())
        return NumberStatus::Empty;
    // One optional '+' (from_chars takes only '-').
    std::string_view body = s;
    if (body.front() == '+') {
        body.remove_prefix(1);
        if (body.empty() || body.front() == '+' || body.front() == '-')
            return NumberStatus::NotANumber;
    }
    const char* first = body.data();
    const char* last = body.data() + body.size();
    // from_chars is locale-independent (the GUI runs with the user's LC_NUMERIC).
    const auto [ptr, ec] = std::from_chars(first, last, out, std::chars_format::general);
    if (ec == std::errc::result_out_of_range && ptr == last)
        return NumberStatus::OutOfRange;
    if (ec != std::errc() || ptr != last)
        return NumberStatus::NotANumber;
    if (std::isnan(out))
        return NumberStatus::NaN;
    if (std::isinf(out))
        return NumberStatus::Infinite;
    return NumberStatus::Ok;
}

std::string shown(std::string_view s) {
    constexpr std::size_t maxShown = 40;
    std::string t(s.substr(0, maxShown));
    // Control bytes (a binary file read as CSV) would garble a one-line message.
    for (char& c : t)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    if (s.size() > maxShown)
        t += "...";
    return "'" + t + "'";
}

std::string formatDouble(double v) {
    char buf[64];
    // Shortest representation that reads back to the same double.
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? ptr : buf);
}

} // namespace

PointSet parseCsv(const std::string& text, const std::string& path) {
    std::string_view body(text);
    if (body.substr(0, 3) == "\xEF\xBB\xBF") // UTF-8 byte-order mark
        body.remove_prefix(3);

    // Pass 1, the shape: separator, header, the same field count on every row, and the size
    // of the matrix, counted without storing a field, so that nothing is allocated for a
    // row before its field count is known to be right.
    PointSet set;
    set.name = path;
    std::size_t d = 0;
    Separator sep = Separator::Comma;
    bool first = true;
    long headerLine = 0;
    std::uint64_t rows = 0;
    forEachLine(body, [&](std::string_view line, long lineNo) {
        if (first) {
            first = false;
            sep = detectSeparator(line);
            d = countFields(line, sep);
            if (d > kCsvMaxColumns)
                throw FileError(path, lineNo, 0,
                                "too many columns (" + std::to_string(d) + "; the limit is " +
                                    std::to_string(kCsvMaxColumns) + ")");
            // A header is a first row with a quoted field or one that is not a number.
            bool header = false;
            forEachField(line, sep, [&](const Field& f) {
                double v;
                header = header || f.quoted || parseDouble(f.text, v) == NumberStatus::NotANumber;
            });
            if (d < 2)
                throw FileError(path, lineNo, 0,
                                header ? "only one column; a point set needs at least two"
                                       : "only one column; a point set needs at least two (is "
                                         "the separator a comma, semicolon, tab or space?)");
            if (header) {
                headerLine = lineNo;
                forEachField(line, sep,
                             [&](const Field& f) { set.columnNames.emplace_back(f.text); });
                return;
            }
        }
        const std::size_t found = countFields(line, sep);
        if (found != d)
            throw FileError(path, lineNo, long(std::min(found, d)) + 1,
                            "expected " + std::to_string(d) + " fields, found " +
                                std::to_string(found));
        if (++rows * d > kCsvMaxValues)
            throw FileError(path, lineNo, 0,
                            "more than " + std::to_string(kCsvMaxValues) +
                                " values (rows x columns), the limit for one data set");
    });
    if (first)
        throw FileError(path, "empty file: no data rows");
    if (rows == 0)
        throw FileError(path, headerLine, 0, "a header but no data rows");

    // Pass 2, the numbers, straight into the d x N matrix.
    set.points.resize(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(rows));
    double* out = set.points.data();
    forEachLine(body, [&](std::string_view line, long lineNo) {
        if (lineNo == headerLine)
            return;
        forEachField(line, sep, [&](const Field& f) {
            switch (parseDouble(f.text, *out)) {
            case NumberStatus::Ok:
                ++out;
                return;
            case NumberStatus::Empty:
                throw FileError(path, lineNo, f.column, "empty field");
            case NumberStatus::NotANumber:
                throw FileError(path, lineNo, f.column, shown(f.text) + " is not a number");
            case NumberStatus::NaN:
                throw FileError(path, lineNo, f.column, "NaN is not allowed");
            case NumberStatus::Infinite:
                throw FileError(path, lineNo, f.column, "infinite value " + shown(f.text));
            case NumberStatus::OutOfRange:
                throw FileError(path, lineNo, f.column,
                                shown(f.text) + " is out of the range of a double");
            }
        });
    });
    return set;
}

PointSet readCsv(const std::string& path) {
    return parseCsv(readWholeFile(path, kCsvMaxBytes), path);
}

void writeCsv(const std::string& path, const PointSet& set) {
    const auto d = set.dimension();
    if (!set.columnNames.empty() && set.columnNames.size() != static_cast<std::size_t>(d))
        throw ArgumentError("writeCsv: " + std::to_string(set.columnNames.size()) +
                            " column names for " + std::to_string(d) + " dimensions");
    if (!set.points.allFinite())
        throw ArgumentError("writeCsv: the points hold NaN or infinite values");
    std::string out;
    out.reserve(static_cast<std::size_t>(set.points.size()) * 12 + 64);
    for (Eigen::Index j = 0; j < d; ++j) {
        std::string name = set.columnNames.empty() ? "x" + std::to_string(j + 1)
                                                   : set.columnNames[static_cast<std::size_t>(j)];
        if (name.find_first_of(",;\t\"\n\r") != std::string::npos)
            throw ArgumentError("writeCsv: column name '" + name +
                                "' holds a separator, quote or line break");
        if (j > 0)
            out += ',';
        // Names are always quoted, so a header of numbers is never mistaken for data.
        out += "\"" + name + "\"";
    }
    out += '\n';
    for (Eigen::Index i = 0; i < set.size(); ++i) {
        for (Eigen::Index j = 0; j < d; ++j) {
            if (j > 0)
                out += ',';
            out += formatDouble(set.points(j, i));
        }
        out += '\n';
    }
    writeFileAtomically(path, out);
}

} // namespace latentlab
