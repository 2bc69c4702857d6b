#include "models/world/District.hpp"

#include <algorithm>
#include <cmath>

namespace gridgov::models {

District::District(const Context& ctx, std::vector<std::uint64_t> firm_households)
    : firms_(ctx, std::move(firm_households)), departments_(ctx) {}

void District::process(double t_end, std::vector<Community>& communities) {
  departments_.warmup_over(t_end);
  incoming_.clear();
  for (std::uint32_t p = 0; p < communities.size(); ++p) {
    auto& out = communities[p].outbox();
    for (const Message& m : out) incoming_.push_back({m, p});
    out.clear();
  }
  // Each outbox is in time order; a stable sort by time keeps (community, order sent) for ties.
  std::stable_sort(incoming_.begin(), incoming_.end(),
                   [](const Incoming& a, const Incoming& b) { return a.msg.time < b.msg.time; });
  std::size_t next = 0;
  for (;;) {
    const double t_msg = next < incoming_.size() ? incoming_[next].msg.time : INFINITY;
    const double t_done = departments_.next_completion();
    if (t_done <= t_msg && t_done < t_end) {
      const auto [k, t] = departments_.complete();
      communities[k.community].deliver_department_done(t, k.issue);
      continue;
    }
    if (next >= incoming_.size()) break;
    const Incoming& in = incoming_[next++];
    const Message& m = in.msg;
    if (m.kind == MessageKind::Complaint) {
      // 12345 logs the complaint and forwards it as a forced dispatch.
      ++hotline_contacts_;
      communities[in.community].deliver_dispatch(m.time + m.delay, m.issue);
      continue;
    }
    departments_.take(
        m.time, DistrictDepartments::Case{in.community, m.issue, m.household, m.issue_index, m.step, m.department, m.counted});
  }
}

namespace {
/// Firm f's complaints so far, over every community.
auto firm_complaints_of(std::vector<Community>& communities) {
  return [&communities](std::size_t f) {
    std::uint64_t n = 0;
    for (auto& c : communities) n += c.firm_complaints()[f];
    return n;
  };
}
}  // namespace

void District::review(double t_end, std::vector<Community>& communities) {
  firms_.review(t_end, firm_complaints_of(communities));
}

void District::finish(double horizon, std::vector<Community>& communities) {
  departments_.finish(horizon);
  firms_.finish(horizon, firm_complaints_of(communities));
}

void District::apply_policy(double t) {
  departments_.apply_policy(t);
  firms_.apply_policy();
}

}  // namespace gridgov::models
