#pragma once
/// \file
/// Helpers for the mechanism tests (tests/models/mechanisms/<name>/test_<name>.cpp): a toy
/// district to build a mechanism's objects on in unit tests (a lattice, its scenario, the
/// run-time values and the Context every mechanism reads), and paired runs of the small scenario
/// (tests/data/small.yaml) on common random numbers for the behavioural tests. Header-only.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "../../app/SystemTest.hpp"
#include "models/geography/Geography.hpp"
#include "models/world/Context.hpp"
#include "models/world/Runtime.hpp"

namespace gridgov::mechtest {

namespace fs = std::filesystem;
using systest::Csv;

/// A lattice district with its scenario, its run-time values and the Context the mechanisms
/// read (seed 424242, replicate 0, no warm-up). Change `spec`, then call rederive() (as an
/// intervention rebuilds the run-time values).
struct ToyDistrict {
  models::ScenarioSpec spec;
  models::Geography geo;
  std::unique_ptr<models::Runtime> policy;
  std::vector<double> firm_quality;
  models::Context ctx;

  ToyDistrict(const models::ScenarioSpec& s, const models::LatticeSpec& lattice)
      : spec(s), geo(models::make_lattice(lattice)), policy(std::make_unique<models::Runtime>(spec)) {
    ctx.spec = &spec;
    ctx.policy = policy.get();
    ctx.geo = &geo;
    ctx.seed = 424242;
    ctx.firm_count = static_cast<std::uint32_t>(spec.firms.firm_count);
    ctx.firm_quality = &firm_quality;
  }
  ToyDistrict(const ToyDistrict&) = delete;
  ToyDistrict& operator=(const ToyDistrict&) = delete;

  void rederive() { *policy = models::Runtime(spec); }
};

/// One `gridgov run` of the small scenario (4 replicates): its folder and summary.csv.
struct SmallRun {
  fs::path dir;
  Csv summary;

  /// summary.csv's `column` in replicate r.
  double operator()(std::size_t r, const std::string& column) const { return summary.num(r, column); }
  std::size_t replicates() const { return summary.rows.size(); }
  /// Another output file of the run (departments.csv, firms.csv, issues.csv, timeseries.csv, ...).
  Csv csv(const std::string& file) const { return systest::read_csv(dir / file); }
  std::string text(const std::string& file) const { return systest::read_file(dir / file); }
};

/// `gridgov run` of the small scenario (or `scenario`) with `--set` changes, into tmp/name.
inline SmallRun run_small(const systest::TempDir& tmp, const std::string& name, const std::vector<std::string>& sets,
                          const std::string& scenario = systest::small_yaml()) {
  const fs::path summary = systest::run_small_summary(tmp.path(), name, sets, scenario);
  SmallRun run{summary.parent_path(), systest::read_csv(summary)};
  REQUIRE(run.replicates() == 4);
  return run;
}

/// Common random numbers: paired runs raise the same issues in every replicate.
inline void check_same_issues(const SmallRun& a, const SmallRun& b) {
  REQUIRE(a.replicates() == b.replicates());
  for (std::size_t r = 0; r < a.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(a(r, "issues_raised") == b(r, "issues_raised"));
  }
}

/// Runs of the small scenario in one temporary folder, paired on common random numbers: each run
/// after the first is checked to raise the same issues as the first, replicate by replicate (the
/// issues a household raises come from its own stream, whatever the policy).
class PairedRuns {
 public:
  explicit PairedRuns(const std::string& tag) : tmp_(tag) {}
  /// `gridgov run` of the small scenario (or `scenario`) with `--set` changes, into `name`.
  SmallRun operator()(const std::string& name, const std::vector<std::string>& sets,
                      const std::string& scenario = systest::small_yaml()) {
    SmallRun run = run_small(tmp_, name, sets, scenario);
    if (first_.empty()) {
      first_ = name;
      first_issues_ = run.summary;
    } else {
      INFO("common random numbers: " << name << " against " << first_);
      check_same_issues(SmallRun{tmp_.path() / first_, first_issues_}, run);
    }
    return run;
  }
  const systest::TempDir& tmp() const { return tmp_; }

 private:
  systest::TempDir tmp_;
  std::string first_;
  Csv first_issues_;
};

/// Settings `a`, then `b` (a later setting of a key wins).
inline std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// The summary.csv columns whose value differs between two runs in some replicate.
inline std::set<std::string> differing_columns(const SmallRun& a, const SmallRun& b) {
  REQUIRE(a.summary.header == b.summary.header);
  REQUIRE(a.replicates() == b.replicates());
  std::set<std::string> out;
  for (std::size_t r = 0; r < a.replicates(); ++r)
    for (std::size_t c = 0; c < a.summary.header.size(); ++c)
      if (a.summary.rows[r][c] != b.summary.rows[r][c]) out.insert(a.summary.header[c]);
  return out;
}

/// Sum of summary.csv's `column` over the replicates.
inline double total(const SmallRun& run, const std::string& column) {
  double s = 0;
  for (std::size_t r = 0; r < run.replicates(); ++r) s += run(r, column);
  return s;
}

/// departments.csv's `column` for replicate r and department `name` (NA: NaN).
inline double department(const Csv& departments, std::size_t r, const std::string& name, const std::string& column) {
  for (std::size_t i = 0; i < departments.rows.size(); ++i)
    if (departments.num(i, "replicate") == static_cast<double>(r) && departments.at(i, "department") == name)
      return departments.at(i, column) == "NA" ? std::nan("") : departments.num(i, column);
  FAIL("departments.csv has no row for replicate " << r << " and department " << name);
  return 0;
}

/// The small scenario with its interventions replaced by `items` (YAML list items, each
/// starting "  - day: ..."; empty: no interventions), written to tmp/name; returns its path.
inline std::string small_yaml_with_interventions(const systest::TempDir& tmp, const std::string& name, const std::string& items) {
  const std::string text = systest::read_file(systest::small_yaml());
  const auto at = text.find("\ninterventions:");
  REQUIRE(at != std::string::npos);
  const std::string path = tmp / name;
  systest::write_file(path, text.substr(0, at + 1) + (items.empty() ? "interventions: []\n" : "interventions:\n" + items));
  return path;
}

/// Measured span of the small scenario: days 10 to 120, in hours, and the factor that turns an
/// amount over it into a yearly one (the staff_hours_* and cost columns are per year).
inline constexpr double kSmallSpanHours = 110.0 * 24.0;
inline constexpr double kSmallPerYear = 8760.0 / kSmallSpanHours;

}  // namespace gridgov::mechtest
