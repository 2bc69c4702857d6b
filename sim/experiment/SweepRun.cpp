#include "sim/experiment/SweepRun.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "analysis/Design.hpp"
#include "analysis/Paired.hpp"
#include "analysis/Statistics.hpp"
#include "sim/io/Csv.hpp"
#include "sim/io/InputFile.hpp"
#include "sim/io/Progress.hpp"
#include "sim/io/SummaryStats.hpp"

namespace gridgov::experiment {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using schema::InputError;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct RunTimedOut {};

/// Hooks installed by a test-only executor (set_run_hooks); empty in production.
RunHooks& hooks() {
  static RunHooks h;
  return h;
}

/// The names of the model's metric columns (runs.csv's last columns, in order).
std::vector<std::string> metric_names(const SweepSpec& s) {
  std::vector<std::string> names;
  for (const auto& c : s.model->metric_columns()) names.push_back(c.name);
  return names;
}

double parse_number(const std::string& s) {
  double v = std::nan("");
  if (s.empty() || s == "NA") return v;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

/// Where the fields of a runs.csv row sit, read from the table's declaration (runs_table: the key
/// columns, the design's labels and parameters, status, attempts, wall_s, then the model's metric
/// columns). Every reader of runs.csv goes through this rather than column arithmetic of its own.
struct RunsColumns {
  std::size_t count = 0;  ///< cells per row
  std::size_t run_id = 0, point = 0, replicate = 0;
  std::size_t design = 0;  ///< first label or parameter column (up to status)
  std::size_t status = 0, attempts = 0, wall = 0;
  std::size_t metrics = 0;  ///< first metric column (the model's, to the end)
  std::size_t metric_count = 0;

  explicit RunsColumns(const SweepSpec& s) {
    const io::TableSpec t = runs_table(s);
    count = t.columns.size();
    metric_count = s.model->metric_columns().size();
    // The key columns lead, status, attempts and wall_s precede the metrics: a label, parameter or
    // metric with one of these names cannot move them.
    auto at = [&](std::size_t i, const char* name) {
      if (i >= count || t.columns[i].name != name) throw std::logic_error(std::string("runs.csv declaration: no column ") + name);
      return i;
    };
    run_id = at(0, "run_id");
    point = at(1, "point_id");
    replicate = at(2, "replicate");
    design = at(3, "seed") + 1;
    metrics = count - metric_count;
    wall = at(metrics - 1, "wall_s");
    attempts = at(wall - 1, "attempts");
    status = at(attempts - 1, "status");
  }
};

/// One row of runs.csv as typed values.
struct RunRow {
  std::uint64_t run_id = 0;
  std::size_t point = 0;
  std::uint32_t replicate = 0;
  bool ok = false;              ///< status ok
  std::vector<double> metrics;  ///< the model's metrics (NaN for NA)
};

/// Parse the cells of a runs.csv row (throws io::OutputError for a row of the wrong width).
RunRow read_run(const RunsColumns& c, const std::vector<std::string>& cells) {
  if (cells.size() != c.count) throw io::OutputError("runs.csv: a row with the wrong number of cells");
  RunRow r;
  r.run_id = std::stoull(cells[c.run_id]);
  r.point = static_cast<std::size_t>(std::stoull(cells[c.point]));
  r.replicate = static_cast<std::uint32_t>(std::stoul(cells[c.replicate]));
  r.ok = cells[c.status] == "ok";
  if (r.ok)
    for (std::size_t m = 0; m < c.metric_count; ++m) r.metrics.push_back(parse_number(cells[c.metrics + m]));
  return r;
}

/// The run id at the start of a journal line, or -1 when the line does not start with one.
long long leading_id(const char* b, const char* e) {
  unsigned long long id = 0;
  auto [ptr, ec] = std::from_chars(b, e, id);
  if (ec != std::errc() || ptr == b || ptr == e || *ptr != ',') return -1;
  return static_cast<long long>(id);
}

/// One line of a journal file.
struct LineRef {
  std::uint64_t id;
  std::uint64_t offset;
  std::uint32_t length;  ///< without the newline
};

/// Read a whole (small) file.
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io::OutputError("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Index a journal: check its header, cut a torn last line off, and list its records. With
/// `group`, consecutive lines with the same run id form one record (a run's daily rows).
std::vector<LineRef> index_journal(const std::string& path, const std::string& header, bool group = false) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw io::OutputError("cannot open " + path + ": " + std::strerror(errno));
  std::vector<LineRef> refs;
  std::string buf(1 << 20, '\0'), line;
  std::uint64_t pos = 0, line_start = 0;
  bool first = true;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw io::OutputError("cannot read " + path);
    }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buf[static_cast<std::size_t>(i)];
      if (c != '\n') {
        if (line.size() < 64 || first) line += c;
        continue;
      }
      const std::uint64_t len = pos + static_cast<std::uint64_t>(i) - line_start;
      if (first) {
        if (line != header) {
          ::close(fd);
          throw InputError(path + ":1:1: the columns differ from this sweep's; expected the header\n  " + header);
        }
        first = false;
      } else {
        const long long id = leading_id(line.data(), line.data() + line.size());
        if (id < 0) {
          ::close(fd);
          throw InputError(fmt::format("{}: a line at byte {} does not start with a run id", path, line_start));
        }
        if (group && !refs.empty() && refs.back().id == static_cast<std::uint64_t>(id) &&
            refs.back().offset + refs.back().length + 1 == line_start)
          refs.back().length += static_cast<std::uint32_t>(len + 1);
        else
          refs.push_back({static_cast<std::uint64_t>(id), line_start, static_cast<std::uint32_t>(len)});
      }
      line.clear();
      line_start = pos + static_cast<std::uint64_t>(i) + 1;
    }
    pos += static_cast<std::uint64_t>(n);
  }
  if (line_start != pos) {
    // A record torn by a kill in the middle of a write: it never happened.
    if (::ftruncate(fd, static_cast<off_t>(line_start)) != 0) {
      ::close(fd);
      throw io::OutputError("cannot truncate " + path);
    }
  }
  ::close(fd);
  if (first) throw InputError(path + ": empty journal (no header line)");
  return refs;
}

/// Drop the records of runs without a runs.csv row from a journal (atomically, when any).
void prune_journal(const std::string& path, const std::string& header, bool group, std::uint64_t runs,
                   const std::vector<std::uint8_t>& done) {
  if (!fs::exists(path)) io::write_atomic(path, header + "\n");
  const auto refs = index_journal(path, header, group);
  auto keep = [&](const LineRef& r) { return r.id < runs && done[r.id]; };
  if (std::all_of(refs.begin(), refs.end(), keep)) return;
  const std::string text = slurp(path);
  std::string kept = header + "\n";
  for (const auto& r : refs)
    if (keep(r)) kept.append(text, r.offset, r.length + 1);
  io::write_atomic(path, kept);
}

/// Rewrite a journal in canonical order (run id, then original order), atomically.
void write_sorted(const std::string& path, const std::string& header, std::vector<LineRef> refs) {
  std::stable_sort(refs.begin(), refs.end(), [](const LineRef& a, const LineRef& b) { return a.id < b.id; });
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io::OutputError("cannot open " + path);
  io::AtomicWriter w(path);
  std::string out = header + "\n", line;
  for (const auto& r : refs) {
    line.resize(r.length);
    if (::pread(fd, line.data(), r.length, static_cast<off_t>(r.offset)) != static_cast<ssize_t>(r.length)) {
      ::close(fd);
      throw io::OutputError("cannot read " + path);
    }
    out += line;
    out += '\n';
    if (out.size() > (1 << 20)) {
      w.write(out);
      out.clear();
    }
  }
  ::close(fd);
  w.write(out);
  w.commit();
}

