#pragma once
/// \file
/// What a run needs before anything is built: the buildings CSV read and checked (so that
/// `gridgov validate` checks all that `gridgov run` would), and an estimate of the memory the run
/// takes, compared with the machine's available memory and --max-memory. A run that would not fit
/// is refused (schema::InputError, exit code 2) with the key most responsible and the estimate.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/geography/Geography.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

/// Sizes that drive memory.
struct GeographyTotals {
  std::uint64_t communities = 0, grids = 0, buildings = 0, households = 0, edges = 0;
};
GeographyTotals lattice_totals(const ScenarioSpec& spec);
GeographyTotals geography_totals(const Geography& g);

/// Memory figures measured by peak RSS (release build, 365 days, default mechanisms; README,
/// "Performance"), rounded up: the estimate errs on the high side by about a fifth.
struct MemoryModel {
  static constexpr double base = 16.0 * 1024 * 1024;    ///< program, libraries, thread pools
  static constexpr double per_household = 52;           ///< records, satisfaction and trust, links, next-issue event
  static constexpr double per_member = 36;              ///< party member record, effort and spare time this month
  static constexpr double per_open_issue = 80;          ///< issue record and its events, queue entries
  static constexpr double per_community = 16.0 * 1024;  ///< event-queue ring (32..512 buckets by size) and buckets, pools, state
  static constexpr double per_community_day =
      64;  ///< a community's daily statistics (40) and, from its first complaint, its complaints by issue type (24)
  static constexpr double per_community_replicate = 250;  ///< kept community metrics and communities.csv rows
  static constexpr double per_grid = 1024;                ///< server pools, grid statistics (per world)
  static constexpr double per_grid_replicate = 360;       ///< kept grid metrics and grids.csv rows
  static constexpr double per_grid_output = 700;          ///< grids_ci.csv rows
  static constexpr double per_building = 400;             ///< building record, lattice site, graph vertex
  static constexpr double per_edge = 64;                  ///< graph edge (list node and two adjacency entries)
  static constexpr double per_day_replicate = 240;        ///< daily metrics and timeseries.csv rows
  static constexpr double per_day_output = 1500;          ///< timeseries_ci.csv rows
  static constexpr double per_logged_issue = 320;         ///< issue-log row and its issues.csv text
};

/// A memory estimate: total bytes, its parts, and the key a user would change to shrink it.
struct MemoryEstimate {
  double bytes = 0;
  std::vector<std::pair<std::string, double>> parts;  ///< description, bytes
  std::string key;                                    ///< key path most responsible
  std::uint64_t concurrent = 1;                       ///< replicates simulated at once
};

/// Estimate the peak memory of `gridgov run` for `spec` on geography `g` with `threads` worker
/// threads (0 = all cores).
MemoryEstimate estimate_memory(const ScenarioSpec& spec, const GeographyTotals& g, int threads);

/// Memory this process may use: the least of MemAvailable (/proc/meminfo), the cgroup's limit
/// less its usage, and physical memory; `source` says which.
struct MemoryLimit {
  double bytes = 0;
  std::string source;
};
MemoryLimit machine_memory();

/// Parse a --max-memory value: a positive number of bytes with an optional K, M, G or T suffix
/// (powers of 1024; "2G", "500M", "1.5G", "800000000"). Throws schema::InputError naming `option`.
double parse_memory_size(const std::string& text, const std::string& option);

/// Everything `gridgov run` checks before it builds anything, also done by `gridgov validate`:
/// the buildings CSV (read and checked in full), party members per community within what the
/// engine can address, and the memory estimate within the machine's memory and `max_memory`
/// (bytes, 0 = no option). Returns the CSV geography when the scenario uses one (else null).
/// Throws schema::InputError.
std::shared_ptr<const Geography> check_run_inputs(const LoadedScenario& s, int threads, double max_memory);

}  // namespace gridgov::models
