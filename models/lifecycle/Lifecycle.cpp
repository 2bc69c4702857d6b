#include "models/lifecycle/Lifecycle.hpp"

#include "models/world/Community.hpp"

namespace gridgov::models {

void Lifecycle::init(const RunKeys& keys, std::uint64_t first_household, std::size_t expected_records, Kinds kinds) {
  keys_ = keys;
  hh0_ = first_household;
  kinds_ = kinds;
  issues_.reserve(expected_records);
}

std::uint32_t Lifecycle::new_record() {
  if (free_head_ != kNone) {
    const std::uint32_t id = free_head_;
    free_head_ = issues_[id].household;
    if (free_head_ != kNone) __builtin_prefetch(&issues_[free_head_]);  // the next new issue's record
    issues_[id] = Issue{};
    return id;
  }
  issues_.emplace_back();
  return static_cast<std::uint32_t>(issues_.size() - 1);
}

void Lifecycle::release(std::uint32_t id) {
  issues_[id].household = free_head_;
  issues_[id].state = IssueState::Resolved;
  issues_[id].pending = kFreeMark;
  free_head_ = id;
}

std::uint32_t Lifecycle::raise(double t, std::uint32_t h, std::uint16_t grid, std::uint32_t index, bool counted,
                               std::uint32_t day) {
  const std::uint32_t id = new_record();
  Issue& is = issues_[id];
  is.household = h;
  is.grid = grid;
  is.index = index;
  is.t_raised = t;
  is.counted = counted;
  ++open_all_;
  if (counted) ++open_;
  obs_.raised(is, day);
  return id;
}

void Lifecycle::become_known(Issue& is, double t, bool complaints_allowed, std::uint32_t day) {
  is.t_known = t;
  obs_.known(is, t, day);
  is.t_complain = complaints_allowed ? t + static_cast<double>(is.patience) : kInf;
}

void Lifecycle::follow_up(Loop& loop, std::uint32_t id, double t_followup) {
  Issue& is = issues_[id];
  set_state(is, IssueState::FollowUp);
  if (is.passes < 255) ++is.passes;
  obs_.reopened(is);
  is.t_pending = t_followup;
  schedule(loop, t_followup, kinds_.reopen, id);
}

double Lifecycle::resolve(std::uint32_t id, double t, double deadline, std::uint32_t day) {
  Issue& is = issues_[id];
  set_state(is, IssueState::Resolved);
  is.pool = kNoPool;
  --open_all_;
  if (is.counted) --open_;
  obs_.resolved(is, t, deadline, day);
  return t - is.t_raised;
}

void Lifecycle::arm_patience(Loop& loop, std::uint32_t id) {
  Issue& is = issues_[id];
  // A state with a known end before the complaint time needs no timer yet: when it ends, the
  // issue is either resolved or looked at again here.
  const bool known_end = is.state == IssueState::InService || is.state == IssueState::FollowUp;
  if (known_end && is.t_pending < is.t_complain) return;
  is.armed = true;
  schedule(loop, is.t_complain, kinds_.patience, id);
}

void Lifecycle::finish() {
  for (const Issue& is : issues_)
    if (is.pending != kFreeMark && is.state != IssueState::Resolved) obs_.still_open(is);
}

std::array<std::uint64_t, kIssueStates> Lifecycle::final_states() const {
  std::array<std::uint64_t, kIssueStates> out{};
  for (const Issue& is : issues_)
    if (is.pending != kFreeMark && is.counted && is.state != IssueState::Resolved) ++out[static_cast<std::size_t>(is.state)];
  out[static_cast<std::size_t>(IssueState::Resolved)] = obs_.metrics().c.resolved;
  return out;
}

}  // namespace gridgov::models