std::string header_of(const io::TableSpec& t) {
  io::CsvBuilder b(t);
  std::string h = b.text();
  if (!h.empty() && h.back() == '\n') h.pop_back();
  return h;
}

/// The lines of `text` for which `keep(line)` holds (a last line without a newline is kept whole).
std::string lines_where(const std::string& text, const std::function<bool(std::string_view)>& keep) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size() - 1;
    if (keep(std::string_view(text).substr(start, nl + 1 - start))) out.append(text, start, nl + 1 - start);
    start = nl + 1;
  }
  return out;
}

/// A resolved sweep without its comment lines (which name the path it was started from).
std::string without_comments(const std::string& text) {
  return lines_where(text, [](std::string_view l) { return l.front() != '#'; });
}

/// The input files the sweep's runs read (Scenario::input_files of every point), sorted and without
/// duplicates.
std::vector<std::string> input_files(const SweepSpec& s) {
  std::set<std::string> files;
  for (std::size_t i = 0; i < s.points.size(); ++i)
    for (auto& f : point_scenario(s, i)->input_files()) files.insert(std::move(f));
  if (s.points.empty())
    for (auto& f : s.base->input_files()) files.insert(std::move(f));
  return {files.begin(), files.end()};
}

/// The pin of one input file in sweep.resolved.yaml (io::input_pin: a comment line, so that the
/// file still loads as a sweep). Throws InputError naming the file when it cannot be read.
std::string input_pin(const std::string& path) {
  std::string error;
  std::string pin = io::input_pin(path, error);
  if (pin.empty()) throw InputError(path + ": " + error);
  return pin;
}

/// The resolved sweep with a pin line for every input file after its leading comments.
std::string with_input_pins(std::string resolved, const SweepSpec& s) {
  std::string pins;
  for (const auto& f : input_files(s)) pins += input_pin(f);
  std::size_t at = 0;
  while (at < resolved.size() && resolved[at] == '#') {
    const auto nl = resolved.find('\n', at);
    at = nl == std::string::npos ? resolved.size() : nl + 1;
  }
  resolved.insert(at, pins);
  return resolved;
}

/// The input pin lines of a resolved sweep.
std::string input_pins_of(const std::string& resolved) {
  return lines_where(resolved, [](std::string_view l) { return l.rfind("# input: ", 0) == 0; });
}

/// --resume: every input file must still have the content pinned in the folder's sweep.resolved.yaml.
void check_input_pins(const std::string& stored_path, const std::string& stored, const SweepSpec& s) {
  for (const auto& f : input_files(s)) {
    std::string pin;
    try {
      pin = input_pin(f);
    } catch (const InputError& e) {
      throw InputError(
          fmt::format("{}: --resume: the sweep's input file {} cannot be read ({}); restore it or use another --out folder",
                      stored_path, f, e.what()));
    }
    if (stored.rfind(pin, 0) != 0 && stored.find(fmt::format("\n{}", pin)) == std::string::npos)
      throw InputError(
          fmt::format("{}: --resume: the input file {} differs from the one the sweep started with "
                      "(its content hash is not the one pinned here); restore it or use another --out folder",
                      stored_path, f));
  }
}

bool whole_uint(const std::string& c, std::uint64_t& v) {
  unsigned long long u = 0;
  const bool ok = io::uint_cell(c, u);
  v = u;
  return ok;
}

/// Check every complete line of a journal before --resume (or collect) trusts it: `check` gets the
/// cells of each record and its line number, and throws InputError("file:line: ...") for a damaged
/// one. A last line without a newline is a record torn by a killed write: for --resume it is skipped
/// here (index_journal cuts it off, and its run runs again) and reported on stderr; in a finished
/// shard (`finished`) nothing may be torn, so it is an error.
void validate_journal(const std::string& path, const std::string& header, const std::string& hint, bool finished,
                      const std::function<void(const std::vector<std::string>&, std::uint64_t)>& check) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // a missing journal is reported (or recreated) by the caller
  const std::size_t columns = io::split_csv_line(header).size();
  std::string line;
  std::uint64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (in.eof()) {  // no newline after it: torn
      if (finished) throw InputError(fmt::format("{}:{}: damaged journal: the last line is incomplete{}", path, n, hint));
      std::fprintf(stderr,
                   "gridgov sweep: %s:%llu: the last line is incomplete (a write cut off by a kill); its run is run again\n",
                   path.c_str(), static_cast<unsigned long long>(n));
      break;
    }
    if (n == 1) {
      if (line != header) throw InputError(path + ":1:1: the columns differ from this sweep's; expected the header\n  " + header);
      continue;
    }
    const auto cells = io::split_csv_line(line);
    if (cells.size() != columns)
      throw InputError(fmt::format("{}:{}: damaged journal row: {} cells, expected {}{}", path, n, cells.size(), columns, hint));
    check(cells, n);
  }
}

