// System tests of bad input: every bad scenario in tests/data/bad/ and every bad command line must
// make gridgov exit with code 2, print on stderr where the problem is (file:line:column when a
// location exists), the key path and what was expected, and create no output folder.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "SystemTest.hpp"

namespace {

using namespace gridgov::systest;

/// One bad scenario file: where the error must point ("L:C", "L:*", "*:*", or "" when the message
/// carries the file name only) and fragments the message must contain.
struct BadCase {
  std::string file;
  std::string where;
  std::vector<std::string> fragments;
};

// clang-format off
const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> cases{
      // malformed YAML
      {"malformed_indent.yaml", "4:*", {"malformed YAML"}},
      {"malformed_bracket.yaml", "*:*", {"malformed YAML", "end of sequence flow not found"}},
      // unknown and misspelt keys
      {"unknown_top_key.yaml", "2:1", {"unknown key 'simulaton'", "did you mean 'simulation'"}},
      {"misspelt_nested_key.yaml", "4:3", {"unknown key 'party.visits_per_mnth'", "did you mean 'party.visits_per_month'"}},
      {"section_not_mapping.yaml", "2:8", {"key 'party'", "expected a mapping of sub-keys (a section), got a value"}},
      // wrong types
      {"wrong_type_string_for_int.yaml", "3:9", {"key 'simulation.days'", "expected an integer", "got 'a year'"}},
      {"wrong_type_list_for_number.yaml", "3:26", {"key 'party.members_per_household'", "expected a number", "got a list"}},
      {"wrong_type_bool.yaml", "3:12", {"key 'leads.enabled'", "expected true or false", "got 'sometimes'"}},
      // out of range
      {"negative_rate.yaml", "4:30", {"key 'issues.repair.rate_per_household_year'", "expected a number >= 0", "got -0.5"}},
      {"share_above_one.yaml", "3:16", {"key 'party.detect_prob'", "expected a number >= 0 and <= 1", "got 1.5"}},
      {"days_zero.yaml", "3:9", {"key 'simulation.days'", "expected an integer >= 1", "got 0"}},
      // bad choices
      {"bad_choice.yaml", "3:11", {"key 'geography.source'", "expected one of lattice, csv", "got 'grid'"}},
      {"choice_near_miss.yaml", "3:16", {"key 'hotline.dispatch_to'", "expected one of handler, department", "did you mean 'department'"}},
      // distributions
      {"dist_unknown_kind.yaml", "3:24", {"key 'grid.service_time.dist'", "expected one of fixed, exponential, lognormal, gamma, uniform, empirical", "got 'weibull'"}},
      {"dist_missing_mean.yaml", "4:5", {"key 'households.patience.mean'", "'mean' is required for dist: lognormal", "got nothing"}},
      {"dist_unknown_key.yaml", "3:44", {"unknown key 'grid.service_time.sigma'", "lognormal distribution", "allowed: dist, mean, sd, unit"}},
      {"dist_negative_sd.yaml", "6:9", {"key 'firms.service_time.sd'", "expected a number >= 0", "got -1"}},
      {"dist_bad_unit.yaml", "3:49", {"key 'grid.followup_delay.unit'", "expected one of minutes, hours, days, weeks, years", "got 'fortnights'"}},
      {"dist_empirical_weights.yaml", "6:14", {"key 'households.report_delay.weights'", "expected a list of 3 weights"}},
      {"dist_uniform_reversed.yaml", "4:40", {"key 'party.orders.time.max'", "expected a number >= min (5)", "got 2"}},
      // contradictory values
      {"warmup_not_before_end.yaml", "4:16", {"key 'simulation.warmup_days'", "expected fewer than simulation.days (60)", "got 60"}},
      {"effort_min_above_max.yaml", "3:15", {"key 'party.effort_min'", "expected effort_min <= effort_max (0.5)", "got 0.9"}},
      {"review_shares_over_one.yaml", "4:18", {"key 'firms.review.black_share'", "expected black_share + red_share <= 1", "got 1.2"}},
      // Cross-field errors about a section point at the section's key.
      {"kinds_not_summing.yaml", "3:3", {"key 'party.kinds'", "expected retired + in_service + mobile = 1", "got 1.2"}},
      {"channels_all_zero.yaml", "3:3", {"key 'households.channels'", "expected at least one reporting channel with a positive weight"}},
      // files
      {"csv_missing_buildings.yaml", "4:18", {"key 'geography.buildings_csv'", "expected a readable buildings CSV file", "no_such_buildings.csv", "does not exist"}},
      // interventions
      {"intervention_non_policy.yaml", "5:7", {"interventions", "'simulation.days' is not a policy parameter"}},
      {"intervention_unknown_key.yaml", "5:7", {"interventions: unknown parameter 'party.visits_per_mnth'", "did you mean 'party.visits_per_month'"}},
      {"intervention_unknown_item_key.yaml", "3:5", {"unknown key 'interventions.when'", "expected day, set or label"}},
      {"intervention_missing_set.yaml", "3:5", {"key 'interventions'", "each item needs both 'day' and 'set'"}},
      {"intervention_after_horizon.yaml", "5:5", {"key 'interventions.day'", "expected a day within the horizon (0..100)", "got 200"}},
  };
  return cases;
}
// clang-format on

