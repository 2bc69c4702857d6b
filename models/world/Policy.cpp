#include "models/world/Policy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gridgov::models {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
double period(double per_unit, double unit_hours) { return per_unit > 0 ? unit_hours / per_unit : kInf; }
std::uint8_t index_of(const auto& names, const std::string& v) {
  return static_cast<std::uint8_t>(std::find(names.begin(), names.end(), v) - names.begin());
}
}  // namespace

Policy::Policy(const ScenarioSpec& s) {
  double cum = 0;
  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    const auto& it = s.issue_types[t];
    types[t] = TypePolicy{it.rate_per_household_year / 8760.0, it.minor_share, it.urgent_share, it.collective_share,
                          it.escalate_share, it.work_factor, index_of(kHandlerNames, it.handler),
                          index_of(kDepartmentNames, it.department), index_of(kDeadlineClasses, it.deadline),
                          it.patrol_visible};
    cum += types[t].rate_per_hour;
    type_cumulative[t] = cum;
  }
  issue_rate_per_hour = cum;
  deadline_hours = {s.deadline_emergency_hours, s.deadline_utility_hours, s.deadline_general_days * 24,
                    s.deadline_complex_days * 24};
  report_delay = s.report_delay.to_hours();
  patience = s.patience.to_hours();
  followup = s.followup_delay.to_hours();
  grid_service = s.grid_service_time.to_hours();
  firm_service = s.firm_service_time.to_hours();
  orders_time = s.orders_time.to_hours();
  forward_delay = s.forward_delay.to_hours();
  for (std::size_t d = 0; d < kDepartments; ++d) {
    dept_time[d] = s.departments[d].response_time.to_hours();
    dept_servers[d] = static_cast<std::uint32_t>(s.departments[d].servers);
  }
  via_weight = {s.w_lead, s.w_member, s.w_grid, s.w_firm, s.w_hotline};
  circle_factor = s.circle_propensity_factor;
  repeat_patience = s.repeat_patience_factor;
  max_complaints = static_cast<std::uint32_t>(s.max_complaints);
  initial_satisfaction = s.initial_satisfaction;
  satisfaction_rate = s.satisfaction_rate;
  expectation = s.expectation;
  complaint_penalty = s.complaint_penalty;
  complain_unstarted = s.complain_when == "unstarted";

  party = s.party_enabled && s.members_per_household > 0;
  members_per_household = s.members_per_household;
  members_per_central = static_cast<std::uint32_t>(s.members_per_central);
  households_per_member = static_cast<std::uint32_t>(s.households_per_member);
  kind_cumulative = {s.share_retired, s.share_retired + s.share_in_service, 1.0};
  member_period_h = period(s.member_visits_per_month, kHoursPerMonth);
  poisson_visits = s.visit_timing == "poisson";
  member_detect = s.member_detect_prob;
  member_mediate = s.member_mediate_prob;
  effort_min = s.member_effort_min;
  effort_max = s.member_effort_max;
  mobile_share = s.mobile_visit_share;
  member_hours_month = s.member_hours_per_month;
  visit_minutes = s.visit_minutes;
  points = s.points_enabled;
  points_gain = s.points_effort_gain;
  orders = s.orders_enabled && party;
  orders_share = s.orders_share;
  orders_success = s.orders_success_prob;

  leads = s.leads_enabled;
  households_per_lead = static_cast<std::uint32_t>(s.households_per_lead);
  lead_period_h = period(s.lead_walks_per_week, 168.0);
  lead_detect = s.lead_detect_prob;
  lead_mediate = s.lead_mediate_prob;

  workers_per_grid = s.workers_per_grid;
  households_per_worker = s.households_per_worker;
  patrol_period_h = period(s.patrols_per_day, 24.0);
  patrol_detect = s.patrol_detect_prob;
  grid_visit_period_h = period(s.grid_visits_per_household_year, 8760.0);
  grid_visit_detect = s.grid_visit_detect_prob;
  lead_log1mp = std::log1p(-lead_detect);
  patrol_log1mp = std::log1p(-patrol_detect);
  grid_visit_log1mp = std::log1p(-grid_visit_detect);
  reopen_prob = s.reopen_prob;
  mediate_hours = s.mediate_hours;
  minutes_per_hop = s.minutes_per_hop;

  firms = s.firms_enabled;
  households_per_staff = s.households_per_staff;
  reopen_slope = s.firm_reopen_slope;
  red_property = s.red_property;
  red_bonus = s.red_property_bonus;
  review = s.review_enabled;
  review_start_h = s.review_start_day * 24;
  review_period_h = s.review_period_days * 24;
  black_share = s.black_share;
  red_share = s.red_share;
  black_gain = s.black_list_quality_gain;
  replace_after = static_cast<std::uint32_t>(s.replace_after);

  linkage = s.linkage_enabled;
  linkage_factor = s.linkage_time_factor;
  deliberation = s.deliberation_enabled;
  meeting_period_h = s.meeting_period_days * 24;
  settle_prob_effective = s.settle_prob * (s.quorum > 0 ? std::min(1.0, s.attendance / s.quorum) : 1.0);
  max_meetings = static_cast<std::uint32_t>(s.max_meetings);
  hotline = s.hotline_enabled;
  dispatch_to_department = s.dispatch_to == "department";
}

}  // namespace gridgov::models
