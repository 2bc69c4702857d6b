#include "models/compare/Compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analysis/Paired.hpp"
#include "models/run/Outputs.hpp"
#include "sim/experiment/SweepRun.hpp"
#include "sim/io/Csv.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::models::compare {

namespace fs = std::filesystem;
using schema::InputError;

namespace {

const io::Column kSeedCol{
    "seed", "", "simulation.seed of every run compared (all scenarios use it, with the replicate index, as random-stream keys)"};
const io::Column kBaselineCol{"baseline", "",
                              "Baseline scenario (its file name without .yaml; a design point's name or id with --sweep)"};
const io::Column kScenarioCol{"scenario", "", "Alternative scenario compared with the baseline (named the same way)"};

/// The unit of a summary metric, from summary.csv's declaration.
std::string unit_of(const std::string& metric) {
  for (const auto& c : summary_table().columns)
    if (c.name == metric) return c.unit;
  return "";
}

std::string num(double x, const char* spec = "{:.4g}") {
  if (std::isnan(x)) return "NA";
  return fmt::format(fmt::runtime(spec), x);
}

/// Folder-name-safe unique names: the file stems, with _2, _3, ... for repeats.
std::vector<std::string> scenario_names(const std::vector<std::string>& files) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& f : files) {
    std::string stem = fs::path(f).stem().string();
    if (stem.empty()) stem = "scenario";
    std::string name = stem;
    for (int i = 2; used.count(name); ++i) name = stem + "_" + std::to_string(i);
    used.insert(name);
    names.push_back(name);
  }
  return names;
}

void check_out(const std::string& out, bool force) {
  try {
    io::check_output_dir(out, force);
  } catch (const io::OutputError& e) {
    throw InputError(e.what());  // a refused folder is bad input: exit 2, nothing written
  }
}

/// A whole small CSV file of a sweep folder (one record per line).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  long col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<long>(it - header.begin());
  }
};

Table read_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  auto csv = io::CsvTable::parse(text.str(), path, /*check_widths=*/false);
  if (csv.header_line == 0) throw InputError(path + ":1:1: empty file; expected a header line");
  Table t;
  t.header = std::move(csv.header);
  for (std::size_t r = 0; r < csv.rows.size(); ++r)
    if (csv.rows[r].size() != t.header.size())
      throw InputError(fmt::format("{}:{}:1: {} cells, expected {} as in the header", path, csv.row_lines[r], csv.rows[r].size(),
                                   t.header.size()));
  t.rows = std::move(csv.rows);
  return t;
}

double parse_cell(const std::string& s) {
  double v = std::nan("");
  io::number_cell(s, v);  // anything else than a number reads as missing
  return v;
}

}  // namespace

// ---- values ------------------------------------------------------------------------------------

ScenarioValues values_of(const std::string& name, const RunResult& r) {
  ScenarioValues v;
  v.name = name;
  const std::size_t reps = r.replicates.size();
  v.seed = reps ? r.replicates.front().seed : 0;
  const std::size_t nm = summary_metric_names().size(), nd = day_metric_columns().size();
  v.summary.assign(nm, std::vector<double>(reps, std::nan("")));
  const std::size_t days = reps ? r.replicates.front().days.size() : 0;
  v.daily.assign(days, std::vector<std::vector<double>>(nd, std::vector<double>(reps, std::nan(""))));
  for (std::size_t k = 0; k < reps; ++k) {
    const auto s = summary_values(r.replicates[k]);
    for (std::size_t m = 0; m < nm; ++m) v.summary[m][k] = s[m];
    for (std::size_t d = 0; d < days && d < r.replicates[k].days.size(); ++d) {
      const auto dv = day_values(r.replicates[k], d);
      for (std::size_t m = 0; m < nd; ++m) v.daily[d][m][k] = dv[m];
    }
  }
  return v;
}

// ---- tables ------------------------------------------------------------------------------------

