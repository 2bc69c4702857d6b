// Hardening of the buildings CSV: the spatial index gives exactly the edges of the all-pairs rule,
// a building with too many neighbours is refused quickly instead of making the graph quadratic,
// the CSV's totals meet the lattice's caps, and the file is read with a size bound.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "models/geography/Geography.hpp"

namespace {

using gridgov::models::Building;
using gridgov::models::GeographyError;
using gridgov::models::GeographyLimits;
using gridgov::models::load_buildings_csv;
using gridgov::models::neighbour_edges;
using gridgov::models::parse_buildings_csv;
using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// The rule as it was written before the spatial index: a sweep over x-sorted buildings.
Edges sweep_edges(const std::vector<Building>& bs, double r) {
  const auto n = static_cast<std::uint32_t>(bs.size());
  std::vector<std::uint32_t> by_x(n);
  for (std::uint32_t i = 0; i < n; ++i) by_x[i] = i;
  std::sort(by_x.begin(), by_x.end(),
            [&](std::uint32_t a, std::uint32_t b) { return bs[a].x < bs[b].x || (bs[a].x == bs[b].x && a < b); });
  Edges e;
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t j = i + 1; j < n; ++j) {
      const Building& a = bs[by_x[i]];
      const Building& b = bs[by_x[j]];
      const double dx = b.x - a.x;
      if (dx > r) break;
      const double dy = b.y - a.y;
      if (dx * dx + dy * dy <= r * r) e.emplace_back(std::min(by_x[i], by_x[j]), std::max(by_x[i], by_x[j]));
    }
  std::sort(e.begin(), e.end());
  return e;
}

Edges index_edges(const std::vector<Building>& bs, double r) {
  Edges e = neighbour_edges(
      bs, r, [](std::uint32_t b, std::uint64_t n) { throw GeographyError(fmt::format("building {} has {} neighbours", b, n)); });
  std::sort(e.begin(), e.end());
  return e;
}

std::vector<Building> random_buildings(std::mt19937_64& rng, std::size_t n, double span, bool duplicates) {
  std::uniform_real_distribution<double> u(-span, span);
  std::vector<Building> bs;
  for (std::size_t i = 0; i < n; ++i) {
    if (duplicates && i > 0 && rng() % 4 == 0) {
      bs.push_back(bs[rng() % bs.size()]);  // shares coordinates with an earlier one
    } else {
      bs.push_back(Building{0, 0, u(rng), u(rng), 1, ""});
    }
    if (duplicates && rng() % 9 == 0) bs.back().x = -0.0 * bs.back().x;  // -0.0 and 0.0
  }
  return bs;
}

std::string header() { return "id,community,grid,x,y,households\n"; }

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))).string()) {}
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

TEST_CASE("neighbour_edges: the spatial index finds exactly the pairs within the radius", "[unit][geography]") {
  std::mt19937_64 rng(20260101);
  for (int trial = 0; trial < 60; ++trial) {
    const double span = trial % 3 == 0 ? 3.0 : trial % 3 == 1 ? 50.0 : 1e6;
    const double r = trial % 5 == 0 ? 0.0 : std::uniform_real_distribution<double>(0.01, 4.0)(rng) * (span / 50.0);
    const auto bs = random_buildings(rng, 150 + static_cast<std::size_t>(trial) * 3, span, trial % 2 == 0);
    INFO("trial " << trial << " span " << span << " radius " << r);
    Edges expected = sweep_edges(bs, r);
    Edges got;
    try {
      got = index_edges(bs, r);
    } catch (const GeographyError&) {
      // Refused: only when some building really has more than max_neighbours neighbours.
      std::vector<std::uint32_t> degree(bs.size(), 0);
      for (const auto& [a, b] : expected) ++degree[a], ++degree[b];
      CHECK(*std::max_element(degree.begin(), degree.end()) > GeographyLimits::max_neighbours);
      continue;
    }
    CHECK(got == expected);
  }
}

TEST_CASE("neighbour_edges: the Tianhe buildings give the same graph as before", "[unit][geography]") {
  const auto g = load_buildings_csv(std::string(GRIDGOV_SOURCE_DIR) + "/scenarios/tianhe_buildings.csv", 1.5);
  CHECK(index_edges(g.buildings, 1.5) == sweep_edges(g.buildings, 1.5));
  CHECK(boost::num_edges(g.graph) == sweep_edges(g.buildings, 1.5).size());
}

