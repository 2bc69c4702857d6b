#include "models/geography/Geography.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "sim/io/Csv.hpp"
#include "sim/io/InputFile.hpp"

namespace gridgov::models {

namespace {

constexpr std::uint32_t kUnreachable = Geography::unreachable;

// ---------------------------------------------------------------------------------------------------------
// BFS helpers
// ---------------------------------------------------------------------------------------------------------

/// Multi-source BFS over the whole graph; `dist` must be sized to the vertex count and filled with
/// kUnreachable except for the seeds, which must already be in `queue` with dist 0.
void bfs_bounded(const Geography::Graph& graph, std::vector<std::uint32_t>& dist, std::vector<std::uint32_t>& queue,
                 std::uint32_t max_hops) {
  std::size_t head = 0;
  while (head < queue.size()) {
    const std::uint32_t v = queue[head++];
    const std::uint32_t d = dist[v];
    if (d >= max_hops) continue;
    auto [it, end] = boost::adjacent_vertices(v, graph);
    for (; it != end; ++it) {
      const auto w = static_cast<std::uint32_t>(*it);
      if (dist[w] == kUnreachable) {
        dist[w] = d + 1;
        queue.push_back(w);
      }
    }
  }
}

/// Number of cells per side of a near-square arrangement of n items.
std::uint32_t near_square_cols(std::uint32_t n) {
  auto c = static_cast<std::uint32_t>(std::sqrt(static_cast<double>(n)));
  while (static_cast<std::uint64_t>(c) * c < n) ++c;
  while (c > 1 && static_cast<std::uint64_t>(c - 1) * (c - 1) >= n) --c;
  return std::max<std::uint32_t>(c, 1);
}

void check_buildings_per_microgrid(double buildings_per_microgrid) {
  if (!(buildings_per_microgrid >= 1.0) || !std::isfinite(buildings_per_microgrid))
    throw std::invalid_argument(fmt::format("buildings_per_microgrid must be finite and >= 1, got {}", buildings_per_microgrid));
}

/// Splits every grid into generated micro-grids (microgrids_in_grid): sets each building's micro-grid,
/// microgrids, microgrid_grid and microgrid_labels. `buildings` must be sorted by grid.
void generate_microgrids(Geography& g, double buildings_per_microgrid) {
  g.microgrid_grid.clear();
  g.microgrid_labels.clear();
  const auto n = g.building_count();
  for (std::uint32_t first = 0; first < n;) {
    const std::uint32_t grid = g.buildings[first].grid;
    std::uint32_t last = first;
    while (last < n && g.buildings[last].grid == grid) ++last;
    const std::uint32_t size = last - first;
    const std::uint32_t k = microgrids_in_grid(size, buildings_per_microgrid);
    const auto m0 = static_cast<std::uint32_t>(g.microgrid_grid.size());
    for (std::uint32_t j = 0; j < k; ++j) {
      g.microgrid_grid.push_back(grid);
      g.microgrid_labels.push_back(fmt::format("m{}", j));
    }
    for (std::uint32_t j = 0; j < size; ++j)
      g.buildings[first + j].microgrid = m0 + static_cast<std::uint32_t>(static_cast<std::uint64_t>(j) * k / size);
    first = last;
  }
  g.microgrids = static_cast<std::uint32_t>(g.microgrid_grid.size());
}

/// Fills the CSR offset arrays from `buildings` (which must already carry community/grid/micro-grid indices
/// and be sorted; microgrids and microgrid_grid set), plus the graph from a sorted, de-duplicated edge list.
void finish_geography(Geography& g, std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  const auto n = g.building_count();
  g.grid_first_building.assign(static_cast<std::size_t>(g.grids) + 1, 0);
  for (const auto& b : g.buildings) ++g.grid_first_building[b.grid + 1];
  for (std::uint32_t k = 0; k < g.grids; ++k) g.grid_first_building[k + 1] += g.grid_first_building[k];

  g.building_first_household.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::uint32_t b = 0; b < n; ++b)
    g.building_first_household[b + 1] = g.building_first_household[b] + g.buildings[b].households;

  g.grid_first_microgrid.assign(static_cast<std::size_t>(g.grids) + 1, 0);
  for (const auto grid : g.microgrid_grid) ++g.grid_first_microgrid[grid + 1];
  for (std::uint32_t k = 0; k < g.grids; ++k) g.grid_first_microgrid[k + 1] += g.grid_first_microgrid[k];
  g.microgrid_first_building.assign(static_cast<std::size_t>(g.microgrids) + 1, 0);
  g.microgrid_first_household.assign(static_cast<std::size_t>(g.microgrids) + 1, 0);
  for (std::uint32_t b = 0; b < n; ++b) {
    ++g.microgrid_first_building[g.buildings[b].microgrid + 1];
    g.microgrid_first_household[g.buildings[b].microgrid + 1] += g.buildings[b].households;
  }
  for (std::uint32_t m = 0; m < g.microgrids; ++m) {
    g.microgrid_first_building[m + 1] += g.microgrid_first_building[m];
    g.microgrid_first_household[m + 1] += g.microgrid_first_household[m];
  }

  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  g.graph = Geography::Graph(edges.begin(), edges.end(), n);
}

// ---------------------------------------------------------------------------------------------------------
// CSV parsing
// ---------------------------------------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& path, std::uint64_t line, std::uint64_t column, const std::string& what) {
  throw GeographyError(io::csv_error(path, line, column, what));
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool parse_finite_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;  // from_chars rejects a leading '+'
  if (first == last) return false;
  const auto res = std::from_chars(first, last, out, std::chars_format::general);
  return res.ec == std::errc() && res.ptr == last && std::isfinite(out);
}

