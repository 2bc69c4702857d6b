#pragma once
/// \file
/// Run-time parameters derived from a ScenarioSpec: times in hours, rates per hour, ready
/// distributions. Rebuilt when an intervention changes a policy parameter. Hot loops read
/// these typed fields, never the spec or a string.
#include <array>
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/random/Distribution.hpp"

namespace gridgov::models {

struct TypePolicy {
  double rate_per_hour;
  double minor_share, urgent_share, collective_share, escalate_share, work_factor;
  std::uint8_t handler;     ///< index into kHandlerNames
  std::uint8_t department;  ///< index into kDepartmentNames
  std::uint8_t deadline;    ///< index into kDeadlineClasses
  bool patrol_visible;
};

struct Policy {
  explicit Policy(const ScenarioSpec& s);

  std::array<TypePolicy, kIssueTypes> types;
  std::array<double, kIssueTypes> type_cumulative;  ///< cumulative rates for type choice
  double issue_rate_per_hour;                       ///< total over types
  std::array<double, 4> deadline_hours;

  rng::Distribution report_delay, patience, followup, grid_service, firm_service, orders_time, forward_delay;
  std::array<rng::Distribution, kDepartments> dept_time;
  std::array<std::uint32_t, kDepartments> dept_servers;
  std::array<double, kVias> via_weight;  ///< reporting channel weights (not normalised)
  std::uint32_t max_complaints;
  double circle_factor, repeat_patience, initial_satisfaction, satisfaction_rate, expectation, complaint_penalty;
  bool complain_unstarted;

  // party members
  bool party;
  double members_per_household;
  std::uint32_t members_per_central, households_per_member;
  std::array<double, 3> kind_cumulative;  ///< retired, in-service, mobile
  double member_period_h;                 ///< hours between visits to one household (inf = none)
  bool poisson_visits;
  double member_detect, member_mediate, effort_min, effort_max, mobile_share, member_hours_month, visit_minutes;
  bool points;
  double points_gain;
  bool orders;
  double orders_share, orders_success;

  // building leads
  bool leads;
  std::uint32_t households_per_lead;
  double lead_period_h, lead_detect, lead_mediate;

  // grid workers
  std::int64_t workers_per_grid, households_per_worker;
  double patrol_period_h, patrol_detect, grid_visit_period_h, grid_visit_detect;
  double lead_log1mp, patrol_log1mp, grid_visit_log1mp;  ///< log(1 - p) of the detection probabilities
  double reopen_prob, mediate_hours;
  double minutes_per_hop;

  // firms
  bool firms;
  std::int64_t households_per_staff;
  double reopen_slope;
  bool red_property;
  double red_bonus;
  bool review;
  double review_start_h, review_period_h, black_share, red_share, black_gain;
  std::uint32_t replace_after;

  // departments, deliberation, hotline
  bool linkage;
  double linkage_factor;
  bool deliberation;
  double meeting_period_h, settle_prob_effective;
  std::uint32_t max_meetings;
  bool hotline;
  bool dispatch_to_department;
};


}  // namespace gridgov::models
