#pragma once
/// \file
/// Parameters of property firms and the red/black list (firms.*): the scenario's values and
/// their run-time form.
#include <cstdint>

#include "models/scenario/Section.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct FirmsParams {
  bool firms_enabled = true;
  std::int64_t firm_count = 4;
  std::int64_t households_per_staff = 120;
  schema::DistSpec firm_service_time = schema::DistSpec::lognormal(0.5, 0.5, "days");
  double firm_quality_mean = 0.8, firm_quality_sd = 0.22;
  double firm_reopen_slope = 0.3;
  bool red_property = false;
  double red_property_bonus = 0.1;
  bool review_enabled = false;
  double review_start_day = 0;
  double review_period_days = 90;
  double black_share = 0.25, red_share = 0.25;
  std::int64_t replace_after = 2;
  double black_list_quality_gain = 0.1;

  static void declare(Section<ScenarioSpec, FirmsParams> s);
};

struct FirmsRuntime {
  bool firms;
  std::int64_t households_per_staff;
  random::Distribution firm_service;
  double reopen_slope;
  bool red_property;
  double red_bonus;
  bool review;
  double review_start_h, review_period_h, black_share, red_share, black_gain;
  std::uint32_t replace_after;

  static FirmsRuntime derive(const FirmsParams& p);
};

}  // namespace gridgov::models