/// Validate runs.csv, errors.csv and timeseries_runs.csv of a sweep folder for --resume, or of a
/// finished shard for collect (`finished`: every row must belong to the shard, nothing torn).
void validate_journals(const std::string& dir, const SweepSpec& s, const SweepOptions& o, bool finished = false) {
  const std::string again =
      finished ? fmt::format(" (then run the shard again with --shard {}/{} --resume)", o.shard_index, o.shard_count)
               : ", or use another --out folder";
  const std::string runs_hint = "; delete this line to have its run run again" + again;
  const std::string other_hint = "; delete this line and the run's row in runs.csv to have the run run again" + again;
  auto run_of = [&](const std::string& path, std::uint64_t n, const std::string& cell) {
    const std::string& hint = path.ends_with("/runs.csv") ? runs_hint : other_hint;
    std::uint64_t id = 0;
    if (!whole_uint(cell, id) || id >= s.runs())
      throw InputError(fmt::format("{}:{}: damaged journal row: run_id '{}' is not a run of this sweep (0 to {}){}", path, n,
                                   cell, s.runs() - 1, hint));
    if (finished && id % o.shard_count != o.shard_index)
      throw InputError(fmt::format("{}:{}: damaged journal row: run {} belongs to shard {}/{}, not to this shard {}/{}{}", path,
                                   n, id, id % o.shard_count, o.shard_count, o.shard_index, o.shard_count, hint));
    return id;
  };
  auto expect_cell = [&](const std::string& path, std::uint64_t n, const std::string& column, const std::string& got,
                         const std::string& want, std::uint64_t id) {
    const std::string& hint = path.ends_with("/runs.csv") ? runs_hint : other_hint;
    if (got != want)
      throw InputError(fmt::format("{}:{}: damaged journal row: {} is '{}', but run {} has {} '{}'{}", path, n, column, got, id,
                                   column, want, hint));
  };
  const io::TableSpec rt = runs_table(s);
  const std::string runs_path = dir + "/runs.csv";
  const RunsColumns rc(s);
  validate_journal(runs_path, header_of(rt), runs_hint, finished, [&](const std::vector<std::string>& c, std::uint64_t n) {
    const std::uint64_t id = run_of(runs_path, n, c[0]);
    if (id % o.shard_count != o.shard_index) return;  // reported by the caller as a run of another shard
    const std::size_t point = s.point_of(id);
    io::CsvBuilder b(rt, false);
    b.cell(static_cast<unsigned long long>(id)).cell(static_cast<unsigned long long>(point)).cell(s.replicate_of(id));
    b.cell(static_cast<unsigned long long>(s.seed));
    for (const auto& l : s.points[point].labels) b.cell(l);
    for (const auto& v : s.points[point].values) b.cell(value_cell(v));
    const auto want = io::split_csv_line(b.text());  // the row's leading cells, as execute_run writes them
    for (std::size_t k = 1; k < rc.status && k < want.size(); ++k)
      expect_cell(runs_path, n, rt.columns[k].name, c[k], want[k], id);
    const std::string& status = c[rc.status];
    if (status != "ok" && status != "error" && status != "timeout")
      throw InputError(
          fmt::format("{}:{}: damaged journal row: status '{}' is not ok, error or timeout{}", runs_path, n, status, runs_hint));
    std::uint64_t attempts = 0;
    if (!whole_uint(c[rc.attempts], attempts) || attempts == 0)
      throw InputError(fmt::format("{}:{}: damaged journal row: attempts '{}' is not a whole number >= 1{}", runs_path, n,
                                   c[rc.attempts], runs_hint));
    double x = 0;
    if (!io::number_cell(c[rc.wall], x) || !(x >= 0))
      throw InputError(
          fmt::format("{}:{}: damaged journal row: wall_s '{}' is not a number >= 0{}", runs_path, n, c[rc.wall], runs_hint));
    for (std::size_t k = rc.metrics; k < c.size(); ++k) {
      if (!io::number_cell(c[k], x))
        throw InputError(fmt::format("{}:{}: damaged journal row: {} '{}' is not a number{}", runs_path, n, rt.columns[k].name,
                                     c[k], runs_hint));
      if (status != "ok" && c[k] != "NA")
        throw InputError(fmt::format("{}:{}: damaged journal row: a run with status {} has {} '{}', expected NA{}", runs_path, n,
                                     status, rt.columns[k].name, c[k], runs_hint));
    }
  });
  const io::TableSpec et = errors_table();
  const std::string errors_path = dir + "/errors.csv";
  validate_journal(errors_path, header_of(et), other_hint, finished, [&](const std::vector<std::string>& c, std::uint64_t n) {
    const std::uint64_t id = run_of(errors_path, n, c[0]);
    expect_cell(errors_path, n, "point_id", c[1], std::to_string(s.point_of(id)), id);
    expect_cell(errors_path, n, "replicate", c[2], std::to_string(s.replicate_of(id)), id);
    std::uint64_t attempt = 0;
    if (!whole_uint(c[3], attempt) || attempt == 0)
      throw InputError(
          fmt::format("{}:{}: damaged journal row: attempt '{}' is not a whole number >= 1{}", errors_path, n, c[3], other_hint));
    if (c[4] != "error" && c[4] != "timeout")
      throw InputError(
          fmt::format("{}:{}: damaged journal row: status '{}' is not error or timeout{}", errors_path, n, c[4], other_hint));
  });
  if (!s.timeseries) return;
  const io::TableSpec st = series_table(s);
  const std::string series_path = dir + "/timeseries_runs.csv";
  std::uint64_t last_id = ~std::uint64_t{0}, last_day = 0;
  validate_journal(series_path, header_of(st), other_hint, finished, [&](const std::vector<std::string>& c, std::uint64_t n) {
    const std::uint64_t id = run_of(series_path, n, c[0]);
    std::uint64_t day = 0;
    if (!whole_uint(c[1], day))
      throw InputError(
          fmt::format("{}:{}: damaged journal row: day '{}' is not a whole number{}", series_path, n, c[1], other_hint));
    // A run's daily rows are written in one piece: day 0, 1, 2, ... on consecutive lines.
    const std::uint64_t want = id == last_id ? last_day + 1 : 0;
    if (day != want)
      throw InputError(fmt::format("{}:{}: damaged journal row: run {} has day {} where day {} was expected{}", series_path, n,
                                   id, day, want, other_hint));
    last_id = id;
    last_day = day;
    double x = 0;
    for (std::size_t k = 2; k < c.size(); ++k)
      if (!io::number_cell(c[k], x))
        throw InputError(fmt::format("{}:{}: damaged journal row: {} '{}' is not a number{}", series_path, n, st.columns[k].name,
                                     c[k], other_hint));
  });
}

const std::vector<std::string> kSweepFiles{"sweep.resolved.yaml", "design.csv",           "dictionary.csv",  "runs.csv",
                                           "errors.csv",          "points.csv",           "sensitivity.csv", "shard.csv",
                                           "timeseries_runs.csv", "point_timeseries.csv", "sweep.lock"};

/// Remove the temporaries (`<file>.tmp.<pid>.<random>`, see io::AtomicWriter) of gridgov's sweep files
/// that a process killed while writing left behind: after --resume, --force or collect --force the
/// folder holds exactly what an uninterrupted sweep writes. Only names of our own files are touched.
void remove_stale_temporaries(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const auto at = name.find(".tmp.");
    if (at != std::string::npos && std::find(kSweepFiles.begin(), kSweepFiles.end(), name.substr(0, at)) != kSweepFiles.end() &&
        !e.is_directory(ec))
      stale.push_back(e.path());
  }
  for (const auto& f : stale) fs::remove(f, ec);
}

/// Stream the canonical timeseries_runs.csv into per-point daily bands (point_timeseries.csv).
void write_bands(const std::string& dir, const SweepSpec& s) {
  const auto cols = s.model->day_columns();
  const io::TableSpec pt = point_series_table();
  io::AtomicWriter out(dir + "/point_timeseries.csv");
  io::CsvBuilder head(pt);
  out.write(head.text());
  std::ifstream in(dir + "/timeseries_runs.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<std::vector<double>>> v;  // [day][metric][replicate]
  long long current = -1;
  auto flush = [&] {
    if (current < 0) return;
    io::CsvBuilder b(pt, false);
    for (std::size_t d = 0; d < v.size(); ++d)
      for (std::size_t m = 0; m < cols.size(); ++m) {
        const auto sum = analysis::summarize(v[d][m]);
        b.cell(static_cast<long long>(current)).cell(static_cast<unsigned long long>(d)).cell(cols[m].name);
        io::summary_stat_cells(b, sum);
        b.end_row();
      }
    out.write(b.text());
    v.clear();
  };
  // Points without any daily rows (all their runs failed) get NA bands, so that every point has its rows.
  auto empty_points = [&](long long until) {
    for (long long p = current + 1; p < until; ++p) {
      current = p;
      v.assign(point_scenario(s, static_cast<std::size_t>(p))->days(), std::vector<std::vector<double>>(cols.size()));
      flush();
    }
  };
  while (std::getline(in, line)) {
    const auto cells = io::split_csv_line(line);
    if (cells.size() != 2 + cols.size()) throw io::OutputError("timeseries_runs.csv: a row with the wrong number of cells");
    const long long point = static_cast<long long>(s.point_of(std::stoull(cells[0])));
    if (point != current) {
      flush();
      empty_points(point);
      current = point;
    }
    const std::size_t day = std::stoul(cells[1]);
    if (v.size() <= day) v.resize(day + 1, std::vector<std::vector<double>>(cols.size()));
    for (std::size_t m = 0; m < cols.size(); ++m) v[day][m].push_back(parse_number(cells[2 + m]));
  }
  flush();
  empty_points(static_cast<long long>(s.points.size()));
  out.commit();
}

/// "0, 3, 7" (at most 20 ids, then "and N more").
std::string id_list(const std::vector<std::size_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < 20; ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > 20) out += fmt::format(" and {} more", ids.size() - 20);
  return out;
}

