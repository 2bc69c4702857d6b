// Unit tests for models/geography: lattice construction, CSV loading, BFS hop distances, capacity-limited
// nearest linking and evenly spread service sites.
#include "models/geography/Geography.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

using gridgov::models::Building;
using gridgov::models::Geography;
using gridgov::models::GeographyError;
using gridgov::models::LatticeSpec;
using gridgov::models::link_nearest_with_capacity;
using gridgov::models::load_buildings_csv;
using gridgov::models::make_lattice;
using gridgov::models::spread_sites;

namespace {

constexpr std::uint32_t kInf = UINT32_MAX;
constexpr std::uint16_t kHopsNone = UINT16_MAX;

std::string data_path(const std::string& name) { return std::string(GRIDGOV_SOURCE_DIR) + "/tests/data/" + name; }

std::uint32_t manhattan(const Building& a, const Building& b) {
  return static_cast<std::uint32_t>(std::abs(a.x - b.x) + std::abs(a.y - b.y));
}

bool has_edge(const Geography& g, std::uint32_t a, std::uint32_t b) { return boost::edge(a, b, g.graph).second; }

/// Hop distances from `from` walking only through buildings of its community (reference, naive BFS).
std::vector<std::uint32_t> community_hops(const Geography& g, std::uint32_t from) {
  std::vector<std::uint32_t> dist(g.buildings.size(), kInf);
  std::vector<std::uint32_t> queue{from};
  dist[from] = 0;
  for (std::size_t h = 0; h < queue.size(); ++h) {
    const auto v = queue[h];
    auto [it, end] = boost::adjacent_vertices(v, g.graph);
    for (; it != end; ++it) {
      const auto w = static_cast<std::uint32_t>(*it);
      if (g.buildings[w].community == g.buildings[from].community && dist[w] == kInf) {
        dist[w] = dist[v] + 1;
        queue.push_back(w);
      }
    }
  }
  return dist;
}

/// Literal (slow) reading of the linking rule, household by household.
std::vector<std::uint32_t> reference_link(const Geography& g, const std::vector<std::uint32_t>& src_building,
                                          std::vector<std::uint32_t> cap, std::vector<std::uint16_t>& hops) {
  std::vector<std::uint32_t> out(g.households(), kInf);
  hops.assign(g.households(), kHopsNone);
  for (std::uint32_t b = 0; b < g.buildings.size(); ++b) {
    const auto dist = community_hops(g, b);
    for (auto h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h) {
      std::uint64_t best_key = UINT64_MAX;
      std::uint32_t best = kInf;
      for (std::uint32_t s = 0; s < src_building.size(); ++s) {
        if (cap[s] == 0 || g.buildings[src_building[s]].community != g.buildings[b].community) continue;
        const std::uint64_t key = (static_cast<std::uint64_t>(dist[src_building[s]]) << 32) | s;
        if (key < best_key) {
          best_key = key;
          best = s;
        }
      }
      if (best == kInf) continue;
      --cap[best];
      out[h] = best;
      hops[h] = static_cast<std::uint16_t>(std::min<std::uint32_t>(dist[src_building[best]], kHopsNone));
    }
  }
  return out;
}

/// Deterministic pseudo-random numbers for fixture generation (no std:: distribution portability issues).
struct Lcg {
  std::uint64_t state;
  std::uint32_t next(std::uint32_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>((state >> 33) % bound);
  }
};

}  // namespace

// -----------------------------------------------------------------------------------------------------------------
// make_lattice
// -----------------------------------------------------------------------------------------------------------------

