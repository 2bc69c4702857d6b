// Geography of a subdistrict: communities -> grids -> micro-grids -> buildings -> households.
//
// Buildings are the vertices of an undirected Boost.Graph; hop distances on that graph decide who is
// near whom (party members linked to nearby households), travel time for visits, and which buildings
// lie within a service station's 15-minute circle.
#pragma once

#include <boost/graph/adjacency_list.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridgov::models {

/// One residential building (楼栋). Plain data; the indices refer to the owning Geography.
struct Building {
  /// Community index, 0..Geography::communities-1.
  std::uint32_t community;
  /// Global grid index, 0..Geography::grids-1; the grid belongs to `community`.
  std::uint32_t grid;
  /// Easting in the input's length unit (lattice coordinate for make_lattice, CSV unit for CSV input).
  double x;
  /// Northing in the same unit as `x`.
  double y;
  /// Number of households living in the building (>= 1 for every constructor in this module).
  std::uint32_t households;
  /// Stable external identifier (unique within a Geography): "b<index>" for lattices, the CSV `id` otherwise.
  std::string id;
  /// Global micro-grid index, 0..Geography::microgrids-1; the micro-grid belongs to `grid` (set by
  /// make_lattice and load_buildings_csv; last so that {community, grid, x, y, households, id} still builds one).
  std::uint32_t microgrid = 0;
};

/// Limits shared by lattice scenarios (the ranges of the geography.* keys and the checks of
/// models/scenario) and buildings CSVs, which are checked against the same caps: the model relies
/// on them (16-bit local grid numbers, 28-bit event targets) and they bound memory.
struct GeographyLimits {
  static constexpr std::uint64_t max_communities = 100000;
  static constexpr std::uint64_t max_grids_per_community = 10000;
  static constexpr std::uint64_t max_buildings_per_grid = 100000;
  static constexpr std::uint64_t max_households_per_building = 100000;
  static constexpr std::uint64_t max_households = 200'000'000;
  static constexpr std::uint64_t max_households_per_community = 100'000'000;
  /// Most buildings within link_radius of one building (a CSV graph's degree bound).
  static constexpr std::uint32_t max_neighbours = 128;
};

/// Raised for a bad buildings CSV: message already holds "file:line:column: what was wrong, what was expected".
/// Lines and columns are 1-based (column = byte offset of the offending field + 1); a file that cannot be
/// opened is reported at "file:0:0".
struct GeographyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The spatial structure of one subdistrict.
///
/// Invariants (established by make_lattice and load_buildings_csv):
///  - `buildings` is sorted by (community, grid, micro-grid, then input order); vertex i of `graph` is buildings[i];
///  - grid indices are global 0..grids-1 and contiguous per community: community c owns grids
///    [community_first_grid[c], community_first_grid[c+1]), so its buildings are contiguous too;
///  - grid g owns buildings [grid_first_building[g], grid_first_building[g+1]);
///  - micro-grid indices are global 0..microgrids-1 and contiguous per grid: grid g owns micro-grids
///    [grid_first_microgrid[g], grid_first_microgrid[g+1]) (at least one), micro-grid m owns buildings
///    [microgrid_first_building[m], microgrid_first_building[m+1]) (at least one) and households
///    [microgrid_first_household[m], microgrid_first_household[m+1]);
///  - building b owns households [building_first_household[b], building_first_household[b+1]);
///    households are numbered globally in building order;
///  - every community owns at least one grid and every grid at least one building;
///  - the graph has no self-loops and no parallel edges.
struct Geography {
  /// Undirected building adjacency graph; vertex index = building index.
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

  /// Value used for "unreachable / beyond the hop limit" in hop-distance results.
  static constexpr std::uint32_t unreachable = UINT32_MAX;

