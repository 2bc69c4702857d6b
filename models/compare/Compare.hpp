#pragma once
/// \file
/// `gridgov compare`: scenarios run on common random numbers (replicate k of every scenario uses
/// the same random streams, keyed by (seed, k)) and compared replicate by replicate. For every
/// summary metric and alternative: both means, the paired difference with its 95% t interval, the
/// relative change, the Welch interval the same replicates would give unpaired, and the variance
/// ratio (paired / unpaired) that shows what pairing gains; daily paired differences with bands;
/// and the same table for every point of a finished sweep against a baseline point.
#include <cstdint>
#include <string>
#include <vector>

#include "models/run/Runner.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/io/Output.hpp"

namespace gridgov::models::compare {

/// The per-replicate values of one scenario (or one sweep point). NaN where a replicate has no value.
struct ScenarioValues {
  std::string name;  ///< label in compare.csv (baseline / scenario columns)
  std::uint64_t seed = 0;
  std::vector<std::vector<double>> summary;             ///< [summary metric][replicate], summary_metric_names() order
  std::vector<std::vector<std::vector<double>>> daily;  ///< [day][daily metric][replicate], day_metric_columns() order
};

/// The values of a finished run (replicates in order).
ScenarioValues values_of(const std::string& name, const RunResult& r);

/// Declarations of the files `gridgov compare` writes (for dictionary.csv and docs/outputs.md).
const io::TableSpec& compare_table();
const io::TableSpec& compare_series_table();
/// The compare part of docs/outputs.md.
std::string compare_outputs_markdown();

/// compare.csv: one row per alternative and summary metric, alternatives in the order given.
std::string compare_csv(const ScenarioValues& base, const std::vector<ScenarioValues>& alts);
/// compare_timeseries.csv: per alternative, day (the days both have) and daily metric.
std::string compare_series_csv(const ScenarioValues& base, const std::vector<ScenarioValues>& alts);
/// The terminal table: per alternative, metric, both means, the difference with its interval and
/// the relative change; the headline metrics, or every summary metric with `all`.
std::string compare_text(const ScenarioValues& base, const std::vector<ScenarioValues>& alts, bool all);
/// The metrics shown by default on the terminal.
const std::vector<std::string>& headline_metrics();

/// The non-policy settings (schema entries with policy = false: geography, seed, horizon, ...)
/// in which `alt` differs from `base`, one "key: value in base vs value in alt (locations)" line
/// each. simulation.replicates and simulation.issue_log are not compared (compare sets them).
std::vector<std::string> structural_differences(const LoadedScenario& base, const LoadedScenario& alt);

/// Options of `gridgov compare FILES...`.
struct CompareOptions {
  std::vector<std::string> files;  ///< baseline first
  std::vector<std::string> sets;   ///< --set overrides applied to every scenario (with --seed, --replicates)
  std::string seed, replicates;    ///< empty: the baseline's
  std::string out;                 ///< empty: results/compare-<baseline stem>
  int threads = 0;
  bool force = false, allow_structural = false, all = false, progress = false;
};

/// Load every scenario, refuse structural differences (schema::InputError naming every key) and an
/// output folder that holds files (io::OutputError) before anything runs; run each scenario with
/// the same seed and replicate keys; write compare.csv, compare_timeseries.csv, dictionary.csv and
/// scenarios/<name>.resolved.yaml atomically into the folder. Returns the terminal text.
std::string compare_scenarios(CompareOptions o);

/// `gridgov compare --sweep DIR --baseline POINT`: compare.csv (and dictionary.csv) for every point of
/// a finished sweep against the baseline point (a point id, or a point name of a list design),
/// paired by replicate from runs.csv. Throws schema::InputError for an unfinished or foreign
/// folder or an unknown point, io::OutputError for a refused output folder. Returns the terminal text.
std::string compare_sweep(const std::string& sweep_dir, const std::string& baseline, std::string out, bool force, bool all);

}  // namespace gridgov::models::compare
