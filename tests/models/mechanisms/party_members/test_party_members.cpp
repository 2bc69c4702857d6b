// Tests of the party members (models/mechanisms/party_members/, ODD §7.3, 7.20, 7.21): "1+10+N"
// members live among the households, visit their linked households, mediate minor issues on the
// spot and take orders. They buy issues found before the resident reports them (unreported needs
// only so), mediation and order capacity, for members' unpaid hours. The tests pin the run-time
// values by hand (link capacity, kinds, visit period, orders); where members live (plan); each
// member's monthly budget (visits first, the rest times effort is spare time, spent by
// mediations and orders month by month, searched along the community); and through the program:
// no members, no member columns; a budget below the visits leaves no spare time; points raise
// effort and so visits that find. The members, visits and orders levers are in test_levers.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "../MechanismTest.hpp"
#include "models/mechanisms/households/Households.hpp"
#include "models/mechanisms/party_members/Params.hpp"
#include "models/mechanisms/party_members/PartyMembers.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;

TEST_CASE("party members: run-time values by hand", "[unit][party_members]") {
  PartyParams p;  // 0.1 members a household, 1 visit a month, orders on
  PartyRuntime r = PartyRuntime::derive(p);
  CHECK(r.party);
  CHECK(r.households_per_member == 10);  // round(1 / 0.1)
  CHECK(r.members_per_central == 10);
  CHECK(r.kind_cumulative == std::array<double, 3>{0.5, 0.9, 1.0});  // retired 0.5, in service 0.4, mobile 0.1
  CHECK(r.kind_hours == std::array<double, 3>{1.4, 0.75, 0.5});
  CHECK(r.member_period_h == 730.0);  // a 730-hour month / 1 visit
  CHECK(!r.poisson_visits);
  CHECK(r.orders);
  CHECK(r.orders_board);
  CHECK(r.orders_time.expected() == Approx(24.0));  // lognormal, mean 1 day
  p.members_per_household = 0.03;
  p.member_visits_per_month = 4;
  p.visit_timing = "poisson";
  r = PartyRuntime::derive(p);
  CHECK(r.households_per_member == 33);  // round(33.3)
  CHECK(r.member_period_h == 182.5);
  CHECK(r.poisson_visits);
  p.households_per_member = 25;  // given: wins
  CHECK(PartyRuntime::derive(p).households_per_member == 25);
  p.member_visits_per_month = 0;
  CHECK(std::isinf(PartyRuntime::derive(p).member_period_h));
  // No members: no party, no link capacity, no orders for members, but the order board stays (volunteers).
  p.members_per_household = 0;
  p.households_per_member = 0;
  r = PartyRuntime::derive(p);
  CHECK(!r.party);
  CHECK(r.households_per_member == 0);
  CHECK(!r.orders);
  CHECK(r.orders_board);
  p.members_per_household = 0.1;
  p.party_enabled = false;
  CHECK(!PartyRuntime::derive(p).party);
}

namespace {
/// One grid of 4 buildings x 30 households (120 households) with its households initialised.
struct Grid120 {
  ToyDistrict d;
  Households hh;
  explicit Grid120(const ScenarioSpec& spec) : d(spec, LatticeSpec{1, 1, 4, 30}) { hh.init(d.ctx, 0, 0, 120, 0, 1); }
  std::vector<std::uint32_t> plan() { return PartyMembers::plan(d.ctx, 0, 120); }
  /// Members as planned, household h linked to member h / 10, every one `hops` hops from home.
  PartyMembers install(std::uint16_t hops = 0) {
    PartyMembers m;
    std::vector<std::uint32_t> link(120);
    for (std::uint32_t h = 0; h < 120; ++h) link[h] = h / 10;
    const std::vector<std::uint16_t> hop(120, hops);
    m.install(d.ctx, 0, plan(), link, hop, 0, hh);
    return m;
  }
};
/// Every member retired (hours factor 1.4: 8 x 1.4 = 11.2 hours a month) with effort `effort`.
ScenarioSpec retired(double effort) {
  ScenarioSpec spec;
  spec.party.share_retired = 1;
  spec.party.share_in_service = spec.party.share_mobile = 0;
  spec.party.member_effort_min = spec.party.member_effort_max = effort;
  return spec;
}
}  // namespace