  /// All buildings, sorted by (community, grid, then input order); vertex i = buildings[i].
  std::vector<Building> buildings;
  /// Number of communities.
  std::uint32_t communities = 0;
  /// Number of grids (global count over all communities).
  std::uint32_t grids = 0;
  /// grid -> owning community; size `grids`, non-decreasing.
  std::vector<std::uint32_t> grid_community;
  /// CSR offsets community -> first grid; size communities+1, front() == 0, back() == grids.
  std::vector<std::uint32_t> community_first_grid;
  /// CSR offsets grid -> first building; size grids+1, front() == 0, back() == buildings.size().
  std::vector<std::uint32_t> grid_first_building;
  /// CSR offsets building -> first household; size buildings+1, front() == 0, back() == households().
  std::vector<std::uint64_t> building_first_household;
  /// Optional human-readable community labels (CSV labels, "c<index>" for lattices); size `communities`.
  std::vector<std::string> community_labels;
  /// Optional grid labels as given in the input (unique only within a community; "g<local index>" for
  /// lattices); size `grids`.
  std::vector<std::string> grid_labels;
  /// Number of micro-grids (微网格; global count over all grids).
  std::uint32_t microgrids = 0;
  /// micro-grid -> owning grid; size `microgrids`, non-decreasing.
  std::vector<std::uint32_t> microgrid_grid;
  /// CSR offsets grid -> first micro-grid; size grids+1, front() == 0, back() == microgrids.
  std::vector<std::uint32_t> grid_first_microgrid;
  /// CSR offsets micro-grid -> first building; size microgrids+1, front() == 0, back() == buildings.size().
  std::vector<std::uint32_t> microgrid_first_building;
  /// CSR offsets micro-grid -> first household; size microgrids+1, front() == 0, back() == households().
  /// A micro-grid's household count is the difference of two neighbours (computed once, with the geography).
  std::vector<std::uint64_t> microgrid_first_household;
  /// Optional micro-grid labels (the CSV's `microgrid` column, unique only within a grid; "m<local index>"
  /// when generated); size `microgrids`.
  std::vector<std::string> microgrid_labels;
  /// Building adjacency graph (vertex i = buildings[i]).
  Graph graph;

  /// Total number of households (0 for an empty Geography).
  std::uint64_t households() const;

  /// Number of buildings (= number of graph vertices).
  std::uint32_t building_count() const { return static_cast<std::uint32_t>(buildings.size()); }

  /// Half-open building index range [first, last) of community `community`; throws std::out_of_range.
  std::pair<std::uint32_t, std::uint32_t> community_buildings(std::uint32_t community) const;

  /// Building that household `household` (global numbering) lives in; O(log buildings); throws std::out_of_range.
  std::uint32_t building_of_household(std::uint64_t household) const;

  /// Micro-grid of household `household` (global numbering) of grid `grid`: a binary search over the grid's
  /// few micro-grids, no allocation (for hot loops; the caller guarantees that the household is in the grid).
  std::uint32_t microgrid_of_household(std::uint32_t grid, std::uint64_t household) const {
    const auto first = microgrid_first_household.begin();
    const auto it = std::upper_bound(first + grid_first_microgrid[grid] + 1, first + grid_first_microgrid[grid + 1], household);
    return static_cast<std::uint32_t>(it - first - 1);
  }

  /// Households of micro-grid `microgrid`.
  std::uint64_t microgrid_households(std::uint32_t microgrid) const {
    return microgrid_first_household[microgrid + 1] - microgrid_first_household[microgrid];
  }

  /// Hop distances (UINT32_MAX where unreachable or beyond max_hops) from one building, BFS over the
  /// whole graph (paths may cross community boundaries). Result has one entry per building; the source
  /// itself gets 0. max_hops = UINT32_MAX means unbounded. Throws std::out_of_range for a bad building.
  std::vector<std::uint32_t> hops_from(std::uint32_t building, std::uint32_t max_hops) const;

