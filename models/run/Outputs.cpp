#include "models/run/Outputs.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <initializer_list>

#include "models/mechanisms/building_leads/Columns.hpp"
#include "models/mechanisms/costs/Columns.hpp"
#include "models/mechanisms/departments/Columns.hpp"
#include "models/mechanisms/grid_workers/Columns.hpp"
#include "models/mechanisms/microgrids/Columns.hpp"
#include "models/mechanisms/party_members/Columns.hpp"
#include "models/mechanisms/property_firms/Columns.hpp"
#include "models/metrics/Columns.hpp"
#include "sim/io/MetricTable.hpp"

namespace gridgov::models {

namespace {

using columns::per_1000_month;
using columns::ratio;
using columns::u;

/// A table's metrics, in column order, from the lists that declare them: the kernel's here, each
/// mechanism's in its folder (models/mechanisms/<name>/Columns.hpp).
template <class M>
std::vector<M> join(std::initializer_list<std::vector<M>> lists) {
  std::vector<M> v;
  for (const auto& l : lists) v.insert(v.end(), l.begin(), l.end());
  return v;
}

const std::vector<Metric>& summary_metrics() {
  static const std::vector<Metric> m = [] {
    const std::vector<Metric> people{
        {{"households", "households", "Households in the district"}, [](const ReplicateMetrics& r) { return u(r.households); }},
        {{"residents", "persons", "households x geography.household_size"},
         [](const ReplicateMetrics& r) { return u(r.households) * r.household_size; }},
    };
    std::vector<Metric> issues{
        {{"issues_raised", "issues", "Issues raised after the warm-up"}, [](const ReplicateMetrics& r) { return u(r.c.raised); }},
        {{"issues_resolved", "issues", "Of those, resolved by the horizon"},
         [](const ReplicateMetrics& r) { return u(r.c.resolved); }},
        {{"issues_open", "issues", "Of those, still open at the horizon"},
         [](const ReplicateMetrics& r) { return u(r.c.raised - r.c.resolved); }},
        {{"resolved_share", "share", "issues_resolved / issues_raised"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.resolved), u(r.c.raised)); }},
        {{"resolved_within_deadline_share", "share",
          "Issues resolved within their deadline, counted from the issue arising / issues_raised"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.within_deadline), u(r.c.raised)); }},
        {{"time_to_resolve_mean_h", "hours", "Mean time from becoming known to resolution, resolved issues"},
         [](const ReplicateMetrics& r) { return ratio(r.c.resolve_hours, u(r.c.resolved)); }},
        {{"time_to_resolve_median_h", "hours", "Median of the same (log-histogram estimate, <1.2% relative error)"},
         [](const ReplicateMetrics& r) { return r.resolve_hist.count() ? r.resolve_hist.quantile(0.5) : std::nan(""); }},
        {{"time_to_resolve_p90_h", "hours", "90th percentile of the same"},
         [](const ReplicateMetrics& r) { return r.resolve_hist.count() ? r.resolve_hist.quantile(0.9) : std::nan(""); }},
        {{"time_to_known_mean_h", "hours", "Mean time from an issue arising to its being reported or found"},
         [](const ReplicateMetrics& r) { return ratio(r.c.find_hours, u(r.c.known)); }},
        {{"time_from_arising_mean_h", "hours",
          "Mean time from an issue arising to its resolution, resolved issues (the resident's clock)"},
         [](const ReplicateMetrics& r) { return ratio(r.c.arising_hours, u(r.c.resolved)); }},
        {{"grid_wait_mean_h", "hours", "Mean wait in line for a grid worker"},
         [](const ReplicateMetrics& r) { return ratio(r.c.wait_hours, u(r.c.waited)); }},
        {{"grid_wait_share", "share", "Cases that had to wait for a grid worker / cases taken by grid workers"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.waited_positive), u(r.c.waited)); }},
        {{"complaints", "complaints", "12345 complaints (direct and after patience ran out; repeats count)"},
         [](const ReplicateMetrics& r) { return u(r.c.complaints); }},
        {{"complaints_per_1000hh_month", "1/(1000 households month)", "Complaints per 1,000 households per month"},
         [](const ReplicateMetrics& r) { return per_1000_month(r, u(r.c.complaints)); }},
        {{"complained_issue_share", "share", "Issues with at least one complaint / issues_raised"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.complained_issues), u(r.c.raised)); }},
        {{"direct_hotline_share", "share", "Complaints that were residents going straight to 12345 / complaints"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.complaints_direct), u(r.c.complaints)); }},
        {{"found_proactively_share", "share",
          "Issues found by a visit, walk or patrol before the resident reported / issues known"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.known - r.c.found[0]), u(r.c.known)); }},
    };
    for (std::size_t f = 1; f < kFounds; ++f)
      issues.push_back({{fmt::format("found_by_{}_share", kFoundNames[f]), "share",
                         fmt::format("Issues first found by {} / issues known", kFoundNames[f])},
                        [f](const ReplicateMetrics& r) { return ratio(u(r.c.found[f]), u(r.c.known)); }});
    for (std::size_t w = 0; w < kVias; ++w)
      issues.push_back({{fmt::format("reported_via_{}_share", kViaNames[w]), "share",
                         fmt::format("Resident reports made to {} / resident reports", kViaNames[w])},
                        [w](const ReplicateMetrics& r) { return ratio(u(r.c.via[w]), u(r.c.found[0])); }});
    for (std::size_t b = 0; b < kBys; ++b)
      issues.push_back({{fmt::format("resolved_by_{}_share", kByNames[b]), "share",
                         fmt::format("Issues closed by {} / issues resolved", kByNames[b])},
                        [b](const ReplicateMetrics& r) { return ratio(u(r.c.by[b]), u(r.c.resolved)); }});
    const std::vector<Metric> households_end{
        {{"satisfaction_mean", "0..1", "Mean household satisfaction at the horizon"},
         [](const ReplicateMetrics& r) { return r.satisfaction_mean; }},
        {{"satisfied_share", "share", "Households with satisfaction >= 0.6 at the horizon"},
         [](const ReplicateMetrics& r) { return r.satisfied_share; }},
        {{"trust_mean", "0..1",
          "Mean household trust in local channels at the horizon (it shrinks the hotline channel's weight)"},
         [](const ReplicateMetrics& r) { return r.trust_mean; }},
        {{"vulnerable_households", "households", "Households with needs they may not report (households.needs.vulnerable_share)"},
         [](const ReplicateMetrics& r) { return u(r.vulnerable_households); }},
        {{"needs_raised", "issues", "Unreported needs raised after the warm-up (issues a vulnerable household never reports)"},
         [](const ReplicateMetrics& r) { return u(r.c.needs); }},
        {{"needs_found", "issues", "Of those, found by a visit, walk or patrol"},
         [](const ReplicateMetrics& r) { return u(r.c.needs_found); }},
        {{"needs_missed", "issues", "Of those, never found by the horizon"},
         [](const ReplicateMetrics& r) { return u(r.c.needs - r.c.needs_found); }},
        {{"needs_found_share", "share", "needs_found / needs_raised"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.needs_found), u(r.c.needs)); }},
    };
    const std::vector<Metric> activity{
        {{"whistles", "cases", "Cases whistled to district departments"},
         [](const ReplicateMetrics& r) { return u(r.c.whistles); }},
        {{"deliberation_settled", "issues", "Issues settled at deliberation meetings"},
         [](const ReplicateMetrics& r) { return u(r.c.settled); }},
        {{"deliberation_brought", "issues", "Issues put on a meeting's list (collective issues and deliberation-handled types)"},
         [](const ReplicateMetrics& r) { return u(r.c.brought); }},
        {{"deliberation_yield", "share", "deliberation_settled / deliberation_brought (Wuxi: 82 collected, 60+ solved)"},
         [](const ReplicateMetrics& r) { return ratio(u(r.c.settled), u(r.c.brought)); }},
        {{"meetings_held", "meetings", "Deliberation meetings held (over all communities, warm-up included)"},
         [](const ReplicateMetrics& r) { return u(r.c.meetings_held); }},
        {{"reopened", "cases", "Closures reopened at follow-up"}, [](const ReplicateMetrics& r) { return u(r.c.reopened); }},
        {{"forced_dispatches", "cases", "Forced dispatches from 12345 that reached the community"},
         [](const ReplicateMetrics& r) { return u(r.c.dispatches); }},
        {{"hotline_contacts", "contacts", "Complaints logged by the 12345 hotline, warm-up included"},
         [](const ReplicateMetrics& r) { return u(r.hotline_contacts); }},
        {{"firms_blacklisted", "listings", "Black-listings of property firms"},
         [](const ReplicateMetrics& r) { return u(r.firms_blacklisted); }},
        {{"firms_redlisted", "listings", "Red-listings of property firms"},
         [](const ReplicateMetrics& r) { return u(r.firms_redlisted); }},
        {{"firms_replaced", "firms", "Firms removed after repeated black-listing and replaced"},
         [](const ReplicateMetrics& r) { return u(r.firms_replaced); }},
    };
    const std::vector<Metric> engine{
        {{"events", "events", "Events processed by the engine"}, [](const ReplicateMetrics& r) { return u(r.events); }},
    };
    return join<Metric>({people, party_member_count_columns(), building_lead_count_columns(), grid_worker_count_columns(), issues,
                         staff_hours_columns(), households_end, grid_worker_utilisation_columns(),
                         firm_staff_utilisation_columns(), department_utilisation_columns(), party_member_time_columns(),
                         microgrid_columns(), activity, cost_columns(), engine, department_load_columns()});
  }();
  return m;
}

