#pragma once
/// \file
/// Interventions: scheduled policy changes ("the red/black list starts in year 2"). Each
/// intervention sets policy parameters at the start of its day, identically in every replicate;
/// interventions of the same day apply in the order written. The World then rebuilds the
/// run-time values and tells every mechanism (apply_policy).
#include <cstddef>
#include <vector>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

class Interventions {
 public:
  explicit Interventions(const ScenarioSpec& spec);
  /// Apply to `spec` every intervention due by t_end (hours); true when any applied.
  bool apply_due(ScenarioSpec& spec, double t_end);

 private:
  std::vector<std::size_t> order_;  ///< by day, stable
  std::size_t next_ = 0;
};

}  // namespace gridgov::models