/// The baseline point's metric values by replicate (NaN for runs that did not finish), from the
/// canonical runs.csv.
std::vector<std::vector<double>> baseline_values(const std::string& dir, const SweepSpec& s, const RunsColumns& rc) {
  const std::size_t nmetrics = rc.metric_count;
  std::vector<std::vector<double>> base(nmetrics, std::vector<double>(s.replicates, std::nan("")));
  std::ifstream in(dir + "/runs.csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::uint64_t id = std::strtoull(line.c_str(), nullptr, 10);
    if (s.point_of(id) < static_cast<std::size_t>(s.baseline)) continue;
    if (s.point_of(id) > static_cast<std::size_t>(s.baseline)) break;
    const RunRow r = read_run(rc, io::split_csv_line(line));
    if (!r.ok) continue;
    for (std::size_t m = 0; m < nmetrics; ++m) base[m][s.replicate_of(id)] = r.metrics[m];
  }
  return base;
}

/// Stream the canonical runs.csv of a complete sweep into points.csv and sensitivity.csv.
SummaryNotes write_summaries(const std::string& dir, const SweepSpec& s) {
  const auto metrics = metric_names(s);
  const RunsColumns rc(s);
  const io::TableSpec pt = points_table(s);
  io::AtomicWriter points(dir + "/points.csv");
  io::CsvBuilder head(pt);
  points.write(head.text());

  const bool sens = s.design == "sobol" || s.design == "morris";
  const std::size_t npoints = s.points.size();
  std::vector<std::vector<double>> means;  // [metric][point], for the sensitivity indices
  if (sens) means.assign(metrics.size(), std::vector<double>(npoints, std::nan("")));
  const bool paired = s.baseline >= 0;
  std::vector<std::vector<double>> base, by_rep;  // [metric][replicate]: baseline and current point
  if (paired) {
    base = baseline_values(dir, s, rc);
    by_rep.assign(metrics.size(), std::vector<double>(s.replicates, std::nan("")));
  }
  std::vector<std::size_t> failed_points;

  std::ifstream in(dir + "/runs.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> values(metrics.size());
  std::vector<std::string> first;  // the cells of the point's first row (its labels and parameter values)
  std::size_t ok = 0, planned = s.replicates;
  long long current = -1;
  auto flush = [&] {
    if (current < 0) return;
    if (ok < planned) failed_points.push_back(static_cast<std::size_t>(current));
    io::CsvBuilder b(pt, false);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const auto sum = analysis::summarize(values[m]);
      b.cell(static_cast<long long>(current));
      for (std::size_t c = rc.design; c < rc.status; ++c) b.cell(first[c]);
      b.cell(metrics[m]).cell(static_cast<unsigned long long>(planned)).cell(static_cast<unsigned long long>(ok));
      io::summary_stat_cells(b, sum);
      if (paired) {
        const auto d = analysis::paired_compare(base[m], by_rep[m]);
        b.cell(d.diff).cell(d.diff_ci_low).cell(d.diff_ci_high);
        std::fill(by_rep[m].begin(), by_rep[m].end(), std::nan(""));
      }
      b.end_row();
      if (sens) means[m][static_cast<std::size_t>(current)] = sum.mean;
      values[m].clear();
    }
    points.write(b.text());
    ok = 0;
    if (hooks().in_finalise) hooks().in_finalise(1);
  };
  while (std::getline(in, line)) {
    auto cells = io::split_csv_line(line);
    const RunRow r = read_run(rc, cells);
    const auto point = static_cast<long long>(r.point);
    if (point != current) {
      flush();
      current = point;
      first = std::move(cells);
    }
    if (r.ok) {
      ++ok;
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        values[m].push_back(r.metrics[m]);
        if (paired && r.replicate < s.replicates) by_rep[m][r.replicate] = values[m].back();
      }
    }
  }
  flush();

  SummaryNotes notes;
  std::error_code ec;
  fs::remove(dir + "/sensitivity.csv", ec);
  if (sens && !failed_points.empty()) {
    // The estimators combine every point's mean: a point with fewer replicates, or none, would
    // bias the indices silently. Refuse instead, naming the points.
    notes.refused = fmt::format(
        "sensitivity.csv not written: the {} indices need every design point, and {} point(s) have runs that "
        "failed or timed out: {} (see errors.csv). To complete them, delete their rows from runs.csv and run the "
        "sweep again with --resume",
        s.design == "sobol" ? "Sobol'" : "Morris", failed_points.size(), id_list(failed_points));
  } else if (sens) {
    const io::TableSpec st = sensitivity_table();
    const std::size_t k = s.params.size();
    std::vector<std::string> left_out, rows(metrics.size());
    std::vector<std::size_t> usable;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      std::vector<std::size_t> no_mean;
      for (std::size_t p = 0; p < npoints; ++p)
        if (!std::isfinite(means[m][p])) no_mean.push_back(p);
      if (no_mean.empty())
        usable.push_back(m);
      else
        left_out.push_back(no_mean.size() == npoints ? metrics[m] + " (NA at every point)"
                                                     : fmt::format("{} (NA at points {})", metrics[m], id_list(no_mean)));
    }
    // The bootstrap is the costly part (1,000 resamples per metric): metrics in parallel, rows
    // written in metric order, so the file does not depend on the thread count.
    const bool sobol = s.design == "sobol";
    const analysis::SaltelliDesign saltelli = sobol ? analysis::saltelli(s.design_size, k) : analysis::SaltelliDesign{};
    const analysis::MorrisDesign morris =
        sobol ? analysis::MorrisDesign{} : analysis::morris(s.design_size, k, s.morris_levels, s.design_seed);
    tbb::parallel_for(std::size_t{0}, usable.size(), [&](std::size_t u) {
      const std::size_t m = usable[u];
      std::vector<double> first_idx, second_idx;
      analysis::IndexIntervals ci;
      if (sobol) {
        std::tie(first_idx, second_idx) = analysis::sobol_indices(saltelli, means[m]);
        ci = analysis::sobol_bootstrap(saltelli, means[m], analysis::kBootstrapResamples, s.seed);
      } else {
        std::tie(first_idx, second_idx) = analysis::morris_effects(morris, means[m], s.morris_levels);
        ci = analysis::morris_bootstrap(morris, means[m], s.morris_levels, analysis::kBootstrapResamples, s.seed);
      }
      io::CsvBuilder b(st, false);
      for (std::size_t j = 0; j < k; ++j) {
        b.cell(metrics[m]).cell(s.params[j].path).cell(sobol ? "S1" : "mu_star").cell(first_idx[j]).cell(ci.first_low[j]);
        b.cell(ci.first_high[j]).end_row();
        b.cell(metrics[m]).cell(s.params[j].path).cell(sobol ? "ST" : "sigma").cell(second_idx[j]).cell(ci.second_low[j]);
        b.cell(ci.second_high[j]).end_row();
      }
      rows[m] = b.text();
    });
    std::string text = io::CsvBuilder(st).text();
    for (const auto& r : rows) text += r;
    if (!left_out.empty())
      notes.note = fmt::format("{} metric(s) left out of sensitivity.csv, having no mean at some point: {}", left_out.size(),
                               fmt::format("{}", fmt::join(left_out, "; ")));
    io::write_atomic(dir + "/sensitivity.csv", text);
  }
  points.commit();  // last: marks a complete sweep
  return notes;
}

std::string dictionary_text(const SweepSpec& s) {
  const auto rt = runs_table(s), et = errors_table(), pt = points_table(s), st = sensitivity_table(), sh = shard_table();
  const auto dt = design_table(s);
  std::vector<const io::TableSpec*> tables{&dt, &rt, &et, &pt};
  if (s.design == "sobol" || s.design == "morris") tables.push_back(&st);
  const auto ts = series_table(s), pts = point_series_table();
  if (s.timeseries) tables.insert(tables.end(), {&ts, &pts});
  tables.push_back(&sh);
  return io::dictionary_csv(tables);
}

}  // namespace

