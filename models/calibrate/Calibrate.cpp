#include "models/calibrate/Calibrate.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlopt.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "analysis/Paired.hpp"
#include "analysis/Statistics.hpp"
#include "gridgov/Version.hpp"
#include "models/run/Runner.hpp"
#include "sim/experiment/SweepRun.hpp"
#include "sim/io/Csv.hpp"
#include "sim/io/InputFile.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::models::calibrate {

namespace fs = std::filesystem;
using schema::InputError;

namespace {

/// The objective of an evaluation where a target has no value (a NaN would derail the optimiser).
constexpr double kNoValue = 1e30;

const std::vector<std::string> kFiles{
    "calibration.resolved.yaml", "trace.csv", "fitted.yaml",    "parameters.csv", "sensitivity.csv",
    "attribution.csv",           "report.md", "dictionary.csv", "targets.csv",    "calibrate.lock"};

std::string num(double x) { return std::isnan(x) ? "NA" : fmt::format("{}", x); }
std::string fmt4(double x) { return std::isfinite(x) ? fmt::format("{:.4g}", x) : "NA"; }

/// One evaluation: the parameter values and, per target, the replicate values and their summary.
struct Eval {
  std::string phase;  ///< search | sensitivity | attribution
  std::string label;  ///< sensitivity: +path or -path; attribution: the mechanism's name (or "all")
  std::vector<double> x;
  std::vector<std::vector<double>> reps;  ///< [target][replicate]
  std::vector<analysis::Summary> stats;   ///< [target]
  double objective = 0;
  bool all_reached = false;
};

void finish(const CalibSpec& c, Eval& e) {
  e.stats.clear();
  e.objective = 0;
  e.all_reached = true;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto s = analysis::summarize(e.reps[t]);
    e.stats.push_back(s);
    const auto& tg = c.targets[t];
    if (tg.weight == 0) continue;  // a check: reported, not fitted
    if (!std::isfinite(s.mean)) {
      e.objective = kNoValue;
      e.all_reached = false;
      continue;
    }
    const double z = (s.mean - tg.observed) / tg.scale();
    e.objective += tg.weight * z * z;
    e.all_reached = e.all_reached && tg.reached(s.mean);
  }
  e.objective = std::min(e.objective, kNoValue);
}

io::TableSpec trace_table(const CalibSpec* c) {
  io::TableSpec t{
      "trace.csv",
      "evaluation (the optimiser's, then the local sensitivity's and the attribution's)",
      {{"eval_id", "", "Evaluation number, from 0, in the order run (the journal of a resumable calibration)"},
       {"phase", "",
        "search (the optimiser), sensitivity (one parameter moved from the best point) or attribution (a mechanism held off at "
        "the best point)"},
       {"label", "", "sensitivity: +PARAMETER or -PARAMETER (moved up or down); attribution: the mechanism's name, or all"}}};
  if (c)
    for (const auto& f : c->params)
      t.columns.push_back({f.path, scenario_schema().params()[f.index].unit, "Free parameter's value in this evaluation"});
  else
    t.columns.push_back(
        {"<parameters>", "", "One column per free parameter (its scenario key path): its value in this evaluation"});
  t.columns.push_back(
      {"objective", "",
       "Sum over targets of weight x ((replicate mean - observed) / se or tolerance)^2; 1e30 when a target has no value"});
  t.columns.push_back(
      {"all_reached", "", "1 when every fitted target's (weight > 0) replicate mean is within its tolerance (or 1.96 se)"});
  if (c) {
    for (const auto& tg : c->targets) {
      t.columns.push_back({tg.name, "", "Replicate mean of the target: " + tg.description()});
      t.columns.push_back({tg.name + "_ci_low", "", "95% t interval of that mean, lower bound (NA with one replicate)"});
      t.columns.push_back({tg.name + "_ci_high", "", "Upper bound"});
    }
    for (const auto& tg : c->targets)
      for (std::uint32_t r = 0; r < c->replicates; ++r)
        t.columns.push_back({fmt::format("{}_r{}", tg.name, r), "", fmt::format("Target {} in replicate {}", tg.name, r)});
  } else {
    t.columns.push_back({"<target>", "", "One column per target (its name): the replicate mean"});
    t.columns.push_back({"<target>_ci_low, <target>_ci_high", "", "Its 95% t interval"});
    t.columns.push_back(
        {"<target>_r<k>", "",
         "The target's value in replicate k (common random numbers: replicate k of every evaluation sees the same streams)"});
  }
  return t;
}

