// System tests of bad input: every bad scenario in tests/data/bad/ and every bad command line must
// make gridgov exit with code 2, print on stderr where the problem is (file:line:column when a
// location exists), the key path and what was expected, and create no output folder.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "SystemTest.hpp"

namespace {

using namespace gridgov::systest;

/// One row of tests/data/bad/EXPECTED.tsv: a bad file, the exit code, where the error must point
/// ("L:C", "L:*", "*:*" after the file's path, or "" for no check), extra arguments and the
/// fragments the message must contain.
struct BadCase {
  std::string file;
  int exit_code = 2;
  std::string where;
  std::vector<std::string> args;
  std::vector<std::string> fragments;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> cases = [] {
    std::vector<BadCase> v;
    std::istringstream in(read_file(source_path("tests/data/bad/EXPECTED.tsv")));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto cols = split(line, '\t');
      if (cols.size() < 5) throw std::runtime_error("EXPECTED.tsv: fewer than 5 columns in: " + line);
      BadCase c;
      c.file = cols[0];
      c.exit_code = std::stoi(cols[1]);
      c.where = cols[2] == "-" ? "" : cols[2];
      if (cols[3] != "-") {
        for (const auto& a : split(cols[3], ' ')) {
          std::string arg;  // "\\n" stands for a line break inside one argument
          for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i] == '\\' && i + 1 < a.size() && a[i + 1] == 'n') {
              arg.push_back('\n');
              ++i;
            } else {
              arg.push_back(a[i]);
            }
          }
          c.args.push_back(arg);
        }
      }
      c.fragments.assign(cols.begin() + 4, cols.end());
      v.push_back(std::move(c));
    }
    return v;
  }();
  return cases;
}

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
  const std::string re =
      regex_escape(path) + ":" + (l == "*" ? std::string("[0-9]+") : l) + ":" + (c == "*" ? std::string("[0-9]+") : c) + ": ";
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
  for (const auto& c : bad_cases()) {
    DYNAMIC_SECTION(c.file) {
      TempDir tmp("bad");
      const std::string path = bad_path(c.file);
      REQUIRE(fs::exists(path));
      write_file(tmp.path() / "a_file", "not a folder\n");
      fs::create_symlink(tmp.path() / "nowhere", tmp.path() / "dangling");
      std::vector<std::string> args{"run", path, "--quiet"};
      bool has_out = false;
      for (auto a : c.args) {
        for (const auto& [ph, value] : {std::pair<std::string, std::string>{"{file}", tmp / "a_file"},
                                        {"{dangling}", tmp / "dangling"},
                                        {"{tmp}", tmp.path().string()}})
          for (std::size_t p; (p = a.find(ph)) != std::string::npos;) a.replace(p, ph.size(), value);
        has_out = has_out || a == "--out";
        args.push_back(a);
      }
      const std::string out = tmp / "out";
      if (!has_out) args.insert(args.end(), {"--out", out});
      const CmdResult r = expect_refused(args, out);
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == c.exit_code);
      if (!c.where.empty()) {
        CHECK_THAT(r.err, Catch::StartsWith("gridgov: error: " + path));
        INFO("expected location " << path << ":" << c.where << ":");
        CHECK(has_location(r.err, path, c.where));
      }
      for (const auto& f : c.fragments) CHECK_THAT(r.err, Catch::Contains(f));
      CHECK(file_names(tmp.path()) == std::vector<std::string>{"a_file"});  // nothing written beside --out either
      if (!has_out) {
        // `validate` checks everything `run` would, with the same message.
        std::vector<std::string> vargs{"validate", path};
        vargs.insert(vargs.end(), args.begin() + 3, args.end() - 2);
        const CmdResult v = expect_refused(vargs, "");
        // The memory a refusal quotes is read from /proc/meminfo at each call and may move
        // between the two runs: compare the messages with that figure masked.
        const auto masked = [](const std::string& e) {
          static const std::regex available(R"(\(MemAvailable in /proc/meminfo\) of [0-9.]+ [KMGT]?i?B)");
          return std::regex_replace(e, available, "(MemAvailable in /proc/meminfo) of N");
        };
        CHECK(masked(v.err) == masked(r.err));
      }
    }
  }
}

TEST_CASE("every file of the bad-input corpus is in EXPECTED.tsv and says what is wrong", "[system][input]") {
  std::set<std::string> in_table;
  for (const auto& c : bad_cases()) CHECK(in_table.insert(c.file).second);  // no duplicates
  std::set<std::string> on_disk;
  const fs::path root = source_path("tests/data/bad");
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string name = fs::relative(e.path(), root).generic_string();
    if (name == "EXPECTED.tsv" || e.path().extension() == ".csv") continue;  // the manifest; data of the rows
    on_disk.insert(name);
    INFO(name);
    const std::string text = read_file(e.path());
    CHECK(text.rfind("# ", 0) == 0);  // first line: a comment saying what is wrong ...
    const std::string first = text.substr(0, text.find('\n'));
    CHECK_THAT(first, Catch::Contains("->"));  // ... and the expected message fragment
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
  SECTION("unknown subcommand") { expect_refused({"simulate", small}, ""); }
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