std::string bad_path(const std::string& file) { return source_path("tests/data/bad/" + file); }

std::string regex_escape(const std::string& s) {
  static const std::string special = R"(\^$.|?*+()[]{})";
  std::string out;
  for (char c : s) {
    if (special.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

/// "PATH:L:C: " at the start of a line of `err`, with L and C from `where` ("*" = any number).
bool has_location(const std::string& err, const std::string& path, const std::string& where) {
  const auto colon = where.find(':');
  const std::string l = where.substr(0, colon), c = where.substr(colon + 1);
  const std::string re = regex_escape(path) + ":" + (l == "*" ? std::string("[0-9]+") : l) + ":" +
                         (c == "*" ? std::string("[0-9]+") : c) + ": ";
  return std::regex_search(err, std::regex(re));
}

/// Run gridgov and check the common contract of bad input: exit code 2, a `gridgov` message on
/// stderr, nothing on stdout, and no output folder.
CmdResult expect_refused(std::vector<std::string> args, const std::string& out_dir) {
  const CmdResult r = run_gridgov(args);
  INFO("command: " << r.command);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(!r.err.empty());
  CHECK(r.out.empty());
  if (!out_dir.empty()) CHECK(!fs::exists(out_dir));
  return r;
}

}  // namespace

TEST_CASE("bad scenario files are refused with exit code 2, a location, the key and what was expected", "[system][input]") {
  TempDir tmp("bad");
  for (const auto& c : bad_cases()) {
    DYNAMIC_SECTION(c.file) {
      const std::string path = bad_path(c.file);
      REQUIRE(fs::exists(path));
      const std::string out = tmp / "out";
      const CmdResult r = expect_refused({"run", path, "--out", out, "--quiet"}, out);
      INFO("stderr: " << r.err);
      CHECK_THAT(r.err, Catch::StartsWith("gridgov: error: " + path));
      if (!c.where.empty()) {
        INFO("expected location " << path << ":" << c.where << ":");
        CHECK(has_location(r.err, path, c.where));
      }
      for (const auto& f : c.fragments) CHECK_THAT(r.err, Catch::Contains(f));
    }
  }
}

TEST_CASE("every file of the bad-scenario corpus is in the table and says what is wrong", "[system][input]") {
  std::set<std::string> in_table;
  for (const auto& c : bad_cases()) CHECK(in_table.insert(c.file).second);  // no duplicates
  std::set<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(source_path("tests/data/bad"))) {
    const std::string name = e.path().filename().string();
    on_disk.insert(name);
    INFO(name);
    const std::string text = read_file(e.path());
    CHECK(text.rfind("# ", 0) == 0);              // first line: a comment saying what is wrong ...
    const std::string first = text.substr(0, text.find('\n'));
    CHECK_THAT(first, Catch::Contains("->"));      // ... and the expected message fragment
  }
  CHECK(on_disk == in_table);
}

TEST_CASE("bad command lines are refused with exit code 2 and a precise message", "[system][input]") {
  TempDir tmp("badcli");
  const std::string out = tmp / "out";
  const std::string small = small_yaml();

  SECTION("missing scenario file") {
    const std::string missing = (tmp.path() / "no_such_dir" / "missing.yaml").string();
    const CmdResult r = expect_refused({"run", missing, "--out", out}, out);
    CHECK_THAT(r.err, Catch::Contains(missing + ": cannot open file"));
    const CmdResult v = expect_refused({"validate", missing}, "");
    CHECK_THAT(v.err, Catch::Contains(missing + ": cannot open file"));
  }
  SECTION("validate reports the same errors as run") {
    for (const char* file : {"misspelt_nested_key.yaml", "csv_missing_buildings.yaml", "intervention_after_horizon.yaml"}) {
      const std::string path = bad_path(file);
      const CmdResult r = expect_refused({"run", path, "--out", out}, out);
      const CmdResult v = expect_refused({"validate", path}, "");
      CHECK(v.err == r.err);
    }
  }
  SECTION("--set with an unknown key") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--set", "party.visits_per_mnth=2"}, out);
    CHECK_THAT(r.err, Catch::Contains("--set party.visits_per_mnth=2"));
    CHECK_THAT(r.err, Catch::Contains("unknown key 'party.visits_per_mnth'"));
    CHECK_THAT(r.err, Catch::Contains("did you mean 'party.visits_per_month'"));
  }
  SECTION("--set with a value of the wrong type") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--set", "party.visits_per_month=lots"}, out);
    CHECK_THAT(r.err, Catch::Contains("--set party.visits_per_month:1:24: key 'party.visits_per_month'"));
    CHECK_THAT(r.err, Catch::Contains("expected a number"));
    CHECK_THAT(r.err, Catch::Contains("got 'lots'"));
  }
  SECTION("--set with a value out of range") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--set", "party.visits_per_month=-1"}, out);
    CHECK_THAT(r.err, Catch::Contains("key 'party.visits_per_month': expected a number >= 0 and <= 100, got -1"));
  }
  SECTION("--set that contradicts the scenario") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--set", "simulation.warmup_days=500"}, out);
    CHECK_THAT(r.err, Catch::Contains("key 'simulation.warmup_days': expected fewer than simulation.days"));
  }
  SECTION("--set without '='") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--set", "party.visits_per_month"}, out);
    CHECK_THAT(r.err, Catch::Contains("expected --set path.to.key=value"));
  }
  SECTION("--threads 0") {
    const CmdResult r = expect_refused({"run", small, "--out", out, "--threads", "0"}, out);
    CHECK_THAT(r.err, Catch::Contains("--threads"));
    CHECK_THAT(r.err, Catch::Contains("1 to 4096"));
  }
  SECTION("a bad buildings CSV given with --set") {
    const std::string csv = source_path("tests/data/bad_buildings_duplicate_id.csv");
    const CmdResult r = expect_refused(
        {"run", small, "--out", out, "--set", "geography.source=csv", "--set", "geography.buildings_csv=" + csv}, out);
    CHECK_THAT(r.err, Catch::Contains(csv + ":5:1: duplicate id 'A02'"));
  }
  SECTION("--out names an existing file") {
    const fs::path file = tmp.path() / "a_file";
    write_file(file, "not a folder\n");
    const CmdResult r = expect_refused({"run", small, "--out", file.string()}, "");
    CHECK_THAT(r.err, Catch::Contains("is not a folder"));
    CHECK(read_file(file) == "not a folder\n");
  }
  SECTION("unknown subcommand") {
    expect_refused({"simulate", small}, "");
  }
  SECTION("validate without a scenario") {
    const CmdResult r = expect_refused({"validate"}, "");
    CHECK_THAT(r.err, Catch::Contains("scenario"));
  }
}

