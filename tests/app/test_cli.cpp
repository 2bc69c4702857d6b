// System tests of the gridgov command-line interface: they run the real executable
// (GRIDGOV_BINARY) on tests/data/small.yaml and check exit codes, the result folder, determinism
// across thread counts, reproducibility from scenario.resolved.yaml, common random numbers,
// the data dictionary, the generated docs and invariants of the outputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "SystemTest.hpp"
#include "gridgov/Version.hpp"
#include "models/geography/Geography.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace {

using namespace gridgov::systest;
namespace models = gridgov::models;

/// Run gridgov and require exit code 0, reporting the command and its stderr otherwise.
CmdResult run_ok(const std::vector<std::string>& args, const std::string& cwd = "") {
  CmdResult r = run_gridgov(args, cwd);
  INFO("command: " << r.command);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

/// Run small.yaml (plus extra arguments) into `out`, quietly, and require success.
void run_small(const std::string& out, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", small_yaml(), "--out", out, "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  run_ok(args);
}

/// Every file named in `names` is byte-identical in folders a and b.
void check_same_files(const fs::path& a, const fs::path& b, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    INFO("file " << n << " differs between " << a.string() << " and " << b.string() << ":\n" << unified_diff(a / n, b / n, 20));
    REQUIRE(fs::exists(b / n));
    const bool same = read_file(a / n) == read_file(b / n);
    CHECK(same);
  }
}

bool contains(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

/// A text without its lines that start with `prefix`.
std::string drop_lines(const std::string& text, const std::string& prefix) {
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) != 0) out += line + "\n";
  return out;
}

const std::vector<std::string> kZeroRates = {"--set", "issues.repair.rate_per_household_year=0",
                                             "--set", "issues.property_service.rate_per_household_year=0",
                                             "--set", "issues.neighbour_dispute.rate_per_household_year=0",
                                             "--set", "issues.environment.rate_per_household_year=0",
                                             "--set", "issues.safety_fire.rate_per_household_year=0",
                                             "--set", "issues.livelihood_care.rate_per_household_year=0"};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Version and help