std::vector<RowMetric> grid_metrics() {
  const std::vector<RowMetric> kernel{
      {{"households", "households", "Households in the grid"},
       [](const ReplicateMetrics& r, std::size_t g) { return u(r.grid_households[g]); }},
      {{"issues_raised", "issues", "Issues raised after the warm-up"},
       [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].raised); }},
      {{"issues_resolved", "issues", "Of those, resolved"},
       [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].resolved); }},
      {{"resolved_share", "share", "issues_resolved / issues_raised"},
       [](const ReplicateMetrics& r, std::size_t g) { return ratio(u(r.grids[g].resolved), u(r.grids[g].raised)); }},
      {{"time_to_resolve_mean_h", "hours", "Mean time from known to resolved"},
       [](const ReplicateMetrics& r, std::size_t g) { return ratio(r.grids[g].resolve_hours, u(r.grids[g].resolved)); }},
      {{"complaints", "complaints", "12345 complaints"},
       [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].complaints); }},
      {{"complaints_per_1000hh_month", "1/(1000 households month)", "Complaints per 1,000 households per month"},
       [](const ReplicateMetrics& r, std::size_t g) {
         return per_1000_month(u(r.grids[g].complaints), u(r.grid_households[g]), r.hours);
       }},
      {{"found_proactively_share", "share", "Issues found proactively / issues raised"},
       [](const ReplicateMetrics& r, std::size_t g) { return ratio(u(r.grids[g].proactive), u(r.grids[g].raised)); }},
  };
  return join<RowMetric>({kernel, grid_worker_grid_columns()});
}

