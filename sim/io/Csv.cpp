#include "sim/io/Csv.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/io/InputFile.hpp"

namespace gridgov::io {

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::string csv_error(std::string_view path, std::uint64_t line, std::uint64_t column, std::string_view what) {
  return fmt::format("{}:{}:{}: {}", path, line, column, what);
}

void CsvSplitter::fault(std::uint32_t column, const char* what) {
  if (!error_.empty()) return;  // the first fault counts
  error_ = what;
  error_column_ = column;
}

bool CsvSplitter::split(std::string_view line) {
  n_ = 0;
  error_.clear();
  error_column_ = 0;
  std::size_t i = 0;
  const std::size_t len = line.size();
  while (true) {
    if (n_ == fields_.size()) fields_.emplace_back();
    CsvField& f = fields_[n_++];
    f.text.clear();
    if (trim_blanks_)
      while (i < len && is_blank(line[i])) ++i;
    f.column = static_cast<std::uint32_t>(i + 1);
    if (i < len && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < len) {
        if (line[i] == '"') {
          if (i + 1 < len && line[i + 1] == '"') {
            f.text.push_back('"');
            i += 2;
          } else {
            ++i;
            closed = true;
            break;
          }
        } else {
          f.text.push_back(line[i++]);
        }
      }
      if (!closed) fault(f.column, "unterminated quoted field, expected a closing '\"' on the same line");
      if (trim_blanks_)
        while (i < len && is_blank(line[i])) ++i;
      if (i < len && line[i] != ',') {
        fault(static_cast<std::uint32_t>(i + 1), "unexpected character after closing quote, expected ',' or end of line");
        while (i < len && line[i] != ',') f.text.push_back(line[i++]);  // read on, as far as it goes
      }
    } else {
      const std::size_t start = i;
      while (i < len && line[i] != ',') ++i;
      std::size_t end = i;
      if (trim_blanks_)
        while (end > start && is_blank(line[end - 1])) --end;
      f.text.assign(line.substr(start, end - start));
    }
    if (i >= len) break;
    ++i;  // skip ','
  }
  return error_.empty();
}

std::vector<std::string> CsvSplitter::texts() const {
  std::vector<std::string> out;
  out.reserve(n_);
  for (std::size_t i = 0; i < n_; ++i) out.push_back(fields_[i].text);
  return out;
}

std::vector<std::string> split_csv_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  thread_local CsvSplitter s;  // its fields' storage is reused from line to line
  s.split(line);
  return s.texts();
}

bool CsvLineReader::next(std::string_view& line, std::uint64_t& line_no) {
  if (pos_ >= text_.size()) return false;
  const std::size_t nl = text_.find('\n', pos_);
  const std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
  line = text_.substr(pos_, end - pos_);
  pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
  ++line_no;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

CsvTable CsvTable::parse(std::string_view text, std::string path, bool check_widths) {
  CsvTable t;
  t.path = std::move(path);
  CsvSplitter split;
  std::size_t pos = 0;
  std::uint64_t line_no = 0;
  while (pos < text.size()) {
    // One record: up to a line break outside quotes (an odd count of quotes so far means inside).
    const std::uint64_t first_line = line_no + 1;
    std::size_t end = pos;
    bool quoted = false;
    for (; end < text.size(); ++end) {
      if (text[end] == '"')
        quoted = !quoted;
      else if (text[end] == '\n') {
        ++line_no;
        if (!quoted) break;
      }
    }
    if (end == text.size()) ++line_no;
    std::string_view record = text.substr(pos, end - pos);
    pos = end + 1;
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    if (std::all_of(record.begin(), record.end(), [](char c) { return is_blank(c); })) continue;
    if (!split.split(record)) throw CsvError(csv_error(t.path, first_line, split.error_column(), split.error()));
    if (t.header_line == 0) {
      t.header = split.texts();
      t.header_line = first_line;
      continue;
    }
    if (check_widths && split.size() != t.header.size())
      throw CsvError(csv_error(t.path, first_line, 1,
                               fmt::format("{} fields, expected {} as in the header", split.size(), t.header.size())));
    t.rows.push_back(split.texts());
    t.row_lines.push_back(first_line);
  }
  return t;
}

CsvTable CsvTable::read(const std::string& path, bool check_widths) {
  std::string text, error;
  if (!read_bounded(path, kMaxCsvBytes, "CSV file", text, error)) throw CsvError(csv_error(path, 0, 0, error));
  return parse(text, path, check_widths);
}

std::size_t CsvTable::index(std::string_view name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? npos : static_cast<std::size_t>(it - header.begin());
}

std::size_t CsvTable::require(std::string_view name) const {
  const std::size_t i = index(name);
  if (i == npos)
    throw CsvError(csv_error(path, std::max<std::uint64_t>(header_line, 1), 1, fmt::format("missing column '{}'", name)));
  return i;
}

}  // namespace gridgov::io
