#include "models/mechanisms/interventions/Interventions.hpp"

#include <algorithm>
#include <numeric>

namespace gridgov::models {

Interventions::Interventions(const ScenarioSpec& spec) : order_(spec.interventions.size()) {
  std::iota(order_.begin(), order_.end(), 0);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::size_t a, std::size_t b) { return spec.interventions[a].day < spec.interventions[b].day; });
}

bool Interventions::apply_due(ScenarioSpec& spec, double t_end) {
  bool changed = false;
  const auto& schema = scenario_schema();
  while (next_ < order_.size() && spec.interventions[order_[next_]].day * 24.0 <= t_end + 1e-9) {
    const auto& iv = spec.interventions[order_[next_++]];
    for (const auto& [idx, value] : iv.changes) schema.set(spec, idx, value);
    changed = true;
  }
  return changed;
}

}  // namespace gridgov::models