  /// Buildings within max_hops of any source (multi-source BFS): result[b] = min hops or UINT32_MAX.
  /// Duplicate sources are allowed; no sources gives all UINT32_MAX. Throws std::out_of_range for a bad source.
  std::vector<std::uint32_t> hops_from_any(std::span<const std::uint32_t> sources, std::uint32_t max_hops) const;

  /// Checks every invariant listed on the struct; throws std::logic_error describing the first violation.
  /// Intended for tests and for Geography objects assembled by hand.
  void check_invariants() const;
};

/// Default of geography.buildings_per_microgrid: the default scenario's grids of 6 buildings split into 5
/// micro-grids, as 260 grids were split into 1,312 micro-grids (about 5 each) in seeds/004.
inline constexpr double kDefaultBuildingsPerMicrogrid = 1.2;

/// Micro-grids of a grid of `buildings` buildings when none are given: k = round(buildings /
/// buildings_per_microgrid), at least 1 and at most `buildings`; the grid's j-th building (in its order) lies
/// in local micro-grid floor(j k / buildings), so micro-grids are contiguous runs whose sizes differ by at
/// most one. Throws std::invalid_argument unless buildings_per_microgrid >= 1 and finite.
std::uint32_t microgrids_in_grid(std::uint32_t buildings, double buildings_per_microgrid);

/// Shape of a synthetic lattice subdistrict; all fields must be >= 1.
struct LatticeSpec {
  /// Number of communities.
  std::uint32_t communities;
  /// Grids in every community.
  std::uint32_t grids_per_community;
  /// Buildings in every grid.
  std::uint32_t buildings_per_grid;
  /// Households in every building.
  std::uint32_t households_per_building;
  /// Average buildings per micro-grid (>= 1): every grid splits into microgrids_in_grid(buildings_per_grid,
  /// buildings_per_microgrid) contiguous runs of its buildings.
  double buildings_per_microgrid = kDefaultBuildingsPerMicrogrid;
};

/// Communities laid out on a near-square lattice of communities, each a near-square lattice of grids, each a
/// near-square lattice of buildings; all buildings together form one global 2D integer lattice with unit
/// spacing (x,y are lattice coordinates) and edges join 4-neighbours on that lattice (so neighbouring grids and
/// communities touch). Deterministic. Building ids "b<index>". Each grid's buildings (row by row) are split into
/// micro-grids by microgrids_in_grid, labelled "m<local index>".
///
/// "Near-square" for n items: cols = ceil(sqrt(n)), rows = ceil(n / cols), filled row by row from the
/// lower-left corner (the last row may be partial). A grid block is cols_b x rows_b lattice cells, a community
/// block is (cols_g*cols_b) x (rows_g*rows_b) cells. Partial rows leave unoccupied lattice sites, but the
/// whole graph is always connected. Throws std::invalid_argument if a field is 0 or the building count does
/// not fit in 32 bits, or buildings_per_microgrid is below 1 or not finite.
Geography make_lattice(const LatticeSpec& spec);

