#pragma once
/// \file
/// Grid workers' output columns (models/run/Outputs.cpp places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: grid_workers.
std::vector<Metric> grid_worker_count_columns();
/// summary.csv: grid_worker_utilisation.
std::vector<Metric> grid_worker_utilisation_columns();
/// grids.csv: grid_worker_utilisation.
std::vector<RowMetric> grid_worker_grid_columns();
/// communities.csv: grid_workers.
std::vector<RowMetric> grid_worker_community_columns();

}  // namespace gridgov::models
