// Tests of the volunteers mechanism (the worked example of docs/DEVELOPING.md): its run-time
// values, that it changes nothing while off, and that its levers respond in the right direction
// under common random numbers.
#include <catch2/catch.hpp>

#include "../../../app/SystemTest.hpp"
#include "models/mechanisms/volunteers/Volunteers.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;

namespace {
/// One volunteer per 20 households walking every household twice a week, a minute each.
VolunteersParams walkers() {
  VolunteersParams p;
  p.enabled = true;
  p.per_household = 0.05;
  p.walks_per_week = 2;
  p.minutes_per_household = 1;
  return p;
}
// Walking hours needed per household and month: 1 min x 2 walks x 730/168 weeks = 8.69 min = 0.1448 h.
const double kNeeded = 2.0 * (730.0 / 168.0) / 60.0;
}  // namespace

TEST_CASE("volunteers: coverage is the share of planned walks their hours pay for", "[unit][volunteers]") {
  VolunteersParams p = walkers();
  p.detect_prob = 0.2;
  const double needed = kNeeded;
  p.hours_per_month = 1;  // 0.05 h given per household: coverage 0.345
  VolunteersRuntime r = VolunteersRuntime::derive(p);
  CHECK(r.coverage == Approx(0.05 / needed));
  CHECK(r.pwalk == Approx(0.2 * 0.05 / needed));
  CHECK(r.unpaid_hours_per_household_month == Approx(0.05));
  CHECK(r.period_h == Approx(84.0));
  p.hours_per_month = 100;  // more time than the walks need: coverage saturates, cost stops at the need
  r = VolunteersRuntime::derive(p);
  CHECK(r.coverage == 1.0);
  CHECK(r.pwalk == Approx(0.2));
  CHECK(r.unpaid_hours_per_household_month == Approx(needed));
  p.enabled = false;
  CHECK(!VolunteersRuntime::derive(p).enabled);
}

TEST_CASE("volunteers: the hours beyond their walks are what they have for orders", "[unit][volunteers]") {
  VolunteersParams p = walkers();
  const double needed = kNeeded;
  p.hours_per_month = 4;                        // 0.2 h given per household and month
  CHECK(!VolunteersRuntime::derive(p).orders);  // take_orders off: no order hours
  CHECK(VolunteersRuntime::derive(p).order_hours_per_household_month == 0);
  p.take_orders = true;
  VolunteersRuntime r = VolunteersRuntime::derive(p);
  CHECK(r.orders);
  CHECK(r.order_hours_per_household_month == Approx(0.2 - needed));
  CHECK(r.coverage == 1.0);  // orders never take hours the walks need
  p.hours_per_month = 1;     // 0.05 h: less than the walks need, nothing left for orders
  r = VolunteersRuntime::derive(p);
  CHECK(!r.orders);
  CHECK(r.order_hours_per_household_month == 0);
  p.walks_per_week = 0;  // volunteers who do not walk give all their hours to orders
  r = VolunteersRuntime::derive(p);
  CHECK(!r.enabled);
  CHECK(r.orders);
  CHECK(r.order_hours_per_household_month == Approx(0.05));
  p.enabled = false;
  CHECK(!VolunteersRuntime::derive(p).orders);
}

namespace {
Csv run_small(TempDir& tmp, const std::string& name, const std::vector<std::string>& sets) {
  return read_csv(run_small_summary(tmp.path(), name, sets));
}
}  // namespace

TEST_CASE("volunteers: off, or with no volunteers, nothing changes", "[system][volunteers]") {
  TempDir tmp("volunteers-off");
  const Csv off = run_small(tmp, "off", {});
  const Csv none = run_small(tmp, "none", {"volunteers.enabled=true", "volunteers.per_household=0"});
  CHECK(off.rows == none.rows);
  for (std::size_t r = 0; r < off.rows.size(); ++r) CHECK(off.num(r, "found_by_volunteer_walk_share") == 0.0);
}

TEST_CASE("volunteers: more walks find more issues, earlier, in every replicate", "[system][volunteers][response]") {
  TempDir tmp("volunteers-response");
  const Csv off = run_small(tmp, "off", {});
  const Csv few =
      run_small(tmp, "few", {"volunteers.enabled=true", "volunteers.walks_per_week=1", "volunteers.hours_per_month=20"});
  const Csv many =
      run_small(tmp, "many", {"volunteers.enabled=true", "volunteers.walks_per_week=4", "volunteers.hours_per_month=20"});
  REQUIRE(off.rows.size() == 4);
  for (std::size_t r = 0; r < off.rows.size(); ++r) {
    INFO("replicate " << r);
    // Common random numbers: the same issues arise in every run.
    CHECK(off.num(r, "issues_raised") == few.num(r, "issues_raised"));
    CHECK(few.num(r, "found_by_volunteer_walk_share") > 0.0);
    CHECK(many.num(r, "found_by_volunteer_walk_share") > few.num(r, "found_by_volunteer_walk_share"));
    CHECK(many.num(r, "found_proactively_share") > off.num(r, "found_proactively_share"));
    CHECK(many.num(r, "time_to_known_mean_h") < off.num(r, "time_to_known_mean_h"));
  }
}

TEST_CASE("volunteers: walks their hours cannot pay for find less", "[system][volunteers][response]") {
  TempDir tmp("volunteers-hours");
  const Csv scarce =
      run_small(tmp, "scarce", {"volunteers.enabled=true", "volunteers.walks_per_week=4", "volunteers.hours_per_month=0.5"});
  const Csv ample =
      run_small(tmp, "ample", {"volunteers.enabled=true", "volunteers.walks_per_week=4", "volunteers.hours_per_month=20"});
  for (std::size_t r = 0; r < ample.rows.size(); ++r)
    CHECK(ample.num(r, "found_by_volunteer_walk_share") > scarce.num(r, "found_by_volunteer_walk_share"));
}
