#pragma once
/// \file
/// Deliberation (月月谈, the monthly talk): collective issues need the consent only a meeting
/// gives, so no handler may close one: they (and issue types handled by deliberation) wait for
/// the community's next meeting, held every deliberation.period_days; each pending issue is
/// settled with probability settle_prob x attendance (party members' attendance), else waits
/// again, and after deliberation.max_meetings meetings is whistled to urban management. A
/// complaint about a waiting issue brings the next meeting forward (deliberation.hasten_days)
/// if the community's rooms allow another meeting this month (rooms x meetings_per_room_month,
/// the regular one included). Without deliberation, collective issues stay unsettled.
/// Buys: settlement of issues no single handler may close. Costs: the wait until the meeting;
/// members' hours at meetings (a regular meeting: attendance x members x meeting_hours; one
/// brought forward: the central-household members only, central_members x meeting_hours). Outputs: meetings_held,
/// deliberation_brought, deliberation_settled, deliberation_yield. Parameters: deliberation.*.
/// The meeting handler is Community::on_meeting (Deliberation.cpp).
#include <cstdint>
#include <vector>

namespace gridgov::models {

/// Per-community state of the deliberation mechanism.
struct Deliberation {
  std::vector<std::uint32_t> pending;  ///< issue records on the meeting list (valid or stale)
  bool scheduled = false;              ///< a (valid) meeting event is in the queue
  bool hastened = false;               ///< the scheduled meeting was brought forward by a complaint
  double next_time = 0;                ///< when, if scheduled
  std::uint32_t generation = 0;        ///< meeting events carry it; a hastened meeting supersedes the one before
  std::uint32_t month = 0xFFFFFFFFu;   ///< the month of the last meeting held
  std::uint32_t held = 0;              ///< meetings held in that month
  double member_hours = 0;             ///< members' hours at meetings after the warm-up

  static constexpr std::uint32_t kGenerationMask = (1u << 27) - 1;  ///< fits an event's target
};

}  // namespace gridgov::models
