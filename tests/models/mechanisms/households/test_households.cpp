// Tests of the households mechanism (models/mechanisms/households/, ODD §7.1, 7.2, 7.11, 7.22,
// 7.23): the demand every other mechanism answers: what each household's issues are and when they
// arise (from its own stream: common random numbers), when and through which channel the resident
// reports, how patient they are, and how satisfaction and trust follow each experience. The tests
// pin the run-time values by hand (rates per hour, cumulative rates of the type draw, deadlines,
// channel weights), the deadline rule, the satisfaction and trust updates, the channel rules (a
// channel the household does not have falls back to the grid worker), report times, and through
// the program: vulnerable households and their needs, frozen satisfaction and trust, direct 12345
// reports, and that impatient residents complain more. The trust lever is in test_levers.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "../MechanismTest.hpp"
#include "models/mechanisms/households/Households.hpp"
#include "models/mechanisms/households/Params.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;
using gridgov::schema::DistSpec;

namespace {
constexpr std::uint8_t kRepair = 0, kNeighbourDispute = 2, kLivelihoodCare = 5;
}  // namespace

TEST_CASE("households: rates per hour, the type draw's cumulative rates, deadlines and channel weights", "[unit][households]") {
  HouseholdsParams p;  // the default issue types of ODD §7.1
  HouseholdsRuntime r = HouseholdsRuntime::derive(p);
  // Rates per household-year 0.45, 0.2, 0.15, 0.3, 0.08, 0.12: 1.30 in all, per 8,760 hours.
  const double year[] = {0.45, 0.2, 0.15, 0.3, 0.08, 0.12};
  double cumulative = 0;
  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    INFO(kIssueTypeNames[t]);
    cumulative += year[t];
    CHECK(r.types[t].rate_per_hour == Approx(year[t] / 8760.0));
    CHECK(r.type_cumulative[t] == Approx(cumulative / 8760.0));
  }
  CHECK(r.issue_rate_per_hour == Approx(1.30 / 8760.0));
  // Names become indices: repair is the firm's, urban management's, utility class.
  CHECK(r.types[kRepair].handler == kHandlerFirm);
  CHECK(r.types[kRepair].department == kDeptUrbanManagement);
  CHECK(r.types[kRepair].deadline == 1);  // emergency, utility, general, complex
  CHECK(r.types[kNeighbourDispute].handler == kHandlerGrid);
  CHECK(r.types[kNeighbourDispute].department == kDeptPolice);
  CHECK(r.types[kNeighbourDispute].work_factor == 1.5);
  CHECK(r.types[kLivelihoodCare].deadline == 3);
  // Deadlines in hours: 2 h, 24 h, 7 days, 15 days.
  CHECK(r.deadline_hours == std::array<double, 4>{2, 24, 168, 360});
  // Channel weights in the order of Via: lead, member, grid worker, firm, hotline.
  CHECK(r.via_weight == std::array<double, 5>{0.25, 0.2, 0.3, 0.15, 0.02});
  CHECK(r.report_delay.expected() == Approx(72.0));  // exponential, mean 3 days
  CHECK(r.patience.expected() == Approx(336.0));     // lognormal, mean 14 days
  CHECK(r.max_complaints == 3);
  CHECK(!r.complain_unstarted);
  p.complain_when = "unstarted";
  p.issue_types[kRepair].rate_per_household_year = 0;
  r = HouseholdsRuntime::derive(p);
  CHECK(r.complain_unstarted);
  CHECK(r.type_cumulative[0] == 0);  // a type without issues is never drawn
  CHECK(r.issue_rate_per_hour == Approx(0.85 / 8760.0));
}

TEST_CASE("households: an urgent issue has the emergency deadline, any other its type's class", "[unit][households]") {
  const Runtime P{ScenarioSpec{}};
  Issue is;
  is.type = kRepair;
  is.severity = 1;
  CHECK(Households::deadline(P, is) == 24.0);  // utility
  is.severity = 0;
  CHECK(Households::deadline(P, is) == 24.0);
  is.severity = 2;
  CHECK(Households::deadline(P, is) == 2.0);  // urgent: emergency
  is.type = kLivelihoodCare;
  CHECK(Households::deadline(P, is) == 2.0);
  is.severity = 1;
  CHECK(Households::deadline(P, is) == 360.0);  // complex: 15 days
}

