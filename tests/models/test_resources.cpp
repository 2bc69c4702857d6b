// The memory estimate made before a run, its inputs and the --max-memory option.
#include <catch2/catch.hpp>

#include "models/scenario/Resources.hpp"
#include "sim/schema/InputError.hpp"

namespace gm = gridgov::models;
using gridgov::schema::InputError;

TEST_CASE("parse_memory_size: sizes with K, M, G, T, and anything else refused naming the option", "[unit][resources]") {
  CHECK(gm::parse_memory_size("2G", "--max-memory") == 2.0 * 1024 * 1024 * 1024);
  CHECK(gm::parse_memory_size("500M", "--max-memory") == 500.0 * 1024 * 1024);
  CHECK(gm::parse_memory_size("1.5g", "--max-memory") == 1.5 * 1024 * 1024 * 1024);
  CHECK(gm::parse_memory_size("64KiB", "--max-memory") == 64.0 * 1024);
  CHECK(gm::parse_memory_size("2GB", "--max-memory") == 2.0 * 1024 * 1024 * 1024);
  CHECK(gm::parse_memory_size("800000000", "--max-memory") == 800000000.0);
  for (const char* bad : {"", "G", "0", "-1G", "nan", "inf", "1e3", "2X", "0x10", "1_000M", "1e999"}) {
    INFO(bad);
    CHECK_THROWS_AS(gm::parse_memory_size(bad, "--max-memory"), InputError);
    CHECK_THROWS_WITH(gm::parse_memory_size(bad, "--max-memory"), Catch::StartsWith("--max-memory "));
  }
}

TEST_CASE("estimate_memory: grows with households, replicates at once, communities and the issue log", "[unit][resources]") {
  gm::ScenarioSpec s;
  s.replicates = 4;
  const auto base = gm::estimate_memory(s, gm::lattice_totals(s), 1);
  CHECK(base.bytes > gm::MemoryModel::base);
  CHECK(base.concurrent == 1);
  // The default scenario's ~2,900 households need a few MiB beyond the program itself.
  CHECK(base.bytes < gm::MemoryModel::base + 16.0 * 1024 * 1024);

  auto big = s;
  big.households_per_building = 4000;  // 288,000 households
  const auto e1 = gm::estimate_memory(big, gm::lattice_totals(big), 1);
  const auto e4 = gm::estimate_memory(big, gm::lattice_totals(big), 4);
  CHECK(e1.bytes > base.bytes);
  CHECK(e4.concurrent == 4);
  CHECK(e4.bytes > 3 * (e1.bytes - gm::MemoryModel::base));
  CHECK(e1.key == "geography.households_per_building");
  // About 60-80 bytes per household per replicate at once (measured: 57-61).
  const double per_hh = (e4.bytes - e1.bytes) / 3.0 / 288000.0;
  CHECK(per_hh > 50);
  CHECK(per_hh < 100);

  auto many = s;
  many.communities = 50000;
  many.grids_per_community = 1;
  many.buildings_per_grid = 1;
  many.households_per_building = 1;
  const auto ec = gm::estimate_memory(many, gm::lattice_totals(many), 1);
  CHECK(ec.key == "geography.communities");
  CHECK(ec.bytes > 50000.0 * 25 * 1024);  // a tiny community costs about 28 KiB over a year (ring, pools, daily statistics)

  auto logged = big;
  logged.issue_log = true;
  logged.days = 3650;
  logged.replicates = 50;
  CHECK(gm::estimate_memory(logged, gm::lattice_totals(logged), 1).key == "simulation.issue_log");
}

TEST_CASE("machine_memory: a positive amount and where it comes from", "[unit][resources]") {
  const auto m = gm::machine_memory();
  CHECK(m.bytes > 0);
  CHECK_FALSE(m.source.empty());
}

TEST_CASE("check_run_inputs: a scenario over --max-memory is refused naming the key and the estimate", "[unit][resources]") {
  gm::LoadedScenario sc = gm::load_scenario("", {});
  CHECK(gm::check_run_inputs(sc, 1, 0) == nullptr);  // a lattice: no CSV geography
  REQUIRE_THROWS_AS(gm::check_run_inputs(sc, 1, 1024.0 * 1024), InputError);
  REQUIRE_THROWS_WITH(gm::check_run_inputs(sc, 1, 1024.0 * 1024),
                      Catch::Contains("the run would need about") && Catch::Contains("more than --max-memory 1 MiB"));
  gm::LoadedScenario csv = gm::load_scenario(std::string(GRIDGOV_SOURCE_DIR) + "/scenarios/tianhe.yaml", {});
  const auto geo = gm::check_run_inputs(csv, 1, 0);
  REQUIRE(geo != nullptr);
  CHECK(geo->households() == 58200);
}
