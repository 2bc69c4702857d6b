// "Residents order, community dispatches, party members take the order" (群众点单、社区派单、
// 党员接单): a suitable case (ordinary, not urgent, not the firm's) that finds its grid
// backlogged (every worker busy and as many cases waiting as workers; Community::route) goes,
// with probability party.orders.share, on the order board; the
// household's own member takes it if their spare time this month covers party.orders.work_hours,
// else the next of party.orders.search members along the community, else (volunteers.take_orders)
// the community's volunteers if their order hours this month cover it, else nobody and the case
// stays with the grid. The member takes party.orders.time (calendar time) and succeeds with
// party.orders.success_prob (else the case returns to the grid workers' line).
// Buys: grid-worker hours when the grid is backlogged (never a slower path when a worker is free).
// Costs: members' unpaid hours (work_hours per order, counted in staff_hours_used_party_member).
#include "models/world/Community.hpp"

namespace gridgov::models {

bool Community::take_order(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  const Runtime& R = *ctx_.policy;
  const PartyRuntime& P = R.party;
  By by = By::MemberOrder;
  bool taken = false;
  if (P.orders && party_.members() > 0) {
    std::uint32_t first = hh_[is.household].member;
    if (first == Households::kNone)
      first = static_cast<std::uint32_t>((static_cast<std::uint64_t>(is.household) * party_.members()) / hh_count_);
    taken = party_.find_spare(first, P.orders_search, P.orders_work_hours, month(t)) != Households::kNone;
  }
  if (!taken && R.volunteers.orders && volunteers_spend(t, P.orders_work_hours)) {
    by = By::VolunteerOrder;
    taken = true;
  }
  if (!taken) return false;
  if (t >= ctx_.warmup_h) (by == By::MemberOrder ? member_order_hours_ : volunteer_order_hours_) += P.orders_work_hours;
  is.by = byte_of(by);
  random::Stream st = lc_.routing_stream(is);
  lc_.to_service(loop_, id, t + P.orders_time.sample(st) * R.households.types[is.type].work_factor, kNoPool);
  return true;
}

bool Community::volunteers_spend(double t, double hours) {
  const std::uint32_t m = month(t);
  if (volunteer_month_ != m) {
    volunteer_month_ = m;
    volunteer_spare_ = static_cast<double>(hh_count_) * ctx_.policy->volunteers.order_hours_per_household_month;
  }
  if (volunteer_spare_ < hours) return false;
  volunteer_spare_ -= hours;
  return true;
}

bool Community::order_failed(std::uint32_t id) {
  random::Stream s = lc_.routing_stream(lc_[id]);
  return s.uniform() >= ctx_.policy->party.orders_success;
}

}  // namespace gridgov::models
