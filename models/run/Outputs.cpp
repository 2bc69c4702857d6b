#include "models/run/Outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "analysis/Statistics.hpp"

namespace gridgov::models {

namespace {

using Getter = std::function<double(const ReplicateMetrics&)>;
struct Metric {
  io::Column col;
  Getter get;
};

double ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }
double u(std::uint64_t x) { return static_cast<double>(x); }
double per_1000_month(const ReplicateMetrics& r, double count) {
  return ratio(count * 1000.0, static_cast<double>(r.households) * r.hours / kHoursPerMonth);
}

const std::vector<Metric>& summary_metrics() {
  static const std::vector<Metric> m = [] {
    std::vector<Metric> v{
        {{"households", "households", "Households in the district"}, [](const ReplicateMetrics& r) { return u(r.households); }},
        {{"residents", "persons", "households x geography.household_size"}, [](const ReplicateMetrics& r) { return u(r.households) * r.household_size; }},
        {{"party_members", "persons", "Party members (under the policy in force at the horizon)"}, [](const ReplicateMetrics& r) { return u(r.members); }},
        {{"central_members", "persons", "Central-household members, each linking about party.members_per_central members"}, [](const ReplicateMetrics& r) { return u(r.central_members); }},
        {{"building_leads", "persons", "Governance building leads"}, [](const ReplicateMetrics& r) { return u(r.leads); }},
        {{"grid_workers", "persons", "Grid workers"}, [](const ReplicateMetrics& r) { return u(r.workers); }},
        {{"issues_raised", "issues", "Issues raised after the warm-up"}, [](const ReplicateMetrics& r) { return u(r.c.raised); }},
        {{"issues_resolved", "issues", "Of those, resolved by the horizon"}, [](const ReplicateMetrics& r) { return u(r.c.resolved); }},
        {{"issues_open", "issues", "Of those, still open at the horizon"}, [](const ReplicateMetrics& r) { return u(r.c.raised - r.c.resolved); }},
        {{"resolved_share", "share", "issues_resolved / issues_raised"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.resolved), u(r.c.raised)); }},
        {{"resolved_within_deadline_share", "share", "Issues resolved within their deadline (from becoming known) / issues_raised"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.within_deadline), u(r.c.raised)); }},
        {{"time_to_resolve_mean_h", "hours", "Mean time from becoming known to resolution, resolved issues"}, [](const ReplicateMetrics& r) { return ratio(r.c.resolve_hours, u(r.c.resolved)); }},
        {{"time_to_resolve_median_h", "hours", "Median of the same (log-histogram estimate, <1.2% relative error)"}, [](const ReplicateMetrics& r) { return r.resolve_hist.count() ? r.resolve_hist.quantile(0.5) : std::nan(""); }},
        {{"time_to_resolve_p90_h", "hours", "90th percentile of the same"}, [](const ReplicateMetrics& r) { return r.resolve_hist.count() ? r.resolve_hist.quantile(0.9) : std::nan(""); }},
        {{"time_to_known_mean_h", "hours", "Mean time from an issue arising to its being reported or found"}, [](const ReplicateMetrics& r) { return ratio(r.c.find_hours, u(r.c.known)); }},
        {{"grid_wait_mean_h", "hours", "Mean wait in line for a grid worker"}, [](const ReplicateMetrics& r) { return ratio(r.c.wait_hours, u(r.c.waited)); }},
        {{"grid_wait_share", "share", "Cases that had to wait for a grid worker / cases taken by grid workers"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.waited_positive), u(r.c.waited)); }},
        {{"complaints", "complaints", "12345 complaints (direct and after patience ran out; repeats count)"}, [](const ReplicateMetrics& r) { return u(r.c.complaints); }},
        {{"complaints_per_1000hh_month", "1/(1000 households month)", "Complaints per 1,000 households per month"}, [](const ReplicateMetrics& r) { return per_1000_month(r, u(r.c.complaints)); }},
        {{"complained_issue_share", "share", "Issues with at least one complaint / issues_raised"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.complained_issues), u(r.c.raised)); }},
        {{"direct_hotline_share", "share", "Complaints that were residents going straight to 12345 / complaints"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.complaints_direct), u(r.c.complaints)); }},
        {{"found_proactively_share", "share", "Issues found by a visit, walk or patrol before the resident reported / issues known"}, [](const ReplicateMetrics& r) { return ratio(u(r.c.known - r.c.found[0]), u(r.c.known)); }},
    };
    for (std::size_t f = 1; f < kFounds; ++f)
      v.push_back({{fmt::format("found_by_{}_share", kFoundNames[f]), "share", fmt::format("Issues first found by {} / issues known", kFoundNames[f])},
                   [f](const ReplicateMetrics& r) { return ratio(u(r.c.found[f]), u(r.c.known)); }});
    for (std::size_t w = 0; w < kVias; ++w)
      v.push_back({{fmt::format("reported_via_{}_share", kViaNames[w]), "share", fmt::format("Resident reports made to {} / resident reports", kViaNames[w])},
                   [w](const ReplicateMetrics& r) { return ratio(u(r.c.via[w]), u(r.c.found[0])); }});
    for (std::size_t b = 0; b < kBys; ++b)
      v.push_back({{fmt::format("resolved_by_{}_share", kByNames[b]), "share", fmt::format("Issues closed by {} / issues resolved", kByNames[b])},
                   [b](const ReplicateMetrics& r) { return ratio(u(r.c.by[b]), u(r.c.resolved)); }});
    std::vector<Metric> tail{
        {{"satisfaction_mean", "0..1", "Mean household satisfaction at the horizon"}, [](const ReplicateMetrics& r) { return r.satisfaction_mean; }},
        {{"satisfied_share", "share", "Households with satisfaction >= 0.6 at the horizon"}, [](const ReplicateMetrics& r) { return r.satisfied_share; }},
        {{"grid_worker_utilisation", "share", "Busy grid-worker hours / grid-worker hours"}, [](const ReplicateMetrics& r) { return ratio(r.worker_busy, r.worker_capacity); }},
        {{"firm_staff_utilisation", "share", "Busy firm-staff hours / firm-staff hours"}, [](const ReplicateMetrics& r) { return ratio(r.firm_busy, r.firm_capacity); }},
        {{"department_utilisation", "share", "Busy department-server hours / department-server hours"}, [](const ReplicateMetrics& r) { return ratio(r.dept_busy, r.dept_capacity); }},
        {{"member_time_use", "share", "Hours party members spend visiting / hours they can give"}, [](const ReplicateMetrics& r) { return ratio(r.member_hours_used, r.member_hours_available); }},
        {{"microgrid_leads", "persons", "Micro-grid leads walking their micro-grids (microgrids.*; policy at the horizon)"}, [](const ReplicateMetrics& r) { return u(r.microgrid_leads); }},
        {{"microgrid_lead_hours_available", "hours", "Unpaid hours micro-grid leads give over the measured span (microgrids.hours_per_week each)"}, [](const ReplicateMetrics& r) { return r.microgrid_hours_available; }},
        {{"microgrid_lead_hours_used", "hours", "Of those, hours spent walking (walks a week x microgrids.minutes_per_household x households)"}, [](const ReplicateMetrics& r) { return r.microgrid_hours_used; }},
        {{"whistles", "cases", "Cases whistled to district departments"}, [](const ReplicateMetrics& r) { return u(r.c.whistles); }},
        {{"deliberation_settled", "issues", "Issues settled at deliberation meetings"}, [](const ReplicateMetrics& r) { return u(r.c.settled); }},
        {{"reopened", "cases", "Closures reopened at follow-up"}, [](const ReplicateMetrics& r) { return u(r.c.reopened); }},
        {{"forced_dispatches", "cases", "Forced dispatches from 12345 that reached the community"}, [](const ReplicateMetrics& r) { return u(r.c.dispatches); }},
        {{"hotline_contacts", "contacts", "Complaints logged by the 12345 hotline, warm-up included"}, [](const ReplicateMetrics& r) { return u(r.hotline_contacts); }},
        {{"firms_blacklisted", "listings", "Black-listings of property firms"}, [](const ReplicateMetrics& r) { return u(r.firms_blacklisted); }},
        {{"firms_redlisted", "listings", "Red-listings of property firms"}, [](const ReplicateMetrics& r) { return u(r.firms_redlisted); }},
        {{"firms_replaced", "firms", "Firms removed after repeated black-listing and replaced"}, [](const ReplicateMetrics& r) { return u(r.firms_replaced); }},
        {{"events", "events", "Events processed by the engine"}, [](const ReplicateMetrics& r) { return u(r.events); }},
    };
    v.insert(v.end(), tail.begin(), tail.end());
    return v;
  }();
  return m;
}