// ---- tables ------------------------------------------------------------------------------------

io::TableSpec runs_table(const SweepSpec& s) {
  io::TableSpec t{"runs.csv",
                  "run (design point x replicate), in run_id order once the sweep is complete",
                  {{"run_id", "", "point_id * replicates + replicate"},
                   {"point_id", "", "Design point (row of design.csv)"},
                   {"replicate", "",
                    "Replicate index; with the seed it keys every random stream, so replicate k of every point shares streams"},
                   {"seed", "", "Random seed of the run (the sweep seed)"}}};
  for (const auto& l : s.label_columns) t.columns.push_back({l, "", "Design label"});
  for (const auto& p : s.params)
    t.columns.push_back({p.path, s.model->schema().params()[p.index].unit, "Scenario parameter value"});
  t.columns.push_back({"status", "", "ok, error (the run threw; see errors.csv) or timeout (exceeded --run-timeout)"});
  t.columns.push_back({"attempts", "", "Attempts made (1 + retries used)"});
  t.columns.push_back({"wall_s", "seconds", "Wall time of the last attempt (the only column that differs between executions)"});
  for (const auto& c : s.model->metric_columns()) t.columns.push_back(c);
  return t;
}

io::TableSpec errors_table() {
  return {"errors.csv",
          "failed attempt of a run",
          {{"run_id", "", "Run (row of runs.csv)"},
           {"point_id", "", "Design point"},
           {"replicate", "", "Replicate index"},
           {"attempt", "", "Attempt number (1-based)"},
           {"status", "", "error or timeout"},
           {"message", "", "What went wrong"}}};
}

io::TableSpec points_table(const SweepSpec& s) {
  io::TableSpec t{"points.csv", "design point and summary metric (long format)", {{"point_id", "", "Design point"}}};
  for (const auto& l : s.label_columns) t.columns.push_back({l, "", "Design label"});
  for (const auto& p : s.params)
    t.columns.push_back({p.path, s.model->schema().params()[p.index].unit, "Scenario parameter value"});
  t.columns.push_back({"metric", "", "Summary metric (a column of runs.csv; units in its dictionary entry)"});
  t.columns.push_back({"runs_planned", "runs", "Replicates planned for the point"});
  t.columns.push_back({"runs_ok", "runs", "Replicates that finished with status ok"});
  const auto rest = io::summary_stat_columns("runs");  // n counts ok runs with a value (not NA)
  t.columns.insert(t.columns.end(), rest.begin(), rest.end());
  if (s.baseline >= 0) {
    t.columns.push_back({"diff", "metric's unit",
                         "Sweeps with a baseline: mean over replicates of (this point - the baseline point), replicate by "
                         "replicate (common random numbers), over the replicates where both have a value"});
    t.columns.push_back({"diff_ci_low", "metric's unit",
                         "Sweeps with a baseline: lower bound of the 95% confidence interval of diff (paired Student t, pairs - "
                         "1 degrees of freedom; NA "
                         "with fewer than 2 pairs; 0 at the baseline point)"});
    t.columns.push_back({"diff_ci_high", "metric's unit", "Sweeps with a baseline: upper bound of the same"});
  }
  return t;
}

io::TableSpec sensitivity_table() {
  return {"sensitivity.csv",
          "metric, parameter and index (Sobol' and Morris designs), from point means",
          {{"metric", "", "Summary metric"},
           {"parameter", "", "Varied scenario parameter"},
           {"index", "",
            "S1 (first order, Saltelli 2010) and ST (total, Jansen) for sobol; mu_star and sigma (elementary effects on the unit "
            "scale) for morris"},
           {"value", "", "Index value"},
           {"ci_low", "",
            "Lower bound of the 95% bootstrap percentile interval of the index: 1,000 resamples of the base rows "
            "(sobol) or trajectories (morris) with replacement, drawn from streams keyed by the sweep seed "
            "(reproducible); NA when no resample defines the index"},
           {"ci_high", "", "Upper bound of the same"}}};
}

io::TableSpec shard_table() {
  return {"shard.csv",
          "complete shard (written by --shard i/N when its runs are done; read by gridgov collect)",
          {{"shard", "", "Shard index i"},
           {"shards", "", "Shard count N"},
           {"runs", "runs", "Runs in this shard"},
           {"failed", "runs", "Of those, not ok"}}};
}

io::TableSpec series_table(const SweepSpec& s) {
  io::TableSpec t{"timeseries_runs.csv",
                  "run and simulated day (sweeps with timeseries: true)",
                  {{"run_id", "", "Run (row of runs.csv)"}, {"day", "day", "Simulated day, from 0"}}};
  for (const auto& c : s.model->day_columns()) t.columns.push_back(c);
  return t;
}

io::TableSpec point_series_table() {
  io::TableSpec t{"point_timeseries.csv",
                  "design point, day and daily metric: bands over the point's ok replicates",
                  {{"point_id", "", "Design point (row of design.csv)"},
                   {"day", "day", "Simulated day, from 0"},
                   {"metric", "", "Daily metric (a column of timeseries_runs.csv)"}}};
  const auto stats = io::summary_stat_columns("runs");
  t.columns.insert(t.columns.end(), stats.begin(), stats.end());
  return t;
}

std::vector<io::TableSpec> sweep_tables_for_docs(const Model& model, const std::string& example_param) {
  SweepSpec none;
  none.model = &model;
  none.baseline = 0;  // shows the paired-difference columns of points.csv
  const io::Column labels{
      "<design labels>", "",
      "name (list design); block and base_row (sobol); trajectory, step and changed (morris); none for factorial and lhs"};
  const io::Column params{"<parameter paths>", "the parameter's",
                          "one column per varied parameter, named by its key path (e.g. " + example_param + ")"};
  auto with = [&](io::TableSpec t, std::size_t at) {
    t.columns.insert(t.columns.begin() + static_cast<long>(at), {labels, params});
    return t;
  };
  return {with(design_table(none), 1), with(runs_table(none), 4), errors_table(),       with(points_table(none), 1),
          sensitivity_table(),         series_table(none),        point_series_table(), shard_table()};
}

std::string sweep_outputs_markdown(const Model& model, const std::string& example_param) {
  const auto tables = sweep_tables_for_docs(model, example_param);
  std::vector<const io::TableSpec*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  return io::dictionary_markdown(
      ptrs,
      "\n# Sweep output files\n\n`gridgov sweep` writes these files into `--out` (see docs/sweeps.md), with "
      "`sweep.resolved.yaml` (the sweep written out in full) and `dictionary.csv` (this table for the sweep's own "
      "columns). runs.csv, errors.csv and timeseries_runs.csv are journals appended as runs finish and sorted by "
      "run_id at the end; the other files are written at the end, points.csv last.\n");
}

// ---- one run -----------------------------------------------------------------------------------

void set_run_hooks(RunHooks h) { hooks() = std::move(h); }

