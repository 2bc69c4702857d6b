#pragma once
/// \file
/// Deliberation (月月谈, the monthly talk): collective issues (and issue types handled by
/// deliberation) wait for the community's next meeting, held every deliberation.period_days;
/// each pending issue is settled with probability settle_prob x min(1, attendance / quorum),
/// else waits again, and after deliberation.max_meetings meetings is whistled to urban
/// management. Buys: settlement of issues no single handler may close. Costs: the wait until the
/// meeting (meetings_held counts them). Parameters: deliberation.*. The meeting handler is
/// Community::on_meeting (Deliberation.cpp).
#include <cstdint>
#include <vector>

namespace gridgov::models {

/// Per-community state of the deliberation mechanism.
struct Deliberation {
  std::vector<std::uint32_t> pending;  ///< issue records on the meeting list (valid or stale)
  bool scheduled = false;              ///< a meeting event is in the queue
};

}  // namespace gridgov::models