enum Column : std::size_t { kId, kCommunity, kGrid, kX, kY, kHouseholds, kMicrogrid, kColumnCount };
/// The columns every file has (kMicrogrid is optional).
constexpr std::size_t kRequiredColumns = kMicrogrid;
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"id", "community",  "grid",     "x",
                                                                     "y",  "households", "microgrid"};
constexpr std::uint64_t kMaxHouseholdsPerBuilding = GeographyLimits::max_households_per_building;
/// Most cells of the spatial index along one axis (their numbers must be exact in a double).
constexpr double kMaxCellSpan = 1e15;

bool is_blank_line(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return is_blank(c); });
}

}  // namespace

// -------------------------------------------------------------------------------------------------------------
// Geography members
// -------------------------------------------------------------------------------------------------------------

std::uint32_t microgrids_in_grid(std::uint32_t buildings, double buildings_per_microgrid) {
  check_buildings_per_microgrid(buildings_per_microgrid);
  if (buildings == 0) return 0;
  const double k = std::round(static_cast<double>(buildings) / buildings_per_microgrid);
  return static_cast<std::uint32_t>(std::clamp(k, 1.0, static_cast<double>(buildings)));
}

std::uint64_t Geography::households() const { return building_first_household.empty() ? 0 : building_first_household.back(); }

std::pair<std::uint32_t, std::uint32_t> Geography::community_buildings(std::uint32_t community) const {
  if (community >= communities)
    throw std::out_of_range(fmt::format("community {} out of range (communities = {})", community, communities));
  return {grid_first_building[community_first_grid[community]], grid_first_building[community_first_grid[community + 1]]};
}

std::uint32_t Geography::building_of_household(std::uint64_t household) const {
  if (household >= households())
    throw std::out_of_range(fmt::format("household {} out of range (households = {})", household, households()));
  const auto it = std::upper_bound(building_first_household.begin(), building_first_household.end(), household);
  return static_cast<std::uint32_t>(it - building_first_household.begin() - 1);
}

std::vector<std::uint32_t> Geography::hops_from(std::uint32_t building, std::uint32_t max_hops) const {
  const std::uint32_t one[1] = {building};
  return hops_from_any(std::span<const std::uint32_t>(one), max_hops);
}

std::vector<std::uint32_t> Geography::hops_from_any(std::span<const std::uint32_t> sources, std::uint32_t max_hops) const {
  const std::size_t n = boost::num_vertices(graph);
  std::vector<std::uint32_t> dist(n, kUnreachable);
  std::vector<std::uint32_t> queue;
  queue.reserve(n);
  for (const auto s : sources) {
    if (s >= n) throw std::out_of_range(fmt::format("source building {} out of range (buildings = {})", s, n));
    if (dist[s] != 0) {
      dist[s] = 0;
      queue.push_back(s);
    }
  }
  bfs_bounded(graph, dist, queue, max_hops);
  return dist;
}

void Geography::check_invariants() const {
  auto bad = [](const std::string& what) { throw std::logic_error("Geography invariant violated: " + what); };
  const auto n = buildings.size();
  if (n > std::numeric_limits<std::uint32_t>::max() - 1) bad("too many buildings");
  if (boost::num_vertices(graph) != n) bad(fmt::format("graph has {} vertices, expected {}", boost::num_vertices(graph), n));
  if (grid_community.size() != grids) bad("grid_community size != grids");
  if (community_first_grid.size() != static_cast<std::size_t>(communities) + 1) bad("community_first_grid size");
  if (grid_first_building.size() != static_cast<std::size_t>(grids) + 1) bad("grid_first_building size");
  if (building_first_household.size() != n + 1) bad("building_first_household size");
  if (!community_labels.empty() && community_labels.size() != communities) bad("community_labels size");
  if (!grid_labels.empty() && grid_labels.size() != grids) bad("grid_labels size");
  if (microgrid_grid.size() != microgrids) bad("microgrid_grid size != microgrids");
  if (grid_first_microgrid.size() != static_cast<std::size_t>(grids) + 1) bad("grid_first_microgrid size");
  if (microgrid_first_building.size() != static_cast<std::size_t>(microgrids) + 1) bad("microgrid_first_building size");
  if (microgrid_first_household.size() != static_cast<std::size_t>(microgrids) + 1) bad("microgrid_first_household size");
  if (!microgrid_labels.empty() && microgrid_labels.size() != microgrids) bad("microgrid_labels size");
  // A level of the hierarchy: every parent owns a non-empty range of children, and each child names its parent.
  auto check_level = [&](const std::vector<std::uint32_t>& first, const std::vector<std::uint32_t>& parent_of,
                         std::uint32_t parents, const char* parent, const char* child) {
    if (first.front() != 0 || first.back() != parent_of.size()) bad(fmt::format("{}_first_{} ends", parent, child));
    for (std::uint32_t p = 0; p < parents; ++p) {
      if (first[p] >= first[p + 1]) bad(fmt::format("{} {} owns no {}", parent, p, child));
      for (auto k = first[p]; k < first[p + 1]; ++k)
        if (parent_of[k] != p) bad(fmt::format("{} {} not in {} {}", child, k, parent, p));
    }
  };
  check_level(community_first_grid, grid_community, communities, "community", "grid");
  if (grid_first_building.front() != 0 || grid_first_building.back() != n) bad("grid_first_building ends");
  for (std::uint32_t k = 0; k < grids; ++k) {
    if (grid_first_building[k] >= grid_first_building[k + 1]) bad(fmt::format("grid {} owns no building", k));
    for (auto b = grid_first_building[k]; b < grid_first_building[k + 1]; ++b) {
      if (buildings[b].grid != k) bad(fmt::format("building {} has grid {}, expected {}", b, buildings[b].grid, k));
      if (buildings[b].community != grid_community[k]) bad(fmt::format("building {} community mismatch", b));
    }
  }
  check_level(grid_first_microgrid, microgrid_grid, grids, "grid", "microgrid");
  if (microgrid_first_building.front() != 0 || microgrid_first_building.back() != n) bad("microgrid_first_building ends");
  if (microgrid_first_household.front() != 0) bad("microgrid_first_household front");
  for (std::uint32_t m = 0; m < microgrids; ++m) {
    if (microgrid_first_building[m] >= microgrid_first_building[m + 1]) bad(fmt::format("micro-grid {} owns no building", m));
    for (auto b = microgrid_first_building[m]; b < microgrid_first_building[m + 1]; ++b)
      if (buildings[b].microgrid != m)
        bad(fmt::format("building {} has micro-grid {}, expected {}", b, buildings[b].microgrid, m));
    if (microgrid_first_household[m] != building_first_household[microgrid_first_building[m]] ||
        microgrid_first_household[m + 1] != building_first_household[microgrid_first_building[m + 1]])
      bad(fmt::format("micro-grid {} household offsets", m));
  }
  if (building_first_household.front() != 0) bad("building_first_household front");
  for (std::size_t b = 0; b < n; ++b)
    if (building_first_household[b + 1] - building_first_household[b] != buildings[b].households)
      bad(fmt::format("building {} household offsets", b));
  std::vector<std::uint32_t> seen;
  for (std::size_t v = 0; v < n; ++v) {
    seen.clear();
    auto [it, end] = boost::adjacent_vertices(v, graph);
    for (; it != end; ++it) {
      if (*it == v) bad(fmt::format("self-loop at {}", v));
      seen.push_back(static_cast<std::uint32_t>(*it));
    }
    std::sort(seen.begin(), seen.end());
    if (std::adjacent_find(seen.begin(), seen.end()) != seen.end()) bad(fmt::format("parallel edge at {}", v));
  }
}

