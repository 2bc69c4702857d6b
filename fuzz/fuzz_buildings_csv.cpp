// Fuzzes the buildings-CSV reader. The link radius comes from the input's length (so that seeds
// are plain CSV files). Oracle: only GeographyError escapes; a geography that loads satisfies its
// invariants, and for up to 400 buildings its edges are exactly the pairs within the radius.
#include <boost/graph/adjacency_list.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Oracle.hpp"
#include "models/geography/Geography.hpp"

using namespace gridgov;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const double radii[] = {0.0, 0.5, 1.0, 1.5, 3.0, 1e9, 1e-300};
  const double r = radii[size % 7];
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  models::Geography g;
  if (!fuzz::only<models::GeographyError>([&] { g = models::parse_buildings_csv(text, "fuzz.csv", r); }, "parse")) return 0;
  try {
    g.check_invariants();
  } catch (const std::exception& e) {
    fuzz::broken(std::string("invariant: ") + e.what());
  }
  const auto n = g.building_count();
  if (n <= 400) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> expected, got;
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t j = i + 1; j < n; ++j) {
        const auto& a = g.buildings[i].x <= g.buildings[j].x ? g.buildings[i] : g.buildings[j];
        const auto& b = g.buildings[i].x <= g.buildings[j].x ? g.buildings[j] : g.buildings[i];
        const double dx = b.x - a.x, dy = b.y - a.y;
        if (!(dx > r) && dx * dx + dy * dy <= r * r) expected.emplace_back(i, j);
      }
    auto [it, end] = boost::edges(g.graph);
    for (; it != end; ++it) {
      const auto s = static_cast<std::uint32_t>(boost::source(*it, g.graph)),
                 t = static_cast<std::uint32_t>(boost::target(*it, g.graph));
      got.emplace_back(std::min(s, t), std::max(s, t));
    }
    std::sort(got.begin(), got.end());
    if (got != expected)
      fuzz::broken("edges differ from the all-pairs rule: " + std::to_string(got.size()) + " vs " +
                   std::to_string(expected.size()));
  }
  return 0;
}
