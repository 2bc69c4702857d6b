// Response tests of the policy levers, one case per lever: a baseline and its alternatives run
// by `gridgov compare` on common random numbers (the same seed and replicates, so the same issues
// arise in every scenario: issues_raised is checked identical), and the direction the mechanism
// implies asserted at 95% confidence with compare.csv's paired interval. Where a claim needs a
// contrast compare.csv does not give (diminishing returns, complaints about one kind of issue),
// the same scenario files are run by `gridgov run` (replicate r there is replicate r of the
// comparison) and the per-replicate values are paired here with analysis::paired_compare.
// The scenarios are a small district with Tianhe-sized grids; docs/levers.md
// (scripts/lever-table.sh) has the same levers on Tianhe itself.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "../../app/SystemTest.hpp"
#include "analysis/Paired.hpp"

using namespace gridgov::systest;
namespace ga = gridgov::analysis;

namespace {

/// Parameter settings: dotted key, YAML value; a later setting of a key replaces an earlier one.
using Settings = std::vector<std::pair<std::string, std::string>>;

constexpr int kWarmupDays = 30;

/// 2 communities x 2 grids x 20 buildings x 60 households: 4,800 households, 1,200 per grid
/// (Tianhe's 45 grids hold about 1,300 each), one year after a 30-day warm-up, 10 replicates.
const Settings kDistrict{{"simulation.seed", "424242"},
                         {"simulation.days", "365"},
                         {"simulation.warmup_days", std::to_string(kWarmupDays)},
                         {"simulation.replicates", "10"},
                         {"geography.communities", "2"},
                         {"geography.grids_per_community", "2"},
                         {"geography.buildings_per_grid", "20"},
                         {"geography.households_per_building", "60"},
                         {"firms.count", "4"}};

Settings operator+(Settings a, const Settings& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t dot; (dot = key.find('.', from)) != std::string::npos; from = dot + 1)
    parts.push_back(key.substr(from, dot - from));
  parts.push_back(key.substr(from));
  return parts;
}

/// Settings as a scenario YAML file: keys nest at their dots.
std::string to_yaml(const Settings& settings) {
  std::map<std::vector<std::string>, std::string> tree;
  for (const auto& [key, value] : settings) tree[split_key(key)] = value;
  std::string out;
  std::vector<std::string> open;  // the sections of the previous key
  for (const auto& [path, value] : tree) {
    std::size_t common = 0;
    while (common < open.size() && common + 1 < path.size() && open[common] == path[common]) ++common;
    for (std::size_t level = common; level + 1 < path.size(); ++level)
      out += fmt::format("{:{}}{}:\n", "", 2 * level, path[level]);
    out += fmt::format("{:{}}{}: {}\n", "", 2 * (path.size() - 1), path.back(), value);
    open.assign(path.begin(), path.end() - 1);
  }
  return out;
}

double number(const std::string& cell) { return cell == "NA" ? std::numeric_limits<double>::quiet_NaN() : std::stod(cell); }

/// One row of compare.csv: an alternative against the baseline.
struct Diff {
  std::string scenario, metric;
  double baseline, mean, diff, low, high;
  std::string text() const {
    return fmt::format("{} vs baseline, {}: diff {:+.5g} [95% CI {:+.5g}, {:+.5g}] (baseline mean {:.5g}, alternative {:.5g})",
                       scenario, metric, diff, low, high, baseline, mean);
  }
};