TEST_CASE("party members: spread evenly over the community's households", "[unit][party_members]") {
  ScenarioSpec spec;
  Grid120 g(spec);
  // 12 members at households floor((k + 0.5) x 10) = 5, 15, ..., 115: three to each 30-household building.
  CHECK(g.plan() == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3});
  g.d.spec.party.members_per_household = 0.05;  // 6 at households 10, 30, 50, 70, 90, 110
  g.d.rederive();
  CHECK(g.plan() == std::vector<std::uint32_t>{0, 1, 1, 2, 3, 3});
  g.d.spec.party.members_per_household = 0.104;  // 12.48 rounds to 12
  g.d.rederive();
  CHECK(g.plan().size() == 12);
  g.d.spec.party.party_enabled = false;
  g.d.rederive();
  CHECK(g.plan().empty());
}

TEST_CASE("party members: visits come first, the rest times effort is the month's spare time", "[unit][party_members]") {
  Grid120 g(retired(1.0));
  PartyMembers m = g.install();
  CHECK(m.members() == 12);
  CHECK(m.central_members() == 2);  // ceil(12 / 10)
  CHECK(g.hh[37].member == 3);
  // Each member visits 10 households once a month, 20 minutes each: 3.33 h of 11.2 h; 7.87 h spare.
  const double load = 10 * 20.0 / 60.0;
  CHECK(m.hours_available_per_month() == Approx(12 * 11.2));
  CHECK(m.hours_used_per_month() == Approx(12 * load));
  CHECK(m.spend(0, 2, 0));  // three orders of 2 h
  CHECK(m.spend(0, 2, 0));
  CHECK(m.spend(0, 2, 0));
  CHECK(!m.spend(0, 2, 0));  // 1.87 h left: not a fourth
  CHECK(m.spend(0, 1.8, 0));
  CHECK(!m.spend(0, 0.1, 0));
  // An order goes to the next of `search` members along the community who has the time.
  CHECK(m.find_spare(0, 1, 2, 0) == Households::kNone);
  CHECK(m.find_spare(0, 2, 2, 0) == 1);
  CHECK(m.find_spare(11, 2, 7.8, 0) == 11);
  // From the last member the search wraps around: 11 and 0 are spent, member 1 has 5.87 h left.
  CHECK(m.find_spare(11, 2, 5, 0) == Households::kNone);
  CHECK(m.find_spare(11, 3, 5, 0) == 1);
  // A new month starts full; no member beyond the last.
  CHECK(m.spend(0, 7.8, 1));
  CHECK(!m.spend(12, 0.1, 1));
}

TEST_CASE("party members: effort, points, walking, kinds and a budget below the visits", "[unit][party_members]") {
  const double load = 10 * 20.0 / 60.0;  // 3.33 h of visits a month
  // Member 5's spare time this month is `spare`, within 0.01 h.
  auto check_spare = [](PartyMembers& m, double spare) {
    CHECK(m.spend(5, spare - 0.01, 0));
    CHECK(!m.spend(5, 0.02, 0));
  };
  SECTION("effort 0.5: half the spare time, half the visits' hours used") {
    Grid120 g(retired(0.5));
    PartyMembers m = g.install();
    CHECK(m.hours_used_per_month() == Approx(12 * load * 0.5));
    check_spare(m, 0.5 * (11.2 - load));
  }
  SECTION("points close half the gap to full effort: 0.5 -> 0.75") {
    ScenarioSpec spec = retired(0.5);
    spec.party.points_enabled = true;
    Grid120 g(spec);
    PartyMembers m = g.install();
    CHECK(m.hours_used_per_month() == Approx(12 * load * 0.75));
    check_spare(m, 0.75 * (11.2 - load));
  }
  SECTION("three hops from home: 2 x 3 x 2 = 12 more minutes a visit") {
    Grid120 g(retired(1.0));
    PartyMembers m = g.install(3);
    CHECK(m.hours_used_per_month() == Approx(12 * 10 * 32.0 / 60.0));
    check_spare(m, 11.2 - 10 * 32.0 / 60.0);
  }
  SECTION("kinds: retired 8 x 1.4, in service 8 x 0.75, mobile 8 x 0.5 hours") {
    struct Kind {
      double retired, in_service, mobile, hours;
    };
    for (const Kind k : {Kind{1, 0, 0, 11.2}, Kind{0, 1, 0, 6}, Kind{0, 0, 1, 4}}) {
      INFO("hours " << k.hours);
      ScenarioSpec spec = retired(1.0);
      spec.party.share_retired = k.retired;
      spec.party.share_in_service = k.in_service;
      spec.party.share_mobile = k.mobile;
      Grid120 g(spec);
      PartyMembers m = g.install();
      CHECK(m.hours_available_per_month() == Approx(12 * k.hours));
      check_spare(m, k.hours - load);
    }
  }
  SECTION("a budget below the visits: the visits it pays for, and no spare time") {
    ScenarioSpec spec = retired(1.0);
    spec.party.member_hours_per_month = 2;  // 2.8 h of 3.33 h of visits
    Grid120 g(spec);
    PartyMembers m = g.install();
    CHECK(m.hours_used_per_month() == Approx(12 * 2.8));
    CHECK(m.hours_available_per_month() == Approx(12 * 2.8));
    CHECK(!m.spend(5, 0.01, 0));
  }
}

