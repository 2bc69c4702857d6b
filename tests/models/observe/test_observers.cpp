// Unit tests of the observers' per-type daily complaints: every complaint (warm-up included, as
// the daily complaints column) is counted on its day under its issue type, so that the per-type
// columns add up to the daily total.
#include <catch2/catch.hpp>

#include <numeric>

#include "models/observe/Observers.hpp"

using namespace gridgov::models;

TEST_CASE("complaints are counted per day and issue type, warm-up included", "[unit][observe]") {
  Observers obs;
  obs.init(2, 5, false, 0, 0);
  CHECK(obs.metrics().day_types.empty());  // nothing kept before the first complaint
  Issue counted, warm;
  counted.counted = true;
  counted.type = static_cast<std::uint8_t>(IssueType::PropertyService);
  counted.grid = 1;
  warm.counted = false;
  warm.type = static_cast<std::uint8_t>(IssueType::Repair);
  obs.complained(counted, 1);
  obs.complained(counted, 1);
  obs.complained(warm, 1);
  obs.complained(warm, 9);  // past the horizon's last day: counted on the last day, as the daily total
  const PartitionMetrics& m = obs.metrics();
  REQUIRE(m.day_types.size() == 5);
  CHECK(m.day_types[1].complaints[static_cast<std::size_t>(IssueType::PropertyService)] == 2);
  CHECK(m.day_types[1].complaints[static_cast<std::size_t>(IssueType::Repair)] == 1);
  CHECK(m.day_types[4].complaints[static_cast<std::size_t>(IssueType::Repair)] == 1);
  CHECK(m.c.complaints == 2);  // the summary counts issues raised after the warm-up only
  for (std::size_t d = 0; d < 5; ++d) {
    const auto& c = m.day_types[d].complaints;
    INFO("day " << d);
    CHECK(std::accumulate(c.begin(), c.end(), 0u) == m.days[d].complaints);
  }
}