/// `gridgov compare` of scenarios (the first is the baseline), each `common` then its own settings.
class Comparison {
 public:
  Comparison(const std::string& tag, const Settings& common, const std::vector<std::pair<std::string, Settings>>& scenarios)
      : tmp_(tag) {
    std::vector<std::string> args{"compare"};
    for (const auto& [name, own] : scenarios) {
      write_file(tmp_ / (name + ".yaml"), to_yaml(common + own));
      args.push_back(tmp_ / (name + ".yaml"));
    }
    args.insert(args.end(), {"--out", tmp_ / "compare", "--quiet", "--threads", "2"});
    const CmdResult r = run_gridgov(args);
    INFO(r.command << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    const Csv c = read_csv(tmp_ / "compare/compare.csv");
    for (std::size_t i = 0; i < c.rows.size(); ++i)
      rows_[{c.at(i, "scenario"), c.at(i, "metric")}] = Diff{c.at(i, "scenario"),
                                                             c.at(i, "metric"),
                                                             number(c.at(i, "mean_baseline")),
                                                             number(c.at(i, "mean")),
                                                             number(c.at(i, "diff")),
                                                             number(c.at(i, "diff_ci_low")),
                                                             number(c.at(i, "diff_ci_high"))};
    // Common random numbers: every alternative sees the baseline's issues.
    for (std::size_t k = 1; k < scenarios.size(); ++k) {
      const Diff& d = (*this)(scenarios[k].first, "issues_raised");
      INFO(d.text());
      CHECK(d.diff == 0.0);
      CHECK(d.low == 0.0);
      CHECK(d.high == 0.0);
    }
  }

  const Diff& operator()(const std::string& scenario, const std::string& metric) const {
    const auto it = rows_.find({scenario, metric});
    if (it == rows_.end()) throw std::runtime_error(fmt::format("compare.csv has no row {} / {}", scenario, metric));
    return it->second;
  }

  /// A file (summary.csv, timeseries.csv) of `gridgov run` of one of the scenarios.
  Csv run(const std::string& name, const std::string& file = "summary.csv") const {
    const std::string out = tmp_ / ("run_" + name);
    if (!fs::exists(out)) {
      const CmdResult r = run_gridgov({"run", tmp_ / (name + ".yaml"), "--out", out, "--quiet", "--threads", "2"});
      INFO(r.command << "\n" << r.err);
      REQUIRE(r.exit_code == 0);
    }
    return read_csv(fs::path(out) / file);
  }

 private:
  TempDir tmp_;
  std::map<std::pair<std::string, std::string>, Diff> rows_;
};

/// The direction a metric must move in an alternative, at 95% confidence.
enum class Moves { Up, Down, NotUp };
struct Expect {
  const char* scenario;
  const char* metric;
  Moves moves;
};
constexpr Moves Up = Moves::Up, Down = Moves::Down, NotUp = Moves::NotUp;

/// Checks each expectation on compare.csv's paired interval: Up, its low end above 0; Down, its
/// high end below 0; NotUp (not higher), its low end at or below 0.
void check(const Comparison& c, std::initializer_list<Expect> expectations) {
  for (const Expect& e : expectations) {
    const Diff& d = c(e.scenario, e.metric);
    INFO(d.text());
    switch (e.moves) {
      case Moves::Up:
        CHECK(d.low > 0);
        break;
      case Moves::Down:
        CHECK(d.high < 0);
        break;
      case Moves::NotUp:
        CHECK(d.low <= 0);
        break;
    }
  }
}

/// A summary.csv column, in replicate order.
std::vector<double> column(const Csv& summary, const std::string& metric) {
  std::vector<double> v;
  for (std::size_t r = 0; r < summary.rows.size(); ++r) {
    REQUIRE(summary.num(r, "replicate") == static_cast<double>(r));
    v.push_back(summary.num(r, metric));
  }
  return v;
}

/// Per replicate, the sum of timeseries.csv's `columns` over the days from `first_day` on.
std::vector<double> daily_sum(const Csv& timeseries, const std::vector<std::string>& columns, int first_day) {
  std::vector<double> sums;
  for (std::size_t i = 0; i < timeseries.rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(timeseries.num(i, "replicate"));
    if (r >= sums.size()) sums.resize(r + 1, 0.0);
    if (timeseries.num(i, "day") < first_day) continue;
    for (const auto& col : columns) sums[r] += timeseries.num(i, col);
  }
  return sums;
}

std::string text(const ga::PairedComparison& p, const std::string& what) {
  return fmt::format("{}: mean {:+.5g} [95% CI {:+.5g}, {:+.5g}] over {} replicates (from {:.5g} to {:.5g})", what, p.diff,
                     p.diff_ci_low, p.diff_ci_high, p.n, p.mean_base, p.mean_alt);
}

/// Diminishing returns under common random numbers: per replicate, the gain per unit of the lever
/// from `low` to `mid` exceeds the gain per unit from `mid` to `high` (gain = rise of the metric
/// times `sign`: -1 where a fall is the gain).
void check_diminishing(const std::vector<double>& low, const std::vector<double>& mid, const std::vector<double>& high,
                       double low_step, double high_step, double sign, const std::string& what) {
  REQUIRE(low.size() == mid.size());
  REQUIRE(mid.size() == high.size());
  std::vector<double> first, second;
  for (std::size_t r = 0; r < mid.size(); ++r) {
    first.push_back(sign * (mid[r] - low[r]) / low_step);
    second.push_back(sign * (high[r] - mid[r]) / high_step);
  }
  const auto p = ga::paired_compare(second, first);
  INFO(
      fmt::format("{}: gain per unit {:.5g} over the first step, {:.5g} over the second; difference {:+.5g} [95% CI {:+.5g}, "
                  "{:+.5g}] over {} replicates",
                  what, p.mean_alt, p.mean_base, p.diff, p.diff_ci_low, p.diff_ci_high, p.n));
  CHECK(p.diff_ci_low > 0);
}

}  // namespace

