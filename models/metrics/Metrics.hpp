#pragma once
/// \file
/// Metric accumulators. Each community (partition) owns one `PartitionMetrics`; after a run
/// they are merged in partition order into a `ReplicateMetrics`. The engine knows nothing of these.
#include <array>
#include <cstdint>
#include <vector>

#include "analysis/Statistics.hpp"
#include "models/world/Policy.hpp"

namespace gridgov::models {

/// Additive counters of one replicate or partition (issues raised after the warm-up only).
struct Counters {
  std::uint64_t raised = 0, known = 0, resolved = 0, within_deadline = 0;
  std::uint64_t complaints = 0, complaints_direct = 0, complained_issues = 0;
  std::uint64_t whistles = 0, reopened = 0, dispatches = 0, settled = 0, meetings_held = 0;
  std::array<std::uint64_t, kFounds> found{};
  std::array<std::uint64_t, kVias> via{};
  std::array<std::uint64_t, kBys> by{};
  double resolve_hours = 0, find_hours = 0, wait_hours = 0;  ///< sums
  std::uint64_t waited = 0;           ///< cases that reached a grid worker (counted issues)
  std::uint64_t waited_positive = 0;  ///< of those, cases that had to wait (P(wait > 0))
  void merge(const Counters& o);
};

/// Per-grid figures.
struct GridStats {
  std::uint64_t raised = 0, resolved = 0, complaints = 0, proactive = 0;
  double resolve_hours = 0;
  double worker_busy = 0, worker_capacity = 0;  ///< server-hours
  void merge(const GridStats& o);
};

/// Per-day figures (day index from 0).
struct DayStats {
  std::uint32_t raised = 0, resolved = 0, complaints = 0, proactive = 0;
  std::uint64_t open = 0;       ///< open counted issues at the end of the day
  std::uint64_t queue = 0;      ///< cases waiting at grid workers at the end of the day
  double satisfaction_sum = 0;  ///< over households at the end of the day
  void merge(const DayStats& o);
};

struct PartitionMetrics {
  Counters c;
  analysis::LogHistogram resolve_hist{1e-2, 1e6, 200};
  std::vector<GridStats> grids;
  std::vector<DayStats> days;
  double worker_busy = 0, worker_capacity = 0, firm_busy = 0, firm_capacity = 0;
  double worker_queue_area = 0;  ///< ∫ waiting cases dt at grid workers (Little's law)
  double member_hours_used = 0, member_hours_available = 0;
  std::uint64_t events = 0;
};

/// Everything measured in one replicate.
struct ReplicateMetrics {
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::uint64_t households = 0;
  double household_size = 0;
  std::uint32_t members = 0, central_members = 0, leads = 0, workers = 0;
  double hours = 0;              ///< measured span (horizon minus warm-up)
  Counters c;
  analysis::LogHistogram resolve_hist{1e-2, 1e6, 200};
  std::vector<GridStats> grids;        ///< global grid order
  std::vector<std::uint32_t> grid_community;
  std::vector<std::uint32_t> grid_households;
  std::vector<std::uint32_t> grid_firm;
  std::vector<DayStats> days;
  double satisfaction_mean = 0, satisfied_share = 0;
  double worker_busy = 0, worker_capacity = 0, firm_busy = 0, firm_capacity = 0, dept_busy = 0, dept_capacity = 0;
  double worker_queue_area = 0;
  double member_hours_used = 0, member_hours_available = 0;
  std::uint64_t hotline_contacts = 0, firms_blacklisted = 0, firms_redlisted = 0, firms_replaced = 0;
  std::uint64_t events = 0;
  std::array<std::uint64_t, 8> final_states{};  ///< counted issues by final IssueState
};

}  // namespace gridgov::models
