#include "models/mechanisms/grid_workers/Columns.hpp"

namespace gridgov::models {

using columns::ratio;

namespace {
HeadCount workers() {
  return {{"grid_workers", "persons", "Grid workers"}, &ReplicateMetrics::workers, &CommunityStats::workers};
}
}  // namespace

std::vector<Metric> grid_worker_count_columns() { return {workers().in_summary()}; }

std::vector<Metric> grid_worker_utilisation_columns() {
  return {
      {{"grid_worker_utilisation", "share", "Grid workers' hours used (cases, patrols, visits, reporting) / their working hours"},
       [](const ReplicateMetrics& r) { return ratio(r.worker_busy, r.worker_capacity); }},
  };
}

std::vector<RowMetric> grid_worker_grid_columns() {
  return {
      {{"grid_worker_utilisation", "share", "Busy grid-worker hours / grid-worker hours"},
       [](const ReplicateMetrics& r, std::size_t g) { return ratio(r.grids[g].worker_busy, r.grids[g].worker_capacity); }},
  };
}

std::vector<RowMetric> grid_worker_community_columns() { return {workers().in_communities()}; }

}  // namespace gridgov::models
