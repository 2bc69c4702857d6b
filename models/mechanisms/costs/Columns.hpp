#pragma once
/// \file
/// Costs' output columns: staff hours by kind of staff and their price (models/run/Outputs.cpp
/// places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: staff_hours_available_<staff> and staff_hours_used_<staff>, staff by staff
/// (kStaffNames).
std::vector<Metric> staff_hours_columns();
/// summary.csv: cost_paid_*, unpaid_hours_*, cost_unpaid_per_year.
std::vector<Metric> cost_columns();

}  // namespace gridgov::models
