// Regression test: summary.csv of `gridgov run` on the built-in default scenario must equal the
// golden file tests/golden/default_summary.csv byte for byte. Any change of the model, the
// random streams or the output format shows up here; when such a change is intended, the golden
// file is regenerated with scripts/update-golden.sh and committed together with the change.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "SystemTest.hpp"

using namespace gridgov::systest;

TEST_CASE("summary.csv of the default scenario matches the golden file", "[regression]") {
  const fs::path golden = source_path("tests/golden/default_summary.csv");
  INFO("golden file " << golden.string()
                      << " is missing: run scripts/update-golden.sh [BUILD_DIR] and commit the new golden file");
  REQUIRE(fs::exists(golden));

  TempDir tmp("golden");
  const std::string out = tmp / "out";
  // The same command line as scripts/update-golden.sh: the built-in default scenario.
  const CmdResult r = run_gridgov({"run", "--out", out, "--quiet"});
  INFO("command: " << r.command << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path actual = fs::path(out) / "summary.csv";
  REQUIRE(fs::exists(actual));

  const bool same = read_file(actual) == read_file(golden);
  std::ostringstream hint;
  if (!same) {
    // Keep the new file for inspection after the temporary folder is gone.
    const fs::path kept = fs::temp_directory_path() / "gridgov_default_summary.actual.csv";
    std::error_code ec;
    fs::copy_file(actual, kept, fs::copy_options::overwrite_existing, ec);
    const std::string header_note = "(summary.csv has one line per replicate; cells are comma-separated)";
    hint << "summary.csv of `gridgov run` (default scenario) differs from the golden file "
               << golden.string() << " " << header_note << ".\nThe new file was kept as " << kept.string()
               << "; compare with:\n  diff -u " << golden.string() << " " << kept.string()
               << "\nor, cell by cell:\n  diff <(tr , '\\n' < " << golden.string() << ") <(tr , '\\n' < "
               << kept.string() << ")\nUnified diff (start):\n"
               << unified_diff(golden, actual, 20)
               << "If the change is intended, run scripts/update-golden.sh and commit the new golden file.";
  }
  INFO(hint.str());
  CHECK(same);
}