RunRecord execute_run(const SweepSpec& s, std::uint64_t run_id, const SweepOptions& o) {
  const std::size_t point = s.point_of(run_id);
  const std::uint32_t rep = s.replicate_of(run_id);
  const std::unique_ptr<const Scenario> scenario = point_scenario(s, point);
  const std::size_t nm = s.model->metric_columns().size();
  const RunHooks& h = hooks();
  RunRecord rec;
  rec.run_id = run_id;
  for (int a = 0; a <= o.retry; ++a) {
    ++rec.attempts;
    const auto t0 = Clock::now();
    std::string message;
    try {
      if (h.before_attempt) h.before_attempt(run_id, a);
      RunValues m = scenario->run(
          rep,
          [&] {
            if (h.after_window) h.after_window(run_id);
            if (o.run_timeout_s > 0 && seconds_since(t0) > o.run_timeout_s) throw RunTimedOut{};
          },
          s.timeseries);
      if (m.metrics.size() != nm)
        throw std::logic_error(fmt::format("the model returned {} metric values for {} metric columns", m.metrics.size(), nm));
      rec.metrics = std::move(m.metrics);
      if (s.timeseries) rec.days = std::move(m.days);
      rec.status = "ok";
      rec.wall_s = seconds_since(t0);
      break;
    } catch (const RunTimedOut&) {
      rec.status = "timeout";
      message = fmt::format("exceeded --run-timeout {} s", o.run_timeout_s);
    } catch (const std::exception& e) {
      rec.status = "error";
      message = e.what();
      std::replace(message.begin(), message.end(), '\n', ' ');  // journals are one line per record
    }
    rec.wall_s = seconds_since(t0);
    rec.failed.push_back({a + 1, rec.status, std::move(message)});
  }
  rec.ok = rec.status == "ok";
  return rec;
}

namespace {

/// A run record's journal lines: its runs.csv row, errors.csv rows and timeseries_runs.csv rows.
struct RecordText {
  std::string row, errors, series;
};

RecordText record_text(const SweepSpec& s, const RunRecord& r) {
  const std::size_t point = s.point_of(r.run_id);
  const std::uint32_t rep = s.replicate_of(r.run_id);
  RecordText t;
  const io::TableSpec et = errors_table();
  io::CsvBuilder errors(et, false);
  for (const auto& f : r.failed) {
    errors.cell(static_cast<unsigned long long>(r.run_id)).cell(static_cast<unsigned long long>(point)).cell(rep).cell(f.attempt);
    errors.cell(f.status).cell(f.message).end_row();
  }
  t.errors = errors.text();
  if (s.timeseries && r.ok) {
    const io::TableSpec st = series_table(s);
    io::CsvBuilder b(st, false);
    for (std::size_t d = 0; d < r.days.size(); ++d) {
      b.cell(static_cast<unsigned long long>(r.run_id)).cell(static_cast<unsigned long long>(d));
      for (double x : r.days[d]) b.cell(x);
      b.end_row();
    }
    t.series = b.text();
  }
  const io::TableSpec rt = runs_table(s);
  io::CsvBuilder row(rt, false);
  row.cell(static_cast<unsigned long long>(r.run_id)).cell(static_cast<unsigned long long>(point)).cell(rep);
  row.cell(static_cast<unsigned long long>(s.seed));
  for (const auto& l : s.points[point].labels) row.cell(l);
  for (const auto& v : s.points[point].values) row.cell(value_cell(v));
  row.cell(r.status).cell(r.attempts).cell(std::round(r.wall_s * 1000) / 1000);
  const std::size_t nm = s.model->metric_columns().size();
  for (std::size_t m = 0; m < nm; ++m) row.cell(r.ok && m < r.metrics.size() ? r.metrics[m] : std::nan(""));
  row.end_row();
  t.row = row.text();
  return t;
}

}  // namespace

// ---- the folder --------------------------------------------------------------------------------

