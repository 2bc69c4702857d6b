#pragma once
/// \file
/// Party members ("1+10+N"): members live among the households (spread evenly over their
/// community), are linked to the nearest households up to party.households_per_member (by
/// default about 1 / members_per_household, so that every household has one), visit them
/// (retired any day, in-service on weekend evenings, mobile members a share of visits),
/// mediate minor issues on the spot and take dispatched orders (群众点单、社区派单、党员接单).
///
/// Every member has one monthly budget, party.hours_per_month: visits (with walking) come first
/// and are dropped beyond it; what is left, times the member's effort, is the member's spare time
/// this month, from which each mediation (grid.mediate_hours) and each order
/// (party.orders.work_hours) is paid. A member without spare time neither mediates nor takes
/// orders. So more members per household means more visits paid for (where the budget binds) and
/// more spare time for orders; fewer means visits dropped and no orders.
/// Buys: issues found before the resident reports them (unreported needs only so), on-the-spot
/// mediation, order capacity that relieves busy grid workers. Costs: members' unpaid hours
/// (staff_hours_used_party_member). Parameters: party.*.
#include <cstdint>
#include <span>
#include <vector>

#include "models/lifecycle/Lifecycle.hpp"
#include "models/mechanisms/DetectionQuery.hpp"
#include "models/mechanisms/Visiting.hpp"
#include "models/mechanisms/households/Households.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

class PartyMembers {
 public:
  /// Buildings of the community's members under the current policy (member k lives at household
  /// floor((k + 0.5) H / M) of the community, so members are spread evenly).
  static std::vector<std::uint32_t> plan(const Context& ctx, std::uint64_t first_household, std::uint64_t households);
  /// Install members, their household links (global member indices; `first_source` = this
  /// community's first) and walking hops; draws each member's kind and effort.
  void install(const Context& ctx, std::uint64_t first_household, std::vector<std::uint32_t> buildings,
               std::span<const std::uint32_t> link, std::span<const std::uint16_t> hops, std::uint32_t first_source,
               Households& hh);

  /// Detector: the linked member's visit offer (when a visit would find the issue).
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const PartyRuntime& P = q.ctx.policy->party;
    const std::uint32_t m = q.households[q.household].member;
    if (!P.party || m == Households::kNone) return;
    const Hot& mh = q.members.member_[m];
    double t = visiting::detect_time(q.t_from, P.member_period_h, visiting::phase_of(q.phase_key ^ (q.household_global * 4 + 1)),
                                     mh.pvisit, mh.log1mp, q.uniform(slot), P.poisson_visits, best.time);
    if (mh.kind == kInService && std::isfinite(t) && !P.poisson_visits) t = visiting::to_weekend(t);
    best.consider(t, byte_of(Found::MemberVisit));
  }
  /// Spend `hours` of member m's spare time in the month `month` (false: not enough left).
  bool spend(std::uint32_t m, double hours, std::uint32_t month) {
    if (m >= spare_.size()) return false;
    if (month_[m] != month) {
      month_[m] = month;
      spare_[m] = spare_per_month_[m];
    }
    if (spare_[m] < hours) return false;
    spare_[m] -= static_cast<float>(hours);
    return true;
  }
  /// The first of `search` members, starting with `first` and going on to its neighbours
  /// (members are numbered along the community), that can spend `hours` this month; kNone if none.
  std::uint32_t find_spare(std::uint32_t first, std::uint32_t search, double hours, std::uint32_t month) {
    const auto M = static_cast<std::uint32_t>(spare_.size());
    for (std::uint32_t k = 0; k < search && k < M; ++k) {
      const std::uint32_t m = (first + k) % M;
      if (spend(m, hours, month)) return m;
    }
    return Households::kNone;
  }
  /// Address of member m's hot record, for prefetching (m may be out of range: then nullptr).
  const void* address(std::uint32_t m) const { return m < member_.size() ? &member_[m] : nullptr; }

  std::uint32_t members() const { return static_cast<std::uint32_t>(building_.size()); }
  std::uint32_t central_members() const { return central_; }
  /// Visiting hours used per month (mediation and orders are counted as they happen).
  double hours_used_per_month() const { return hours_used_; }
  double hours_available_per_month() const { return hours_available_; }

 private:
  static constexpr std::uint8_t kRetired = 0, kInService = 1, kMobile = 2;
  /// What detection planning reads about a member, in one 16-byte record (one cache miss).
  struct Hot {
    double log1mp;      ///< log(1 - pvisit), for the geometric number of visits
    float pvisit;       ///< per-visit detection probability, all factors in
    std::uint8_t kind;  ///< kRetired, kInService, kMobile
  };
  static_assert(sizeof(Hot) == 16);
  std::vector<std::uint32_t> building_;
  std::vector<Hot> member_;
  std::vector<float> effort_;
  std::vector<float> spare_per_month_;  ///< effort x (budget - visiting hours)
  std::vector<float> spare_;            ///< left in month month_[m]
  std::vector<std::uint32_t> month_;
  std::uint32_t central_ = 0;
  double hours_used_ = 0, hours_available_ = 0;  ///< per month
};

}  // namespace gridgov::models