const io::TableSpec& targets_table() {
  static const io::TableSpec t{
      "targets.csv",
      "target (written last: marks a finished calibration)",
      {{"target", "", "Target name"},
       {"metric", "", "What is measured: the metric(s), window, reference and unit"},
       {"observed", "", "Observed value (from the source named in the source column)"},
       {"tolerance", "", "Half-width within which the target counts as reached (NA: none given)"},
       {"se", "", "Standard error of the observation (NA: none given); reached within 1.96 se"},
       {"weight", "", "Weight in the objective (0: a check, an output compared with its source but not fitted)"},
       {"start_mean", "", "Replicate mean at the start values (evaluation 0)"},
       {"fitted_mean", "", "Replicate mean at the best evaluation"},
       {"fitted_ci_low", "", "95% t interval of the fitted mean, lower bound (NA with one replicate)"},
       {"fitted_ci_high", "", "Upper bound"},
       {"difference", "", "fitted_mean - observed"},
       {"reached", "", "1 when the fitted mean is within the tolerance (or 1.96 se) of the observed value"},
       {"objective_share", "share", "This target's part of the best objective"},
       {"source", "", "Where the observed figure comes from"}}};
  return t;
}

const io::TableSpec& parameters_table() {
  static const io::TableSpec t{
      "parameters.csv",
      "free parameter",
      {{"parameter", "", "Scenario key path"},
       {"unit", "", "Its unit"},
       {"min", "", "Lower bound"},
       {"max", "", "Upper bound"},
       {"scale", "", "linear or log: how the optimiser spaces the range"},
       {"start", "", "Start value"},
       {"fitted", "", "Value at the best evaluation (written into fitted.yaml)"},
       {"at_bound", "", "lower or upper when the fitted value sits on a bound (the data may want a value outside), else empty"}}};
  return t;
}

const io::TableSpec& sensitivity_table() {
  static const io::TableSpec t{
      "sensitivity.csv",
      "free parameter and target (local sensitivity at the best evaluation)",
      {{"parameter", "",
        "Scenario key path, moved by sensitivity.step of its unit range either way from the fitted value (others held)"},
       {"target", "", "Target name"},
       {"x_low", "", "Parameter value below (the fitted value at a lower bound)"},
       {"x_high", "", "Parameter value above"},
       {"value_low", "", "Target's replicate mean at x_low"},
       {"value_high", "", "Target's replicate mean at x_high"},
       {"slope", "", "(value_high - value_low) / (x_high - x_low): the target's change per unit of the parameter"},
       {"objective_low", "", "Objective at x_low"},
       {"objective_high", "", "Objective at x_high"}}};
  return t;
}

const io::TableSpec& attribution_table() {
  static const io::TableSpec t{
      "attribution.csv",
      "mechanism and target (each held off at the best evaluation, paired by replicate)",
      {{"mechanism", "", "The attribution's name (all: every one held off together)"},
       {"target", "", "Target name"},
       {"fitted_mean", "", "Target's replicate mean at the best evaluation"},
       {"off_mean", "", "Target's replicate mean with the mechanism held off"},
       {"effect", "", "fitted_mean - off_mean: what the mechanism contributes to the target (paired over replicates)"},
       {"effect_ci_low", "", "95% paired t interval of the effect, lower bound (NA with one replicate)"},
       {"effect_ci_high", "", "Upper bound"},
       {"share", "share",
        "effect / the effect of holding every mechanism off together (or / the sum of the effects with one mechanism); "
        "shares need not sum to 1 when mechanisms interact"}}};
  return t;
}

/// The input files the runs read: the buildings CSV of the base scenario and of each attribution.
std::vector<std::string> input_files(const CalibSpec& c) {
  std::vector<std::string> files;
  auto add = [&](const ScenarioSpec& s) {
    if (s.geo_source == "csv" && !s.buildings_csv.empty() &&
        std::find(files.begin(), files.end(), s.buildings_csv) == files.end())
      files.push_back(s.buildings_csv);
  };
  std::vector<double> start;
  for (const auto& f : c.params) start.push_back(f.start);
  add(scenario_at(c, start));
  for (const auto& a : c.attribution) add(scenario_without(c, start, a));
  std::sort(files.begin(), files.end());
  return files;
}