TEST_CASE("gridgov --version prints the version and exits 0", "[system]") {
  const CmdResult r = run_gridgov({"--version"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == std::string("gridgov ") + gridgov::kVersion + "\n");
}

TEST_CASE("gridgov --help and --help on every subcommand exit 0", "[system]") {
  // The subcommands are read from gridgov --help itself, so a new one cannot be left untested.
  const CmdResult top = run_gridgov({"--help"});
  REQUIRE(top.exit_code == 0);
  CHECK_THAT(top.out, Catch::Contains("Usage:"));
  const auto at = top.out.find("Subcommands:");
  REQUIRE(at != std::string::npos);
  std::vector<std::string> subcommands;
  std::istringstream in(top.out.substr(at));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.size() < 3 || line[0] != ' ' || line[2] == ' ') continue;
    subcommands.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  // Every subcommand the README documents is listed.
  for (const char* expected : {"run", "validate", "params", "outputs", "sweep", "collect", "compare", "report"})
    CHECK(std::find(subcommands.begin(), subcommands.end(), expected) != subcommands.end());
  for (const auto& sub : subcommands) {
    DYNAMIC_SECTION(sub << " --help") {
      const CmdResult r = run_gridgov({sub, "--help"});
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == 0);
      CHECK_THAT(r.out, Catch::Contains("Usage:"));
      CHECK_THAT(r.out, Catch::Contains(sub));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Determinism and reproducibility

TEST_CASE("run results are byte-identical for 1, 2 and 4 threads", "[system]") {
  // small.yaml must exercise what could break determinism: several communities (run in
  // parallel), a red/black-list review and an intervention inside the horizon, the issue log.
  const auto sc = models::load_scenario(small_yaml(), {});
  REQUIRE(sc.spec.communities >= 3);
  REQUIRE(sc.spec.replicates >= 3);
  REQUIRE(sc.spec.firms.review_enabled);
  REQUIRE(sc.spec.firms.review_start_day < static_cast<double>(sc.spec.days));
  REQUIRE(!sc.spec.interventions.empty());
  REQUIRE(sc.spec.interventions.front().day < static_cast<double>(sc.spec.days));
  REQUIRE(sc.spec.issue_log);

  TempDir tmp("threads");
  const std::string d1 = tmp / "t1", d2 = tmp / "t2", d4 = tmp / "t4";
  run_small(d1, {"--threads", "1"});
  run_small(d2, {"--threads", "2"});
  run_small(d4, {"--threads", "4"});

  const auto names = csv_names(d1);
  for (const char* n : {"summary.csv", "summary_ci.csv", "timeseries.csv", "timeseries_ci.csv", "grids.csv", "grids_ci.csv",
                        "communities.csv", "departments.csv", "firms.csv", "issues.csv", "dictionary.csv"})
    CHECK(contains(names, n));
  CHECK(file_names(d2) == file_names(d1));
  CHECK(file_names(d4) == file_names(d1));
  check_same_files(d1, d2, names);
  check_same_files(d1, d4, names);

  // The review really ran (firms were black-listed) in the compared runs.
  const Csv s = read_csv(fs::path(d1) / "summary.csv");
  double listed = 0;
  for (std::size_t i = 0; i < s.rows.size(); ++i) listed += s.num(i, "firms_blacklisted");
  CHECK(listed > 0);
}

TEST_CASE("re-running scenario.resolved.yaml reproduces every CSV byte for byte", "[system]") {
  TempDir tmp("resolved");
  const std::vector<std::pair<std::string, std::vector<std::string>>> configs{
      {"small.yaml as is", {}},
      {"small.yaml with --seed and --set",
       {"--seed", "99", "--set", "party.members_per_household=0.2", "--set",
        "grid.service_time={dist: gamma, mean: 6, sd: 4, unit: hours}"}}};
  for (const auto& [name, extra] : configs) {
    DYNAMIC_SECTION(name) {
      const std::string d = tmp / "d", e = tmp / "e";
      run_small(d, extra);
      const std::string resolved = d + "/scenario.resolved.yaml";
      REQUIRE(fs::exists(resolved));
      run_ok({"run", resolved, "--out", e, "--quiet"});
      const auto names = csv_names(d);
      CHECK(names.size() >= 8);
      CHECK(csv_names(e) == names);
      check_same_files(d, e, names);
      // The resolved files differ only in the comment naming their source.
      const std::string a = read_file(resolved), b = read_file(e + "/scenario.resolved.yaml");
      CHECK_THAT(a, Catch::Contains("# Source: " + small_yaml()));
      CHECK_THAT(b, Catch::Contains("# Source: " + resolved));
      CHECK(drop_lines(a, "# Source:") == drop_lines(b, "# Source:"));
    }
  }
}

TEST_CASE("validate --print prints the scenario.resolved.yaml that run writes, and validate writes nothing", "[system]") {
  TempDir tmp("validate");
  const std::string d = tmp / "d";
  run_small(d);
  const std::string cwd = tmp / "cwd";
  fs::create_directory(cwd);
  const CmdResult p = run_ok({"validate", small_yaml(), "--print"}, cwd);
  CHECK(p.out == read_file(d + "/scenario.resolved.yaml"));
  const CmdResult v = run_ok({"validate", small_yaml()}, cwd);
  CHECK_THAT(v.out, Catch::Contains("valid scenario"));
  CHECK(fs::is_empty(cwd));
}

// ---------------------------------------------------------------------------------------------
// The output folder

TEST_CASE("a non-empty output folder is refused without --force and reused with it", "[system]") {
  TempDir tmp("force");
  const fs::path out = tmp.path() / "out";
  fs::create_directory(out);
  write_file(out / "keep.txt", "precious notes\n");
  write_file(out / "summary.csv", "old results\n");

  const CmdResult refused = run_gridgov({"run", small_yaml(), "--out", out.string(), "--quiet"});
  INFO("stderr: " << refused.err);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("--force"));
  CHECK(file_names(out) == std::vector<std::string>{"keep.txt", "summary.csv"});
  CHECK(read_file(out / "keep.txt") == "precious notes\n");
  CHECK(read_file(out / "summary.csv") == "old results\n");

  run_ok({"run", small_yaml(), "--out", out.string(), "--quiet", "--force"});
  CHECK(read_file(out / "keep.txt") == "precious notes\n");  // other files are left alone
  CHECK(read_file(out / "summary.csv").rfind("replicate,seed,", 0) == 0);
  CHECK(fs::exists(out / "scenario.resolved.yaml"));

  // An existing but empty folder needs no --force.
  const fs::path empty = tmp.path() / "empty";
  fs::create_directory(empty);
  run_ok({"run", small_yaml(), "--out", empty.string(), "--quiet"});
  CHECK(fs::exists(empty / "summary.csv"));
}

TEST_CASE("the output folder holds the documented files and summary.csv has one row per replicate and the seed", "[system]") {
  TempDir tmp("contents");
  const std::string d = tmp / "d";
  const auto sc = models::load_scenario(small_yaml(), {});
  // Not quiet: the summary goes to stdout.
  const CmdResult r = run_ok({"run", small_yaml(), "--out", d, "--set", "simulation.issue_log=false"});
  CHECK_THAT(r.out, Catch::Contains("issues raised"));
  CHECK_THAT(r.out, Catch::Contains("Results in " + d));

  // Exactly these files: nothing else, no temporary files left by the atomic writes.
  CHECK(file_names(d) == std::vector<std::string>{"buildings.csv", "communities.csv", "departments.csv", "dictionary.csv",
                                                  "firms.csv", "grids.csv", "grids_ci.csv", "scenario.resolved.yaml",
                                                  "summary.csv", "summary_ci.csv", "timeseries.csv", "timeseries_ci.csv"});

  const Csv s = read_csv(fs::path(d) / "summary.csv");
  REQUIRE(s.header.size() > 2);
  CHECK(s.header[0] == "replicate");
  CHECK(s.header[1] == "seed");
  REQUIRE(s.rows.size() == static_cast<std::size_t>(sc.spec.replicates));
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    CHECK(s.at(i, "replicate") == std::to_string(i));
    CHECK(s.at(i, "seed") == std::to_string(sc.spec.seed));
    CHECK(s.rows[i].size() == s.header.size());
  }

  SECTION("--seed 7 changes the seed column and the numbers") {
    const std::string e = tmp / "e";
    run_small(e, {"--seed", "7", "--set", "simulation.issue_log=false"});
    const Csv t = read_csv(fs::path(e) / "summary.csv");
    REQUIRE(t.rows.size() == s.rows.size());
    bool numbers_differ = false;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      CHECK(t.at(i, "seed") == "7");
      for (const char* m : {"issues_raised", "complaints", "events", "time_to_resolve_mean_h"})
        if (t.at(i, m) != s.at(i, m)) numbers_differ = true;
    }
    CHECK(numbers_differ);
  }
  SECTION("--replicates 2 writes two rows") {
    const std::string e = tmp / "e";
    run_small(e, {"--replicates", "2"});
    CHECK(read_csv(fs::path(e) / "summary.csv").rows.size() == 2);
  }
}

