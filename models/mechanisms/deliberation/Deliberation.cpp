#include "models/mechanisms/deliberation/Deliberation.hpp"

#include "models/world/Community.hpp"

namespace gridgov::models {

void Community::schedule_meeting(double t) {
  Deliberation& d = deliberation_;
  d.generation = (d.generation + 1) & Deliberation::kGenerationMask;
  d.scheduled = true;
  d.hastened = false;
  d.next_time = t;
  loop_.schedule(t, kinds().meeting, d.generation);
}

void Community::hasten_meeting(double t) {
  const DeliberationRuntime& D = ctx_.policy->deliberation;
  Deliberation& d = deliberation_;
  if (!D.deliberation) return;
  const double when = t + D.hasten_h;
  if (d.scheduled && d.next_time <= when) return;
  const std::uint32_t held = d.month == month(when) ? d.held : 0;
  if (static_cast<double>(held) + 1.0 < D.meetings_per_month) {
    schedule_meeting(when);
    d.hastened = true;
  }
}

void Community::on_meeting(double t, std::uint32_t generation) {
  const Runtime& P = *ctx_.policy;
  Deliberation& d = deliberation_;
  if (generation != d.generation) return;  // superseded by a hastened meeting
  d.scheduled = false;
  std::vector<std::uint32_t>& list = d.pending;
  if (!P.deliberation.deliberation) {
    // The meeting was abolished: issue types handled by deliberation go to the grid workers;
    // collective issues stay on the list, unsettled (no handler may close them without consent).
    std::size_t keep = 0;
    for (std::uint32_t id : list) {
      Issue& is = lc_[id];
      if (is.state == IssueState::AtMeeting && is.nature == Nature::Collective) {
        list[keep++] = id;
        continue;
      }
      lc_.unlisted(is);
      if (is.state == IssueState::AtMeeting) {
        is.by = byte_of(By::GridWorker);
        to_pool(t, id, PoolKind::Workers);
      } else {
        lc_.release_if_unreferenced(id);
      }
    }
    list.resize(keep);
    return;
  }
  if (d.month != month(t)) d.month = month(t), d.held = 0;
  ++d.held;
  if (t >= ctx_.warmup_h)
    d.member_hours += (d.hastened ? static_cast<double>(party_.central_members())
                                  : static_cast<double>(party_.members()) * P.deliberation.attendance) *
                      P.deliberation.meeting_hours;
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
    random::Stream s = lc_.routing_stream(is);
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
  schedule_meeting(t + P.deliberation.meeting_period_h);
}

}  // namespace gridgov::models