std::vector<RowMetric> day_metrics() {
  std::vector<RowMetric> v{
      {{"issues_raised", "issues", "Issues raised that day (warm-up included)"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].raised); }},
      {{"issues_resolved", "issues", "Issues resolved that day"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].resolved); }},
      {{"complaints", "complaints", "12345 complaints that day"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].complaints); }},
      {{"found_proactively", "issues", "Issues found proactively that day"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].proactive); }},
      {{"issues_open", "issues", "Open issues at the end of the day"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].open); }},
      {{"grid_queue", "cases", "Cases waiting for grid workers at the end of the day"},
       [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].queue); }},
      {{"satisfaction_mean", "0..1", "Mean household satisfaction at the end of the day"},
       [](const ReplicateMetrics& r, std::size_t d) { return ratio(r.days[d].satisfaction_sum, u(r.households)); }},
  };
  for (std::size_t t = 0; t < kIssueTypes; ++t)
    v.push_back(
        {{fmt::format("complaints_{}", kIssueTypeNames[t]), "complaints",
          fmt::format("12345 complaints that day about {} issues (the complaints column by issue type)", kIssueTypeNames[t])},
         [t](const ReplicateMetrics& r, std::size_t d) {
           return d < r.day_types.size() ? u(r.day_types[d].complaints[t]) : 0.0;
         }});
  return v;
}

