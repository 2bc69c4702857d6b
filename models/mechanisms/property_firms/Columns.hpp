#pragma once
/// \file
/// Property firms' output columns in the metric tables (models/run/Outputs.cpp places them;
/// firms.csv, one row per firm and review period, is written there on its own).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: firm_staff_utilisation.
std::vector<Metric> firm_staff_utilisation_columns();

}  // namespace gridgov::models