struct GridMetric {
  io::Column col;
  std::function<double(const ReplicateMetrics&, std::size_t)> get;
};
const std::vector<GridMetric>& grid_metrics() {
  static const std::vector<GridMetric> m{
      {{"households", "households", "Households in the grid"}, [](const ReplicateMetrics& r, std::size_t g) { return u(r.grid_households[g]); }},
      {{"issues_raised", "issues", "Issues raised after the warm-up"}, [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].raised); }},
      {{"issues_resolved", "issues", "Of those, resolved"}, [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].resolved); }},
      {{"resolved_share", "share", "issues_resolved / issues_raised"}, [](const ReplicateMetrics& r, std::size_t g) { return ratio(u(r.grids[g].resolved), u(r.grids[g].raised)); }},
      {{"time_to_resolve_mean_h", "hours", "Mean time from known to resolved"}, [](const ReplicateMetrics& r, std::size_t g) { return ratio(r.grids[g].resolve_hours, u(r.grids[g].resolved)); }},
      {{"complaints", "complaints", "12345 complaints"}, [](const ReplicateMetrics& r, std::size_t g) { return u(r.grids[g].complaints); }},
      {{"complaints_per_1000hh_month", "1/(1000 households month)", "Complaints per 1,000 households per month"}, [](const ReplicateMetrics& r, std::size_t g) { return ratio(u(r.grids[g].complaints) * 1000.0, u(r.grid_households[g]) * r.hours / kHoursPerMonth); }},
      {{"found_proactively_share", "share", "Issues found proactively / issues raised"}, [](const ReplicateMetrics& r, std::size_t g) { return ratio(u(r.grids[g].proactive), u(r.grids[g].raised)); }},
      {{"grid_worker_utilisation", "share", "Busy grid-worker hours / grid-worker hours"}, [](const ReplicateMetrics& r, std::size_t g) { return ratio(r.grids[g].worker_busy, r.grids[g].worker_capacity); }},
  };
  return m;
}

