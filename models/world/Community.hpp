#pragma once
/// \file
/// A community (社区): one partition of the simulation. It owns its households, party
/// members, building leads, grid-worker, firm-staff and linkage pools, its deliberation
/// meeting, its issue records and its event list, in plain typed arrays. During a window
/// it reads only its own state and the read-only Context; what it owes the district goes
/// to its outbox.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "models/metrics/Metrics.hpp"
#include "models/world/Context.hpp"
#include "models/world/Issue.hpp"
#include "sim/engine/EventQueue.hpp"
#include "sim/engine/ServerPool.hpp"
#include "sim/random/Stream.hpp"

namespace gridgov::models {

/// Event kinds of a community's event list.
enum EventKind : std::uint32_t {
  kArrive = 0,     ///< target: household — the household's next issue arises
  kDetect = 1,     ///< target: issue — it becomes known (reported or found)
  kPatience = 2,   ///< target: issue — the resident's patience runs out
  kDone = 3,       ///< target: issue — a handler finishes (pool, mediation, member order)
  kReopen = 4,     ///< target: issue — follow-up finds it unsolved
  kDeptDone = 5,   ///< target: issue — the department reports back
  kDispatch = 6,   ///< target: issue — 12345's forced dispatch arrives
  kMeeting = 7,    ///< target: 0 — monthly deliberation meeting
};

class Community {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  Community(std::uint32_t id, const Context& ctx);
  Community(Community&&) = default;

  /// Buildings of this community's party members under the current policy (member k lives at
  /// household floor((k + 0.5) H / M), so members are spread evenly over the community).
  std::vector<std::uint32_t> plan_members() const;
  /// Install members, their household links (global source indices, `first_source` = this
  /// community's first) and hops, and size the pools from the current policy.
  void set_members(std::vector<std::uint32_t> buildings, std::span<const std::uint32_t> link,
                   std::span<const std::uint16_t> hops, std::uint32_t first_source);
  /// Schedule every household's first issue and the first meeting.
  void start();
  /// Process events with time < t_end.
  void advance(double t_end);
  /// A policy parameter changed at time t (hours): rebuild staff, pool sizes, re-plan detection.
  void apply_policy(double t);
  /// Schedule a reply from the district at max(time, now).
  void deliver_department_done(double time, std::uint32_t issue);
  void deliver_dispatch(double time, std::uint32_t issue);
  /// Close the books at the horizon.
  void finish(double horizon);

  std::vector<Message>& outbox() { return outbox_; }
  const PartitionMetrics& metrics() const { return m_; }
  std::vector<std::uint64_t>& firm_complaints() { return firm_complaints_; }
  const std::vector<IssueLogRow>& issue_log() const { return log_; }
  std::uint32_t members() const { return static_cast<std::uint32_t>(member_building_.size()); }
  std::uint32_t central_members() const { return central_; }
  std::uint32_t leads() const;
  std::uint32_t workers() const;
  std::uint64_t households() const { return hh_count_; }
  std::uint32_t first_grid() const { return grid0_; }
  std::uint32_t grid_count() const { return grids_; }
  double satisfaction_sum() const;
  std::uint64_t satisfied() const;
  /// Counted issues by their state at the end.
  std::array<std::uint64_t, 8> final_states() const;

 private:
  // --- helpers
  rng::Stream issue_stream(std::uint32_t h) const;
  /// The issue's own stream for policy-dependent draws, at its next step (4 blocks per step).
  rng::Stream routing_stream(Issue& is);
  /// When the resident reports the issue (depends only on the household's stream and propensity).
  double report_time(const Issue& is) const;
  std::uint32_t new_issue();
  void release(std::uint32_t id);
  /// Release a closed record once no event, line entry or meeting-list entry names it.
  void release_if_unreferenced(std::uint32_t id);
  void schedule(double t, std::uint32_t kind, std::uint32_t issue);
  double next_arrival_gap(std::uint32_t h, std::uint32_t index) const;
  double plan_detection(const Issue& is, double t_from, std::uint8_t& found) const;
  void snapshot_day();
  /// Schedule the PATIENCE event unless the issue's current state ends before the complaint time.
  void arm_patience(std::uint32_t id);
  /// Start waiting cases on free servers of a pool, skipping stale line entries.
  void serve_waiting(double t, std::uint32_t pool);
  std::uint32_t household_global(std::uint32_t h) const { return static_cast<std::uint32_t>(hh0_ + h); }
  std::uint32_t pool_of(const Issue& is, PoolKind k) const;
  double deadline_of(const Issue& is) const;

