#pragma once
/// \file
/// Party members' output columns (models/run/Outputs.cpp places them in the tables).
#include <vector>

#include "models/metrics/Columns.hpp"

namespace gridgov::models {

/// summary.csv: party_members, central_members.
std::vector<Metric> party_member_count_columns();
/// summary.csv: member_time_use.
std::vector<Metric> party_member_time_columns();
/// communities.csv: party_members, central_members.
std::vector<RowMetric> party_member_community_columns();

}  // namespace gridgov::models