TEST_CASE("buildings.csv holds every building at its coordinates and marks the service stations", "[system]") {
  TempDir tmp("buildings");
  SECTION("lattice geography, two stations per community") {
    const std::string d = tmp / "d";
    run_small(d, {"--set", "geography.stations_per_community=2", "--replicates", "1"});
    const auto sc = models::load_scenario(small_yaml(), {});
    const auto geo = models::make_lattice(
        {static_cast<std::uint32_t>(sc.spec.communities), static_cast<std::uint32_t>(sc.spec.grids_per_community),
         static_cast<std::uint32_t>(sc.spec.buildings_per_grid), static_cast<std::uint32_t>(sc.spec.households_per_building)});
    const Csv b = read_csv(fs::path(d) / "buildings.csv");
    REQUIRE(b.header ==
            std::vector<std::string>{"building", "id", "community", "grid", "microgrid", "x", "y", "households", "station"});
    REQUIRE(b.rows.size() == geo.buildings.size());
    std::set<std::size_t> expected_stations;
    for (std::uint32_t c = 0; c < geo.communities; ++c)
      for (const auto s : models::spread_sites(geo, c, 2)) expected_stations.insert(s);
    std::set<std::size_t> stations;
    double households = 0;
    for (std::size_t i = 0; i < b.rows.size(); ++i) {
      const auto& x = geo.buildings[i];
      CHECK(b.at(i, "building") == std::to_string(i));
      CHECK(b.at(i, "id") == x.id);
      CHECK(b.num(i, "community") == x.community);
      CHECK(b.num(i, "grid") == x.grid);
      CHECK(b.num(i, "microgrid") == x.microgrid);
      CHECK(b.num(i, "x") == x.x);
      CHECK(b.num(i, "y") == x.y);
      households += b.num(i, "households");
      if (b.at(i, "station") == "1")
        stations.insert(i);
      else
        CHECK(b.at(i, "station") == "0");
    }
    CHECK(stations == expected_stations);
    CHECK(stations.size() == 2 * geo.communities);  // small.yaml's communities have 8 buildings each
    const Csv s = read_csv(fs::path(d) / "summary.csv");
    CHECK(households == s.num(0, "households"));
  }
  SECTION("buildings CSV geography: the input's ids and coordinates, no stations when there are none") {
    const std::string d = tmp / "csv";
    run_small(
        d, {"--set", "geography.source=csv", "--set", "geography.buildings_csv=" + source_path("tests/data/buildings_small.csv"),
            "--set", "geography.stations_per_community=0", "--replicates", "1"});
    const Csv in = read_csv(fs::path(source_path("tests/data/buildings_small.csv")));
    const Csv b = read_csv(fs::path(d) / "buildings.csv");
    REQUIRE(b.rows.size() == in.rows.size());
    std::map<std::string, std::pair<std::string, std::string>> xy;
    for (std::size_t i = 0; i < in.rows.size(); ++i) xy[in.at(i, "id")] = {in.at(i, "x"), in.at(i, "y")};
    for (std::size_t i = 0; i < b.rows.size(); ++i) {
      INFO("building " << b.at(i, "id"));
      REQUIRE(xy.count(b.at(i, "id")) == 1);
      CHECK(b.num(i, "x") == std::stod(xy[b.at(i, "id")].first));
      CHECK(b.num(i, "y") == std::stod(xy[b.at(i, "id")].second));
      CHECK(b.at(i, "station") == "0");
    }
  }
}

