#include "models/mechanisms/deliberation/Deliberation.hpp"

#include "models/world/Community.hpp"

namespace gridgov::models {

void Community::on_meeting(double t, std::uint32_t) {
  const Runtime& P = *ctx_.policy;
  deliberation_.scheduled = false;
  std::vector<std::uint32_t>& list = deliberation_.pending;
  if (!P.deliberation.deliberation) {
    // The meeting was abolished: pending issues go to the grid workers.
    for (std::uint32_t id : list) {
      Issue& is = lc_[id];
      lc_.unlisted(is);
      if (is.state == IssueState::AtMeeting) {
        is.by = byte_of(By::GridWorker);
        to_pool(t, id, PoolKind::Workers);
      } else {
        lc_.release_if_unreferenced(id);
      }
    }
    list.clear();
    return;
  }
  lc_.observers().meeting_held();
  std::size_t keep = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::uint32_t id = list[i];
    Issue& is = lc_[id];
    if (is.state != IssueState::AtMeeting) {
      lc_.unlisted(is);
      lc_.release_if_unreferenced(id);
      continue;
    }
    rng::Stream s = lc_.routing_stream(is);
    if (s.uniform() < P.deliberation.settle_prob_effective) {
      lc_.unlisted(is);
      lc_.to_closing(is);
      is.by = byte_of(By::Deliberation);
      lc_.settled(is);
      close(t, id, P.grid.reopen_prob);
    } else if (++is.meetings >= P.deliberation.max_meetings) {
      lc_.unlisted(is);
      whistle(t, id, kDeptUrbanManagement);
    } else {
      list[keep++] = id;
    }
  }
  list.resize(keep);
  loop_.schedule(t + P.deliberation.meeting_period_h, kinds().meeting, 0);
  deliberation_.scheduled = true;
}

}  // namespace gridgov::models