// ---------------------------------------------------------------------------------------------
// Regression tests for bugs found and fixed: each states the expected behaviour.

// Fixed: cross-field errors about a whole section ('party.kinds', 'households.channels') carry no
// line and column, although the section is in the file: models/scenario/LoadScenario.cpp
// cross_fail() looks the path up in the provenance map, which records leaf keys only, and falls
// back to the bare file name. Repro:
//   gridgov validate tests/data/bad/kinds_not_summing.yaml
//   -> "tests/data/bad/kinds_not_summing.yaml: key 'party.kinds': expected ... got 1.2000000000000002"
// expected "tests/data/bad/kinds_not_summing.yaml:3:3: key 'party.kinds': ...".
TEST_CASE("cross-field errors about a section point at the section in the file", "[system][input]") {
  for (const char* file : {"kinds_not_summing.yaml", "channels_all_zero.yaml"}) {
    DYNAMIC_SECTION(file) {
      const std::string path = bad_path(file);
      const CmdResult r = run_gridgov({"validate", path});
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(has_location(r.err, path, "*:*"));
    }
  }
}

// Fixed: negative --seed and --replicates are silently ignored (exit 0, the scenario's seed and
// replicate count are used) instead of being refused: app/main.cpp load() treats any value < 0
// as "option not given". Repro:
//   gridgov run tests/data/small.yaml --out /tmp/x --seed -5   -> exit 0, seed column 424242
//   gridgov run tests/data/small.yaml --out /tmp/y --replicates -3   -> exit 0, 3 replicates
TEST_CASE("negative --seed and --replicates are refused", "[system][input]") {
  TempDir tmp("negopt");
  for (const char* opt : {"--seed", "--replicates"}) {
    DYNAMIC_SECTION(opt) {
      const std::string out = tmp / "out";
      const CmdResult r = run_gridgov({"run", small_yaml(), "--out", out, "--quiet", opt, "-5"});
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(!fs::exists(out));
    }
  }
}

