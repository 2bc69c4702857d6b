#pragma once
/// \file
/// Running a sweep crash-safely. A sweep folder holds:
///  - sweep.resolved.yaml, design.csv, dictionary.csv — written atomically before any run;
///  - runs.csv and errors.csv — journals: one line per finished run (errors: per failed attempt),
///    appended as runs finish with a single write each, so a killed sweep loses at most the runs
///    in flight; a torn last line is cut off on --resume; with `timeseries: true` also
///    timeseries_runs.csv (each run's daily rows, written in one piece);
///  - at the end (finalise) runs.csv and errors.csv are rewritten atomically in canonical order
///    (run_id, i.e. point then replicate; errors by run_id then attempt), then points.csv (and
///    sensitivity.csv for Sobol' and Morris designs, point_timeseries.csv for bands) are computed by streaming runs.csv point by
///    point. points.csv, written last, marks a complete sweep; a shard writes shard.csv instead.
/// The executors (oneTBB on one machine, MPI master/worker in app/SweepMpi.cpp, Slurm shards) differ
/// only in who calls execute_run; every row's content depends only on (sweep, run id). The runs
/// themselves are the model's (sim/experiment/Model.hpp): this machinery never sees its scenarios.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "sim/experiment/SweepSpec.hpp"
#include "sim/io/Output.hpp"

namespace gridgov::experiment {

struct SweepOptions {
  int threads = 0;                ///< 0 = all cores
  bool progress = false;          ///< progress bar on stderr (when it is a terminal)
  double run_timeout_s = 0;       ///< 0 = no limit
  int retry = 0;                  ///< extra attempts for a failed or timed-out run
  std::uint64_t shard_index = 0;  ///< this process runs run ids with id % shard_count == shard_index
  std::uint64_t shard_count = 1;
};

/// One failed attempt of a run (a row of errors.csv).
struct FailedAttempt {
  int attempt = 0;      ///< 1-based
  std::string status;   ///< error or timeout
  std::string message;  ///< what went wrong, on one line
};

/// What one run produced, as typed values. The executors hand it to SweepFolder::append, which
/// writes its runs.csv row, its errors.csv rows (one per failed attempt) and its daily rows.
struct RunRecord {
  std::uint64_t run_id = 0;
  bool ok = false;
  std::string status = "error";           ///< of the last attempt: ok, error or timeout
  int attempts = 0;                       ///< attempts made
  double wall_s = 0;                      ///< wall time of the last attempt
  std::vector<double> metrics;            ///< the model's metrics (when ok)
  std::vector<std::vector<double>> days;  ///< the model's daily rows (when ok and the sweep asks for bands)
  std::vector<FailedAttempt> failed;
};

/// Hooks around each run attempt, for test-only executors that inject faults (tests/fault/):
/// production code installs none. `before_attempt(run_id, attempt)` may throw to make the
/// attempt fail; `after_window(run_id)` runs after each simulated window (e.g. to slow a run).
struct RunHooks {
  std::function<void(std::uint64_t run_id, int attempt)> before_attempt;
  std::function<void(std::uint64_t run_id)> after_window;
  /// Finalising a sweep: step 0 when the journals are sorted, step 1 inside points.csv (its first
  /// point written, the file not yet renamed into place).
  std::function<void(int step)> in_finalise;
};
/// Install hooks for every later run of this process (call before a sweep starts).
void set_run_hooks(RunHooks hooks);

/// Run one (point, replicate) with retries and the timeout; never throws for a failing run.
RunRecord execute_run(const SweepSpec& s, std::uint64_t run_id, const SweepOptions& o);

/// What writing a sweep's summaries has to report besides the files.
struct SummaryNotes {
  /// Non-empty when the sensitivity analysis (sobol, morris) was refused because runs failed:
  /// sensitivity.csv is not written, the message names the points; the CLI exits with status 1.
  std::string refused;
  /// Non-empty when metrics were left out of sensitivity.csv (no mean at some point); says which.
  std::string note;
};

/// How to treat an output folder that already holds files.
enum class OpenMode { Fresh, Resume, Force };

/// A sweep's output folder (or one shard's).
class SweepFolder {
 public:
  /// Fresh: the folder must be missing or empty. Resume: continue the sweep found there (the
  /// resolved sweep must be identical); a missing or empty folder starts afresh. Force: delete the
  /// sweep files found there and start afresh. Throws schema::InputError for a refused folder.
  SweepFolder(std::string dir, const SweepSpec& s, const SweepOptions& o, OpenMode mode);
  ~SweepFolder();
  SweepFolder(const SweepFolder&) = delete;
  SweepFolder& operator=(const SweepFolder&) = delete;

  /// Run ids of this shard that have no row yet, ascending.
  std::vector<std::uint64_t> pending() const;
  std::uint64_t planned() const { return planned_; }
  std::uint64_t recorded() const { return recorded_; }
  /// Append a finished run (thread-safe; one write per file).
  void append(const RunRecord& r);
  /// Canonical order and summaries (call when pending() is empty).
  void finalise();
  /// What the summaries of finalise() reported.
  const SummaryNotes& notes() const { return notes_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  const SweepSpec& s_;
  SweepOptions o_;
  std::vector<std::uint8_t> done_;  ///< per run id of the whole sweep (1 byte each)
  std::uint64_t planned_ = 0, recorded_ = 0;
  int runs_fd_ = -1, errors_fd_ = -1, series_fd_ = -1, lock_fd_ = -1;
  std::mutex m_;
  std::chrono::steady_clock::time_point opened_ = std::chrono::steady_clock::now();
  double last_sync_ = 0;  ///< seconds after opened_ of the last fdatasync
  SummaryNotes notes_;
};

/// Execute every pending run of the folder with oneTBB (o.threads), then finalise.
/// Returns the number of failed runs.
std::uint64_t run_local(SweepFolder& folder, const SweepSpec& s, const SweepOptions& o);

/// Merge complete shard folders into `out` (missing or empty unless `force`), producing the files
/// of a single-process sweep; returns what the summaries reported. Throws schema::InputError for
/// incompatible or incomplete shards.
SummaryNotes collect(const Model& model, const std::string& out, const std::vector<std::string>& shards, bool force);

/// Output tables of a sweep (their columns depend on the sweep's parameters).
io::TableSpec runs_table(const SweepSpec& s);
io::TableSpec errors_table();
io::TableSpec points_table(const SweepSpec& s);
io::TableSpec sensitivity_table();
io::TableSpec shard_table();
io::TableSpec series_table(const SweepSpec& s);
io::TableSpec point_series_table();

/// The sweep tables for docs/outputs.md and `gridgov outputs`, with the design-dependent label
/// and parameter columns shown as placeholders (`example_param`: a parameter path the text names).
std::vector<io::TableSpec> sweep_tables_for_docs(const Model& model, const std::string& example_param);
/// The sweep part of docs/outputs.md.
std::string sweep_outputs_markdown(const Model& model, const std::string& example_param);

/// A human-readable plan: run count, estimated time and memory (from a short pilot run of the
/// first point), and the design matrix (first `max_rows` points).
std::string plan_text(const SweepSpec& s, const SweepOptions& o, std::size_t max_rows);

}  // namespace gridgov::experiment
