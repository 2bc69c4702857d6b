#pragma once
/// \file
/// The issue lifecycle of one community: it owns the issue records and is the only code that
/// changes an issue's state. Every transition — raised, known, routed (waiting, in service, at
/// the meeting, at a department, with the hotline), complained, whistled, closed, reopened,
/// resolved — is a method here that sets the record and announces the transition to the
/// partition's observers. Mechanisms decide *what* happens to an issue; the lifecycle makes it so.
///
/// Records are recycled: a record is released once the issue is resolved and nothing names it
/// any more (no event in the queue, no server-pool line entry, no meeting-list entry). The
/// epilogue after_event() applies that rule, and (re)arms the resident's patience timer, after
/// every event whose target is an issue.
#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/lifecycle/Issue.hpp"
#include "models/lifecycle/StreamLayout.hpp"
#include "models/observe/Observers.hpp"
#include "sim/engine/PartitionLoop.hpp"

namespace gridgov::models {

class Community;
using Loop = engine::PartitionLoop<Community>;

/// The keys of a run's random streams.
struct RunKeys {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  random::Stream stream(std::uint64_t entity, random::Purpose purpose) const {
    return random::Stream(seed, replicate, static_cast<std::uint32_t>(entity), purpose);
  }
};

class Lifecycle {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  /// Event kinds the lifecycle schedules itself (numbers from the community's kind table).
  struct Kinds {
    std::uint32_t patience = 0, done = 0, reopen = 0;
  };

  void init(const RunKeys& keys, std::uint64_t first_household, std::size_t expected_records, Kinds kinds);

  Issue& operator[](std::uint32_t id) { return issues_[id]; }
  const Issue& operator[](std::uint32_t id) const { return issues_[id]; }
  /// Address of a record, for prefetching (valid ids only).
  const Issue* address(std::uint32_t id) const { return &issues_[id]; }
  std::uint32_t free_head() const { return free_head_; }
  std::size_t records() const { return issues_.size(); }
  /// A live (not free) record.
  bool live(std::uint32_t id) const { return issues_[id].pending != kFreeMark; }

  Observers& observers() { return obs_; }
  const Observers& observers() const { return obs_; }

  /// The household's global index (keys its streams).
  std::uint64_t household_global(std::uint32_t h) const { return hh0_ + h; }
  /// The issue's routing stream at its next step (4 blocks per step; advances the step).
  random::Stream routing_stream(Issue& is) {
    random::Stream s = keys_.stream(household_global(is.household), streams::kRouting);
    s.seek(streams::routing_block(is.index, is.step));
    ++is.step;
    return s;
  }
  /// Take the next routing step for a message that leaves the community (the district draws from it).
  std::uint16_t take_step(Issue& is) { return is.step++; }

  /// Schedule an event naming record `id` (counted in its `pending`).
  void schedule(Loop& loop, double t, std::uint32_t kind, std::uint32_t id) {
    ++issues_[id].pending;
    loop.schedule(t, kind, id);
  }
  /// An event naming `id` was taken from the queue.
  void event_taken(std::uint32_t id) { --issues_[id].pending; }
  /// Something outside the queue will come back naming `id` (a message to the district).
  void expect_reply(std::uint32_t id) { ++issues_[id].pending; }
  /// A server-pool line entry names `id` (added) or no longer does (dropped).
  void line_entry_added(std::uint32_t id) { ++issues_[id].ring_refs; }
  void line_entry_dropped(std::uint32_t id) { --issues_[id].ring_refs; }

