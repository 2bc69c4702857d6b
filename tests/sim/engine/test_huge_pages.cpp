// Huge pages (sim/engine/HugePages): gridgov re-executes itself with glibc's huge-page tunable;
// only the memory layout may change, never a result.
#include <catch2/catch.hpp>

#include "../../app/SystemTest.hpp"

using namespace gridgov::systest;

TEST_CASE("huge pages on or off (GRIDGOV_HUGEPAGES=0), a run writes the same bytes", "[system][engine]") {
  TempDir tmp("hugepages");
  const std::string base = shell_quote(GRIDGOV_BINARY) + " run " + shell_quote(small_yaml()) + " --quiet --out ";
  const CmdResult on = run_shell(base + shell_quote((tmp.path() / "on").string()));
  const CmdResult off = run_shell("GRIDGOV_HUGEPAGES=0 " + base + shell_quote((tmp.path() / "off").string()));
  // A tunable given by the caller is kept (no second re-exec, no duplicate entry).
  const CmdResult given =
      run_shell("GLIBC_TUNABLES=glibc.malloc.hugetlb=0 " + base + shell_quote((tmp.path() / "given").string()));
  INFO(on.err << off.err << given.err);
  REQUIRE(on.exit_code == 0);
  REQUIRE(off.exit_code == 0);
  REQUIRE(given.exit_code == 0);
  const auto names = csv_names(tmp.path() / "on");
  REQUIRE(names.size() >= 6);
  CHECK(csv_names(tmp.path() / "off") == names);
  for (const auto& n : names) {
    INFO(n);
    CHECK(read_file(tmp.path() / "on" / n) == read_file(tmp.path() / "off" / n));
    CHECK(read_file(tmp.path() / "on" / n) == read_file(tmp.path() / "given" / n));
  }
}