const io::TableSpec& compare_table() {
  static const io::TableSpec t{
      "compare.csv",
      "alternative scenario and summary metric (gridgov compare)",
      {kSeedCol,
       kBaselineCol,
       kScenarioCol,
       {"metric", "", "Summary metric (a column of summary.csv; see its entry for the meaning)"},
       {"unit", "", "Unit of the metric and of every value column of the row except rel_change and variance_ratio"},
       {"replicates", "replicates", "Replicate pairs compared: replicates k of both with a value (runs ok and metric not NA)"},
       {"mean_baseline", "metric's unit", "Mean of the baseline over those replicates"},
       {"mean", "metric's unit", "Mean of the scenario over the same replicates"},
       {"diff", "metric's unit",
        "Paired difference: mean over replicates k of (scenario_k - baseline_k); replicate k of both used the same random "
        "streams (common random numbers)"},
       {"diff_ci_low", "metric's unit",
        "Lower bound of the 95% confidence interval of diff from the paired differences (Student t, replicates - 1 degrees of "
        "freedom; NA with fewer than 2 replicates)"},
       {"diff_ci_high", "metric's unit", "Upper bound of the same"},
       {"rel_change", "share", "diff / mean_baseline (0.05 = 5% higher); NA when mean_baseline is 0"},
       {"unpaired_ci_low", "metric's unit",
        "Lower bound of the 95% interval of the same difference had the replicates been independent samples: Welch's "
        "unequal-variance t interval (Welch-Satterthwaite degrees of freedom), for contrast with the paired interval"},
       {"unpaired_ci_high", "metric's unit", "Upper bound of the same"},
       {"variance_ratio", "",
        "Variance of the paired estimate of diff over that of the unpaired (Welch) estimate: var(differences) / (var(baseline) + "
        "var(scenario)); below 1 when common random numbers reduce the variance (0.1: a tenfold reduction, a CI about 3.2 times "
        "narrower); NA when both scenarios are constant"}}};
  return t;
}

const io::TableSpec& compare_series_table() {
  static const io::TableSpec t{"compare_timeseries.csv",
                               "alternative scenario, simulated day and daily metric (gridgov compare): paired daily differences",
                               {kSeedCol,
                                kBaselineCol,
                                kScenarioCol,
                                {"day", "day", "Simulated day, from 0 (the days both scenarios simulate)"},
                                {"metric", "", "Daily metric (a column of timeseries.csv; see its entry for the unit)"},
                                {"diff_mean", "metric's unit", "Mean over replicates k of (scenario_k - baseline_k) on that day"},
                                {"diff_ci_low", "metric's unit",
                                 "Lower bound of the 95% confidence interval of diff_mean (paired Student t, replicates - 1 "
                                 "degrees of freedom; NA with fewer than 2 replicates)"},
                                {"diff_ci_high", "metric's unit", "Upper bound of the same"}}};
  return t;
}

std::string compare_outputs_markdown() {
  return io::dictionary_markdown(
      {&compare_table(), &compare_series_table()},
      "\n# Comparison output files\n\n`gridgov compare BASE.yaml ALT.yaml ...` writes these files into `--out`, with "
      "`scenarios/<name>.resolved.yaml` (each scenario as run) and `dictionary.csv` (this table as CSV); "
      "`gridgov compare --sweep DIR --baseline POINT` writes compare.csv and dictionary.csv. Every scenario runs "
      "with the same seed, and replicate k of every scenario with the same random streams, so the differences are "
      "paired replicate by replicate.\n");
}

// ---- computations ------------------------------------------------------------------------------

std::string compare_csv(const ScenarioValues& base, const std::vector<ScenarioValues>& alts) {
  const auto names = summary_metric_names();
  io::CsvBuilder b(compare_table());
  for (const auto& alt : alts)
    for (std::size_t m = 0; m < names.size(); ++m) {
      const auto c = analysis::paired_compare(base.summary.at(m), alt.summary.at(m));
      b.cell(static_cast<unsigned long long>(base.seed)).cell(base.name).cell(alt.name).cell(names[m]).cell(unit_of(names[m]));
      b.cell(static_cast<unsigned long long>(c.n)).cell(c.mean_base).cell(c.mean_alt).cell(c.diff).cell(c.diff_ci_low);
      b.cell(c.diff_ci_high).cell(c.rel_change).cell(c.unpaired_ci_low).cell(c.unpaired_ci_high).cell(c.variance_ratio);
      b.end_row();
    }
  return b.text();
}

