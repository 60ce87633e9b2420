// CSV reading and writing: every separator, header detection, exact round trips, and one
// test per error kind checking the reported line and column.
#include "io/csv.h"
#include "common/error.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace latentlab;
using latentlab::testing::readBytes;
using latentlab::testing::TempDir;
using latentlab::testing::writeBytes;

namespace {

/// Expects parseCsv to fail at (line, column) with a message containing `text`.
void expectError(const std::string& csv, long line, long column, const std::string& text) {
    try {
        parseCsv(csv, "data.csv");
        ADD_FAILURE() << "expected a FileError for:\n" << csv;
    } catch (const FileError& e) {
        EXPECT_EQ(e.path(), "data.csv");
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.column(), column) << e.what();
        EXPECT_NE(e.message().find(text), std::string::npos) << e.what();
    }
}

} // namespace

TEST(Csv, ReadsEverySeparator) {
    for (const std::string sep : {",", ";", "\t", " ", "   ", ", ", " \t "}) {
        const PointSet s = parseCsv("1" + sep + "2\n3.5" + sep + "-4e2\n", "x");
        ASSERT_EQ(s.dimension(), 2) << "separator '" << sep << "'";
        ASSERT_EQ(s.size(), 2);
        EXPECT_EQ(s.points(0, 0), 1.0);
        EXPECT_EQ(s.points(1, 0), 2.0);
        EXPECT_EQ(s.points(0, 1), 3.5);
        EXPECT_EQ(s.points(1, 1), -400.0);
        EXPECT_TRUE(s.columnNames.empty());
    }
}

TEST(Csv, QuotedHeaderLikeROldFaithful) {
    const PointSet s =
        parseCsv("\"eruptions\",\"waiting\"\r\n3.6,79\r\n1.8,54\r\n\r\n", "faithful.csv");
    EXPECT_EQ(s.columnNames, (std::vector<std::string>{"eruptions", "waiting"}));
    ASSERT_EQ(s.size(), 2);
    EXPECT_EQ(s.points(0, 1), 1.8);
    EXPECT_EQ(s.points(1, 1), 54.0);
}

