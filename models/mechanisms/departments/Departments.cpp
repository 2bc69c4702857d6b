// District departments, community side: "the grid blows the whistle, the departments report"
// (网格吹哨、部门报到). A whistled issue leaves the community as a message; the department's
// reply comes back as an event. District side: models/world/District.cpp (servers per
// department shared by all communities, response times). Buys: issues beyond community powers
// get resolved. Costs: department server hours (department_utilisation). Parameters:
// departments.<name>.*.
#include "models/world/Community.hpp"

namespace gridgov::models {

void Community::whistle(double t, std::uint32_t id, std::uint8_t department) {
  Issue& is = lc_[id];
  lc_.to_department(is);
  Message msg;
  msg.time = t;
  msg.issue = id;
  msg.household = static_cast<std::uint32_t>(lc_.household_global(is.household));
  msg.issue_index = is.index;
  msg.step = lc_.take_step(is);
  msg.kind = MessageKind::Whistle;
  msg.department = department;
  msg.counted = is.counted;
  outbox_.push_back(msg);
  lc_.expect_reply(id);  // the department will report back
}

void Community::on_dept_done(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  if (is.state != IssueState::AtDepartment) return;
  lc_.to_closing(is);
  close(t, id, ctx_.policy->grid.reopen_prob);
}

void Community::deliver_department_done(double time, std::uint32_t id) {
  loop_.schedule(std::max(time, loop_.now()), kinds().dept_done, id);
}

}  // namespace gridgov::models
