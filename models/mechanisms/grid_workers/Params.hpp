#pragma once
/// \file
/// Parameters of grid workers and case handling (grid.*): the scenario's values and their
/// run-time form.
#include <cstdint>

#include "models/scenario/Section.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct GridParams {
  std::int64_t workers_per_grid = 0;
  std::int64_t households_per_worker = 300;
  double patrols_per_day = 1.0;
  double patrol_detect_prob = 0.3;
  double grid_visits_per_household_year = 2.0;
  double grid_visit_detect_prob = 0.5;
  schema::DistSpec grid_service_time = schema::DistSpec::lognormal(2, 2, "hours");
  double hours_per_week = 40, admin_share = 0.3, patrol_minutes = 30, visit_minutes = 20;
  double reopen_prob = 0.05;
  schema::DistSpec followup_delay = schema::DistSpec::fixed(3, "days");
  double mediate_hours = 1.0;

  static void declare(Section<ScenarioSpec, GridParams> s);
};

struct GridRuntime {
  std::int64_t workers_per_grid, households_per_worker;
  double patrol_period_h, patrol_detect, grid_visit_period_h, grid_visit_detect;
  double patrol_log1mp, grid_visit_log1mp;  ///< log(1 - p) of the detection probabilities
  double reopen_prob, mediate_hours;
  double hours_per_week, admin_share;
  double patrol_hours_per_week;           ///< per grid
  double visit_hours_per_household_week;  ///< visits x minutes, per household
  random::Distribution grid_service, followup;

  static GridRuntime derive(const GridParams& p);
};

}  // namespace gridgov::models
