#pragma once
/// \file
/// Parameters of party members (party.*): the scenario's values and their run-time form.
#include <array>
#include <cstdint>
#include <string>

#include "models/scenario/Section.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct PartyParams {
  bool party_enabled = true;
  double members_per_household = 0.1;
  std::int64_t members_per_central = 10;
  std::int64_t households_per_member = 0;
  double share_retired = 0.5, share_in_service = 0.4, share_mobile = 0.1;
  double hours_factor_retired = 1.4, hours_factor_in_service = 0.75, hours_factor_mobile = 0.5;
  double member_visits_per_month = 1.0;
  std::string visit_timing = "periodic";
  double member_detect_prob = 0.6;
  double member_mediate_prob = 0.5;
  double member_effort_min = 0.6, member_effort_max = 1.0;
  double mobile_visit_share = 0.3;
  double member_hours_per_month = 8;
  double visit_minutes = 20;
  bool points_enabled = false;
  double points_effort_gain = 0.5;
  bool orders_enabled = true;
  double orders_share = 0.8;
  double orders_success_prob = 0.85;
  schema::DistSpec orders_time = schema::DistSpec::lognormal(1, 1, "days");
  double orders_work_hours = 2;
  std::int64_t orders_search = 6;

  static void declare(Section<ScenarioSpec, PartyParams> s);
};

struct PartyRuntime {
  bool party;  ///< members exist (enabled and a positive ratio)
  double members_per_household;
  std::uint32_t members_per_central;
  std::uint32_t households_per_member;    ///< the link capacity: as given, or round(1 / members_per_household)
  std::array<double, 3> kind_cumulative;  ///< retired, in-service, mobile
  std::array<double, 3> kind_hours;       ///< each kind's share of party.hours_per_month
  double member_period_h;                 ///< hours between visits to one household (inf = none)
  bool poisson_visits;                    ///< every visitor's timing (party.visit_timing)
  double member_detect, member_mediate, effort_min, effort_max, mobile_share, member_hours_month, visit_minutes;
  bool points;
  double points_gain;
  bool orders;        ///< members take orders (the board is on and there are members)
  bool orders_board;  ///< party.orders.enabled: the community dispatches orders (to members, or volunteers)
  double orders_share, orders_success, orders_work_hours;
  std::uint32_t orders_search;
  random::Distribution orders_time;

  static PartyRuntime derive(const PartyParams& p);
};

}  // namespace gridgov::models