TEST_CASE("party members: without members the member columns are zero", "[system][party_members]") {
  PairedRuns runs("party-off");
  const SmallRun on = runs("on", {});
  const SmallRun fewer_central = runs("fewer_central", {"party.members_per_central=5"});
  const SmallRun off = runs("off", {"party.enabled=false"});
  for (std::size_t r = 0; r < on.replicates(); ++r) {
    INFO("replicate " << r);
    // 3 communities of 240 households: 24 members each, ceil(24 / 10) = 3 (or ceil(24 / 5) = 5) central.
    CHECK(on(r, "party_members") == 72);
    CHECK(on(r, "central_members") == 9);
    CHECK(fewer_central(r, "central_members") == 15);
    CHECK(on(r, "found_by_member_visit_share") > 0);
    CHECK(on(r, "reported_via_party_member_share") > 0);
    for (const char* column :
         {"party_members", "central_members", "found_by_member_visit_share", "reported_via_party_member_share",
          "resolved_by_member_mediation_share", "resolved_by_member_order_share", "staff_hours_available_party_member",
          "staff_hours_used_party_member"}) {
      INFO(column);
      CHECK(off(r, column) == 0);
    }
  }
}

TEST_CASE("party members: a budget below the visits drops visits and leaves nothing to mediate or take orders",
          "[system][party_members]") {
  PairedRuns runs("party-budget");
  const SmallRun full = runs("full", {});
  // Half an hour a month (x 1.4, 0.75 or 0.5 by kind) against 3.3 hours of visits.
  const SmallRun tight = runs("tight", {"party.hours_per_month=0.5"});
  for (std::size_t r = 0; r < full.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(tight(r, "resolved_by_member_mediation_share") == 0);
    CHECK(tight(r, "resolved_by_member_order_share") == 0);
    CHECK(full(r, "resolved_by_member_mediation_share") > 0);
    CHECK(tight(r, "found_by_member_visit_share") < 0.5 * full(r, "found_by_member_visit_share"));
    // The same members and kinds: hours available in proportion to the budget.
    CHECK(tight(r, "staff_hours_available_party_member") == Approx(full(r, "staff_hours_available_party_member") * 0.5 / 8.0));
  }
}

TEST_CASE("party members: points raise effort, and more visits find issues", "[system][party_members]") {
  PairedRuns runs("party-points");
  // Efforts between 0.2 and 0.4; points close half the gap to 1: 0.6 to 0.7.
  const std::vector<std::string> low{"party.effort_min=0.2", "party.effort_max=0.4"};
  const SmallRun plain = runs("plain", low);
  const SmallRun points = runs("points", joined(low, {"party.points.enabled=true"}));
  for (std::size_t r = 0; r < plain.replicates(); ++r) {
    INFO("replicate " << r);
    // Measured: about 2.5 times the finds (effort x 2.3).
    CHECK(points(r, "found_by_member_visit_share") > 1.5 * plain(r, "found_by_member_visit_share"));
    CHECK(points(r, "staff_hours_used_party_member") > plain(r, "staff_hours_used_party_member"));
    CHECK(points(r, "staff_hours_available_party_member") == plain(r, "staff_hours_available_party_member"));
  }
}
