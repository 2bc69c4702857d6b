#include "models/mechanisms/building_leads/Params.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void LeadsParams::declare(Section<ScenarioSpec, LeadsParams> s) {
  s.add(Flag("leads.enabled", "Governance building leads (治理楼长) walk their buildings and mediate."),
        &LeadsParams::leads_enabled);
  s.add(
      P("leads.households_per_lead", Kind::Int, "", 1, 100000, "Households per building lead (Tianhe: one per 60).", kS001, true),
      &LeadsParams::households_per_lead);
  s.add(P("leads.walks_per_week", Kind::Real, "walks/week", 0, 100,
          "Walks of the lead's households per week the lead means to do; fewer are done when the lead's hours cannot pay for "
          "them.",
          "", true),
        &LeadsParams::lead_walks_per_week);
  s.add(P("leads.hours_per_week", Kind::Real, "hours/week", 0, 168,
          "Unpaid hours a building lead gives per week to walks and mediation.", "", true),
        &LeadsParams::hours_per_week);
  s.add(P("leads.minutes_per_household", Kind::Real, "minutes", 0, 600,
          "Minutes one walk spends per household (knocking, asking, walking on): walks per week = min(walks_per_week, "
          "0.8 x hours_per_week x 60 / (minutes_per_household x households_per_lead)), the rest of the hours kept for "
          "mediation."),
        &LeadsParams::minutes_per_household);
  s.add(Share("leads.detect_prob", "Probability that one walk finds a latent issue.", "", true), &LeadsParams::lead_detect_prob);
  s.add(Share("leads.mediate_prob", "Probability that a lead settles a minor issue on the spot.", "", true),
        &LeadsParams::lead_mediate_prob);
}

LeadsRuntime LeadsRuntime::derive(const LeadsParams& s) {
  LeadsRuntime r{};
  r.leads = s.leads_enabled;
  r.households_per_lead = static_cast<std::uint32_t>(s.households_per_lead);
  const double per_walk_h = s.minutes_per_household * static_cast<double>(s.households_per_lead) / 60.0;
  // Walks may take kWalkShare of the lead's hours; the rest is kept for mediation.
  r.walks_per_week =
      per_walk_h > 0 ? std::min(s.lead_walks_per_week, kWalkShare * s.hours_per_week / per_walk_h) : s.lead_walks_per_week;
  r.walk_hours_per_week = r.walks_per_week * per_walk_h;
  r.hours_per_week = s.hours_per_week;
  r.spare_hours_per_month = std::max(0.0, s.hours_per_week - r.walk_hours_per_week) * (730.0 / 168.0);
  r.lead_period_h = r.walks_per_week > 0 ? 168.0 / r.walks_per_week : std::numeric_limits<double>::infinity();
  r.lead_detect = s.lead_detect_prob;
  r.lead_mediate = s.lead_mediate_prob;
  r.lead_log1mp = std::log1p(-r.lead_detect);
  return r;
}

}  // namespace gridgov::models
