// "Residents order, community dispatches, party members take the order" (群众点单、社区派单、
// 党员接单): a share party.orders.share of grid cases goes to a party member, who takes
// party.orders.time on it and succeeds with party.orders.success_prob (else the case returns to
// the grid workers' line). Buys: grid-worker hours. Costs: members' unpaid hours (not yet
// budgeted: orders have no capacity limit in this version).
#include "models/world/Community.hpp"

namespace gridgov::models {

void Community::take_order(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  is.by = byte_of(By::MemberOrder);
  rng::Stream st = lc_.routing_stream(is);
  lc_.to_service(loop_, id, t + ctx_.policy->party.orders_time.sample(st) * ctx_.policy->households.types[is.type].work_factor,
                 kNoPool);
}

bool Community::order_failed(std::uint32_t id) {
  rng::Stream s = lc_.routing_stream(lc_[id]);
  return s.uniform() >= ctx_.policy->party.orders_success;
}

}  // namespace gridgov::models
