// Tests of the property firms (models/mechanisms/property_firms/, ODD §7.10): firm staff in each
// estate work the firm's issue types at a speed and reopen rate set by the firm's quality; the
// district keeps the qualities and the red/black list. They buy estate repairs without grid time,
// for paid firm-staff hours. The tests pin the run-time values; the estate's firm, staff, service
// time and reopen probability by hand; qualities drawn by inversion from each firm's stream (a
// firm keeps its rank when the mean changes); red property; the registry's reviews (ranking,
// black-listing with its quality gain, replacement, red-listing, firms without complaints) by
// hand; and through the program: no firms, no firm columns; more staff, less busy; better firms
// work faster and reopen less; firms.csv's verdicts follow its complaint counts. The review and
// red-property levers are in tests/models/response/test_levers.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "../MechanismTest.hpp"
#include "models/lifecycle/Lifecycle.hpp"
#include "models/mechanisms/property_firms/FirmRegistry.hpp"
#include "models/mechanisms/property_firms/Params.hpp"
#include "models/mechanisms/property_firms/PropertyFirms.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;
using gridgov::schema::DistSpec;

TEST_CASE("property firms: run-time values by hand", "[unit][property_firms]") {
  FirmsParams p;  // the defaults
  p.review_start_day = 365;
  const FirmsRuntime r = FirmsRuntime::derive(p);
  CHECK(r.firms);
  CHECK(r.households_per_staff == 120);
  CHECK(r.firm_service.expected() == Approx(12.0));  // lognormal, mean 0.5 days
  CHECK(r.reopen_slope == 0.3);
  CHECK(!r.red_property);
  CHECK(r.red_bonus == 0.1);
  CHECK(!r.review);
  CHECK(r.review_start_h == 8760.0);   // 365 days
  CHECK(r.review_period_h == 2160.0);  // 90 days
  CHECK(r.black_share == 0.25);
  CHECK(r.red_share == 0.25);
  CHECK(r.black_gain == 0.1);
  CHECK(r.replace_after == 2);
}

TEST_CASE("property firms: the estate's firm, staff, service time and reopen probability by hand", "[unit][property_firms]") {
  ScenarioSpec spec;
  spec.firms.firm_count = 3;
  spec.firms.firm_service_time = DistSpec::fixed(12, "hours");
  ToyDistrict d(spec, LatticeSpec{1, 1, 1, 10});
  const Runtime& P = *d.policy;
  // Estates are dealt to firms in turn.
  CHECK(PropertyFirms::firm_of_grid(0, 3) == 0);
  CHECK(PropertyFirms::firm_of_grid(4, 3) == 1);
  CHECK(PropertyFirms::firm_of_grid(5, 3) == 2);
  // One staff member per 120 households, rounded up, at least one.
  CHECK(PropertyFirms::servers(P, 120) == 1);
  CHECK(PropertyFirms::servers(P, 121) == 2);
  CHECK(PropertyFirms::servers(P, 1300) == 11);
  CHECK(PropertyFirms::servers(P, 0) == 1);
  // The firm's issue types only, while firms are on.
  Issue is;
  is.type = 0;  // repair: the firm's
  CHECK(PropertyFirms::handles(P, is));
  is.type = 3;  // environment: the grid's
  CHECK(!PropertyFirms::handles(P, is));
  // Service time: 12 h x work factor / quality (at least 0.05); reopen: 0.05 + 0.3 x (1 - quality), at most 1.
  d.firm_quality = {0.8, 0.5, 0.01};
  gridgov::random::Stream s(1, 0, 0, gridgov::random::kTestPurpose);
  is.type = 0;                                                              // work factor 1
  CHECK(PropertyFirms::service_time(d.ctx, is, 3, s) == Approx(12 / 0.8));  // grid 3: firm 0
  CHECK(PropertyFirms::service_time(d.ctx, is, 1, s) == Approx(12 / 0.5));
  CHECK(PropertyFirms::service_time(d.ctx, is, 2, s) == Approx(12 / 0.05));  // quality 0.01 counts as 0.05
  CHECK(PropertyFirms::reopen_prob(d.ctx, 0) == Approx(P.grid.reopen_prob + 0.3 * 0.2));
  CHECK(PropertyFirms::reopen_prob(d.ctx, 1) == Approx(P.grid.reopen_prob + 0.3 * 0.5));
  d.spec.firms.firm_reopen_slope = 1;
  d.spec.grid.reopen_prob = 0.5;
  d.rederive();
  CHECK(PropertyFirms::reopen_prob(d.ctx, 2) == 1.0);  // 0.5 + 0.99, capped
  d.spec.firms.firms_enabled = false;
  d.rederive();
  CHECK(!PropertyFirms::handles(*d.policy, is));
}

