#pragma once
/// \file
/// Run a scenario's replicates and write its result folder.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/geography/Geography.hpp"
#include "models/metrics/Metrics.hpp"
#include "models/observe/Observers.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct RunResult {
  std::vector<ReplicateMetrics> replicates;                                    ///< in replicate order
  std::vector<std::pair<std::uint32_t, std::vector<IssueLogRow>>> issue_logs;  ///< when issue_log is on
  std::shared_ptr<const Geography> geography;                                  ///< the one every replicate ran on
  double wall_seconds = 0;
  double build_seconds = 0;
};

struct RunOptions {
  int threads = 0;        ///< 0 = all cores
  bool progress = false;  ///< progress line on stderr
  std::uint32_t first_replicate = 0;
};

/// Run one replicate of `spec` on a geography built by build_geography(spec), in the current oneTBB
/// arena (partitions in parallel). `on_window` is called after each synchronisation window with the
/// simulated time in hours; it may throw to abandon the run.
ReplicateMetrics run_replicate(const ScenarioSpec& spec, const Geography& geo, std::uint32_t replicate,
                               const std::function<void(double)>& on_window = {}, std::vector<IssueLogRow>* issue_log = nullptr);

/// Run replicates first_replicate .. first_replicate + spec.replicates - 1. Results do not depend
/// on the thread count. Throws schema::InputError for bad geography input.
RunResult run_scenario(const ScenarioSpec& spec, const RunOptions& options);

/// The header comment of scenario.resolved.yaml.
std::string resolved_header(const ScenarioSpec& spec, const std::string& source);

/// A hook called after write_run_outputs writes each file, for test-only executors (tests/fault/)
/// that widen the window in which a kill lands mid-writing; production code installs none.
void set_output_hook(std::function<void(const std::string& file)> hook);

/// Names of every file write_run_outputs may write (issues.csv included).
std::vector<std::string> run_output_files();

/// Write every output file of a run into `dir`, a fresh folder (io::ResultDir::staging()): each
/// file is created exclusively and flushed; the caller moves the folder into place.
void write_run_outputs(const std::string& dir, const LoadedScenario& scenario, const RunResult& result);

}  // namespace gridgov::models
