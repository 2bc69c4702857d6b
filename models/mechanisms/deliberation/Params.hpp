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
  double settle_prob = 0.6;
  double attendance = 0.79;
  std::int64_t max_meetings = 2;
  std::int64_t rooms = 1;
  double meetings_per_room_month = 4;
  double hasten_days = 3;
  double meeting_hours = 2;

  static void declare(Section<ScenarioSpec, DeliberationParams> s);
};

struct DeliberationRuntime {
  bool deliberation;
  double meeting_period_h, settle_prob_effective;
  std::uint32_t max_meetings;
  double meetings_per_month;  ///< rooms x meetings per room: the most meetings a community can hold in a month
  double hasten_h, meeting_hours, attendance;

  static DeliberationRuntime derive(const DeliberationParams& p) {
    return {p.deliberation_enabled,
            p.meeting_period_days * 24,
            p.settle_prob * p.attendance,
            static_cast<std::uint32_t>(p.max_meetings),
            static_cast<double>(p.rooms) * p.meetings_per_room_month,
            p.hasten_days * 24,
            p.meeting_hours,
            p.attendance};
  }
};

}  // namespace gridgov::models
