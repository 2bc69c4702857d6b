#include "models/mechanisms/departments/Columns.hpp"

#include <cmath>
#include <cstdint>

namespace gridgov::models {

using columns::ratio;
using columns::u;

namespace {

/// A department's utilisation; a saturated line's busy integral (a sum of many intervals) can
/// exceed its capacity by rounding, so it is capped at 1.
double department_utilisation(const DepartmentStats& d) {
  const double x = ratio(d.busy_hours, d.capacity_hours);
  return x > 1 ? 1.0 : x;  // NaN (no capacity) stays NaN
}
double department_utilisation_max(const ReplicateMetrics& r) {
  double m = std::nan("");
  for (const auto& d : r.departments)
    if (const double x = department_utilisation(d); !std::isnan(x) && (std::isnan(m) || x > m)) m = x;
  return m;
}
double department_backlog_end(const ReplicateMetrics& r) {
  std::uint64_t n = 0;
  for (const auto& d : r.departments) n += d.waiting_end;
  return u(n);
}

}  // namespace

std::vector<Metric> department_utilisation_columns() {
  return {
      {{"department_utilisation", "share", "Busy department-server hours / department-server hours"},
       [](const ReplicateMetrics& r) { return ratio(r.dept_busy, r.dept_capacity); }},
  };
}

std::vector<Metric> department_load_columns() {
  return {
      {{"department_utilisation_max", "share", "The busiest department's utilisation (departments.csv)"},
       [](const ReplicateMetrics& r) { return department_utilisation_max(r); }},
      {{"department_backlog_end", "cases", "Cases waiting at district departments at the horizon, all departments"},
       [](const ReplicateMetrics& r) { return department_backlog_end(r); }},
  };
}

std::vector<RowMetric> department_columns() {
  return {
      {{"servers", "servers", "Servers at the horizon (departments.<name>.servers)"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.departments[d].servers); }},
      {{"cases_received", "cases",
        "Cases whistled to the department about issues raised after the warm-up (their sum is summary.csv's whistles)"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.departments[d].received); }},
      {{"cases_finished", "cases", "Of those, finished before the horizon"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.departments[d].finished); }},
      {{"response_mean_h", "hours",
        "Mean time from the whistle to the department's finishing, finished cases (waiting included)"},
       [](const ReplicateMetrics& r, std::size_t d) {
         return ratio(r.departments[d].response_hours, u(r.departments[d].finished));
       }},
      {{"utilisation", "share",
        "Busy server-hours / (servers at the horizon x hours after the warm-up), as summary.csv's department_utilisation"},
       [](const ReplicateMetrics& r, std::size_t d) { return department_utilisation(r.departments[d]); }},
      {{"backlog_mean", "cases", "Time-average number of cases waiting (not yet started) after the warm-up"},
       [](const ReplicateMetrics& r, std::size_t d) { return ratio(r.departments[d].waiting_hours, r.hours); }},
      {{"backlog_end", "cases", "Cases waiting at the horizon (warm-up's included)"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.departments[d].waiting_end); }},
  };
}

}  // namespace gridgov::models
