#include "models/geography/Geography.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <string_view>
#include <unordered_map>

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

/// Fills the CSR offset arrays from `buildings` (which must already carry community/grid indices and be
/// sorted), plus the graph from a sorted, de-duplicated edge list.
void finish_geography(Geography& g, std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges) {
  const auto n = g.building_count();
  g.grid_first_building.assign(static_cast<std::size_t>(g.grids) + 1, 0);
  for (const auto& b : g.buildings) ++g.grid_first_building[b.grid + 1];
  for (std::uint32_t k = 0; k < g.grids; ++k) g.grid_first_building[k + 1] += g.grid_first_building[k];

  g.building_first_household.assign(static_cast<std::size_t>(n) + 1, 0);
  for (std::uint32_t b = 0; b < n; ++b)
    g.building_first_household[b + 1] = g.building_first_household[b] + g.buildings[b].households;

  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  g.graph = Geography::Graph(edges.begin(), edges.end(), n);
}

// ---------------------------------------------------------------------------------------------------------
// CSV parsing
// ---------------------------------------------------------------------------------------------------------

struct Field {
  std::string text;
  std::uint32_t column = 1;  // 1-based byte column of the field's first character
};

[[noreturn]] void fail(const std::string& path, std::uint64_t line, std::uint64_t column, const std::string& what) {
  throw GeographyError(fmt::format("{}:{}:{}: {}", path, line, column, what));
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Splits one physical line into fields. Returns an empty string on success, otherwise an error message and
/// sets `err_column`.
std::string split_csv_line(std::string_view line, std::vector<Field>& fields, std::size_t& n_fields,
                           std::uint32_t& err_column) {
  n_fields = 0;
  std::size_t i = 0;
  const std::size_t len = line.size();
  while (true) {
    if (n_fields == fields.size()) fields.emplace_back();
    Field& f = fields[n_fields++];
    f.text.clear();
    while (i < len && is_blank(line[i])) ++i;
    f.column = static_cast<std::uint32_t>(i + 1);
    if (i < len && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < len) {
        if (line[i] == '"') {
          if (i + 1 < len && line[i + 1] == '"') {
            f.text.push_back('"');
            i += 2;
          } else {
            ++i;
            closed = true;
            break;
          }
        } else {
          f.text.push_back(line[i++]);
        }
      }
      if (!closed) {
        err_column = f.column;
        return "unterminated quoted field, expected a closing '\"' on the same line";
      }
      while (i < len && is_blank(line[i])) ++i;
      if (i < len && line[i] != ',') {
        err_column = static_cast<std::uint32_t>(i + 1);
        return "unexpected character after closing quote, expected ',' or end of line";
      }
    } else {
      const std::size_t start = i;
      while (i < len && line[i] != ',') ++i;
      std::size_t end = i;
      while (end > start && is_blank(line[end - 1])) --end;
      f.text.assign(line.substr(start, end - start));
    }
    if (i >= len) break;
    ++i;  // skip ','
  }
  return {};
}

bool parse_finite_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;  // from_chars rejects a leading '+'
  if (first == last) return false;
  const auto res = std::from_chars(first, last, out, std::chars_format::general);
  return res.ec == std::errc() && res.ptr == last && std::isfinite(out);
}

enum Column : std::size_t { kId, kCommunity, kGrid, kX, kY, kHouseholds, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"id", "community", "grid", "x", "y", "households"};
constexpr std::uint64_t kMaxHouseholdsPerBuilding = 100000;

/// Reads the next physical line; strips a trailing '\r'. Returns false at end of file.
bool next_line(std::ifstream& in, std::string& line, std::uint64_t& line_no) {
  if (!std::getline(in, line)) return false;
  ++line_no;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool is_blank_line(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return is_blank(c); });
}

}  // namespace

// -------------------------------------------------------------------------------------------------------------
// Geography members
// -------------------------------------------------------------------------------------------------------------

std::uint64_t Geography::households() const {
  return building_first_household.empty() ? 0 : building_first_household.back();
}