// Fixed: `--set` takes any number of values, so a scenario path written after it is read as a
// second --set assignment: `gridgov run --set simulation.days=30 tests/data/small.yaml --out X`
// fails with "--set .../small.yaml: expected --set path.to.key=value" (exit 2). In app/main.cpp
// the --set option should take one value per occurrence (CLI11: ->allow_extra_args(false) or
// ->expected(1) on the vector option) so that `--set a=1 --set b=2 scenario.yaml` works.
TEST_CASE("a scenario path after --set is the scenario, not another assignment", "[system][input]") {
  TempDir tmp("setorder");
  const std::string out = tmp / "out";
  const CmdResult r = run_gridgov({"run", "--set", "simulation.replicates=1", small_yaml(), "--out", out, "--quiet"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(out + "/summary.csv"));
}

// Fixed: a key written twice in the same mapping is accepted silently and the last value wins
// (yaml-cpp does not reject duplicate keys and Schema::walk applies both). A typo-safe loader
// should refuse it like an unknown key. Repro:
//   printf 'simulation:\n  days: 30\n  days: 60\n' > dup.yaml; gridgov validate dup.yaml
//   -> "dup.yaml: valid scenario (60 days, ...)", exit 0
TEST_CASE("a key given twice in one mapping is refused", "[system][input]") {
  TempDir tmp("dupkey");
  const fs::path yaml = tmp.path() / "dup.yaml";
  write_file(yaml, "simulation:\n  days: 30\n  days: 60\n");
  const CmdResult r = run_gridgov({"validate", yaml.string()});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("simulation.days"));
}
