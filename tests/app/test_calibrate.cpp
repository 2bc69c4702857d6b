// gridgov calibrate: recovering known parameters, resuming from the journal, the verdict on
// unreachable targets, attribution under common random numbers, target arithmetic, bad files.
#include <catch2/catch.hpp>

#include <cmath>

#include "SystemTest.hpp"
#include "models/calibrate/CalibSpec.hpp"
#include "models/run/Outputs.hpp"
#include "models/run/Runner.hpp"

using namespace gridgov::systest;
namespace gm = gridgov::models;
namespace gc = gridgov::models::calibrate;

namespace {

// 2,880 households on the default lattice, 180 days, 2 replicates: a few milliseconds a run.
const char* kBase =
    "simulation: {seed: 7, days: 180, warmup_days: 0, replicates: 2}\n"
    "geography: {communities: 4, grids_per_community: 3, buildings_per_grid: 6, households_per_building: 40}\n";

/// A --set assignment with the value written exactly.
std::string fmt_set(const std::string& key, double v) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s=%.17g", key.c_str(), v);
  return buf;
}

constexpr double kTrueRate = 0.7, kTrueHotline = 0.05;

/// The figures the calibration must reproduce: the scenario run at the true parameter values.
std::pair<double, double> truth(const std::string& base_path) {
  auto sc = gm::load_scenario(base_path, {fmt_set("issues.repair.rate_per_household_year", kTrueRate),
                                          fmt_set("households.channels.hotline", kTrueHotline)});
  const auto r = gm::run_scenario(sc.spec, {});
  const auto names = gm::summary_metric_names();
  const auto col = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), n) - names.begin());
  };
  double raised = 0, hotline = 0;
  for (const auto& rep : r.replicates) {
    const auto v = gm::summary_values(rep);
    raised += v[col("issues_raised")] / static_cast<double>(r.replicates.size());
    hotline += v[col("reported_via_hotline_share")] / static_cast<double>(r.replicates.size());
  }
  return {raised, hotline};
}

std::string recovery_file(const std::string& algorithm, double raised, double hotline, int evaluations) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "base: base.yaml\n"
                "optimiser: {algorithm: %s, evaluations: %d}\n"
                "parameters:\n"
                "  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5, start: 0.4}\n"
                "  households.channels.hotline: {min: 0.005, max: 0.2, scale: log, start: 0.02}\n"
                "targets:\n"
                "  - {name: raised, metric: issues_raised, observed: %.17g, tolerance: 10}\n"
                "  - {name: hotline, metric: reported_via_hotline_share, observed: %.17g, tolerance: 0.002}\n",
                algorithm.c_str(), evaluations, raised, hotline);
  return buf;
}

}  // namespace

TEST_CASE("calibrate recovers the parameters a scenario was generated with", "[system][calibrate]") {
  TempDir d("calibrate_recover");
  write_file(d / "base.yaml", kBase);
  const auto [raised, hotline] = truth(d / "base.yaml");
  for (const std::string alg : {"bobyqa", "neldermead", "direct"}) {
    DYNAMIC_SECTION(alg) {
      write_file(d / "calib.yaml", recovery_file(alg, raised, hotline, 80));
      const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / ("out_" + alg), "--quiet", "--threads", "2"});
      REQUIRE(r.exit_code == 0);
      const auto p = read_csv(d / ("out_" + alg) + "/parameters.csv");
      REQUIRE(p.rows.size() == 2);
      // Stated tolerance: the repair rate within 3%, the hotline weight within 12% (it moves a share of
      // a few hundred reports, so a step in it changes the share only by whole reports).
      CHECK(std::stod(p.rows[0].at(p.col("fitted"))) == Approx(kTrueRate).epsilon(0.03));
      CHECK(std::stod(p.rows[1].at(p.col("fitted"))) == Approx(kTrueHotline).epsilon(0.12));
      const auto t = read_csv(d / ("out_" + alg) + "/targets.csv");
      REQUIRE(t.rows.size() == 2);
      for (const auto& row : t.rows) CHECK(row.at(t.col("reached")) == "1");
      // The fitted scenario runs and reproduces the fitted figure exactly (same seed, same replicates).
      const auto run = run_gridgov({"run", d / ("out_" + alg) + "/fitted.yaml", "--out", d / ("fit_run_" + alg), "--quiet"});
      REQUIRE(run.exit_code == 0);
      const auto s = read_csv(d / ("fit_run_" + alg) + "/summary.csv");
      double mean = 0;
      for (const auto& row : s.rows) mean += std::stod(row.at(s.col("issues_raised"))) / static_cast<double>(s.rows.size());
      CHECK(mean == Approx(std::stod(t.rows[0].at(t.col("fitted_mean")))).epsilon(1e-12));
    }
  }
}

