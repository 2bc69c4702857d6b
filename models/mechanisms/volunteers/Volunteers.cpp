#include "models/mechanisms/volunteers/Volunteers.hpp"

#include <algorithm>
#include <cmath>

#include "models/geography/Geography.hpp"
#include "models/mechanisms/DetectionQuery.hpp"
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void VolunteersParams::declare(Section<ScenarioSpec, VolunteersParams> s) {
  s.add(Flag("volunteers.enabled",
             "Neighbourhood volunteers (the 'N' of 1+10+N) walk their building and report what they see to the grid."),
        &VolunteersParams::enabled);
  s.add(P("volunteers.per_household", Kind::Real, "volunteers/household", 0, 10,
          "Volunteers per household (0.05 = one per twenty households); an assumption to calibrate.", kS001, true),
        &VolunteersParams::per_household);
  s.add(P("volunteers.walks_per_week", Kind::Real, "walks/week", 0, 100,
          "Planned walks past every household of the building per week.", "", true),
        &VolunteersParams::walks_per_week);
  s.add(P("volunteers.minutes_per_household", Kind::Real, "minutes", 0.01, 600, "Time one walk spends per household."),
        &VolunteersParams::minutes_per_household);
  s.add(P("volunteers.hours_per_month", Kind::Real, "hours", 0, 744,
          "Unpaid time each volunteer gives per month; walks beyond it are not done.", "", true),
        &VolunteersParams::hours_per_month);
  s.add(Share("volunteers.detect_prob",
              "Probability that one walk finds a latent issue of a household it passes (at full coverage).", "", true),
        &VolunteersParams::detect_prob);
  schema::ParamInfo orders = Flag("volunteers.take_orders",
                                  "Volunteers take orders (party.orders.*) that no party member has spare time for, from the "
                                  "hours they give beyond their walks (pooled per community and month; needs "
                                  "party.orders.enabled).");
  orders.source = kS004;
  s.add(std::move(orders), &VolunteersParams::take_orders);
}

VolunteersRuntime VolunteersRuntime::derive(const VolunteersParams& p) {
  VolunteersRuntime r;
  r.enabled = p.enabled && p.per_household > 0 && p.walks_per_week > 0;
  const double given_h = p.per_household * p.hours_per_month;  // per household and month
  if (!r.enabled) {
    // Volunteers who do not walk may still take orders with all their hours.
    r.order_hours_per_household_month = p.enabled && p.take_orders ? std::max(0.0, given_h) : 0.0;
    r.orders = r.order_hours_per_household_month > 0;
    return r;
  }
  constexpr double kWeeksPerMonth = 730.0 / 168.0;
  const double needed_h = p.minutes_per_household * p.walks_per_week * kWeeksPerMonth / 60.0;  // per household and month
  r.period_h = 168.0 / p.walks_per_week;
  r.coverage = std::min(1.0, given_h / needed_h);
  r.pwalk = p.detect_prob * r.coverage;
  r.log1mp = std::log1p(-r.pwalk);
  r.unpaid_hours_per_household_month = r.coverage * needed_h;
  r.order_hours_per_household_month = p.take_orders ? std::max(0.0, given_h - r.unpaid_hours_per_household_month) : 0.0;
  r.orders = r.order_hours_per_household_month > 0;
  return r;
}

void Volunteers::offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
  const VolunteersRuntime& V = q.ctx.policy->volunteers;
  if (!V.enabled || !(V.pwalk > 0)) return;
  // The household's building keys the walk's phase (volunteers walk a building together); the
  // salt ("voluntee") keeps these phases apart from other walkers'.
  constexpr std::uint64_t kPhaseSalt = 0x766F6C756E746565ull;
  const auto& first = q.ctx.geo->building_first_household;
  const auto building =
      static_cast<std::uint64_t>(std::upper_bound(first.begin(), first.end(), q.household_global) - first.begin() - 1);
  best.consider(visiting::detect_time(q.t_from, V.period_h, visiting::phase_of(q.phase_key ^ kPhaseSalt ^ building), V.pwalk,
                                      V.log1mp, q.uniform(slot), q.ctx.policy->party.poisson_visits, best.time),
                byte_of(Found::VolunteerWalk));
}

}  // namespace gridgov::models