TEST_CASE("make_lattice: counts and CSR offsets", "[unit][geography]") {
  const auto g = make_lattice(LatticeSpec{3, 4, 5, 7});
  REQUIRE(g.communities == 3);
  REQUIRE(g.grids == 12);
  REQUIRE(g.buildings.size() == 60);
  REQUIRE(g.households() == 420);
  REQUIRE(boost::num_vertices(g.graph) == 60);
  REQUIRE(g.community_first_grid == std::vector<std::uint32_t>{0, 4, 8, 12});
  REQUIRE(g.grid_first_building.size() == 13);
  for (std::uint32_t k = 0; k <= 12; ++k) CHECK(g.grid_first_building[k] == 5 * k);
  REQUIRE(g.building_first_household.size() == 61);
  for (std::uint32_t b = 0; b <= 60; ++b) CHECK(g.building_first_household[b] == 7u * b);
  for (std::uint32_t k = 0; k < 12; ++k) CHECK(g.grid_community[k] == k / 4);
  for (std::uint32_t b = 0; b < 60; ++b) {
    CHECK(g.buildings[b].grid == b / 5);
    CHECK(g.buildings[b].community == b / 20);
    CHECK(g.buildings[b].households == 7);
    std::string expected_id = "b";  // (not `"b" + std::to_string(b)`: GCC 12 -Wrestrict false positive)
    expected_id += std::to_string(b);
    CHECK(g.buildings[b].id == expected_id);
  }
  CHECK(g.community_buildings(1) == std::pair<std::uint32_t, std::uint32_t>{20, 40});
  CHECK(g.building_of_household(0) == 0);
  CHECK(g.building_of_household(6) == 0);
  CHECK(g.building_of_household(7) == 1);
  CHECK(g.building_of_household(419) == 59);
  CHECK_THROWS_AS(g.building_of_household(420), std::out_of_range);
  CHECK_THROWS_AS(g.community_buildings(3), std::out_of_range);
  CHECK_NOTHROW(g.check_invariants());
}