std::pair<std::uint32_t, std::uint32_t> Geography::community_buildings(std::uint32_t community) const {
  if (community >= communities)
    throw std::out_of_range(fmt::format("community {} out of range (communities = {})", community, communities));
  return {grid_first_building[community_first_grid[community]],
          grid_first_building[community_first_grid[community + 1]]};
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

std::vector<std::uint32_t> Geography::hops_from_any(std::span<const std::uint32_t> sources,
                                                    std::uint32_t max_hops) const {
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
  if (boost::num_vertices(graph) != n)
    bad(fmt::format("graph has {} vertices, expected {}", boost::num_vertices(graph), n));
  if (grid_community.size() != grids) bad("grid_community size != grids");
  if (community_first_grid.size() != static_cast<std::size_t>(communities) + 1) bad("community_first_grid size");
  if (grid_first_building.size() != static_cast<std::size_t>(grids) + 1) bad("grid_first_building size");
  if (building_first_household.size() != n + 1) bad("building_first_household size");
  if (!community_labels.empty() && community_labels.size() != communities) bad("community_labels size");
  if (!grid_labels.empty() && grid_labels.size() != grids) bad("grid_labels size");
  if (community_first_grid.front() != 0 || community_first_grid.back() != grids) bad("community_first_grid ends");
  for (std::uint32_t c = 0; c < communities; ++c) {
    if (community_first_grid[c] >= community_first_grid[c + 1]) bad(fmt::format("community {} owns no grid", c));
    for (auto k = community_first_grid[c]; k < community_first_grid[c + 1]; ++k)
      if (grid_community[k] != c) bad(fmt::format("grid {} not in community {}", k, c));
  }
  if (grid_first_building.front() != 0 || grid_first_building.back() != n) bad("grid_first_building ends");
  for (std::uint32_t k = 0; k < grids; ++k) {
    if (grid_first_building[k] >= grid_first_building[k + 1]) bad(fmt::format("grid {} owns no building", k));
    for (auto b = grid_first_building[k]; b < grid_first_building[k + 1]; ++b) {
      if (buildings[b].grid != k) bad(fmt::format("building {} has grid {}, expected {}", b, buildings[b].grid, k));
      if (buildings[b].community != grid_community[k]) bad(fmt::format("building {} community mismatch", b));
    }
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
  if (spec.communities == 0 || spec.grids_per_community == 0 || spec.buildings_per_grid == 0 ||
      spec.households_per_building == 0)
    throw std::invalid_argument("make_lattice: every LatticeSpec field must be >= 1");
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

Geography load_buildings_csv(const std::string& path, double link_radius) {
  if (!(link_radius >= 0.0) || !std::isfinite(link_radius))
    throw std::invalid_argument(
        fmt::format("load_buildings_csv: link_radius must be finite and >= 0, got {}", link_radius));

  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, 0, 0, fmt::format("cannot open file ({}), expected a readable buildings CSV", std::strerror(errno)));

  std::string line;
  std::uint64_t line_no = 0;
  std::vector<Field> fields;
  std::size_t n_fields = 0;
  std::uint32_t err_col = 1;

  // ---- header ----
  bool have_header = false;
  while (next_line(in, line, line_no)) {
    if (line_no == 1 && line.size() >= 3 && std::memcmp(line.data(), "\xEF\xBB\xBF", 3) == 0) line.replace(0, 3, "   ");
    if (!is_blank_line(line)) {
      have_header = true;
      break;
    }
  }
  if (!have_header)
    fail(path, std::max<std::uint64_t>(line_no, 1), 1,
         "empty file, expected a header line with columns id,community,grid,x,y,households");
  const std::uint64_t header_line = line_no;
  if (auto err = split_csv_line(line, fields, n_fields, err_col); !err.empty()) fail(path, header_line, err_col, err);

  std::array<std::size_t, kColumnCount> col_of{};  // column -> field position
  std::array<bool, kColumnCount> seen{};
  for (std::size_t f = 0; f < n_fields; ++f) {
    const auto& name = fields[f].text;
    const auto it = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (it == kColumnNames.end())
      fail(path, header_line, fields[f].column,
           fmt::format("unknown column '{}', expected only id,community,grid,x,y,households", name));
    const auto k = static_cast<std::size_t>(it - kColumnNames.begin());
    if (seen[k])
      fail(path, header_line, fields[f].column,
           fmt::format("duplicate column '{}', expected each column exactly once", name));
    seen[k] = true;
    col_of[k] = f;
  }
  for (std::size_t k = 0; k < kColumnCount; ++k)
    if (!seen[k])
      fail(path, header_line, 1,
           fmt::format("missing column '{}', expected header columns id,community,grid,x,y,households",
                       kColumnNames[k]));

  // ---- rows ----
  Geography g;
  std::vector<std::uint32_t> local_grid_count;                  // per community
  std::vector<std::vector<std::string>> community_grid_labels;  // per community, local order
  std::unordered_map<std::string, std::uint32_t> community_index;
  std::unordered_map<std::string, std::uint32_t> grid_local_index;  // key: community index + '\0' + grid label
  std::unordered_map<std::string, std::uint64_t> id_line;
  std::vector<std::uint32_t> local_grid;  // per building (input order)
  std::string key;

  while (next_line(in, line, line_no)) {
    if (is_blank_line(line)) continue;
    if (auto err = split_csv_line(line, fields, n_fields, err_col); !err.empty()) fail(path, line_no, err_col, err);
    if (n_fields != kColumnCount) {
      const std::uint64_t col = n_fields > kColumnCount ? fields[kColumnCount].column : line.size() + 1;
      fail(path, line_no, col,
           fmt::format("wrong field count: found {} fields, expected {} (id,community,grid,x,y,households)", n_fields,
                       static_cast<std::size_t>(kColumnCount)));
    }
    const Field& f_id = fields[col_of[kId]];
    const Field& f_comm = fields[col_of[kCommunity]];
    const Field& f_grid = fields[col_of[kGrid]];
    const Field& f_x = fields[col_of[kX]];
    const Field& f_y = fields[col_of[kY]];
    const Field& f_hh = fields[col_of[kHouseholds]];

    if (f_id.text.empty()) fail(path, line_no, f_id.column, "empty id, expected a non-empty building id");
    if (f_comm.text.empty())
      fail(path, line_no, f_comm.column, "empty community, expected a non-empty community label");
    if (f_grid.text.empty()) fail(path, line_no, f_grid.column, "empty grid, expected a non-empty grid label");

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
             fmt::format("non-numeric households '{}', expected an integer in 1..{}", f_hh.text,
                         kMaxHouseholdsPerBuilding));
      if (hh == 0)
        fail(path, line_no, f_hh.column,
             fmt::format("households is 0, expected an integer in 1..{}", kMaxHouseholdsPerBuilding));
      if (hh > kMaxHouseholdsPerBuilding)
        fail(path, line_no, f_hh.column,
             fmt::format("households {} is too large, expected an integer in 1..{}", f_hh.text,
                         kMaxHouseholdsPerBuilding));
    }

    if (const auto [it, inserted] = id_line.try_emplace(f_id.text, line_no); !inserted)
      fail(path, line_no, f_id.column,
           fmt::format("duplicate id '{}' (first defined on line {}), expected unique building ids", f_id.text,
                       it->second));

    if (g.buildings.size() >= UINT32_MAX - 1) fail(path, line_no, 1, "too many buildings, expected fewer than 2^32-1");

    auto [cit, new_comm] = community_index.try_emplace(f_comm.text, static_cast<std::uint32_t>(community_index.size()));
    const std::uint32_t c = cit->second;
    if (new_comm) {
      local_grid_count.push_back(0);
      community_grid_labels.emplace_back();
      g.community_labels.push_back(f_comm.text);
    }
    key = fmt::format("{}", c);
    key.push_back('\0');
    key += f_grid.text;
    auto [git, new_grid] = grid_local_index.try_emplace(key, local_grid_count[c]);
    if (new_grid) {
      ++local_grid_count[c];
      community_grid_labels[c].push_back(f_grid.text);
    }
    local_grid.push_back(git->second);
    g.buildings.push_back(Building{c, 0, x, y, static_cast<std::uint32_t>(hh), f_id.text});
  }
  if (in.bad()) fail(path, line_no + 1, 1, "read error, expected a readable file");
  if (g.buildings.empty())
    fail(path, header_line + 1, 1, "no data rows, expected at least one building after the header");

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
  for (std::size_t i = 0; i < g.buildings.size(); ++i)
    g.buildings[i].grid = g.community_first_grid[g.buildings[i].community] + local_grid[i];
  // Global grid order implies community order, so a stable sort by grid gives (community, grid, input order).
  std::stable_sort(g.buildings.begin(), g.buildings.end(),
                   [](const Building& a, const Building& b) { return a.grid < b.grid; });

  // ---- edges: sweep over x-sorted buildings ----
  const auto n = g.building_count();
  std::vector<std::uint32_t> by_x(n);
  for (std::uint32_t i = 0; i < n; ++i) by_x[i] = i;
  std::sort(by_x.begin(), by_x.end(), [&](std::uint32_t a, std::uint32_t b) {
    return g.buildings[a].x < g.buildings[b].x || (g.buildings[a].x == g.buildings[b].x && a < b);
  });
  const double r2 = link_radius * link_radius;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t i = 0; i < n; ++i) {
    const Building& a = g.buildings[by_x[i]];
    for (std::uint32_t j = i + 1; j < n; ++j) {
      const Building& b = g.buildings[by_x[j]];
      const double dx = b.x - a.x;
      if (dx > link_radius) break;
      const double dy = b.y - a.y;
      if (dx * dx + dy * dy <= r2) edges.emplace_back(std::min(by_x[i], by_x[j]), std::max(by_x[i], by_x[j]));
    }
  }
  finish_geography(g, edges);
  return g;
}

// -------------------------------------------------------------------------------------------------------------
// link_nearest_with_capacity
// -------------------------------------------------------------------------------------------------------------

std::vector<std::uint32_t> link_nearest_with_capacity(const Geography& g,
                                                      std::span<const std::uint32_t> source_building,
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

  auto assign = [&](std::uint32_t s, std::uint64_t& next_hh, std::uint64_t end_hh, std::uint16_t hops,
                    std::uint64_t& comm_left) {
    const std::uint64_t take = std::min<std::uint64_t>(capacity[s], end_hh - next_hh);
    std::fill(result.begin() + static_cast<std::ptrdiff_t>(next_hh),
              result.begin() + static_cast<std::ptrdiff_t>(next_hh + take), s);
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
