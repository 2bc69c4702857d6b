#pragma once
/// \file
/// Parameters of building leads (leads.*): the scenario's values and their run-time form.
#include <cstdint>

#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct LeadsParams {
  bool leads_enabled = true;
  std::int64_t households_per_lead = 60;
  double lead_walks_per_week = 2.0;
  double hours_per_week = 2.5;
  double minutes_per_household = 2.0;
  double lead_detect_prob = 0.35;
  double lead_mediate_prob = 0.4;

  static void declare(Section<ScenarioSpec, LeadsParams> s);
};

struct LeadsRuntime {
  static constexpr double kWalkShare = 0.8;  ///< share of a lead's hours walks may take
  bool leads;
  std::uint32_t households_per_lead;
  double lead_period_h, lead_detect, lead_mediate;
  double walks_per_week;       ///< walks the lead's hours pay for (at most leads.walks_per_week)
  double walk_hours_per_week;  ///< one lead's hours spent walking
  double hours_per_week;
  double spare_hours_per_month;  ///< one lead's hours beyond the walks, for mediation (730-h months)
  double lead_log1mp;            ///< log(1 - lead_detect)

  static LeadsRuntime derive(const LeadsParams& p);
};

}  // namespace gridgov::models
