// Regression tests: every output file of `gridgov run --set simulation.issue_log=true` on the
// built-in default scenario, and points.csv, design.csv and runs.csv of a small sweep, must equal
// the golden copies in tests/golden/ byte for byte (runs.csv: every cell but the wall time). Any
// change of the model, the random streams or the output format shows up here; when such a change
// is intended, the golden files are regenerated with scripts/update-golden.sh and committed
// together with the change, with the reason in the commit message.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "SystemTest.hpp"

using namespace gridgov::systest;

namespace {

/// Why `actual` differs from `golden`, with the file kept for inspection and a diff excerpt.
std::string explain(const fs::path& golden, const fs::path& actual) {
  const fs::path kept = fs::temp_directory_path() / ("gridgov_golden_actual_" + actual.filename().string());
  std::error_code ec;
  fs::copy_file(actual, kept, fs::copy_options::overwrite_existing, ec);
  std::ostringstream hint;
  hint << actual.filename().string() << " differs from the golden file " << golden.string() << ".\nThe new file was kept as "
       << kept.string() << "; compare with:\n  diff -u " << golden.string() << " " << kept.string() << "\nUnified diff (start):\n"
       << unified_diff(golden, actual, 20)
       << "If the change is intended, run scripts/update-golden.sh and commit the new golden files.";
  return hint.str();
}

}  // namespace

TEST_CASE("every output file of the default scenario matches its golden copy", "[regression]") {
  const fs::path golden = source_path("tests/golden/default");
  INFO("golden folder " << golden.string() << " is missing: run scripts/update-golden.sh [BUILD_DIR] and commit it");
  REQUIRE(fs::is_directory(golden));

  TempDir tmp("golden");
  const std::string out = tmp / "out";
  // The same command line as scripts/update-golden.sh.
  const CmdResult r = run_gridgov({"run", "--out", out, "--quiet", "--set", "simulation.issue_log=true"});
  INFO("command: " << r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);

  // The same set of files, each byte-identical.
  const auto names = file_names(golden);
  REQUIRE(file_names(out) == names);
  for (const char* required :
       {"summary.csv", "summary_ci.csv", "timeseries.csv", "timeseries_ci.csv", "grids.csv", "grids_ci.csv", "communities.csv",
        "departments.csv", "firms.csv", "issues.csv", "dictionary.csv", "scenario.resolved.yaml"})
    CHECK(std::find(names.begin(), names.end(), required) != names.end());
  for (const std::string& name : names) {
    const fs::path actual = fs::path(out) / name;
    const bool same = read_file(actual) == read_file(golden / name);
    INFO((same ? std::string() : explain(golden / name, actual)));
    CHECK(same);
  }
}

TEST_CASE("a small sweep's points, design and runs match their golden copies", "[regression][sweep]") {
  const fs::path golden = source_path("tests/golden/sweep");
  INFO("golden folder " << golden.string() << " is missing: run scripts/update-golden.sh [BUILD_DIR] and commit it");
  REQUIRE(fs::is_directory(golden));

  TempDir tmp("golden-sweep");
  const std::string out = tmp / "out";
  const CmdResult r =
      run_gridgov({"sweep", "tests/data/sweeps/list.yaml", "--out", out, "--quiet", "--threads", "1"}, source_path(""));
  INFO("command: " << r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);

  for (const std::string name : {"points.csv", "design.csv"}) {
    const fs::path actual = fs::path(out) / name;
    const bool same = read_file(actual) == read_file(golden / name);
    INFO((same ? std::string() : explain(golden / name, actual)));
    CHECK(same);
  }
  // runs.csv: every cell but wall_s.
  Csv want = read_csv(golden / "runs.csv"), got = read_csv(fs::path(out) / "runs.csv");
  REQUIRE(got.header == want.header);
  REQUIRE(got.rows.size() == want.rows.size());
  const std::size_t wall = want.col("wall_s");
  for (std::size_t i = 0; i < want.rows.size(); ++i) {
    want.rows[i].at(wall).clear();
    got.rows[i].at(wall).clear();
    INFO("runs.csv row " << i + 1);
    CHECK(got.rows[i] == want.rows[i]);
  }
}