struct DayMetric {
  io::Column col;
  std::function<double(const ReplicateMetrics&, std::size_t)> get;
};
const std::vector<DayMetric>& day_metrics() {
  static const std::vector<DayMetric> m{
      {{"issues_raised", "issues", "Issues raised that day (warm-up included)"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].raised); }},
      {{"issues_resolved", "issues", "Issues resolved that day"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].resolved); }},
      {{"complaints", "complaints", "12345 complaints that day"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].complaints); }},
      {{"found_proactively", "issues", "Issues found proactively that day"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].proactive); }},
      {{"issues_open", "issues", "Open issues at the end of the day"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].open); }},
      {{"grid_queue", "cases", "Cases waiting for grid workers at the end of the day"}, [](const ReplicateMetrics& r, std::size_t d) { return u(r.days[d].queue); }},
      {{"satisfaction_mean", "0..1", "Mean household satisfaction at the end of the day"}, [](const ReplicateMetrics& r, std::size_t d) { return ratio(r.days[d].satisfaction_sum, u(r.households)); }},
  };
  return m;
}

io::TableSpec make_table(std::string file, std::string row, std::vector<io::Column> keys, const auto& metrics) {
  io::TableSpec t{std::move(file), std::move(row), std::move(keys)};
  for (const auto& m : metrics) t.columns.push_back(m.col);
  return t;
}

std::vector<io::Column> ci_columns(std::vector<io::Column> keys) {
  std::vector<io::Column> c = std::move(keys);
  c.push_back({"metric", "", "metric name (a column of the per-replicate table)"});
  const auto stats = summary_stat_columns("replicates");
  c.insert(c.end(), stats.begin(), stats.end());
  return c;
}

void ci_row(io::CsvBuilder& b, const std::string& metric, const std::vector<double>& values) {
  b.cell(metric);
  summary_stat_cells(b, analysis::summarize(values));
  b.end_row();
}