TEST_CASE("lever party.members_per_household 0.05 -> 0.1 -> 0.2: more members find more, fewer complaints, diminishing returns",
          "[system][response]") {
  // A member gives party.hours_per_month, visits first. With 5 hours, the 20 households of a
  // member at 0.05 need 6.7 hours of visits (20 minutes each), so a quarter of the visits are
  // dropped and nothing is left to mediate or take orders; at 0.1 (3.3 hours) every visit is paid
  // for and the spare time mediates; at 0.2 the visits are already whole and the extra spare time
  // mediates more (fewer cases reach the grid, so its backlog, and with it the orders, shrink). (At the default 8 hours the
  // budget does not bind at 0.05 and detection does not move with members.) The grid is busy (600 households per worker), so that
  // spare time matters; building leads are off, so that members' visits, not weekly lead walks, find the unreported needs of
  // vulnerable households.
  const Comparison c(
      "lever_members",
      kDistrict + Settings{{"party.hours_per_month", "5"}, {"leads.enabled", "false"}, {"grid.households_per_worker", "600"}},
      {{"m010", {{"party.members_per_household", "0.1"}}},
       {"m005", {{"party.members_per_household", "0.05"}}},
       {"m020", {{"party.members_per_household", "0.2"}}}});
  // 0.05 -> 0.1: more visits paid for.
  check(c, {{"m005", "found_by_member_visit_share", Down},
            {"m005", "needs_found_share", Down},
            {"m005", "found_proactively_share", Down},
            {"m005", "complaints_per_1000hh_month", Up},
            {"m005", "resolved_by_member_mediation_share", Down}});
  // 0.1 -> 0.2: complaints do not rise; more spare time mediates more.
  check(c, {{"m020", "complaints_per_1000hh_month", NotUp},
            {"m020", "resolved_by_member_mediation_share", Up},
            {"m020", "staff_hours_used_party_member", Up}});
  // Gain per added member: 0.05 -> 0.1 adds 0.05 members per household, 0.1 -> 0.2 adds 0.1.
  const Csv low = c.run("m005"), mid = c.run("m010"), high = c.run("m020");
  for (const char* m : {"found_by_member_visit_share", "needs_found_share"})
    check_diminishing(column(low, m), column(mid, m), column(high, m), 0.05, 0.1, +1, m);
  const char* complaints = "complaints_per_1000hh_month";
  check_diminishing(column(low, complaints), column(mid, complaints), column(high, complaints), 0.05, 0.1, -1, complaints);
}

TEST_CASE("lever leads.households_per_lead 120 -> 60 -> 30: fewer households per lead, more found by lead walks",
          "[system][response]") {
  // Walks per week = min(2, 0.8 x 2.5 h x 60 / (2 min x households per lead)): 0.5, 1, 2.
  const Comparison c("lever_leads", kDistrict,
                     {{"h60", {{"leads.households_per_lead", "60"}}},
                      {"h120", {{"leads.households_per_lead", "120"}}},
                      {"h30", {{"leads.households_per_lead", "30"}}}});
  check(c, {{"h120", "found_by_lead_walk_share", Down},
            {"h30", "found_by_lead_walk_share", Up},
            {"h120", "found_proactively_share", Down},
            {"h30", "found_proactively_share", Up}});
}

