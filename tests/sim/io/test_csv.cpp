// Unit tests of the one CSV reader (sim/io/Csv.hpp): the RFC 4180 splitter and its error columns,
// the line reader (LF and CRLF) and the header-indexed table.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/io/Csv.hpp"

namespace io = gridgov::io;
using Cells = std::vector<std::string>;

TEST_CASE("the CSV splitter reads quoted fields with commas and doubled quotes", "[csv]") {
  io::CsvSplitter s;
  REQUIRE(s.split(R"(a,"b,c","say ""hi""",,"")"));
  CHECK(s.texts() == Cells{"a", "b,c", R"(say "hi")", "", ""});
  CHECK(s[0].column == 1);
  CHECK(s[1].column == 3);
  CHECK(s[2].column == 9);
  REQUIRE(s.split(""));
  CHECK(s.texts() == Cells{""});
  CHECK(io::split_csv_line("x,\"y\"\r") == Cells{"x", "y"});
}

TEST_CASE("the CSV splitter reports a malformed field with its column", "[csv]") {
  io::CsvSplitter s;
  CHECK_FALSE(s.split(R"(a,b,"open)"));
  CHECK(s.error_column() == 5);
  CHECK(s.error() == "unterminated quoted field, expected a closing '\"' on the same line");
  CHECK(s.texts() == Cells{"a", "b", "open"});  // read as far as it goes

  CHECK_FALSE(s.split(R"("ab"c,d)"));
  CHECK(s.error_column() == 5);
  CHECK(s.error() == "unexpected character after closing quote, expected ',' or end of line");

  io::CsvSplitter trimmed(/*trim_blanks=*/true);
  REQUIRE(trimmed.split(R"( a ,  "b c"  ,	d)"));
  CHECK(trimmed.texts() == Cells{"a", "b c", "d"});
  CHECK(trimmed[1].column == 7);
  CHECK_FALSE(trimmed.split(R"(x,  "y)"));
  CHECK(trimmed.error_column() == 5);
}

TEST_CASE("the CSV line reader accepts LF and CRLF line endings", "[csv]") {
  io::CsvLineReader in("a,b\r\nc,d\n\ne");
  std::string_view line;
  std::uint64_t n = 0;
  std::vector<std::string> lines;
  while (in.next(line, n)) lines.emplace_back(line);
  CHECK(lines == Cells{"a,b", "c,d", "", "e"});
  CHECK(n == 4);
}

TEST_CASE("a CSV table is indexed by its header", "[csv]") {
  const auto t = io::CsvTable::parse("id,name\r\n1,\"x, y\"\n\n2,\"two\nlines\"\n3,z", "t.csv");
  CHECK(t.header == Cells{"id", "name"});
  CHECK(t.header_line == 1);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.row_lines == std::vector<std::uint64_t>{2, 4, 6});
  CHECK(t.index("name") == 1);
  CHECK(t.index("nope") == io::CsvTable::npos);
  CHECK(t.at(0, "name") == "x, y");
  CHECK(t.at(1, "name") == "two\nlines");
  CHECK(t.error(2, 3, "bad") == "t.csv:6:3: bad");
  CHECK_THROWS_WITH(t.require("nmae"), "t.csv:1:1: missing column 'nmae'");
  CHECK_THROWS_AS(t.require("nmae"), gridgov::schema::InputError);
}

TEST_CASE("a malformed CSV table names the file, line and column", "[csv]") {
  CHECK_THROWS_WITH(io::CsvTable::parse("a,b\n1,2\n3,\"4\n", "t.csv"),
                    "t.csv:3:3: unterminated quoted field, expected a closing '\"' on the same line");
  CHECK_THROWS_WITH(io::CsvTable::parse("a,b\n1,2,3\n", "t.csv"), "t.csv:2:1: 3 fields, expected 2 as in the header");
  CHECK(io::CsvTable::parse("a,b\n1,2,3\n", "t.csv", /*check_widths=*/false).rows.size() == 1);
  CHECK(io::CsvTable::parse("", "t.csv").header.empty());
}
