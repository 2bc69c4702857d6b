// System tests of `gridgov compare`: scenarios on common random numbers (paired differences,
// their intervals against the unpaired ones, the files and the terminal table), refusal of
// structural differences and bad input (exit 2, nothing written), and comparisons of the points
// of a finished sweep against a baseline point.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "SystemTest.hpp"
#include "models/run/Outputs.hpp"

namespace {

using namespace gridgov::systest;

const std::vector<std::string> kCompareColumns{
    "seed",          "baseline", "scenario",    "metric",       "unit",       "replicates",      "mean_baseline",
    "mean",          "diff",     "diff_ci_low", "diff_ci_high", "rel_change", "unpaired_ci_low", "unpaired_ci_high",
    "variance_ratio"};

/// Short runs of small.yaml: 60 days (its intervention falls on day 60), 4 replicates.
const std::vector<std::string> kShort{"--replicates", "4", "--set", "simulation.days=60", "--set", "simulation.warmup_days=5",
                                      "--quiet"};

CmdResult compare_ok(std::vector<std::string> args, bool quiet = true) {
  args.insert(args.begin(), "compare");
  if (quiet)
    args.insert(args.end(), kShort.begin(), kShort.end());
  else
    args.insert(args.end(), kShort.begin(), kShort.end() - 1);
  CmdResult r = run_gridgov(args);
  INFO("command: " << r.command);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

/// small.yaml with extra YAML appended (new top-level sections), written into `dir`.
std::string variant(const TempDir& dir, const std::string& name, const std::string& extra) {
  const std::string path = dir / name;
  write_file(path, read_file(small_yaml()) + extra);
  return path;
}

bool is_zero_or_na(const std::string& cell) { return cell == "0" || cell == "NA"; }

}  // namespace

TEST_CASE("compare of a scenario with itself: exactly zero differences with zero-width intervals", "[system][compare]") {
  TempDir tmp("compare_same");
  const auto out = tmp / "out";
  const auto r = compare_ok({small_yaml(), small_yaml(), "--out", out}, false);
  CHECK(file_names(out) == std::vector<std::string>{"compare.csv", "compare_timeseries.csv", "dictionary.csv"});
  CHECK(file_names(tmp.path() / "out/scenarios") == std::vector<std::string>{"small.resolved.yaml", "small_2.resolved.yaml"});

  const Csv c = read_csv(out + "/compare.csv");
  CHECK(c.header == kCompareColumns);
  const auto metrics = gridgov::models::summary_metric_names();
  REQUIRE(c.rows.size() == metrics.size());
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    INFO("metric " << c.at(i, "metric"));
    CHECK(c.at(i, "metric") == metrics[i]);
    CHECK(c.at(i, "seed") == "424242");
    CHECK(c.at(i, "baseline") == "small");
    CHECK(c.at(i, "scenario") == "small_2");
    CHECK(c.at(i, "replicates") == "4");
    CHECK(c.at(i, "mean") == c.at(i, "mean_baseline"));
    CHECK(is_zero_or_na(c.at(i, "diff")));
    CHECK(is_zero_or_na(c.at(i, "diff_ci_low")));
    CHECK(is_zero_or_na(c.at(i, "diff_ci_high")));
  }
  // A metric that varies between replicates: zero paired, yet a wide unpaired interval around zero.
  for (std::size_t i = 0; i < c.rows.size(); ++i)
    if (c.at(i, "metric") == "issues_raised") {
      CHECK(c.at(i, "diff") == "0");
      CHECK(c.num(i, "unpaired_ci_low") < -1);
      CHECK(c.num(i, "unpaired_ci_high") > 1);
      CHECK(c.at(i, "variance_ratio") == "0");
      CHECK(c.at(i, "unit") == "issues");
    }

