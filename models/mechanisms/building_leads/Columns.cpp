#include "models/mechanisms/building_leads/Columns.hpp"

namespace gridgov::models {

namespace {
HeadCount leads() {
  return {{"building_leads", "persons", "Governance building leads"}, &ReplicateMetrics::leads, &CommunityStats::leads};
}
}  // namespace

std::vector<Metric> building_lead_count_columns() { return {leads().in_summary()}; }

std::vector<RowMetric> building_lead_community_columns() { return {leads().in_communities()}; }

}  // namespace gridgov::models
