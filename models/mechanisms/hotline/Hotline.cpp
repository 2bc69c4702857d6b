// The 12345 hotline, community side: a resident whose patience runs out complains (repeats
// count, up to households.max_complaints); the complaint goes to the district as a message and
// comes back as a forced dispatch that puts the case first in line (or sends it to its
// department). District side: models/world/District.cpp forwards complaints after
// hotline.forward_delay. Buys: a backstop that forces attention. Costs: complaints (the
// outcome analysts watch) and hotline staff time (not modelled). Parameters: hotline.*,
// households.patience, households.max_complaints, households.complain_when.
#include "models/mechanisms/property_firms/PropertyFirms.hpp"
#include "models/world/Community.hpp"

namespace gridgov::models {

void Community::on_patience(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  is.armed = false;
  if (is.state == IssueState::Resolved) return;
  const Runtime& P = *ctx_.policy;
  is.t_complain = Lifecycle::kInf;
  if (is.complaints >= P.households.max_complaints) return;
  if (P.households.complain_unstarted) {
    // Queue-theory mode: complain only while nobody has started; the case leaves the line.
    if (is.state == IssueState::Waiting) {
      if (P.hotline.hotline) {
        pools_[is.pool].remove_waiting(t);
        lc_.to_hotline(is);
      }
      complain(t, id);
    } else if (is.state == IssueState::AtMeeting) {
      if (P.hotline.hotline) lc_.to_hotline(is);
      complain(t, id);
    } else {
      return;
    }
  } else {
    complain(t, id);
  }
  if (P.households.repeat_patience > 0 && is.complaints < P.households.max_complaints)
    is.t_complain = t + static_cast<double>(is.patience) * P.households.repeat_patience;
}

void Community::complain(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  const Runtime& P = *ctx_.policy;
  lc_.complained(is, day());
  hh_.after_complaint(P, is.household);
  if (PropertyFirms::handles(P, is)) ++firm_complaints_[PropertyFirms::firm_of_grid(grid0_ + is.grid, ctx_.firm_count)];
  if (!P.hotline.hotline) return;
  random::Stream s = lc_.routing_stream(is);
  Message msg;
  msg.time = t;
  msg.issue = id;
  msg.household = static_cast<std::uint32_t>(lc_.household_global(is.household));
  msg.issue_index = is.index;
  msg.kind = MessageKind::Complaint;
  msg.delay = P.hotline.forward_delay.sample(s);
  msg.to_department = P.hotline.dispatch_to_department;
  msg.department = P.households.types[is.type].department;
  outbox_.push_back(msg);
  lc_.expect_reply(id);  // the forced dispatch will come back
}

void Community::on_dispatch(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  lc_.dispatched(is);
  const Runtime& P = *ctx_.policy;
  switch (is.state) {
    case IssueState::WithHotline:
      route(t, id, Role::Dispatch);
      break;
    case IssueState::AtMeeting:
      // Consent still needs the meeting: the complaint brings it forward instead.
      hasten_meeting(t);
      break;
    case IssueState::Waiting:
      if (P.hotline.dispatch_to_department) {
        pools_[is.pool].remove_waiting(t);
        is.pool = kNoPool;
        route(t, id, Role::Dispatch);
      } else {
        pools_[is.pool].promote(id);
        lc_.line_entry_added(id);
      }
      break;
    default:
      break;  // latent, in service, at a department, in follow-up or resolved: nothing to speed up
  }
}

void Community::deliver_dispatch(double time, std::uint32_t id) {
  loop_.schedule(std::max(time, loop_.now()), kinds().dispatch, id);
}

}  // namespace gridgov::models
