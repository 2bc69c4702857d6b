// Tests of interventions (models/mechanisms/interventions/, ODD §7.12): scheduled policy changes,
// identical in every replicate, that let a scenario say "the red/black list starts in year 2".
// Each sets policy parameters at the first window end at or after the start of its day;
// interventions are sorted by day, and those of the same day apply in the order written. The
// tests pin that order and timing on the spec by hand (Interventions::apply_due), and through the
// program: nothing moves before an intervention's day and something does after it; of two
// interventions on one day the later written wins; and the order in which days are written does
// not matter.
#include <catch2/catch.hpp>

#include <utility>

#include "../MechanismTest.hpp"
#include "models/mechanisms/interventions/Interventions.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;
namespace schema = gridgov::schema;

namespace {
/// An intervention on `day` that sets each (path, value).
schema::Intervention on_day(double day, const std::vector<std::pair<std::string, schema::Value>>& changes) {
  schema::Intervention iv;
  iv.day = day;
  for (const auto& [path, value] : changes) {
    const long index = scenario_schema().find(path);
    REQUIRE(index >= 0);
    iv.changes.emplace_back(static_cast<std::size_t>(index), value);
  }
  return iv;
}
}  // namespace

TEST_CASE("interventions: by day, the same day's in the order written, at the first window end at or after the day",
          "[unit][interventions]") {
  ScenarioSpec spec;
  REQUIRE(spec.party.member_visits_per_month == 1.0);
  REQUIRE(spec.grid.workers_per_grid == 0);
  spec.interventions = {on_day(60, {{"party.visits_per_month", 2.0}}), on_day(30, {{"party.visits_per_month", 3.0}}),
                        on_day(30, {{"party.visits_per_month", 4.0}, {"grid.workers_per_grid", std::int64_t{2}}})};
  Interventions iv(spec);
  CHECK(!iv.apply_due(spec, 0));
  CHECK(!iv.apply_due(spec, 30 * 24 - 1));  // the window before day 30
  CHECK(spec.party.member_visits_per_month == 1.0);
  // Day 30: both of its interventions, the second written last; every change of one intervention.
  CHECK(iv.apply_due(spec, 30 * 24));
  CHECK(spec.party.member_visits_per_month == 4.0);
  CHECK(spec.grid.workers_per_grid == 2);
  CHECK(!iv.apply_due(spec, 31 * 24));  // applied once
  CHECK(spec.party.member_visits_per_month == 4.0);
  // Day 60 at the first window end past it (12-hour windows from hour 6).
  CHECK(!iv.apply_due(spec, 60 * 24 - 6));
  CHECK(iv.apply_due(spec, 60 * 24 + 6));
  CHECK(spec.party.member_visits_per_month == 2.0);
  CHECK(!iv.apply_due(spec, 1e9));
}

TEST_CASE("interventions: day 0 applies before the start, and a window end a rounding error short of the day counts",
          "[unit][interventions]") {
  ScenarioSpec spec;
  spec.interventions = {on_day(0.1, {{"deliberation.enabled", false}}), on_day(0, {{"party.visits_per_month", 3.0}})};
  Interventions iv(spec);
  CHECK(iv.apply_due(spec, 0));  // World::run synchronises at 0 before the first window
  CHECK(spec.party.member_visits_per_month == 3.0);
  CHECK(spec.deliberation.deliberation_enabled);
  // 0.1 x 24 is 2.4000000000000004 in doubles: twenty-four 6-minute windows end at 2.4.
  REQUIRE(0.1 * 24.0 > 2.4);
  CHECK(iv.apply_due(spec, 2.4));
  CHECK(!spec.deliberation.deliberation_enabled);
}

namespace {
/// An intervention item of a scenario file.
std::string item(int day, const std::string& key, const std::string& value) {
  return "  - day: " + std::to_string(day) + "\n    label: test\n    set:\n      " + key + ": " + value + "\n";
}
}  // namespace

TEST_CASE("interventions: nothing moves before the day, something does after it", "[system][interventions]") {
  PairedRuns runs("interventions-timing");
  // small.yaml doubles the members' visits on day 60.
  const SmallRun with = runs("with", {});
  const SmallRun without = runs("without", {}, small_yaml_with_interventions(runs.tmp(), "none.yaml", ""));
  const Csv a = with.csv("timeseries.csv"), b = without.csv("timeseries.csv");
  REQUIRE(a.rows.size() == 4 * 120);
  REQUIRE(a.header == b.header);
  std::vector<bool> moved(4, false);
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(a.num(i, "replicate"));
    REQUIRE(b.num(i, "replicate") == a.num(i, "replicate"));
    REQUIRE(b.num(i, "day") == a.num(i, "day"));
    if (a.num(i, "day") < 60) {
      INFO("replicate " << r << ", day " << a.at(i, "day"));
      CHECK(a.rows[i] == b.rows[i]);
    } else if (a.rows[i] != b.rows[i]) {
      moved[r] = true;
    }
  }
  CHECK(moved == std::vector<bool>(4, true));
  for (std::size_t r = 0; r < with.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(with(r, "found_by_member_visit_share") > without(r, "found_by_member_visit_share"));
  }
}

TEST_CASE("interventions: of one day's the later written wins, and the order of days written does not matter",
          "[system][interventions]") {
  PairedRuns runs("interventions-order");
  auto run = [&](const std::string& name, const std::string& items) {
    return runs(name, {}, small_yaml_with_interventions(runs.tmp(), name + ".yaml", items)).text("summary.csv");
  };
  const std::string visits = "party.visits_per_month", off = "deliberation.enabled";
  const std::string both = run("both", item(60, visits, "3") + item(60, visits, "0.5"));
  CHECK(both == run("last", item(60, visits, "0.5")));
  CHECK(both != run("first", item(60, visits, "3")));
  CHECK(run("sorted", item(40, visits, "2") + item(80, off, "false")) ==
        run("unsorted", item(80, off, "false") + item(40, visits, "2")));
}