TEST_CASE("without --out, results go to results/<scenario name> in the working folder", "[system]") {
  TempDir tmp("defaultout");
  run_ok({"run", small_yaml(), "--quiet", "--replicates", "1"}, tmp.path().string());
  CHECK(fs::exists(tmp.path() / "results" / "small" / "summary.csv"));
  CHECK(fs::exists(tmp.path() / "results" / "small" / "scenario.resolved.yaml"));
}

TEST_CASE("dictionary.csv lists every column of every CSV written, in order", "[system]") {
  TempDir tmp("dictionary");
  for (const bool log : {true, false}) {
    DYNAMIC_SECTION("simulation.issue_log=" << (log ? "true" : "false")) {
      const std::string d = tmp / "d";
      run_small(d, {"--set", std::string("simulation.issue_log=") + (log ? "true" : "false")});
      const Csv dict = read_csv(fs::path(d) / "dictionary.csv");
      REQUIRE(dict.header == std::vector<std::string>{"file", "column", "unit", "description"});
      std::map<std::string, std::vector<std::string>> listed;
      for (const auto& row : dict.rows) {
        REQUIRE(row.size() == 4);
        INFO(row[0] << ": " << row[1]);
        CHECK(!row[3].empty());
        listed[row[0]].push_back(row[1]);
      }
      // dictionary.csv describes the data files; its own four columns are fixed (checked above).
      std::set<std::string> written;
      for (const auto& n : csv_names(d))
        if (n != "dictionary.csv") written.insert(n);
      std::set<std::string> described;
      for (const auto& [f, cols] : listed) described.insert(f);
      CHECK(described == written);
      CHECK(written.count("issues.csv") == (log ? 1u : 0u));
      for (const auto& n : written) {
        INFO("header of " << n);
        CHECK(read_csv(fs::path(d) / n).header == listed[n]);
      }
      if (log) {
        // `gridgov outputs` lists the same (file, column) pairs as dictionary.csv with every table,
        // then the sweep, compare and calibrate tables.
        const CmdResult o = run_ok({"outputs"});
        std::vector<std::pair<std::string, std::string>> a, b;
        std::istringstream in(o.out);
        std::string line;
        while (std::getline(in, line)) {
          const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
          a.emplace_back(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1));
        }
        for (const auto& row : dict.rows) b.emplace_back(row[0], row[1]);
        REQUIRE(a.size() > b.size());
        CHECK(std::vector<std::pair<std::string, std::string>>(a.begin(), a.begin() + static_cast<long>(b.size())) == b);
        std::set<std::string> sweep_files;
        for (std::size_t i = b.size(); i < a.size(); ++i) sweep_files.insert(a[i].first);
        CHECK(sweep_files == std::set<std::string>{"design.csv", "errors.csv", "point_timeseries.csv", "points.csv", "runs.csv",
                                                   "sensitivity.csv", "shard.csv", "timeseries_runs.csv", "compare.csv",
                                                   "compare_timeseries.csv", "trace.csv", "targets.csv", "parameters.csv",
                                                   "attribution.csv"});
      }
    }
  }
}