TEST_CASE("a killed calibration resumes from its journal to the same files", "[system][calibrate]") {
  TempDir d("calibrate_resume");
  write_file(d / "base.yaml", kBase);
  write_file(d / "calib.yaml", recovery_file("bobyqa", 2160, 0.0475, 30) +
                                   "attribution:\n  - {name: hotline, hold: {households.channels.hotline: 0}}\n");
  REQUIRE(run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "full", "--quiet"}).exit_code == 0);
  const std::string trace = read_file(d / "full/trace.csv");
  const std::vector<std::string> files{"trace.csv",       "targets.csv", "parameters.csv", "sensitivity.csv",
                                       "attribution.csv", "report.md",   "fitted.yaml"};
  // Cut the journal after k complete rows plus a torn piece of the next, as a kill would.
  std::size_t pos = 0;
  for (int rows = 0; rows <= 6; rows += 3) {
    for (int i = 0; i <= (rows == 0 ? 0 : 2); ++i) pos = trace.find('\n', pos) + 1;  // header, then rows
    fs::remove_all(d / "part");
    fs::create_directories(d / "part");
    fs::copy_file(d / "full/calibration.resolved.yaml", d / "part/calibration.resolved.yaml");
    write_file(d / "part/trace.csv", trace.substr(0, pos + 17));
    const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "part", "--resume"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("the last line is incomplete") != std::string::npos);
    CHECK(r.out.find("replayed from the journal") != std::string::npos);
    for (const auto& f : files) {
      INFO(f << " after " << rows << " rows");
      CHECK(read_file(d / ("part/" + f)) == read_file(d / ("full/" + f)));
    }
    auto names = file_names(d / "part");
    CHECK(std::none_of(names.begin(), names.end(), [](const std::string& n) { return n.find(".tmp") != std::string::npos; }));
  }
  SECTION("a damaged row is reported and its evaluation runs again") {
    std::string damaged = trace;
    const auto line3 = damaged.find('\n', damaged.find('\n', damaged.find('\n') + 1) + 1) + 1;  // start of the third row
    damaged.replace(line3, 1, "x");
    fs::remove_all(d / "dmg");
    fs::create_directories(d / "dmg");
    fs::copy_file(d / "full/calibration.resolved.yaml", d / "dmg/calibration.resolved.yaml");
    write_file(d / "dmg/trace.csv", damaged);
    const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "dmg", "--resume"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("trace.csv:4: damaged journal row") != std::string::npos);
    for (const auto& f : files) CHECK(read_file(d / ("dmg/" + f)) == read_file(d / ("full/" + f)));
  }
  SECTION("a changed calibration is refused on --resume, and a folder with results without --resume") {
    write_file(d / "other.yaml", recovery_file("bobyqa", 2000, 0.0475, 30));
    const auto r = run_gridgov({"calibrate", d / "other.yaml", "--out", d / "full", "--resume"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("holds a different calibration") != std::string::npos);
    const auto again = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "full"});
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("--resume") != std::string::npos);
    for (const auto& f : files) CHECK(read_file(d / ("full/" + f)).size() > 0);
  }
}

