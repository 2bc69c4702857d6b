#pragma once
/// \file
/// Safe result writing: an output folder that is refused when it already holds results
/// (unless forced), and files written atomically (temporary file, flush, rename) so that a
/// crash never leaves a half-written result under its final name.
#include <stdexcept>
#include <string>
#include <vector>

namespace gridgov::io {

/// Raised when results cannot be written; the CLI exits with code 1.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Write `content` to `path` atomically (same-directory temporary, fsync, rename).
void write_atomic(const std::string& path, const std::string& content);

/// A file written in pieces and published atomically: the text goes to a same-directory
/// temporary file; commit() flushes it to disk and renames it over `path`. Destroyed without
/// commit(), the temporary is removed and `path` is untouched.
class AtomicWriter {
 public:
  explicit AtomicWriter(std::string path);
  ~AtomicWriter();
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;
  void write(const char* data, std::size_t size);
  void write(const std::string& text) { write(text.data(), text.size()); }
  void commit();

 private:
  std::string path_, tmp_;
  int fd_ = -1;
};

/// Write all of `size` bytes to a file descriptor (retrying short writes); throws OutputError
/// naming `what` on failure.
void write_all(int fd, const char* data, std::size_t size, const std::string& what);

/// Check, without creating anything, that `dir` may receive results: it is missing or
/// empty, or `force` is set. Throws OutputError otherwise.
void check_output_dir(const std::string& dir, bool force);

/// Prepare an output folder: create it if missing; refuse a non-empty one unless `force`.
/// With `force`, files of earlier runs are left in place and overwritten one by one, atomically.
void prepare_output_dir(const std::string& dir, bool force);

/// One column of an output table: its name, unit and meaning (the data dictionary).
struct Column {
  std::string name;
  std::string unit;
  std::string description;
};

/// An output table's declaration: file name, what one row is, its columns.
struct TableSpec {
  std::string file;
  std::string row;  ///< what one row stands for
  std::vector<Column> columns;
};

/// Builds CSV text row by row; numbers are written in the shortest form that reads back exactly.
class CsvBuilder {
 public:
  /// Starts with the header line unless `header` is false (rows to append to an existing file).
  explicit CsvBuilder(const TableSpec& spec, bool header = true);
  /// The builder keeps a reference to the spec: a temporary would dangle.
  CsvBuilder(TableSpec&&, bool = true) = delete;
  CsvBuilder& cell(double v);
  CsvBuilder& cell(long long v);
  CsvBuilder& cell(unsigned long long v);
  CsvBuilder& cell(int v) { return cell(static_cast<long long>(v)); }
  CsvBuilder& cell(unsigned v) { return cell(static_cast<unsigned long long>(v)); }
  CsvBuilder& cell(long v) { return cell(static_cast<long long>(v)); }
  CsvBuilder& cell(unsigned long v) { return cell(static_cast<unsigned long long>(v)); }
  CsvBuilder& cell(const std::string& v);
  CsvBuilder& cell(const char* v) { return cell(std::string(v)); }
  /// End the row; throws std::logic_error when the row has the wrong number of cells.
  void end_row();
  const std::string& text() const { return text_; }
  std::size_t rows() const { return rows_; }

 private:
  void sep();
  const TableSpec& spec_;
  std::string text_;
  std::size_t col_ = 0, rows_ = 0;
};

/// Read back one cell CsvBuilder wrote as a number: the whole cell must be a number, or "NA" (NaN).
/// Returns false (leaving `out` NaN) otherwise.
bool number_cell(const std::string& cell, double& out);
/// The same for a whole cell holding an unsigned integer.
bool uint_cell(const std::string& cell, unsigned long long& out);

/// Data dictionary of several tables as CSV (file, column, unit, description).
std::string dictionary_csv(const std::vector<const TableSpec*>& tables);
/// The same as Markdown, for docs/outputs.md.
std::string dictionary_markdown(const std::vector<const TableSpec*>& tables, const std::string& intro);

}  // namespace gridgov::io
