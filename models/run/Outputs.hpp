#pragma once
/// \file
/// The output tables of `gridgov run`: their declarations (the data dictionary, used for headers,
/// docs/outputs.md and dictionary.csv) and their CSV text. The metric tables (summary, timeseries,
/// grids, communities, departments and their distributions over replicates) are each one
/// description (sim/io/MetricTable.hpp) that gives both; Outputs.cpp assembles their columns from
/// the kernel's and the mechanisms' lists (models/mechanisms/<name>/Columns.hpp).
#include <string>
#include <vector>

#include "analysis/Statistics.hpp"
#include "models/geography/Geography.hpp"
#include "models/lifecycle/Issue.hpp"
#include "models/metrics/Metrics.hpp"
#include "models/observe/Observers.hpp"
#include "models/world/Context.hpp"
#include "sim/io/Output.hpp"

namespace gridgov::models {

/// Declarations of every output table written by `gridgov run`.
const io::TableSpec& summary_table();
const io::TableSpec& summary_ci_table();
const io::TableSpec& timeseries_table();
const io::TableSpec& timeseries_ci_table();
const io::TableSpec& grids_table();
const io::TableSpec& grids_ci_table();
const io::TableSpec& communities_table();
const io::TableSpec& departments_table();
const io::TableSpec& firms_table();
const io::TableSpec& buildings_table();
const io::TableSpec& issues_table();
/// Every run table in the order written; issues.csv (optional) is last.
std::vector<const io::TableSpec*> all_tables();

/// docs/outputs.md text.
std::string outputs_markdown();

/// CSV texts of one run (replicates in replicate order).
std::string summary_csv(const std::vector<ReplicateMetrics>& reps);
std::string summary_ci_csv(const std::vector<ReplicateMetrics>& reps);
std::string timeseries_csv(const std::vector<ReplicateMetrics>& reps);
std::string timeseries_ci_csv(const std::vector<ReplicateMetrics>& reps);
std::string grids_csv(const std::vector<ReplicateMetrics>& reps);
std::string grids_ci_csv(const std::vector<ReplicateMetrics>& reps);
std::string communities_csv(const std::vector<ReplicateMetrics>& reps);
std::string departments_csv(const std::vector<ReplicateMetrics>& reps);
std::string firms_csv(const std::vector<ReplicateMetrics>& reps);
/// buildings.csv: one row per building of `geo` with its coordinates, households and whether a
/// party-mass service station stands there (the sites Community picks with spread_sites, taking
/// `stations_per_community` per community).
std::string buildings_csv(const Geography& geo, std::uint32_t stations_per_community);
std::string issues_csv(const std::vector<std::pair<std::uint32_t, std::vector<IssueLogRow>>>& logs);

/// Named summary metric values of one replicate, in summary-table order (after the key columns).
std::vector<double> summary_values(const ReplicateMetrics& r);
/// Names of those metrics.
std::vector<std::string> summary_metric_names();

/// Daily metric values of one replicate on day `day` (timeseries.csv order, after the key columns),
/// their declarations and names.
std::vector<double> day_values(const ReplicateMetrics& r, std::size_t day);
std::vector<io::Column> day_metric_columns();

}  // namespace gridgov::models