namespace {
/// Four households in one building, with their records initialised (no member linked).
struct FourHouseholds {
  ToyDistrict d;
  Households hh;
  Lifecycle lc;
  explicit FourHouseholds(const ScenarioSpec& spec) : d(spec, LatticeSpec{1, 1, 1, 4}) { init(); }
  void init() { hh.init(d.ctx, 0, 0, 4, 0, 1); }
};
}  // namespace

TEST_CASE("households: satisfaction and trust move toward each experience by their rates", "[unit][households]") {
  FourHouseholds f{ScenarioSpec{}};  // satisfaction 0.7, rate 0.3, penalty 0.15; trust 0.5, rate 0.2, contact gain 0.05
  const Runtime& P = *f.d.policy;
  CHECK(f.hh.satisfaction_total() == Approx(4 * 0.7));
  CHECK(f.hh.trust_sum() == Approx(4 * 0.5));
  Issue is;
  is.type = kNeighbourDispute;  // general: 168 h
  is.severity = 1;
  // Household 0: closed locally within its deadline: performance 1.
  is.household = 0;
  f.hh.after_resolution(P, is, 100, true);  // satisfaction 0.7 + 0.3 x (1 - 0.7); trust 0.5 + 0.2 x (1 - 0.5)
  // Household 1: twice the deadline and one complaint, forced through 12345: performance 0.5 - 0.15.
  is.household = 1;
  is.complaints = 1;
  f.hh.after_resolution(P, is, 336, false);  // satisfaction 0.7 + 0.3 x (0.35 - 0.7); trust toward 0
  // Household 2 complains: both toward 0 by their rates. Household 3: a visit finds its issue.
  f.hh.after_complaint(P, 2);
  f.hh.after_contact(P, 3);
  const double sat[] = {0.79, 0.595, 0.7 * 0.7, 0.7};
  const double trust[] = {0.6, 0.4, 0.5 * 0.8, 0.5 + 0.05 * 0.5};
  CHECK(f.hh.satisfaction_total() == Approx(sat[0] + sat[1] + sat[2] + sat[3]).epsilon(1e-6));
  CHECK(f.hh.satisfaction_sum() == Approx(sat[0] + sat[1] + sat[2] + sat[3]).epsilon(1e-6));
  CHECK(f.hh.trust_sum() == Approx(trust[0] + trust[1] + trust[2] + trust[3]).epsilon(1e-6));
  CHECK(f.hh.satisfied() == 2);  // 0.79 and 0.7 reach 0.6; 0.595 and 0.49 do not
  // A performance below 0 counts as 0: ten complaints take satisfaction 30% of the way to 0.
  is.household = 3;
  is.complaints = 10;
  f.hh.after_resolution(P, is, 1, true);
  CHECK(f.hh.satisfaction_sum() == Approx(sat[0] + sat[1] + sat[2] + 0.7 * 0.7).epsilon(1e-6));
}

TEST_CASE("households: a channel the household does not have falls back to the grid worker", "[unit][households]") {
  ScenarioSpec spec;
  for (auto& t : spec.households.issue_types) t.rate_per_household_year = 0;
  FourHouseholds f{spec};
  /// Issue `index` of household 0, of type `type` alone, reported through the one channel `via` has weight.
  auto channel = [&](std::uint8_t type, Via via, std::uint32_t index) {
    auto& h = f.d.spec.households;
    for (std::size_t t = 0; t < kIssueTypes; ++t) h.issue_types[t].rate_per_household_year = t == type ? 1.0 : 0.0;
    h.w_lead = via == Via::Lead;
    h.w_member = via == Via::Member;
    h.w_grid = via == Via::Grid;
    h.w_firm = via == Via::Firm;
    h.w_hotline = via == Via::Hotline;
    f.d.rederive();
    Issue is;
    is.household = 0;
    is.index = index;
    f.hh.draw_issue(f.d.ctx, f.lc, is);
    CHECK(is.type == type);
    return static_cast<Via>(is.via);
  };
  // The channel a resident picks, and the one used: with the mechanisms on (and the household
  // linked to a member) or off (or unlinked).
  struct Rule {
    std::uint8_t type;
    Via picked;
    bool on;
    Via used;
  };
  const Rule rules[] = {
      {kNeighbourDispute, Via::Grid, true, Via::Grid},
      {kNeighbourDispute, Via::Grid, false, Via::Grid},
      {kNeighbourDispute, Via::Lead, true, Via::Lead},
      {kNeighbourDispute, Via::Lead, false, Via::Grid},
      {kNeighbourDispute, Via::Member, true, Via::Member},
      {kNeighbourDispute, Via::Member, false, Via::Grid},
      {kNeighbourDispute, Via::Hotline, true, Via::Hotline},
      {kNeighbourDispute, Via::Hotline, false, Via::Grid},
      {kRepair, Via::Firm, true, Via::Firm},
      {kRepair, Via::Firm, false, Via::Grid},
      {kNeighbourDispute, Via::Firm, true, Via::Grid},  // not the firm's type: the firm is no channel for it
  };
  for (std::uint32_t k = 0; k < 8; ++k) {
    for (const Rule& rule : rules) {
      INFO("issue " << k << ", type " << kIssueTypeNames[rule.type] << ", channel " << kViaNames[byte_of(rule.picked)]
                    << (rule.on ? ", on" : ", off"));
      f.d.spec.party.party_enabled = f.d.spec.leads.leads_enabled = f.d.spec.firms.firms_enabled = rule.on;
      f.d.spec.hotline.hotline_enabled = rule.on;
      f.hh[0].member = rule.on ? 0 : Households::kNone;
      CHECK(channel(rule.type, rule.picked, k) == rule.used);
    }
    // With the party on, an unlinked household has no member to report to.
    f.d.spec.party.party_enabled = true;
    f.hh[0].member = Households::kNone;
    CHECK(channel(kNeighbourDispute, Via::Member, k) == Via::Grid);
  }
}

