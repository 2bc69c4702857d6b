#pragma once
/// \file
/// Building leads' output columns (models/run/Outputs.cpp places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: building_leads.
std::vector<Metric> building_lead_count_columns();
/// communities.csv: building_leads.
std::vector<RowMetric> building_lead_community_columns();

}  // namespace gridgov::models
