// Tests of the grid-workers mechanism (models/mechanisms/grid_workers/): reporting, patrols and
// visits share the workers' hours; when they would take more than the cap, patrols and visits are
// thinned to fit, so an understaffed grid finds less and more workers find more (common random
// numbers).
#include <catch2/catch.hpp>

#include "../../../app/SystemTest.hpp"
#include "models/mechanisms/grid_workers/GridWorkers.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "models/world/Runtime.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;

TEST_CASE("grid workers: patrols and visits are thinned to the hours reporting leaves below the cap", "[unit][grid_workers]") {
  ScenarioSpec spec;
  spec.grid.hours_per_week = 40;
  spec.grid.admin_share = 0.3;
  spec.grid.patrols_per_day = 1;
  spec.grid.patrol_minutes = 30;                 // 3.5 h a week
  spec.grid.grid_visits_per_household_year = 2;  // 20 minutes each
  spec.grid.visit_minutes = 20;
  const Runtime P(spec);
  const double visit_week = 2.0 * (20.0 / 60.0) * 168.0 / 8760.0;  // hours a week per household
  // 300 households, one worker: 12 h reporting + 3.5 h patrols + 3.8 h visits < 36 h: all of them.
  CHECK(GridWorkers::rounds_share(P, 300, 1) == 1.0);
  // 3,000 households, one worker: visits would take 38.4 h; the cap leaves 36 - 12 = 24 h.
  const double rounds = 3.5 + 3000 * visit_week;
  CHECK(GridWorkers::rounds_share(P, 3000, 1) == Approx(24.0 / rounds));
  // Two workers: twice the room.
  CHECK(GridWorkers::rounds_share(P, 3000, 2) == Approx(std::min(1.0, 48.0 / rounds)));
  // The overhead counted in the workers' hours is what the thinned rounds take.
  CHECK(GridWorkers::overhead_per_week(P, 3000, 1) == Approx(12.0 + GridWorkers::rounds_share(P, 3000, 1) * rounds));
  // No workers: no patrols, no visits.
  CHECK(GridWorkers::rounds_share(P, 300, 0) == 0.0);
  // Reporting alone above the cap leaves nothing for rounds.
  spec.grid.admin_share = 0.95;
  CHECK(GridWorkers::rounds_share(Runtime(spec), 300, 1) == 0.0);
}

TEST_CASE("grid workers: where their rounds are capped, more workers find more issues on visits",
          "[system][grid_workers][response]") {
  TempDir tmp("grid-rounds");
  // 120 households a grid and 80 visits a household-year of 20 minutes: 61 h of visits a week
  // against 24 h one worker has beside reporting (share 0.37); two workers have 48 h (0.74).
  const std::vector<std::string> busy{"grid.visits_per_household_year=80", "grid.patrols_per_day=4"};
  auto with = [&](std::vector<std::string> v, const std::string& s) {
    v.push_back(s);
    return v;
  };
  const Csv one = read_csv(run_small_summary(tmp.path(), "one", with(busy, "grid.workers_per_grid=1")));
  const Csv two = read_csv(run_small_summary(tmp.path(), "two", with(busy, "grid.workers_per_grid=2")));
  REQUIRE(one.rows.size() == 4);
  double found_one = 0, found_two = 0;
  for (std::size_t r = 0; r < one.rows.size(); ++r) {
    INFO("replicate " << r);
    CHECK(one.num(r, "issues_raised") == two.num(r, "issues_raised"));  // common random numbers
    // Used hours never exceed the hours the workers have.
    CHECK(one.num(r, "grid_worker_utilisation") <= 1.0 + 1e-9);
    found_one += one.num(r, "found_by_grid_visit_share") + one.num(r, "found_by_patrol_share");
    found_two += two.num(r, "found_by_grid_visit_share") + two.num(r, "found_by_patrol_share");
  }
  // Twice the room for rounds: clearly more found by visits and patrols, summed over replicates.
  CHECK(found_two > 1.3 * found_one);
}