std::vector<RowMetric> community_metrics() {
  const std::vector<RowMetric> people{
      {{"grids", "grids", "Grids in the community"},
       [](const ReplicateMetrics& r, std::size_t c) { return u(r.communities[c].grids); }},
      {{"households", "households", "Households in the community"},
       [](const ReplicateMetrics& r, std::size_t c) { return u(r.communities[c].households); }},
  };
  const std::vector<RowMetric> issues{
      {{"issues_raised", "issues", "Issues raised after the warm-up"},
       [](const ReplicateMetrics& r, std::size_t c) { return u(r.communities[c].raised); }},
      {{"issues_resolved", "issues", "Of those, resolved by the horizon"},
       [](const ReplicateMetrics& r, std::size_t c) { return u(r.communities[c].resolved); }},
      {{"resolved_share", "share", "issues_resolved / issues_raised"},
       [](const ReplicateMetrics& r, std::size_t c) { return ratio(u(r.communities[c].resolved), u(r.communities[c].raised)); }},
      {{"complaints", "complaints", "12345 complaints about those issues (repeats count)"},
       [](const ReplicateMetrics& r, std::size_t c) { return u(r.communities[c].complaints); }},
      {{"complaints_per_1000hh_month", "1/(1000 households month)", "Complaints per 1,000 households per month"},
       [](const ReplicateMetrics& r, std::size_t c) {
         return per_1000_month(u(r.communities[c].complaints), u(r.communities[c].households), r.hours);
       }},
      {{"time_to_resolve_mean_h", "hours", "Mean time from becoming known to resolution, resolved issues"},
       [](const ReplicateMetrics& r, std::size_t c) {
         return ratio(r.communities[c].resolve_hours, u(r.communities[c].resolved));
       }},
      {{"satisfaction_mean", "0..1", "Mean household satisfaction at the horizon"},
       [](const ReplicateMetrics& r, std::size_t c) {
         return ratio(r.communities[c].satisfaction_sum, u(r.communities[c].households));
       }},
  };
  return join<RowMetric>(
      {people, party_member_community_columns(), building_lead_community_columns(), grid_worker_community_columns(), issues});
}

const io::Column kReplicate{"replicate", "", "replicate number (random streams are keyed by it)"};
const io::Column kSeed{"seed", "", "simulation.seed of the run"};
const io::Column kDay{"day", "day", "simulated day, from 0"};

using MetricTable = io::MetricTable<ReplicateMetrics>;

/// The key cells every per-replicate table starts with.
void replicate_cells(io::CsvBuilder& b, const ReplicateMetrics& r) {
  b.cell(r.replicate).cell(static_cast<unsigned long long>(r.seed));
}
void seed_cell(io::CsvBuilder& b, const ReplicateMetrics& r) { b.cell(static_cast<unsigned long long>(r.seed)); }

/// A table's distribution over replicates (summary_ci.csv, timeseries_ci.csv, grids_ci.csv).
MetricTable::Ci over_replicates(std::string file, std::string row, std::vector<io::Column> keys,
                                MetricTable::KeyCells key_cells) {
  return {std::move(file),
          std::move(row),
          std::move(keys),
          std::move(key_cells),
          io::Column{"metric", "", "metric name (a column of the per-replicate table)"},
          "replicates"};
}

/// summary.csv and summary_ci.csv: one item per replicate.
const MetricTable& summary_description() {
  static const MetricTable t{
      .file = "summary.csv",
      .row = "replicate",
      .keys = {kReplicate, kSeed},
      .count = [](const ReplicateMetrics&) -> std::size_t { return 1; },
      .key_cells = [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t) { replicate_cells(b, r); },
      .metrics =
          [] {
            std::vector<RowMetric> v;
            for (const auto& m : summary_metrics())
              v.push_back({m.col, [get = m.get](const ReplicateMetrics& r, std::size_t) { return get(r); }});
            return v;
          }(),
      .ci = over_replicates("summary_ci.csv", "summary metric: its distribution over replicates", {kSeed},
                            [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t) { seed_cell(b, r); }),
  };
  return t;
}

/// timeseries.csv and timeseries_ci.csv: one item per day.
const MetricTable& timeseries_description() {
  static const MetricTable t{
      .file = "timeseries.csv",
      .row = "replicate and day",
      .keys = {kReplicate, kSeed, kDay},
      .count = [](const ReplicateMetrics& r) { return r.days.size(); },
      .key_cells =
          [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t d) {
            replicate_cells(b, r);
            b.cell(static_cast<unsigned long long>(d));
          },
      .metrics = day_metrics(),
      .ci = over_replicates("timeseries_ci.csv", "day and metric: distribution over replicates", {kSeed, kDay},
                            [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t d) {
                              seed_cell(b, r);
                              b.cell(static_cast<unsigned long long>(d));
                            }),
  };
  return t;
}