TEST_CASE("buildings sharing coordinates or a huge radius are refused quickly, at the building's row", "[unit][geography]") {
  // 50,000 buildings at one point: the all-pairs rule makes 1.25 billion edges (tens of GB);
  // the index refuses at the first cell that overflows.
  std::string text = header();
  for (int i = 0; i < 50000; ++i) text += fmt::format("b{},c1,g{},5,5,1\n", i, i / 1000);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE_THROWS_AS(parse_buildings_csv(text, "same.csv", 0.0), GeographyError);
  REQUIRE_THROWS_WITH(parse_buildings_csv(text, "same.csv", 0.0),
                      Catch::Contains("same.csv:2:1: building 'b0' has 129 or more other buildings within "
                                      "geography.link_radius (0)") &&
                          Catch::Contains("expected at most 128 neighbours per building"));
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5.0);

  // A radius larger than the map: every building is everyone's neighbour.
  std::string line = header();
  for (int i = 0; i < 2000; ++i) line += fmt::format("b{},c1,g1,{},0,1\n", i, i);
  REQUIRE_THROWS_WITH(parse_buildings_csv(line, "line.csv", 1e9), Catch::Contains("lower geography.link_radius"));
  // The same map with a sensible radius loads.
  CHECK(parse_buildings_csv(line, "line.csv", 1.0).building_count() == 2000);
  // 128 neighbours are allowed, 129 are not.
  std::string edge = header();
  for (int i = 0; i < 129; ++i) edge += fmt::format("b{},c1,g1,0,0,1\n", i);
  CHECK(parse_buildings_csv(edge, "ok.csv", 0.0).building_count() == 129);
  edge += "b129,c1,g1,0,0,1\n";
  CHECK_THROWS_AS(parse_buildings_csv(edge, "over.csv", 0.0), GeographyError);
}

TEST_CASE("a buildings CSV meets the caps of a lattice scenario", "[unit][geography]") {
  SECTION("grids per community") {
    std::string text = header();
    for (std::uint64_t i = 0; i <= GeographyLimits::max_grids_per_community; ++i)
      text += fmt::format("b{},c1,g{},{},0,1\n", i, i, i);
    REQUIRE_THROWS_WITH(parse_buildings_csv(text, "grids.csv", 0.5),
                        Catch::Contains("grids.csv:10002:") && Catch::Contains("expected at most 10000 grids per community"));
  }
  SECTION("buildings per grid") {
    std::string text = header();
    for (std::uint64_t i = 0; i <= GeographyLimits::max_buildings_per_grid; ++i) text += fmt::format("b{},c1,g1,{},0,1\n", i, i);
    REQUIRE_THROWS_WITH(parse_buildings_csv(text, "grid.csv", 0.5),
                        Catch::Contains("grid.csv:100002:") && Catch::Contains("expected at most 100000 buildings per grid"));
  }
  SECTION("households per community and in all") {
    std::string one = header();
    for (int i = 0; i < 1001; ++i) one += fmt::format("b{},c1,g1,{},0,100000\n", i, i);
    REQUIRE_THROWS_WITH(parse_buildings_csv(one, "c.csv", 0.5),
                        Catch::Contains("c.csv:1002:") && Catch::Contains("expected at most 100000000 households per community"));
    std::string all = header();
    for (int i = 0; i < 2001; ++i) all += fmt::format("b{},c{},g1,{},0,100000\n", i, i % 3, i);
    REQUIRE_THROWS_WITH(parse_buildings_csv(all, "a.csv", 0.5),
                        Catch::Contains("a.csv:2002:") && Catch::Contains("expected at most 200000000 households in all"));
  }
}

TEST_CASE("a buildings CSV is read with a size bound: folders, devices and huge files are refused", "[unit][geography]") {
  REQUIRE_THROWS_WITH(load_buildings_csv("/dev/zero", 1.0),
                      Catch::Contains("/dev/zero:0:0: is not a regular file (a device or a socket)"));
  const std::string dir = std::filesystem::temp_directory_path().string();
  REQUIRE_THROWS_WITH(load_buildings_csv(dir, 1.0), Catch::Contains(dir + ":0:0: is a folder, expected a buildings CSV"));
  // A sparse file of 300 MiB (no disk space used): refused before it is read.
  TempFile big("gridgov_big_csv");
  {
    std::ofstream f(big.path);
    f << header();
  }
  REQUIRE(::truncate(big.path.c_str(), 300L << 20) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE_THROWS_WITH(load_buildings_csv(big.path, 1.0), Catch::Contains("more than the 256 MiB a buildings CSV may have"));
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 1.0);
  // A FIFO without a writer reads as empty at once instead of hanging.
  TempFile fifo("gridgov_fifo_csv");
  REQUIRE(::mkfifo(fifo.path.c_str(), 0600) == 0);
  REQUIRE_THROWS_WITH(load_buildings_csv(fifo.path, 1.0), Catch::Contains("empty file"));
}
