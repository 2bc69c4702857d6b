#pragma once
/// \file
/// Parameters of households and residents (households.*), of issue kinds (issues.<type>.*) and
/// of deadlines (deadlines.*): the scenario's values and the run-time values derived from them.
#include <array>
#include <cstdint>
#include <string>

#include "models/scenario/Section.hpp"
#include "models/scenario/Vocabulary.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct IssueTypeSpec {
  double rate_per_household_year = 0.2;  ///< issues per household per year
  double minor_share = 0.5;              ///< share that a member or building lead may mediate on the spot
  double urgent_share = 0.05;            ///< share that are urgent (emergency deadline)
  std::string handler = "grid";          ///< grid | firm | deliberation (collective share goes to deliberation anyway)
  double collective_share = 0.0;         ///< share that concern many households: settled in the monthly meeting
  double escalate_share = 0.0;           ///< share beyond community powers: whistled to a department
  std::string department = "urban_management";
  bool patrol_visible = false;       ///< grid patrols can see it (public spaces)
  std::string deadline = "general";  ///< deadline class
  double work_factor = 1.0;          ///< multiplies handlers' service times
};

struct HouseholdsParams {
  schema::DistSpec report_delay = schema::DistSpec::exponential(3, "days");
  double propensity_sd = 0.5;
  double circle_propensity_factor = 1.25;
  double w_lead = 0.25, w_member = 0.2, w_grid = 0.3, w_firm = 0.15, w_hotline = 0.02;
  schema::DistSpec patience = schema::DistSpec::lognormal(14, 10, "days");
  double repeat_patience_factor = 1.0;
  std::int64_t max_complaints = 3;
  std::string complain_when = "unresolved";
  double initial_satisfaction = 0.7, satisfaction_rate = 0.3, complaint_penalty = 0.15;
  double vulnerable_share = 0.08, unreported_share = 0.5;
  double trust_initial = 0.5, trust_rate = 0.2, trust_contact_gain = 0.05;
  std::array<IssueTypeSpec, kIssueTypes> issue_types = default_issue_types();
  double deadline_emergency_hours = 2, deadline_utility_hours = 24, deadline_general_days = 7, deadline_complex_days = 15;

  static std::array<IssueTypeSpec, kIssueTypes> default_issue_types();
  /// Declare households.*, issues.*, deadlines.* (in this order).
  static void declare(Section<ScenarioSpec, HouseholdsParams> s);
};

struct TypePolicy {
  double rate_per_hour;
  double minor_share, urgent_share, collective_share, escalate_share, work_factor;
  std::uint8_t handler;     ///< index into kHandlerNames
  std::uint8_t department;  ///< index into kDepartmentNames
  std::uint8_t deadline;    ///< index into kDeadlineClasses
  bool patrol_visible;
};

/// Run-time values: rates per hour, times in hours, ready distributions.
struct HouseholdsRuntime {
  std::array<TypePolicy, kIssueTypes> types;
  std::array<double, kIssueTypes> type_cumulative;  ///< cumulative rates for type choice
  double issue_rate_per_hour;                       ///< total over types
  std::array<double, 4> deadline_hours;
  random::Distribution report_delay, patience;
  std::array<double, 5> via_weight;  ///< reporting channel weights (not normalised), in the order of Via
  std::uint32_t max_complaints;
  double circle_factor, repeat_patience, initial_satisfaction, satisfaction_rate, complaint_penalty;
  double vulnerable_share, unreported_share;
  double trust_initial, trust_rate, trust_contact_gain;
  bool complain_unstarted;

  static HouseholdsRuntime derive(const HouseholdsParams& p);
};

}  // namespace gridgov::models
