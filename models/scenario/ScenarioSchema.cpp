#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using schema::Kind;
using schema::ParamInfo;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* kS001 = "seeds/001_4c7fc85168f3dea2.txt";
const char* kS002 = "seeds/002_6dc15ae47d6dc069.txt";
const char* kS003 = "seeds/003_4e2742b5ca61d8ac.txt";

ParamInfo P(std::string path, Kind kind, std::string unit, double lo, double hi, std::string desc,
            std::string source = "", bool policy = false) {
  ParamInfo p;
  p.path = std::move(path);
  p.kind = kind;
  p.unit = std::move(unit);
  p.min = lo;
  p.max = hi;
  p.description = std::move(desc);
  p.source = std::move(source);
  p.policy = policy;
  return p;
}
ParamInfo Share(std::string path, std::string desc, std::string source = "", bool policy = false) {
  return P(std::move(path), Kind::Real, "share", 0, 1, std::move(desc), std::move(source), policy);
}
ParamInfo Choice(std::string path, std::vector<std::string> choices, std::string desc, bool policy = false) {
  ParamInfo p = P(std::move(path), Kind::String, "", -kInf, kInf, std::move(desc), "", policy);
  p.choices = std::move(choices);
  return p;
}
ParamInfo Flag(std::string path, std::string desc, bool policy = true) {
  return P(std::move(path), Kind::Bool, "", -kInf, kInf, std::move(desc), "", policy);
}
ParamInfo Dist(std::string path, std::string unit, std::string desc, std::string source = "", bool policy = false) {
  return P(std::move(path), Kind::Dist, std::move(unit), 0, kInf, std::move(desc), std::move(source), policy);
}
std::vector<std::string> names(const auto& arr) { return {arr.begin(), arr.end()}; }

#define F(expr) [](ScenarioSpec & s) -> auto& { return s.expr; }