  const Csv ts = read_csv(out + "/compare_timeseries.csv");
  CHECK(ts.header ==
        std::vector<std::string>{"seed", "baseline", "scenario", "day", "metric", "diff_mean", "diff_ci_low", "diff_ci_high"});
  const std::size_t daily = gridgov::models::day_metric_columns().size();
  REQUIRE(ts.rows.size() == 60 * daily);
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    CHECK(ts.at(i, "day") == std::to_string(i / daily));
    CHECK(is_zero_or_na(ts.at(i, "diff_mean")));
    CHECK(is_zero_or_na(ts.at(i, "diff_ci_high")));
  }

  // dictionary.csv describes the columns of both tables, in order.
  const Csv dict = read_csv(out + "/dictionary.csv");
  for (const char* f : {"compare.csv", "compare_timeseries.csv"}) {
    std::vector<std::string> cols;
    for (const auto& row : dict.rows)
      if (row[0] == f) cols.push_back(row[1]);
    CHECK(cols == read_csv(out + "/" + f).header);
  }
  bool says_welch = false;
  for (const auto& row : dict.rows)
    if (row[1] == "unpaired_ci_low") says_welch = row[3].find("Welch") != std::string::npos;
  CHECK(says_welch);

  // The terminal table: headline metrics only, unless --all.
  CHECK(r.out.find("small_2 vs small") != std::string::npos);
  CHECK(r.out.find("resolved_share") != std::string::npos);
  CHECK(r.out.find("complaints_per_1000hh_month") != std::string::npos);
  CHECK(r.out.find("deliberation_settled") == std::string::npos);
  CHECK(r.out.find("[+0, +0]") != std::string::npos);

  // The resolved scenarios reproduce the runs: gridgov run of one gives the baseline means.
  const auto again = run_gridgov({"run", out + "/scenarios/small.resolved.yaml", "--out", tmp / "run", "--quiet"});
  REQUIRE(again.exit_code == 0);
  const Csv ci = read_csv(tmp / "run/summary_ci.csv");
  for (std::size_t i = 0; i < ci.rows.size(); ++i) CHECK(ci.at(i, "mean") == c.at(i, "mean_baseline"));
}

TEST_CASE("a policy change gives nonzero paired differences, narrower than the unpaired intervals", "[system][compare]") {
  TempDir tmp("compare_policy");
  const std::string alt =
      variant(tmp, "more_members.yaml", "party:\n  members_per_household: 0.3\ngrid:\n  patrols_per_day: 4\n");
  const std::string alt2 = variant(tmp, "fewer_members.yaml", "party:\n  members_per_household: 0.02\n");
  const auto out = tmp / "out";
  const auto r = compare_ok({small_yaml(), alt, alt2, "--out", out, "--all", "--threads", "2"}, false);
  const Csv c = read_csv(out + "/compare.csv");
  const auto metrics = gridgov::models::summary_metric_names();
  REQUIRE(c.rows.size() == 2 * metrics.size());
  std::map<std::pair<std::string, std::string>, std::size_t> row;
  for (std::size_t i = 0; i < c.rows.size(); ++i) row[{c.at(i, "scenario"), c.at(i, "metric")}] = i;
  CHECK(c.at(0, "scenario") == "more_members");
  CHECK(c.at(metrics.size(), "scenario") == "fewer_members");

  // Common random numbers: the same issues are raised in every scenario.
  CHECK(c.at(row[{"more_members", "issues_raised"}], "diff") == "0");
  std::size_t narrower = 0, compared = 0;
  for (const char* m :
       {"party_members", "found_proactively_share", "time_to_resolve_mean_h", "complaints", "time_to_known_mean_h"}) {
    const std::size_t i = row.at({"more_members", m});
    INFO("metric " << m << ": diff " << c.at(i, "diff") << " [" << c.at(i, "diff_ci_low") << ", " << c.at(i, "diff_ci_high")
                   << "], unpaired [" << c.at(i, "unpaired_ci_low") << ", " << c.at(i, "unpaired_ci_high") << "]");
    CHECK(c.num(i, "diff") != 0);
    CHECK(c.num(i, "diff") == Approx(c.num(i, "mean") - c.num(i, "mean_baseline")).epsilon(1e-9).margin(1e-12));
    CHECK(c.num(i, "rel_change") == Approx(c.num(i, "diff") / c.num(i, "mean_baseline")).epsilon(1e-12));
    CHECK(c.num(i, "diff_ci_low") <= c.num(i, "diff"));
    CHECK(c.num(i, "diff") <= c.num(i, "diff_ci_high"));
    if (c.at(i, "variance_ratio") != "NA") {
      ++compared;
      const double paired = c.num(i, "diff_ci_high") - c.num(i, "diff_ci_low");
      const double unpaired = c.num(i, "unpaired_ci_high") - c.num(i, "unpaired_ci_low");
      if (paired < unpaired && c.num(i, "variance_ratio") < 1) ++narrower;
    }
  }
  // More members and patrols find more issues proactively, clearly beyond the paired interval.
  const std::size_t f = row.at({"more_members", "found_proactively_share"});
  CHECK(c.num(f, "diff_ci_low") > 0);
  const double paired = c.num(f, "diff_ci_high") - c.num(f, "diff_ci_low");
  const double unpaired = c.num(f, "unpaired_ci_high") - c.num(f, "unpaired_ci_low");
  CHECK(paired < unpaired);
  CHECK(c.num(f, "variance_ratio") < 1);
  CHECK(compared >= 3);
  CHECK(narrower >= compared - 1);
  // The other alternative moves the other way.
  CHECK(c.num(row.at({"fewer_members", "party_members"}), "diff") < 0);

  // Each scenario's means are those of `gridgov run` with the same seed and replicates.
  const auto run = run_gridgov({"run", alt, "--replicates", "4", "--set", "simulation.days=60", "--set",
                                "simulation.warmup_days=5", "--out", tmp / "run", "--quiet"});
  REQUIRE(run.exit_code == 0);
  const Csv ci = read_csv(tmp / "run/summary_ci.csv");
  for (std::size_t i = 0; i < ci.rows.size(); ++i) CHECK(ci.at(i, "mean") == c.at(i, "mean"));

  // --all lists every metric on the terminal, for both alternatives.
  CHECK(r.out.find("more_members vs small") != std::string::npos);
  CHECK(r.out.find("fewer_members vs small") != std::string::npos);
  CHECK(r.out.find("deliberation_settled") != std::string::npos);

  // Results do not depend on the thread count.
  compare_ok({small_yaml(), alt, alt2, "--out", tmp / "t1", "--threads", "1"});
  CHECK(read_file(out + "/compare.csv") == read_file(tmp / "t1/compare.csv"));
  CHECK(read_file(out + "/compare_timeseries.csv") == read_file(tmp / "t1/compare_timeseries.csv"));
}