TEST_CASE("calibrate says when no setting within the bounds reaches a target, and why", "[system][calibrate]") {
  TempDir d("calibrate_unreachable");
  write_file(d / "base.yaml", kBase);
  write_file(d / "calib.yaml",
             "base: base.yaml\n"
             "optimiser: {algorithm: bobyqa, evaluations: 25}\n"
             "parameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 0.6}\n"
             "targets:\n  - {name: raised, metric: issues_raised, observed: 9000, tolerance: 10}\n");
  const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--quiet"});
  REQUIRE(r.exit_code == 0);
  const auto t = read_csv(d / "o/targets.csv");
  CHECK(t.rows.at(0).at(t.col("reached")) == "0");
  const auto p = read_csv(d / "o/parameters.csv");
  CHECK(p.rows.at(0).at(p.col("at_bound")) == "upper");
  CHECK(std::stod(p.rows.at(0).at(p.col("fitted"))) == 0.6);
  const std::string report = read_file(d / "o/report.md");
  CHECK(report.find("raised is not reached") != std::string::npos);
  CHECK(report.find("No setting within the bounds reaches it: issues.repair.rate_per_household_year sits at its upper bound") !=
        std::string::npos);
  const auto s = read_csv(d / "o/sensitivity.csv");
  CHECK(std::stod(s.rows.at(0).at(s.col("slope"))) > 0);
  // Issues raised grow in proportion to the rate: 9,000 needs about 0.6 x 9000 / (raised at 0.6),
  // about 6.3, inside the parameter's declared range [0, 1000].
  const auto at = report.find("to about ");
  REQUIRE(at != std::string::npos);
  const double need = std::stod(report.substr(at + 9));
  CHECK(need > 4.0);
  CHECK(need < 9.0);
  CHECK(report.find("outside its declared range") == std::string::npos);
}

TEST_CASE("attribution holds a mechanism off for the whole run, interventions included", "[unit][calibrate]") {
  TempDir d("calibrate_attr");
  write_file(d / "calib.yaml", "base: " + small_yaml() +
                                   "\nparameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5}\n"
                                   "targets:\n  - {name: raised, metric: issues_raised, observed: 300, tolerance: 5}\n"
                                   "attribution:\n  - {name: visits, hold: {party.visits_per_month: 0}}\n");
  const auto c = gc::load_calibration(d / "calib.yaml");
  const auto on = gc::scenario_at(c, {0.5});
  const auto off = gc::scenario_without(c, {0.5}, c.attribution.at(0));
  REQUIRE(on.interventions.size() == 1);
  CHECK(on.interventions[0].changes.size() == 1);  // small.yaml: more member visits from day 60
  CHECK(off.interventions[0].changes.empty());
  const auto& S = gm::scenario_schema();
  const auto at = [&](const gm::ScenarioSpec& spec, const std::string& key) {
    return S.get(spec, static_cast<std::size_t>(S.find(key)));
  };
  CHECK(std::get<double>(at(off, "party.visits_per_month")) == 0);
  CHECK(std::get<double>(at(on, "party.visits_per_month")) != 0);
  CHECK(std::get<double>(at(on, "issues.repair.rate_per_household_year")) == 0.5);
  CHECK(static_cast<std::uint64_t>(on.seed) == c.seed);
  CHECK(!on.issue_log);
}

TEST_CASE("a target's value: windows, sums of daily metrics, relative change and units", "[unit][calibrate]") {
  TempDir d("calibrate_value");
  write_file(d / "calib.yaml", "base: " + small_yaml() +
                                   "\nparameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5}\n"
                                   "targets:\n"
                                   "  - {name: a, metric: [complaints_repair, complaints_property_service], window: {from_day: "
                                   "20, to_day: 59}, observed: 1, tolerance: 1}\n"
                                   "  - {name: b, metric: issues_raised, window: {from_day: 60, to_day: 119}, relative_to: "
                                   "{from_day: 0, to_day: 59}, observed: 0, tolerance: 1}\n"
                                   "  - {name: c, metric: complaints, per: 1000_residents_month, observed: 1, tolerance: 1}\n"
                                   "  - {name: d, metric: complaints_per_1000hh_month, observed: 1, tolerance: 1}\n");
  const auto c = gc::load_calibration(d / "calib.yaml");
  auto spec = gc::scenario_at(c, {0.45});
  spec.replicates = 1;
  const auto r = gm::run_scenario(spec, {});
  const auto& rep = r.replicates.at(0);
  const auto cols = gm::day_metric_columns();
  auto col = [&](const std::string& n) {
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == n) return i;
    FAIL("no column " << n);
    return std::size_t(0);
  };
  auto window_sum = [&](const std::vector<std::string>& names, std::size_t from, std::size_t to) {
    double s = 0;
    for (std::size_t day = from; day <= to; ++day)
      for (const auto& n : names) s += gm::day_values(rep, day)[col(n)];
    return s;
  };
  CHECK(c.targets[0].daily);
  CHECK(c.targets[0].value(rep) == Approx(window_sum({"complaints_repair", "complaints_property_service"}, 20, 59) / 40));
  CHECK(c.targets[1].value(rep) ==
        Approx((window_sum({"issues_raised"}, 60, 119) / 60) / (window_sum({"issues_raised"}, 0, 59) / 60) - 1));
  // Default window: after the warm-up (10 days) to the horizon.
  const double residents = static_cast<double>(rep.households) * rep.household_size;
  CHECK(c.targets[2].value(rep) == Approx(window_sum({"complaints"}, 10, 119) / 110 * 365.25 / 12 * 1000 / residents));
  CHECK_FALSE(c.targets[3].daily);
  CHECK(c.targets[3].reached(1.9));
  CHECK_FALSE(c.targets[3].reached(2.1));
}

