#include "models/mechanisms/households/Params.hpp"

#include <algorithm>
#include <cmath>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void HouseholdsParams::declare(Section<ScenarioSpec, HouseholdsParams> s) {
  s.add(
      Dist("households.report_delay", "days",
           "Time from an issue arising to the resident reporting it, for propensity 1 (divided by the household's propensity)."),
      &HouseholdsParams::report_delay);
  s.add(P("households.propensity_sd", Kind::Real, "", 0, 5,
          "Standard deviation of household reporting propensity (lognormal, mean 1); reporting differs about threefold between "
          "neighbourhoods.",
          "lit."),
        &HouseholdsParams::propensity_sd);
  s.add(P("households.circle_propensity_factor", Kind::Real, "", 0, 10,
          "Propensity multiplier for households inside a service station's circle.", "", true),
        &HouseholdsParams::circle_propensity_factor);
  s.add(P("households.channels.building_lead", Kind::Real, "weight", 0, kInf, "Weight of reporting to the building lead.", "",
          true),
        &HouseholdsParams::w_lead);
  s.add(P("households.channels.party_member", Kind::Real, "weight", 0, kInf, "Weight of reporting to the linked party member.",
          "", true),
        &HouseholdsParams::w_member);
  s.add(P("households.channels.grid_worker", Kind::Real, "weight", 0, kInf, "Weight of reporting to the grid worker.", "", true),
        &HouseholdsParams::w_grid);
  s.add(P("households.channels.property_firm", Kind::Real, "weight", 0, kInf, "Weight of reporting to the property firm.", "",
          true),
        &HouseholdsParams::w_firm);
  s.add(P("households.channels.hotline", Kind::Real, "weight", 0, kInf,
          "Weight of going straight to the 12345 hotline (counts as a complaint); scaled by the household's distrust "
          "(households.trust.*).",
          "", true),
        &HouseholdsParams::w_hotline);
  s.add(Dist("households.patience", "days", "Time a resident waits, from the issue becoming known, before complaining to 12345."),
        &HouseholdsParams::patience);
  s.add(P("households.repeat_patience_factor", Kind::Real, "", 0, 10,
          "After a complaint the next patience is this times the first (repeated complaints count); 0 = complain once.", ""),
        &HouseholdsParams::repeat_patience_factor);
  s.add(P("households.max_complaints", Kind::Int, "", 0, 255,
          "Most complaints one resident files about one issue when patience runs out (0 = none; residents who choose the hotline "
          "channel still contact 12345)."),
        &HouseholdsParams::max_complaints);
  s.add(Choice("households.complain_when", {"unresolved", "unstarted"},
               "Complain when patience runs out and the issue is unresolved, or (queue-theory mode) only if no handler has "
               "started on it; in unstarted mode the complaint takes the case out of the queue."),
        &HouseholdsParams::complain_when);
  s.add(Share("households.initial_satisfaction", "Initial satisfaction of every household."),
        &HouseholdsParams::initial_satisfaction);
  s.add(Share("households.satisfaction_rate",
              "Weight of the latest experience in a household's satisfaction level: after each closure satisfaction moves this "
              "share of the way toward the closure's performance, after each complaint toward 0."),
        &HouseholdsParams::satisfaction_rate);
  s.add(Share("households.complaint_penalty", "Performance lost per complaint the issue needed."),
        &HouseholdsParams::complaint_penalty);
  s.add(Share("households.needs.vulnerable_share",
              "Share of households that are vulnerable (elderly living alone, disabled, in hardship): some of their needs are "
              "never reported and only visits and walks find them.",
              "lit."),
        &HouseholdsParams::vulnerable_share);
  s.add(
      Share("households.needs.unreported_share", "Share of a vulnerable household's issues it never reports (unreported needs)."),
      &HouseholdsParams::unreported_share);
  s.add(Share("households.trust.initial",
              "Initial trust in local channels; at this trust the hotline channel has its stated weight "
              "(weight x (1 - trust) / (1 - initial))."),
        &HouseholdsParams::trust_initial);
  s.add(Share("households.trust.rate",
              "Weight of one experience in trust: a closure by a local handler moves trust toward its performance, a complaint "
              "or a closure forced by 12345 toward 0.",
              "", true),
        &HouseholdsParams::trust_rate);
  s.add(Share("households.trust.contact_gain",
              "Share of the gap to full trust closed when a member, lead, grid worker or volunteer finds the household's issue "
              "on a visit or walk.",
              "", true),
        &HouseholdsParams::trust_contact_gain);

  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    const std::string base = std::string("issues.") + kIssueTypeNames[t] + ".";
    const std::string nm = kIssueTypeNames[t];
    s.add_at(
        P(base + "rate_per_household_year", Kind::Real, "1/household-year", 0, 1000,
          "Rate of " + nm + " issues per household per year."),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].rate_per_household_year; });
    s.add_at(
        Share(base + "minor_share", "Share minor enough to be mediated on the spot."), [t](HouseholdsParams & p) -> auto& {
          return p.issue_types[t].minor_share;
        });
    s.add_at(
        Share(base + "urgent_share", "Share urgent (emergency deadline)."), [t](HouseholdsParams & p) -> auto& {
          return p.issue_types[t].urgent_share;
        });
    s.add_at(
        Choice(base + "handler", names(kHandlerNames), "Who handles it once known and not mediated."),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].handler; });
    s.add_at(
        Share(base + "collective_share", "Share that concern many households and wait for the monthly deliberation."),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].collective_share; });
    s.add_at(
        Share(base + "escalate_share", "Share beyond community powers: the grid blows the whistle to a district department.",
              kS002),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].escalate_share; });
    s.add_at(
        Choice(base + "department", names(kDepartmentNames), "Department that takes the whistle."),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].department; });
    s.add_at(
        Flag(base + "patrol_visible", "Grid patrols can see it (public spaces).", false), [t](HouseholdsParams & p) -> auto& {
          return p.issue_types[t].patrol_visible;
        });
    s.add_at(
        Choice(base + "deadline", names(kDeadlineClasses), "Deadline class."), [t](HouseholdsParams & p) -> auto& {
          return p.issue_types[t].deadline;
        });
    s.add_at(
        P(base + "work_factor", Kind::Real, "", 0, 100, "Multiplies handlers' service times."),
        [t](HouseholdsParams & p) -> auto& { return p.issue_types[t].work_factor; });
  }
  s.add(P("deadlines.emergency_hours", Kind::Real, "hours", 0, kInf, "Deadline of emergencies.", "lit."),
        &HouseholdsParams::deadline_emergency_hours);
  s.add(P("deadlines.utility_hours", Kind::Real, "hours", 0, kInf, "Deadline of utility failures.", "lit."),
        &HouseholdsParams::deadline_utility_hours);
  s.add(P("deadlines.general_days", Kind::Real, "days", 0, kInf, "Deadline of general issues.", "lit."),
        &HouseholdsParams::deadline_general_days);
  s.add(P("deadlines.complex_days", Kind::Real, "days", 0, kInf, "Deadline of complex issues.", "lit."),
        &HouseholdsParams::deadline_complex_days);
}

