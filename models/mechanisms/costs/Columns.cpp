#include "models/mechanisms/costs/Columns.hpp"

#include <fmt/format.h>

namespace gridgov::models {

using columns::per_year;
using columns::ratio;
using columns::u;

std::vector<Metric> staff_hours_columns() {
  std::vector<Metric> v;
  for (std::size_t k = 0; k < kStaffKinds; ++k) {
    v.push_back(
        {{fmt::format("staff_hours_available_{}", kStaffNames[k]), "hours/year",
          fmt::format("Working hours of {} available per year{}", kStaffNames[k], kStaffPaid[k] ? " (paid)" : " (unpaid)")},
         [k](const ReplicateMetrics& r) { return per_year(r, r.staff.available[k]); }});
    v.push_back({{fmt::format("staff_hours_used_{}", kStaffNames[k]), "hours/year",
                  fmt::format("Working hours of {} used per year", kStaffNames[k])},
                 [k](const ReplicateMetrics& r) { return per_year(r, r.staff.used[k]); }});
  }
  return v;
}

std::vector<Metric> cost_columns() {
  return {
      {{"cost_paid_per_year", "CNY/year",
        "Paid staff cost per year: grid workers' and department staff's working hours, firm staff's hours on cases (costs.*)"},
       [](const ReplicateMetrics& r) { return per_year(r, r.cost_paid); }},
      {{"cost_paid_per_1000hh_year", "CNY/(1000 households year)", "cost_paid_per_year per 1,000 households"},
       [](const ReplicateMetrics& r) { return ratio(per_year(r, r.cost_paid) * 1000.0, u(r.households)); }},
      {{"cost_paid_per_resolved_issue", "CNY/issue", "Paid staff cost over the measured span / issues resolved"},
       [](const ReplicateMetrics& r) { return ratio(r.cost_paid, u(r.c.resolved)); }},
      {{"unpaid_hours_per_year", "hours/year",
        "Unpaid hours used per year (party members, building leads, volunteers, micro-grid leads)"},
       [](const ReplicateMetrics& r) { return per_year(r, r.unpaid_hours); }},
      {{"unpaid_hours_per_1000hh_year", "hours/(1000 households year)", "unpaid_hours_per_year per 1,000 households"},
       [](const ReplicateMetrics& r) { return ratio(per_year(r, r.unpaid_hours) * 1000.0, u(r.households)); }},
      {{"cost_unpaid_per_year", "CNY/year", "Unpaid hours valued at costs.unpaid_hour (0 unless set)"},
       [](const ReplicateMetrics& r) { return per_year(r, r.cost_unpaid); }},
  };
}

}  // namespace gridgov::models
