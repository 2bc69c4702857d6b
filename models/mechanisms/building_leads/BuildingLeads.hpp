#pragma once
/// \file
/// Governance building leads (治理楼长): one per leads.households_per_lead households, walking
/// their households leads.walks_per_week times a week and settling minor issues on the spot.
/// Each lead gives leads.hours_per_week; a walk takes minutes_per_household x the lead's
/// households, and walks may take 80% of the hours (walks per week = min(planned, that)), so
/// fewer households per lead means more walks. Mediation hours are counted as used but not
/// capped. Buys: issues found by walks, on-the-spot mediation. Costs: leads' unpaid hours
/// (staff_hours_*_building_lead). Parameters: leads.*.
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/mechanisms/DetectionQuery.hpp"
#include "models/mechanisms/Visiting.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct BuildingLeads {
  /// Leads of a community of `households` households.
  static std::uint32_t count(const Runtime& P, std::uint64_t households) {
    if (!P.leads.leads) return 0;
    return static_cast<std::uint32_t>((households + P.leads.households_per_lead - 1) / P.leads.households_per_lead);
  }
  /// Detector: the lead's walk offer for the issue.
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const Runtime& P = *q.ctx.policy;
    if (!P.leads.leads) return;
    const std::uint64_t lead = (static_cast<std::uint64_t>(q.community) << 32) | (q.household / P.leads.households_per_lead);
    best.consider(
        visiting::detect_time(q.t_from, P.leads.lead_period_h, visiting::phase_of(q.phase_key ^ (lead * 4 + 2)),
                              P.leads.lead_detect, P.leads.lead_log1mp, q.uniform(slot), P.party.poisson_visits, best.time),
        byte_of(Found::LeadWalk));
  }
};

}  // namespace gridgov::models