TEST_CASE("docs/parameters.md and docs/outputs.md match the binary", "[system]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> docs{{"docs/parameters.md", {"params", "--markdown"}},
                                                                           {"docs/outputs.md", {"outputs", "--markdown"}}};
  for (const auto& [file, args] : docs) {
    DYNAMIC_SECTION(file) {
      const CmdResult r = run_ok(args);
      const fs::path path = source_path(file);
      INFO(file << " is missing or stale (it differs from `gridgov " << args[0]
                << " --markdown`). Regenerate the docs with `scripts/gen-docs.sh [BUILD_DIR]` "
                   "(default build/release) and commit them.");
      REQUIRE(fs::exists(path));
      const bool fresh = read_file(path) == r.out;
      CHECK(fresh);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Common random numbers

TEST_CASE("common random numbers: a policy change leaves the issues raised unchanged", "[system]") {
  TempDir tmp("crn");
  const std::string a = tmp / "a", b = tmp / "b";
  run_small(a);
  run_small(b, {"--set", "party.members_per_household=0.2"});
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  auto keys = [](const Csv& c) {
    std::set<Key> k;
    for (std::size_t i = 0; i < c.rows.size(); ++i)
      k.emplace(c.at(i, "replicate"), c.at(i, "household"), c.at(i, "issue"), c.at(i, "type"), c.at(i, "t_raised_h"));
    return k;
  };
  const Csv ia = read_csv(fs::path(a) / "issues.csv"), ib = read_csv(fs::path(b) / "issues.csv");
  REQUIRE(ia.rows.size() > 100);
  const auto ka = keys(ia), kb = keys(ib);
  CHECK(ka.size() == ia.rows.size());  // (replicate, household, issue) identifies an issue
  std::vector<Key> only_a, only_b;
  std::set_difference(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(only_a));
  std::set_difference(kb.begin(), kb.end(), ka.begin(), ka.end(), std::back_inserter(only_b));
  INFO(only_a.size() << " issues only in the default run, " << only_b.size() << " only with the policy change");
  CHECK(only_a.empty());
  CHECK(only_b.empty());

  // The policy change did change what happened to the issues (otherwise the test proves nothing).
  const Csv sa = read_csv(fs::path(a) / "summary.csv"), sb = read_csv(fs::path(b) / "summary.csv");
  CHECK(sa.num(0, "party_members") * 2 == sb.num(0, "party_members"));
  std::set<std::vector<std::string>> ra(ia.rows.begin(), ia.rows.end()), rb(ib.rows.begin(), ib.rows.end());
  CHECK(ra != rb);
}

// ---------------------------------------------------------------------------------------------
// Invariants of the outputs

namespace {
struct Config {
  std::string name;
  std::vector<std::string> extra;
};
const std::vector<Config>& invariant_configs() {
  static const std::vector<Config> c{
      {"small.yaml", {}},
      {"many complaints, queue-theory complaints, dispatch to departments",
       {"--set", "households.channels.hotline=5", "--set", "grid.households_per_worker=5000", "--set",
        "households.complain_when=unstarted", "--set", "hotline.dispatch_to=department"}},
      {"party, leads, firms, deliberation and hotline off",
       {"--set", "party.enabled=false", "--set", "leads.enabled=false", "--set", "firms.enabled=false", "--set",
        "deliberation.enabled=false", "--set", "hotline.enabled=false"}}};
  return c;
}
}  // namespace

TEST_CASE("invariants: issue counts add up across summary.csv, grids.csv and issues.csv", "[system][invariant]") {
  TempDir tmp("counts");
  for (const auto& cfg : invariant_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      const std::string d = tmp / "d";
      run_small(d, cfg.extra);
      const Csv s = read_csv(fs::path(d) / "summary.csv"), g = read_csv(fs::path(d) / "grids.csv"),
                is = read_csv(fs::path(d) / "issues.csv");
      REQUIRE(!s.rows.empty());
      for (std::size_t r = 0; r < s.rows.size(); ++r) {
        const std::string rep = s.at(r, "replicate");
        INFO("replicate " << rep);
        const double raised = s.num(r, "issues_raised"), resolved = s.num(r, "issues_resolved");
        CHECK(raised > 0);
        CHECK(resolved + s.num(r, "issues_open") == raised);
        double g_raised = 0, g_resolved = 0, g_complaints = 0, g_households = 0;
        for (std::size_t i = 0; i < g.rows.size(); ++i)
          if (g.at(i, "replicate") == rep) {
            g_raised += g.num(i, "issues_raised");
            g_resolved += g.num(i, "issues_resolved");
            g_complaints += g.num(i, "complaints");
            g_households += g.num(i, "households");
          }
        CHECK(g_raised == raised);
        CHECK(g_resolved == resolved);
        CHECK(g_complaints == s.num(r, "complaints"));
        CHECK(g_households == s.num(r, "households"));
        double logged = 0, logged_resolved = 0, logged_complaints = 0;
        for (std::size_t i = 0; i < is.rows.size(); ++i)
          if (is.at(i, "replicate") == rep) {
            ++logged;
            if (is.at(i, "state") == "resolved") ++logged_resolved;
            logged_complaints += is.num(i, "complaints");
          }
        CHECK(logged == raised);
        CHECK(logged_resolved == resolved);
        CHECK(logged_complaints == s.num(r, "complaints"));
      }
    }
  }
}

TEST_CASE("invariants: every share is within 0..1 or NA", "[system][invariant]") {
  TempDir tmp("shares");
  for (const auto& cfg : invariant_configs()) {
    DYNAMIC_SECTION(cfg.name) {
      const std::string d = tmp / "d";
      run_small(d, cfg.extra);
      const Csv dict = read_csv(fs::path(d) / "dictionary.csv");
      std::size_t checked_columns = 0;
      for (const char* file : {"summary.csv", "grids.csv", "timeseries.csv"}) {
        const Csv t = read_csv(fs::path(d) / file);
        for (const auto& row : dict.rows) {
          if (row[0] != file || (row[2] != "share" && row[2] != "0..1")) continue;
          ++checked_columns;
          const std::size_t c = t.col(row[1]);
          for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const std::string& v = t.rows[i][c];
            if (v == "NA") continue;
            INFO(file << " row " << i + 1 << " column " << row[1] << " = " << v);
            const double x = std::stod(v);
            CHECK(x >= 0.0);
            CHECK(x <= 1.0);
          }
        }
      }
      CHECK(checked_columns >= 30);
    }
  }
}

