#pragma once
/// \file
/// A community (社区): one partition of the simulation, and the small kernel that ties the
/// mechanisms together. It owns the partition's event loop (engine::PartitionLoop), the issue
/// lifecycle (models/lifecycle/) with its observers, the households and party members, the
/// grid's server lines, the deliberation list and the outbox to the district. The kernel does
/// two things of its own: it takes the earliest of the detectors' offers (resident report,
/// member visit, lead walk, patrol, grid visit) and it routes a known issue by an ordered walk
/// over the mechanisms that may take it (mediation, linkage/whistle, deliberation, firm, orders,
/// grid workers). Each mechanism's behaviour lives in models/mechanisms/<name>/; the event
/// handlers of hotline, departments, deliberation and orders are members of this class defined
/// in their mechanism's folder.
///
/// During a window a community reads only its own state and the read-only Context; what it
/// owes the district goes to its outbox.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "models/lifecycle/Lifecycle.hpp"
#include "models/mechanisms/building_leads/BuildingLeads.hpp"
#include "models/mechanisms/deliberation/Deliberation.hpp"
#include "models/mechanisms/households/Households.hpp"
#include "models/mechanisms/party_members/PartyMembers.hpp"
#include "models/world/Context.hpp"
#include "sim/engine/PartitionLoop.hpp"
#include "sim/engine/ServerPool.hpp"

namespace gridgov::models {

class Community {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  /// The event kinds of every community, registered once.
  struct Kinds {
    std::uint32_t arrive, detect, patience, done, reopen, dept_done, dispatch, meeting;
  };
  static const engine::EventKinds<Community>& event_kinds();
  static const Kinds& kinds();

  /// Places the community in the geography; build() then creates its agents.
  Community(std::uint32_t id, const Context& ctx);
  /// Create the households, records, lines and loop (independent of every other community, so
  /// communities are built in parallel).
  void build();
  Community(Community&&) = default;

  /// Buildings of this community's party members under the current policy.
  std::vector<std::uint32_t> plan_members() const { return PartyMembers::plan(ctx_, hh0_, hh_count_); }
  /// Install members and their household links (see PartyMembers::install), and size the lines
  /// from the current policy.
  void set_members(std::vector<std::uint32_t> buildings, std::span<const std::uint32_t> link, std::span<const std::uint16_t> hops,
                   std::uint32_t first_source);
  /// Schedule every household's first issue and the first meeting.
  void start();
  /// Process events with time < t_end.
  void advance(double t_end) { loop_.advance(*this, t_end); }
  /// A policy parameter changed at time t (hours): start waiting cases on new servers, re-plan
  /// detection of latent issues, restart the meeting.
  void apply_policy(double t);
  /// Schedule a reply from the district at max(time, now).
  void deliver_department_done(double time, std::uint32_t issue);
  void deliver_dispatch(double time, std::uint32_t issue);
  /// Close the books at the horizon.
  void finish(double horizon);

  std::vector<Message>& outbox() { return outbox_; }
  const PartitionMetrics& metrics() const { return lc_.observers().metrics(); }
  std::uint64_t events() const { return loop_.events(); }
  std::vector<std::uint64_t>& firm_complaints() { return firm_complaints_; }
  const std::vector<IssueLogRow>& issue_log() const { return lc_.observers().issue_log(); }
  std::uint32_t members() const { return party_.members(); }
  std::uint32_t central_members() const { return party_.central_members(); }
  std::uint32_t leads() const;
  std::uint32_t workers() const;
  std::uint64_t households() const { return hh_count_; }
  std::uint32_t first_grid() const { return grid0_; }
  std::uint32_t grid_count() const { return grids_; }
  double satisfaction_sum() const { return hh_.satisfaction_sum(); }
  std::uint64_t satisfied() const { return hh_.satisfied(); }
  double trust_sum() const { return hh_.trust_sum(); }
  std::uint64_t vulnerable() const { return hh_.vulnerable(); }
  /// Counted issues by their state at the end.
  std::array<std::uint64_t, kIssueStates> final_states() const { return lc_.final_states(); }

  // ---- partition-loop hooks (engine::PartitionLoop)
  void on_window_start(Loop& loop);
  void on_day_end(std::uint32_t day, double t);
  void after_event(std::uint32_t id) { lc_.after_event(loop_, id); }
  void on_window_end() { lc_.observers().window_end(); }

