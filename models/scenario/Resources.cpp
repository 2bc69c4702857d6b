#include "models/scenario/Resources.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <thread>

#include "sim/engine/EventQueue.hpp"
#include "sim/io/InputFile.hpp"

namespace gridgov::models {

GeographyTotals lattice_totals(const ScenarioSpec& p) {
  GeographyTotals t;
  t.communities = static_cast<std::uint64_t>(p.communities);
  t.grids = t.communities * static_cast<std::uint64_t>(p.grids_per_community);
  t.buildings = t.grids * static_cast<std::uint64_t>(p.buildings_per_grid);
  t.households = t.buildings * static_cast<std::uint64_t>(p.households_per_building);
  t.edges = 2 * t.buildings;
  return t;
}

GeographyTotals geography_totals(const Geography& g) {
  GeographyTotals t;
  t.communities = g.communities;
  t.grids = g.grids;
  t.buildings = g.building_count();
  t.households = g.households();
  t.edges = boost::num_edges(g.graph);
  return t;
}

MemoryEstimate estimate_memory(const ScenarioSpec& p, const GeographyTotals& g, int threads) {
  using M = MemoryModel;
  MemoryEstimate e;
  const double hw = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  const double reps = static_cast<double>(p.replicates);
  const double worlds = std::min(reps, hw);
  e.concurrent = static_cast<std::uint64_t>(worlds);
  const double days = static_cast<double>(p.days);
  double rate = 0;
  for (const auto& t : p.households.issue_types) rate += t.rate_per_household_year;
  const double hh = static_cast<double>(g.households);
  const bool csv = p.geo_source == "csv";

  const double household_part = worlds * hh *
                                (M::per_household + M::per_member * p.party.members_per_household +
                                 M::per_open_issue * rate * std::min(days, 60.0) / 365.0);
  const double community_part = static_cast<double>(g.communities) *
                                (worlds * (M::per_community + M::per_community_day * days) + reps * M::per_community_replicate);
  const double grid_part =
      static_cast<double>(g.grids) * (worlds * M::per_grid + reps * M::per_grid_replicate + M::per_grid_output);
  const double building_part = static_cast<double>(g.buildings) * M::per_building + static_cast<double>(g.edges) * M::per_edge;
  const double day_part = days * (reps * M::per_day_replicate + M::per_day_output);
  const double log_part =
      p.issue_log ? reps * hh * rate * static_cast<double>(p.days - p.warmup_days) / 365.0 * M::per_logged_issue : 0.0;

  const std::string hh_key = csv ? "geography.buildings_csv" : "geography.households_per_building";
  struct Part {
    std::string what, key;
    double bytes;
  };
  std::vector<Part> parts{
      {fmt::format("{} households x {} replicate(s) at once", g.households, e.concurrent), hh_key, household_part},
      {fmt::format("{} communities x {} replicate(s) at once", g.communities, e.concurrent),
       csv ? "geography.buildings_csv" : "geography.communities", community_part},
      {fmt::format("{} grids", g.grids), csv ? "geography.buildings_csv" : "geography.grids_per_community", grid_part},
      {fmt::format("{} buildings", g.buildings), csv ? "geography.buildings_csv" : "geography.buildings_per_grid", building_part},
      {fmt::format("{} days x {} replicates of daily results", p.days, p.replicates), "simulation.replicates", day_part},
  };
  if (p.issue_log) parts.push_back({"the issue log", "simulation.issue_log", log_part});
  e.bytes = M::base;
  const Part* top = &parts.front();
  for (const auto& part : parts) {
    e.bytes += part.bytes;
    if (part.bytes > top->bytes) top = &part;
  }
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.bytes > b.bytes; });
  for (const auto& part : parts)
    if (part.bytes >= 0.01 * e.bytes) e.parts.emplace_back(part.what, part.bytes);
  e.key = parts.front().key;
  return e;
}

namespace {
double read_number_file(const char* path) {
  std::ifstream in(path);
  std::string s;
  if (!(in >> s) || s == "max") return -1;
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() ? v : -1;
}
}  // namespace