/// The folder: lock, resolved file, journal.
class Folder {
 public:
  Folder(const std::string& dir, const CalibSpec& c, const CalibrateOptions& o) : dir_(dir), c_(c) {
    std::string resolved = resolved_calibration_yaml(c);
    // Pin every input file the runs read (after the leading comments): --resume refuses a changed one.
    std::string pins;
    for (const auto& f : input_files(c)) {
      std::string error;
      const std::string pin = io::input_pin(f, error);
      if (pin.empty()) throw InputError(f + ": " + error);
      pins += pin;
    }
    resolved.insert(resolved.find("\n", resolved.find("# Running this file")) + 1, pins);
    if (fs::exists(dir) && !fs::is_directory(dir))
      throw InputError(dir + ": exists and is not a folder; expected a calibration's output folder");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw io::OutputError("cannot create " + dir + ": " + ec.message());
    lock_fd_ = ::open((dir + "/calibrate.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (lock_fd_ < 0) throw io::OutputError("cannot create " + dir + "/calibrate.lock: " + std::strerror(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
      throw InputError(dir + ": another gridgov process is calibrating in this folder (calibrate.lock is held)");
    std::vector<std::string> present;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename() != "calibrate.lock") present.push_back(e.path().filename().string());
    const std::string rpath = dir + "/calibration.resolved.yaml";
    if (!present.empty()) {
      // A calibration's own files, its temporaries, and what `gridgov report` drew from them
      // (report.html and report_figures/, stale once the calibration starts afresh).
      const auto ours = [](const std::string& n) {
        return std::find(kFiles.begin(), kFiles.end(), n) != kFiles.end() || n.find(".tmp") != std::string::npos ||
               n == "report.html" || n == "report_figures";
      };
      std::vector<std::string> foreign;
      std::copy_if(present.begin(), present.end(), std::back_inserter(foreign), [&](const std::string& n) { return !ours(n); });
      std::sort(foreign.begin(), foreign.end());
      if (o.force) {
        if (!foreign.empty())
          throw InputError(
              fmt::format("{}: holds files gridgov calibrate did not write ({}); --force replaces only a calibration's files",
                          dir, fmt::join(foreign, ", ")));
        for (const auto& n : present) fs::remove_all(dir + "/" + n, ec);
      } else if (!o.resume) {
        throw InputError(
            dir +
            ": the folder holds files; continue the calibration with --resume, start afresh with --force, or use another --out");
      } else if (!fs::exists(rpath)) {
        throw InputError(dir + ": --resume: not a calibration folder (no calibration.resolved.yaml)");
      } else {
        std::ifstream in(rpath, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        if (body(ss.str()) != body(resolved))
          throw InputError(rpath + ": --resume: this folder holds a different calibration (its resolved settings differ from " +
                           c.source + "'s); use another --out, or --force to start afresh");
        for (const auto& f : input_files(c)) {
          std::string error;
          const std::string pin = io::input_pin(f, error);
          if (ss.str().find(pin) == std::string::npos)
            throw InputError(
                fmt::format("{}: --resume: the input file {} differs from the one the calibration started with (its content "
                            "hash is not the one pinned here); restore it, or use --force or another --out",
                            rpath, f));
        }
        read_journal();
      }
    }
    if (!fs::exists(rpath)) io::write_atomic(rpath, resolved);
    const std::string trace = dir + "/trace.csv";
    header_ = io::CsvBuilder(table_ = trace_table(&c)).text();
    if (!fs::exists(trace)) io::write_atomic(trace, header_);
    fd_ = ::open(trace.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd_ < 0) throw io::OutputError("cannot open " + trace + ": " + std::strerror(errno));
  }
  ~Folder() {
    if (fd_ >= 0) ::close(fd_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  /// Journal rows not yet replayed (cells of each), in order.
  const std::vector<std::vector<std::string>>& journal() const { return rows_; }
  std::size_t journal_line(std::size_t k) const { return k + 2; }

  void append(const Eval& e, std::size_t id) {
    io::CsvBuilder b(table_, false);
    b.cell(static_cast<unsigned long long>(id)).cell(e.phase).cell(e.label);
    for (const double x : e.x) b.cell(x);
    b.cell(e.objective).cell(e.all_reached ? 1 : 0);
    for (const auto& s : e.stats) b.cell(s.mean).cell(s.ci_low).cell(s.ci_high);
    for (const auto& t : e.reps)
      for (const double v : t) b.cell(v);
    b.end_row();
    io::write_all(fd_, b.text().data(), b.text().size(), dir_ + "/trace.csv");
    ::fdatasync(fd_);
  }
  const std::string& dir() const { return dir_; }

 private:
  /// A resolved file without its comment lines (which name the source path as typed).
  static std::string body(const std::string& text) {
    std::string out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      if (line.rfind('#', 0) != 0) out += line + "\n";
    return out;
  }

  /// Read trace.csv: every complete, well-formed row; the rest (a torn last line, a damaged row and
  /// everything after it) is cut off and reported, and those evaluations run again.
  void read_journal() {
    const std::string path = dir_ + "/trace.csv";
    if (!fs::exists(path)) return;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const std::string header = io::CsvBuilder(table_ = trace_table(&c_)).text();
    if (text.rfind(header, 0) != 0)
      throw InputError(path + ":1:1: the columns differ from this calibration's; use --force to start afresh or another --out");
    std::size_t pos = header.size(), kept = pos;
    const std::size_t ncols = table_.columns.size();
    while (pos < text.size()) {
      const auto nl = text.find('\n', pos);
      const std::size_t line_no = rows_.size() + 2;
      if (nl == std::string::npos) {
        std::fprintf(
            stderr,
            "gridgov calibrate: %s:%zu: the last line is incomplete (a write cut off by a kill); that evaluation runs again\n",
            path.c_str(), line_no);
        break;
      }
      auto cells = io::split_csv_line(text.substr(pos, nl - pos));
      std::string why;
      if (cells.size() != ncols)
        why = fmt::format("{} cells, expected {}", cells.size(), ncols);
      else if (cells[0] != std::to_string(rows_.size()))
        why = fmt::format("eval_id '{}', expected {}", cells[0], rows_.size());
      else if (cells[1] != "search" && cells[1] != "sensitivity" && cells[1] != "attribution")
        why = "phase '" + cells[1] + "'";
      else
        for (std::size_t i = 3; i < ncols && why.empty(); ++i) {
          char* end = nullptr;
          if (cells[i] != "NA") (void)std::strtod(cells[i].c_str(), &end);
          if (cells[i] != "NA" && (cells[i].empty() || *end != '\0'))
            why = fmt::format("column {} holds '{}', not a number", table_.columns[i].name, cells[i]);
        }
      if (!why.empty()) {
        std::fprintf(stderr, "gridgov calibrate: %s:%zu: damaged journal row (%s); it and the rows after it run again\n",
                     path.c_str(), line_no, why.c_str());
        break;
      }
      rows_.push_back(std::move(cells));
      pos = kept = nl + 1;
    }
    if (kept < text.size()) io::write_atomic(path, text.substr(0, kept));
  }

  std::string dir_;
  const CalibSpec& c_;
  io::TableSpec table_;
  std::string header_;
  std::vector<std::vector<std::string>> rows_;
  int fd_ = -1, lock_fd_ = -1;
};

double cell_number(const std::string& s) {
  double v = 0;
  io::number_cell(s, v);
  return v;
}

nlopt::algorithm algorithm_of(const std::string& name) {
  if (name == "bobyqa") return nlopt::LN_BOBYQA;
  if (name == "neldermead") return nlopt::LN_NELDERMEAD;
  if (name == "sbplx") return nlopt::LN_SBPLX;
  if (name == "cobyla") return nlopt::LN_COBYLA;
  if (name == "crs2") return nlopt::GN_CRS2_LM;
  if (name == "isres") return nlopt::GN_ISRES;
  return nlopt::GN_DIRECT_L;
}

/// The calibration's run: evaluations journaled and replayed.
class Calibration {
 public:
  Calibration(const CalibSpec& c, Folder& f, const CalibrateOptions& o) : c_(c), f_(f), o_(o) {}

  /// Evaluate the scenario built by `make` at `x` (phase, label name the evaluation in the journal).
  const Eval& evaluate(const std::string& phase, const std::string& label, const std::vector<double>& x,
                       const ScenarioSpec& spec) {
    std::string key = phase + "," + label;
    for (const double v : x) key += "," + num(v);
    if (const auto it = memo_.find(key); it != memo_.end()) {
      consider_if_search(it->second);
      return evals_[it->second];
    }
    const std::size_t id = evals_.size();
    Eval e;
    e.phase = phase;
    e.label = label;
    e.x = x;
    if (id < f_.journal().size()) {
      const auto& row = f_.journal()[id];
      bool same = row[1] == phase && row[2] == label;
      for (std::size_t j = 0; j < x.size() && same; ++j) same = row[3 + j] == num(x[j]);
      if (!same)
        throw InputError(
            fmt::format("{}/trace.csv:{}: --resume: the journal's evaluation {} ({} {} at {}) is not the one the calibration "
                        "asks for now ({} {} at {}); "
                        "the journal belongs to another calibration: use --force to start afresh or another --out",
                        f_.dir(), f_.journal_line(id), id, row[1], row[2],
                        fmt::join(row.begin() + 3, row.begin() + 3 + static_cast<long>(x.size()), " "), phase, label,
                        key.substr(phase.size() + label.size() + 2)));
      const std::size_t base = 3 + x.size() + 2 + 3 * c_.targets.size();
      e.reps.assign(c_.targets.size(), std::vector<double>(c_.replicates));
      for (std::size_t t = 0; t < c_.targets.size(); ++t)
        for (std::uint32_t r = 0; r < c_.replicates; ++r) e.reps[t][r] = cell_number(row[base + t * c_.replicates + r]);
      finish(c_, e);
      ++replayed_;
    } else {
      RunOptions ro;
      ro.threads = o_.threads;
      const auto t0 = std::chrono::steady_clock::now();
      const RunResult r = run_scenario(spec, ro);
      e.reps.assign(c_.targets.size(), {});
      for (std::size_t t = 0; t < c_.targets.size(); ++t)
        for (const auto& rep : r.replicates) e.reps[t].push_back(c_.targets[t].value(rep));
      finish(c_, e);
      f_.append(e, id);
      ++run_;
      if (o_.progress)
        std::fprintf(stderr, "gridgov calibrate: evaluation %zu (%s%s%s) objective %s, %.1f s\n", id, phase.c_str(),
                     label.empty() ? "" : " ", label.c_str(), fmt4(e.objective).c_str(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    memo_[key] = id;
    evals_.push_back(std::move(e));  // a deque: references to earlier evaluations stay valid
    consider_if_search(id);
    return evals_.back();
  }

  /// The optimiser's search; returns the index of the best evaluation. A local optimiser (BOBYQA,
  /// Nelder-Mead, Sbplx, COBYLA) on replicate means sees a slightly rough objective (counts move by
  /// whole issues) and can stop early in a small dip; while budget is left, no stop was asked for
  /// and a target is still missed, it restarts from the best point with half the previous initial
  /// step, as long as each restart improves on the best.
  std::size_t search() {
    const bool local =
        c_.algorithm == "bobyqa" || c_.algorithm == "neldermead" || c_.algorithm == "sbplx" || c_.algorithm == "cobyla";
    std::vector<double> u;
    for (const auto& p : c_.params) u.push_back(p.unit_of(p.start));
    double step = 0.2;
    for (int round = 0;; ++round) {
      const std::size_t budget = c_.evaluations - calls_;
      const double before = have_best_ ? evals_[best_].objective : kNoValue;
      optimise_once(u, static_cast<int>(budget), step, round == 0);
      if (!local || stopped_reached_ || calls_ >= c_.evaluations || !have_best_ || evals_[best_].all_reached) break;
      if (round > 0 && !(evals_[best_].objective < before)) break;
      if (round >= 8) break;
      u.clear();
      for (std::size_t j = 0; j < c_.params.size(); ++j) u.push_back(c_.params[j].unit_of(evals_[best_].x[j]));
      step *= 0.5;
      restarts_ = round + 1;
    }
    if (restarts_ > 0) stop_reason_ += fmt::format(" (after {} restart(s) from the best point with smaller steps)", restarts_);
    return best_;
  }

  /// One run of the optimiser from `u` with at most `budget` calls of the objective.
  void optimise_once(std::vector<double> u, int budget, double step, bool first) {
    const std::size_t k = c_.params.size();
    nlopt::opt opt(algorithm_of(c_.algorithm), static_cast<unsigned>(k));
    opt.set_lower_bounds(std::vector<double>(k, 0.0));
    opt.set_upper_bounds(std::vector<double>(k, 1.0));
    opt.set_maxeval(std::max(budget, 1));
    opt.set_xtol_abs(c_.xtol);
    if (c_.algorithm == "bobyqa" || c_.algorithm == "neldermead" || c_.algorithm == "sbplx" || c_.algorithm == "cobyla") {
      // The initial step must keep the start inside the bounds for BOBYQA: shrink it near a bound.
      double st = step;
      for (double x : u) st = std::min(st, std::max(std::max(x, 1.0 - x), 1e-6));
      opt.set_initial_step(first ? step : st);
    } else {
      nlopt::srand(c_.optimiser_seed);
    }
    if (c_.algorithm == "crs2" || c_.algorithm == "isres")
      opt.set_population(static_cast<unsigned>(std::max<std::size_t>(10 * (k + 1), 8)));
    std::exception_ptr error;
    struct Ctx {
      Calibration* self;
      nlopt::opt* opt;
      std::exception_ptr* error;
    } ctx{this, &opt, &error};
    opt.set_min_objective(
        [](const std::vector<double>& at, std::vector<double>&, void* data) -> double {
          auto& x = *static_cast<Ctx*>(data);
          try {
            ++x.self->calls_;
            std::vector<double> values;
            for (std::size_t j = 0; j < at.size(); ++j) values.push_back(x.self->c_.params[j].value_at(at[j]));
            const Eval& e = x.self->evaluate("search", "", values, scenario_at(x.self->c_, values));
            if (e.all_reached && x.self->c_.stop_when_reached) {
              x.self->stopped_reached_ = true;
              x.opt->force_stop();
            }
            return e.objective;
          } catch (...) {
            *x.error = std::current_exception();
            x.opt->force_stop();
            return kNoValue;
          }
        },
        &ctx);
    double f = 0;
    try {
      const auto r = opt.optimize(u, f);
      stop_reason_ = r == nlopt::MAXEVAL_REACHED ? "the evaluation budget was spent"
                     : r == nlopt::XTOL_REACHED  ? "the steps became smaller than xtol"
                     : r == nlopt::FTOL_REACHED  ? "the objective stopped changing"
                                                 : "the optimiser converged";
    } catch (const std::exception& ex) {
      if (error) std::rethrow_exception(error);
      stop_reason_ = stopped_reached_ ? "every target was reached" : std::string("the optimiser stopped: ") + ex.what();
    }
    if (error) std::rethrow_exception(error);
    if (stopped_reached_) stop_reason_ = "every target was reached";
  }

  /// The best search evaluation so far (the first of equals).
  void consider_if_search(std::size_t id) {
    if (evals_[id].phase != "search") return;
    if (!have_best_ || evals_[id].objective < evals_[best_].objective) best_ = id, have_best_ = true;
  }

  const std::deque<Eval>& evals() const { return evals_; }
  std::size_t searched() const { return search_count_; }
  void mark_search_end() { search_count_ = evals_.size(); }
  const std::string& stop_reason() const { return stop_reason_; }
  std::size_t run_count() const { return run_; }
  std::size_t replayed() const { return replayed_; }

 private:
  const CalibSpec& c_;
  Folder& f_;
  const CalibrateOptions& o_;
  std::deque<Eval> evals_;
  std::map<std::string, std::size_t> memo_;
  std::size_t best_ = 0, search_count_ = 0, run_ = 0, replayed_ = 0, calls_ = 0;
  int restarts_ = 0;
  bool have_best_ = false, stopped_reached_ = false;
  std::string stop_reason_;
};

struct SensitivityRow {
  std::size_t param;
  double x_low, x_high;
  const Eval* low;
  const Eval* high;
};

struct AttributionRow {
  std::string name;
  const Eval* off;
};

std::string at_bound(const FreeParam& f, double x) {
  const double lo = f.integer ? std::ceil(f.min) : f.min, hi = f.integer ? std::floor(f.max) : f.max;
  const double eps = 1e-9 * std::max(1.0, std::abs(hi - lo));
  if (x <= lo + eps) return "lower";
  if (x >= hi - eps) return "upper";
  return "";
}

}  // namespace

std::vector<io::TableSpec> calibrate_tables(const CalibSpec* c) {
  return {trace_table(c), targets_table(), parameters_table(), sensitivity_table(), attribution_table()};
}

std::string calibrate_outputs_markdown() {
  const auto tables = calibrate_tables(nullptr);
  std::vector<const io::TableSpec*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  return io::dictionary_markdown(
      ptrs,
      "# Calibration outputs (`gridgov calibrate`)\n\n"
      "A calibration folder holds calibration.resolved.yaml (every setting), trace.csv (the journal of every evaluation), "
      "fitted.yaml (the base scenario at the best evaluation, runnable with gridgov run), report.md (the fit report), "
      "dictionary.csv and the tables below; targets.csv is written last and marks a finished calibration. "
      "attribution.csv is written when the calibration names mechanisms to hold off.\n");
}

std::string calibrate(const CalibSpec& c, CalibrateOptions o) {
  if (o.out.empty()) o.out = "results/calibrate-" + fs::path(c.source).stem().string();
  if (o.resume && o.force) throw InputError("gridgov calibrate: --resume and --force exclude each other");
  Folder folder(o.out, c, o);
  Calibration cal(c, folder, o);
  const std::size_t k = c.params.size();
  const auto t0 = std::chrono::steady_clock::now();

  const std::size_t best_id = cal.search();
  cal.mark_search_end();
  const Eval best = cal.evals()[best_id];
  const Eval start = cal.evals()[0];

  // Local sensitivity: each parameter moved by the step either way in unit coordinates.
  std::vector<SensitivityRow> sens;
  if (c.sensitivity_step > 0)
    for (std::size_t j = 0; j < k; ++j) {
      const auto& p = c.params[j];
      const double u = p.unit_of(best.x[j]);
      SensitivityRow row{j, p.value_at(std::max(0.0, u - c.sensitivity_step)), p.value_at(std::min(1.0, u + c.sensitivity_step)),
                         &best, &best};
      for (const bool up : {false, true}) {
        auto x = best.x;
        x[j] = up ? row.x_high : row.x_low;
        if (x[j] == best.x[j]) continue;
        const Eval& e = cal.evaluate("sensitivity", (up ? "+" : "-") + p.path, x, scenario_at(c, x));
        (up ? row.high : row.low) = &e;
      }
      sens.push_back(row);
    }
  // Attribution: each mechanism held off at the best point, then all together.
  std::vector<AttributionRow> attr;
  for (const auto& a : c.attribution)
    attr.push_back({a.name, &cal.evaluate("attribution", a.name, best.x, scenario_without(c, best.x, a))});
  if (c.attribution.size() > 1) {
    ScenarioSpec all = scenario_at(c, best.x);
    Attribution merged;
    for (const auto& a : c.attribution) merged.hold.insert(merged.hold.end(), a.hold.begin(), a.hold.end());
    attr.push_back({"all", &cal.evaluate("attribution", "all", best.x, scenario_without(c, best.x, merged))});
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // ---- the tables ----
  const auto& S = scenario_schema();
  io::CsvBuilder tg(targets_table());
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& T = c.targets[t];
    const auto& s = best.stats[t];
    const double z = (s.mean - T.observed) / T.scale();
    tg.cell(T.name)
        .cell(T.description())
        .cell(T.observed)
        .cell(T.tolerance > 0 ? T.tolerance : std::nan(""))
        .cell(T.se > 0 ? T.se : std::nan(""));
    tg.cell(T.weight).cell(start.stats[t].mean).cell(s.mean).cell(s.ci_low).cell(s.ci_high).cell(s.mean - T.observed);
    tg.cell(T.reached(s.mean) ? 1 : 0).cell(best.objective > 0 ? T.weight * z * z / best.objective : 0.0).cell(T.source);
    tg.end_row();
  }
  io::CsvBuilder pc(parameters_table());
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = c.params[j];
    pc.cell(p.path)
        .cell(S.params()[p.index].unit)
        .cell(p.min)
        .cell(p.max)
        .cell(p.log ? "log" : "linear")
        .cell(p.start)
        .cell(best.x[j]);
    pc.cell(at_bound(p, best.x[j])).end_row();
  }
  io::CsvBuilder sc(sensitivity_table());
  auto slope = [&](const SensitivityRow& r, std::size_t t) {
    return r.x_high == r.x_low ? std::nan("") : (r.high->stats[t].mean - r.low->stats[t].mean) / (r.x_high - r.x_low);
  };
  for (const auto& r : sens)
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      sc.cell(c.params[r.param].path)
          .cell(c.targets[t].name)
          .cell(r.x_low)
          .cell(r.x_high)
          .cell(r.low->stats[t].mean)
          .cell(r.high->stats[t].mean);
      sc.cell(slope(r, t)).cell(r.low->objective).cell(r.high->objective).end_row();
    }
  io::CsvBuilder ac(attribution_table());
  std::vector<std::vector<analysis::PairedComparison>> effects;  // [attribution row][target]: off vs fitted
  for (const auto& a : attr) {
    effects.emplace_back();
    for (std::size_t t = 0; t < c.targets.size(); ++t)
      effects.back().push_back(analysis::paired_compare(a.off->reps[t], best.reps[t]));
  }
  for (std::size_t i = 0; i < attr.size(); ++i)
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const auto& e = effects[i][t];  // base = off, alt = fitted: diff = fitted - off
      double denom = 0;
      if (attr.size() > 1)
        denom = effects.back()[t].diff;
      else
        denom = e.diff;
      ac.cell(attr[i].name)
          .cell(c.targets[t].name)
          .cell(e.mean_alt)
          .cell(e.mean_base)
          .cell(e.diff)
          .cell(e.diff_ci_low)
          .cell(e.diff_ci_high);
      ac.cell(denom != 0 ? e.diff / denom : std::nan("")).end_row();
    }

  // ---- the report ----
  std::string rep = fmt::format(
      "# Calibration report: {}\n\ngridgov {}; base scenario {}; seed {}; {} replicate(s) per evaluation (common random "
      "numbers); optimiser {} with a budget of {} evaluations.\n\n",
      c.source, kVersion, c.base_source, c.seed, c.replicates, c.algorithm, c.evaluations);
  rep += fmt::format(
      "The search ran {} evaluation(s) and stopped because {}; the best is evaluation {} (objective {}, start {}).\n\n",
      cal.searched(), cal.stop_reason(), best_id, fmt4(best.objective), fmt4(start.objective));
  rep += "## Targets\n\n| target | metric | observed | start | fitted [95% CI] | reached |\n|---|---|---|---|---|---|\n";
  std::size_t reached = 0;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& T = c.targets[t];
    const auto& s = best.stats[t];
    const bool ok = T.reached(s.mean);
    reached += ok;
    rep +=
        fmt::format("| {}{} | {} | {}{} | {} | {} [{}, {}] | {} |\n", T.name, T.weight == 0 ? " (check, not fitted)" : "",
                    T.description(), fmt4(T.observed), T.tolerance > 0 ? " ± " + fmt4(T.tolerance) : " (se " + fmt4(T.se) + ")",
                    fmt4(start.stats[t].mean), fmt4(s.mean), fmt4(s.ci_low), fmt4(s.ci_high), ok ? "yes" : "**no**");
  }
  rep += "\n## Parameters\n\n| parameter | bounds | start | fitted | at a bound |\n|---|---|---|---|---|\n";
  for (std::size_t j = 0; j < k; ++j) {
    const auto& p = c.params[j];
    rep += fmt::format("| {} | [{}, {}]{} | {} | {} | {} |\n", p.path, fmt4(p.min), fmt4(p.max), p.log ? " log" : "",
                       fmt4(p.start), fmt4(best.x[j]), at_bound(p, best.x[j]));
  }
  if (!sens.empty()) {
    rep += fmt::format(
        "\n## Local sensitivity (each parameter moved {} of its range either way)\n\n| parameter | target | slope (per unit) | "
        "value at low | value at high |\n|---|---|---|---|---|\n",
        c.sensitivity_step);
    for (const auto& r : sens)
      for (std::size_t t = 0; t < c.targets.size(); ++t)
        rep += fmt::format("| {} | {} | {} | {} | {} |\n", c.params[r.param].path, c.targets[t].name, fmt4(slope(r, t)),
                           fmt4(r.low->stats[t].mean), fmt4(r.high->stats[t].mean));
  }
  // What keeps a target out of reach.
  std::string verdicts;
  for (std::size_t t = 0; t < c.targets.size(); ++t) {
    const auto& T = c.targets[t];
    const double fitted = best.stats[t].mean;
    if (T.reached(fitted)) continue;
    if (T.weight == 0) {
      verdicts += fmt::format(
          "- **{} (a check, not fitted) differs from its source**: the model gives {} [{}, {}] against observed {}.\n", T.name,
          fmt4(fitted), fmt4(best.stats[t].ci_low), fmt4(best.stats[t].ci_high), fmt4(T.observed));
      continue;
    }
    verdicts += fmt::format("- **{} is not reached**: fitted {} [{}, {}] against observed {}.", T.name, fmt4(fitted),
                            fmt4(best.stats[t].ci_low), fmt4(best.stats[t].ci_high), fmt4(T.observed));
    const double want = T.observed - fitted;  // the direction the target must move
    std::vector<std::string> blocked, movers;
    for (const auto& r : sens) {
      const double s = slope(r, t);
      if (!std::isfinite(s) || s == 0) continue;
      const auto& p = c.params[r.param];
      movers.push_back(p.path);
      const std::string b = at_bound(p, best.x[r.param]);
      if ((b == "upper" && s * want > 0) || (b == "lower" && s * want < 0)) {
        // How far, at the local slope, the parameter alone would have to go: beyond its declared
        // range, the mechanism cannot carry the gap however the bounds are set.
        const auto& info = scenario_schema().params()[p.index];
        const double need = best.x[r.param] + want / s;
        const bool beyond = need > info.max || need < info.min;
        blocked.push_back(
            fmt::format("{} sits at its {} bound ({}) and would have to go {} (at its local slope, to about {} "
                        "to close the gap alone{})",
                        p.path, b, fmt4(best.x[r.param]), b == "upper" ? "higher" : "lower", fmt4(need),
                        beyond ? fmt::format(", outside its declared range [{}, {}]", fmt4(info.min), fmt4(info.max)) : ""));
      }
    }
    if (!blocked.empty())
      verdicts += fmt::format(" No setting within the bounds reaches it: {}.", fmt::join(blocked, "; "));
    else if (!sens.empty() && movers.empty())
      verdicts +=
          " No free parameter moves it near the fitted point: the mechanism that would move it is not among the free parameters.";
    else
      verdicts +=
          " No free parameter is held at a bound in the direction it needs: the other targets pull the other way (a compromise), "
          "or the "
          "search stopped in a local minimum (try another algorithm, start or budget).";
    verdicts += "\n";
  }
  rep += "\n## Verdict\n\n";
  rep += fmt::format("{} of {} target(s) reached.\n", reached, c.targets.size());
  if (!verdicts.empty()) rep += "\n" + verdicts;
  if (!attr.empty()) {
    rep +=
        "\n## Which mechanisms carry the targets\n\nEach mechanism held off at the fitted point (its parameters fixed for the "
        "whole run, "
        "interventions included), paired by replicate. effect = fitted - off.\n\n| mechanism | target | fitted | off | effect "
        "[95% CI] | share |\n"
        "|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < attr.size(); ++i)
      for (std::size_t t = 0; t < c.targets.size(); ++t) {
        const auto& e = effects[i][t];
        const double denom = attr.size() > 1 ? effects.back()[t].diff : e.diff;
        rep += fmt::format("| {} | {} | {} | {} | {} [{}, {}] | {} |\n", attr[i].name, c.targets[t].name, fmt4(e.mean_alt),
                           fmt4(e.mean_base), fmt4(e.diff), fmt4(e.diff_ci_low), fmt4(e.diff_ci_high),
                           denom != 0 ? fmt4(e.diff / denom) : "NA");
      }
  }
  rep +=
      fmt::format("\nReproduce: `gridgov calibrate {}` (the folder's calibration.resolved.yaml repeats it exactly).\n", c.source);

  // ---- write (targets.csv last) ----
  const std::string& dir = folder.dir();
  std::vector<double> fitted_x = best.x;
  ScenarioSpec fitted = scenario_at(c, fitted_x);
  std::string header = resolved_header(fitted, c.base_source);
  header +=
      fmt::format("# Fitted by gridgov calibrate ({}): best of {} evaluation(s), objective {}; {} of {} target(s) reached.\n",
                  c.source, cal.searched(), fmt4(best.objective), reached, c.targets.size());
  for (std::size_t j = 0; j < k; ++j)
    header += fmt::format("#   {} = {} (fitted within [{}, {}])\n", c.params[j].path, num(best.x[j]), fmt4(c.params[j].min),
                          fmt4(c.params[j].max));
  io::write_atomic(dir + "/fitted.yaml", S.resolved_yaml(fitted, header));
  io::write_atomic(dir + "/parameters.csv", pc.text());
  io::write_atomic(dir + "/sensitivity.csv", sc.text());
  if (!attr.empty()) io::write_atomic(dir + "/attribution.csv", ac.text());
  io::write_atomic(dir + "/report.md", rep);
  const auto tables = calibrate_tables(&c);
  std::vector<const io::TableSpec*> ptrs;
  for (const auto& t : tables)
    if (t.file != "attribution.csv" || !attr.empty()) ptrs.push_back(&t);
  io::write_atomic(dir + "/dictionary.csv", io::dictionary_csv(ptrs));
  io::write_atomic(dir + "/targets.csv", tg.text());

  std::string text = fmt::format("gridgov calibrate: {} evaluation(s) run, {} replayed from the journal, {:.1f} s\n\n",
                                 cal.run_count(), cal.replayed(), wall);
  text += rep.substr(rep.find("## Targets"));
  text += fmt::format("\nResults in {}/ (report.md, fitted.yaml, targets.csv, parameters.csv, sensitivity.csv{}, trace.csv)\n",
                      dir, attr.empty() ? "" : ", attribution.csv");
  return text;
}

}  // namespace gridgov::models::calibrate
