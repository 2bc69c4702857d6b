#include "models/world/Community.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>

#include "models/mechanisms/building_leads/BuildingLeads.hpp"
#include "models/mechanisms/grid_workers/GridWorkers.hpp"
#include "models/mechanisms/linkage/Linkage.hpp"
#include "models/mechanisms/property_firms/PropertyFirms.hpp"

namespace gridgov::models {

namespace {
struct KindTable {
  engine::EventKinds<Community> table;
  Community::Kinds kinds{};
  KindTable() {
    // Registration order numbers the kinds; events of equal time are ordered by insertion, not kind.
    kinds.arrive = table.add("arrive", &Community::on_arrive, false);          // target: household
    kinds.detect = table.add("detect", &Community::on_detect, true);           // target: issue
    kinds.patience = table.add("patience", &Community::on_patience, true);     // target: issue
    kinds.done = table.add("done", &Community::on_done, true);                 // target: issue
    kinds.reopen = table.add("reopen", &Community::on_reopen, true);           // target: issue
    kinds.dept_done = table.add("dept_done", &Community::on_dept_done, true);  // target: issue
    kinds.dispatch = table.add("dispatch", &Community::on_dispatch, true);     // target: issue
    kinds.meeting = table.add("meeting", &Community::on_meeting, false);       // target: none
  }
};
const KindTable& kind_table() {
  static const KindTable t;
  return t;
}
}  // namespace

const engine::EventKinds<Community>& Community::event_kinds() { return kind_table().table; }
const Community::Kinds& Community::kinds() { return kind_table().kinds; }

Community::Community(std::uint32_t id, const Context& ctx) : ctx_(ctx), id_(id), loop_(event_kinds()) {
  // Visiting schedules' phases differ between seeds and replicates.
  phase_key_ = random::splitmix64(ctx.seed ^ (static_cast<std::uint64_t>(ctx.replicate) << 40));
  const Geography& g = *ctx.geo;
  grid0_ = g.community_first_grid[id];
  grids_ = g.community_first_grid[id + 1] - grid0_;
  const std::uint32_t b0 = g.grid_first_building[grid0_], b1 = g.grid_first_building[grid0_ + grids_];
  hh0_ = g.building_first_household[b0];
  hh_count_ = g.building_first_household[b1] - hh0_;
}

void Community::build() {
  const Context& ctx = ctx_;
  hh_.init(ctx, id_, hh0_, hh_count_, grid0_, grids_);
  pools_.resize(static_cast<std::size_t>(grids_) * kPoolKinds);
  const Kinds& k = kinds();
  lc_.init(RunKeys{ctx.seed, ctx.replicate}, hh0_, hh_count_ / 8 + 4, Lifecycle::Kinds{k.patience, k.done, k.reopen});
  lc_.observers().init(grids_, ctx.days, ctx.issue_log, hh0_, grid0_);
  firm_complaints_.assign(ctx.firm_count, 0);
  // Small communities stay small: a ring of fewer day buckets and a smaller reserve (neither
  // changes the order of events).
  loop_ = Loop(event_kinds(), hh_count_ >= 1024 ? 1024 : std::max<std::size_t>(32, std::bit_ceil(hh_count_)));
  loop_.reserve(std::min<std::size_t>(1024, 16 + hh_count_ / 4));
}

void Community::set_members(std::vector<std::uint32_t> buildings, std::span<const std::uint32_t> link,
                            std::span<const std::uint16_t> hops, std::uint32_t first_source) {
  party_.install(ctx_, hh0_, std::move(buildings), link, hops, first_source, hh_);
  size_lines();
}

void Community::size_lines() {
  const Runtime& P = *ctx_.policy;
  const auto& households = hh_.grid_households();
  case_rate_.resize(grids_);
  rounds_share_.resize(grids_);
  for (std::uint32_t lg = 0; lg < grids_; ++lg) {
    const std::uint32_t workers = GridWorkers::servers(P, households[lg]);
    pools_[pool_index(lg, PoolKind::Workers)].set_servers(workers);
    case_rate_[lg] = GridWorkers::case_rate(P, households[lg], workers);
    rounds_share_[lg] = GridWorkers::rounds_share(P, households[lg], workers);
    pools_[pool_index(lg, PoolKind::Firm)].set_servers(PropertyFirms::servers(P, households[lg]));
    pools_[pool_index(lg, PoolKind::Linkage)].set_servers(Linkage::kServersPerGrid);
  }
}

std::uint32_t Community::leads() const { return BuildingLeads::count(*ctx_.policy, hh_count_); }

std::uint32_t Community::workers() const {
  std::uint32_t w = 0;
  for (std::uint32_t lg = 0; lg < grids_; ++lg) w += pools_[pool_index(lg, PoolKind::Workers)].servers();
  return w;
}

double Community::plan_detection(const Issue& is, double t_from, std::uint8_t& found) const {
  const std::uint32_t h = is.household;
  const std::uint64_t hg = lc_.household_global(h);
  random::Stream s = RunKeys{ctx_.seed, ctx_.replicate}.stream(hg, streams::kDetection);
  s.seek(streams::detection_block(is.index, ctx_.epoch));
  const double u0 = s.uniform(), u1 = s.uniform(), u2 = s.uniform(), u3 = s.uniform();
  const std::uint32_t lg = hh_[h].grid;
  const DetectionQuery q{ctx_, phase_key_, id_, hh_, party_, is, h, hg, grid0_ + lg, rounds_share_[lg], t_from, {u0, u1, u2, u3}};
  // The earliest offer wins: the resident's report, then each detector in the order of Detectors.hpp.
  visiting::Earliest best{hh_.report_time(ctx_, lc_, is), byte_of(Found::Resident)};
  std::size_t slot = 0;
#define GRIDGOV_OFFER(name, text, cls) cls::offer(q, slot++, best);
  GRIDGOV_DETECTORS(GRIDGOV_OFFER)
#undef GRIDGOV_OFFER
  found = best.found;
  return std::max(best.time, t_from);
}

void Community::start() {
  const Runtime& P = *ctx_.policy;
  if (P.households.issue_rate_per_hour > 0)
    for (std::uint32_t h = 0; h < hh_count_; ++h) loop_.schedule(hh_.next_arrival_gap(ctx_, lc_, h, 0), kinds().arrive, h);
  if (P.deliberation.deliberation) schedule_meeting(P.deliberation.meeting_period_h * 0.5);
  for (auto& pool : pools_) pool.reset_integrals(0);
}

void Community::on_window_start(Loop& loop) {
  // The window's events are in the queue now; each community is revisited only once a window, so
  // what they touch has left the caches: ask for all of it at once rather than miss one by one.
  engine::EventQueue& queue = loop.queue();
  const Kinds& k = kinds();
  queue.prefetch_next_buckets(16, 0);
  for (const engine::Event& e : queue.near_events()) {
    if (e.kind() == k.arrive)
      __builtin_prefetch(hh_.address(e.target()));
    else if (e.kind() != k.meeting)
      __builtin_prefetch(lc_.address(e.target()));
  }
  if (lc_.free_head() != kNone) __builtin_prefetch(lc_.address(lc_.free_head()));
  // Second pass: the households of those issues and the members of the arriving issues'
  // households (loads that overlap one another).
  queue.prefetch_next_buckets(16, 1);
  for (const engine::Event& e : queue.near_events()) {
    if (e.kind() == k.meeting) continue;
    if (e.kind() == k.arrive) {
      if (const void* m = party_.address(hh_[e.target()].member)) __builtin_prefetch(m);
      __builtin_prefetch(hh_.mood_address(e.target()));  // the channel choice reads trust
      continue;
    }
    const std::uint32_t h = lc_[e.target()].household;
    if (h < hh_count_) __builtin_prefetch(hh_.mood_address(h));
  }
  // Each arrival's successor goes into a bucket days ahead, a cache miss per push. Push the
  // successors of the window's arrivals now, together, so that those misses overlap: compute
  // the times, prefetch the buckets, then push. on_arrive then skips its push (next_pushed).
  // The successors take earlier sequence numbers than they would have; the order of events is
  // unchanged, as arrival times (continuous) never tie with other events.
  arrivals_.clear();
  for (const engine::Event& e : queue.near_events())
    if (e.kind() == k.arrive && !hh_[e.target()].next_pushed) arrivals_.emplace_back(e.target(), e.time);
  for (auto& [h, t] : arrivals_) {
    t += hh_.next_arrival_gap(ctx_, lc_, h, hh_[h].issues + 1);
    queue.prefetch_push(t, 0);
  }
  for (const auto& [h, t] : arrivals_) queue.prefetch_push(t, 1);
  for (const auto& [h, t] : arrivals_) {
    loop.schedule(t, k.arrive, h);
    hh_[h].next_pushed = 1;
  }
}

void Community::on_day_end(std::uint32_t day, double t) {
  std::uint64_t q = 0;
  for (std::uint32_t lg = 0; lg < grids_; ++lg) q += pools_[pool_index(lg, PoolKind::Workers)].waiting();
  lc_.observers().day_end(day, lc_.open_all(), hh_.satisfaction_total(), q);
  if (std::fabs(t - ctx_.warmup_h) < 1e-9)
    for (auto& pool : pools_) pool.reset_integrals(t);
}

// ------------------------------------------------------------------------------------------
// Events

void Community::on_arrive(double t, std::uint32_t h) {
  const std::uint32_t k = hh_[h].issues++;
  // Unless on_window_start pushed it already, the next arrival is pushed last, into a bucket days
  // ahead whose memory is cold: prefetch it meanwhile. (Pushed after this issue's detection it
  // takes the next sequence number instead of the one before: the order of events is the same, as
  // the two never share a time.)
  const bool pushed = hh_[h].next_pushed != 0;
  hh_[h].next_pushed = 0;
  const double t_next = pushed ? 0.0 : t + hh_.next_arrival_gap(ctx_, lc_, h, k + 1);
  if (!pushed) loop_.queue().prefetch_push(t_next, 0);

  const std::uint32_t id = lc_.raise(t, h, hh_[h].grid, k, t >= ctx_.warmup_h, day());
  Issue& is = lc_[id];
  hh_.draw_issue(ctx_, lc_, is);
  if (is.need) lc_.observers().need_raised(is);
  if (!pushed) loop_.queue().prefetch_push(t_next, 1);

  std::uint8_t found = 0;
  is.t_pending = plan_detection(is, t, found);
  is.found = found;
  if (std::isfinite(is.t_pending)) lc_.schedule(loop_, is.t_pending, kinds().detect, id);
  if (!pushed) loop_.schedule(t_next, kinds().arrive, h);
}

void Community::on_detect(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  if (is.state != IssueState::Latent || t != is.t_pending) return;  // re-planned after a policy change
  const Runtime& P = *ctx_.policy;
  lc_.become_known(is, t, P.households.max_complaints > 0, day());
  const bool proactive = is.found != byte_of(Found::Resident);
  // A visit or walk that finds the household's issue is a contact that builds trust (a patrol of
  // public spaces is not).
  if (proactive && is.found != byte_of(Found::Patrol)) hh_.after_contact(P, is.household);
  if (!proactive && is.via == byte_of(Via::Hotline)) {
    lc_.to_hotline_direct(is);
    complain(t, id);
    return;
  }
  Role role = Role::Grid;
  if (is.found == byte_of(Found::MemberVisit) || (!proactive && is.via == byte_of(Via::Member)))
    role = Role::Member;
  else if (is.found == byte_of(Found::LeadWalk) || (!proactive && is.via == byte_of(Via::Lead)))
    role = Role::Lead;
  else if (is.found == byte_of(Found::MicrogridWalk))
    role = P.microgrids.from_members ? Role::Member : Role::Lead;
  route(t, id, role);
}

void Community::on_done(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  if (is.state != IssueState::InService) return;
  const Runtime& P = *ctx_.policy;
  double reopen = P.grid.reopen_prob;
  if (is.pool != kNoPool) {
    const std::uint32_t pool = is.pool;
    pools_[pool].finish(t);
    is.pool = kNoPool;
    if (pool_kind(pool) == PoolKind::Firm) reopen = PropertyFirms::reopen_prob(ctx_, grid0_ + pool / kPoolKinds);
    serve_waiting(t, pool);
  } else if ((is.by == byte_of(By::MemberOrder) || is.by == byte_of(By::VolunteerOrder)) && order_failed(id)) {
    // The member or volunteer could not solve it: back to the grid.
    is.by = byte_of(By::GridWorker);
    to_pool(t, id, PoolKind::Workers);
    return;
  }
  close(t, id, reopen);
}

void Community::on_reopen(double t, std::uint32_t id) {
  Issue& is = lc_[id];
  lc_.event_taken(id);
  if (is.state != IssueState::FollowUp) return;
  route(t, id, Role::Grid);
}

// ------------------------------------------------------------------------------------------
// Routing: an ordered walk over the mechanisms that may take a known issue.

void Community::route(double t, std::uint32_t id, Role role) {
  Issue& is = lc_[id];
  const Runtime& P = *ctx_.policy;
  const TypePolicy& tp = P.households.types[is.type];
  // 1. A forced dispatch to the department (hotline.dispatch_to: department).
  if (role == Role::Dispatch && P.hotline.dispatch_to_department) {
    whistle(t, id, tp.department);
    return;
  }
  random::Stream s = lc_.routing_stream(is);
  const double u_mediate = s.uniform(), u_order = s.uniform();
  // 2. On-the-spot mediation by the member or lead who took a minor ordinary issue (from their
  //    spare time this month).
  if ((role == Role::Member || role == Role::Lead) && is.severity == 0 && is.nature == Nature::Ordinary) {
    const bool member = role == Role::Member;
    if (u_mediate < (member ? P.party.member_mediate : P.leads.lead_mediate) &&
        (member ? party_.spend(hh_[is.household].member, P.grid.mediate_hours, month(t))
                : lead_hours_.spend(P, is.household, P.grid.mediate_hours, month(t)))) {
      is.by = byte_of(member ? By::MemberMediation : By::LeadMediation);
      if (t >= ctx_.warmup_h) (member ? mediation_hours_member_ : mediation_hours_lead_) += P.grid.mediate_hours;
      lc_.to_service(loop_, id, t + P.grid.mediate_hours, kNoPool);
      return;
    }
  }
  // 3. Escalated issues: four-staff linkage in the grid, else the whistle.
  if (is.nature == Nature::Escalate) {
    if (Linkage::takes(P, tp.department)) {
      is.by = byte_of(By::Linkage);
      to_pool(t, id, PoolKind::Linkage);
    } else {
      whistle(t, id, tp.department);
    }
    return;
  }
  // 4. Collective issues need the meeting's consent (without deliberation they stay unsettled);
  //    deliberation-handled types wait for it while there are meetings.
  if (is.nature == Nature::Collective ||
      (P.deliberation.deliberation && role != Role::Dispatch && tp.handler == kHandlerDeliberation)) {
    if (lc_.to_meeting(is)) deliberation_.pending.push_back(id);
    return;
  }
  // 5. The property firm's issue types.
  if (PropertyFirms::handles(P, is)) {
    is.by = byte_of(By::Firm);
    to_pool(t, id, PoolKind::Firm);
    return;
  }
  // 6. An order for a party member (or else a volunteer) with spare time, when the grid has a
  //    backlog (every worker busy and at least as many cases waiting as there are workers): then
  //    a member's day is quicker than the wait; with a free or nearly free worker the grid is quicker.
  if ((P.party.orders || (P.party.orders_board && P.volunteers.orders)) && role != Role::Dispatch &&
      is.nature == Nature::Ordinary && is.severity < 2 && u_order < P.party.orders_share && grid_backlogged(is.grid) &&
      take_order(t, id))
    return;
  // 7. The grid workers.
  is.by = byte_of(By::GridWorker);
  to_pool(t, id, PoolKind::Workers);
}

void Community::to_pool(double t, std::uint32_t id, PoolKind kind) {
  Issue& is = lc_[id];
  const std::uint32_t pool = pool_index(is.grid, kind);
  is.pool = static_cast<std::uint16_t>(pool);
  is.t_pending = t;
  if (pools_[pool].has_free_server()) {
    start_service(t, id, pool);
  } else {
    lc_.to_waiting(is, id, pool);
    pools_[pool].enqueue(t, id, is.priority);
  }
}

void Community::start_service(double t, std::uint32_t id, std::uint32_t pool) {
  Issue& is = lc_[id];
  pools_[pool].start(t);
  const PoolKind kind = pool_kind(pool);
  if (kind == PoolKind::Workers) lc_.observers().grid_service_started(is, t, is.t_pending);
  random::Stream s = lc_.routing_stream(is);
  double d = 0;
  switch (kind) {
    case PoolKind::Workers:
      d = GridWorkers::service_time(*ctx_.policy, is, case_rate_[is.grid], s);
      break;
    case PoolKind::Firm:
      d = PropertyFirms::service_time(ctx_, is, grid0_ + pool / kPoolKinds, s);
      break;
    case PoolKind::Linkage:
      d = Linkage::service_time(*ctx_.policy, is, s);
      break;
  }
  lc_.to_service(loop_, id, t + d, pool);
}

void Community::serve_waiting(double t, std::uint32_t pool) {
  engine::ServerPool& sp = pools_[pool];
  while (sp.has_free_server() && sp.waiting() > 0) {
    const std::uint32_t next = sp.next(t, [&](std::uint32_t c, bool high) {
      Issue& x = lc_[c];
      lc_.line_entry_dropped(c);
      const bool valid = x.state == IssueState::Waiting && x.pool == pool && (high || !x.priority);
      // A closed record whose last line entry this was can now be reused.
      if (!valid) lc_.release_if_unreferenced(c);
      return valid;
    });
    if (next == engine::ServerPool::kNone) break;
    start_service(t, next, pool);
  }
}

void Community::close(double t, std::uint32_t id, double reopen_prob) {
  Issue& is = lc_[id];
  random::Stream s = lc_.routing_stream(is);
  if (reopen_prob > 0 && s.uniform() < reopen_prob) {
    lc_.follow_up(loop_, id, t + ctx_.policy->grid.followup.sample(s));
    return;
  }
  resolve(t, id);
}

void Community::resolve(double t, std::uint32_t id) {
  const Runtime& P = *ctx_.policy;
  const Issue& is = lc_[id];
  const double hours = lc_.resolve(id, t, Households::deadline(P, is), day());
  // Closed by the community's own people (not forced by a 12345 dispatch): trust follows it.
  hh_.after_resolution(P, is, hours, !is.priority);
}

// ------------------------------------------------------------------------------------------
// Policy changes and the horizon

void Community::apply_policy(double t) {
  const Runtime& P = *ctx_.policy;
  // More servers: start waiting cases at once.
  for (std::uint32_t pool = 0; pool < pools_.size(); ++pool) serve_waiting(t, pool);
  // Latent issues: re-plan detection under the new visiting policy.
  for (std::uint32_t id = 0; id < lc_.records(); ++id) {
    Issue& is = lc_[id];
    if (!lc_.live(id) || is.state != IssueState::Latent) continue;
    std::uint8_t found = 0;
    const double td = plan_detection(is, t, found);
    if (td != is.t_pending) {
      is.t_pending = td;
      is.found = found;
      if (std::isfinite(td)) lc_.schedule(loop_, td, kinds().detect, id);
    }
  }
  if (P.deliberation.deliberation && !deliberation_.scheduled) schedule_meeting(t + P.deliberation.meeting_period_h * 0.5);
}

void Community::finish(double horizon) {
  lc_.observers().window_end();
  PartitionMetrics& m = lc_.observers().metrics();
  const Runtime& P = *ctx_.policy;
  const double span = horizon - ctx_.warmup_h, weeks = span / 168.0, months = span / kHoursPerMonth;
  const auto& households = hh_.grid_households();
  for (std::uint32_t lg = 0; lg < grids_; ++lg) {
    for (std::uint32_t k = 0; k < kPoolKinds; ++k) pools_[lg * kPoolKinds + k].advance(horizon);
    const engine::ServerPool& w = pools_[pool_index(lg, PoolKind::Workers)];
    const engine::ServerPool& f = pools_[pool_index(lg, PoolKind::Firm)];
    // Grid workers: case hours worked plus reporting, patrols and visits, of their working hours.
    const double used = w.busy_area() * case_rate_[lg] + GridWorkers::overhead_per_week(P, households[lg], w.servers()) * weeks;
    const double available = w.servers() * P.grid.hours_per_week * weeks;
    m.grids[lg].worker_busy = used;
    m.grids[lg].worker_capacity = available;
    m.worker_busy += used;
    m.worker_capacity += available;
    m.worker_queue_area += w.queue_area();
    m.firm_busy += f.busy_area();
    m.firm_capacity += f.servers() * span;
  }
  StaffHours& st = m.staff;
  st.add_available(Staff::Workers, m.worker_capacity);
  st.add_used(Staff::Workers, m.worker_busy);
  st.add_available(Staff::FirmStaff, m.firm_capacity * kServerWorkingShare);
  st.add_used(Staff::FirmStaff, m.firm_busy * kServerWorkingShare);
  st.add_available(Staff::Members, party_.hours_available_per_month() * months);
  st.add_used(Staff::Members, party_.hours_used_per_month() * months + mediation_hours_member_ + member_order_hours_ +
                                  deliberation_.member_hours);
  const auto leads = static_cast<double>(this->leads());
  st.add_available(Staff::Leads, leads * P.leads.hours_per_week * weeks);
  st.add_used(Staff::Leads, leads * P.leads.walk_hours_per_week * weeks + mediation_hours_lead_);
  if (P.volunteers.enabled || P.volunteers.orders) {
    const double hh = static_cast<double>(hh_count_);
    st.add_available(Staff::Volunteers,
                     hh * ctx_.spec->volunteers.per_household * ctx_.spec->volunteers.hours_per_month * months);
    st.add_used(Staff::Volunteers, hh * P.volunteers.unpaid_hours_per_household_month * months + volunteer_order_hours_);
  }
  m.events = loop_.events();
  lc_.finish();
}

}  // namespace gridgov::models