namespace {
/// A registry of `firms` firms of 100 households each in a district of spec `spec`.
struct Registry {
  ToyDistrict d;
  FirmRegistry reg;
  Registry(const ScenarioSpec& spec, std::uint32_t firms)
      : d(spec, LatticeSpec{1, 1, 1, 10}), reg(d.ctx, std::vector<std::uint64_t>(firms, 100)) {}
};
ScenarioSpec firms_spec(std::int64_t count, double mean, double sd) {
  ScenarioSpec spec;
  spec.firms.firm_count = count;
  spec.firms.firm_quality_mean = mean;
  spec.firms.firm_quality_sd = sd;
  return spec;
}
}  // namespace

TEST_CASE("property firms: qualities by inversion from each firm's stream, red property on top", "[unit][property_firms]") {
  // Without spread every firm has the mean.
  {
    Registry r(firms_spec(4, 0.8, 0), 4);
    CHECK(r.reg.quality() == std::vector<double>(4, 0.8));
  }
  // With spread: the firm's rank is the rank of the first uniform of its stream, whatever the mean.
  constexpr std::uint32_t F = 2000;
  Registry low(firms_spec(F, 0.6, 0.2), F), high(firms_spec(F, 0.8, 0.2), F);
  std::vector<double> u;
  for (std::uint32_t f = 0; f < F; ++f) u.push_back(RunKeys{424242, 0}.stream(f, streams::kFirm).uniform());
  std::vector<std::size_t> by_u(F), by_low(F), by_high(F);
  std::iota(by_u.begin(), by_u.end(), 0);
  by_low = by_high = by_u;
  std::sort(by_u.begin(), by_u.end(), [&](auto a, auto b) { return u[a] < u[b]; });
  std::stable_sort(by_low.begin(), by_low.end(), [&](auto a, auto b) { return low.reg.quality()[a] < low.reg.quality()[b]; });
  std::stable_sort(by_high.begin(), by_high.end(), [&](auto a, auto b) { return high.reg.quality()[a] < high.reg.quality()[b]; });
  CHECK(by_low == by_u);
  CHECK(by_high == by_u);
  double mean = 0, lowest = 1, highest = 0;
  std::size_t better = 0;
  for (std::uint32_t f = 0; f < F; ++f) {
    better += high.reg.quality()[f] > low.reg.quality()[f];  // a higher mean makes every firm better
    lowest = std::min(lowest, low.reg.quality()[f]);
    highest = std::max(highest, high.reg.quality()[f]);
    mean += high.reg.quality()[f] / F;
  }
  CHECK(better == F);
  CHECK(lowest >= 0.01);
  CHECK(highest <= 1.0);
  // Beta with mean 0.8 and sd 0.2: the mean of 2,000 firms within 0.02 (4.5 standard errors).
  CHECK(mean == Approx(0.8).margin(0.02));
  // Red property adds its bonus, capped at 1.
  ScenarioSpec red = firms_spec(F, 0.8, 0.2);
  red.firms.red_property = true;
  red.firms.red_property_bonus = 0.1;
  Registry r(red, F);
  std::size_t raised = 0;
  for (std::uint32_t f = 0; f < F; ++f) raised += r.reg.quality()[f] == Approx(std::min(1.0, high.reg.quality()[f] + 0.1));
  CHECK(raised == F);
  CHECK(*std::max_element(r.reg.quality().begin(), r.reg.quality().end()) == 1.0);  // some capped
}