  // --- event handlers
  void on_arrive(double t, std::uint32_t h);
  void on_detect(double t, std::uint32_t id);
  void on_patience(double t, std::uint32_t id);
  void on_done(double t, std::uint32_t id);
  void on_reopen(double t, std::uint32_t id);
  void on_dept_done(double t, std::uint32_t id);
  void on_dispatch(double t, std::uint32_t id);
  void on_meeting(double t);

  // --- routing
  enum class Role : std::uint8_t { Member, Lead, Grid, Dispatch };
  void route(double t, std::uint32_t id, Role role);
  void to_pool(double t, std::uint32_t id, PoolKind kind);
  void start_service(double t, std::uint32_t id, std::uint32_t pool);
  void whistle(double t, std::uint32_t id, std::uint8_t department);
  void complain(double t, std::uint32_t id);
  void close(double t, std::uint32_t id, double reopen_prob);
  void resolve(double t, std::uint32_t id);
  void log_issue(const Issue& is, double t_resolved);

  const Context& ctx_;
  std::uint32_t id_;
  std::uint64_t phase_key_ = 0;  ///< mixes seed and replicate into visiting phases
  std::uint32_t grid0_, grids_;
  std::uint64_t hh0_, hh_count_;

  /// What an arrival reads and writes about its household, in 16 bytes (four to a cache line).
  struct Household {
    float propensity;      ///< reporting propensity (mean 1 over households)
    std::uint32_t member;  ///< linked party member (local index) or kNone
    std::uint32_t issues;  ///< issues raised so far: the position in its issue stream
    std::uint16_t grid;    ///< local grid
    std::uint8_t circle;   ///< inside a service station's circle
    std::uint8_t next_pushed;  ///< the arrival after the pending one is already in the queue (see advance)
  };
  static_assert(sizeof(Household) == 16);
  std::vector<Household> hh_;  ///< by local household index
  std::vector<float> satisfaction_;  ///< by local household index, 0..1 (read and written at closure)
  std::vector<std::pair<std::uint32_t, double>> arrivals_;  ///< scratch: the window's arrivals (household, time)
  std::vector<double> resolve_times_;  ///< the window's resolution times, added to the histogram at its end

  // party members (local index)
  std::vector<std::uint32_t> member_building_;
  /// What detection planning reads about a member, in one 16-byte record (one cache miss).
  struct MemberHot {
    double log1mp;       ///< log(1 - pvisit), for the geometric number of visits
    float pvisit;        ///< per-visit detection probability, all factors in
    std::uint8_t kind;   ///< 0 retired, 1 in-service, 2 mobile
  };
  static_assert(sizeof(MemberHot) == 16);
  std::vector<MemberHot> member_;
  std::vector<float> member_effort_;
  std::uint32_t central_ = 0;
  double member_hours_per_month_used_ = 0, member_hours_per_month_available_ = 0;

  // pools: grid * kPoolKinds + kind
  std::vector<sim::ServerPool> pools_;
  std::vector<std::uint32_t> grid_households_;

  // issues
  std::vector<Issue> issues_;
  std::uint32_t free_head_ = kNone;
  std::vector<std::uint32_t> meeting_;  ///< pending at the deliberation

  sim::EventQueue queue_;
  double now_ = 0;
  std::uint32_t day_ = 0;
  double next_day_end_ = 24;
  std::uint64_t open_ = 0;      ///< open counted issues
  std::uint64_t open_all_ = 0;  ///< open issues including the warm-up's
  bool meeting_scheduled_ = false;
  double satisfaction_total_ = 0;

  std::vector<Message> outbox_;
  std::vector<std::uint64_t> firm_complaints_;
  std::vector<IssueLogRow> log_;
  PartitionMetrics m_;
};

}  // namespace gridgov::models