std::string compare_series_csv(const ScenarioValues& base, const std::vector<ScenarioValues>& alts) {
  const auto cols = day_metric_columns();
  io::CsvBuilder b(compare_series_table());
  for (const auto& alt : alts) {
    const std::size_t days = std::min(base.daily.size(), alt.daily.size());
    for (std::size_t d = 0; d < days; ++d)
      for (std::size_t m = 0; m < cols.size(); ++m) {
        const auto c = analysis::paired_compare(base.daily[d][m], alt.daily[d][m]);
        b.cell(static_cast<unsigned long long>(base.seed))
            .cell(base.name)
            .cell(alt.name)
            .cell(static_cast<unsigned long long>(d));
        b.cell(cols[m].name).cell(c.diff).cell(c.diff_ci_low).cell(c.diff_ci_high);
        b.end_row();
      }
  }
  return b.text();
}

const std::vector<std::string>& headline_metrics() {
  static const std::vector<std::string> h{"resolved_share",           "resolved_within_deadline_share",
                                          "time_to_resolve_median_h", "complaints_per_1000hh_month",
                                          "found_proactively_share",  "satisfaction_mean",
                                          "grid_worker_utilisation"};
  return h;
}

std::string compare_text(const ScenarioValues& base, const std::vector<ScenarioValues>& alts, bool all) {
  const auto names = summary_metric_names();
  std::string out;
  for (const auto& alt : alts) {
    std::size_t reps = 0;
    if (!base.summary.empty()) reps = base.summary.front().size();
    out += fmt::format("\n{} vs {} (paired over replicates; difference with its 95% CI; {} replicate(s)):\n", alt.name, base.name,
                       reps);
    out += fmt::format("  {:<34} {:>11} {:>11} {:>11}  {:<27} {:>8}\n", "metric", "baseline", "scenario", "difference", "95% CI",
                       "change");
    for (std::size_t m = 0; m < names.size(); ++m) {
      if (!all && std::find(headline_metrics().begin(), headline_metrics().end(), names[m]) == headline_metrics().end()) continue;
      const auto c = analysis::paired_compare(base.summary.at(m), alt.summary.at(m));
      const std::string ci = std::isnan(c.diff_ci_low)
                                 ? "NA"
                                 : fmt::format("[{}, {}]", num(c.diff_ci_low, "{:+.4g}"), num(c.diff_ci_high, "{:+.4g}"));
      const std::string rel = std::isnan(c.rel_change) ? "NA" : fmt::format("{:+.1f}%", 100 * c.rel_change);
      out += fmt::format("  {:<34} {:>11} {:>11} {:>11}  {:<27} {:>8}\n", names[m], num(c.mean_base), num(c.mean_alt),
                         num(c.diff, "{:+.4g}"), ci, rel);
    }
  }
  return out;
}

std::vector<std::string> structural_differences(const LoadedScenario& base, const LoadedScenario& alt) {
  const auto& S = scenario_schema();
  std::vector<std::string> out;
  auto where = [](const LoadedScenario& s, const std::string& path) {
    const auto it = s.where.find(path);
    return it != s.where.end() ? it->second.str() : s.source + ", default";
  };
  for (std::size_t i = 0; i < S.params().size(); ++i) {
    const auto& p = S.params()[i];
    if (p.policy || p.path == "simulation.replicates" || p.path == "simulation.issue_log") continue;
    const std::string a = schema::value_yaml(S.get(base.spec, i)), b = schema::value_yaml(S.get(alt.spec, i));
    if (a == b) continue;
    out.push_back(fmt::format("{}: {} in the baseline ({}) vs {} ({})", p.path, a, where(base, p.path), b, where(alt, p.path)));
  }
  return out;
}

// ---- gridgov compare FILES ---------------------------------------------------------------------

