#pragma once
/// \file
/// Parameters of the monthly deliberation (deliberation.*) and their run-time form.
#include <algorithm>
#include <cstdint>

#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct DeliberationParams {
  bool deliberation_enabled = true;
  double meeting_period_days = 30;
  double settle_prob = 0.73;
  double attendance = 0.79;
  double quorum = 0.5;
  std::int64_t max_meetings = 3;

  static void declare(Section<ScenarioSpec, DeliberationParams> s);
};

struct DeliberationRuntime {
  bool deliberation;
  double meeting_period_h, settle_prob_effective;
  std::uint32_t max_meetings;

  static DeliberationRuntime derive(const DeliberationParams& p) {
    return {p.deliberation_enabled, p.meeting_period_days * 24,
            p.settle_prob * (p.quorum > 0 ? std::min(1.0, p.attendance / p.quorum) : 1.0),
            static_cast<std::uint32_t>(p.max_meetings)};
  }
};

}  // namespace gridgov::models