/// grids.csv and grids_ci.csv: one item per grid.
const MetricTable& grids_description() {
  static const MetricTable t{
      .file = "grids.csv",
      .row = "replicate and grid",
      .keys = {kReplicate,
               kSeed,
               {"grid", "", "grid number (global, community by community)"},
               {"community", "", "community number"},
               {"firm", "", "property firm serving the grid's estate"}},
      .count = [](const ReplicateMetrics& r) { return r.grids.size(); },
      .key_cells =
          [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t g) {
            replicate_cells(b, r);
            b.cell(static_cast<unsigned long long>(g)).cell(r.grid_community[g]).cell(r.grid_firm[g]);
          },
      .metrics = grid_metrics(),
      .ci = over_replicates("grids_ci.csv", "grid and metric: distribution over replicates",
                            {kSeed, {"grid", "", "grid number"}, {"community", "", "community number"}},
                            [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t g) {
                              seed_cell(b, r);
                              b.cell(static_cast<unsigned long long>(g)).cell(r.grid_community[g]);
                            }),
  };
  return t;
}

/// communities.csv: one item per community (no distribution over replicates).
const MetricTable& communities_description() {
  static const MetricTable t{
      .file = "communities.csv",
      .row = "replicate and community",
      .keys = {kReplicate, kSeed, {"community", "", "community number"}},
      .count = [](const ReplicateMetrics& r) { return r.communities.size(); },
      .key_cells =
          [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t c) {
            replicate_cells(b, r);
            b.cell(static_cast<unsigned long long>(c));
          },
      .metrics = community_metrics(),
      .ci = {},
  };
  return t;
}

/// departments.csv: one item per district department (no distribution over replicates).
const MetricTable& departments_description() {
  static const MetricTable t{
      .file = "departments.csv",
      .row = "replicate and district department",
      .keys = {kReplicate, kSeed, {"department", "", fmt::format("{}", fmt::join(kDepartmentNames, " | "))}},
      .count = [](const ReplicateMetrics& r) { return r.departments.size(); },
      .key_cells =
          [](io::CsvBuilder& b, const ReplicateMetrics& r, std::size_t d) {
            replicate_cells(b, r);
            b.cell(kDepartmentNames[d]);
          },
      .metrics = department_columns(),
      .ci = {},
  };
  return t;
}

}  // namespace

const io::TableSpec& summary_table() {
  static const io::TableSpec t = summary_description().spec();
  return t;
}
const io::TableSpec& summary_ci_table() {
  static const io::TableSpec t = summary_description().ci_spec();
  return t;
}
const io::TableSpec& timeseries_table() {
  static const io::TableSpec t = timeseries_description().spec();
  return t;
}
const io::TableSpec& timeseries_ci_table() {
  static const io::TableSpec t = timeseries_description().ci_spec();
  return t;
}
const io::TableSpec& grids_table() {
  static const io::TableSpec t = grids_description().spec();
  return t;
}
const io::TableSpec& grids_ci_table() {
  static const io::TableSpec t = grids_description().ci_spec();
  return t;
}
const io::TableSpec& communities_table() {
  static const io::TableSpec t = communities_description().spec();
  return t;
}
const io::TableSpec& departments_table() {
  static const io::TableSpec t = departments_description().spec();
  return t;
}

