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

// CSV files larger than this are refused before reading (about 40 million 2D points).
constexpr std::uint64_t kMaxCsvBytes = std::uint64_t(1) << 30;
constexpr std::size_t kMaxColumns = 10000;

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

std::vector<Field> splitLine(std::string_view line, Separator sep) {
    std::vector<Field> fields;
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
            fields.push_back({line.substr(start, i - start), long(fields.size()) + 1, false});
        }
    } else {
        const char c = sep == Separator::Comma ? ',' : sep == Separator::Semicolon ? ';' : '\t';
        std::size_t start = 0;
        while (true) {
            const std::size_t end = line.find(c, start);
            const auto piece = line.substr(
                start, end == std::string_view::npos ? std::string_view::npos : end - start);
            fields.push_back({trim(piece), long(fields.size()) + 1, false});
            if (end == std::string_view::npos)
                break;
            start = end + 1;
        }
    }
    for (auto& f : fields)
        if (f.text.size() >= 2 && f.text.front() == '"' && f.text.back() == '"') {
            f.text = f.text.substr(1, f.text.size() - 2);
            f.quoted = true;
        }
    return fields;
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
    std::string_view rest(text);
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") // UTF-8 byte-order mark
        rest.remove_prefix(3);

    PointSet set;
    set.name = path;
    std::vector<double> values; // row after row = point after point (d x N column-major)
    std::size_t d = 0;
    Separator sep = Separator::Comma;
    bool first = true;
    long headerLine = 0;
    long lineNo = 0;
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trim(line).empty())
            continue;
        if (first)
            sep = detectSeparator(line);
        const auto fields = splitLine(line, sep);
        if (first) {
            first = false;
            d = fields.size();
            if (d > kMaxColumns)
                throw FileError(path, lineNo, 0, "too many columns (" + std::to_string(d) + ")");
            // A header is a first row with a quoted field or one that is not a number.
            bool header = false;
            for (const auto& f : fields) {
                double v;
                const auto status = parseDouble(f.text, v);
                if (f.quoted || status == NumberStatus::NotANumber)
                    header = true;
            }
            if (header) {
                headerLine = lineNo;
                for (const auto& f : fields)
                    set.columnNames.emplace_back(f.text);
                if (d < 2)
                    throw FileError(path, lineNo, 0,
                                    "only one column; a point set needs at least two");
                continue;
            }
            if (d < 2)
                throw FileError(path, lineNo, 0,
                                "only one column; a point set needs at least two (is the "
                                "separator a comma, semicolon, tab or space?)");
        }
        if (fields.size() != d)
            throw FileError(path, lineNo, long(std::min(fields.size(), d)) + 1,
                            "expected " + std::to_string(d) + " fields, found " +
                                std::to_string(fields.size()));
        for (const auto& f : fields) {
            double v = 0;
            switch (parseDouble(f.text, v)) {
            case NumberStatus::Ok:
                values.push_back(v);
                break;
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
        }
    }
    if (first)
        throw FileError(path, "empty file: no data rows");
    if (values.empty())
        throw FileError(path, headerLine, 0, "a header but no data rows");
    const auto n = static_cast<Eigen::Index>(values.size() / d);
    set.points = Eigen::Map<const Eigen::MatrixXd>(values.data(), static_cast<Eigen::Index>(d), n);
    return set;
}

PointSet readCsv(const std::string& path) {
    return parseCsv(readWholeFile(path, kMaxCsvBytes), path);
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