TEST(Csv, UnquotedHeaderBomBlankLinesAndPlusSign) {
    const PointSet s = parseCsv("\xEF\xBB\xBFx;y;z\n\n+1;2;3\n  \n4;5;6", "x");
    EXPECT_EQ(s.columnNames, (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_EQ(s.dimension(), 3);
    EXPECT_EQ(s.size(), 2);
    EXPECT_EQ(s.points(0, 0), 1.0);
    EXPECT_EQ(s.points(2, 1), 6.0);
}

TEST(Csv, DecimalCommaWithSemicolonsIsNotANumber) {
    expectError("a;b\n3,6;79\n", 2, 1, "'3,6' is not a number");
}

TEST(Csv, WrongFieldCount) {
    expectError("a,b\n1,2\n3,4,5\n", 3, 3, "expected 2 fields, found 3");
    expectError("1,2\n3\n", 2, 2, "expected 2 fields, found 1");
}

TEST(Csv, NotANumber) {
    expectError("x,y\n1,2\n3,abc\n", 3, 2, "'abc' is not a number");
    expectError("1,2\n3,4x\n", 2, 2, "'4x' is not a number");
    expectError("1,2\n0x10,4\n", 2, 1, "is not a number");
    expectError("1,2\n++3,4\n", 2, 1, "is not a number");
}

TEST(Csv, BinaryGarbageIsShownPrintably) {
    expectError(std::string("1,2\n3,\x01\x1b[2J\n", 12), 2, 2, "'??[2J' is not a number");
}

TEST(Csv, EmptyField) {
    expectError("1,2\n3,\n", 2, 2, "empty field");
}

TEST(Csv, NaN) {
    expectError("x,y\n1,2\nNaN,4\n", 3, 1, "NaN");
    expectError("x,y\n1,nan\n", 2, 2, "NaN");
}

TEST(Csv, Infinity) {
    expectError("x,y\n1,inf\n", 2, 2, "infinite");
    expectError("x,y\n-Infinity,1\n", 2, 1, "infinite");
}

TEST(Csv, HugeValuesOverflow) {
    expectError("x,y\n1,2\n1e400,3\n", 3, 1, "'1e400' is out of the range of a double");
    expectError("x,y\n1,-1e309\n", 2, 2, "out of the range");
    // The largest finite double is fine.
    const PointSet s = parseCsv("1.7976931348623157e308,1\n", "x");
    EXPECT_EQ(s.points(0, 0), std::numeric_limits<double>::max());
}

TEST(Csv, EmptyFile) {
    for (const std::string text : {"", "\n\n  \n", "\xEF\xBB\xBF"}) {
        try {
            parseCsv(text, "empty.csv");
            ADD_FAILURE() << "expected a FileError";
        } catch (const FileError& e) {
            EXPECT_NE(std::string(e.what()).find("empty.csv: empty file"), std::string::npos)
                << e.what();
        }
    }
}

TEST(Csv, HeaderOnly) {
    expectError("\n\"a\",\"b\"\n\n", 2, 0, "a header but no data rows");
}

TEST(Csv, SingleColumn) {
    expectError("1\n2\n3\n", 1, 0, "only one column");
    expectError("value\n1\n2\n", 1, 0, "only one column");
}

TEST(Csv, MissingFileAndDirectory) {
    TempDir dir;
    EXPECT_THROW(readCsv(dir.file("missing.csv")), FileError);
    EXPECT_THROW(readCsv(dir.path().string()), FileError);
}

TEST(Csv, RoundTripIsExact) {
    TempDir dir;
    PointSet s;
    s.points.resize(3, 4);
    s.points << 0.1, 1.0 / 3.0, -2.5e-300, 4.9e-324,                          //
        1e300, -0.0, 123456789.123456789, std::numeric_limits<double>::max(), //
        std::numeric_limits<double>::min(), 7, -8, 2.0 / 7.0;
    s.columnNames = {"a", "b c", "1"};
    writeCsv(dir.file("s.csv"), s);
    const PointSet back = readCsv(dir.file("s.csv"));
    EXPECT_EQ(back.columnNames, s.columnNames); // "1" stays a name: headers are quoted
    ASSERT_EQ(back.points.rows(), 3);
    ASSERT_EQ(back.points.cols(), 4);
    for (Eigen::Index i = 0; i < s.points.size(); ++i)
        EXPECT_EQ(std::signbit(back.points(i)), std::signbit(s.points(i)));
    EXPECT_EQ(back.points, s.points);
    EXPECT_EQ(back.name, dir.file("s.csv"));
}

TEST(Csv, WriterNamesColumnsAndIsAtomic) {
    TempDir dir;
    PointSet s;
    s.points = Eigen::MatrixXd::Ones(2, 2);
    writeBytes(dir.file("o.csv"), "old");
    writeCsv(dir.file("o.csv"), s);
    EXPECT_EQ(readBytes(dir.file("o.csv")), "\"x1\",\"x2\"\n1,1\n1,1\n");
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(Csv, WriterRefusesWhatItCouldNotReadBack) {
    TempDir dir;
    PointSet s;
    s.points = Eigen::MatrixXd::Ones(2, 2);
    s.points(1, 1) = std::nan("");
    EXPECT_THROW(writeCsv(dir.file("n.csv"), s), ArgumentError);
    s.points(1, 1) = 1;
    s.columnNames = {"a,b", "c"};
    EXPECT_THROW(writeCsv(dir.file("n.csv"), s), ArgumentError);
    s.columnNames = {"only one"};
    EXPECT_THROW(writeCsv(dir.file("n.csv"), s), ArgumentError);
    EXPECT_FALSE(std::filesystem::exists(dir.file("n.csv")));
}