const io::Column kReplicate{"replicate", "", "replicate number (random streams are keyed by it)"};
const io::Column kSeed{"seed", "", "simulation.seed of the run"};

}  // namespace

const io::TableSpec& summary_table() {
  static const io::TableSpec t = make_table("summary.csv", "replicate", {kReplicate, kSeed}, summary_metrics());
  return t;
}
const io::TableSpec& summary_ci_table() {
  static const io::TableSpec t{"summary_ci.csv", "summary metric: its distribution over replicates", ci_columns({kSeed})};
  return t;
}
const io::TableSpec& timeseries_table() {
  static const io::TableSpec t = make_table("timeseries.csv", "replicate and day",
                                            {kReplicate, kSeed, {"day", "day", "simulated day, from 0"}}, day_metrics());
  return t;
}
const io::TableSpec& timeseries_ci_table() {
  static const io::TableSpec t{"timeseries_ci.csv", "day and metric: distribution over replicates",
                               ci_columns({kSeed, {"day", "day", "simulated day, from 0"}})};
  return t;
}
const io::TableSpec& grids_table() {
  static const io::TableSpec t = make_table(
      "grids.csv", "replicate and grid",
      {kReplicate, kSeed, {"grid", "", "grid number (global, community by community)"}, {"community", "", "community number"},
       {"firm", "", "property firm serving the grid's estate"}},
      grid_metrics());
  return t;
}
const io::TableSpec& grids_ci_table() {
  static const io::TableSpec t{"grids_ci.csv", "grid and metric: distribution over replicates",
                               ci_columns({kSeed, {"grid", "", "grid number"}, {"community", "", "community number"}})};
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
       {"microgrid", "", "micro-grid number (global, grid by grid; geography.buildings_per_microgrid or the microgrid column of geography.buildings_csv)"},
       {"x", "length unit of the input", "easting: lattice coordinate, or the x column of geography.buildings_csv"},
       {"y", "length unit of the input", "northing, in the same unit as x"},
       {"households", "households", "Households living in the building"},
       {"station", "", "1 when a party-mass service station stands in the building (geography.stations_per_community spread over each community), else 0"}}};
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
       {"found_by", "", "resident | member_visit | lead_walk | patrol | grid_visit"},
       {"reported_via", "", "channel of a resident report (empty when found proactively)"},
       {"handled_by", "", "last handler (empty while latent or with the hotline)"},
       {"state", "", "final state (resolved or an open state)"},
       {"complaints", "complaints", "12345 complaints about it"},
       {"reopened", "times", "reopenings at follow-up"},
       {"t_raised_h", "hours", "when it arose"},
       {"t_known_h", "hours", "when it was reported or found (NA if never)"},
       {"t_resolved_h", "hours", "when it was resolved (NA if open)"}}};
  return t;
}

std::vector<const io::TableSpec*> all_tables() {
  return {&summary_table(), &summary_ci_table(), &timeseries_table(), &timeseries_ci_table(),
          &grids_table(),   &grids_ci_table(),   &buildings_table(),   &issues_table()};
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

std::vector<io::Column> summary_stat_columns(const std::string& count_unit) {
  return {{"n", count_unit, count_unit + " with a value"},
          {"mean", "metric's unit", "mean over " + count_unit},
          {"sd", "metric's unit", "sample standard deviation over " + count_unit + " (n - 1)"},
          {"ci_low", "metric's unit", "lower bound of the 95% confidence interval of the mean (Student t, n - 1 degrees of freedom)"},
          {"ci_high", "metric's unit", "upper bound of the same"},
          {"median", "metric's unit", "median over " + count_unit},
          {"p10", "metric's unit", "10th percentile over " + count_unit + " (type 7)"},
          {"p90", "metric's unit", "90th percentile over " + count_unit + " (type 7)"}};
}

void summary_stat_cells(io::CsvBuilder& b, const analysis::Summary& s) {
  b.cell(static_cast<unsigned long long>(s.n)).cell(s.mean).cell(s.sd).cell(s.ci_low).cell(s.ci_high).cell(s.median)
      .cell(s.p10).cell(s.p90);
}

std::vector<std::string> summary_metric_names() {
  std::vector<std::string> n;
  for (const auto& m : summary_metrics()) n.push_back(m.col.name);
  return n;
}

std::vector<double> day_values(const ReplicateMetrics& r, std::size_t day) {
  std::vector<double> v;
  for (const auto& m : day_metrics()) v.push_back(m.get(r, day));
  return v;
}

std::vector<io::Column> day_metric_columns() {
  std::vector<io::Column> c;
  for (const auto& m : day_metrics()) c.push_back(m.col);
  return c;
}

std::vector<double> summary_values(const ReplicateMetrics& r) {
  std::vector<double> v;
  for (const auto& m : summary_metrics()) v.push_back(m.get(r));
  return v;
}

std::string summary_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(summary_table());
  for (const auto& r : reps) {
    b.cell(r.replicate).cell(static_cast<unsigned long long>(r.seed));
    for (const auto& m : summary_metrics()) b.cell(m.get(r));
    b.end_row();
  }
  return b.text();
}