TEST_CASE("lever grid.households_per_worker 600 -> 300: more workers, shorter waits and resolution, higher paid cost",
          "[system][response]") {
  // 1,200 households per grid: 2 workers, or 4.
  const Comparison c("lever_workers", kDistrict,
                     {{"w600", {{"grid.households_per_worker", "600"}}}, {"w300", {{"grid.households_per_worker", "300"}}}});
  check(c, {{"w300", "grid_workers", Up},
            {"w300", "time_to_resolve_mean_h", Down},
            {"w300", "grid_wait_mean_h", Down},
            {"w300", "grid_worker_utilisation", Down},
            {"w300", "cost_paid_per_year", Up}});
}

TEST_CASE("lever party.visits_per_month 1 -> 2: more found proactively, more unreported needs found, more member hours",
          "[system][response]") {
  // 16 hours a month pay for two visits to each of a member's 10 households (6.7 hours).
  const Comparison c("lever_visits", kDistrict + Settings{{"party.hours_per_month", "16"}},
                     {{"v1", {{"party.visits_per_month", "1"}}}, {"v2", {{"party.visits_per_month", "2"}}}});
  check(c, {{"v2", "found_by_member_visit_share", Up},
            {"v2", "found_proactively_share", Up},
            {"v2", "needs_found_share", Up},
            {"v2", "time_to_known_mean_h", Down},
            {"v2", "staff_hours_used_party_member", Up}});
}

TEST_CASE("lever deliberation.enabled: without meetings collective issues stay unsettled", "[system][response]") {
  const Comparison c("lever_deliberation", kDistrict,
                     {{"meetings", {{"deliberation.enabled", "true"}}}, {"none", {{"deliberation.enabled", "false"}}}});
  const Diff& settled = c("none", "deliberation_settled");
  INFO(settled.text());
  CHECK(settled.baseline > 0);
  CHECK(settled.mean == 0);
  check(c, {{"none", "resolved_share", Down}, {"none", "issues_open", Up}, {"none", "complaints_per_1000hh_month", Up}});
}

TEST_CASE("lever party.orders.enabled on a busy grid: members take orders, grid workers' load falls", "[system][response]") {
  // 600 households per worker: 2 workers per grid of 1,200, about 94% busy without orders.
  const Comparison c("lever_orders", kDistrict + Settings{{"grid.households_per_worker", "600"}},
                     {{"no_orders", {{"party.orders.enabled", "false"}}}, {"orders", {{"party.orders.enabled", "true"}}}});
  const Diff& share = c("orders", "resolved_by_member_order_share");
  INFO(share.text());
  CHECK(share.baseline == 0);
  check(c, {{"orders", "resolved_by_member_order_share", Up},
            {"orders", "staff_hours_used_grid_worker", Down},
            {"orders", "grid_wait_mean_h", Down},
            {"orders", "grid_worker_utilisation", Down},
            {"orders", "staff_hours_used_party_member", Up}});
}

TEST_CASE("lever volunteers.take_orders: volunteers take the orders members have no time for, grid load falls",
          "[system][response]") {
  // A busy grid (600 households per worker) and few members (one per 50 households, whose
  // monthly hours go on visits): orders find no member with spare time, so without volunteers the
  // cases stay with the grid. Volunteers (one per 20 households, 4 h a month, 0.15 h of it on
  // walks) take them from their remaining hours.
  const Comparison c("lever_volunteer_orders",
                     kDistrict + Settings{{"grid.households_per_worker", "600"},
                                          {"party.members_per_household", "0.02"},
                                          {"party.orders.enabled", "true"},
                                          {"volunteers.enabled", "true"}},
                     {{"walk_only", {{"volunteers.take_orders", "false"}}}, {"orders", {{"volunteers.take_orders", "true"}}}});
  const Diff& share = c("orders", "resolved_by_volunteer_order_share");
  INFO(share.text());
  CHECK(share.baseline == 0);
  check(c, {{"orders", "resolved_by_volunteer_order_share", Up},
            {"orders", "staff_hours_used_grid_worker", Down},
            {"orders", "grid_wait_mean_h", Down},
            {"orders", "staff_hours_used_volunteer", Up}});
  // The same volunteers walk the same buildings either way: what they find does not change.
  const Diff& found = c("orders", "found_by_volunteer_walk_share");
  INFO(found.text());
  CHECK(found.diff == 0);
}