TEST_CASE("compare refuses structural differences, naming every differing key", "[system][compare][input]") {
  TempDir tmp("compare_structural");
  const std::string alt = variant(tmp, "bigger.yaml", "households:\n  propensity_sd: 0.9\n");
  const std::string text = read_file(small_yaml());
  // Another geography and another seed (policy-neutral settings): edit them in place.
  std::string geo = text;
  geo.replace(geo.find("communities: 3"), 14, "communities: 2");
  geo.replace(geo.find("seed: 424242"), 12, "seed: 9");
  write_file(tmp / "geo.yaml", geo);

  const auto r = run_gridgov({"compare", small_yaml(), alt, tmp / "geo.yaml", "--out", tmp / "out", "--replicates", "2"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("households.propensity_sd") != std::string::npos);
  CHECK(r.err.find("geography.communities: 3 in the baseline") != std::string::npos);
  CHECK(r.err.find("simulation.seed") != std::string::npos);
  CHECK(r.err.find(tmp / "geo.yaml:13:") != std::string::npos);  // where the alternative sets it
  CHECK(r.err.find("--allow-structural") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "out"));

  // --seed gives every scenario the same seed: only the geography is left to refuse.
  const auto seeded = run_gridgov({"compare", small_yaml(), tmp / "geo.yaml", "--seed", "5", "--out", tmp / "out"});
  CHECK(seeded.exit_code == 2);
  CHECK(seeded.err.find("simulation.seed") == std::string::npos);
  CHECK(seeded.err.find("geography.communities") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "out"));

  // --allow-structural runs them anyway and warns.
  const auto forced = compare_ok({small_yaml(), alt, "--allow-structural", "--out", tmp / "out"}, false);
  CHECK(forced.out.find("warning:") != std::string::npos);
  CHECK(forced.out.find("households.propensity_sd") != std::string::npos);
  CHECK(fs::exists(tmp / "out/compare.csv"));
}