namespace {
std::uint8_t index_of(const auto& names, const std::string& v) {
  return static_cast<std::uint8_t>(std::find(names.begin(), names.end(), v) - names.begin());
}
}  // namespace

std::array<IssueTypeSpec, kIssueTypes> HouseholdsParams::default_issue_types() {
  std::array<IssueTypeSpec, kIssueTypes> t{};
  // Rates: about 1.3 issues per household a year over the six community kinds. Collective and
  // escalated shares are small: most issues are one household's, settled inside the community.
  // repair: pipes, lifts, doors — the property firm's job
  t[0] = {0.45, 0.4, 0.05, "firm", 0.02, 0.02, "urban_management", false, "utility", 1.0};
  // property service quality
  t[1] = {0.2, 0.5, 0.0, "firm", 0.05, 0.02, "market_regulation", false, "general", 1.0};
  // neighbour dispute
  t[2] = {0.15, 0.7, 0.02, "grid", 0.0, 0.05, "police", false, "general", 1.5};
  // environment / sanitation
  t[3] = {0.3, 0.5, 0.0, "grid", 0.12, 0.04, "urban_management", true, "general", 1.0};
  // safety / fire risk
  t[4] = {0.08, 0.3, 0.2, "grid", 0.03, 0.15, "fire", true, "utility", 1.0};
  // livelihood / care need
  t[5] = {0.12, 0.6, 0.05, "grid", 0.0, 0.02, "market_regulation", false, "complex", 2.0};
  return t;
}

HouseholdsRuntime HouseholdsRuntime::derive(const HouseholdsParams& s) {
  HouseholdsRuntime r{};
  double cum = 0;
  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    const auto& it = s.issue_types[t];
    r.types[t] = TypePolicy{it.rate_per_household_year / 8760.0,
                            it.minor_share,
                            it.urgent_share,
                            it.collective_share,
                            it.escalate_share,
                            it.work_factor,
                            index_of(kHandlerNames, it.handler),
                            index_of(kDepartmentNames, it.department),
                            index_of(kDeadlineClasses, it.deadline),
                            it.patrol_visible};
    cum += r.types[t].rate_per_hour;
    r.type_cumulative[t] = cum;
  }
  r.issue_rate_per_hour = cum;
  r.deadline_hours = {s.deadline_emergency_hours, s.deadline_utility_hours, s.deadline_general_days * 24,
                      s.deadline_complex_days * 24};
  r.report_delay = s.report_delay.to_hours();
  r.patience = s.patience.to_hours();
  r.via_weight = {s.w_lead, s.w_member, s.w_grid, s.w_firm, s.w_hotline};
  r.circle_factor = s.circle_propensity_factor;
  r.repeat_patience = s.repeat_patience_factor;
  r.max_complaints = static_cast<std::uint32_t>(s.max_complaints);
  r.initial_satisfaction = s.initial_satisfaction;
  r.satisfaction_rate = s.satisfaction_rate;
  r.vulnerable_share = s.vulnerable_share;
  r.unreported_share = s.unreported_share;
  r.trust_initial = s.trust_initial;
  r.trust_rate = s.trust_rate;
  r.trust_contact_gain = s.trust_contact_gain;
  r.complaint_penalty = s.complaint_penalty;
  r.complain_unstarted = s.complain_when == "unstarted";
  return r;
}

}  // namespace gridgov::models