TEST_CASE("levers firms.review.enabled and firms.red_property: fewer complaints about property issues", "[system][response]") {
  // Property complaints hang on the worst firm of a replicate (firm quality is Beta distributed
  // with sd 0.22): 16 smaller grids dealt to 8 firms and 60 replicates, so that one bad firm does
  // not decide the comparison.
  const Settings district = kDistrict + Settings{{"simulation.replicates", "60"},
                                                 {"geography.communities", "4"},
                                                 {"geography.grids_per_community", "4"},
                                                 {"geography.buildings_per_grid", "10"},
                                                 {"geography.households_per_building", "30"},
                                                 {"firms.count", "8"}};
  const Comparison c("lever_firms", district,
                     {{"plain", {}}, {"review", {{"firms.review.enabled", "true"}}}, {"red", {{"firms.red_property", "true"}}}});
  const Diff& listed = c("review", "firms_blacklisted");
  INFO(listed.text());
  CHECK(listed.mean > 0);
  const std::vector<std::string> property{"complaints_repair", "complaints_property_service"};
  const auto base = daily_sum(c.run("plain", "timeseries.csv"), property, kWarmupDays);
  for (const char* alt : {"review", "red"}) {
    const auto p = ga::paired_compare(base, daily_sum(c.run(alt, "timeseries.csv"), property, kWarmupDays));
    INFO(text(p, fmt::format("{} vs plain, repair + property_service complaints after the warm-up", alt)));
    CHECK(p.n == 60);
    CHECK(p.diff_ci_high < 0);
  }
}

TEST_CASE("lever households.trust.contact_gain 0.05 -> 0.2: more trust, fewer residents going straight to 12345",
          "[system][response]") {
  // The direct share moves by about 1% of itself: 30 replicates resolve it.
  const Comparison c(
      "lever_trust", kDistrict + Settings{{"simulation.replicates", "30"}},
      {{"gain005", {{"households.trust.contact_gain", "0.05"}}}, {"gain020", {{"households.trust.contact_gain", "0.2"}}}});
  check(c, {{"gain020", "trust_mean", Up},
            {"gain020", "direct_hotline_share", Down},
            {"gain020", "reported_via_hotline_share", Down}});
}

TEST_CASE("levers of staffing: more workers cost more paid money, more members and lead hours more unpaid hours",
          "[system][response]") {
  // Paid cost counts grid workers' and department staff's working hours but firm staff's hours on
  // cases only (costs.*).
  const Comparison c("lever_staffing", kDistrict,
                     {{"base", {}},
                      {"workers", {{"grid.households_per_worker", "150"}}},
                      {"members", {{"party.members_per_household", "0.2"}}},
                      {"lead_hours", {{"leads.hours_per_week", "5"}}},
                      {"servers", {{"departments.urban_management.servers_per_100k_households", "80"}}}});
  check(c, {{"workers", "cost_paid_per_year", Up},
            {"workers", "staff_hours_available_grid_worker", Up},
            {"members", "unpaid_hours_per_year", Up},
            {"members", "staff_hours_available_party_member", Up},
            {"lead_hours", "unpaid_hours_per_year", Up},
            {"lead_hours", "staff_hours_used_building_lead", Up},
            {"servers", "staff_hours_available_department_staff", Up},
            // Unpaid levers do not raise the paid bill, nor the paid lever the unpaid hours.
            {"members", "cost_paid_per_year", NotUp},
            {"lead_hours", "cost_paid_per_year", NotUp},
            {"workers", "unpaid_hours_per_year", NotUp}});
}

TEST_CASE("lever departments.urban_management.servers_per_100k_households 40 -> 80: the busiest department is less busy",
          "[system][response]") {
  const Comparison c("lever_departments", kDistrict,
                     {{"s40", {{"departments.urban_management.servers_per_100k_households", "40"}}},
                      {"s80", {{"departments.urban_management.servers_per_100k_households", "80"}}}});
  check(c, {{"s80", "department_utilisation_max", Down}, {"s80", "department_utilisation", Down}});
}