// -------------------------------------------------------------------------------------------------------------
// make_lattice
// -------------------------------------------------------------------------------------------------------------

Geography make_lattice(const LatticeSpec& spec) {
  if (spec.communities == 0 || spec.grids_per_community == 0 || spec.buildings_per_grid == 0 || spec.households_per_building == 0)
    throw std::invalid_argument("make_lattice: every LatticeSpec field must be >= 1");
  check_buildings_per_microgrid(spec.buildings_per_microgrid);
  const std::uint64_t n_grids = static_cast<std::uint64_t>(spec.communities) * spec.grids_per_community;
  const std::uint64_t n64 = n_grids * spec.buildings_per_grid;
  if (n_grids >= UINT32_MAX || n64 >= UINT32_MAX)
    throw std::invalid_argument(fmt::format("make_lattice: {} buildings do not fit in 32 bits", n64));
  const auto n = static_cast<std::uint32_t>(n64);

  const std::uint32_t cols_c = near_square_cols(spec.communities);
  const std::uint32_t cols_g = near_square_cols(spec.grids_per_community);
  const std::uint32_t rows_g = (spec.grids_per_community + cols_g - 1) / cols_g;
  const std::uint32_t cols_b = near_square_cols(spec.buildings_per_grid);
  const std::uint32_t rows_b = (spec.buildings_per_grid + cols_b - 1) / cols_b;
  const std::uint32_t rows_c = (spec.communities + cols_c - 1) / cols_c;
  const std::uint64_t comm_w = static_cast<std::uint64_t>(cols_g) * cols_b;
  const std::uint64_t comm_h = static_cast<std::uint64_t>(rows_g) * rows_b;
  const std::uint64_t width = cols_c * comm_w;
  const std::uint64_t height = rows_c * comm_h;

  Geography g;
  g.communities = spec.communities;
  g.grids = static_cast<std::uint32_t>(n_grids);
  g.buildings.resize(n);
  g.grid_community.resize(g.grids);
  g.community_first_grid.resize(static_cast<std::size_t>(g.communities) + 1);
  g.community_labels.resize(g.communities);
  g.grid_labels.resize(g.grids);

  // Occupancy map of the global lattice, kUnreachable = empty site. The lattice has at most a small constant
  // factor more sites than buildings (each near-square block wastes less than one row).
  std::vector<std::uint32_t> site(static_cast<std::size_t>(width * height), kUnreachable);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> xy(n);

  std::uint32_t b = 0;
  for (std::uint32_t c = 0; c < spec.communities; ++c) {
    g.community_first_grid[c] = c * spec.grids_per_community;
    g.community_labels[c] = fmt::format("c{}", c);
    const std::uint64_t cx = (c % cols_c) * comm_w;
    const std::uint64_t cy = (c / cols_c) * comm_h;
    for (std::uint32_t lg = 0; lg < spec.grids_per_community; ++lg) {
      const std::uint32_t grid = c * spec.grids_per_community + lg;
      g.grid_community[grid] = c;
      g.grid_labels[grid] = fmt::format("g{}", lg);
      const std::uint64_t gx = cx + static_cast<std::uint64_t>(lg % cols_g) * cols_b;
      const std::uint64_t gy = cy + static_cast<std::uint64_t>(lg / cols_g) * rows_b;
      for (std::uint32_t lb = 0; lb < spec.buildings_per_grid; ++lb, ++b) {
        const std::uint64_t x = gx + lb % cols_b;
        const std::uint64_t y = gy + lb / cols_b;
        xy[b] = {x, y};
        site[static_cast<std::size_t>(y * width + x)] = b;
        Building& bd = g.buildings[b];
        bd.community = c;
        bd.grid = grid;
        bd.x = static_cast<double>(x);
        bd.y = static_cast<double>(y);
        bd.households = spec.households_per_building;
        bd.id = fmt::format("b{}", b);
      }
    }
  }
  g.community_first_grid[spec.communities] = g.grids;
  generate_microgrids(g, spec.buildings_per_microgrid);

  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(static_cast<std::size_t>(n) * 2);
  for (std::uint32_t v = 0; v < n; ++v) {
    const auto [x, y] = xy[v];
    if (x + 1 < width) {
      const auto w = site[static_cast<std::size_t>(y * width + x + 1)];
      if (w != kUnreachable) edges.emplace_back(std::min(v, w), std::max(v, w));
    }
    if (y + 1 < height) {
      const auto w = site[static_cast<std::size_t>((y + 1) * width + x)];
      if (w != kUnreachable) edges.emplace_back(std::min(v, w), std::max(v, w));
    }
  }
  finish_geography(g, edges);
  return g;
}

