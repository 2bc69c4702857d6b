#include "models/mechanisms/microgrids/Microgrids.hpp"

#include <cmath>

#include "models/geography/Geography.hpp"
#include "models/mechanisms/DetectionQuery.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "models/world/Runtime.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void MicrogridsParams::declare(Section<ScenarioSpec, MicrogridsParams> s) {
  s.add(Flag("microgrids.enabled",
             "Micro-grid leads (微网格) walk their micro-grid's households and report what they find; micro-grids come "
             "from geography.buildings_per_microgrid or the buildings CSV's microgrid column."),
        &MicrogridsParams::enabled);
  s.add(Choice("microgrids.lead_from", {"members", "leads"},
               "Who leads a micro-grid: party members (an issue they find is mediated with party.mediate_prob; needs "
               "party members) or building leads (leads.mediate_prob; needs leads.enabled).",
               true),
        &MicrogridsParams::lead_from);
  s.add(P("microgrids.hours_per_week", Kind::Real, "hours", 0, 168,
          "Unpaid time each micro-grid lead gives per week; it decides how often the lead can walk the micro-grid.", "", true),
        &MicrogridsParams::hours_per_week);
  s.add(P("microgrids.minutes_per_household", Kind::Real, "minutes", 0.01, 600,
          "Time one walk spends per household of the micro-grid."),
        &MicrogridsParams::minutes_per_household);
  s.add(P("microgrids.walks_per_week", Kind::Real, "walks/week", 0, 100,
          "Most walks of the micro-grid per week (walks the hours would pay for beyond it are not done).", "", true),
        &MicrogridsParams::walks_per_week);
  s.add(Share("microgrids.detect_prob", "Probability that one walk finds a latent issue of a household it passes.", kS004, true),
        &MicrogridsParams::detect_prob);
}

MicrogridsRuntime MicrogridsRuntime::derive(const MicrogridsParams& p) {
  MicrogridsRuntime r;
  r.enabled = p.enabled && p.hours_per_week > 0 && p.walks_per_week > 0;
  r.from_members = p.lead_from != "leads";
  if (!r.enabled) return r;
  r.hours_per_week = p.hours_per_week;
  r.minutes_per_household = p.minutes_per_household;
  r.max_walks_per_week = p.walks_per_week;
  r.pwalk = p.detect_prob;
  r.log1mp = std::log1p(-r.pwalk);
  return r;
}

bool Microgrids::staffed(const Runtime& P) {
  return P.microgrids.enabled && (P.microgrids.from_members ? P.party.party : P.leads.leads);
}

void Microgrids::offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
  const Runtime& P = *q.ctx.policy;
  const MicrogridsRuntime& M = P.microgrids;
  if (!staffed(P) || !(M.pwalk > 0)) return;
  // The household's micro-grid keys the walk's phase (one lead walks it); the salt ("microgri")
  // keeps these phases apart from other walkers'. Household counts come from the geography.
  constexpr std::uint64_t kPhaseSalt = 0x6D6963726F677269ull;
  const Geography& g = *q.ctx.geo;
  const std::uint32_t m = g.microgrid_of_household(static_cast<std::uint32_t>(q.grid_global), q.household_global);
  const double period_h = 168.0 / M.walks_per_week(g.microgrid_households(m));
  best.consider(visiting::detect_time(q.t_from, period_h, visiting::phase_of(q.phase_key ^ kPhaseSalt ^ m), M.pwalk, M.log1mp,
                                      q.uniform(slot), P.party.poisson_visits, best.time),
                byte_of(Found::MicrogridWalk));
}

Microgrids::Week Microgrids::week(const Runtime& P, const Geography& g) {
  Week w;
  if (!staffed(P)) return w;
  const MicrogridsRuntime& M = P.microgrids;
  w.leads = g.microgrids;
  w.hours_available = M.hours_per_week * static_cast<double>(g.microgrids);
  for (std::uint32_t m = 0; m < g.microgrids; ++m) {
    const std::uint64_t households = g.microgrid_households(m);
    w.hours_used += M.walks_per_week(households) * M.minutes_per_household * static_cast<double>(households) / 60.0;
  }
  return w;
}

}  // namespace gridgov::models