TEST_CASE("calibrate: bad files give exit 2 with file:line:column and write nothing", "[system][calibrate][input]") {
  TempDir d("calibrate_bad");
  write_file(d / "base.yaml", kBase);
  const std::string ok_params = "parameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5}\n";
  const std::string ok_target = "targets:\n  - {name: raised, metric: issues_raised, observed: 300, tolerance: 5}\n";
  struct Case {
    std::string name, text, where, fragment;
  };
  const std::vector<Case> cases{
      {"unknown top key", "base: base.yaml\nbudget: 3\n" + ok_params + ok_target, ":2:1:", "unknown key 'budget'"},
      {"misspelt metric",
       "base: base.yaml\n" + ok_params + "targets:\n  - {name: r, metric: issues_raisd, observed: 1, tolerance: 1}\n",
       ":5:", "did you mean 'issues_raised'"},
      {"no tolerance", "base: base.yaml\n" + ok_params + "targets:\n  - {name: r, metric: issues_raised, observed: 1}\n",
       ":5:", "tolerance"},
      {"window past horizon",
       "base: base.yaml\n" + ok_params +
           "targets:\n  - {name: r, metric: complaints, window: {from_day: 0, to_day: 400}, observed: 1, tolerance: 1}\n",
       ":5:", "within the horizon"},
      {"non-numeric parameter", "base: base.yaml\nparameters:\n  geography.source: {min: 0, max: 1}\n" + ok_target,
       ":3:3:", "numeric"},
      {"bounds reversed",
       "base: base.yaml\nparameters:\n  issues.repair.rate_per_household_year: {min: 0.9, max: 0.2}\n" + ok_target,
       ":3:", "a number > min"},
      {"bound outside range", "base: base.yaml\nparameters:\n  households.channels.hotline: {min: -1, max: 0.2}\n" + ok_target,
       ":3:", "hotline"},
      {"unknown algorithm", "base: base.yaml\noptimiser: {algorithm: bobyqua}\n" + ok_params + ok_target,
       ":2:", "did you mean 'bobyqa'"},
      {"duplicate target",
       "base: base.yaml\n" + ok_params + ok_target + "  - {name: raised, metric: complaints, observed: 1, tolerance: 1}\n",
       ":6:", "unique target names"},
      {"seed reserved", "base: base.yaml\nparameters:\n  simulation.seed: {min: 1, max: 5}\n" + ok_target,
       ":3:3:", "set by the calibration"},
      {"unknown hold key", "base: base.yaml\n" + ok_params + ok_target + "attribution:\n  - {name: x, hold: {party.visitz: 0}}\n",
       ":7:", "unknown scenario parameter"},
      {"duplicate key", "base: base.yaml\nseed: 1\nseed: 2\n" + ok_params + ok_target, ":3:", "given twice"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      write_file(d / "bad.yaml", c.text);
      const auto r = run_gridgov({"calibrate", d / "bad.yaml", "--out", d / "out"});
      INFO(r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("bad.yaml" + c.where) != std::string::npos);
      CHECK(r.err.find(c.fragment) != std::string::npos);
      CHECK_FALSE(fs::exists(d / "out"));
    }
  }
}

