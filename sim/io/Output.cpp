#include "sim/io/Output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace gridgov::io {

namespace fs = std::filesystem;

void write_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError("cannot create " + tmp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw OutputError("cannot write " + tmp + ": " + err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw OutputError("cannot flush " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw OutputError("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
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

CsvBuilder::CsvBuilder(const TableSpec& spec) : spec_(spec) {
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
  if (std::isnan(v)) text_ += "NA";
  else fmt::format_to(std::back_inserter(text_), "{}", v);
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
  TableSpec dict{"dictionary.csv", "one column of one output file",
                 {{"file", "", "output file"}, {"column", "", "column name"}, {"unit", "", "unit of the values"},
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

}  // namespace gridgov::io