/// Buildings CSV with header exactly containing columns id,community,grid,x,y,households and optionally
/// microgrid (any order, other columns rejected). community, grid and microgrid are labels (strings); grids are
/// unique per (community, grid label), micro-grids per (community, grid label, microgrid label).
/// Communities and grids are numbered in order of first appearance (grids: within their community, then
/// made global and contiguous per community), micro-grids likewise within their grid; a grid's buildings are
/// ordered by micro-grid, then input order. Without the microgrid column, every grid is split into
/// micro-grids as on a lattice (microgrids_in_grid with buildings_per_microgrid, over the grid's buildings in
/// input order). Edges join buildings whose Euclidean distance is <= link_radius
/// (in the CSV's x/y unit; edges may cross community boundaries).
///
/// Format details: optional UTF-8 BOM; LF or CRLF line endings; blank lines are skipped; fields may be
/// double-quoted ("" escapes a quote, no embedded newlines); unquoted fields are trimmed of spaces/tabs.
/// x and y must be finite decimal numbers; households an integer in 1..100000; id, community, grid and
/// (when the column is present) microgrid must be non-empty.
///
/// Errors (GeographyError, "path:line:column: ..."): missing file, missing/unknown/duplicate column, wrong
/// field count, bad quoting, empty id/label/micro-grid, non-numeric x/y/households, households == 0 or > 100000,
/// duplicate id, empty file (no header) or no data rows. Throws std::invalid_argument if link_radius is
/// negative or not finite, or buildings_per_microgrid below 1 or not finite.
///
/// The file is read with a size bound (sim/io/InputFile.hpp: kMaxCsvBytes; a folder, a device or a
/// larger file is refused at "file:0:0"), and its totals are checked against GeographyLimits: more
/// communities, grids per community, buildings per grid, households per community or households in
/// all than a lattice may have is refused at the row that crosses the cap. Edges come from a spatial
/// index (grid hashing) in O(buildings x max_neighbours): a building with more than
/// GeographyLimits::max_neighbours buildings within link_radius (buildings sharing coordinates, a
/// radius too large for the map) is refused at its row instead of making the graph quadratic.
Geography load_buildings_csv(const std::string& path, double link_radius,
                             double buildings_per_microgrid = kDefaultBuildingsPerMicrogrid);

/// The same from CSV text in memory; `path` names it in messages.
Geography parse_buildings_csv(std::string_view text, const std::string& path, double link_radius,
                              double buildings_per_microgrid = kDefaultBuildingsPerMicrogrid);

/// Every pair (i < j) of buildings whose Euclidean distance is <= link_radius, unsorted, by spatial
/// hashing; calls `too_many(building, count)` (which must throw) as soon as a building is found to
/// have more than GeographyLimits::max_neighbours such neighbours.
std::vector<std::pair<std::uint32_t, std::uint32_t>> neighbour_edges(
    const std::vector<Building>& buildings, double link_radius,
    const std::function<void(std::uint32_t, std::uint64_t)>& too_many);

/// Deterministic "live next to each other" (居住相邻) linking: each household is assigned to the nearest
/// source with spare capacity, nearness = hop distance between buildings, restricted to sources in the SAME
/// community as the household. Households are processed building by building in building order; for each
/// building, BFS outward within its community (the BFS only walks through buildings of that community) and
/// take sources in (hops, source index) order while they have capacity. Sources are given as building
/// indices (several sources may share a building). Returns, per household (global numbering), the source
/// index or UINT32_MAX when no source in the community has capacity left; also fill the hop distance to the
/// assigned source (UINT16 clamp) in `hops_out` if non-null (resized to households()).
///
/// Sources of the same community that the BFS cannot reach (the community's subgraph is disconnected) are
/// used last, in source index order, with hops reported as UINT16_MAX; unlinked households also get
/// UINT16_MAX. Every household is therefore linked whenever its community's total capacity suffices.
/// Cost: one bounded BFS per building (stops as soon as that building's households are all placed),
/// O(buildings + sources + households) memory, no per-household allocation.
/// Throws std::invalid_argument if the spans differ in length, std::out_of_range for a bad source building.
std::vector<std::uint32_t> link_nearest_with_capacity(const Geography& g, std::span<const std::uint32_t> source_building,
                                                      std::span<const std::uint32_t> source_capacity,
                                                      std::vector<std::uint16_t>* hops_out);

/// Evenly spread k sites over a community's buildings (deterministic: building indices at positions
/// floor((i+0.5)*n/k) of the community's building list, i = 0..k-1, n = buildings in the community); used for
/// service stations. k may exceed n (then repeats). Result is non-decreasing, size k. Throws
/// std::out_of_range for a bad community.
std::vector<std::uint32_t> spread_sites(const Geography& g, std::uint32_t community, std::uint32_t k);

}  // namespace gridgov::models
