#pragma once
/// \file
/// Observers: the only code that writes metrics. The issue lifecycle announces each transition
/// to the partition's Observers, which hands it to the summary, daily, per-grid and issue-log
/// observers. The set is closed and compiled together (plain calls the compiler inlines, no
/// virtual dispatch in the event loop). Each observer declares its output columns in
/// models/run/Outputs.cpp and merges through its accumulator's merge().
#include <cstdint>
#include <vector>

#include "models/lifecycle/Issue.hpp"
#include "models/observe/Accumulators.hpp"

namespace gridgov::models {

/// Issue-log row (issues.csv).
struct IssueLogRow {
  std::uint32_t household, index;
  std::uint8_t type, severity, nature, found, via, by, state, complaints, passes;
  std::uint32_t grid;
  double t_raised, t_known, t_resolved;
};

/// One partition's observers. Issues raised during the warm-up (is.counted false) enter only
/// the daily series; everything else counts issues raised after it.
class Observers {
 public:
  /// `grids`: the community's grids; `days`: the horizon in days; `log`: keep the issue log.
  void init(std::uint32_t grids, std::uint32_t days, bool log, std::uint64_t first_household, std::uint32_t first_grid);

  // ---- lifecycle signals (day: the partition clock's day index)
  void raised(const Issue& is, std::uint32_t day) {
    ++today(day).raised;
    if (!is.counted) return;
    ++m_.c.raised;
    ++m_.grids[is.grid].raised;
  }
  void known(const Issue& is, double t, std::uint32_t day) {
    const bool proactive = is.found != byte_of(Found::Resident);
    if (is.counted) {
      ++m_.c.known;
      ++m_.c.found[is.found];
      if (is.need) ++m_.c.needs_found;
      m_.c.find_hours += t - is.t_raised;
      if (proactive)
        ++m_.grids[is.grid].proactive;
      else
        ++m_.c.via[is.via];
    }
    if (proactive) ++today(day).proactive;
  }
  /// The resident chose the hotline as the reporting channel.
  void direct_complaint(const Issue& is) {
    if (is.counted) ++m_.c.complaints_direct;
  }
  void complained(const Issue& is, std::uint32_t day) {
    ++today(day).complaints;
    if (m_.day_types.empty()) m_.day_types.resize(m_.days.size());  // allocated at the first complaint
    ++m_.day_types[day_index(day)].complaints[is.type];
    if (!is.counted) return;
    ++m_.c.complaints;
    if (is.complaints == 1) ++m_.c.complained_issues;
    ++m_.grids[is.grid].complaints;
  }
  void dispatched(const Issue& is) {
    if (is.counted) ++m_.c.dispatches;
  }
  void whistled(const Issue& is) {
    if (is.counted) ++m_.c.whistles;
  }
  void reopened(const Issue& is) {
    if (is.counted) ++m_.c.reopened;
  }
  void settled(const Issue& is) {
    if (is.counted) ++m_.c.settled;
  }
  void meeting_held() { ++m_.c.meetings_held; }
  /// The issue, once drawn, is an unreported need.
  void need_raised(const Issue& is) {
    if (is.counted) ++m_.c.needs;
  }
  void brought_to_meeting(const Issue& is) {
    if (is.counted) ++m_.c.brought;
  }
  /// A grid worker started on a case that joined the line at `t_joined`.
  void grid_service_started(const Issue& is, double t, double t_joined) {
    if (!is.counted) return;
    ++m_.c.waited;
    if (t > t_joined) ++m_.c.waited_positive;
    m_.c.wait_hours += t - t_joined;
  }
  /// Resolved at t; `deadline` in hours from the issue arising (the resident's clock).
  void resolved(const Issue& is, double t, double deadline, std::uint32_t day) {
    ++today(day).resolved;
    if (!is.counted) return;
    const double hours = t - is.t_known;
    ++m_.c.resolved;
    ++m_.c.by[is.by];
    m_.c.resolve_hours += hours;
    m_.c.arising_hours += t - is.t_raised;
    resolve_times_.push_back(hours);  // into the histogram at the end of the window, in this order
    if (t - is.t_raised <= deadline) ++m_.c.within_deadline;
    GridStats& g = m_.grids[is.grid];
    ++g.resolved;
    g.resolve_hours += hours;
    if (log_) log(is, t);
  }

  // ---- clock signals
  void day_end(std::uint32_t day, std::uint64_t open_all, double satisfaction_total, std::uint64_t grid_queue) {
    if (day >= m_.days.size()) return;
    DayStats& d = m_.days[day];
    d.open = open_all;
    d.satisfaction_sum = satisfaction_total;
    d.queue = grid_queue;
  }
  void window_end() {
    m_.resolve_hist.add_all(resolve_times_);
    resolve_times_.clear();
  }
  /// At the horizon: the issue log's rows of issues still open.
  void still_open(const Issue& is) {
    if (log_ && is.counted) log(is, std::numeric_limits<double>::quiet_NaN());
  }

  PartitionMetrics& metrics() { return m_; }
  const PartitionMetrics& metrics() const { return m_; }
  const std::vector<IssueLogRow>& issue_log() const { return log_rows_; }

 private:
  std::size_t day_index(std::uint32_t day) const { return std::min<std::size_t>(day, m_.days.size() - 1); }
  DayStats& today(std::uint32_t day) { return m_.days[day_index(day)]; }
  void log(const Issue& is, double t_resolved);

  PartitionMetrics m_;
  std::vector<double> resolve_times_;
  bool log_ = false;
  std::uint64_t hh0_ = 0;
  std::uint32_t grid0_ = 0;
  std::vector<IssueLogRow> log_rows_;
};

}  // namespace gridgov::models