TEST_CASE("households: severity, nature, needs and patience follow their shares and distributions", "[unit][households]") {
  ScenarioSpec spec;
  for (auto& t : spec.households.issue_types) t.rate_per_household_year = 0;
  spec.households.issue_types[kNeighbourDispute].rate_per_household_year = 1;
  spec.households.patience = DistSpec::fixed(5, "days");
  spec.households.vulnerable_share = 0;
  FourHouseholds f{spec};
  CHECK(f.hh.vulnerable() == 0);
  auto draw = [&](std::uint32_t index) {
    f.d.rederive();
    Issue is;
    is.household = 0;
    is.index = index;
    f.hh.draw_issue(f.d.ctx, f.lc, is);
    return is;
  };
  auto& type = f.d.spec.households.issue_types[kNeighbourDispute];
  for (std::uint32_t k = 0; k < 8; ++k) {
    INFO("issue " << k);
    type.minor_share = 1, type.urgent_share = 0, type.collective_share = 1, type.escalate_share = 0;
    Issue is = draw(k);
    CHECK(is.severity == 0);
    CHECK(is.nature == Nature::Collective);
    CHECK(is.patience == 120.0f);  // 5 days
    CHECK(!is.need);               // nobody vulnerable
    type.minor_share = 0, type.urgent_share = 1, type.collective_share = 0, type.escalate_share = 1;
    is = draw(k);
    CHECK(is.severity == 2);
    CHECK(is.nature == Nature::Escalate);
    type.urgent_share = 0, type.escalate_share = 0;
    is = draw(k);
    CHECK(is.severity == 1);
    CHECK(is.nature == Nature::Ordinary);
  }
  // Every household vulnerable and every issue of theirs unreported: needs, never reported.
  f.d.spec.households.vulnerable_share = 1;
  f.d.spec.households.unreported_share = 1;
  f.init();
  CHECK(f.hh.vulnerable() == 4);
  Issue need = draw(0);
  CHECK(need.need);
  CHECK(std::isinf(f.hh.report_time(f.d.ctx, f.lc, need)));
  f.d.spec.households.unreported_share = 0;
  CHECK(!draw(0).need);
}

TEST_CASE("households: the report comes after the delay over the propensity, sooner inside a station's circle",
          "[unit][households]") {
  ScenarioSpec spec;
  spec.households.propensity_sd = 0;  // every propensity 1
  spec.households.report_delay = DistSpec::fixed(2, "days");
  spec.households.vulnerable_share = 0;
  spec.stations_per_community = 0;
  FourHouseholds outside{spec};
  Issue is;
  is.household = 1;
  is.t_raised = 100;
  CHECK(outside.hh[1].propensity == 1.0f);
  CHECK(outside.hh.report_time(outside.d.ctx, outside.lc, is) == Approx(100 + 48.0));
  // One station in the only building: every household inside its circle, propensity x 1.25.
  spec.stations_per_community = 1;
  FourHouseholds inside{spec};
  CHECK(inside.hh.report_time(inside.d.ctx, inside.lc, is) == Approx(100 + 48.0 / 1.25));
}

