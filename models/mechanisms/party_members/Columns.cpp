#include "models/mechanisms/party_members/Columns.hpp"

namespace gridgov::models {

using columns::ratio;

namespace {
HeadCount members() {
  return {{"party_members", "persons", "Party members (under the policy in force at the horizon)"},
          &ReplicateMetrics::members,
          &CommunityStats::members};
}
HeadCount central_members() {
  return {{"central_members", "persons", "Central-household members, each linking about party.members_per_central members"},
          &ReplicateMetrics::central_members,
          &CommunityStats::central_members};
}
}  // namespace

std::vector<Metric> party_member_count_columns() { return {members().in_summary(), central_members().in_summary()}; }

std::vector<Metric> party_member_time_columns() {
  return {
      {{"member_time_use", "share",
        "Hours party members spend visiting, mediating, on orders and at meetings / hours they can give (meeting hours are not "
        "taken from the budget, so it can exceed 1)"},
       [](const ReplicateMetrics& r) {
         return ratio(r.staff.used[index_of(Staff::Members)], r.staff.available[index_of(Staff::Members)]);
       }},
  };
}

std::vector<RowMetric> party_member_community_columns() {
  return {members().in_communities(), central_members().in_communities("Central-household members")};
}

}  // namespace gridgov::models