TEST_CASE("compare: bad files and arguments give exit 2 with file:line:column and write nothing", "[system][compare][input]") {
  TempDir tmp("compare_bad");
  const auto out = tmp / "out";
  struct Case {
    std::vector<std::string> args;
    std::string expect;
  };
  const std::string malformed = source_path("tests/data/bad/malformed_bracket.yaml");
  const std::string unknown = source_path("tests/data/bad/unknown_top_key.yaml");
  const std::vector<Case> cases{
      {{small_yaml(), malformed}, malformed + ":"},
      {{small_yaml(), unknown}, unknown + ":2:1: unknown key 'simulaton'"},
      {{unknown, small_yaml()}, "did you mean 'simulation'?"},
      {{small_yaml(), small_yaml(), "--set", "party.visits_per_mont=2"}, "unknown key 'party.visits_per_mont'"},
      {{small_yaml(), tmp / "missing.yaml"}, "missing.yaml"},
      {{small_yaml()}, "at least one alternative"},
      {{small_yaml(), small_yaml(), "--replicates", "0"}, "simulation.replicates"},
      {{small_yaml(), small_yaml(), "--baseline", "1"}, "--baseline needs --sweep"},
      {{"--sweep", tmp.path().string()}, "expected --baseline"},
      {{"--sweep", tmp.path().string(), "--baseline", "0"}, "not a sweep folder"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"compare"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), {"--out", out});
    const auto r = run_gridgov(args);
    INFO(r.command << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
  // A folder that holds files is refused unless --force, and left as it was.
  fs::create_directories(out);
  write_file(out + "/notes.txt", "mine");
  const auto r = run_gridgov({"compare", small_yaml(), small_yaml(), "--out", out, "--replicates", "2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(file_names(out) == std::vector<std::string>{"notes.txt"});
}

TEST_CASE("gridgov compare --help", "[system][compare]") {
  const auto r = run_gridgov({"compare", "--help"});
  CHECK(r.exit_code == 0);
  for (const char* opt : {"--replicates", "--seed", "--set", "--threads", "--out", "--force", "--allow-structural", "--all",
                          "--sweep", "--baseline"})
    CHECK(r.out.find(opt) != std::string::npos);
  CHECK(run_gridgov({"--help"}).out.find("compare") != std::string::npos);
}

TEST_CASE("compare --sweep compares every point of a finished sweep with its baseline point", "[system][compare][sweep]") {
  TempDir tmp("compare_sweep");
  const auto sweep = tmp / "sweep";
  const auto s = run_gridgov({"sweep", source_path("tests/data/sweeps/list.yaml"), "--out", sweep, "--quiet"});
  REQUIRE(s.exit_code == 0);
  const auto r = run_gridgov({"compare", "--sweep", sweep, "--baseline", "baseline", "--out", tmp / "out"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(file_names(tmp.path() / "out") == std::vector<std::string>{"compare.csv", "dictionary.csv"});
  const Csv c = read_csv(tmp / "out/compare.csv");
  CHECK(c.header == kCompareColumns);
  const auto metrics = gridgov::models::summary_metric_names();
  REQUIRE(c.rows.size() == 2 * metrics.size());
  const Csv runs = read_csv(sweep + "/runs.csv");  // 3 points x 2 replicates, in run_id order
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const std::size_t point = 1 + i / metrics.size();
    CHECK(c.at(i, "baseline") == "baseline");
    CHECK(c.at(i, "scenario") == (point == 1 ? "more members" : "red/black list"));
    CHECK(c.at(i, "seed") == "11");
    const std::string m = c.at(i, "metric");
    if (runs.at(0, m) == "NA" || runs.at(1, m) == "NA") continue;
    const double d0 = runs.num(2 * point, m) - runs.num(0, m), d1 = runs.num(2 * point + 1, m) - runs.num(1, m);
    INFO("point " << point << ", metric " << m);
    CHECK(c.num(i, "diff") == Approx((d0 + d1) / 2).epsilon(1e-12).margin(1e-12));
    CHECK(c.at(i, "replicates") == "2");
  }
  // By point id, the same table.
  const auto by_id = run_gridgov({"compare", "--sweep", sweep, "--baseline", "0", "--out", tmp / "by_id", "--quiet"});
  REQUIRE(by_id.exit_code == 0);
  CHECK(read_file(tmp / "by_id/compare.csv") == read_file(tmp / "out/compare.csv"));

  const auto bad = run_gridgov({"compare", "--sweep", sweep, "--baseline", "basline", "--out", tmp / "bad"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("expected a point id from 0 to 2 or a point name (baseline, more members, red/black list)") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "bad"));
  fs::remove(sweep + "/points.csv");
  const auto unfinished = run_gridgov({"compare", "--sweep", sweep, "--baseline", "0", "--out", tmp / "bad"});
  CHECK(unfinished.exit_code == 2);
  CHECK(unfinished.err.find("not finished") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "bad"));
}
