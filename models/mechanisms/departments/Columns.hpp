#pragma once
/// \file
/// District departments' output columns (models/run/Outputs.cpp places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: department_utilisation.
std::vector<Metric> department_utilisation_columns();
/// summary.csv: department_utilisation_max, department_backlog_end.
std::vector<Metric> department_load_columns();
/// departments.csv, after the key columns: one row per department.
std::vector<RowMetric> department_columns();

}  // namespace gridgov::models
