#pragma once
/// \file
/// Micro-grid leads' output columns (models/run/Outputs.cpp places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: microgrid_leads, microgrid_lead_hours_available, microgrid_lead_hours_used.
std::vector<Metric> microgrid_columns();

}  // namespace gridgov::models
