#pragma once
/// \file
/// The typed, validated scenario: every parameter of a run. Defaults live here (member
/// initialisers); the parameter table in ScenarioSchema.cpp declares each member once with
/// its YAML path, unit, range, description and source. Nothing downstream reads YAML.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/schema/DistSpec.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::models {

using schema::DistSpec;

/// Issue types raised by households (BRIEF §3.1).
enum class IssueType : std::uint8_t { Repair, PropertyService, NeighbourDispute, Environment, SafetyFire, LivelihoodCare };
inline constexpr std::size_t kIssueTypes = 6;
inline constexpr std::array<const char*, kIssueTypes> kIssueTypeNames{
    "repair", "property_service", "neighbour_dispute", "environment", "safety_fire", "livelihood_care"};

/// District departments reached by the "whistle" (网格吹哨、部门报到).
inline constexpr std::size_t kDepartments = 4;
inline constexpr std::array<const char*, kDepartments> kDepartmentNames{"police", "urban_management",
                                                                        "market_regulation", "fire"};

/// Deadline classes of forced dispatches (BRIEF §3.5).
inline constexpr std::array<const char*, 4> kDeadlineClasses{"emergency", "utility", "general", "complex"};

/// Primary handlers an issue type may be routed to.
inline constexpr std::array<const char*, 3> kHandlerNames{"grid", "firm", "deliberation"};

struct IssueTypeSpec {
  double rate_per_household_year = 0.2;  ///< issues per household per year
  double minor_share = 0.5;              ///< share that a member or building lead may mediate on the spot
  double urgent_share = 0.05;            ///< share that are urgent (emergency deadline)
  std::string handler = "grid";          ///< grid | firm | deliberation (collective share goes to deliberation anyway)
  double collective_share = 0.0;         ///< share that concern many households: settled in the monthly meeting
  double escalate_share = 0.0;           ///< share beyond community powers: whistled to a department
  std::string department = "urban_management";
  bool patrol_visible = false;           ///< grid patrols can see it (public spaces)
  std::string deadline = "general";      ///< deadline class
  double work_factor = 1.0;              ///< multiplies handlers' service times
};

struct DepartmentSpec {
  std::int64_t servers = 3;                                      ///< parallel cases handled
  DistSpec response_time = DistSpec::lognormal(3, 3, "days");    ///< time to handle one case
};

struct ScenarioSpec {
  // ---- simulation ----
  std::int64_t seed = 20260101;
  std::int64_t days = 365;
  std::int64_t warmup_days = 0;
  std::int64_t replicates = 1;
  double window_hours = 24;
  bool issue_log = false;

  // ---- geography ----
  std::string geo_source = "lattice";
  std::int64_t communities = 4, grids_per_community = 3, buildings_per_grid = 6, households_per_building = 40;
  std::string buildings_csv;
  double link_radius = 1.5;
  double minutes_per_hop = 2.0;
  std::int64_t stations_per_community = 1;
  double service_circle_minutes = 15;
  double household_size = 2.62;

  // ---- households ----
  DistSpec report_delay = DistSpec::exponential(3, "days");
  double propensity_sd = 0.5;
  double circle_propensity_factor = 1.25;
  double w_lead = 0.25, w_member = 0.2, w_grid = 0.3, w_firm = 0.15, w_hotline = 0.1;
  DistSpec patience = DistSpec::lognormal(10, 8, "days");
  double repeat_patience_factor = 1.0;
  std::int64_t max_complaints = 3;
  std::string complain_when = "unresolved";
  double initial_satisfaction = 0.7, satisfaction_rate = 0.3, expectation = 0.7, complaint_penalty = 0.15;

  // ---- issues ----
  std::array<IssueTypeSpec, kIssueTypes> issue_types = default_issue_types();
  double deadline_emergency_hours = 2, deadline_utility_hours = 24, deadline_general_days = 7,
         deadline_complex_days = 15;

