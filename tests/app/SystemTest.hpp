#pragma once
/// \file
/// Helpers for the system tests in tests/app/: run the gridgov executable (GRIDGOV_BINARY) with
/// captured stdout, stderr and exit code, unique temporary folders that remove themselves, file
/// reading and a small CSV reader. Header-only; every function is inline.
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/io/Csv.hpp"

namespace gridgov::systest {

namespace fs = std::filesystem;

/// A fresh folder under the system temporary folder, unique per process and per instance,
/// removed (with everything in it) when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    for (int attempt = 0;; ++attempt) {
      path_ = fs::temp_directory_path() / ("gridgov_test_" + tag + "_" + std::to_string(::getpid()) + "_" +
                                           std::to_string(counter++) + "_" + std::to_string(ticks % 1000000007));
      std::error_code ec;
      if (fs::create_directory(path_, ec)) return;
      if (attempt > 100) throw std::runtime_error("cannot create a temporary folder " + path_.string());
    }
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  /// Path of an entry inside the folder, as a string.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

/// Quote one argument for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

/// What one command produced.
struct CmdResult {
  int exit_code = -1;  ///< exit status, or -1 when the process did not exit normally
  std::string out;     ///< stdout
  std::string err;     ///< stderr
  std::string command;
};

/// Run a shell command line with stdout and stderr captured into temporary files.
inline CmdResult run_shell(const std::string& command_line) {
  TempDir cap("capture");
  CmdResult r;
  r.command = command_line;
  const std::string full = command_line + " >" + shell_quote(cap / "out") + " 2>" + shell_quote(cap / "err") + " </dev/null";
  const int status = std::system(full.c_str());
  r.exit_code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  r.out = read_file(cap / "out");
  r.err = read_file(cap / "err");
  return r;
}

/// Run the gridgov executable with the given arguments, in the current working directory or in `cwd`.
inline CmdResult run_gridgov(const std::vector<std::string>& args, const std::string& cwd = "") {
  // Built with append(): GCC 12 warns (-Wrestrict, a false positive) on `"literal" + std::string`.
  std::string cmd;
  if (!cwd.empty()) cmd.append("cd ").append(shell_quote(cwd)).append(" && ");
  cmd.append(shell_quote(GRIDGOV_BINARY));
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  return run_shell(cmd);
}

inline std::string source_path(const std::string& relative) { return std::string(GRIDGOV_SOURCE_DIR) + "/" + relative; }

/// The small scenario of the system tests.
inline std::string small_yaml() { return source_path("tests/data/small.yaml"); }

/// Sorted names of the regular files in a folder.
inline std::vector<std::string> file_names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Sorted names of the *.csv files in a folder.
inline std::vector<std::string> csv_names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& n : file_names(dir))
    if (n.size() > 4 && n.compare(n.size() - 4, 4, ".csv") == 0) names.push_back(n);
  return names;
}

/// A CSV table: header and rows of text cells (RFC 4180 quoting).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Index of a column; throws when the column is missing.
  std::size_t col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("no column '" + name + "'");
    return static_cast<std::size_t>(it - header.begin());
  }
  const std::string& at(std::size_t row, const std::string& name) const { return rows.at(row).at(col(name)); }
  double num(std::size_t row, const std::string& name) const { return std::stod(at(row, name)); }
};

/// A CSV output read through the one CSV reader (sim/io/Csv.hpp); rows of any width.
inline Csv parse_csv(const std::string& text) {
  auto t = gridgov::io::CsvTable::parse(text, "<csv>", /*check_widths=*/false);
  Csv csv;
  csv.header = std::move(t.header);
  csv.rows = std::move(t.rows);
  return csv;
}

inline Csv read_csv(const fs::path& p) { return parse_csv(read_file(p)); }

/// `gridgov run SCENARIO --out tmp/name --quiet --replicates 4 --set ...` (default scenario
/// tests/data/small.yaml), required to succeed; returns the path of its summary.csv.
inline fs::path run_small_summary(const fs::path& tmp, const std::string& name, const std::vector<std::string>& sets,
                                  const std::string& scenario = small_yaml()) {
  std::vector<std::string> args{"run", scenario, "--out", (tmp / name).string(), "--quiet", "--replicates", "4"};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const CmdResult r = run_gridgov(args);
  INFO(r.command << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  return tmp / name / "summary.csv";
}

/// The first `max_lines` lines of `diff -u a b`, for failure messages.
inline std::string unified_diff(const fs::path& a, const fs::path& b, std::size_t max_lines = 40) {
  const CmdResult d = run_shell("diff -u " + shell_quote(a.string()) + " " + shell_quote(b.string()));
  std::istringstream in(d.out);
  std::string line, out;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ == max_lines) {
      out += "... (diff truncated)\n";
      break;
    }
    out += line.substr(0, 300) + "\n";
  }
  return out;
}

}  // namespace gridgov::systest
