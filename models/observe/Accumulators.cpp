#include "models/observe/Accumulators.hpp"

namespace gridgov::models {

void Counters::merge(const Counters& o) {
  raised += o.raised;
  known += o.known;
  resolved += o.resolved;
  within_deadline += o.within_deadline;
  complaints += o.complaints;
  complaints_direct += o.complaints_direct;
  complained_issues += o.complained_issues;
  whistles += o.whistles;
  reopened += o.reopened;
  dispatches += o.dispatches;
  settled += o.settled;
  meetings_held += o.meetings_held;
  brought += o.brought;
  needs += o.needs;
  needs_found += o.needs_found;
  for (std::size_t i = 0; i < kFounds; ++i) found[i] += o.found[i];
  for (std::size_t i = 0; i < kVias; ++i) via[i] += o.via[i];
  for (std::size_t i = 0; i < kBys; ++i) by[i] += o.by[i];
  resolve_hours += o.resolve_hours;
  find_hours += o.find_hours;
  wait_hours += o.wait_hours;
  arising_hours += o.arising_hours;
  waited += o.waited;
  waited_positive += o.waited_positive;
}

void StaffHours::merge(const StaffHours& o) {
  for (std::size_t i = 0; i < kStaffKinds; ++i) {
    available[i] += o.available[i];
    used[i] += o.used[i];
  }
}

void GridStats::merge(const GridStats& o) {
  raised += o.raised;
  resolved += o.resolved;
  complaints += o.complaints;
  proactive += o.proactive;
  resolve_hours += o.resolve_hours;
  worker_busy += o.worker_busy;
  worker_capacity += o.worker_capacity;
}

void DayStats::merge(const DayStats& o) {
  raised += o.raised;
  resolved += o.resolved;
  complaints += o.complaints;
  proactive += o.proactive;
  open += o.open;
  queue += o.queue;
  satisfaction_sum += o.satisfaction_sum;
}

void DayTypeStats::merge(const DayTypeStats& o) {
  for (std::size_t t = 0; t < kIssueTypes; ++t) complaints[t] += o.complaints[t];
}

void PartitionMetrics::merge(const PartitionMetrics& o) {
  c.merge(o.c);
  resolve_hist.merge(o.resolve_hist);
  if (grids.size() < o.grids.size()) grids.resize(o.grids.size());
  for (std::size_t g = 0; g < o.grids.size(); ++g) grids[g].merge(o.grids[g]);
  merge_days(days, o.days);
  merge_days(day_types, o.day_types);
  worker_busy += o.worker_busy;
  worker_capacity += o.worker_capacity;
  firm_busy += o.firm_busy;
  firm_capacity += o.firm_capacity;
  worker_queue_area += o.worker_queue_area;
  staff.merge(o.staff);
  events += o.events;
}

}  // namespace gridgov::models