TEST_CASE("property firms: a review black-lists the worst, red-lists the best, and replaces a firm listed twice",
          "[unit][property_firms]") {
  ScenarioSpec spec = firms_spec(4, 0.8, 0);  // every quality 0.8
  spec.firms.review_enabled = true;           // from day 0, every 30 days; one black and one red of four
  spec.firms.review_period_days = 30;
  Registry r(spec, 4);
  std::vector<std::uint64_t> complaints{0, 0, 0, 0};
  auto of = [&](std::size_t f) { return complaints[f]; };
  r.reg.review(0, of);  // never at t = 0
  CHECK(r.reg.periods().empty());
  // First window end: rates 5, 0, 2, 1 per 100 households: firm 0 black, firm 1 red.
  complaints = {5, 0, 2, 1};
  r.reg.review(24, of);
  CHECK(r.reg.blacklisted() == 1);
  CHECK(r.reg.redlisted() == 1);
  CHECK(r.reg.quality()[0] == Approx(0.82));  // 0.8 + 0.1 x (1 - 0.8)
  CHECK(r.reg.quality()[1] == 0.8);
  REQUIRE(r.reg.periods().size() == 4);
  CHECK(r.reg.periods()[0].list == FirmList::Black);
  CHECK(r.reg.periods()[0].quality == 0.8);
  CHECK(r.reg.periods()[0].quality_after == Approx(0.82));
  CHECK(r.reg.periods()[0].complaints == 5);
  CHECK(r.reg.periods()[1].list == FirmList::Red);
  CHECK(r.reg.periods()[2].list == FirmList::None);
  // Not due before 24 + 720 hours.
  complaints = {5, 9, 2, 1};
  r.reg.review(700, of);
  CHECK(r.reg.blacklisted() == 1);
  // Since the last review firm 0 has 5 more, firm 1 nine more: firm 1 is black; firms 2 and 3 tie
  // at 0 and the later in firm order is red.
  complaints = {10, 9, 2, 1};
  r.reg.review(744, of);
  CHECK(r.reg.blacklisted() == 2);
  CHECK(r.reg.periods()[4 + 1].list == FirmList::Black);
  CHECK(r.reg.periods()[4 + 3].list == FirmList::Red);
  CHECK(r.reg.periods()[4 + 0].complaints == 5);  // since the last review
  CHECK(r.reg.periods()[4 + 1].complaints == 9);
  CHECK(r.reg.quality()[1] == Approx(0.82));
  // Firm 0 again the worst: its second listing replaces it (a new firm of quality 0.8).
  complaints = {20, 9, 2, 1};
  r.reg.review(1464, of);
  CHECK(r.reg.replaced() == 1);
  CHECK(r.reg.periods()[8 + 0].replaced);
  CHECK(r.reg.periods()[8 + 0].generation == 1);
  CHECK(r.reg.periods()[8 + 0].black_listings == 0);
  CHECK(r.reg.quality()[0] == 0.8);
  // A period without complaints: nobody black-listed, one red-listed all the same.
  r.reg.review(2184, of);
  CHECK(r.reg.blacklisted() == 3);
  CHECK(r.reg.redlisted() == 4);
  // The horizon closes the last period without a verdict.
  r.reg.finish(2400, of);
  REQUIRE(r.reg.periods().size() == 5 * 4);
  CHECK(!r.reg.periods().back().reviewed);
  CHECK(r.reg.periods().back().t_start == 2184);
  CHECK(r.reg.periods().back().t_end == 2400);
}

TEST_CASE("property firms: without firms the firm columns are zero", "[system][property_firms]") {
  PairedRuns runs("firms-off");
  const SmallRun on = runs("on", {});
  const SmallRun off = runs("off", {"firms.enabled=false"});
  for (std::size_t r = 0; r < on.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(on(r, "resolved_by_property_firm_share") > 0.2);  // repair and property service: half the issues
    CHECK(on(r, "reported_via_property_firm_share") > 0);
    for (const char* column : {"resolved_by_property_firm_share", "reported_via_property_firm_share",
                               "staff_hours_used_firm_staff", "firm_staff_utilisation", "firms_blacklisted"}) {
      INFO(column);
      CHECK(off(r, column) == 0);
    }
    // The grid workers take the firms' issues instead.
    CHECK(off(r, "resolved_by_grid_worker_share") > on(r, "resolved_by_grid_worker_share") + 0.2);
  }
}