TEST_CASE("households: twice the issue rates halve every gap between issues (the same uniforms)", "[unit][households]") {
  FourHouseholds f{ScenarioSpec{}};
  std::vector<double> gaps;
  for (std::uint32_t k = 0; k < 6; ++k) gaps.push_back(f.hh.next_arrival_gap(f.d.ctx, f.lc, 2, k));
  for (auto& t : f.d.spec.households.issue_types) t.rate_per_household_year *= 2;
  f.d.rederive();
  for (std::uint32_t k = 0; k < 6; ++k) {
    INFO("issue " << k);
    CHECK(gaps[k] > 0);
    CHECK(f.hh.next_arrival_gap(f.d.ctx, f.lc, 2, k) == Approx(gaps[k] / 2).epsilon(1e-12));
  }
  // Another household draws other gaps.
  CHECK(f.hh.next_arrival_gap(f.d.ctx, f.lc, 3, 0) != Approx(gaps[0] / 2));
}

TEST_CASE("households: vulnerable households raise needs, and only they", "[system][households]") {
  PairedRuns runs("households-needs");
  const SmallRun all = runs("all", {"households.needs.vulnerable_share=1"});
  const SmallRun none = runs("none", {"households.needs.vulnerable_share=0"});
  for (std::size_t r = 0; r < all.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(all(r, "vulnerable_households") == 720);
    // Half of every household's issues (unreported_share 0.5): far more than none.
    CHECK(all(r, "needs_raised") > 0.3 * all(r, "issues_raised"));
    CHECK(all(r, "needs_raised") < 0.7 * all(r, "issues_raised"));
    CHECK(none(r, "vulnerable_households") == 0);
    CHECK(none(r, "needs_raised") == 0);
    CHECK(none(r, "needs_found") == 0);
  }
}

TEST_CASE("households: with rates 0 satisfaction and trust stay where they start", "[system][households]") {
  PairedRuns runs("households-frozen");
  const SmallRun frozen =
      runs("frozen", {"households.satisfaction_rate=0", "households.trust.rate=0", "households.trust.contact_gain=0"});
  const SmallRun low = runs("low", {"households.satisfaction_rate=0", "households.initial_satisfaction=0.5"});
  for (std::size_t r = 0; r < frozen.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(frozen(r, "satisfaction_mean") == Approx(0.7).epsilon(1e-6));
    CHECK(frozen(r, "satisfied_share") == 1);  // 0.7 >= 0.6
    CHECK(frozen(r, "trust_mean") == Approx(0.5).epsilon(1e-6));
    CHECK(low(r, "satisfaction_mean") == Approx(0.5).epsilon(1e-6));
    CHECK(low(r, "satisfied_share") == 0);
  }
}

TEST_CASE("households: direct 12345 reports need the hotline channel, complaints on patience need max_complaints",
          "[system][households]") {
  PairedRuns runs("households-complaints");
  const SmallRun no_channel = runs("no_channel", {"households.channels.hotline=0"});
  const SmallRun direct_only = runs("direct_only", {"households.max_complaints=0"});
  const SmallRun neither = runs("neither", {"households.channels.hotline=0", "households.max_complaints=0"});
  for (std::size_t r = 0; r < no_channel.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(no_channel(r, "complaints") > 0);
    CHECK(no_channel(r, "direct_hotline_share") == 0);
    CHECK(no_channel(r, "reported_via_hotline_share") == 0);
    // Nobody complains when patience runs out: every complaint is a resident going straight to 12345.
    CHECK(direct_only(r, "complaints") > 0);
    CHECK(direct_only(r, "direct_hotline_share") == 1);
    CHECK(neither(r, "complaints") == 0);
  }
}

TEST_CASE("households: impatient residents complain more", "[system][households]") {
  PairedRuns runs("households-patience");
  const SmallRun impatient = runs("impatient", {"households.patience={dist: lognormal, mean: 5, sd: 3, unit: days}"});
  const SmallRun patient = runs("patient", {"households.patience={dist: lognormal, mean: 60, sd: 30, unit: days}"});
  for (std::size_t r = 0; r < patient.replicates(); ++r) {
    INFO("replicate " << r);
    // Measured: 46 to 81 complaints against 5 or 6; patience runs from the issue becoming known.
    CHECK(impatient(r, "complaints") > 3 * patient(r, "complaints"));
    CHECK(impatient(r, "complained_issue_share") > patient(r, "complained_issue_share"));
  }
}