std::string summary_ci_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(summary_ci_table());
  for (const auto& m : summary_metrics()) {
    std::vector<double> v;
    for (const auto& r : reps) v.push_back(m.get(r));
    b.cell(static_cast<unsigned long long>(reps.empty() ? 0 : reps[0].seed));
    ci_row(b, m.col.name, v);
  }
  return b.text();
}

std::string timeseries_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(timeseries_table());
  for (const auto& r : reps)
    for (std::size_t d = 0; d < r.days.size(); ++d) {
      b.cell(r.replicate).cell(static_cast<unsigned long long>(r.seed)).cell(static_cast<unsigned long long>(d));
      for (const auto& m : day_metrics()) b.cell(m.get(r, d));
      b.end_row();
    }
  return b.text();
}

std::string timeseries_ci_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(timeseries_ci_table());
  if (reps.empty()) return b.text();
  for (std::size_t d = 0; d < reps[0].days.size(); ++d)
    for (const auto& m : day_metrics()) {
      std::vector<double> v;
      for (const auto& r : reps) v.push_back(m.get(r, d));
      b.cell(static_cast<unsigned long long>(reps[0].seed)).cell(static_cast<unsigned long long>(d));
      ci_row(b, m.col.name, v);
    }
  return b.text();
}

std::string grids_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(grids_table());
  for (const auto& r : reps)
    for (std::size_t g = 0; g < r.grids.size(); ++g) {
      b.cell(r.replicate).cell(static_cast<unsigned long long>(r.seed)).cell(static_cast<unsigned long long>(g))
          .cell(r.grid_community[g]).cell(r.grid_firm[g]);
      for (const auto& m : grid_metrics()) b.cell(m.get(r, g));
      b.end_row();
    }
  return b.text();
}

std::string grids_ci_csv(const std::vector<ReplicateMetrics>& reps) {
  io::CsvBuilder b(grids_ci_table());
  if (reps.empty()) return b.text();
  for (std::size_t g = 0; g < reps[0].grids.size(); ++g)
    for (const auto& m : grid_metrics()) {
      std::vector<double> v;
      for (const auto& r : reps) v.push_back(m.get(r, g));
      b.cell(static_cast<unsigned long long>(reps[0].seed)).cell(static_cast<unsigned long long>(g)).cell(reps[0].grid_community[g]);
      ci_row(b, m.col.name, v);
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
    t.cell(static_cast<unsigned long long>(b)).cell(x.id).cell(x.community).cell(x.grid).cell(x.microgrid).cell(x.x).cell(x.y)
        .cell(x.households).cell(station[b] ? 1u : 0u);
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
      b.cell(rep).cell(x.household).cell(x.index).cell(x.grid).cell(kIssueTypeNames[x.type]).cell(sev[x.severity])
          .cell(nat[x.nature]).cell(kFoundNames[x.found]).cell(x.found == 0 ? kViaNames[x.via] : "")
          .cell(x.state == 0 || x.state == 1 ? "" : kByNames[x.by]).cell(kIssueStateNames[x.state]).cell(static_cast<unsigned>(x.complaints))
          .cell(static_cast<unsigned>(x.passes)).cell(x.t_raised)
          .cell(x.state == 0 ? std::nan("") : x.t_known).cell(x.t_resolved);
      b.end_row();
    }
  return b.text();
}

}  // namespace gridgov::models