TEST_CASE("calibrate --resume refuses an input file that changed since the calibration started", "[system][calibrate][input]") {
  TempDir d("calibrate_pin");
  const std::string csv = read_file(source_path("tests/data/buildings_small.csv"));
  write_file(d / "b.csv", csv);
  write_file(d / "base.yaml", "simulation: {seed: 3, days: 60, replicates: 1}\ngeography: {source: csv, buildings_csv: b.csv}\n");
  write_file(d / "calib.yaml",
             "base: base.yaml\noptimiser: {evaluations: 3}\n"
             "parameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5}\n"
             "targets:\n  - {name: raised, metric: issues_raised, observed: 1e6, tolerance: 1}\n");
  REQUIRE(run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--quiet"}).exit_code == 0);
  CHECK(read_file(d / "o/calibration.resolved.yaml").find("# input: fnv1a64=") != std::string::npos);
  // Unchanged: resuming a finished calibration replays it and rewrites the same files.
  const std::string targets = read_file(d / "o/targets.csv");
  REQUIRE(run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--resume", "--quiet"}).exit_code == 0);
  CHECK(read_file(d / "o/targets.csv") == targets);
  write_file(d / "b.csv", csv + "\n");
  const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--resume"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("the input file") != std::string::npos);
  CHECK(r.err.find("b.csv") != std::string::npos);
}

TEST_CASE("calibrate --force replaces a calibration with its report, and names only foreign files",
          "[system][calibrate][input]") {
  TempDir d("calibrate_force");
  write_file(d / "base.yaml",
             "simulation: {seed: 3, days: 60, replicates: 1}\n"
             "geography: {communities: 2, grids_per_community: 2, buildings_per_grid: 2}\n");
  write_file(d / "calib.yaml",
             "base: base.yaml\noptimiser: {evaluations: 3}\n"
             "parameters:\n  issues.repair.rate_per_household_year: {min: 0.2, max: 1.5}\n"
             "targets:\n  - {name: raised, metric: issues_raised, observed: 1e6, tolerance: 1}\n");
  REQUIRE(run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--quiet"}).exit_code == 0);
  const std::string trace = read_file(d / "o/trace.csv");
  // What `gridgov report` leaves in the folder: the page and its figures.
  write_file(d / "o/report.html", "<html></html>\n");
  fs::create_directories(d / "o/report_figures");
  write_file(d / "o/report_figures/targets.png", "png");
  const auto r = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--force", "--quiet"});
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(d / "o/trace.csv") == trace);
  CHECK_FALSE(fs::exists(d / "o/report.html"));  // a stale page of the previous calibration is gone
  CHECK_FALSE(fs::exists(d / "o/report_figures"));
  // A file gridgov did not write stops --force, and the message names it and only it.
  write_file(d / "o/notes.txt", "mine\n");
  const auto refused = run_gridgov({"calibrate", d / "calib.yaml", "--out", d / "o", "--force"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("(notes.txt)") != std::string::npos);
  CHECK(refused.err.find("trace.csv") == std::string::npos);
  CHECK(read_file(d / "o/notes.txt") == "mine\n");
  CHECK(read_file(d / "o/trace.csv") == trace);
}

TEST_CASE("every calibration in calibration/ checks, and the README and docs/VALIDATION.md name it", "[system][calibrate]") {
  const std::string validation = read_file(source_path("docs/VALIDATION.md"));
  int files = 0;
  for (const auto& e : fs::directory_iterator(source_path("calibration"))) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    INFO(e.path().string());
    const auto r = run_gridgov({"calibrate", e.path().string(), "--check"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(validation.find("calibration/" + e.path().filename().string()) != std::string::npos);
  }
  CHECK(files >= 4);  // 12345 volumes, Kunshan, Wuxi, Zhenjiang
}

TEST_CASE("calibration/wuxi.yaml: fitted to 82 issues a community, the talk's yield is an output near 0.73",
          "[system][calibrate]") {
  TempDir d("calibrate_wuxi");
  const auto r = run_gridgov({"calibrate", source_path("calibration/wuxi.yaml"), "--out", d / "o", "--quiet"});
  REQUIRE(r.exit_code == 0);
  const auto t = read_csv(d / "o/targets.csv");
  REQUIRE(t.rows.size() == 2);
  for (const auto& row : t.rows) {
    INFO(row.at(t.col("target")));
    CHECK(row.at(t.col("reached")) == "1");
  }
  // The yield was not fitted: its parameter (the volume) barely moves it, and it stays near 0.73.
  const double yield = std::stod(t.rows.at(1).at(t.col("fitted_mean")));
  CHECK(yield > 0.65);
  CHECK(yield < 0.78);
}
