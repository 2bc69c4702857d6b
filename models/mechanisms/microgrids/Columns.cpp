#include "models/mechanisms/microgrids/Columns.hpp"

namespace gridgov::models {

std::vector<Metric> microgrid_columns() {
  return {
      {{"microgrid_leads", "persons", "Micro-grid leads walking their micro-grids (microgrids.*; policy at the horizon)"},
       [](const ReplicateMetrics& r) { return columns::u(r.microgrid_leads); }},
      {{"microgrid_lead_hours_available", "hours",
        "Unpaid hours micro-grid leads give over the measured span (microgrids.hours_per_week each)"},
       [](const ReplicateMetrics& r) { return r.microgrid_hours_available; }},
      {{"microgrid_lead_hours_used", "hours",
        "Of those, hours spent walking (walks a week x microgrids.minutes_per_household x households)"},
       [](const ReplicateMetrics& r) { return r.microgrid_hours_used; }},
  };
}

}  // namespace gridgov::models