MemoryLimit machine_memory() {
  MemoryLimit m;
  const double pages = static_cast<double>(::sysconf(_SC_PHYS_PAGES));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (pages > 0 && page > 0) m = {pages * page, "physical memory"};
  {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kb = 0;
    std::string unit;
    while (in >> key >> kb >> unit)
      if (key == "MemAvailable:") {
        if (m.bytes <= 0 || kb * 1024 < m.bytes) m = {kb * 1024, "available memory (MemAvailable in /proc/meminfo)"};
        break;
      }
  }
  // A container's memory limit (cgroup v2, then v1).
  for (const auto& [limit_file, usage_file] :
       {std::pair{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"},
        std::pair{"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"}}) {
    const double limit = read_number_file(limit_file);
    if (limit <= 0 || limit > 1e18) continue;
    const double used = std::max(0.0, read_number_file(usage_file));
    const double left = std::max(0.0, limit - used);
    if (m.bytes <= 0 || left < m.bytes) m = {left, fmt::format("the memory left under this container's limit ({})", limit_file)};
    break;
  }
  return m;
}

double parse_memory_size(const std::string& text, const std::string& option) {
  auto bad = [&]() -> double {
    throw schema::InputError(
        fmt::format("{} {}: expected a memory size such as 2G, 500M or 800000000 (bytes; K, M, G and "
                    "T are powers of 1024), a finite number > 0",
                    option, text));
  };
  std::string t = text;
  double scale = 1;
  if (t.size() >= 2 && (t.back() == 'B' || t.back() == 'b') && std::isalpha(static_cast<unsigned char>(t[t.size() - 2])))
    t.pop_back();                                      // "2GB"
  if (t.size() >= 2 && t.back() == 'i') t.pop_back();  // "2Gi"
  if (!t.empty()) {
    switch (t.back()) {
      case 'k':
      case 'K':
        scale = 1024.0;
        break;
      case 'm':
      case 'M':
        scale = 1024.0 * 1024;
        break;
      case 'g':
      case 'G':
        scale = 1024.0 * 1024 * 1024;
        break;
      case 't':
      case 'T':
        scale = 1024.0 * 1024 * 1024 * 1024;
        break;
      default:
        break;
    }
    if (scale != 1) t.pop_back();
  }
  if (t.empty() || !(std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '.')) return bad();
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v, std::chars_format::fixed);
  if (ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v) || !(v > 0) || !std::isfinite(v * scale)) return bad();
  return v * scale;
}

std::shared_ptr<const Geography> check_run_inputs(const LoadedScenario& s, int threads, double max_memory) {
  const ScenarioSpec& p = s.spec;
  auto loc_of = [&](const std::string& key) {
    if (auto it = s.where.find(key); it != s.where.end()) return it->second.str();
    return s.source;
  };
  std::shared_ptr<const Geography> geo;
  GeographyTotals totals;
  if (p.geo_source == "csv") {
    try {
      geo = std::make_shared<const Geography>(load_buildings_csv(p.buildings_csv, p.link_radius, p.buildings_per_microgrid));
    } catch (const GeographyError& e) {
      throw schema::InputError(e.what());
    }
    totals = geography_totals(*geo);
  } else {
    totals = lattice_totals(p);
  }
  // Party members are event targets (28 bits) within a community, and link sources (32 bits) in all.
  {
    const double per_household = p.party.party_enabled ? p.party.members_per_household : 0.0;
    double most = 0, all = 0;
    if (geo) {
      for (std::uint32_t c = 0; c < geo->communities; ++c) {
        const auto [b0, b1] = geo->community_buildings(c);
        const double h = static_cast<double>(geo->building_first_household[b1] - geo->building_first_household[b0]);
        most = std::max(most, std::round(per_household * h));
        all += std::round(per_household * h);
      }
    } else {
      most = std::round(per_household * static_cast<double>(totals.households / std::max<std::uint64_t>(1, totals.communities)));
      all = most * static_cast<double>(totals.communities);
    }
    if (most > static_cast<double>(engine::kMaxEventTarget) || all >= 4294967295.0)
      throw schema::InputError(fmt::format(
          "{}: key 'party.members_per_household': expected at most {} party members per community and 4294967294 in all, "
          "got {:.0f} in the largest community ({:.0f} in all)",
          loc_of("party.members_per_household"), engine::kMaxEventTarget, most, all));
  }
  const MemoryEstimate est = estimate_memory(p, totals, threads);
  const MemoryLimit machine = machine_memory();
  const bool over_option = max_memory > 0 && est.bytes > max_memory;
  const bool over_machine = machine.bytes > 0 && est.bytes > machine.bytes;
  if (over_option || over_machine) {
    std::string parts;
    for (const auto& [what, bytes] : est.parts)
      parts += fmt::format("{}{}: {}", parts.empty() ? "" : "; ", what, io::human_bytes(bytes));
    const std::string limit = over_option ? fmt::format("--max-memory {}", io::human_bytes(max_memory))
                                          : fmt::format("the {} of {}", machine.source, io::human_bytes(machine.bytes));
    throw schema::InputError(
        fmt::format("{}: key '{}': the run would need about {} of memory ({}), more than {}; expected a smaller scenario{}",
                    loc_of(est.key), est.key, io::human_bytes(est.bytes), parts, limit,
                    est.concurrent > 1 ? fmt::format(", or fewer replicates at once (--threads; now {})", est.concurrent) : ""));
  }
  return geo;
}

}  // namespace gridgov::models
