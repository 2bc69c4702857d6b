#pragma once
/// \file
/// The one CSV reader of gridgov: an RFC 4180 record splitter (quoted fields, doubled quotes) that
/// reports the column of a malformed field, a line reader (LF or CRLF) for streaming large files,
/// and a small header-indexed table. Every reader of a CSV (the buildings CSV, the sweep and
/// calibration journals, compare's tables, the tests) goes through it; errors read
/// "file:line:column: message".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/schema/InputError.hpp"

namespace gridgov::io {

/// A malformed CSV: `what()` is "file:line:column: message".
class CsvError : public schema::InputError {
 public:
  using schema::InputError::InputError;
};

/// "file:line:column: what".
std::string csv_error(std::string_view path, std::uint64_t line, std::uint64_t column, std::string_view what);

/// One field of a record: its text (quotes removed, doubled quotes undone) and the 1-based byte
/// column of its first character (its opening quote when quoted).
struct CsvField {
  std::string text;
  std::uint32_t column = 1;
};

/// Splits records into fields, reusing its storage from record to record (no allocation per
/// record once the fields have grown). A record is normally one line without its line break; a
/// quoted field may hold line breaks when the caller passes a whole record (CsvTable does).
class CsvSplitter {
 public:
  /// With `trim_blanks`, spaces and tabs around a field (and around a quoted field's quotes) are
  /// not part of it (the buildings CSV); otherwise every character is (the journals).
  explicit CsvSplitter(bool trim_blanks = false) : trim_blanks_(trim_blanks) {}

  /// Splits `record`; false when it is malformed, with error() and error_column() set to the first
  /// fault. The fields are filled in either case (an unterminated quoted field runs to the end).
  bool split(std::string_view record);

  std::size_t size() const { return n_; }
  const CsvField& operator[](std::size_t i) const { return fields_[i]; }
  const std::string& error() const { return error_; }
  std::uint32_t error_column() const { return error_column_; }
  /// The texts of the fields of the last record.
  std::vector<std::string> texts() const;

 private:
  void fault(std::uint32_t column, const char* what);

  bool trim_blanks_;
  std::vector<CsvField> fields_;
  std::size_t n_ = 0;
  std::string error_;
  std::uint32_t error_column_ = 0;
};

/// The fields of one line (a trailing '\r' dropped; a malformed field read as far as it goes):
/// for files gridgov wrote itself, one record per line.
std::vector<std::string> split_csv_line(std::string_view line);

/// A text read line by line (LF or CRLF): each physical line without its line break.
class CsvLineReader {
 public:
  explicit CsvLineReader(std::string_view text) : text_(text) {}
  /// The next line (without '\n' and a trailing '\r') and its 1-based number; false at the end.
  bool next(std::string_view& line, std::uint64_t& line_no);

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

/// A whole CSV with a header line: its columns by name and its rows with their line numbers.
/// Blank lines are skipped; a quoted field may span lines.
struct CsvTable {
  std::string path;
  std::vector<std::string> header;
  std::uint64_t header_line = 0;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> row_lines;  ///< per row: the line where it starts

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// Parses `text` (read from `path`, for messages); throws CsvError on a malformed record, or a
  /// row whose field count differs from the header's when `check_widths`. An empty text gives a
  /// table without header.
  static CsvTable parse(std::string_view text, std::string path, bool check_widths = true);
  /// Reads and parses the file `path` (CsvError when it cannot be read).
  static CsvTable read(const std::string& path, bool check_widths = true);

  /// The position of column `name`, or npos.
  std::size_t index(std::string_view name) const;
  /// The position of column `name`; throws CsvError "path:header_line:1: missing column 'name'".
  std::size_t require(std::string_view name) const;
  /// The cell of `row` in column `name` (require()d).
  const std::string& at(std::size_t row, std::string_view name) const { return rows.at(row).at(require(name)); }
  /// "path:line:column: what" at row `row` (line of the row, the given column).
  std::string error(std::size_t row, std::uint64_t column, std::string_view what) const {
    return csv_error(path, row_lines.at(row), column, what);
  }
};

}  // namespace gridgov::io
