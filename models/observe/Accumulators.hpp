#pragma once
/// \file
/// Additive metric accumulators of one partition (community) or one replicate. Each has one
/// merge(); partitions are merged in partition order, so results do not depend on threads.
#include <array>
#include <cstdint>
#include <vector>

#include "analysis/Statistics.hpp"
#include "models/lifecycle/Issue.hpp"
#include "models/scenario/Vocabulary.hpp"

namespace gridgov::models {

/// The staff whose hours are counted: unpaid (members, leads, volunteers) and paid (grid
/// workers, firm staff, department staff).
enum class Staff : std::uint8_t { Members, Leads, Volunteers, Workers, FirmStaff, DeptStaff };
inline constexpr std::size_t kStaffKinds = 6;
inline constexpr std::array<const char*, kStaffKinds> kStaffNames{"party_member", "building_lead", "volunteer",
                                                                  "grid_worker",  "firm_staff",    "department_staff"};
inline constexpr std::array<bool, kStaffKinds> kStaffPaid{false, false, false, true, true, true};
constexpr std::size_t index_of(Staff s) noexcept { return static_cast<std::size_t>(s); }

/// A server of a firm's or a department's line is one staff-equivalent handling one case at a
/// time around the clock; its working hours are 40 of the 168 hours of a week.
inline constexpr double kServerWorkingShare = 40.0 / 168.0;

/// Hours available to and used by each kind of staff after the warm-up.
struct StaffHours {
  std::array<double, kStaffKinds> available{}, used{};
  void add_used(Staff s, double h) { used[index_of(s)] += h; }
  void add_available(Staff s, double h) { available[index_of(s)] += h; }
  void merge(const StaffHours& o);
};

/// Additive counters of one replicate or partition (issues raised after the warm-up only).
struct Counters {
  std::uint64_t raised = 0, known = 0, resolved = 0, within_deadline = 0;
  std::uint64_t complaints = 0, complaints_direct = 0, complained_issues = 0;
  std::uint64_t whistles = 0, reopened = 0, dispatches = 0, settled = 0, meetings_held = 0;
  std::uint64_t brought = 0;                 ///< issues put on a meeting list
  std::uint64_t needs = 0, needs_found = 0;  ///< unreported needs raised, and found by a visit or walk
  std::array<std::uint64_t, kFounds> found{};
  std::array<std::uint64_t, kVias> via{};
  std::array<std::uint64_t, kBys> by{};
  double resolve_hours = 0, find_hours = 0, wait_hours = 0;  ///< sums
  double arising_hours = 0;                                  ///< sum over resolved issues of the time from arising to resolution
  std::uint64_t waited = 0;                                  ///< cases that reached a grid worker (counted issues)
  std::uint64_t waited_positive = 0;                         ///< of those, cases that had to wait (P(wait > 0))
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
  std::uint64_t open = 0;       ///< open issues (warm-up's included) at the end of the day
  std::uint64_t queue = 0;      ///< cases waiting at grid workers at the end of the day
  double satisfaction_sum = 0;  ///< over households at the end of the day
  void merge(const DayStats& o);
};

/// Per-day figures by issue type (IssueType order), apart from DayStats so that a partition
/// with no complaints keeps none: its vector stays empty until the first entry, then holds one
/// element per day.
struct DayTypeStats {
  std::array<std::uint32_t, kIssueTypes> complaints{};  ///< 12345 complaints that day (warm-up included)
  void merge(const DayTypeStats& o);
};

/// Merge per-day vectors element by element, growing `into` to `from`'s length (an empty
/// `from` adds nothing).
template <class T>
void merge_days(std::vector<T>& into, const std::vector<T>& from) {
  if (into.size() < from.size()) into.resize(from.size());
  for (std::size_t d = 0; d < from.size(); ++d) into[d].merge(from[d]);
}

/// What one partition measured (merged into a ReplicateMetrics after the run).
struct PartitionMetrics {
  Counters c;
  analysis::LogHistogram resolve_hist{1e-2, 1e6, 200};
  std::vector<GridStats> grids;
  std::vector<DayStats> days;
  std::vector<DayTypeStats> day_types;  ///< empty, or one per day from the first complaint on
  double worker_busy = 0, worker_capacity = 0, firm_busy = 0, firm_capacity = 0;
  double worker_queue_area = 0;  ///< ∫ waiting cases dt at grid workers (Little's law)
  StaffHours staff;
  std::uint64_t events = 0;
  void merge(const PartitionMetrics& o);
};

}  // namespace gridgov::models