std::string compare_scenarios(CompareOptions o) {
  if (o.files.size() < 2) throw InputError("gridgov compare: expected a baseline scenario file and at least one alternative");
  std::vector<std::string> sets = o.sets;
  if (!o.seed.empty()) sets.push_back("simulation.seed=" + o.seed);
  if (!o.replicates.empty()) sets.push_back("simulation.replicates=" + o.replicates);
  std::vector<LoadedScenario> sc;
  for (const auto& f : o.files) sc.push_back(load_scenario(f, sets));
  for (auto& s : sc) {
    s.spec.replicates = sc.front().spec.replicates;  // the baseline's (or --replicates) for every scenario
    s.spec.issue_log = false;
  }
  if (!o.allow_structural) {
    std::string msg;
    std::size_t count = 0;
    for (std::size_t i = 1; i < sc.size(); ++i) {
      const auto diffs = structural_differences(sc.front(), sc[i]);
      count += diffs.size();
      if (diffs.empty()) continue;
      msg += fmt::format("\n  {} differs from {} in {} non-policy setting(s):", sc[i].source, sc.front().source, diffs.size());
      for (const auto& d : diffs) msg += "\n    " + d;
    }
    if (count > 0)
      throw InputError(fmt::format(
          "gridgov compare: the scenarios differ in settings that are not policy (geography, seed, horizon, behaviour: "
          "parameters marked policy = false in `gridgov params`), so replicate k of each would not see the same "
          "issues and the differences would not measure policy alone:{}\n  Make them equal, or pass --allow-structural to "
          "compare anyway.",
          msg));
  }
  const auto names = scenario_names(o.files);
  if (o.out.empty()) o.out = "results/compare-" + names.front();
  check_out(o.out, o.force);

  RunOptions ro;
  ro.threads = o.threads;
  ro.progress = o.progress;
  double wall = 0;
  std::vector<ScenarioValues> values;
  for (std::size_t i = 0; i < sc.size(); ++i) {
    const RunResult r = run_scenario(sc[i].spec, ro);
    wall += r.wall_seconds;
    values.push_back(values_of(names[i], r));
  }
  const ScenarioValues base = values.front();
  const std::vector<ScenarioValues> alts(values.begin() + 1, values.end());

  io::prepare_output_dir(o.out, o.force);
  std::error_code ec;
  fs::create_directories(o.out + "/scenarios", ec);
  if (ec) throw io::OutputError("cannot create " + o.out + "/scenarios: " + ec.message());
  const auto& S = scenario_schema();
  for (std::size_t i = 0; i < sc.size(); ++i)
    io::write_atomic(o.out + "/scenarios/" + names[i] + ".resolved.yaml",
                     S.resolved_yaml(sc[i].spec, resolved_header(sc[i].spec, sc[i].source)));
  io::write_atomic(o.out + "/compare_timeseries.csv", compare_series_csv(base, alts));
  io::write_atomic(o.out + "/dictionary.csv", io::dictionary_csv({&compare_table(), &compare_series_table()}));
  io::write_atomic(o.out + "/compare.csv", compare_csv(base, alts));  // last: marks a complete comparison

  std::string text = fmt::format("gridgov compare: {} scenario(s) x {} replicate(s), seed {}, common random numbers, {:.2f} s\n",
                                 sc.size(), sc.front().spec.replicates, sc.front().spec.seed, wall);
  if (o.allow_structural) {
    for (std::size_t i = 1; i < sc.size(); ++i)
      for (const auto& d : structural_differences(sc.front(), sc[i]))
        text += fmt::format("warning: {} differs structurally: {}\n", sc[i].source, d);
  }
  text += compare_text(base, alts, o.all);
  text += fmt::format("\nResults in {}/ (compare.csv, compare_timeseries.csv, dictionary.csv, scenarios/){}\n", o.out,
                      o.all ? "" : "; every metric with --all");
  return text;
}

// ---- gridgov compare --sweep -------------------------------------------------------------------