TEST_CASE("invariants: with every issue rate 0 there are no issues, complaints or whistles", "[system][invariant]") {
  TempDir tmp("zero");
  const auto sc = models::load_scenario(small_yaml(), {});
  // With no issues the only events the engine processes are the monthly deliberation meetings
  // of each community: the first at half a period, then one per period, before the horizon.
  std::int64_t meetings = 0;
  while ((static_cast<double>(meetings) + 0.5) * sc.spec.deliberation.meeting_period_days < static_cast<double>(sc.spec.days))
    ++meetings;
  REQUIRE(meetings > 0);

  for (const bool deliberation : {true, false}) {
    DYNAMIC_SECTION("deliberation.enabled=" << (deliberation ? "true" : "false")) {
      const std::string d = tmp / "d";
      auto extra = kZeroRates;
      extra.push_back("--set");
      extra.push_back(std::string("deliberation.enabled=") + (deliberation ? "true" : "false"));
      run_small(d, extra);
      const Csv s = read_csv(fs::path(d) / "summary.csv");
      REQUIRE(s.rows.size() == static_cast<std::size_t>(sc.spec.replicates));
      for (std::size_t r = 0; r < s.rows.size(); ++r) {
        INFO("replicate " << r);
        for (const char* zero :
             {"issues_raised", "issues_resolved", "issues_open", "complaints", "whistles", "hotline_contacts",
              "forced_dispatches", "deliberation_settled", "reopened", "firms_blacklisted", "firms_replaced"}) {
          INFO(zero);
          CHECK(s.num(r, zero) == 0);
        }
        for (const char* na :
             {"resolved_share", "time_to_resolve_mean_h", "time_to_resolve_median_h", "complained_issue_share"}) {
          INFO(na);
          CHECK(s.at(r, na) == "NA");
        }
        CHECK(s.num(r, "satisfaction_mean") == Approx(sc.spec.households.initial_satisfaction).epsilon(1e-6));
        CHECK(s.num(r, "events") == static_cast<double>(deliberation ? meetings * sc.spec.communities : 0));
      }
      CHECK(read_csv(fs::path(d) / "issues.csv").rows.empty());
      const Csv ts = read_csv(fs::path(d) / "timeseries.csv");
      CHECK(ts.rows.size() == static_cast<std::size_t>(sc.spec.replicates * sc.spec.days));
      for (std::size_t i = 0; i < ts.rows.size(); ++i)
        for (const char* zero :
             {"issues_raised", "issues_resolved", "complaints", "found_proactively", "issues_open", "grid_queue"}) {
          INFO("timeseries.csv row " << i + 1 << " " << zero);
          CHECK(ts.num(i, zero) == 0);
        }
    }
  }
}
