// Tests of the deliberation mechanism (models/mechanisms/deliberation/, ODD §7.7): the monthly
// meeting buys the settlement of collective issues no single handler may close, at the cost of the
// wait until the meeting and of members' hours at it. The tests pin its run-time values by hand;
// when meetings fall (period/2, then every period; brought forward only while the rooms allow and
// only through the hotline's dispatch); the members' hours a meeting costs (attendance x members x
// meeting_hours, acting on nothing else); and what happens to an unsettled issue (whistled to
// urban management after max_meetings). The on/off lever is in tests/models/response/test_levers.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "../MechanismTest.hpp"
#include "models/mechanisms/deliberation/Deliberation.hpp"
#include "models/mechanisms/deliberation/Params.hpp"
#include "sim/engine/EventQueue.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;

TEST_CASE("deliberation: run-time values by hand", "[unit][deliberation]") {
  DeliberationParams p;  // the defaults
  DeliberationRuntime r = DeliberationRuntime::derive(p);
  CHECK(r.deliberation);
  CHECK(r.meeting_period_h == 720.0);                    // 30 days x 24
  CHECK(r.settle_prob_effective == Approx(0.6 * 0.79));  // settle_prob x attendance = 0.474
  CHECK(r.max_meetings == 2);
  CHECK(r.meetings_per_month == 4.0);  // 1 room x 4 meetings a room a month
  CHECK(r.hasten_h == 72.0);           // 3 days
  CHECK(r.meeting_hours == 2.0);
  CHECK(r.attendance == 0.79);
  p.deliberation_enabled = false;
  p.meeting_period_days = 14;
  p.settle_prob = 0.5;
  p.attendance = 0.5;
  p.max_meetings = 5;
  p.rooms = 3;
  p.meetings_per_room_month = 2.5;
  p.hasten_days = 0.5;
  r = DeliberationRuntime::derive(p);
  CHECK(!r.deliberation);
  CHECK(r.meeting_period_h == 336.0);  // 14 x 24
  CHECK(r.settle_prob_effective == 0.25);
  CHECK(r.max_meetings == 5);
  CHECK(r.meetings_per_month == 7.5);  // 3 rooms x 2.5
  CHECK(r.hasten_h == 12.0);
  p.rooms = 0;  // no room: no meeting can be brought forward
  CHECK(DeliberationRuntime::derive(p).meetings_per_month == 0.0);
  // A meeting event carries the meeting's generation as its target.
  CHECK(Deliberation::kGenerationMask <= gridgov::engine::kMaxEventTarget);
}

TEST_CASE("deliberation: regular meetings at period/2 and every period, more only when brought forward",
          "[system][deliberation]") {
  PairedRuns runs("deliberation-meetings");
  // small.yaml: 3 communities, 120 days. Every 30 days from day 15: days 15, 45, 75 and 105, four
  // meetings a community; every 60 days from day 30: days 30 and 90.
  const SmallRun no_rooms = runs("no_rooms", {"deliberation.rooms=0"});
  const SmallRun bimonthly = runs("bimonthly", {"deliberation.rooms=0", "deliberation.period_days=60"});
  const SmallRun rooms = runs("rooms", {});
  const SmallRun no_hotline = runs("no_hotline", {"hotline.enabled=false"});
  for (std::size_t r = 0; r < rooms.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(no_rooms(r, "meetings_held") == 3 * 4);
    CHECK(bimonthly(r, "meetings_held") == 3 * 2);
    // One room, four meetings a month: complaints about listed issues bring meetings forward.
    CHECK(rooms(r, "meetings_held") > 3 * 4);
    // Only the hotline's forced dispatch brings a meeting forward.
    CHECK(no_hotline(r, "meetings_held") == 3 * 4);
    CHECK(rooms(r, "deliberation_brought") > 0);
  }
}

TEST_CASE("deliberation: each regular meeting costs attendance x members x meeting_hours, and changes nothing else",
          "[system][deliberation]") {
  PairedRuns runs("deliberation-hours");
  // No meeting brought forward (rooms 0): each community holds its four meetings after the
  // warm-up (day 10); 24 members a community (0.1 x 240 households).
  const SmallRun two = runs("two", {"deliberation.rooms=0", "deliberation.meeting_hours=2"});
  const SmallRun none = runs("none", {"deliberation.rooms=0", "deliberation.meeting_hours=0"});
  CHECK(differing_columns(two, none) == std::set<std::string>{"staff_hours_used_party_member", "member_time_use",
                                                              "unpaid_hours_per_year", "unpaid_hours_per_1000hh_year"});
  // 3 communities x 4 meetings x 24 members x 0.79 attendance x 2 h = 455.04 h over 110 days.
  const double per_year = 3 * 4 * 24 * 0.79 * 2.0 * kSmallPerYear;
  for (std::size_t r = 0; r < two.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(two(r, "party_members") == 72);
    CHECK(two(r, "staff_hours_used_party_member") - none(r, "staff_hours_used_party_member") == Approx(per_year));
    CHECK(two(r, "unpaid_hours_per_year") - none(r, "unpaid_hours_per_year") == Approx(per_year));
  }
}

TEST_CASE("deliberation: what a meeting does not settle is whistled to urban management", "[system][deliberation]") {
  PairedRuns runs("deliberation-settle");
  // One meeting allowed: settled there for sure (settle_prob x attendance = 1), or never (0).
  const SmallRun sure = runs("sure", {"deliberation.max_meetings=1", "deliberation.settle_prob=1", "deliberation.attendance=1"});
  const SmallRun never = runs("never", {"deliberation.max_meetings=1", "deliberation.settle_prob=0"});
  const Csv sure_departments = sure.csv("departments.csv"), never_departments = never.csv("departments.csv");
  for (std::size_t r = 0; r < sure.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(never(r, "deliberation_settled") == 0);
    CHECK(never(r, "deliberation_yield") == 0);
    CHECK(sure(r, "deliberation_settled") > 0);
    CHECK(never(r, "whistles") > sure(r, "whistles"));
    // The issues one run settles at their meeting, the other whistles to urban management, whatever
    // their type's department (a margin of 2 for issues whose paths part after a different outcome).
    const double extra = department(never_departments, r, "urban_management", "cases_received") -
                         department(sure_departments, r, "urban_management", "cases_received");
    CHECK(std::fabs(extra - sure(r, "deliberation_settled")) <= 2);
  }
}