  // ---- party members ("1+10+N") ----
  bool party_enabled = true;
  double members_per_household = 0.1;
  std::int64_t members_per_central = 10;
  std::int64_t households_per_member = 10;
  double share_retired = 0.5, share_in_service = 0.4, share_mobile = 0.1;
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
  double orders_share = 0.3;
  double orders_success_prob = 0.85;
  DistSpec orders_time = DistSpec::lognormal(2, 2, "days");

  // ---- building leads ----
  bool leads_enabled = true;
  std::int64_t households_per_lead = 60;
  double lead_walks_per_week = 1.0;
  double lead_detect_prob = 0.35;
  double lead_mediate_prob = 0.4;

  // ---- grid workers ----
  std::int64_t workers_per_grid = 0;
  std::int64_t households_per_worker = 300;
  double patrols_per_day = 1.0;
  double patrol_detect_prob = 0.3;
  double grid_visits_per_household_year = 2.0;
  double grid_visit_detect_prob = 0.5;
  DistSpec grid_service_time = DistSpec::lognormal(8, 10, "hours");
  double reopen_prob = 0.05;
  DistSpec followup_delay = DistSpec::fixed(3, "days");
  double mediate_hours = 1.0;

  // ---- property firms ----
  bool firms_enabled = true;
  std::int64_t firm_count = 4;
  std::int64_t households_per_staff = 120;
  DistSpec firm_service_time = DistSpec::lognormal(1, 1, "days");
  double firm_quality_mean = 0.7, firm_quality_sd = 0.15;
  double firm_reopen_slope = 0.3;
  bool red_property = false;
  double red_property_bonus = 0.1;
  bool review_enabled = false;
  double review_start_day = 0;
  double review_period_days = 90;
  double black_share = 0.25, red_share = 0.25;
  std::int64_t replace_after = 2;
  double black_list_quality_gain = 0.1;

  // ---- departments ----
  std::array<DepartmentSpec, kDepartments> departments{};
  bool linkage_enabled = false;
  double linkage_time_factor = 0.4;

  // ---- deliberation ----
  bool deliberation_enabled = true;
  double meeting_period_days = 30;
  double settle_prob = 0.73;
  double attendance = 0.79;
  double quorum = 0.5;
  std::int64_t max_meetings = 3;

  // ---- hotline ----
  bool hotline_enabled = true;
  DistSpec forward_delay = DistSpec::fixed(4, "hours");
  std::string dispatch_to = "handler";

  // ---- interventions ----
  std::vector<schema::Intervention> interventions;

  static std::array<IssueTypeSpec, kIssueTypes> default_issue_types();
};

/// The parameter table of ScenarioSpec (built once, thread-safe after first use).
const schema::Schema<ScenarioSpec>& scenario_schema();

/// The default scenario YAML compiled into the binary (scenarios/default.yaml).
const std::string& default_scenario_yaml();

/// Everything that describes where a scenario came from.
struct LoadedScenario {
  ScenarioSpec spec;
  schema::Provenance where;
  std::string source;  ///< file name, or "<default scenario>"
};

/// Read a scenario file (or the built-in default when `path` is empty), apply `--set`
/// overrides in order, then run the cross-field checks. Throws schema::InputError.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);
/// A command-line option that stands for one key (--seed N is simulation.seed=N): errors name the option.
struct OptionOverride {
  std::string option;      ///< e.g. "--seed"
  std::string assignment;  ///< e.g. "simulation.seed=7"
};
/// The same, then `options` (applied after `overrides`).
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                             const std::vector<OptionOverride>& options);
/// The same from text in memory (`name` stands for the file in messages; relative paths in it are
/// relative to `base_dir`). For the fuzzers and tests.
LoadedScenario load_scenario_text(const std::string& text, const std::string& name, const std::string& base_dir,
                                  const std::vector<std::string>& overrides);
/// Make the scenario's relative file paths (geography.buildings_csv) absolute: relative to
/// `base_dir` when they were written in a file, to the working directory when given by --set.
void resolve_paths(LoadedScenario& s, const std::string& base_dir);
/// Cross-field checks (shares that must sum to 1, files that must exist, ...).
void validate(const LoadedScenario& s);

/// Index helpers.
std::size_t deadline_class_index(const std::string& name);
std::size_t department_index(const std::string& name);

}  // namespace gridgov::models