SweepFolder::SweepFolder(std::string dir, const SweepSpec& s, const SweepOptions& o, OpenMode mode)
    : dir_(std::move(dir)), s_(s), o_(o) {
  if (o.shard_count == 0 || o.shard_index >= o.shard_count)
    throw InputError(fmt::format("--shard {}/{}: expected i/N with 0 <= i < N", o.shard_index, o.shard_count));
  const std::string resolved = with_input_pins(resolved_sweep_yaml(s), s);
  const std::string runs_header = header_of(runs_table(s)), errors_header = header_of(errors_table()),
                    series_header = header_of(series_table(s));
  std::error_code ec;
  const bool exists = fs::exists(dir_, ec);
  if (exists && !fs::is_directory(dir_, ec)) throw InputError(dir_ + ": exists and is not a folder");
  const bool empty = !exists || fs::is_empty(dir_, ec);
  done_.assign(static_cast<std::size_t>(s.runs()), 0);
  for (std::uint64_t id = o.shard_index; id < s.runs(); id += o.shard_count) ++planned_;
  if (!empty && mode == OpenMode::Fresh)
    throw InputError(
        dir_ +
        ": the output folder holds files; use --resume to continue an interrupted sweep there, or --force to start it over");
  // One process per folder: a second (an array task started twice, a wrong shard count) would
  // duplicate rows or write to journals the first has replaced.
  fs::create_directories(dir_, ec);
  lock_fd_ = ::open((dir_ + "/sweep.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw io::OutputError("cannot create " + dir_ + "/sweep.lock: " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    throw InputError(dir_ + ": another gridgov process is running a sweep in this folder (sweep.lock is held)");
  // A sweep killed while writing its first files left no sweep.resolved.yaml (written last): only
  // gridgov's own files are there and nothing has run, so --resume starts it afresh.
  if (!empty && mode == OpenMode::Resume && !fs::exists(dir_ + "/sweep.resolved.yaml")) {
    bool ours = true;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      const std::string name = e.path().filename().string();
      const bool tmp = name.find(".tmp.") != std::string::npos;
      if (!tmp && std::find(kSweepFiles.begin(), kSweepFiles.end(), name) == kSweepFiles.end()) ours = false;
    }
    if (!ours) throw InputError(dir_ + ": --resume: the folder holds files but no sweep (no sweep.resolved.yaml)");
    mode = OpenMode::Force;
  }
  if (!empty && mode == OpenMode::Resume) {
    if (!fs::exists(dir_ + "/runs.csv")) throw InputError(dir_ + ": --resume: the folder holds no sweep journal (runs.csv)");
    const std::string stored = slurp(dir_ + "/sweep.resolved.yaml");
    if (without_comments(stored) != without_comments(resolved))
      throw InputError(dir_ + "/sweep.resolved.yaml: --resume: the sweep there differs from " + s.source +
                       " (another sweep file, parameters or gridgov version); use another --out folder");
    check_input_pins(dir_ + "/sweep.resolved.yaml", stored, s);
    validate_journals(dir_, s, o);
    for (const auto& r : index_journal(dir_ + "/runs.csv", runs_header)) {
      if (r.id >= s.runs() || r.id % o.shard_count != o.shard_index)
        throw InputError(fmt::format("{}/runs.csv: run {} does not belong to shard {}/{} of this sweep", dir_, r.id,
                                     o.shard_index, o.shard_count));
      if (done_[r.id]) throw InputError(fmt::format("{}/runs.csv: run {} is recorded twice", dir_, r.id));
      done_[r.id] = 1;
      ++recorded_;
    }
    // After a crash of the machine (not just the process), a run's row may have reached the disk
    // while its daily rows did not: such runs are forgotten too and run again.
    if (s.timeseries && fs::exists(dir_ + "/timeseries_runs.csv")) {
      std::vector<std::uint8_t> has_series(static_cast<std::size_t>(s.runs()), 0);
      for (const auto& r : index_journal(dir_ + "/timeseries_runs.csv", series_header, true))
        if (r.id < s.runs()) has_series[r.id] = 1;
      const RunsColumns rc(s);
      std::ifstream in(dir_ + "/runs.csv");
      std::string line, kept = runs_header + "\n";
      std::getline(in, line);
      bool dropped = false;
      while (std::getline(in, line)) {
        const auto cells = io::split_csv_line(line);
        const std::uint64_t id = std::stoull(cells.at(0));
        if (cells.at(rc.status) == "ok" && !has_series[id]) {
          done_[id] = 0;
          --recorded_;
          dropped = true;
        } else {
          kept.append(line).append("\n");
        }
      }
      if (dropped) io::write_atomic(dir_ + "/runs.csv", kept);
    }
    // Failed attempts and daily rows of runs that never got a row are forgotten: those runs start again.
    prune_journal(dir_ + "/errors.csv", errors_header, false, s.runs(), done_);
    if (s.timeseries) prune_journal(dir_ + "/timeseries_runs.csv", series_header, true, s.runs(), done_);
    // Summaries of an earlier finalise are rewritten at the end; temporaries of a write cut off by
    // the kill (during the runs or during finalise) go.
    for (const char* f : {"points.csv", "sensitivity.csv", "shard.csv", "point_timeseries.csv"}) fs::remove(dir_ + "/" + f, ec);
    remove_stale_temporaries(dir_);
  } else {
    if (!empty && mode == OpenMode::Force) {
      std::vector<fs::path> old;
      for (const auto& e : fs::directory_iterator(dir_, ec)) {
        const std::string name = e.path().filename().string();
        const bool tmp = name.find(".tmp.") != std::string::npos;
        if (name == "sweep.lock") continue;  // ours, held
        if (tmp || std::find(kSweepFiles.begin(), kSweepFiles.end(), name) != kSweepFiles.end()) old.push_back(e.path());
      }
      for (const auto& f : old) fs::remove(f, ec);
    }
    fs::create_directories(dir_, ec);
    if (ec) throw io::OutputError("cannot create " + dir_ + ": " + ec.message());
    io::write_atomic(dir_ + "/design.csv", design_csv(s));
    io::write_atomic(dir_ + "/dictionary.csv", dictionary_text(s));
    io::write_atomic(dir_ + "/errors.csv", errors_header + "\n");
    io::write_atomic(dir_ + "/runs.csv", runs_header + "\n");
    if (s.timeseries) io::write_atomic(dir_ + "/timeseries_runs.csv", series_header + "\n");
    io::write_atomic(dir_ + "/sweep.resolved.yaml", resolved);  // last: marks a sweep folder
  }
  runs_fd_ = ::open((dir_ + "/runs.csv").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  errors_fd_ = ::open((dir_ + "/errors.csv").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (s.timeseries) series_fd_ = ::open((dir_ + "/timeseries_runs.csv").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (runs_fd_ < 0 || errors_fd_ < 0 || (s.timeseries && series_fd_ < 0))
    throw io::OutputError("cannot open the journals in " + dir_ + ": " + std::strerror(errno));
}

SweepFolder::~SweepFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
  if (runs_fd_ >= 0) ::close(runs_fd_);
  if (errors_fd_ >= 0) ::close(errors_fd_);
  if (series_fd_ >= 0) ::close(series_fd_);
}

std::vector<std::uint64_t> SweepFolder::pending() const {
  std::vector<std::uint64_t> out;
  for (std::uint64_t id = o_.shard_index; id < s_.runs(); id += o_.shard_count)
    if (!done_[id]) out.push_back(id);
  return out;
}

void SweepFolder::append(const RunRecord& rec) {
  if (rec.run_id >= s_.runs()) throw std::logic_error("a run id outside the sweep");
  const RecordText r = record_text(s_, rec);
  std::lock_guard<std::mutex> lock(m_);
  if (done_[rec.run_id] || runs_fd_ < 0) throw std::logic_error("run recorded twice or after finalise");
  // Errors first: a run's row is the commit point of the run (see the constructor).
  if (!r.errors.empty()) io::write_all(errors_fd_, r.errors.data(), r.errors.size(), dir_ + "/errors.csv");
  if (series_fd_ >= 0 && !r.series.empty())
    io::write_all(series_fd_, r.series.data(), r.series.size(), dir_ + "/timeseries_runs.csv");
  io::write_all(runs_fd_, r.row.data(), r.row.size(), dir_ + "/runs.csv");
  done_[rec.run_id] = 1;
  ++recorded_;
  // Rows survive a killed process as soon as write() returns; flush to disk at most once a second
  // so that a crashed node loses little.
  const double now = seconds_since(opened_);
  if (now - last_sync_ > 1.0) {
    ::fdatasync(errors_fd_);
    if (series_fd_ >= 0) ::fdatasync(series_fd_);
    ::fdatasync(runs_fd_);
    last_sync_ = now;
  }
}

void SweepFolder::finalise() {
  std::lock_guard<std::mutex> lock(m_);
  for (int fd : {runs_fd_, errors_fd_, series_fd_})
    if (fd >= 0) ::fdatasync(fd), ::close(fd);
  runs_fd_ = errors_fd_ = series_fd_ = -1;  // no appends after this
  const std::string runs_header = header_of(runs_table(s_)), errors_header = header_of(errors_table());
  {
    auto refs = index_journal(dir_ + "/runs.csv", runs_header);
    std::vector<std::uint64_t> ids(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) ids[i] = refs[i].id;
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end() || ids.size() != planned_)
      throw io::OutputError(
          fmt::format("{}/runs.csv: {} rows for {} runs; a run is recorded twice or missing", dir_, ids.size(), planned_));
    write_sorted(dir_ + "/runs.csv", runs_header, std::move(refs));
  }
  write_sorted(dir_ + "/errors.csv", errors_header, index_journal(dir_ + "/errors.csv", errors_header));
  if (s_.timeseries) {
    const std::string series_header = header_of(series_table(s_));
    write_sorted(dir_ + "/timeseries_runs.csv", series_header, index_journal(dir_ + "/timeseries_runs.csv", series_header, true));
  }
  if (hooks().in_finalise) hooks().in_finalise(0);
  if (o_.shard_count == 1) {
    if (s_.timeseries) write_bands(dir_, s_);
    notes_ = write_summaries(dir_, s_);
  } else {
    std::uint64_t failed = 0;
    std::ifstream in(dir_ + "/runs.csv");
    std::string line;
    std::getline(in, line);
    const RunsColumns rc(s_);
    while (std::getline(in, line))
      if (!read_run(rc, io::split_csv_line(line)).ok) ++failed;
    const io::TableSpec st = shard_table();
    io::CsvBuilder b(st);
    b.cell(static_cast<unsigned long long>(o_.shard_index)).cell(static_cast<unsigned long long>(o_.shard_count));
    b.cell(static_cast<unsigned long long>(planned_)).cell(static_cast<unsigned long long>(failed)).end_row();
    io::write_atomic(dir_ + "/shard.csv", b.text());
  }
}

std::uint64_t run_local(SweepFolder& folder, const SweepSpec& s, const SweepOptions& o) {
  const auto todo = folder.pending();
  const int threads = o.threads > 0 ? o.threads : tbb::this_task_arena::max_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  io::Progress progress(o.progress && ::isatty(2), static_cast<double>(todo.size()), "runs");
  std::atomic<std::uint64_t> failed{0};
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, todo.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) {
            const RunRecord rec = execute_run(s, todo[i], o);
            if (!rec.ok) ++failed;
            folder.append(rec);
            progress.add(1);
          }
        },
        tbb::simple_partitioner());
  });
  folder.finalise();
  return failed.load();
}

// ---- collect -----------------------------------------------------------------------------------