// -------------------------------------------------------------------------------------------------------------
// load_buildings_csv
// -------------------------------------------------------------------------------------------------------------

Geography load_buildings_csv(const std::string& path, double link_radius, double buildings_per_microgrid) {
  if (!(link_radius >= 0.0) || !std::isfinite(link_radius))
    throw std::invalid_argument(fmt::format("load_buildings_csv: link_radius must be finite and >= 0, got {}", link_radius));
  check_buildings_per_microgrid(buildings_per_microgrid);
  std::string text, error;
  if (!io::read_bounded(path, io::kMaxCsvBytes, "buildings CSV", text, error)) fail(path, 0, 0, error);
  return parse_buildings_csv(text, path, link_radius, buildings_per_microgrid);
}

Geography parse_buildings_csv(std::string_view text, const std::string& path, double link_radius,
                              double buildings_per_microgrid) {
  if (!(link_radius >= 0.0) || !std::isfinite(link_radius))
    throw std::invalid_argument(fmt::format("load_buildings_csv: link_radius must be finite and >= 0, got {}", link_radius));
  check_buildings_per_microgrid(buildings_per_microgrid);
  io::CsvLineReader in{text};
  std::string_view line;
  std::uint64_t line_no = 0;
  io::CsvSplitter fields(/*trim_blanks=*/true);

  // ---- header ----
  bool have_header = false;
  std::string first_line;
  while (in.next(line, line_no)) {
    if (line_no == 1 && line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) {
      first_line.assign(line);
      first_line.replace(0, 3, "   ");
      line = first_line;
    }
    if (!is_blank_line(line)) {
      have_header = true;
      break;
    }
  }
  if (!have_header)
    fail(path, std::max<std::uint64_t>(line_no, 1), 1,
         "empty file, expected a header line with columns id,community,grid,x,y,households (and optionally microgrid)");
  const std::uint64_t header_line = line_no;
  if (!fields.split(line)) fail(path, header_line, fields.error_column(), fields.error());
  const std::size_t n_header = fields.size();

  std::array<std::size_t, kColumnCount> col_of{};  // column -> field position
  std::array<bool, kColumnCount> seen{};
  for (std::size_t f = 0; f < n_header; ++f) {
    const auto& name = fields[f].text;
    const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (it == kColumnNames.end())
      fail(path, header_line, fields[f].column,
           fmt::format("unknown column '{}', expected only id,community,grid,x,y,households and optionally microgrid", name));
    const auto k = static_cast<std::size_t>(it - kColumnNames.begin());
    if (seen[k])
      fail(path, header_line, fields[f].column, fmt::format("duplicate column '{}', expected each column exactly once", name));
    seen[k] = true;
    col_of[k] = f;
  }
  for (std::size_t k = 0; k < kRequiredColumns; ++k)
    if (!seen[k])
      fail(path, header_line, 1,
           fmt::format("missing column '{}', expected header columns id,community,grid,x,y,households", kColumnNames[k]));
  const bool has_microgrid = seen[kMicrogrid];
  const std::size_t n_columns = has_microgrid ? kColumnCount : kRequiredColumns;
  const char* const column_list =
      has_microgrid ? "id,community,grid,x,y,households,microgrid" : "id,community,grid,x,y,households";

  // ---- rows ----
  Geography g;
  std::vector<std::uint32_t> local_grid_count;                  // per community
  std::vector<std::vector<std::string>> community_grid_labels;  // per community, local order
  std::unordered_map<std::string, std::uint32_t> community_index;
  std::unordered_map<std::string, std::uint32_t> grid_local_index;  // key: community index + '\0' + grid label
  std::unordered_map<std::string, std::uint64_t> id_line;
  std::vector<std::uint32_t> local_grid;  // per building (input order)
  std::vector<std::uint64_t> row_line;    // per building (input order): its line in the file
  std::vector<std::uint64_t> community_households;
  std::vector<std::uint64_t> grid_buildings;                     // per (community, local grid), flattened by first appearance
  std::unordered_map<std::string, std::uint32_t> grid_slot_of_;  // same key as grid_local_index -> grid_buildings
  // Micro-grids (microgrid column): per grid slot, their labels in order of first appearance; per building
  // (input order), its grid slot and local micro-grid; key: grid slot + '\0' + micro-grid label.
  std::vector<std::vector<std::string>> slot_microgrid_labels;
  std::unordered_map<std::string, std::uint32_t> microgrid_local_index;
  std::vector<std::uint32_t> building_slot, local_microgrid;
  std::string mg_key;
  std::uint64_t total_households = 0;
  using L = GeographyLimits;
  std::string key;

  while (in.next(line, line_no)) {
    if (is_blank_line(line)) continue;
    if (!fields.split(line)) fail(path, line_no, fields.error_column(), fields.error());
    const std::size_t n_fields = fields.size();
    if (n_fields != n_columns) {
      const std::uint64_t col = n_fields > n_columns ? fields[n_columns].column : line.size() + 1;
      fail(path, line_no, col,
           fmt::format("wrong field count: found {} fields, expected {} ({})", n_fields, n_columns, column_list));
    }
    const io::CsvField& f_id = fields[col_of[kId]];
    const io::CsvField& f_comm = fields[col_of[kCommunity]];
    const io::CsvField& f_grid = fields[col_of[kGrid]];
    const io::CsvField& f_x = fields[col_of[kX]];
    const io::CsvField& f_y = fields[col_of[kY]];
    const io::CsvField& f_hh = fields[col_of[kHouseholds]];

    if (f_id.text.empty()) fail(path, line_no, f_id.column, "empty id, expected a non-empty building id");
    if (f_comm.text.empty()) fail(path, line_no, f_comm.column, "empty community, expected a non-empty community label");
    if (f_grid.text.empty()) fail(path, line_no, f_grid.column, "empty grid, expected a non-empty grid label");
    if (has_microgrid && fields[col_of[kMicrogrid]].text.empty())
      fail(path, line_no, fields[col_of[kMicrogrid]].column,
           "empty microgrid, expected a non-empty micro-grid label (unique within its grid), or no microgrid column "
           "to have micro-grids generated from geography.buildings_per_microgrid");

    double x = 0.0;
    double y = 0.0;
    if (!parse_finite_double(f_x.text, x))
      fail(path, line_no, f_x.column, fmt::format("non-numeric x '{}', expected a finite decimal number", f_x.text));
    if (!parse_finite_double(f_y.text, y))
      fail(path, line_no, f_y.column, fmt::format("non-numeric y '{}', expected a finite decimal number", f_y.text));

    std::uint64_t hh = 0;
    {
      const char* first = f_hh.text.data();
      const char* last = first + f_hh.text.size();
      const auto res = std::from_chars(first, last, hh);
      if (res.ec == std::errc::result_out_of_range && res.ptr == last)
        hh = std::numeric_limits<std::uint64_t>::max();
      else if (f_hh.text.empty() || res.ec != std::errc() || res.ptr != last)
        fail(path, line_no, f_hh.column,
             fmt::format("non-numeric households '{}', expected an integer in 1..{}", f_hh.text, kMaxHouseholdsPerBuilding));
      if (hh == 0)
        fail(path, line_no, f_hh.column, fmt::format("households is 0, expected an integer in 1..{}", kMaxHouseholdsPerBuilding));
      if (hh > kMaxHouseholdsPerBuilding)
        fail(path, line_no, f_hh.column,
             fmt::format("households {} is too large, expected an integer in 1..{}", f_hh.text, kMaxHouseholdsPerBuilding));
    }

    if (const auto [it, inserted] = id_line.try_emplace(f_id.text, line_no); !inserted)
      fail(path, line_no, f_id.column,
           fmt::format("duplicate id '{}' (first defined on line {}), expected unique building ids", f_id.text, it->second));

    if (g.buildings.size() >= UINT32_MAX - 1) fail(path, line_no, 1, "too many buildings, expected fewer than 2^32-1");

    // The same caps as a lattice scenario (the ranges of the geography.* keys): the model relies on them.
    auto [cit, new_comm] = community_index.try_emplace(f_comm.text, static_cast<std::uint32_t>(community_index.size()));
    const std::uint32_t c = cit->second;
    if (new_comm) {
      if (community_index.size() > L::max_communities)
        fail(path, line_no, f_comm.column,
             fmt::format("community '{}' is community number {}, expected at most {} communities (geography.communities)",
                         f_comm.text, community_index.size(), L::max_communities));
      local_grid_count.push_back(0);
      community_grid_labels.emplace_back();
      g.community_labels.push_back(f_comm.text);
      community_households.push_back(0);
    }
    key = fmt::format("{}", c);
    key.push_back('\0');
    key += f_grid.text;
    auto [git, new_grid] = grid_local_index.try_emplace(key, local_grid_count[c]);
    if (new_grid) {
      if (local_grid_count[c] + 1 > L::max_grids_per_community)
        fail(path, line_no, f_grid.column,
             fmt::format("grid '{}' is grid number {} of community '{}', expected at most {} grids per community "
                         "(geography.grids_per_community)",
                         f_grid.text, local_grid_count[c] + 1, f_comm.text, L::max_grids_per_community));
      ++local_grid_count[c];
      community_grid_labels[c].push_back(f_grid.text);
      grid_buildings.push_back(0);
    }
    local_grid.push_back(git->second);
    {
      // grid_local_index maps to the local index; the flat slot is found through a second map.
      auto [sit, new_slot] = grid_slot_of_.try_emplace(key, static_cast<std::uint32_t>(grid_buildings.size() - 1));
      if (new_slot) slot_microgrid_labels.emplace_back();
      const std::uint32_t slot = sit->second;
      building_slot.push_back(slot);
      std::uint32_t local_mg = 0;
      if (has_microgrid) {
        const std::string& label = fields[col_of[kMicrogrid]].text;
        mg_key = fmt::format("{}", slot);
        mg_key.push_back('\0');
        mg_key += label;
        auto& labels = slot_microgrid_labels[slot];
        auto [mit, new_mg] = microgrid_local_index.try_emplace(mg_key, static_cast<std::uint32_t>(labels.size()));
        if (new_mg) labels.push_back(label);
        local_mg = mit->second;
      }
      local_microgrid.push_back(local_mg);
      if (++grid_buildings[sit->second] > L::max_buildings_per_grid)
        fail(path, line_no, f_grid.column,
             fmt::format("grid '{}' of community '{}' has more than {} buildings, expected at most {} buildings per "
                         "grid (geography.buildings_per_grid)",
                         f_grid.text, f_comm.text, L::max_buildings_per_grid, L::max_buildings_per_grid));
    }
    community_households[c] += hh;
    total_households += hh;
    if (community_households[c] > L::max_households_per_community)
      fail(path, line_no, f_hh.column,
           fmt::format("community '{}' has {} households with this row, expected at most {} households per community",
                       f_comm.text, community_households[c], L::max_households_per_community));
    if (total_households > L::max_households)
      fail(path, line_no, f_hh.column,
           fmt::format("the file has {} households with this row, expected at most {} households in all", total_households,
                       L::max_households));
    row_line.push_back(line_no);
    g.buildings.push_back(Building{c, 0, x, y, static_cast<std::uint32_t>(hh), f_id.text});
  }
  if (g.buildings.empty()) fail(path, header_line + 1, 1, "no data rows, expected at least one building after the header");

  // ---- number grids globally (contiguous per community) and sort buildings ----
  g.communities = static_cast<std::uint32_t>(local_grid_count.size());
  g.community_first_grid.assign(static_cast<std::size_t>(g.communities) + 1, 0);
  for (std::uint32_t c = 0; c < g.communities; ++c)
    g.community_first_grid[c + 1] = g.community_first_grid[c] + local_grid_count[c];
  g.grids = g.community_first_grid.back();
  g.grid_community.resize(g.grids);
  g.grid_labels.resize(g.grids);
  for (std::uint32_t c = 0; c < g.communities; ++c)
    for (std::uint32_t lg = 0; lg < local_grid_count[c]; ++lg) {
      g.grid_community[g.community_first_grid[c] + lg] = c;
      g.grid_labels[g.community_first_grid[c] + lg] = std::move(community_grid_labels[c][lg]);
    }
  std::vector<std::uint32_t> slot_grid(slot_microgrid_labels.size(), 0);
  for (std::size_t i = 0; i < g.buildings.size(); ++i) {
    g.buildings[i].grid = g.community_first_grid[g.buildings[i].community] + local_grid[i];
    slot_grid[building_slot[i]] = g.buildings[i].grid;
  }
  // Global grid order implies community order, so a stable sort by (grid, local micro-grid) gives (community,
  // grid, micro-grid, input order); without the microgrid column, (community, grid, input order).
  std::vector<std::uint32_t> order(g.buildings.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Building& x = g.buildings[a];
    const Building& y = g.buildings[b];
    return x.grid != y.grid ? x.grid < y.grid : local_microgrid[a] < local_microgrid[b];
  });
  if (has_microgrid) {
    // Micro-grids numbered globally, grid by grid, each grid's in order of first appearance.
    std::vector<std::uint32_t> grid_slot(g.grids, 0), first_microgrid(slot_grid.size(), 0);
    for (std::uint32_t slot = 0; slot < slot_grid.size(); ++slot) grid_slot[slot_grid[slot]] = slot;
    for (std::uint32_t grid = 0; grid < g.grids; ++grid) {
      auto& labels = slot_microgrid_labels[grid_slot[grid]];
      first_microgrid[grid_slot[grid]] = static_cast<std::uint32_t>(g.microgrid_grid.size());
      for (auto& label : labels) {
        g.microgrid_grid.push_back(grid);
        g.microgrid_labels.push_back(std::move(label));
      }
    }
    g.microgrids = static_cast<std::uint32_t>(g.microgrid_grid.size());
    for (std::size_t i = 0; i < g.buildings.size(); ++i)
      g.buildings[i].microgrid = first_microgrid[building_slot[i]] + local_microgrid[i];
  }
  {
    std::vector<Building> sorted;
    sorted.reserve(order.size());
    std::vector<std::uint64_t> lines(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      sorted.push_back(std::move(g.buildings[order[i]]));
      lines[i] = row_line[order[i]];
    }
    g.buildings = std::move(sorted);
    row_line = std::move(lines);
  }
  if (!has_microgrid) generate_microgrids(g, buildings_per_microgrid);

  {
    // Cells of the spatial index are numbered by integers: the map may span at most 1e15 cells.
    std::uint32_t lo_x = 0, hi_x = 0, lo_y = 0, hi_y = 0;
    for (std::uint32_t b = 0; b < g.buildings.size(); ++b) {
      const Building& bd = g.buildings[b];
      if (bd.x < g.buildings[lo_x].x) lo_x = b;
      if (bd.x > g.buildings[hi_x].x) hi_x = b;
      if (bd.y < g.buildings[lo_y].y) lo_y = b;
      if (bd.y > g.buildings[hi_y].y) hi_y = b;
    }
    const double cell = 0.7 * link_radius;
    const double wx = g.buildings[hi_x].x - g.buildings[lo_x].x, wy = g.buildings[hi_y].y - g.buildings[lo_y].y;
    if (link_radius > 0 && !(wx / cell < kMaxCellSpan && wy / cell < kMaxCellSpan)) {
      const std::uint32_t far = wx / cell >= kMaxCellSpan ? hi_x : hi_y;
      fail(path, row_line[far], 1,
           fmt::format("the buildings' coordinates span {} by {}, more than {:g} times geography.link_radius ({}); "
                       "expected coordinates in a unit closer to the link radius",
                       wx, wy, kMaxCellSpan * 0.7, link_radius));
    }
  }
  auto edges = neighbour_edges(g.buildings, link_radius, [&](std::uint32_t b, std::uint64_t found) {
    fail(path, row_line[b], 1,
         fmt::format("building '{}' has {} or more other buildings within geography.link_radius ({}), expected at most "
                     "{} neighbours per building (buildings sharing coordinates, or a link radius too large for the "
                     "map's scale: lower geography.link_radius)",
                     g.buildings[b].id, found, link_radius, GeographyLimits::max_neighbours));
  });
  finish_geography(g, edges);
  return g;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> neighbour_edges(
    const std::vector<Building>& buildings, double link_radius,
    const std::function<void(std::uint32_t, std::uint64_t)>& too_many) {
  // Spatial hashing: square cells of side 0.7 r (< r / sqrt 2), so any two buildings of one cell
  // are within r of each other, and a building's neighbours lie in the 5 x 5 cells around its own.
  // A cell with more than max_neighbours + 1 buildings therefore means too many neighbours at once,
  // which bounds the work by 25 (max_neighbours + 1) distance tests per building.
  const auto n = static_cast<std::uint32_t>(buildings.size());
  const std::uint32_t kMax = GeographyLimits::max_neighbours;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  if (n == 0) return edges;
  double x0 = buildings[0].x, y0 = buildings[0].y, x1 = x0, y1 = y0;
  for (const auto& b : buildings) {
    x0 = std::min(x0, b.x), x1 = std::max(x1, b.x);
    y0 = std::min(y0, b.y), y1 = std::max(y1, b.y);
  }
  // Cell coordinates as integers: with r = 0 (or a map vastly wider than r) only buildings that
  // share coordinates can be neighbours; they share a cell keyed by their exact coordinates.
  const double cell = 0.7 * link_radius;
  const bool exact = !(cell > 0) || !((x1 - x0) / cell < kMaxCellSpan) || !((y1 - y0) / cell < kMaxCellSpan);
  struct Key {
    std::int64_t cx, cy;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept { return std::hash<std::int64_t>()(k.cx * 0x9E3779B97F4A7C15LL ^ k.cy); }
  };
  auto key_of = [&](const Building& b) -> Key {
    if (exact) {
      // +0.0 folds -0.0 into 0.0 so that equal coordinates get equal keys.
      const double x = b.x + 0.0, y = b.y + 0.0;
      std::int64_t kx = 0, ky = 0;
      std::memcpy(&kx, &x, sizeof x);
      std::memcpy(&ky, &y, sizeof y);
      return {kx, ky};
    }
    return {static_cast<std::int64_t>(std::floor((b.x - x0) / cell)), static_cast<std::int64_t>(std::floor((b.y - y0) / cell))};
  };
  std::unordered_map<Key, std::vector<std::uint32_t>, KeyHash> cells;
  cells.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto& members = cells[key_of(buildings[i])];
    members.push_back(i);
    if (members.size() > static_cast<std::size_t>(kMax) + 1) too_many(members.front(), members.size() - 1);
  }
  const double r2 = link_radius * link_radius;
  std::vector<std::uint32_t> degree(n, 0);
  const int reach = exact ? 0 : 2;
  for (std::uint32_t i = 0; i < n; ++i) {
    const Building& a = buildings[i];
    const Key k = key_of(a);
    for (int dx = -reach; dx <= reach; ++dx)
      for (int dy = -reach; dy <= reach; ++dy) {
        const auto it = cells.find(Key{k.cx + dx, k.cy + dy});
        if (it == cells.end()) continue;
        for (const std::uint32_t j : it->second) {
          if (j <= i) continue;
          const Building& b = buildings[j];
          // The same expression in the same order as ever, so that the edge set does not change.
          const bool ax = a.x <= b.x;
          const Building& lo = ax ? a : b;
          const Building& hi = ax ? b : a;
          const double ddx = hi.x - lo.x;
          const double ddy = hi.y - lo.y;
          if (ddx > link_radius) continue;
          if (ddx * ddx + ddy * ddy <= r2) {
            edges.emplace_back(i, j);
            if (++degree[i] > kMax) too_many(i, degree[i]);
            if (++degree[j] > kMax) too_many(j, degree[j]);
          }
        }
      }
  }
  return edges;
}