TEST_CASE("make_lattice: rejects zero fields", "[unit][geography]") {
  CHECK_THROWS_AS(make_lattice(LatticeSpec{0, 1, 1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(make_lattice(LatticeSpec{1, 0, 1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(make_lattice(LatticeSpec{1, 1, 0, 1}), std::invalid_argument);
  CHECK_THROWS_AS(make_lattice(LatticeSpec{1, 1, 1, 0}), std::invalid_argument);
}

TEST_CASE("make_lattice: geometry is a unit 4-neighbour lattice", "[unit][geography]") {
  for (const auto spec : {LatticeSpec{4, 4, 9, 1}, LatticeSpec{5, 3, 10, 2}, LatticeSpec{7, 5, 3, 1}, LatticeSpec{1, 1, 1, 1},
                          LatticeSpec{2, 7, 2, 3}}) {
    INFO("spec " << spec.communities << "x" << spec.grids_per_community << "x" << spec.buildings_per_grid);
    const auto g = make_lattice(spec);
    REQUIRE_NOTHROW(g.check_invariants());
    const auto n = g.building_count();

    // Coordinates are distinct non-negative integers.
    std::set<std::pair<double, double>> coords;
    for (const auto& b : g.buildings) {
      CHECK(b.x == static_cast<double>(static_cast<std::uint32_t>(b.x)));
      CHECK(b.y == static_cast<double>(static_cast<std::uint32_t>(b.y)));
      coords.emplace(b.x, b.y);
    }
    REQUIRE(coords.size() == n);

    // Edges are exactly the pairs at Manhattan distance 1; degree <= 4.
    std::size_t unit_pairs = 0;
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n; ++b)
        if (manhattan(g.buildings[a], g.buildings[b]) == 1) {
          ++unit_pairs;
          CHECK(has_edge(g, a, b));
        }
    CHECK(boost::num_edges(g.graph) == unit_pairs);
    for (std::uint32_t v = 0; v < n; ++v) CHECK(boost::degree(v, g.graph) <= 4);

    // Connected, and hop distance is never shorter than Manhattan distance.
    const auto d = g.hops_from(0, kInf);
    for (std::uint32_t v = 0; v < n; ++v) {
      REQUIRE(d[v] != kInf);
      CHECK(d[v] >= manhattan(g.buildings[0], g.buildings[v]));
    }
  }
}

TEST_CASE("make_lattice: interior degree and Manhattan hop distances on a full lattice", "[unit][geography]") {
  // 2x2 communities of 2x2 grids of 3x3 buildings: a completely filled 12x12 lattice.
  const auto g = make_lattice(LatticeSpec{4, 4, 9, 1});
  const auto n = g.building_count();
  double max_x = 0;
  double max_y = 0;
  for (const auto& b : g.buildings) {
    max_x = std::max(max_x, b.x);
    max_y = std::max(max_y, b.y);
  }
  REQUIRE(max_x == 11.0);
  REQUIRE(max_y == 11.0);

  std::size_t interior = 0;
  for (std::uint32_t v = 0; v < n; ++v) {
    const auto& b = g.buildings[v];
    const bool is_interior = b.x > 0 && b.y > 0 && b.x < max_x && b.y < max_y;
    if (is_interior) {
      ++interior;
      CHECK(boost::degree(v, g.graph) == 4);
    }
  }
  CHECK(interior == 100);

  for (const std::uint32_t from : {0u, 17u, 77u, n - 1}) {
    const auto d = g.hops_from(from, kInf);
    for (std::uint32_t v = 0; v < n; ++v) CHECK(d[v] == manhattan(g.buildings[from], g.buildings[v]));
    const auto d3 = g.hops_from(from, 3);
    for (std::uint32_t v = 0; v < n; ++v) CHECK(d3[v] == (d[v] <= 3 ? d[v] : kInf));
  }
  CHECK_THROWS_AS(g.hops_from(n, 1), std::out_of_range);
}

TEST_CASE("make_lattice: neighbouring grids and communities touch", "[unit][geography]") {
  const auto g = make_lattice(LatticeSpec{4, 4, 9, 1});
  auto touching = [&](auto in_a, auto in_b) {
    for (std::uint32_t a = 0; a < g.building_count(); ++a) {
      if (!in_a(g.buildings[a])) continue;
      auto [it, end] = boost::adjacent_vertices(a, g.graph);
      for (; it != end; ++it)
        if (in_b(g.buildings[*it])) return true;
    }
    return false;
  };
  auto grid_is = [](std::uint32_t k) { return [k](const Building& b) { return b.grid == k; }; };
  auto comm_is = [](std::uint32_t c) { return [c](const Building& b) { return b.community == c; }; };
  CHECK(touching(grid_is(0), grid_is(1)));        // side by side
  CHECK(touching(grid_is(0), grid_is(2)));        // one above the other
  CHECK_FALSE(touching(grid_is(0), grid_is(3)));  // diagonal only
  CHECK(touching(grid_is(1), grid_is(4)));        // across a community boundary
  CHECK(touching(comm_is(0), comm_is(1)));
  CHECK(touching(comm_is(0), comm_is(2)));
  CHECK_FALSE(touching(comm_is(0), comm_is(3)));
}

TEST_CASE("hops_from_any: multi-source minimum with a hop bound", "[unit][geography]") {
  const auto g = make_lattice(LatticeSpec{4, 4, 9, 1});
  const std::vector<std::uint32_t> sources{0, 143, 60, 60};
  const auto all = g.hops_from_any(sources, kInf);
  const auto bounded = g.hops_from_any(sources, 2);
  std::vector<std::vector<std::uint32_t>> single;
  for (const auto s : sources) single.push_back(g.hops_from(s, kInf));
  for (std::uint32_t v = 0; v < g.building_count(); ++v) {
    std::uint32_t m = kInf;
    for (const auto& d : single) m = std::min(m, d[v]);
    CHECK(all[v] == m);
    CHECK(bounded[v] == (m <= 2 ? m : kInf));
  }
  const auto none = g.hops_from_any({}, kInf);
  CHECK(std::all_of(none.begin(), none.end(), [](std::uint32_t d) { return d == kInf; }));
  const std::vector<std::uint32_t> bad{0, 1000};
  CHECK_THROWS_AS(g.hops_from_any(bad, 1), std::out_of_range);
}

// -----------------------------------------------------------------------------------------------------------------
// load_buildings_csv
// -----------------------------------------------------------------------------------------------------------------

TEST_CASE("load_buildings_csv: small fixture", "[unit][geography]") {
  const auto g = load_buildings_csv(data_path("buildings_small.csv"), 1.0);
  REQUIRE_NOTHROW(g.check_invariants());
  REQUIRE(g.communities == 2);
  REQUIRE(g.grids == 3);
  REQUIRE(g.buildings.size() == 12);
  CHECK(g.community_labels == std::vector<std::string>{"east", "west"});
  CHECK(g.grid_labels == std::vector<std::string>{"g1", "g2", "g1"});
  CHECK(g.grid_community == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(g.community_first_grid == std::vector<std::uint32_t>{0, 2, 3});
  CHECK(g.grid_first_building == std::vector<std::uint32_t>{0, 4, 7, 12});

  // Sorted by (community, grid, input order) although west rows are interleaved with east rows.
  std::vector<std::string> ids;
  for (const auto& b : g.buildings) ids.push_back(b.id);
  CHECK(ids == std::vector<std::string>{"A01", "A02", "A03", "A04", "A05", "A06", "A07", "B01", "B02", "B03", "B04", "B05"});
  CHECK(g.buildings[3].x == 1.0);
  CHECK(g.buildings[3].y == 1.0);
  CHECK(g.buildings[3].households == 18);
  CHECK(g.buildings[7].community == 1);
  CHECK(g.buildings[7].grid == 2);
  CHECK(g.households() == 269);
  CHECK(g.building_first_household[7] == 198);

  // Radius 1: unit neighbours only (A01-A02, A01-A03, A02-A04, A03-A04, A02-A05, A04-A07, A05-A06, A05-A07;
  // B01-B02, B01-B03, B02-B04, B03-B04, B02-B05).
  CHECK(boost::num_edges(g.graph) == 13);
  CHECK(has_edge(g, 0, 1));
  CHECK(has_edge(g, 1, 4));
  CHECK(has_edge(g, 3, 6));
  CHECK_FALSE(has_edge(g, 0, 3));
  CHECK(has_edge(g, 8, 11));
  for (std::uint32_t a = 0; a < 7; ++a)
    for (std::uint32_t b = 7; b < 12; ++b) CHECK_FALSE(has_edge(g, a, b));

  // Radius 1.5 adds the diagonals: A01-A04, A02-A03, A02-A07, A04-A05, A06-A07, B01-B04, B02-B03, B04-B05.
  const auto g15 = load_buildings_csv(data_path("buildings_small.csv"), 1.5);
  CHECK(boost::num_edges(g15.graph) == 21);
  CHECK(has_edge(g15, 0, 3));
  // Radius 0: no two buildings share a position.
  CHECK(boost::num_edges(load_buildings_csv(data_path("buildings_small.csv"), 0.0).graph) == 0);
  // Radius 10 joins the communities (A07 (2,1) is not within 10 of B05 (12,0), A06 (3,0) is).
  const auto g10 = load_buildings_csv(data_path("buildings_small.csv"), 10.0);
  CHECK(has_edge(g10, 5, 11));
  CHECK_FALSE(has_edge(g10, 6, 11));

  CHECK_THROWS_AS(load_buildings_csv(data_path("buildings_small.csv"), -1.0), std::invalid_argument);
}

TEST_CASE("load_buildings_csv: BOM, CRLF, quoting, blank lines, column order, UTF-8 labels", "[unit][geography]") {
  const auto path = (std::filesystem::temp_directory_path() / "gridgov_test_geography_format.csv").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF households , x,y,\"grid\",community,id\r\n"
        << "\r\n"
        << "12, +1.5 ,-2e1,\"g \"\"A\"\"\",\"\xE4\xB8\x9C\xE6\xB9\x96\xE7\xA4\xBE\xE5\x8C\xBA\",\"id,1\"\r\n"
        << "  7,3,4,g2,\xE4\xB8\x9C\xE6\xB9\x96\xE7\xA4\xBE\xE5\x8C\xBA,id2\r\n"
        << "   \r\n"
        << "5,0.25,0,g \"A\",other,id3";  // no final newline
  }
  const auto g = load_buildings_csv(path, 0.0);
  std::filesystem::remove(path);
  REQUIRE(g.buildings.size() == 3);
  CHECK(g.communities == 2);
  CHECK(g.grids == 3);
  CHECK(g.community_labels[0] == "\xE4\xB8\x9C\xE6\xB9\x96\xE7\xA4\xBE\xE5\x8C\xBA");
  CHECK(g.grid_labels == std::vector<std::string>{"g \"A\"", "g2", "g \"A\""});
  CHECK(g.buildings[0].id == "id,1");
  CHECK(g.buildings[0].x == 1.5);
  CHECK(g.buildings[0].y == -20.0);
  CHECK(g.buildings[0].households == 12);
  CHECK(g.buildings[1].id == "id2");
  CHECK(g.buildings[2].id == "id3");
  CHECK(g.buildings[2].community == 1);
  CHECK(g.households() == 24);
}

TEST_CASE("load_buildings_csv: bad files report file:line:column and the problem", "[unit][geography]") {
  struct Case {
    std::string file;
    std::string where;  // expected "file:line:" or "file:line:column:" prefix
    std::string what;
  };
  const std::vector<Case> cases{
      {"bad_buildings_missing_column.csv", "bad_buildings_missing_column.csv:1:1:", "missing column 'households'"},
      {"bad_buildings_unknown_column.csv", "bad_buildings_unknown_column.csv:1:34:", "unknown column 'floors'"},
      {"bad_buildings_duplicate_column.csv", "bad_buildings_duplicate_column.csv:1:34:", "duplicate column 'x'"},
      {"bad_buildings_field_count.csv", "bad_buildings_field_count.csv:3:", "wrong field count: found 5 fields, expected 6"},
      {"bad_buildings_nonnumeric_x.csv", "bad_buildings_nonnumeric_x.csv:4:13:", "non-numeric x 'north'"},
      {"bad_buildings_nonnumeric_households.csv", "bad_buildings_nonnumeric_households.csv:3:", "non-numeric households 'many'"},
      {"bad_buildings_zero_households.csv", "bad_buildings_zero_households.csv:3:", "households is 0"},
      {"bad_buildings_too_many_households.csv", "bad_buildings_too_many_households.csv:2:", "households 100001 is too large"},
      {"bad_buildings_duplicate_id.csv", "bad_buildings_duplicate_id.csv:5:1:", "duplicate id 'A02' (first defined on line 3)"},
      {"bad_buildings_empty.csv", "bad_buildings_empty.csv:1:1:", "empty file"},
      {"bad_buildings_header_only.csv", "bad_buildings_header_only.csv:2:", "no data rows"},
      {"bad_buildings_unterminated_quote.csv", "bad_buildings_unterminated_quote.csv:3:1:", "unterminated quoted field"},
      {"bad_buildings_does_not_exist.csv", "bad_buildings_does_not_exist.csv:0:0:", "cannot open file"},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    REQUIRE_THROWS_AS(load_buildings_csv(data_path(c.file), 1.0), GeographyError);
    REQUIRE_THROWS_WITH(load_buildings_csv(data_path(c.file), 1.0),
                        Catch::Contains(c.where) && Catch::Contains(c.what) && Catch::Contains("expected"));
  }
}

// -----------------------------------------------------------------------------------------------------------------
// link_nearest_with_capacity
// -----------------------------------------------------------------------------------------------------------------

TEST_CASE("link_nearest_with_capacity: own-building sources, full coverage", "[unit][geography]") {
  // One source per 10 households, capacity 10, placed in the household's building.
  const auto g = make_lattice(LatticeSpec{4, 4, 9, 20});
  std::vector<std::uint32_t> src_b;
  for (std::uint64_t h = 0; h < g.households(); h += 10) src_b.push_back(g.building_of_household(h));
  const std::vector<std::uint32_t> cap(src_b.size(), 10);
  std::vector<std::uint16_t> hops;
  const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
  REQUIRE(link.size() == g.households());
  REQUIRE(hops.size() == g.households());
  std::vector<std::uint32_t> load(src_b.size(), 0);
  for (std::uint64_t h = 0; h < link.size(); ++h) {
    REQUIRE(link[h] != kInf);
    CHECK(hops[h] == 0);
    CHECK(src_b[link[h]] == g.building_of_household(h));
    ++load[link[h]];
  }
  CHECK(std::all_of(load.begin(), load.end(), [](std::uint32_t l) { return l == 10; }));
}

TEST_CASE("link_nearest_with_capacity: nearest assignment on the small fixture", "[unit][geography]") {
  const auto g = load_buildings_csv(data_path("buildings_small.csv"), 1.0);
  // Building order: A01..A07 = 0..6 (households 30,25,40,18,22,35,28), B01..B05 = 7..11.
  SECTION("single far source: hops equal the graph distance") {
    const std::vector<std::uint32_t> src_b{5};  // A06
    const std::vector<std::uint32_t> cap{1000};
    std::vector<std::uint16_t> hops;
    const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
    const std::vector<std::uint16_t> expected_hops{3, 2, 4, 3, 1, 0, 2};
    for (std::uint32_t b = 0; b < 12; ++b)
      for (auto h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h) {
        if (b < 7) {
          CHECK(link[h] == 0);
          CHECK(hops[h] == expected_hops[b]);
        } else {  // west has no source: never linked across communities
          CHECK(link[h] == kInf);
          CHECK(hops[h] == kHopsNone);
        }
      }
  }
  SECTION("capacity spills to the next nearest source") {
    // s0 at A01 (cap 50), s1 at A06 (cap 1000), s2 and s3 both in B02 (cap 3 and 100).
    const std::vector<std::uint32_t> src_b{0, 5, 8, 8};
    const std::vector<std::uint32_t> cap{50, 1000, 3, 100};
    std::vector<std::uint16_t> hops;
    const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
    // A01: 30 households -> s0 at 0 hops (s0 has 20 left).
    for (std::uint64_t h = 0; h < 30; ++h) CHECK((link[h] == 0 && hops[h] == 0));
    // A02: 25 households -> 20 to s0 (1 hop), then 5 to s1 (2 hops).
    for (std::uint64_t h = 30; h < 50; ++h) CHECK((link[h] == 0 && hops[h] == 1));
    for (std::uint64_t h = 50; h < 55; ++h) CHECK((link[h] == 1 && hops[h] == 2));
    // A03 onwards: s0 is full, everything goes to s1.
    for (std::uint64_t h = 55; h < 198; ++h) CHECK(link[h] == 1);
    // B01 (12 households, 1 hop from B02): s2 first (lower index, 3 places), then s3.
    for (std::uint64_t h = 198; h < 201; ++h) CHECK((link[h] == 2 && hops[h] == 1));
    for (std::uint64_t h = 201; h < 210; ++h) CHECK((link[h] == 3 && hops[h] == 1));
    // B02 itself: 0 hops to s3.
    for (auto h = g.building_first_household[8]; h < g.building_first_household[9]; ++h) CHECK((link[h] == 3 && hops[h] == 0));
  }
  SECTION("a household in a source's building gets hops 0 while that source has capacity") {
    const std::vector<std::uint32_t> src_b{6, 2};  // A07, A03
    const std::vector<std::uint32_t> cap{28, 40};
    std::vector<std::uint16_t> hops;
    const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
    // Hops to s1 (A03): A01 1, A02 2, A03 0. Hops to s0 (A07): A01 3, A02 2, A03 2.
    // A01 (30 households) -> s1 at 1 hop (10 places left).
    for (std::uint64_t h = 0; h < 30; ++h) CHECK((link[h] == 1 && hops[h] == 1));
    // A02 (25): s0 and s1 both at 2 hops -> tie broken by the lower source index, s0 (3 places left).
    for (std::uint64_t h = 30; h < 55; ++h) CHECK((link[h] == 0 && hops[h] == 2));
    // A03 (40): its own source s1 first (10 left, 0 hops), then s0 (3 left, 2 hops), then nothing.
    for (std::uint64_t h = 55; h < 65; ++h) CHECK((link[h] == 1 && hops[h] == 0));
    for (std::uint64_t h = 65; h < 68; ++h) CHECK((link[h] == 0 && hops[h] == 2));
    for (std::uint64_t h = 68; h < 95; ++h) CHECK(link[h] == kInf);
  }
}

TEST_CASE("link_nearest_with_capacity: matches a literal reference implementation", "[unit][geography]") {
  std::vector<std::pair<std::string, Geography>> geos;
  geos.emplace_back("lattice 3x4x6x5", make_lattice(LatticeSpec{3, 4, 6, 5}));
  geos.emplace_back("lattice 2x3x10x3", make_lattice(LatticeSpec{2, 3, 10, 3}));
  geos.emplace_back("csv r=1", load_buildings_csv(data_path("buildings_small.csv"), 1.0));
  geos.emplace_back("csv r=1.5", load_buildings_csv(data_path("buildings_small.csv"), 1.5));
  geos.emplace_back("csv r=0.5 (no edges: disconnected communities)", load_buildings_csv(data_path("buildings_small.csv"), 0.5));
  geos.emplace_back("csv r=10 (edges across communities)", load_buildings_csv(data_path("buildings_small.csv"), 10.0));
  Lcg rng{12345};
  for (const auto& [name, g] : geos) {
    for (int trial = 0; trial < 6; ++trial) {
      INFO(name << " trial " << trial);
      const std::uint32_t n_src = 1 + rng.next(40);
      std::vector<std::uint32_t> src_b(n_src);
      std::vector<std::uint32_t> cap(n_src);
      for (std::uint32_t s = 0; s < n_src; ++s) {
        src_b[s] = rng.next(g.building_count());
        cap[s] = rng.next(trial % 2 == 0 ? 30 : 8);  // includes zero-capacity sources
      }
      std::vector<std::uint16_t> hops;
      std::vector<std::uint16_t> ref_hops;
      const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
      const auto ref = reference_link(g, src_b, cap, ref_hops);
      REQUIRE(link == ref);
      REQUIRE(hops == ref_hops);

      // Invariants: capacities respected, no cross-community links, full coverage where capacity suffices.
      std::vector<std::uint32_t> load(n_src, 0);
      std::vector<std::uint64_t> comm_cap(g.communities, 0);
      std::vector<std::uint64_t> comm_hh(g.communities, 0);
      std::vector<std::uint64_t> comm_linked(g.communities, 0);
      for (std::uint32_t s = 0; s < n_src; ++s) comm_cap[g.buildings[src_b[s]].community] += cap[s];
      for (std::uint32_t b = 0; b < g.building_count(); ++b)
        for (auto h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h) {
          const auto c = g.buildings[b].community;
          ++comm_hh[c];
          if (link[h] == kInf) continue;
          ++comm_linked[c];
          ++load[link[h]];
          CHECK(g.buildings[src_b[link[h]]].community == c);
        }
      for (std::uint32_t s = 0; s < n_src; ++s) CHECK(load[s] <= cap[s]);
      for (std::uint32_t c = 0; c < g.communities; ++c) CHECK(comm_linked[c] == std::min(comm_hh[c], comm_cap[c]));
    }
  }
}

TEST_CASE("link_nearest_with_capacity: cross-community, determinism, argument checks", "[unit][geography]") {
  const auto g = make_lattice(LatticeSpec{4, 4, 9, 10});
  // Huge capacity, but only in community 0: the other communities stay unlinked even though they touch it.
  const auto [c0_first, c0_last] = g.community_buildings(0);
  const std::vector<std::uint32_t> src_b{c0_first, c0_last - 1};
  const std::vector<std::uint32_t> cap{1000000, 1000000};
  std::vector<std::uint16_t> hops;
  const auto link = link_nearest_with_capacity(g, src_b, cap, &hops);
  const auto c0_hh_end = g.building_first_household[c0_last];
  for (std::uint64_t h = 0; h < link.size(); ++h) {
    if (h < c0_hh_end) {
      REQUIRE(link[h] != kInf);
      REQUIRE(hops[h] != kHopsNone);
    } else {
      REQUIRE(link[h] == kInf);
      REQUIRE(hops[h] == kHopsNone);
    }
  }

  // Deterministic: identical inputs give identical outputs; hops_out is optional.
  std::vector<std::uint32_t> many_b;
  std::vector<std::uint32_t> many_cap;
  for (std::uint32_t c = 0; c < g.communities; ++c)
    for (const auto b : spread_sites(g, c, 7)) {
      many_b.push_back(b);
      many_cap.push_back(13);
    }
  std::vector<std::uint16_t> h1;
  std::vector<std::uint16_t> h2;
  const auto l1 = link_nearest_with_capacity(g, many_b, many_cap, &h1);
  const auto l2 = link_nearest_with_capacity(g, many_b, many_cap, &h2);
  const auto l3 = link_nearest_with_capacity(g, many_b, many_cap, nullptr);
  CHECK(l1 == l2);
  CHECK(l1 == l3);
  CHECK(h1 == h2);

  // No sources: nobody linked.
  const auto none = link_nearest_with_capacity(g, {}, {}, nullptr);
  CHECK(std::all_of(none.begin(), none.end(), [](std::uint32_t s) { return s == kInf; }));

  const std::vector<std::uint32_t> one{0};
  const std::vector<std::uint32_t> two{1, 1};
  const std::vector<std::uint32_t> bad_b{g.building_count()};
  CHECK_THROWS_AS(link_nearest_with_capacity(g, one, two, nullptr), std::invalid_argument);
  CHECK_THROWS_AS(link_nearest_with_capacity(g, bad_b, one, nullptr), std::out_of_range);
}

// -----------------------------------------------------------------------------------------------------------------
// spread_sites
// -----------------------------------------------------------------------------------------------------------------

TEST_CASE("spread_sites: evenly spaced positions in the community's building list", "[unit][geography]") {
  const auto g = make_lattice(LatticeSpec{3, 2, 5, 1});  // 10 buildings per community
  const auto [first, last] = g.community_buildings(1);
  REQUIRE(first == 10);
  REQUIRE(last == 20);
  CHECK(spread_sites(g, 1, 3) == std::vector<std::uint32_t>{11, 15, 18});
  CHECK(spread_sites(g, 1, 1) == std::vector<std::uint32_t>{15});
  CHECK(spread_sites(g, 1, 0).empty());
  std::vector<std::uint32_t> all(10);
  for (std::uint32_t i = 0; i < 10; ++i) all[i] = 10 + i;
  CHECK(spread_sites(g, 1, 10) == all);
  // k > n repeats buildings: every building twice.
  const auto twice = spread_sites(g, 1, 20);
  REQUIRE(twice.size() == 20);
  for (std::uint32_t i = 0; i < 20; ++i) CHECK(twice[i] == 10 + i / 2);
  // Sites always lie in the community.
  const auto csv = load_buildings_csv(data_path("buildings_small.csv"), 1.0);
  for (const auto b : spread_sites(csv, 1, 4)) CHECK(csv.buildings[b].community == 1);
  CHECK(spread_sites(csv, 1, 4) == std::vector<std::uint32_t>{7, 8, 10, 11});  // n=5: positions 0,1,3,4
  CHECK_THROWS_AS(spread_sites(g, 3, 1), std::out_of_range);
}