schema::Schema<ScenarioSpec> build() {
  schema::Schema<ScenarioSpec> S;
  // simulation
  S.add(P("simulation.seed", Kind::Int, "", 0, 9.0e15, "Random seed; every random draw derives from (seed, replicate, entity, purpose)."), F(seed));
  S.add(P("simulation.days", Kind::Int, "days", 1, 36500, "Simulated horizon."), F(days));
  S.add(P("simulation.warmup_days", Kind::Int, "days", 0, 36500, "Issues raised before this day are simulated but left out of the metrics."), F(warmup_days));
  S.add(P("simulation.replicates", Kind::Int, "", 1, 100000, "Independent replicates (replicate r uses random streams keyed by r)."), F(replicates));
  S.add(P("simulation.window_hours", Kind::Real, "hours", 1, 24 * 30, "Synchronisation window between communities; cross-community messages (departments, 12345, firm reviews) apply at window ends."), F(window_hours));
  S.add(Flag("simulation.issue_log", "Write issues.csv, one row per issue.", false), F(issue_log));

  // geography
  S.add(Choice("geography.source", {"lattice", "csv"}, "Generate buildings on a lattice from counts, or load them from geography.buildings_csv."), F(geo_source));
  S.add(P("geography.communities", Kind::Int, "", 1, 100000, "Communities (社区), one partition each.", kS001), F(communities));
  S.add(P("geography.grids_per_community", Kind::Int, "", 1, 10000, "Grids (网格) per community.", kS001), F(grids_per_community));
  S.add(P("geography.buildings_per_grid", Kind::Int, "", 1, 100000, "Buildings (楼栋) per grid."), F(buildings_per_grid));
  S.add(P("geography.households_per_building", Kind::Int, "", 1, 100000, "Households (户) per building."), F(households_per_building));
  S.add(P("geography.buildings_csv", Kind::Path, "", -kInf, kInf, "Buildings CSV (id,community,grid,x,y,households), relative to the scenario file; used when source is csv."), F(buildings_csv));
  S.add(P("geography.link_radius", Kind::Real, "csv coordinate units", 0, kInf, "Buildings from a CSV closer than this are neighbours in the graph."), F(link_radius));
  S.add(P("geography.minutes_per_hop", Kind::Real, "minutes", 0, 600, "Walking time between neighbouring buildings."), F(minutes_per_hop));
  S.add(P("geography.stations_per_community", Kind::Int, "", 0, 10000, "Party-mass service stations per community (Tianhe: 80 stations over 16 communities).", kS001), F(stations_per_community));
  S.add(P("geography.service_circle_minutes", Kind::Real, "minutes", 0, 600, "Households within this walking time of a station lie in its service circle (15-minute party-mass service circle).", kS002), F(service_circle_minutes));
  S.add(P("geography.household_size", Kind::Real, "persons", 0.1, 20, "Average persons per household (China 2020 census: 2.62); used for resident counts.", "lit."), F(household_size));

  // households
  S.add(Dist("households.report_delay", "days", "Time from an issue arising to the resident reporting it, for propensity 1 (divided by the household's propensity)."), F(report_delay));
  S.add(P("households.propensity_sd", Kind::Real, "", 0, 5, "Standard deviation of household reporting propensity (lognormal, mean 1); reporting differs about threefold between neighbourhoods.", "lit."), F(propensity_sd));
  S.add(P("households.circle_propensity_factor", Kind::Real, "", 0, 10, "Propensity multiplier for households inside a service station's circle.", "", true), F(circle_propensity_factor));
  S.add(P("households.channels.building_lead", Kind::Real, "weight", 0, kInf, "Weight of reporting to the building lead."), F(w_lead));
  S.add(P("households.channels.party_member", Kind::Real, "weight", 0, kInf, "Weight of reporting to the linked party member."), F(w_member));
  S.add(P("households.channels.grid_worker", Kind::Real, "weight", 0, kInf, "Weight of reporting to the grid worker."), F(w_grid));
  S.add(P("households.channels.property_firm", Kind::Real, "weight", 0, kInf, "Weight of reporting to the property firm."), F(w_firm));
  S.add(P("households.channels.hotline", Kind::Real, "weight", 0, kInf, "Weight of going straight to the 12345 hotline (counts as a complaint)."), F(w_hotline));
  S.add(Dist("households.patience", "days", "Time a resident waits, from the issue becoming known, before complaining to 12345."), F(patience));
  S.add(P("households.repeat_patience_factor", Kind::Real, "", 0, 10, "After a complaint the next patience is this times the first (repeated complaints count); 0 = complain once.", ""), F(repeat_patience_factor));
  S.add(P("households.max_complaints", Kind::Int, "", 0, 255, "Most complaints one resident files about one issue when patience runs out (0 = none; residents who choose the hotline channel still contact 12345)."), F(max_complaints));
  S.add(Choice("households.complain_when", {"unresolved", "unstarted"}, "Complain when patience runs out and the issue is unresolved, or (queue-theory mode) only if no handler has started on it; in unstarted mode the complaint takes the case out of the queue."), F(complain_when));
  S.add(Share("households.initial_satisfaction", "Initial satisfaction of every household."), F(initial_satisfaction));
  S.add(Share("households.satisfaction_rate", "Weight of one closure's performance-minus-expectation in satisfaction."), F(satisfaction_rate));
  S.add(Share("households.expectation", "Expected performance; satisfaction rises when a closure does better."), F(expectation));
  S.add(Share("households.complaint_penalty", "Performance lost per complaint the issue needed."), F(complaint_penalty));

  // issues
  for (std::size_t t = 0; t < kIssueTypes; ++t) {
    const std::string base = std::string("issues.") + kIssueTypeNames[t] + ".";
    const std::string nm = kIssueTypeNames[t];
    S.add(P(base + "rate_per_household_year", Kind::Real, "1/household-year", 0, 1000, "Rate of " + nm + " issues per household per year."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].rate_per_household_year; });
    S.add(Share(base + "minor_share", "Share minor enough to be mediated on the spot."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].minor_share; });
    S.add(Share(base + "urgent_share", "Share urgent (emergency deadline)."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].urgent_share; });
    S.add(Choice(base + "handler", names(kHandlerNames), "Who handles it once known and not mediated."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].handler; });
    S.add(Share(base + "collective_share", "Share that concern many households and wait for the monthly deliberation."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].collective_share; });
    S.add(Share(base + "escalate_share", "Share beyond community powers: the grid blows the whistle to a district department.", kS002), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].escalate_share; });
    S.add(Choice(base + "department", names(kDepartmentNames), "Department that takes the whistle."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].department; });
    S.add(Flag(base + "patrol_visible", "Grid patrols can see it (public spaces).", false), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].patrol_visible; });
    S.add(Choice(base + "deadline", names(kDeadlineClasses), "Deadline class."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].deadline; });
    S.add(P(base + "work_factor", Kind::Real, "", 0, 100, "Multiplies handlers' service times."), [t](ScenarioSpec& s) -> auto& { return s.issue_types[t].work_factor; });
  }
  S.add(P("deadlines.emergency_hours", Kind::Real, "hours", 0, kInf, "Deadline of emergencies.", "lit."), F(deadline_emergency_hours));
  S.add(P("deadlines.utility_hours", Kind::Real, "hours", 0, kInf, "Deadline of utility failures.", "lit."), F(deadline_utility_hours));
  S.add(P("deadlines.general_days", Kind::Real, "days", 0, kInf, "Deadline of general issues.", "lit."), F(deadline_general_days));
  S.add(P("deadlines.complex_days", Kind::Real, "days", 0, kInf, "Deadline of complex issues.", "lit."), F(deadline_complex_days));

  // party members
  S.add(Flag("party.enabled", "Party members visit, mediate and take orders."), F(party_enabled));
  S.add(P("party.members_per_household", Kind::Real, "members/household", 0, 10, "Party members per household (0.1 = one per ten households).", kS003, true), F(members_per_household));
  S.add(P("party.members_per_central", Kind::Int, "", 1, 1000, "Members linked to each central-household member (the '10' in 1+10+N).", kS003), F(members_per_central));
  S.add(P("party.households_per_member", Kind::Int, "", 0, 100000, "Households linked to each member, nearest first (the 'N' in 1+10+N).", kS003), F(households_per_member));
  S.add(Share("party.kinds.retired", "Share of retired members (visit any day)."), F(share_retired));
  S.add(Share("party.kinds.in_service", "Share of in-service members: with periodic visits, a weekday visit that would find an issue is moved to the weekend evening.", kS002), F(share_in_service));
  S.add(Share("party.kinds.mobile", "Share of mobile members (do only party.mobile_visit_share of their visits).", kS002), F(share_mobile));
  S.add(P("party.visits_per_month", Kind::Real, "visits/household/month", 0, 100, "Visits by the linked member to each linked household per month.", kS002, true), F(member_visits_per_month));
  S.add(Choice("party.visit_timing", {"periodic", "poisson"}, "Visits on a fixed schedule with a per-household phase, or as a Poisson process of the same rate (queue-theory mode)."), F(visit_timing));
  S.add(Share("party.detect_prob", "Probability that one visit finds a latent issue.", "", true), F(member_detect_prob));
  S.add(Share("party.mediate_prob", "Probability that a member settles a minor issue on the spot.", "", true), F(member_mediate_prob));
  S.add(Share("party.effort_min", "Lowest member effort (share of scheduled visits done); efforts are uniform between min and max."), F(member_effort_min));
  S.add(Share("party.effort_max", "Highest member effort."), F(member_effort_max));
  S.add(Share("party.mobile_visit_share", "Share of visits a mobile member manages."), F(mobile_visit_share));
  S.add(P("party.hours_per_month", Kind::Real, "hours", 0, 744, "Time a member can give to visits per month; visits (plus walking) beyond it are dropped.", "", true), F(member_hours_per_month));
  S.add(P("party.visit_minutes", Kind::Real, "minutes", 0, 600, "Length of one visit, walking excluded."), F(visit_minutes));
  S.add(Flag("party.points.enabled", "Points system (积分): raises each member's effort toward 1.", true), F(points_enabled));
  S.add(Share("party.points.effort_gain", "Share of the gap to full effort that points close.", kS003, true), F(points_effort_gain));
  S.add(Flag("party.orders.enabled", "Residents order, community dispatches, party members take the order (群众点单、社区派单、党员接单)."), F(orders_enabled));
  S.add(Share("party.orders.share", "Share of grid cases dispatched to party members.", "seeds/004_bb17891a7f0bf00e.txt", true), F(orders_share));
  S.add(Share("party.orders.success_prob", "Probability a member resolves a dispatched case (else it returns to the grid queue)."), F(orders_success_prob));
  S.add(Dist("party.orders.time", "days", "Time a member takes on a dispatched case."), F(orders_time));

  // building leads
  S.add(Flag("leads.enabled", "Governance building leads (治理楼长) walk their buildings and mediate."), F(leads_enabled));
  S.add(P("leads.households_per_lead", Kind::Int, "", 1, 100000, "Households per building lead (Tianhe: one per 60).", kS001, true), F(households_per_lead));
  S.add(P("leads.walks_per_week", Kind::Real, "walks/week", 0, 100, "Walks of the lead's households per week.", "", true), F(lead_walks_per_week));
  S.add(Share("leads.detect_prob", "Probability that one walk finds a latent issue.", "", true), F(lead_detect_prob));
  S.add(Share("leads.mediate_prob", "Probability that a lead settles a minor issue on the spot.", "", true), F(lead_mediate_prob));

  // grid workers
  S.add(P("grid.workers_per_grid", Kind::Int, "", 0, 10000, "Grid workers per grid; 0 = from grid.households_per_worker.", "seeds/004_bb17891a7f0bf00e.txt", true), F(workers_per_grid));
  S.add(P("grid.households_per_worker", Kind::Int, "", 1, 1000000, "Households per grid worker when workers_per_grid is 0 (at least one per grid).", "", true), F(households_per_worker));
  S.add(P("grid.patrols_per_day", Kind::Real, "patrols/day", 0, 100, "Patrols of the grid's public spaces per day (at least 30 minutes a day).", "lit.", true), F(patrols_per_day));
  S.add(Share("grid.patrol_detect_prob", "Probability that one patrol finds a latent patrol-visible issue.", "", true), F(patrol_detect_prob));
  S.add(P("grid.visits_per_household_year", Kind::Real, "visits/household/year", 0, 1000, "Household visits by grid workers (ordinary households twice a year).", "lit.", true), F(grid_visits_per_household_year));
  S.add(Share("grid.visit_detect_prob", "Probability that one grid-worker visit finds a latent issue.", "", true), F(grid_visit_detect_prob));
  S.add(Dist("grid.service_time", "hours", "Time a grid worker spends on one case.", "lit.", true), F(grid_service_time));
  S.add(Share("grid.reopen_prob", "Probability that a closure reopens at follow-up (every handler; firms add firms.reopen_slope x (1 - quality)).", "", true), F(reopen_prob));
  S.add(Dist("grid.followup_delay", "days", "Delay from closure to the follow-up that may reopen it."), F(followup_delay));
  S.add(P("grid.mediate_hours", Kind::Real, "hours", 0, 1000, "Time to settle a minor issue on the spot."), F(mediate_hours));

  // property firms
  S.add(Flag("firms.enabled", "Property firms handle estate issues (else the grid does)."), F(firms_enabled));
  S.add(P("firms.count", Kind::Int, "", 1, 100000, "Property firms in the district; grids (estates) are dealt to them in turn so firms span communities."), F(firm_count));
  S.add(P("firms.households_per_staff", Kind::Int, "", 1, 1000000, "Households per firm staff member working cases in an estate (at least one per estate).", "", true), F(households_per_staff));
  S.add(Dist("firms.service_time", "days", "Time firm staff take on one case at quality 1 (divided by quality).", "", true), F(firm_service_time));
  S.add(Share("firms.quality_mean", "Mean firm quality (Beta distributed)."), F(firm_quality_mean));
  S.add(P("firms.quality_sd", Kind::Real, "", 0, 0.49, "Spread of firm quality; wide because property complaints are concentrated (worst 11% of compounds drew 47%).", "lit."), F(firm_quality_sd));
  S.add(Share("firms.reopen_slope", "Reopen probability of a firm case = grid.reopen_prob + slope x (1 - quality)."), F(firm_reopen_slope));
  S.add(Flag("firms.red_property", "'Red property': a party organisation inside each firm raises its quality.", true), F(red_property));
  S.add(Share("firms.red_property_bonus", "Quality added by red property (capped at 1).", kS002, true), F(red_property_bonus));
  S.add(Flag("firms.review.enabled", "Red/black list: firms ranked by complaint rate every review period.", true), F(review_enabled));
  S.add(P("firms.review.start_day", Kind::Real, "days", 0, kInf, "Day of the first review.", "", true), F(review_start_day));
  S.add(P("firms.review.period_days", Kind::Real, "days", 1, kInf, "Days between reviews.", kS002, true), F(review_period_days));
  S.add(Share("firms.review.black_share", "Share of firms black-listed at each review (worst complaint rates).", kS002, true), F(black_share));
  S.add(Share("firms.review.red_share", "Share of firms red-listed at each review (best complaint rates); counted in firms_redlisted, with no behavioural effect.", kS002, true), F(red_share));
  S.add(P("firms.review.replace_after", Kind::Int, "", 1, 1000, "Black-listings after which a firm is removed and replaced by a new one.", kS002, true), F(replace_after));
  S.add(Share("firms.review.black_list_quality_gain", "Quality a black-listed firm gains under pressure (share of its gap to 1).", "", true), F(black_list_quality_gain));

  // departments
  for (std::size_t d = 0; d < kDepartments; ++d) {
    const std::string base = std::string("departments.") + kDepartmentNames[d] + ".";
    S.add(P(base + "servers", Kind::Int, "", 1, 100000, std::string("Cases the ") + kDepartmentNames[d] + " department handles in parallel (shared by all communities).", "", true), [d](ScenarioSpec& s) -> auto& { return s.departments[d].servers; });
    S.add(Dist(base + "response_time", "days", "Time the department takes on one case.", "", true), [d](ScenarioSpec& s) -> auto& { return s.departments[d].response_time; });
  }
  S.add(Flag("departments.linkage.enabled", "Four-staff linkage (police, fire and property staff inside the grid): whistles to police and fire are handled in the grid.", true), F(linkage_enabled));
  S.add(P("departments.linkage.time_factor", Kind::Real, "", 0, 10, "Multiplies the department's response time when handled in the grid.", kS002, true), F(linkage_time_factor));

  // deliberation
  S.add(Flag("deliberation.enabled", "Monthly deliberation meeting (月月谈) settles collective issues."), F(deliberation_enabled));
  S.add(P("deliberation.period_days", Kind::Real, "days", 1, 3650, "Days between meetings.", kS003, true), F(meeting_period_days));
  S.add(Share("deliberation.settle_prob", "Probability that a meeting settles one pending issue at full quorum (82 issues, 60+ solved).", kS003, true), F(settle_prob));
  S.add(Share("deliberation.attendance", "Meeting attendance.", kS001, true), F(attendance));
  S.add(P("deliberation.quorum", Kind::Real, "share", 0, 1, "Attendance below which settling falls proportionally (settle = settle_prob x min(1, attendance/quorum)).", "", true), F(quorum));
  S.add(P("deliberation.max_meetings", Kind::Int, "", 1, 1000, "Meetings an issue may wait before it is whistled to the urban-management department.", "", true), F(max_meetings));

  // hotline
  S.add(Flag("hotline.enabled", "12345 forwards each complaint back as a forced dispatch with a deadline."), F(hotline_enabled));
  S.add(Dist("hotline.forward_delay", "hours", "Time from a complaint to the forced dispatch; it reaches the community at the end of the window in which it falls, at the earliest.", "", true), F(forward_delay));
  S.add(Choice("hotline.dispatch_to", {"handler", "department"}, "Forced dispatches go to the issue's handler at top priority, or to its district department.", true), F(dispatch_to));
  return S;
}
#undef F
}  // namespace