SummaryNotes collect(const Model& model, const std::string& out, const std::vector<std::string>& shards, bool force) {
  if (shards.empty()) throw InputError("gridgov collect: expected one or more shard folders");
  std::string resolved;
  std::uint64_t count = 0;
  std::vector<std::string> by_index;
  for (const auto& d : shards) {
    if (!fs::exists(d + "/sweep.resolved.yaml")) throw InputError(d + ": not a sweep shard folder (no sweep.resolved.yaml)");
    if (!fs::exists(d + "/shard.csv"))
      throw InputError(d + ": the shard is not complete (no shard.csv); run it again with --resume");
    const std::string r = slurp(d + "/sweep.resolved.yaml");
    if (resolved.empty())
      resolved = r;
    else if (without_comments(r) != without_comments(resolved) || input_pins_of(r) != input_pins_of(resolved))
      throw InputError(d + "/sweep.resolved.yaml: differs from " + shards.front() +
                       "'s: the shards belong to different sweeps (or ran on different input files)");
    const std::string shard_text = slurp(d + "/shard.csv");
    const auto cells = io::split_csv_line(shard_text.substr(shard_text.find('\n') + 1));
    if (cells.size() < 2) throw InputError(d + "/shard.csv: malformed");
    const std::uint64_t i = std::stoull(cells[0]), n = std::stoull(cells[1]);
    if (count == 0) count = n, by_index.assign(n, "");
    if (n != count) throw InputError(fmt::format("{}: shard {}/{}, but {} has {} shards", d, i, n, shards.front(), count));
    if (i >= n || !by_index[i].empty()) throw InputError(fmt::format("{}: shard {}/{} given twice", d, i, n));
    by_index[i] = d;
  }
  for (std::uint64_t i = 0; i < count; ++i)
    if (by_index[i].empty()) throw InputError(fmt::format("gridgov collect: shard {}/{} is missing", i, count));

  const SweepSpec s = load_sweep(model, by_index[0] + "/sweep.resolved.yaml");
  // Every row of every shard is checked before it goes into the merged files, as --resume checks them.
  for (std::uint64_t i = 0; i < count; ++i) {
    SweepOptions shard;
    shard.shard_index = i;
    shard.shard_count = count;
    validate_journals(by_index[i], s, shard, true);
  }
  std::error_code ec;
  for (const auto& d : shards)
    if (fs::exists(out, ec) && fs::equivalent(out, d, ec))
      throw InputError("gridgov collect: --out " + out + " is one of the shard folders; choose another folder");
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
    if (!force) throw InputError(out + ": the output folder holds files; use --force to replace them");
    for (const auto& f : kSweepFiles) fs::remove(out + "/" + f, ec);
    remove_stale_temporaries(out);
  }
  fs::create_directories(out, ec);
  // Merge by run id: shard i holds exactly the ids with id % N == i, each shard's file sorted.
  const std::string runs_header = header_of(runs_table(s)), errors_header = header_of(errors_table());
  auto merge = [&](const std::string& file, const std::string& header, bool complete) {
    std::vector<std::ifstream> in;
    std::vector<std::string> line(count);
    std::vector<bool> live(count);
    for (std::uint64_t i = 0; i < count; ++i) {
      in.emplace_back(by_index[i] + "/" + file);
      std::string h;
      std::getline(in[i], h);
      if (h != header) throw InputError(by_index[i] + "/" + file + ":1:1: the columns differ from the sweep's");
      live[i] = static_cast<bool>(std::getline(in[i], line[i]));
    }
    io::AtomicWriter w(out + "/" + file);
    std::string buf = header + "\n";
    std::uint64_t expect = 0;
    for (;;) {
      long long best = -1;
      std::uint64_t best_id = 0;
      for (std::uint64_t i = 0; i < count; ++i) {
        if (!live[i]) continue;
        const long long id = leading_id(line[i].data(), line[i].data() + line[i].size());
        if (id < 0) throw InputError(by_index[i] + "/" + file + ": a line without a run id");
        if (best < 0 || static_cast<std::uint64_t>(id) < best_id)
          best = static_cast<long long>(i), best_id = static_cast<std::uint64_t>(id);
      }
      if (best < 0) break;
      const auto b = static_cast<std::uint64_t>(best);
      if (complete) {
        if (best_id != expect)
          throw InputError(fmt::format("{}/{}: run {} is missing or duplicated", by_index[expect % count], file, expect));
        ++expect;
      }
      buf += line[b];
      buf += '\n';
      if (buf.size() > (1 << 20)) w.write(buf), buf.clear();
      live[b] = static_cast<bool>(std::getline(in[b], line[b]));
    }
    if (complete && expect != s.runs()) throw InputError(fmt::format("gridgov collect: {} of {} runs found", expect, s.runs()));
    w.write(buf);
    w.commit();
  };
  merge("runs.csv", runs_header, true);
  merge("errors.csv", errors_header, false);
  if (s.timeseries) merge("timeseries_runs.csv", header_of(series_table(s)), false);
  io::write_atomic(out + "/design.csv", design_csv(s));
  io::write_atomic(out + "/dictionary.csv", dictionary_text(s));
  io::write_atomic(out + "/sweep.resolved.yaml", resolved);
  if (s.timeseries) write_bands(out, s);
  return write_summaries(out, s);
}

// ---- plan --------------------------------------------------------------------------------------

std::string plan_text(const SweepSpec& s, const SweepOptions& o, std::size_t max_rows) {
  const int threads = o.threads > 0 ? o.threads : tbb::this_task_arena::max_concurrency();
  std::uint64_t runs = 0;
  for (std::uint64_t id = o.shard_index; id < s.runs(); id += o.shard_count) ++runs;
  // Pilot: point 0, replicate 0, a short run on one thread (Scenario::pilot).
  const std::unique_ptr<const Scenario> point0 = point_scenario(s, 0);
  auto rss_now = [] {
    std::ifstream st("/proc/self/statm");
    long pages = 0, resident = 0;
    st >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  };
  const double rss0 = rss_now();
  Pilot pilot;
  {
    tbb::task_arena one(1);
    one.execute([&] { pilot = point0->pilot(); });
  }
  const double per_run = pilot.seconds_per_run;
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  const double peak = static_cast<double>(ru.ru_maxrss) * 1024.0;
  const double per_run_mem = std::max(0.0, peak - rss0);
  const double concurrent = static_cast<double>(std::min<std::uint64_t>(runs, static_cast<std::uint64_t>(threads)));
  std::string out = fmt::format(
      "sweep {}: design {}, {} point(s) x {} replicate(s) = {} run(s){}\n"
      "seed {}; replicate k of every point shares random streams (common random numbers)\n"
      "estimate (from a {} pilot of point 0 on one thread, {}): {:.3g} s per run, "
      "about {:.3g} s on {} thread(s); peak memory about {:.0f} MiB + {:.0f} MiB per concurrent run\n"
      "design matrix (design.csv):\n",
      s.source, s.design, s.points.size(), s.replicates, s.runs(),
      o.shard_count > 1 ? fmt::format("; shard {}/{} runs {}", o.shard_index, o.shard_count, runs) : "", s.seed, pilot.length,
      pilot.size, per_run, per_run * static_cast<double>(runs) / std::max(1.0, concurrent), threads, rss0 / 1048576.0,
      per_run_mem / 1048576.0);
  const std::string d = design_csv(s);
  std::size_t pos = 0, lines = 0;
  while (pos < d.size() && lines <= max_rows) {
    pos = d.find('\n', pos);
    if (pos == std::string::npos)
      pos = d.size();
    else
      ++pos;
    ++lines;
  }
  out += d.substr(0, pos);
  if (pos < d.size()) out += fmt::format("... ({} more point(s); all in design.csv)\n", s.points.size() + 1 - lines);
  return out;
}

}  // namespace gridgov::experiment
