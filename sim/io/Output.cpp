#include "sim/io/Output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace gridgov::io {

namespace fs = std::filesystem;

void write_all(int fd, const char* data, std::size_t size, const std::string& what) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw OutputError("cannot write " + what + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

AtomicWriter::AtomicWriter(std::string path) : path_(std::move(path)) {
  // A fresh name, created exclusively and never through a symbolic link: a file or link planted
  // at a predictable temporary name cannot redirect the write. ".tmp." marks it as a temporary.
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp_ = fmt::format("{}.tmp.{}.{:08x}{:04x}", path_, ::getpid(), rd(), counter++ & 0xffffu);
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ >= 0 || errno != EEXIST) break;
  }
  if (fd_ < 0) throw OutputError("cannot create " + tmp_ + ": " + std::strerror(errno));
}

AtomicWriter::~AtomicWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicWriter::write(const char* data, std::size_t size) { write_all(fd_, data, size, tmp_); }

void AtomicWriter::commit() {
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp_.c_str());
    throw OutputError("cannot flush " + tmp_);
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp_.c_str());
    throw OutputError("cannot rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno));
  }
}

void write_atomic(const std::string& path, const std::string& content) {
  AtomicWriter w(path);
  w.write(content);
  w.commit();
}

void check_output_dir(const std::string& dir, bool force) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) throw OutputError(dir + " exists and is not a folder");
  if (!fs::is_empty(dir, ec) && !force)
    throw OutputError(dir + " already holds results; choose another --out or pass --force to overwrite them");
}

void prepare_output_dir(const std::string& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) throw OutputError(dir + " exists and is not a folder");
    if (!fs::is_empty(dir, ec) && !force)
      throw OutputError(dir + " already holds results; choose another --out or pass --force to overwrite them");
    return;
  }
  fs::create_directories(dir, ec);
  if (ec) throw OutputError("cannot create " + dir + ": " + ec.message());
}

CsvBuilder::CsvBuilder(const TableSpec& spec, bool header) : spec_(spec) {
  if (!header) return;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) text_ += ',';
    text_ += spec.columns[i].name;
  }
  text_ += '\n';
}

void CsvBuilder::sep() {
  if (col_) text_ += ',';
  ++col_;
}

CsvBuilder& CsvBuilder::cell(double v) {
  sep();
  if (std::isnan(v))
    text_ += "NA";
  else
    fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}
CsvBuilder& CsvBuilder::cell(long long v) {
  sep();
  fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}
CsvBuilder& CsvBuilder::cell(unsigned long long v) {
  sep();
  fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}
CsvBuilder& CsvBuilder::cell(const std::string& v) {
  sep();
  if (v.find_first_of(",\"\n") == std::string::npos) {
    text_ += v;
  } else {
    text_ += '"';
    for (char c : v) {
      if (c == '"') text_ += '"';
      text_ += c;
    }
    text_ += '"';
  }
  return *this;
}
void CsvBuilder::end_row() {
  if (col_ != spec_.columns.size())
    throw std::logic_error(fmt::format("{}: row has {} cells, the table declares {}", spec_.file, col_, spec_.columns.size()));
  text_ += '\n';
  col_ = 0;
  ++rows_;
}

std::string dictionary_csv(const std::vector<const TableSpec*>& tables) {
  TableSpec dict{"dictionary.csv",
                 "one column of one output file",
                 {{"file", "", "output file"},
                  {"column", "", "column name"},
                  {"unit", "", "unit of the values"},
                  {"description", "", "what the column holds"}}};
  CsvBuilder b(dict);
  for (const auto* t : tables)
    for (const auto& c : t->columns) b.cell(t->file).cell(c.name).cell(c.unit).cell(c.description).end_row();
  return b.text();
}

std::string dictionary_markdown(const std::vector<const TableSpec*>& tables, const std::string& intro) {
  std::string out = intro;
  for (const auto* t : tables) {
    out += fmt::format("\n## `{}`\n\nOne row per {}.\n\n| column | unit | description |\n|---|---|---|\n", t->file, t->row);
    for (const auto& c : t->columns) out += fmt::format("| `{}` | {} | {} |\n", c.name, c.unit, c.description);
  }
  return out;
}

bool number_cell(const std::string& cell, double& out) {
  out = std::nan("");
  if (cell == "NA") return true;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size()) return false;
  out = v;
  return true;
}

bool uint_cell(const std::string& cell, unsigned long long& out) {
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), out);
  return !cell.empty() && ec == std::errc() && ptr == cell.data() + cell.size();
}

}  // namespace gridgov::io