TEST_CASE("property firms: more staff are less busy, better firms work faster and reopen less", "[system][property_firms]") {
  PairedRuns runs("firms-staff");
  // small.yaml's 6 estates of 120 households: one staff member each, or three at 40 households a staff member.
  const SmallRun one = runs("one", {});
  const SmallRun three = runs("three", {"firms.households_per_staff=40"});
  const SmallRun poor = runs("poor", {"firms.quality_mean=0.6"});
  const SmallRun good = runs("good", {"firms.quality_mean=0.95", "firms.quality_sd=0.04"});
  // Servers work around the clock, counted at 40 of 168 hours.
  const double staff_year = 6 * 8760.0 * 40.0 / 168.0;
  for (std::size_t r = 0; r < one.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(one(r, "staff_hours_available_firm_staff") == Approx(staff_year));
    CHECK(three(r, "staff_hours_available_firm_staff") == Approx(3 * staff_year));
    CHECK(three(r, "firm_staff_utilisation") < 0.6 * one(r, "firm_staff_utilisation"));
    // Quality divides service times: measured 0.20-0.31 busy against 0.10-0.11.
    CHECK(poor(r, "firm_staff_utilisation") > 1.5 * good(r, "firm_staff_utilisation"));
  }
  // Reopen probability 0.05 + 0.3 x (1 - quality): measured 120 reopenings against 58.
  CHECK(total(poor, "reopened") > 1.3 * total(good, "reopened"));
}

TEST_CASE("property firms: firms.csv's verdicts follow each period's complaints", "[system][property_firms]") {
  PairedRuns runs("firms-review");
  // small.yaml: 3 firms of two estates (240 households) each, reviews on days 40, 70 and 100, one
  // firm black-listed (round(0.25 x 3)) unless complaint-free, one red-listed; the last period
  // ends at the horizon.
  const SmallRun run = runs("review", {});
  const Csv firms = run.csv("firms.csv");
  REQUIRE(firms.rows.size() == 4 * 4 * 3);
  const double ends[] = {960, 1680, 2400, 2880};
  for (std::size_t i = 0; i < firms.rows.size(); i += 3) {
    const auto period = static_cast<std::size_t>(firms.num(i, "period"));
    INFO("replicate " << firms.at(i, "replicate") << ", period " << period);
    std::vector<double> complaints;
    for (std::size_t f = 0; f < 3; ++f) {
      CHECK(firms.num(i + f, "firm") == static_cast<double>(f));
      CHECK(firms.num(i + f, "households") == 240);
      CHECK(firms.num(i + f, "t_end_h") == ends[period]);
      complaints.push_back(firms.num(i + f, "complaints"));
    }
    if (period == 3) {
      for (std::size_t f = 0; f < 3; ++f) CHECK(firms.at(i + f, "list").empty());
      continue;
    }
    // The worst firm (the first in firm order among ties) is black if it had complaints; the best
    // (the last among ties) is red; a black firm gains 10% of its gap to 1 unless replaced.
    const auto worst = static_cast<std::size_t>(std::max_element(complaints.begin(), complaints.end()) - complaints.begin());
    const auto best =
        2 - static_cast<std::size_t>(std::min_element(complaints.rbegin(), complaints.rend()) - complaints.rbegin());
    for (std::size_t f = 0; f < 3; ++f) {
      INFO("firm " << f);
      const std::string list = firms.at(i + f, "list");
      const double q = firms.num(i + f, "quality"), after = firms.num(i + f, "quality_after");
      if (f == worst && complaints[f] > 0) {
        CHECK(list == "black");
        if (firms.num(i + f, "replaced") == 0) CHECK(after == Approx(q + 0.1 * (1 - q)));
      } else if (f == best) {
        CHECK(list == "red");
        CHECK(after == q);
      } else {
        CHECK(list == "none");
        CHECK(after == q);
      }
    }
  }
  for (std::size_t r = 0; r < run.replicates(); ++r) CHECK(run(r, "firms_redlisted") == 3);  // one a review
}