const io::TableSpec& firms_table() {
  static const io::TableSpec t{
      "firms.csv",
      "replicate, property firm and review period (from one red/black-list review to the next; the last period ends at "
      "the horizon)",
      {kReplicate,
       kSeed,
       {"firm", "", "property firm number (grids.csv's firm column)"},
       {"period", "", "review period, from 0"},
       {"t_start_h", "hours", "start of the period (the previous review, or 0)"},
       {"t_end_h", "hours", "end of the period (the review, or the horizon)"},
       {"reviewed", "", "1 when a review closed the period, 0 when it ended at the horizon (or firms.review is off)"},
       {"households", "households", "Households in the firm's estates"},
       {"quality", "0..1", "The firm's effective quality at the end of the period, before the review (red property included)"},
       {"quality_after", "0..1", "After the review: raised under black-list pressure, or the new firm's after a replacement"},
       {"list", "", "The review's verdict: black | red | none (empty when not reviewed)"},
       {"complaints", "complaints",
        "12345 complaints about issues the firm handles in its estates during the period (warm-up included; the sum over firms "
        "and periods is the firm-handled issue types' daily complaints summed over days)"},
       {"complaints_per_1000hh_month", "1/(1000 households month)",
        "Complaints per 1,000 of its households per month of the period"},
       {"replaced", "", "1 when the review removed the firm and a new one took over the estates"},
       {"generation", "", "Firms replaced in these estates so far (0: the first firm)"},
       {"black_listings", "listings",
        "The current firm's black-listings so far (it is replaced at firms.review.replace_after)"}}};
  return t;
}
const io::TableSpec& buildings_table() {
  static const io::TableSpec t{
      "buildings.csv",
      "building (the geography every replicate shares)",
      {{"building", "", "building number (global, grid by grid; the order of the geography)"},
       {"id", "", "building identifier: b<number> for lattices, the id column of geography.buildings_csv otherwise"},
       {"community", "", "community number"},
       {"grid", "", "grid number (global, community by community)"},
       {"microgrid", "",
        "micro-grid number (global, grid by grid; geography.buildings_per_microgrid or the microgrid column of "
        "geography.buildings_csv)"},
       {"x", "length unit of the input", "easting: lattice coordinate, or the x column of geography.buildings_csv"},
       {"y", "length unit of the input", "northing, in the same unit as x"},
       {"households", "households", "Households living in the building"},
       {"station", "",
        "1 when a party-mass service station stands in the building (geography.stations_per_community spread over each "
        "community), else 0"}}};
  return t;
}
const io::TableSpec& issues_table() {
  static const io::TableSpec t{
      "issues.csv",
      "issue raised after the warm-up (written when simulation.issue_log is true)",
      {kReplicate,
       {"household", "", "global household number"},
       {"issue", "", "the household's issue number"},
       {"grid", "", "grid number"},
       {"type", "", "issue type"},
       {"severity", "", "minor | ordinary | urgent"},
       {"nature", "", "ordinary | collective | escalate"},
       {"found_by", "", fmt::format("{} (empty when never found)", fmt::join(kFoundNames, " | "))},
       {"reported_via", "", "channel of a resident report (empty when found proactively or never found)"},
       {"handled_by", "", "last handler (empty while latent, with the hotline or waiting for the meeting)"},
       {"state", "", "final state (resolved or an open state)"},
       {"complaints", "complaints", "12345 complaints about it"},
       {"reopened", "times", "reopenings at follow-up"},
       {"t_raised_h", "hours", "when it arose"},
       {"t_known_h", "hours", "when it was reported or found (NA if never)"},
       {"t_resolved_h", "hours", "when it was resolved (NA if open)"}}};
  return t;
}

std::vector<const io::TableSpec*> all_tables() {
  return {&summary_table(), &summary_ci_table(), &timeseries_table(),  &timeseries_ci_table(),
          &grids_table(),   &grids_ci_table(),   &communities_table(), &departments_table(),
          &firms_table(),   &buildings_table(),  &issues_table()};
}

std::string outputs_markdown() {
  return io::dictionary_markdown(
      all_tables(),
      "# Output files\n\n<!-- Generated by `gridgov outputs --markdown` from models/run/Outputs.cpp. Do not edit by "
      "hand: a test fails when this file is stale. -->\n\n`gridgov run` writes these files into `--out`, each "
      "atomically, together with `scenario.resolved.yaml` (every parameter, the seed and the gridgov version: running "
      "it again reproduces the CSV files byte for byte) and `dictionary.csv` (this table as CSV). Missing values are "
      "written `NA`. Times are in hours from the start of the run.\n");
}

std::vector<std::string> summary_metric_names() {
  std::vector<std::string> n;
  for (const auto& m : summary_metrics()) n.push_back(m.col.name);
  return n;
}

std::vector<double> day_values(const ReplicateMetrics& r, std::size_t day) {
  std::vector<double> v;
  for (const auto& m : timeseries_description().metrics) v.push_back(m.get(r, day));
  return v;
}

