#include "models/mechanisms/party_members/Params.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/lifecycle/Issue.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void PartyParams::declare(Section<ScenarioSpec, PartyParams> s) {
  s.add(Flag("party.enabled", "Party members visit, mediate and take orders."), &PartyParams::party_enabled);
  s.add(P("party.members_per_household", Kind::Real, "members/household", 0, 10,
          "Party members per household (0.1 = one per ten households).", kS003, true),
        &PartyParams::members_per_household);
  s.add(P("party.members_per_central", Kind::Int, "", 1, 1000,
          "Members linked to each central-household member (the '10' in 1+10+N).", kS003),
        &PartyParams::members_per_central);
  s.add(P("party.households_per_member", Kind::Int, "", 0, 100000,
          "Households linked to each member, nearest first (the 'N' in 1+10+N); 0 = about 1 / members_per_household, so "
          "that every household has a member.",
          kS003),
        &PartyParams::households_per_member);
  s.add(Share("party.kinds.retired", "Share of retired members (visit any day)."), &PartyParams::share_retired);
  s.add(Share("party.kinds.in_service",
              "Share of in-service members: with periodic visits, a weekday visit that would find an issue is moved to the "
              "weekend evening.",
              kS002),
        &PartyParams::share_in_service);
  s.add(Share("party.kinds.mobile", "Share of mobile members (do only party.mobile_visit_share of their visits).", kS002),
        &PartyParams::share_mobile);
  s.add(P("party.kinds.retired_hours_factor", Kind::Real, "", 0, 10,
          "A retired member's monthly hours, as a multiple of party.hours_per_month."),
        &PartyParams::hours_factor_retired);
  s.add(P("party.kinds.in_service_hours_factor", Kind::Real, "", 0, 10,
          "An in-service member's monthly hours, as a multiple of party.hours_per_month (evenings and weekends only)."),
        &PartyParams::hours_factor_in_service);
  s.add(P("party.kinds.mobile_hours_factor", Kind::Real, "", 0, 10,
          "A mobile (migrant) member's monthly hours, as a multiple of party.hours_per_month.", kS002),
        &PartyParams::hours_factor_mobile);
  s.add(P("party.visits_per_month", Kind::Real, "visits/household/month", 0, 100,
          "Visits by the linked member to each linked household per month.", kS002, true),
        &PartyParams::member_visits_per_month);
  s.add(
      Choice(
          "party.visit_timing", {"periodic", "poisson"},
          "Visits on a fixed schedule with a per-household phase, or as a Poisson process of the same rate (queue-theory mode)."),
      &PartyParams::visit_timing);
  s.add(Share("party.detect_prob", "Probability that one visit finds a latent issue.", "", true),
        &PartyParams::member_detect_prob);
  s.add(Share("party.mediate_prob", "Probability that a member settles a minor issue on the spot.", "", true),
        &PartyParams::member_mediate_prob);
  s.add(Share("party.effort_min",
              "Lowest member effort (share of scheduled visits done); efforts are uniform between min and max."),
        &PartyParams::member_effort_min);
  s.add(Share("party.effort_max", "Highest member effort."), &PartyParams::member_effort_max);
  s.add(Share("party.mobile_visit_share", "Share of visits a mobile member manages."), &PartyParams::mobile_visit_share);
  s.add(P("party.hours_per_month", Kind::Real, "hours", 0, 744,
          "Time a member gives per month, shared by visits (with walking), on-the-spot mediation and orders: visits come "
          "first (those beyond it are dropped), the rest is the member's spare time for mediation and orders.",
          kS003, true),
        &PartyParams::member_hours_per_month);
  s.add(P("party.visit_minutes", Kind::Real, "minutes", 0, 600, "Length of one visit, walking excluded."),
        &PartyParams::visit_minutes);
  s.add(Flag("party.points.enabled", "Points system (积分): raises each member's effort toward 1.", true),
        &PartyParams::points_enabled);
  s.add(Share("party.points.effort_gain", "Share of the gap to full effort that points close.", kS003, true),
        &PartyParams::points_effort_gain);
  s.add(Flag("party.orders.enabled",
             "Residents order, community dispatches, party members take the order (群众点单、社区派单、党员接单)."),
        &PartyParams::orders_enabled);
  s.add(Share("party.orders.share",
              "Share of suitable cases (ordinary, not urgent, not the firm's) that find the grid backlogged (every worker "
              "busy and at least as many cases waiting as workers) and are put on the order board for party members.",
              "seeds/004_bb17891a7f0bf00e.txt", true),
        &PartyParams::orders_share);
  s.add(P("party.orders.work_hours", Kind::Real, "hours", 0, 744,
          "Hours of a member's spare time one order takes; a member whose spare time this month is less does not take it."),
        &PartyParams::orders_work_hours);
  s.add(P("party.orders.search", Kind::Int, "members", 1, 1000,
          "Members asked in turn for an order: the household's own member, then the next members in the community's "
          "order (members are spread evenly over the community's households, so these live nearby); if none has the "
          "spare time the case stays with the grid."),
        &PartyParams::orders_search);
  s.add(
      Share("party.orders.success_prob", "Probability a member resolves a dispatched case (else it returns to the grid queue)."),
      &PartyParams::orders_success_prob);
  s.add(Dist("party.orders.time", "days", "Time a member takes on a dispatched case."), &PartyParams::orders_time);
}

PartyRuntime PartyRuntime::derive(const PartyParams& s) {
  PartyRuntime r{};
  r.party = s.party_enabled && s.members_per_household > 0;
  r.members_per_household = s.members_per_household;
  r.members_per_central = static_cast<std::uint32_t>(s.members_per_central);
  r.households_per_member =
      s.households_per_member > 0
          ? static_cast<std::uint32_t>(s.households_per_member)
          : (s.members_per_household > 0 ? static_cast<std::uint32_t>(std::max(1.0, std::round(1.0 / s.members_per_household)))
                                         : 0u);
  r.kind_cumulative = {s.share_retired, s.share_retired + s.share_in_service, 1.0};
  r.kind_hours = {s.hours_factor_retired, s.hours_factor_in_service, s.hours_factor_mobile};
  r.member_period_h =
      s.member_visits_per_month > 0 ? kHoursPerMonth / s.member_visits_per_month : std::numeric_limits<double>::infinity();
  r.poisson_visits = s.visit_timing == "poisson";
  r.member_detect = s.member_detect_prob;
  r.member_mediate = s.member_mediate_prob;
  r.effort_min = s.member_effort_min;
  r.effort_max = s.member_effort_max;
  r.mobile_share = s.mobile_visit_share;
  r.member_hours_month = s.member_hours_per_month;
  r.visit_minutes = s.visit_minutes;
  r.points = s.points_enabled;
  r.points_gain = s.points_effort_gain;
  r.orders = s.orders_enabled && r.party;
  r.orders_board = s.orders_enabled;
  r.orders_share = s.orders_share;
  r.orders_success = s.orders_success_prob;
  r.orders_time = s.orders_time.to_hours();
  r.orders_work_hours = s.orders_work_hours;
  r.orders_search = static_cast<std::uint32_t>(s.orders_search);
  return r;
}

}  // namespace gridgov::models
