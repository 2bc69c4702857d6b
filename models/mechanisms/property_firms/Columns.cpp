#include "models/mechanisms/property_firms/Columns.hpp"

namespace gridgov::models {

std::vector<Metric> firm_staff_utilisation_columns() {
  return {
      {{"firm_staff_utilisation", "share", "Busy firm-staff hours / firm-staff hours"},
       [](const ReplicateMetrics& r) { return columns::ratio(r.firm_busy, r.firm_capacity); }},
  };
}

}  // namespace gridgov::models
