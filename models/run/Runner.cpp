#include "models/run/Runner.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "gridgov/Version.hpp"
#include "models/run/Outputs.hpp"
#include "models/world/World.hpp"
#include "sim/io/Output.hpp"
#include "sim/io/Progress.hpp"
#include "sim/io/ResultDir.hpp"

namespace gridgov::models {

using Clock = std::chrono::steady_clock;
using io::Progress;

ReplicateMetrics run_replicate(const ScenarioSpec& spec, const Geography& geo, std::uint32_t replicate,
                               const std::function<void(double)>& on_window, std::vector<IssueLogRow>* issue_log) {
  World world(spec, geo, replicate);
  world.run(on_window);
  ReplicateMetrics m = world.collect();
  if (issue_log) *issue_log = world.issue_log();
  return m;
}

RunResult run_scenario(const ScenarioSpec& spec, const RunOptions& options) {
  RunResult out;
  const auto t0 = Clock::now();
  const auto geo = build_geography(spec);
  out.geography = geo;
  const auto n = static_cast<std::size_t>(spec.replicates);
  out.replicates.resize(n);
  if (spec.issue_log) out.issue_logs.resize(n);
  const double horizon = static_cast<double>(spec.days) * 24.0;
  Progress progress(options.progress && ::isatty(2), horizon * static_cast<double>(n));
  const int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  out.build_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, n, std::size_t{1}, [&](std::size_t i) {
      const auto rep = static_cast<std::uint32_t>(options.first_replicate + i);
      double last = 0;
      if (spec.issue_log) out.issue_logs[i].first = rep;
      out.replicates[i] = run_replicate(
          spec, *geo, rep,
          [&](double t) {
            progress.add(t - last);
            last = t;
          },
          spec.issue_log ? &out.issue_logs[i].second : nullptr);
    });
  });
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return out;
}

std::string resolved_header(const ScenarioSpec& spec, const std::string& source) {
  return fmt::format(
      "# gridgov {} resolved scenario: every parameter, defaults included.\n"
      "# Source: {}\n# Seed: {}\n"
      "# Re-running this file (gridgov run scenario.resolved.yaml) reproduces the CSV files byte for byte.\n"
      "gridgov_version: \"{}\"\n",
      kVersion, schema::comment_text(source), spec.seed, kVersion);
}

std::vector<std::string> run_output_files() {
  std::vector<std::string> names;
  for (const auto* t : all_tables()) names.push_back(t->file);
  names.push_back("dictionary.csv");
  names.push_back("scenario.resolved.yaml");
  return names;
}

namespace {
std::function<void(const std::string&)>& output_hook() {
  static std::function<void(const std::string&)> hook;
  return hook;
}
}  // namespace

void set_output_hook(std::function<void(const std::string& file)> hook) { output_hook() = std::move(hook); }

void write_run_outputs(const std::string& dir, const LoadedScenario& scenario, const RunResult& result) {
  const auto& R = result.replicates;
  const auto& S = scenario_schema();
  // `dir` is a fresh private folder (io::ResultDir::staging()): files are created exclusively,
  // never through a link, and the folder is moved into place whole once they are all written.
  auto put = [&](const std::string& name, const std::string& text) {
    io::write_new_file(dir + "/" + name, text);
    if (output_hook()) output_hook()(name);  // test-only executors (tests/fault/) may slow writing down
  };
  put("summary.csv", summary_csv(R));
  put("summary_ci.csv", summary_ci_csv(R));
  put("timeseries.csv", timeseries_csv(R));
  put("timeseries_ci.csv", timeseries_ci_csv(R));
  put("grids.csv", grids_csv(R));
  put("grids_ci.csv", grids_ci_csv(R));
  put("communities.csv", communities_csv(R));
  put("departments.csv", departments_csv(R));
  put("firms.csv", firms_csv(R));
  const auto geo = result.geography ? result.geography : build_geography(scenario.spec);
  put("buildings.csv", buildings_csv(*geo, static_cast<std::uint32_t>(scenario.spec.stations_per_community)));
  if (scenario.spec.issue_log) put("issues.csv", issues_csv(result.issue_logs));
  std::vector<const io::TableSpec*> tables;
  for (const auto* t : all_tables())
    if (t != &issues_table() || scenario.spec.issue_log) tables.push_back(t);
  put("dictionary.csv", io::dictionary_csv(tables));
  // Written last: its presence marks a complete result folder.
  put("scenario.resolved.yaml", S.resolved_yaml(scenario.spec, resolved_header(scenario.spec, scenario.source)));
}

}  // namespace gridgov::models