  // ---- event handlers (registered in event_kinds())
  void on_arrive(double t, std::uint32_t h);
  void on_detect(double t, std::uint32_t id);
  void on_patience(double t, std::uint32_t id);  // hotline/Hotline.cpp
  void on_done(double t, std::uint32_t id);
  void on_reopen(double t, std::uint32_t id);
  void on_dept_done(double t, std::uint32_t id);        // departments/Departments.cpp
  void on_dispatch(double t, std::uint32_t id);         // hotline/Hotline.cpp
  void on_meeting(double t, std::uint32_t generation);  // deliberation/Deliberation.cpp

 private:
  /// Who first took the issue: decides who may mediate it and whether it goes to the meeting.
  enum class Role : std::uint8_t { Member, Lead, Grid, Dispatch };

  std::uint32_t day() const { return loop_.day(); }
  std::uint32_t pool_index(std::uint32_t local_grid, PoolKind k) const {
    return local_grid * kPoolKinds + static_cast<std::uint32_t>(k);
  }
  static PoolKind pool_kind(std::uint32_t pool) { return static_cast<PoolKind>(pool % kPoolKinds); }
  /// The earliest detector's offer (the resident's report included) for a latent issue, from t_from.
  double plan_detection(const Issue& is, double t_from, std::uint8_t& found) const;

  // ---- routing (kernel)
  void route(double t, std::uint32_t id, Role role);
  void to_pool(double t, std::uint32_t id, PoolKind kind);
  void start_service(double t, std::uint32_t id, std::uint32_t pool);
  /// Start waiting cases on free servers of a pool, skipping stale line entries.
  void serve_waiting(double t, std::uint32_t pool);
  void close(double t, std::uint32_t id, double reopen_prob);
  void resolve(double t, std::uint32_t id);
  // ---- mechanism actions defined in their folders
  void whistle(double t, std::uint32_t id, std::uint8_t department);  // departments/Departments.cpp
  void schedule_meeting(double t);                                    // deliberation/Deliberation.cpp
  /// A complaint about an issue waiting for the meeting: bring the meeting forward if rooms allow.
  void hasten_meeting(double t);              // deliberation/Deliberation.cpp
  void complain(double t, std::uint32_t id);  // hotline/Hotline.cpp
  /// An order for a member with spare time, else for the community's volunteers (false: nobody
  /// has it; the case stays with the grid).
  bool take_order(double t, std::uint32_t id);  // party_members/Orders.cpp
  /// Spend `hours` of the volunteers' order hours of the month of t (false: not enough left).
  bool volunteers_spend(double t, double hours);  // party_members/Orders.cpp
  bool grid_backlogged(std::uint32_t local_grid) const {
    const engine::ServerPool& w = pools_[pool_index(local_grid, PoolKind::Workers)];
    return !w.has_free_server() && w.waiting() >= w.servers();
  }
  std::uint32_t month(double t) const { return static_cast<std::uint32_t>(t / kHoursPerMonth); }
  bool order_failed(std::uint32_t id);  // party_members/Orders.cpp
  void size_lines();

  const Context& ctx_;
  std::uint32_t id_;
  std::uint64_t phase_key_ = 0;  ///< mixes seed and replicate into visiting phases
  std::uint32_t grid0_, grids_;
  std::uint64_t hh0_, hh_count_;

  Loop loop_;
  Lifecycle lc_;
  Households hh_;
  PartyMembers party_;
  BuildingLeads::Hours lead_hours_;
  Deliberation deliberation_;
  std::vector<engine::ServerPool> pools_;  ///< pool_index(grid, kind)
  std::vector<double> case_rate_;          ///< per local grid: a worker's case hours per calendar hour
  std::vector<double> rounds_share_;       ///< per local grid: share of planned patrols and visits its workers have hours for
  double mediation_hours_member_ = 0, mediation_hours_lead_ = 0;  ///< after the warm-up
  double member_order_hours_ = 0, volunteer_order_hours_ = 0;     ///< after the warm-up
  double volunteer_spare_ = 0;                                    ///< volunteers' order hours left in volunteer_month_
  std::uint32_t volunteer_month_ = kNone;
  std::vector<std::pair<std::uint32_t, double>> arrivals_;  ///< scratch: the window's arrivals (household, time)

  std::vector<Message> outbox_;
  std::vector<std::uint64_t> firm_complaints_;
};

}  // namespace gridgov::models