std::array<IssueTypeSpec, kIssueTypes> ScenarioSpec::default_issue_types() {
  std::array<IssueTypeSpec, kIssueTypes> t{};
  // repair: pipes, lifts, doors — the property firm's job
  t[0] = {0.6, 0.4, 0.05, "firm", 0.05, 0.02, "urban_management", false, "utility", 1.0};
  // property service quality
  t[1] = {0.4, 0.5, 0.0, "firm", 0.2, 0.02, "market_regulation", false, "general", 1.0};
  // neighbour dispute
  t[2] = {0.15, 0.7, 0.02, "grid", 0.0, 0.05, "police", false, "general", 1.5};
  // environment / sanitation
  t[3] = {0.3, 0.5, 0.0, "grid", 0.3, 0.1, "urban_management", true, "general", 1.0};
  // safety / fire risk
  t[4] = {0.08, 0.3, 0.2, "grid", 0.05, 0.3, "fire", true, "utility", 1.0};
  // livelihood / care need
  t[5] = {0.12, 0.6, 0.05, "grid", 0.0, 0.02, "market_regulation", false, "complex", 2.0};
  return t;
}

const schema::Schema<ScenarioSpec>& scenario_schema() {
  static const schema::Schema<ScenarioSpec> s = build();
  return s;
}

std::size_t deadline_class_index(const std::string& name) {
  return static_cast<std::size_t>(std::find(kDeadlineClasses.begin(), kDeadlineClasses.end(), name) - kDeadlineClasses.begin());
}
std::size_t department_index(const std::string& name) {
  return static_cast<std::size_t>(std::find(kDepartmentNames.begin(), kDepartmentNames.end(), name) - kDepartmentNames.begin());
}

}  // namespace gridgov::models