  // ---- transitions
  /// An issue arises in household h (local), in its local grid; returns its record.
  std::uint32_t raise(double t, std::uint32_t h, std::uint16_t grid, std::uint32_t index, bool counted, std::uint32_t day);
  /// The issue becomes known at t (found or reported); patience starts unless `complaints_allowed` is false.
  void become_known(Issue& is, double t, bool complaints_allowed, std::uint32_t day);
  /// The resident went straight to 12345 (the reporting channel).
  void to_hotline_direct(Issue& is) {
    set_state(is, IssueState::WithHotline);
    obs_.direct_complaint(is);
  }
  /// The issue leaves a line because the resident complained (queue-theory mode) or was dispatched on.
  void to_hotline(Issue& is) {
    set_state(is, IssueState::WithHotline);
    is.pool = kNoPool;
  }
  void complained(Issue& is, std::uint32_t day) {
    if (is.complaints < 255) ++is.complaints;
    obs_.complained(is, day);
  }
  void dispatched(Issue& is) {
    obs_.dispatched(is);
    is.priority = true;
  }
  /// In line at pool `pool` since t.
  void to_waiting(Issue& is, std::uint32_t id, std::uint32_t pool) {
    set_state(is, IssueState::Waiting);
    is.pool = static_cast<std::uint16_t>(pool);
    line_entry_added(id);
  }
  /// Handled by `by` until t_end (pool: the server pool, or kNoPool for mediation and orders).
  void to_service(Loop& loop, std::uint32_t id, double t_end, std::uint32_t pool) {
    Issue& is = issues_[id];
    set_state(is, IssueState::InService);
    is.pool = static_cast<std::uint16_t>(pool);
    is.t_pending = t_end;
    schedule(loop, t_end, kinds_.done, id);
  }
  /// Waits for the deliberation meeting; returns true when the meeting list must add it.
  bool to_meeting(Issue& is) {
    set_state(is, IssueState::AtMeeting);
    if (is.listed) return false;
    is.listed = true;
    obs_.brought_to_meeting(is);
    return true;
  }
  /// Taken off the meeting list.
  void unlisted(Issue& is) { is.listed = false; }
  /// Whistled to a district department.
  void to_department(Issue& is) {
    set_state(is, IssueState::AtDepartment);
    is.pool = kNoPool;
    is.by = byte_of(By::Department);
    obs_.whistled(is);
  }
  /// Back from the department (or settled at the meeting): closed next.
  void to_closing(Issue& is) { set_state(is, IssueState::InService); }
  /// Closed, but the follow-up at t_followup will reopen it.
  void follow_up(Loop& loop, std::uint32_t id, double t_followup);
  void settled(Issue& is) { obs_.settled(is); }
  /// Closed for good at t; `deadline` in hours, from the issue arising (the resident's clock);
  /// returns the time from arising to resolved.
  double resolve(std::uint32_t id, double t, double deadline, std::uint32_t day);

  /// The epilogue after an event naming `id`: release the record if nothing names it, else arm
  /// the patience timer when the resident's next complaint time is due before the state ends.
  void after_event(Loop& loop, std::uint32_t id) {
    Issue& is = issues_[id];
    if (is.state == IssueState::Resolved)
      release_if_unreferenced(id);
    else if (!is.armed && is.t_complain < kInf)
      arm_patience(loop, id);
  }
  /// Release a resolved record that nothing names any more.
  void release_if_unreferenced(std::uint32_t id) {
    const Issue& is = issues_[id];
    if (is.state == IssueState::Resolved && is.pending == 0 && is.ring_refs == 0 && !is.listed) release(id);
  }

  /// Open issues (raised after the warm-up) and all open issues.
  std::uint64_t open() const { return open_; }
  std::uint64_t open_all() const { return open_all_; }
  /// At the horizon: announce the issues still open (issue log).
  void finish();
  /// Counted issues by their state at the end.
  std::array<std::uint64_t, kIssueStates> final_states() const;

 private:
  static constexpr std::uint8_t kFreeMark = 0xFF;  ///< `pending` of a free record
  std::uint32_t new_record();
  void release(std::uint32_t id);
  /// The one place an issue's state changes. With GRIDGOV_CHECK_TRANSITIONS (the sanitizer
  /// builds) a move the state machine forbids (kTransitions) throws std::logic_error.
  static void set_state(Issue& is, IssueState to) {
#ifdef GRIDGOV_CHECK_TRANSITIONS
    if (!transition_allowed(is.state, to))
      throw std::logic_error(std::string("issue lifecycle: forbidden transition ") +
                             kIssueStateNames[static_cast<std::size_t>(is.state)] + " -> " +
                             kIssueStateNames[static_cast<std::size_t>(to)]);
#endif
    is.state = to;
  }
  void arm_patience(Loop& loop, std::uint32_t id);

  RunKeys keys_;
  std::uint64_t hh0_ = 0;
  Kinds kinds_;
  std::vector<Issue> issues_;
  std::uint32_t free_head_ = kNone;
  std::uint64_t open_ = 0, open_all_ = 0;
  Observers obs_;
};

}  // namespace gridgov::models