std::string compare_sweep(const std::string& dir, const std::string& baseline, std::string out, bool force, bool all) {
  if (!fs::is_directory(dir)) throw InputError(dir + ": not a folder; expected a sweep's output folder");
  if (!fs::exists(dir + "/runs.csv") || !fs::exists(dir + "/design.csv"))
    throw InputError(dir + ": not a sweep folder (no runs.csv or design.csv)");
  if (!fs::exists(dir + "/points.csv"))
    throw InputError(
        dir +
        ": the sweep is not finished (no points.csv); finish it with gridgov sweep ... --resume, or merge its shards "
        "with gridgov collect");
  const Table design = read_table(dir + "/design.csv");
  const long pid_col = design.col("point_id"), name_col = design.col("name");
  if (pid_col != 0) throw InputError(dir + "/design.csv:1:1: expected the first column point_id");
  const std::size_t npoints = design.rows.size();
  if (npoints == 0) throw InputError(dir + "/design.csv: no design points");

  // The baseline: a list point's name, else a point id (as in the sweep file's baseline key).
  long long b = -1;
  if (name_col >= 0)
    for (std::size_t i = 0; i < npoints; ++i)
      if (design.rows[i][static_cast<std::size_t>(name_col)] == baseline) b = static_cast<long long>(i);
  unsigned long long id = 0;
  if (b < 0 && io::uint_cell(baseline, id) && id < npoints) b = static_cast<long long>(id);
  if (b < 0) {
    std::string names;
    if (name_col >= 0)
      for (std::size_t i = 0; i < npoints; ++i) names += (i ? ", " : "") + design.rows[i][static_cast<std::size_t>(name_col)];
    throw InputError(fmt::format("--baseline {}: expected a point id from 0 to {}{}", baseline, npoints - 1,
                                 names.empty() ? "" : " or a point name (" + names + ")"));
  }
  auto label = [&](std::size_t p) {
    return name_col >= 0 ? design.rows[p][static_cast<std::size_t>(name_col)] : design.rows[p][0];
  };

  // runs.csv, streamed: one line per run (a sweep's files hold one record per line).
  std::ifstream in(dir + "/runs.csv");
  std::string line;
  if (!in || !std::getline(in, line)) throw InputError(dir + "/runs.csv:1:1: empty file; expected a header line");
  Table head;
  head.header = io::split_csv_line(line);
  const auto metrics = summary_metric_names();
  std::vector<std::size_t> mcol;
  for (const auto& m : metrics) {
    if (head.col(m) < 0)
      throw InputError(fmt::format("{}/runs.csv:1:1: no column '{}'; the sweep was written by another gridgov version", dir, m));
    mcol.push_back(static_cast<std::size_t>(head.col(m)));
  }
  const long c_point = head.col("point_id"), c_rep = head.col("replicate"), c_seed = head.col("seed"),
             c_status = head.col("status");
  if (c_point < 0 || c_rep < 0 || c_seed < 0 || c_status < 0)
    throw InputError(dir + "/runs.csv:1:1: expected the columns point_id, replicate, seed and status");
  std::size_t reps = 0;
  std::uint64_t seed = 0;
  std::vector<ScenarioValues> v(npoints);
  for (std::size_t p = 0; p < npoints; ++p) {
    v[p].name = label(p);
    v[p].summary.assign(metrics.size(), {});
  }
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto r = io::split_csv_line(line);
    unsigned long long p = 0, rep = 0;
    if (r.size() != head.header.size() || !io::uint_cell(r[static_cast<std::size_t>(c_point)], p) || p >= npoints ||
        !io::uint_cell(r[static_cast<std::size_t>(c_rep)], rep) || rep >= (1ull << 24))
      throw InputError(
          fmt::format("{}/runs.csv:{}:1: expected a run of a point of design.csv ({} cells)", dir, n, head.header.size()));
    if (unsigned long long sd = 0; io::uint_cell(r[static_cast<std::size_t>(c_seed)], sd)) seed = sd;
    reps = std::max<std::size_t>(reps, rep + 1);
    if (r[static_cast<std::size_t>(c_status)] != "ok") continue;
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      auto& col = v[p].summary[m];
      if (col.size() <= rep) col.resize(rep + 1, std::nan(""));
      col[rep] = parse_cell(r[mcol[m]]);
    }
  }
  for (auto& pv : v) {  // every point over the same replicates, NaN where a run failed
    pv.seed = seed;
    for (auto& col : pv.summary) col.resize(reps, std::nan(""));
  }
  if (out.empty()) {
    fs::path name = fs::absolute(dir).lexically_normal();
    if (name.filename().empty()) name = name.parent_path();
    out = "results/compare-" + (name.filename().empty() ? std::string("sweep") : name.filename().string());
  }
  check_out(out, force);
  const ScenarioValues base = v[static_cast<std::size_t>(b)];
  std::vector<ScenarioValues> alts;
  for (std::size_t p = 0; p < npoints; ++p)
    if (p != static_cast<std::size_t>(b)) alts.push_back(std::move(v[p]));

  io::prepare_output_dir(out, force);
  io::write_atomic(out + "/dictionary.csv", io::dictionary_csv({&compare_table()}));
  io::write_atomic(out + "/compare.csv", compare_csv(base, alts));
  std::string text = fmt::format("gridgov compare: {} point(s) of {} against point {} ({}), {} replicate(s), seed {}\n",
                                 alts.size(), dir, b, base.name, reps, seed);
  text += compare_text(base, alts, all);
  text += fmt::format("\nResults in {}/ (compare.csv, dictionary.csv){}\n", out, all ? "" : "; every metric with --all");
  return text;
}

}  // namespace gridgov::models::compare
