#pragma once
/// \file
/// Governance building leads (治理楼长): one per leads.households_per_lead households, walking
/// their households leads.walks_per_week times a week and settling minor issues on the spot.
/// Each lead gives leads.hours_per_week; a walk takes minutes_per_household x the lead's
/// households, and walks may take 80% of the hours (walks per week = min(planned, that)), so
/// fewer households per lead means more walks. What the walks leave, (hours_per_week - walking
/// hours) x 730/168 a month, pays for on-the-spot mediation (grid.mediate_hours each) from a
/// balance per lead and 730-h month, as members' spare time does: a lead without the hours does
/// not mediate and the issue goes on to the grid. Buys: issues found by walks, on-the-spot
/// mediation. Costs: leads' unpaid hours (staff_hours_*_building_lead). Parameters: leads.*.
#include <cstdint>
#include <vector>

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
  /// Each lead's mediation hours left in the current month (per community; a lead is a run of
  /// households_per_lead households along the community).
  class Hours {
   public:
    /// Spend `hours` of the spare time of the lead of local household `household` in month
    /// `month` (false: not enough left; the lead does not mediate).
    bool spend(const Runtime& P, std::uint64_t household, double hours, std::uint32_t month) {
      const auto lead = static_cast<std::size_t>(household / P.leads.households_per_lead);
      if (lead >= spare_.size()) {  // first use of this lead (or more leads after a policy change)
        spare_.resize(lead + 1, 0.0f);
        month_.resize(lead + 1, kNoMonth);
      }
      if (month_[lead] != month) {
        month_[lead] = month;
        spare_[lead] = static_cast<float>(P.leads.spare_hours_per_month);
      }
      if (spare_[lead] < hours) return false;
      spare_[lead] -= static_cast<float>(hours);
      return true;
    }

   private:
    static constexpr std::uint32_t kNoMonth = 0xFFFFFFFFu;
    std::vector<float> spare_;
    std::vector<std::uint32_t> month_;
  };

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
