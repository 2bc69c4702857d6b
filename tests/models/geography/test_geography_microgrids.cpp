// Unit tests of the micro-grid level (微网格) of models/geography: lattices generate micro-grids from
// buildings_per_microgrid, a buildings CSV names them in an optional microgrid column (or has them generated
// the same way), and bad micro-grid cells are reported at file:line:column.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/geography/Geography.hpp"
#include "models/scenario/ScenarioSpec.hpp"

using namespace gridgov::models;

namespace {
std::string data_path(const std::string& name) { return std::string(GRIDGOV_SOURCE_DIR) + "/tests/data/" + name; }

/// Micro-grid sizes (buildings) of grid `grid`.
std::vector<std::uint32_t> sizes(const Geography& g, std::uint32_t grid) {
  std::vector<std::uint32_t> v;
  for (auto m = g.grid_first_microgrid[grid]; m < g.grid_first_microgrid[grid + 1]; ++m)
    v.push_back(g.microgrid_first_building[m + 1] - g.microgrid_first_building[m]);
  return v;
}
}  // namespace

TEST_CASE("microgrids_in_grid: round(buildings / size), at least one, at most one per building", "[unit][geography]") {
  CHECK(microgrids_in_grid(6, 1.2) == 5);  // the default scenario's grids
  CHECK(microgrids_in_grid(6, 1.0) == 6);
  CHECK(microgrids_in_grid(6, 2.0) == 3);
  CHECK(microgrids_in_grid(6, 4.0) == 2);  // 1.5 rounds up
  CHECK(microgrids_in_grid(6, 100.0) == 1);
  CHECK(microgrids_in_grid(1, 1.2) == 1);
  CHECK(microgrids_in_grid(0, 1.2) == 0);
  CHECK_THROWS_AS(microgrids_in_grid(6, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(microgrids_in_grid(6, std::nan("")), std::invalid_argument);
  // The scenario's default is the geography's.
  CHECK(ScenarioSpec{}.buildings_per_microgrid == kDefaultBuildingsPerMicrogrid);
}

TEST_CASE("make_lattice: micro-grids are contiguous runs of each grid's buildings", "[unit][geography]") {
  SECTION("the default scenario: 4 x 3 grids of 6 buildings, 5 micro-grids each (seed 004: 260 -> 1,312)") {
    const auto g = make_lattice(LatticeSpec{4, 3, 6, 40});
    REQUIRE_NOTHROW(g.check_invariants());
    CHECK(g.microgrids == 60);
    CHECK(g.microgrid_grid.size() == 60);
    CHECK(g.microgrid_labels.size() == 60);
    for (std::uint32_t k = 0; k < g.grids; ++k) {
      CHECK(g.grid_first_microgrid[k] == 5 * k);
      CHECK(sizes(g, k) == std::vector<std::uint32_t>{2, 1, 1, 1, 1});
    }
    CHECK(g.microgrid_labels[0] == "m0");
    CHECK(g.microgrid_labels[7] == "m2");
    CHECK(g.microgrid_households(0) == 80);
    CHECK(g.microgrid_households(1) == 40);
    CHECK(g.microgrid_first_household.back() == g.households());
    // Every household's micro-grid, by the hot-loop lookup, matches its building's.
    for (std::uint64_t h = 0; h < g.households(); ++h) {
      const auto b = g.building_of_household(h);
      REQUIRE(g.microgrid_of_household(g.buildings[b].grid, h) == g.buildings[b].microgrid);
    }
  }
  SECTION("sizes differ by at most one") {
    const auto g = make_lattice(LatticeSpec{2, 2, 10, 3, 3.0});  // round(10 / 3) = 3 micro-grids: 4, 3, 3
    REQUIRE_NOTHROW(g.check_invariants());
    CHECK(g.microgrids == 12);
    for (std::uint32_t k = 0; k < g.grids; ++k) CHECK(sizes(g, k) == std::vector<std::uint32_t>{4, 3, 3});
    CHECK(g.buildings[3].microgrid == 0);
    CHECK(g.buildings[4].microgrid == 1);
    CHECK(g.buildings[10].microgrid == 3);
  }
  SECTION("one building per micro-grid, and one micro-grid per grid") {
    const auto each = make_lattice(LatticeSpec{1, 2, 7, 5, 1.0});
    CHECK(each.microgrids == 14);
    const auto whole = make_lattice(LatticeSpec{1, 2, 7, 5, 1000.0});
    CHECK(whole.microgrids == 2);
    CHECK(whole.microgrid_households(1) == 35);
  }
  CHECK_THROWS_AS(make_lattice(LatticeSpec{1, 1, 1, 1, 0.9}), std::invalid_argument);
}

TEST_CASE("load_buildings_csv: the microgrid column names micro-grids within their grid", "[unit][geography]") {
  const auto g = load_buildings_csv(data_path("buildings_microgrids.csv"), 1.0);
  REQUIRE_NOTHROW(g.check_invariants());
  REQUIRE(g.grids == 3);
  REQUIRE(g.microgrids == 6);
  // Labels are unique within a grid: "north" of east/g1 and of west/g1 are different micro-grids.
  CHECK(g.microgrid_labels == std::vector<std::string>{"north", "south", "m1", "north", "south", "east"});
  CHECK(g.microgrid_grid == std::vector<std::uint32_t>{0, 0, 1, 2, 2, 2});
  CHECK(g.grid_first_microgrid == std::vector<std::uint32_t>{0, 2, 3, 6});
  CHECK(g.microgrid_first_building == std::vector<std::uint32_t>{0, 2, 4, 7, 9, 11, 12});
  CHECK(g.microgrid_first_household == std::vector<std::uint64_t>{0, 70, 113, 198, 230, 260, 269});
  // A grid's buildings are ordered by micro-grid (first appearance), then input order.
  std::vector<std::string> ids;
  for (const auto& b : g.buildings) ids.push_back(b.id);
  CHECK(ids == std::vector<std::string>{"A01", "A03", "A02", "A04", "A05", "A06", "A07", "B01", "B03", "B02", "B04", "B05"});
  CHECK(g.buildings[2].microgrid == 1);
  CHECK(g.buildings[11].microgrid == 5);
  CHECK(g.microgrid_of_household(0, 69) == 0);
  CHECK(g.microgrid_of_household(0, 70) == 1);
  CHECK(g.microgrid_of_household(2, 268) == 5);
  // The edges follow the buildings to their new places: A01 (0,0) and A02 (1,0) are neighbours.
  CHECK(boost::edge(0, 2, g.graph).second);
  CHECK_FALSE(boost::edge(0, 3, g.graph).second);  // A01 (0,0) - A04 (1,1): not within 1
}

TEST_CASE("load_buildings_csv: without the column, micro-grids are generated as on lattices", "[unit][geography]") {
  // buildings_small.csv: grids of 4, 3 and 5 buildings.
  const auto g = load_buildings_csv(data_path("buildings_small.csv"), 1.0);
  REQUIRE_NOTHROW(g.check_invariants());
  CHECK(g.microgrids == 3 + 3 + 4);  // round(4/1.2), round(3/1.2) = round(2.5), round(5/1.2)
  CHECK(sizes(g, 0) == std::vector<std::uint32_t>{2, 1, 1});
  CHECK(sizes(g, 2) == std::vector<std::uint32_t>{2, 1, 1, 1});
  // The building order is the file's, as before micro-grids existed.
  CHECK(g.buildings[3].id == "A04");
  const auto pairs = load_buildings_csv(data_path("buildings_small.csv"), 1.0, 2.0);
  CHECK(pairs.microgrids == 2 + 2 + 3);  // 4/2, round(1.5), round(2.5)
  CHECK_THROWS_AS(load_buildings_csv(data_path("buildings_small.csv"), 1.0, 0.0), std::invalid_argument);
}

TEST_CASE("load_buildings_csv: bad micro-grid cells report file:line:column", "[unit][geography]") {
  REQUIRE_THROWS_WITH(load_buildings_csv(data_path("bad_buildings_empty_microgrid.csv"), 1.0),
                      Catch::Contains("bad_buildings_empty_microgrid.csv:4:20:") &&
                          Catch::Contains("empty microgrid, expected a non-empty micro-grid label"));
  REQUIRE_THROWS_WITH(load_buildings_csv(data_path("bad_buildings_microgrid_field_count.csv"), 1.0),
                      Catch::Contains("bad_buildings_microgrid_field_count.csv:3:") &&
                          Catch::Contains("found 6 fields, expected 7 (id,community,grid,x,y,households,microgrid)"));
  // A quoted empty label and a blank one are empty too; a duplicated column is refused as any other.
  const std::string head = "id,community,grid,x,y,households,microgrid\n";
  CHECK_THROWS_WITH(parse_buildings_csv(head + "a,c,g,0,0,1,\"\"\n", "q.csv", 1.0),
                    Catch::Contains("q.csv:2:13: empty microgrid"));
  CHECK_THROWS_WITH(parse_buildings_csv(head + "a,c,g,0,0,1,   \n", "b.csv", 1.0), Catch::Contains("b.csv:2:"));
  CHECK_THROWS_WITH(parse_buildings_csv("id,community,grid,x,y,households,microgrid,microgrid\n", "d.csv", 1.0),
                    Catch::Contains("d.csv:1:44: duplicate column 'microgrid'"));
}

TEST_CASE("check_invariants: the micro-grid level", "[unit][geography]") {
  const auto good = make_lattice(LatticeSpec{1, 2, 4, 3});
  REQUIRE_NOTHROW(good.check_invariants());
  auto g = good;
  g.microgrid_grid[0] = 1;
  CHECK_THROWS_WITH(g.check_invariants(), Catch::Contains("microgrid 0 not in grid 0"));
  g = good;
  g.buildings[1].microgrid = 2;
  CHECK_THROWS_WITH(g.check_invariants(), Catch::Contains("building 1 has micro-grid 2, expected 0"));
  g = good;
  g.microgrid_first_household[1] += 1;
  CHECK_THROWS_WITH(g.check_invariants(), Catch::Contains("micro-grid 0 household offsets"));
  g = good;
  g.grid_first_microgrid[1] = 0;
  CHECK_THROWS_AS(g.check_invariants(), std::logic_error);
}
