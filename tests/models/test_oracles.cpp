// Analytic oracles (BRIEF §6): degenerate scenarios in which the simulator must reproduce
// queueing and detection theory. Each test runs independent replicates, summarises a
// per-replicate estimate and requires the analytic value inside the 95% t confidence
// interval (and the interval to be tight enough that the check could fail).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/Queueing.hpp"
#include "analysis/Statistics.hpp"
#include "models/metrics/Metrics.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace ga = gridgov::analysis;
namespace gm = gridgov::models;

namespace {

std::string num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// Overrides shared by every oracle: one community, one grid, no party members, building
/// leads, firms, deliberation, member orders, patrols, grid visits or reopening; reporting
/// propensity 1 everywhere; every issue type silent (rate 0) and handled by the grid, with
/// no collective or escalated share and unit work factor. Tests switch on what they need.
std::vector<std::string> base_overrides(int buildings, int households_per_building) {
  std::vector<std::string> o = {
      "geography.communities=1",
      "geography.grids_per_community=1",
      "geography.buildings_per_grid=" + std::to_string(buildings),
      "geography.households_per_building=" + std::to_string(households_per_building),
      "geography.stations_per_community=0",
      "households.propensity_sd=0",
      "households.repeat_patience_factor=0",
      "party.enabled=false",
      "party.orders.enabled=false",
      "leads.enabled=false",
      "firms.enabled=false",
      "deliberation.enabled=false",
      "grid.patrols_per_day=0",
      "grid.visits_per_household_year=0",
      "grid.reopen_prob=0",
      "households.channels.building_lead=0",
      "households.channels.party_member=0",
      "households.channels.grid_worker=1",
      "households.channels.property_firm=0",
      "households.channels.hotline=0",
  };
  for (const char* t : gm::kIssueTypeNames) {
    const std::string p = std::string("issues.") + t + ".";
    o.push_back(p + "rate_per_household_year=0");
    o.push_back(p + "handler=grid");
    o.push_back(p + "collective_share=0");
    o.push_back(p + "escalate_share=0");
    o.push_back(p + "work_factor=1");
  }
  return o;
}

/// Overrides for a pure M/M/c grid-worker queue: `households` households (one building)
/// raising repair issues reported at once, so the grid sees Poisson arrivals of rate
/// `lambda` per hour; `c` workers with exponential service of mean 1/mu hours.
std::vector<std::string> mmc_overrides(int households, double lambda, double mu, int c) {
  auto o = base_overrides(1, households);
  o.push_back("issues.repair.rate_per_household_year=" + num(lambda * 8760.0 / households));
  o.push_back("households.report_delay={dist: fixed, value: 0, unit: hours}");
  o.push_back("grid.workers_per_grid=" + std::to_string(c));
  o.push_back("grid.service_time={dist: exponential, mean: " + num(1.0 / mu) + ", unit: hours}");
  o.push_back("households.max_complaints=0");
  return o;
}

std::vector<gm::ReplicateMetrics> run(const std::vector<std::string>& overrides, int replicates, std::int64_t days,
                                      std::int64_t warmup_days) {
  gm::ScenarioSpec spec = gm::load_scenario("", overrides).spec;
  spec.days = days;
  spec.warmup_days = warmup_days;
  spec.replicates = replicates;
  return gm::run_scenario(spec, {}).replicates;
}

/// The check every oracle makes: theory inside the 95% CI, and the CI tight enough to matter.
void require_in_ci(const char* what, double theory, const ga::Summary& s, double max_rel_half_width) {
  const double hw = 0.5 * (s.ci_high - s.ci_low);
  INFO(what << ": theory " << theory << ", mean " << s.mean << ", 95% CI [" << s.ci_low << ", " << s.ci_high
            << "], half-width " << hw << " (" << 100.0 * hw / std::fabs(theory) << "% of theory), n " << s.n);
  REQUIRE(s.n >= 2);
  REQUIRE(theory >= s.ci_low);
  REQUIRE(theory <= s.ci_high);
  REQUIRE(hw < max_rel_half_width * std::fabs(theory));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 1. Erlang C (M/M/c): mean wait and P(wait > 0)

TEST_CASE("Oracle: grid-worker queue is M/M/c (Erlang C)", "[oracle]") {
  struct Case {
    int c;
    double lambda, mu;
  };
  // rho = 0.8 with 2 workers; rho = 0.75 with 3 workers.
  const Case cases[] = {{2, 0.8, 0.5}, {3, 1.125, 0.5}};
  for (const Case& k : cases) {
    DYNAMIC_SECTION("c = " << k.c << ", rho = " << k.lambda / (k.c * k.mu)) {
      const auto theory = ga::erlang_c(k.lambda, k.mu, static_cast<unsigned>(k.c));
      const auto reps = run(mmc_overrides(100, k.lambda, k.mu, k.c), 30, 395, 30);
      std::vector<double> wait, pwait, lq;
      for (const auto& r : reps) {
        REQUIRE(r.c.raised > 5000);
        REQUIRE(r.c.waited > 5000);
        REQUIRE(r.c.complaints == 0);
        wait.push_back(r.c.wait_hours / static_cast<double>(r.c.waited));
        pwait.push_back(static_cast<double>(r.c.waited_positive) / static_cast<double>(r.c.waited));
        lq.push_back(r.worker_queue_area / r.hours);
      }
      require_in_ci("mean wait Wq (hours)", theory.mean_wait, ga::summarize(wait), 0.10);
      require_in_ci("P(wait > 0)", theory.p_wait, ga::summarize(pwait), 0.10);
      require_in_ci("mean queue Lq", theory.mean_queue, ga::summarize(lq), 0.10);
    }
  }
}