std::vector<io::Column> day_metric_columns() {
  std::vector<io::Column> c;
  for (const auto& m : timeseries_description().metrics) c.push_back(m.col);
  return c;
}

std::vector<double> summary_values(const ReplicateMetrics& r) {
  std::vector<double> v;
  for (const auto& m : summary_metrics()) v.push_back(m.get(r));
  return v;
}

std::string summary_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_csv(summary_description(), reps); }
std::string summary_ci_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_ci_csv(summary_description(), reps); }
std::string timeseries_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_csv(timeseries_description(), reps); }
std::string timeseries_ci_csv(const std::vector<ReplicateMetrics>& reps) {
  return io::metric_ci_csv(timeseries_description(), reps);
}
std::string grids_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_csv(grids_description(), reps); }
std::string grids_ci_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_ci_csv(grids_description(), reps); }
std::string communities_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_csv(communities_description(), reps); }
std::string departments_csv(const std::vector<ReplicateMetrics>& reps) { return io::metric_csv(departments_description(), reps); }

std::string firms_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(firms_table());
  for (const auto& r : reps)
    for (const FirmPeriod& p : r.firm_periods) {
      b.cell(r.replicate)
          .cell(static_cast<unsigned long long>(r.seed))
          .cell(p.firm)
          .cell(p.period)
          .cell(p.t_start)
          .cell(p.t_end)
          .cell(p.reviewed ? 1u : 0u)
          .cell(static_cast<unsigned long long>(p.households))
          .cell(p.quality)
          .cell(p.quality_after)
          .cell(p.reviewed ? kFirmListNames[static_cast<std::size_t>(p.list)] : "")
          .cell(static_cast<unsigned long long>(p.complaints))
          .cell(per_1000_month(u(p.complaints), u(p.households), p.t_end - p.t_start))
          .cell(p.replaced ? 1u : 0u)
          .cell(p.generation)
          .cell(p.black_listings);
      b.end_row();
    }
  return b.text();
}

std::string buildings_csv(const Geography& geo, std::uint32_t stations_per_community) {
  std::vector<char> station(geo.buildings.size(), 0);
  if (stations_per_community > 0)
    for (std::uint32_t c = 0; c < geo.communities; ++c)
      for (const auto b : spread_sites(geo, c, stations_per_community)) station[b] = 1;
  io::CsvBuilder t(buildings_table());
  for (std::size_t b = 0; b < geo.buildings.size(); ++b) {
    const Building& x = geo.buildings[b];
    t.cell(static_cast<unsigned long long>(b))
        .cell(x.id)
        .cell(x.community)
        .cell(x.grid)
        .cell(x.microgrid)
        .cell(x.x)
        .cell(x.y)
        .cell(x.households)
        .cell(station[b] ? 1u : 0u);
    t.end_row();
  }
  return t.text();
}

std::string issues_csv(const std::vector<std::pair<std::uint32_t, std::vector<IssueLogRow>>>& logs) {
  static const char* sev[] = {"minor", "ordinary", "urgent"};
  static const char* nat[] = {"ordinary", "collective", "escalate"};
  io::CsvBuilder b(issues_table());
  for (const auto& [rep, rows] : logs)
    for (const auto& x : rows) {
      const bool latent = x.state == static_cast<std::uint8_t>(IssueState::Latent);  // never found: no finder, no channel
      b.cell(rep)
          .cell(x.household)
          .cell(x.index)
          .cell(x.grid)
          .cell(kIssueTypeNames[x.type])
          .cell(sev[x.severity])
          .cell(nat[x.nature])
          .cell(latent ? "" : kFoundNames[x.found])
          .cell(!latent && x.found == 0 ? kViaNames[x.via] : "")
          .cell(x.state == 0 || x.state == 1 || x.state == static_cast<std::uint8_t>(IssueState::AtMeeting) ? "" : kByNames[x.by])
          .cell(kIssueStateNames[x.state])
          .cell(static_cast<unsigned>(x.complaints))
          .cell(static_cast<unsigned>(x.passes))
          .cell(x.t_raised)
          .cell(x.state == 0 ? std::nan("") : x.t_known)
          .cell(x.t_resolved);
      b.end_row();
    }
  return b.text();
}

}  // namespace gridgov::models
