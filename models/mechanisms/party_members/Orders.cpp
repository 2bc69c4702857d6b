// "Residents order, community dispatches, party members take the order" (群众点单、社区派单、
// 党员接单): a suitable case (ordinary, not urgent, not the firm's) that finds its grid
// backlogged (every worker busy and as many cases waiting as workers; Community::route) goes,
// with probability party.orders.share, on the order board; the
// household's own member takes it if their spare time this month covers party.orders.work_hours,
// else the next of party.orders.search members along the community, else nobody and the case
// stays with the grid. The member takes party.orders.time (calendar time) and succeeds with
// party.orders.success_prob (else the case returns to the grid workers' line).
// Buys: grid-worker hours when the grid is backlogged (never a slower path when a worker is free).
// Costs: members' unpaid hours (work_hours per order, counted in staff_hours_used_party_member).
#include "models/world/Community.hpp"

namespace gridgov::models {

bool Community::take_order(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  const PartyRuntime& P = ctx_.policy->party;
  if (party_.members() == 0) return false;
  std::uint32_t first = hh_[is.household].member;
  if (first == Households::kNone)
    first = static_cast<std::uint32_t>((static_cast<std::uint64_t>(is.household) * party_.members()) / hh_count_);
  if (party_.find_spare(first, P.orders_search, P.orders_work_hours, month(t)) == Households::kNone) return false;
  if (t >= ctx_.warmup_h) order_hours_ += P.orders_work_hours;
  is.by = byte_of(By::MemberOrder);
  rng::Stream st = lc_.routing_stream(is);
  lc_.to_service(loop_, id, t + ctx_.policy->party.orders_time.sample(st) * ctx_.policy->households.types[is.type].work_factor,
                 kNoPool);
  return true;
}

bool Community::order_failed(std::uint32_t id) {
  rng::Stream s = lc_.routing_stream(lc_[id]);
  return s.uniform() >= ctx_.policy->party.orders_success;
}

}  // namespace gridgov::models