// -------------------------------------------------------------------------------------------------------------
// link_nearest_with_capacity
// -------------------------------------------------------------------------------------------------------------

std::vector<std::uint32_t> link_nearest_with_capacity(const Geography& g, std::span<const std::uint32_t> source_building,
                                                      std::span<const std::uint32_t> source_capacity,
                                                      std::vector<std::uint16_t>* hops_out) {
  if (source_building.size() != source_capacity.size())
    throw std::invalid_argument(fmt::format("link_nearest_with_capacity: {} source buildings but {} capacities",
                                            source_building.size(), source_capacity.size()));
  if (source_building.size() >= UINT32_MAX)
    throw std::invalid_argument("link_nearest_with_capacity: too many sources, expected fewer than 2^32-1");
  const std::uint32_t n = g.building_count();
  const auto n_src = static_cast<std::uint32_t>(source_building.size());
  const std::uint64_t n_hh = g.households();
  constexpr std::uint16_t kHopsNone = UINT16_MAX;

  std::vector<std::uint32_t> result(static_cast<std::size_t>(n_hh), kUnreachable);
  if (hops_out) hops_out->assign(static_cast<std::size_t>(n_hh), kHopsNone);
  if (n == 0) return result;

  // Sources grouped by building (CSR, each list in source index order) and by community.
  std::vector<std::uint32_t> src_first(static_cast<std::size_t>(n) + 1, 0);
  std::vector<std::uint64_t> community_capacity(g.communities, 0);
  std::vector<std::uint32_t> comm_src_first(static_cast<std::size_t>(g.communities) + 1, 0);
  for (std::uint32_t s = 0; s < n_src; ++s) {
    const auto b = source_building[s];
    if (b >= n)
      throw std::out_of_range(
          fmt::format("link_nearest_with_capacity: source {} at building {} out of range (buildings = {})", s, b, n));
    ++src_first[b + 1];
    ++comm_src_first[g.buildings[b].community + 1];
    community_capacity[g.buildings[b].community] += source_capacity[s];
  }
  for (std::uint32_t b = 0; b < n; ++b) src_first[b + 1] += src_first[b];
  for (std::uint32_t c = 0; c < g.communities; ++c) comm_src_first[c + 1] += comm_src_first[c];
  std::vector<std::uint32_t> src_list(n_src);
  std::vector<std::uint32_t> comm_src_list(n_src);
  {
    std::vector<std::uint32_t> fill(src_first.begin(), src_first.end() - 1);
    std::vector<std::uint32_t> cfill(comm_src_first.begin(), comm_src_first.end() - 1);
    for (std::uint32_t s = 0; s < n_src; ++s) {
      src_list[fill[source_building[s]]++] = s;
      comm_src_list[cfill[g.buildings[source_building[s]].community]++] = s;
    }
  }
  std::vector<std::uint32_t> capacity(source_capacity.begin(), source_capacity.end());
  // First not-yet-exhausted position in each building's / community's list. Capacities only decrease, so
  // everything before the cursor stays exhausted forever.
  std::vector<std::uint32_t> src_cursor(src_first.begin(), src_first.end() - 1);
  std::vector<std::uint32_t> comm_cursor(comm_src_first.begin(), comm_src_first.end() - 1);

  // Intra-community adjacency as CSR (the BFS never leaves the household's community).
  std::vector<std::uint32_t> adj_first(static_cast<std::size_t>(n) + 1, 0);
  std::vector<std::uint32_t> adj;
  adj.reserve(boost::num_edges(g.graph) * 2);
  for (std::uint32_t v = 0; v < n; ++v) {
    auto [it, end] = boost::adjacent_vertices(v, g.graph);
    for (; it != end; ++it) {
      const auto w = static_cast<std::uint32_t>(*it);
      if (g.buildings[w].community == g.buildings[v].community) adj.push_back(w);
    }
    adj_first[v + 1] = static_cast<std::uint32_t>(adj.size());
  }

  // Reused BFS buffers: visit stamps avoid clearing per building.
  std::vector<std::uint32_t> stamp(n, kUnreachable);
  std::vector<std::uint32_t> queue;
  queue.reserve(n);
  std::vector<std::uint32_t> level_sources;

  auto assign = [&](std::uint32_t s, std::uint64_t& next_hh, std::uint64_t end_hh, std::uint16_t hops, std::uint64_t& comm_left) {
    const std::uint64_t take = std::min<std::uint64_t>(capacity[s], end_hh - next_hh);
    std::fill(result.begin() + static_cast<std::ptrdiff_t>(next_hh), result.begin() + static_cast<std::ptrdiff_t>(next_hh + take),
              s);
    if (hops_out)
      std::fill(hops_out->begin() + static_cast<std::ptrdiff_t>(next_hh),
                hops_out->begin() + static_cast<std::ptrdiff_t>(next_hh + take), hops);
    capacity[s] -= static_cast<std::uint32_t>(take);
    comm_left -= take;
    next_hh += take;
  };

  for (std::uint32_t b = 0; b < n; ++b) {
    std::uint64_t next_hh = g.building_first_household[b];
    const std::uint64_t end_hh = g.building_first_household[b + 1];
    const std::uint32_t c = g.buildings[b].community;
    std::uint64_t& comm_left = community_capacity[c];
    if (next_hh == end_hh || comm_left == 0) continue;

    queue.clear();
    queue.push_back(b);
    stamp[b] = b;
    std::size_t level_begin = 0;
    std::uint32_t hops = 0;
    while (level_begin < queue.size() && next_hh < end_hh && comm_left > 0) {
      const std::size_t level_end = queue.size();
      // Collect sources with capacity in this level, in source index order.
      level_sources.clear();
      for (std::size_t q = level_begin; q < level_end; ++q) {
        const std::uint32_t v = queue[q];
        std::uint32_t& cur = src_cursor[v];
        const std::uint32_t last = src_first[v + 1];
        while (cur < last && capacity[src_list[cur]] == 0) ++cur;
        for (std::uint32_t p = cur; p < last; ++p)
          if (capacity[src_list[p]] > 0) level_sources.push_back(src_list[p]);
      }
      if (level_end - level_begin > 1) std::sort(level_sources.begin(), level_sources.end());
      const auto hops16 = static_cast<std::uint16_t>(std::min<std::uint32_t>(hops, kHopsNone));
      for (const auto s : level_sources) {
        if (next_hh == end_hh) break;
        assign(s, next_hh, end_hh, hops16, comm_left);
      }
      if (next_hh == end_hh || comm_left == 0) break;
      // Expand to the next level.
      for (std::size_t q = level_begin; q < level_end; ++q) {
        const std::uint32_t v = queue[q];
        for (std::uint32_t e = adj_first[v]; e < adj_first[v + 1]; ++e) {
          const std::uint32_t w = adj[e];
          if (stamp[w] != b) {
            stamp[w] = b;
            queue.push_back(w);
          }
        }
      }
      level_begin = level_end;
      if (hops < UINT32_MAX) ++hops;
    }

    // Fallback: the community's subgraph is disconnected and capacity remains only out of BFS reach.
    if (next_hh < end_hh && comm_left > 0) {
      std::uint32_t& cur = comm_cursor[c];
      const std::uint32_t last = comm_src_first[c + 1];
      while (cur < last && capacity[comm_src_list[cur]] == 0) ++cur;
      for (std::uint32_t p = cur; p < last && next_hh < end_hh; ++p) {
        const std::uint32_t s = comm_src_list[p];
        if (capacity[s] > 0) assign(s, next_hh, end_hh, kHopsNone, comm_left);
      }
    }
  }
  return result;
}

// -------------------------------------------------------------------------------------------------------------
// spread_sites
// -------------------------------------------------------------------------------------------------------------

std::vector<std::uint32_t> spread_sites(const Geography& g, std::uint32_t community, std::uint32_t k) {
  const auto [first, last] = g.community_buildings(community);
  const std::uint64_t n = last - first;
  std::vector<std::uint32_t> sites;
  if (k == 0 || n == 0) return sites;
  sites.reserve(k);
  for (std::uint64_t i = 0; i < k; ++i) {
    // floor((i + 0.5) * n / k) computed exactly in integers.
    const std::uint64_t pos = ((2 * i + 1) * n) / (2 * static_cast<std::uint64_t>(k));
    sites.push_back(first + static_cast<std::uint32_t>(pos));
  }
  return sites;
}

}  // namespace gridgov::models
