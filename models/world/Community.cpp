#include "models/world/Community.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace gridgov::models {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint64_t kIssueBlocks = 16;  ///< blocks of the Issues stream per issue (report delay from block 4, patience from block 10)

/// Deterministic phase in [0,1) of a periodic schedule, from a 64-bit key.
double phase_of(std::uint64_t key) {
  std::uint64_t z = key * 0xD1B54A32D192ED03ull + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

/// First time after t at which a periodic visitor (period T hours, phase φ in [0,1)) finds an
/// issue, each visit succeeding with probability p (log1mp = log(1 - p), precomputed); u is the
/// uniform that decides how many visits it takes (geometric). Poisson timing: exponential with
/// mean T/p. When even the next visit is not before `best`, that visit's time is returned without
/// drawing the number of visits (it cannot win; the result is the same as without the shortcut).
double detect_time(double t, double period, double phase, double p, double log1mp, double u, bool poisson, double best) {
  if (!(p > 0) || !std::isfinite(period)) return kInf;
  if (poisson) return t - std::log(u) * period / p;
  const double k0 = std::floor(t / period - phase) + 1.0;
  if ((k0 + phase) * period >= best) return (k0 + phase) * period;
  double trials = 1.0;
  if (p < 1.0) trials = std::max(1.0, std::ceil(std::log(u) / log1mp));
  return (k0 + trials - 1.0 + phase) * period;
}

/// Move a time to the next weekend evening (Saturday or Sunday 19:00) unless it already is a weekend.
double to_weekend(double t) {
  const double day = std::floor(t / 24.0);
  const auto dow = static_cast<long long>(day) % 7;  // day 0 is a Monday
  if (dow >= 5) return t;
  return (day + static_cast<double>(5 - dow)) * 24.0 + 19.0;
}
}  // namespace

Community::Community(std::uint32_t id, const Context& ctx) : ctx_(ctx), id_(id) {
  // Visiting schedules' phases differ between seeds and replicates.
  phase_key_ = rng::splitmix64(ctx.seed ^ (static_cast<std::uint64_t>(ctx.replicate) << 40));
  const Geography& g = *ctx.geo;
  grid0_ = g.community_first_grid[id];
  grids_ = g.community_first_grid[id + 1] - grid0_;
  const std::uint32_t b0 = g.grid_first_building[grid0_], b1 = g.grid_first_building[grid0_ + grids_];
  hh0_ = g.building_first_household[b0];
  hh_count_ = g.building_first_household[b1] - hh0_;
  const std::size_t H = hh_count_;
  hh_.assign(H, Household{1.0f, kNone, 0, 0, 0, 0});
  satisfaction_.assign(H, static_cast<float>(ctx.policy->initial_satisfaction));
  grid_households_.assign(grids_, 0);
  for (std::uint32_t b = b0; b < b1; ++b) {
    const auto lg = static_cast<std::uint16_t>(g.buildings[b].grid - grid0_);
    for (std::uint64_t h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h)
      hh_[h - hh0_].grid = lg;
    grid_households_[lg] += g.buildings[b].households;
  }
  // Reporting propensity: lognormal with mean 1, from the household's own stream.
  const double sd = ctx.spec->propensity_sd;
  const double s2 = std::log1p(sd * sd), mu = -0.5 * s2;
  for (std::size_t h = 0; h < H; ++h) {
    rng::Stream s(ctx.seed, ctx.replicate, household_global(static_cast<std::uint32_t>(h)), rng::Purpose::Household);
    hh_[h].propensity = sd > 0 ? static_cast<float>(std::exp(mu + std::sqrt(s2) * rng::sample_standard_normal(s))) : 1.0f;
  }
  // Service stations' circles (15-minute party-mass service circle).
  const std::uint32_t k = static_cast<std::uint32_t>(ctx.spec->stations_per_community);
  if (k > 0) {
    const auto sites = spread_sites(g, id, k);
    const double mph = ctx.spec->minutes_per_hop;
    const std::uint32_t max_hops =
        mph > 0 ? static_cast<std::uint32_t>(std::floor(ctx.spec->service_circle_minutes / mph)) : 1u << 30;
    const auto hops = g.hops_from_any(sites, max_hops);
    for (std::uint32_t b = b0; b < b1; ++b)
      if (hops[b] != std::numeric_limits<std::uint32_t>::max())
        for (std::uint64_t h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h)
          hh_[h - hh0_].circle = 1;
  }
  satisfaction_total_ = ctx.policy->initial_satisfaction * static_cast<double>(H);
  pools_.resize(static_cast<std::size_t>(grids_) * kPoolKinds);
  m_.grids.resize(grids_);
  m_.days.resize(ctx.days);
  firm_complaints_.assign(ctx.firm_count, 0);
  queue_.reserve(1024);
  issues_.reserve(H / 8 + 64);
}

std::vector<std::uint32_t> Community::plan_members() const {
  std::vector<std::uint32_t> buildings;
  const Policy& P = *ctx_.policy;
  if (!P.party) return buildings;
  const auto H = static_cast<double>(hh_count_);
  const auto M = static_cast<std::uint64_t>(std::llround(P.members_per_household * H));
  const Geography& g = *ctx_.geo;
  buildings.reserve(M);
  for (std::uint64_t k = 0; k < M; ++k) {
    const auto home = hh0_ + static_cast<std::uint64_t>((static_cast<double>(k) + 0.5) * H / static_cast<double>(M));
    const auto it = std::upper_bound(g.building_first_household.begin(), g.building_first_household.end(), home);
    buildings.push_back(static_cast<std::uint32_t>(it - g.building_first_household.begin() - 1));
  }
  return buildings;
}

void Community::set_members(std::vector<std::uint32_t> buildings, std::span<const std::uint32_t> link,
                            std::span<const std::uint16_t> hops, std::uint32_t first_source) {
  const Policy& P = *ctx_.policy;
  member_building_ = std::move(buildings);
  const std::size_t M = member_building_.size();
  member_.assign(M, MemberHot{0.0, 0.0f, 0});
  member_effort_.assign(M, 1.0f);
  central_ = P.members_per_central > 0 ? static_cast<std::uint32_t>((M + P.members_per_central - 1) / P.members_per_central) : 0;
  std::vector<double> load(M, 0.0);
  const double visits = std::isfinite(P.member_period_h) ? kHoursPerMonth / P.member_period_h : 0.0;
  for (std::size_t h = 0; h < hh_count_; ++h) {
    const std::uint32_t src = link.empty() ? kNone : link[h];
    hh_[h].member = (src == kNone || src < first_source || src >= first_source + M) ? kNone : src - first_source;
    const std::uint16_t hop = hops.empty() ? 0 : hops[h];
    if (hh_[h].member != kNone)
      load[hh_[h].member] += visits * (P.visit_minutes + 2.0 * hop * P.minutes_per_hop) / 60.0;
  }
  m_.member_hours_used = m_.member_hours_available = 0;
  member_hours_per_month_used_ = member_hours_per_month_available_ = 0;
  for (std::size_t k = 0; k < M; ++k) {
    // The member's home household keys the member's own stream (block k keeps members apart).
    rng::Stream s(ctx_.seed, ctx_.replicate, static_cast<std::uint32_t>(hh0_ + (k * hh_count_) / std::max<std::size_t>(M, 1)),
                  rng::Purpose::Staff);
    s.seek(k);
    const double u_kind = s.uniform(), u_effort = s.uniform();
    const std::uint8_t kind = u_kind < P.kind_cumulative[0] ? 0 : (u_kind < P.kind_cumulative[1] ? 1 : 2);
    double effort = P.effort_min + (P.effort_max - P.effort_min) * u_effort;
    if (P.points) effort += P.points_gain * (1.0 - effort);
    const double budget = load[k] > P.member_hours_month && load[k] > 0 ? P.member_hours_month / load[k] : 1.0;
    member_effort_[k] = static_cast<float>(effort);
    MemberHot& mh = member_[k];
    mh.kind = kind;
    mh.pvisit = static_cast<float>(P.member_detect * effort * budget * (kind == 2 ? P.mobile_share : 1.0));
    mh.log1mp = std::log1p(-static_cast<double>(mh.pvisit));
    member_hours_per_month_used_ += std::min(load[k], P.member_hours_month) * effort;
    member_hours_per_month_available_ += P.member_hours_month;
  }
  // Pool sizes follow the policy too.
  for (std::uint32_t lg = 0; lg < grids_; ++lg) {
    const std::uint32_t workers =
        P.workers_per_grid > 0
            ? static_cast<std::uint32_t>(P.workers_per_grid)
            : std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::llround(static_cast<double>(grid_households_[lg]) /
                                                                                   static_cast<double>(P.households_per_worker))));
    pools_[lg * kPoolKinds + 0].set_servers(workers);
    pools_[lg * kPoolKinds + 1].set_servers(std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>((grid_households_[lg] + P.households_per_staff - 1) / P.households_per_staff)));
    pools_[lg * kPoolKinds + 2].set_servers(1);
  }
}

std::uint32_t Community::leads() const {
  const Policy& P = *ctx_.policy;
  if (!P.leads) return 0;
  return static_cast<std::uint32_t>((hh_count_ + P.households_per_lead - 1) / P.households_per_lead);
}

std::uint32_t Community::workers() const {
  std::uint32_t w = 0;
  for (std::uint32_t lg = 0; lg < grids_; ++lg) w += pools_[lg * kPoolKinds].servers();
  return w;
}

rng::Stream Community::issue_stream(std::uint32_t h) const {
  return rng::Stream(ctx_.seed, ctx_.replicate, household_global(h), rng::Purpose::Issues);
}

rng::Stream Community::routing_stream(Issue& is) {
  rng::Stream s(ctx_.seed, ctx_.replicate, household_global(is.household), rng::Purpose::Routing);
  s.seek((static_cast<std::uint64_t>(is.index) << 20) + static_cast<std::uint64_t>(is.step) * 4);
  ++is.step;
  return s;
}

double Community::next_arrival_gap(std::uint32_t h, std::uint32_t index) const {
  rng::Stream s = issue_stream(h);
  s.seek(static_cast<std::uint64_t>(index) * kIssueBlocks);
  return -std::log(s.uniform()) / ctx_.policy->issue_rate_per_hour;
}

double Community::report_time(const Issue& is) const {
  rng::Stream s = issue_stream(is.household);
  s.seek(static_cast<std::uint64_t>(is.index) * kIssueBlocks + 4);
  double prop = hh_[is.household].propensity;
  if (hh_[is.household].circle) prop *= ctx_.policy->circle_factor;
  const double delay = ctx_.policy->report_delay.sample(s);
  return prop > 0 ? is.t_raised + delay / prop : kInf;
}

std::uint32_t Community::new_issue() {
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

void Community::release_if_unreferenced(std::uint32_t id) {
  const Issue& is = issues_[id];
  // Reused only when closed and nothing names it: no event, no line entry, no meeting-list entry.
  if (is.state == IssueState::Resolved && is.pending == 0 && is.ring_refs == 0 && !is.listed) release(id);
}

void Community::release(std::uint32_t id) {
  issues_[id].household = free_head_;
  issues_[id].state = IssueState::Resolved;
  issues_[id].pending = 0xFF;  // marks a free record
  free_head_ = id;
}

void Community::schedule(double t, std::uint32_t kind, std::uint32_t id) {
  ++issues_[id].pending;
  queue_.push(t, kind, id);
}

std::uint32_t Community::pool_of(const Issue& is, PoolKind k) const {
  return static_cast<std::uint32_t>(is.grid) * kPoolKinds + static_cast<std::uint32_t>(k);
}

double Community::deadline_of(const Issue& is) const {
  const std::uint8_t cls = is.severity == 2 ? 0 : ctx_.policy->types[is.type].deadline;
  return ctx_.policy->deadline_hours[cls];
}

double Community::plan_detection(const Issue& is, double t_from, std::uint8_t& found) const {
  const Policy& P = *ctx_.policy;
  const std::uint32_t h = is.household;
  const std::uint64_t hg = household_global(h);
  rng::Stream s(ctx_.seed, ctx_.replicate, static_cast<std::uint32_t>(hg), rng::Purpose::Detection);
  s.seek((static_cast<std::uint64_t>(is.index) << 8) + static_cast<std::uint64_t>(ctx_.epoch) * 2);
  const double u_member = s.uniform(), u_lead = s.uniform(), u_patrol = s.uniform(), u_visit = s.uniform();
  double best = report_time(is);
  found = static_cast<std::uint8_t>(Found::Resident);
  auto consider = [&](double t, Found f) {
    if (t < best) best = t, found = static_cast<std::uint8_t>(f);
  };
  if (P.party && hh_[h].member != kNone) {
    const std::uint32_t m = hh_[h].member;
    const MemberHot& mh = member_[m];
    double t = detect_time(t_from, P.member_period_h, phase_of(phase_key_ ^ (hg * 4 + 1)), mh.pvisit, mh.log1mp,
                           u_member, P.poisson_visits, best);
    if (mh.kind == 1 && std::isfinite(t) && !P.poisson_visits) t = to_weekend(t);
    consider(t, Found::MemberVisit);
  }
  if (P.leads) {
    const std::uint64_t lead = (static_cast<std::uint64_t>(id_) << 32) | (h / P.households_per_lead);
    consider(detect_time(t_from, P.lead_period_h, phase_of(phase_key_ ^ (lead * 4 + 2)), P.lead_detect, P.lead_log1mp, u_lead,
                         P.poisson_visits, best),
             Found::LeadWalk);
  }
  if (P.types[is.type].patrol_visible) {
    const std::uint64_t grid = grid0_ + hh_[h].grid;
    consider(detect_time(t_from, P.patrol_period_h, phase_of(phase_key_ ^ (grid * 4 + 3)), P.patrol_detect, P.patrol_log1mp,
                         u_patrol, P.poisson_visits, best),
             Found::Patrol);
  }
  consider(detect_time(t_from, P.grid_visit_period_h, phase_of(phase_key_ ^ (hg * 4 + 0)), P.grid_visit_detect, P.grid_visit_log1mp,
                       u_visit, P.poisson_visits, best),
           Found::GridVisit);
  return std::max(best, t_from);
}

void Community::start() {
  const Policy& P = *ctx_.policy;
  if (P.issue_rate_per_hour > 0)
    for (std::uint32_t h = 0; h < hh_count_; ++h) queue_.push(next_arrival_gap(h, 0), kArrive, h);
  if (P.deliberation) {
    queue_.push(P.meeting_period_h * 0.5, kMeeting, 0);
    meeting_scheduled_ = true;
  }
  for (auto& pool : pools_) pool.reset_integrals(0);
}

void Community::advance(double t_end) {
  // The window's events are in the heap now; each community is revisited only once a window, so
  // what they touch has left the caches: ask for all of it at once rather than miss one by one.
  if (!queue_.empty()) {
    queue_.prefetch_next_buckets(16, 0);
    for (const sim::Event& e : queue_.near_events()) {
      if (e.kind() == kArrive) __builtin_prefetch(&hh_[e.target()]);
      else if (e.kind() != kMeeting) __builtin_prefetch(&issues_[e.target()]);
    }
    if (free_head_ != kNone) __builtin_prefetch(&issues_[free_head_]);
    // Second pass: the households of those issues and the members of the arriving issues'
    // households (loads that overlap one another).
    queue_.prefetch_next_buckets(16, 1);
    for (const sim::Event& e : queue_.near_events()) {
      if (e.kind() == kMeeting) continue;
      if (e.kind() == kArrive) {
        const std::uint32_t m = hh_[e.target()].member;
        if (m < member_.size()) __builtin_prefetch(&member_[m]);
        continue;
      }
      const std::uint32_t h = issues_[e.target()].household;
      if (h < hh_count_) __builtin_prefetch(&satisfaction_[h]);
    }
    // Each arrival's successor goes into a bucket days ahead, a cache miss per push. Push the
    // successors of the window's arrivals now, together, so that those misses overlap: compute
    // the times, prefetch the buckets, then push. on_arrive then skips its push (next_pushed).
    // The successors take earlier sequence numbers than they would have; the order of events is
    // unchanged, as arrival times (continuous) never tie with other events.
    arrivals_.clear();
    for (const sim::Event& e : queue_.near_events())
      if (e.kind() == kArrive && !hh_[e.target()].next_pushed) arrivals_.emplace_back(e.target(), e.time);
    for (auto& [h, t] : arrivals_) {
      t += next_arrival_gap(h, hh_[h].issues + 1);
      queue_.prefetch_push(t, 0);
    }
    for (const auto& [h, t] : arrivals_) queue_.prefetch_push(t, 1);
    for (const auto& [h, t] : arrivals_) {
      queue_.push(t, kArrive, h);
      hh_[h].next_pushed = 1;
    }
  }
  while (!queue_.empty() && queue_.top().time < t_end) {
    const sim::Event e = queue_.pop();
    while (e.time >= next_day_end_) snapshot_day();
    now_ = e.time;
    ++m_.events;
    const std::uint32_t target = e.target();
    switch (e.kind()) {
      case kArrive: on_arrive(e.time, target); continue;
      case kMeeting: on_meeting(e.time); continue;
      case kDetect: on_detect(e.time, target); break;
      case kPatience: on_patience(e.time, target); break;
      case kDone: on_done(e.time, target); break;
      case kReopen: on_reopen(e.time, target); break;
      case kDeptDone: on_dept_done(e.time, target); break;
      case kDispatch: on_dispatch(e.time, target); break;
      default: assert(false);
    }
    Issue& is = issues_[target];
    if (is.state == IssueState::Resolved) {
      release_if_unreferenced(target);
    } else if (!is.armed && is.t_complain < kInf) {
      arm_patience(target);
    }
  }
  while (next_day_end_ <= t_end + 1e-9) snapshot_day();
  now_ = t_end;
  m_.resolve_hist.add_all(resolve_times_);
  resolve_times_.clear();
}

void Community::serve_waiting(double t, std::uint32_t pool) {
  sim::ServerPool& sp = pools_[pool];
  while (sp.has_free_server() && sp.waiting() > 0) {
    const std::uint32_t next = sp.next(t, [&](std::uint32_t c, bool high) {
      Issue& x = issues_[c];
      --x.ring_refs;
      const bool valid = x.state == IssueState::Waiting && x.pool == pool && (high || !x.priority);
      // A closed record whose last line entry this was can now be reused.
      if (!valid) release_if_unreferenced(c);
      return valid;
    });
    if (next == sim::ServerPool::kNone) break;
    start_service(t, next, pool);
  }
}

void Community::arm_patience(std::uint32_t id) {
  Issue& is = issues_[id];
  // A state with a known end before the complaint time needs no timer yet: when it ends, the
  // issue is either resolved or looked at again here.
  const bool known_end = is.state == IssueState::InService || is.state == IssueState::FollowUp;
  if (known_end && is.t_pending < is.t_complain) return;
  is.armed = true;
  schedule(is.t_complain, kPatience, id);
}

void Community::snapshot_day() {
  if (day_ < m_.days.size()) {
    DayStats& d = m_.days[day_];
    d.open = open_all_;
    d.satisfaction_sum = satisfaction_total_;
    std::uint64_t q = 0;
    for (std::uint32_t lg = 0; lg < grids_; ++lg) q += pools_[lg * kPoolKinds].waiting();
    d.queue = q;
  }
  ++day_;
  if (std::fabs(next_day_end_ - ctx_.warmup_h) < 1e-9)
    for (auto& pool : pools_) pool.reset_integrals(next_day_end_);
  next_day_end_ = static_cast<double>(day_ + 1) * 24.0;
}

// ------------------------------------------------------------------------------------------
// Events

void Community::on_arrive(double t, std::uint32_t h) {
  const Policy& P = *ctx_.policy;
  const std::uint32_t k = hh_[h].issues++;
  // Unless advance() pushed it already, the next arrival is pushed last, into a bucket days ahead
  // whose memory is cold: prefetch it meanwhile. (Pushed after this issue's detection it takes the
  // next sequence number instead of the one before: the order of events is the same, as the two
  // never share a time.)
  const bool pushed = hh_[h].next_pushed != 0;
  hh_[h].next_pushed = 0;
  const double t_next = pushed ? 0.0 : t + next_arrival_gap(h, k + 1);
  if (!pushed) queue_.prefetch_push(t_next, 0);

  const std::uint32_t id = new_issue();
  Issue& is = issues_[id];
  is.household = h;
  is.grid = hh_[h].grid;
  is.index = k;
  is.t_raised = t;
  is.counted = t >= ctx_.warmup_h;
  rng::Stream s = issue_stream(h);
  s.seek(static_cast<std::uint64_t>(k) * kIssueBlocks);
  (void)s.uniform();  // the gap before this issue
  const double u_type = s.uniform() * P.issue_rate_per_hour;
  std::uint8_t type = 0;
  while (type + 1u < kIssueTypes && u_type >= P.type_cumulative[type]) ++type;
  is.type = type;
  const TypePolicy& tp = P.types[type];
  s.seek(static_cast<std::uint64_t>(k) * kIssueBlocks + 1);
  const double u_sev = s.uniform(), u_nat = s.uniform();
  is.severity = u_sev < tp.minor_share ? 0 : (u_sev >= 1.0 - tp.urgent_share ? 2 : 1);
  is.nature = u_nat < tp.collective_share ? Nature::Collective
                                          : (u_nat < tp.collective_share + tp.escalate_share ? Nature::Escalate : Nature::Ordinary);
  s.seek(static_cast<std::uint64_t>(k) * kIssueBlocks + 2);
  const double wsum = P.via_weight[0] + P.via_weight[1] + P.via_weight[2] + P.via_weight[3] + P.via_weight[4];
  double u_via = s.uniform() * wsum;
  std::uint8_t via = 0;
  while (via + 1u < kVias && u_via >= P.via_weight[via]) u_via -= P.via_weight[via++];
  // A channel the household does not have falls back to the grid worker.
  if ((via == static_cast<std::uint8_t>(Via::Member) && (!P.party || hh_[h].member == kNone)) ||
      (via == static_cast<std::uint8_t>(Via::Lead) && !P.leads) ||
      (via == static_cast<std::uint8_t>(Via::Firm) && (!P.firms || tp.handler != 1)) ||
      (via == static_cast<std::uint8_t>(Via::Hotline) && !P.hotline))
    via = static_cast<std::uint8_t>(Via::Grid);
  is.via = via;
  s.seek(static_cast<std::uint64_t>(k) * kIssueBlocks + 10);
  is.patience = static_cast<float>(P.patience.sample(s));
  if (!pushed) queue_.prefetch_push(t_next, 1);

  ++open_all_;
  m_.days[std::min<std::size_t>(day_, m_.days.size() - 1)].raised++;
  if (is.counted) {
    ++m_.c.raised;
    ++m_.grids[hh_[h].grid].raised;
    ++open_;
  }
  std::uint8_t found = 0;
  is.t_pending = plan_detection(is, t, found);
  is.found = found;
  if (std::isfinite(is.t_pending)) schedule(is.t_pending, kDetect, id);
  if (!pushed) queue_.push(t_next, kArrive, h);
}

void Community::on_detect(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  if (is.state != IssueState::Latent || t != is.t_pending) return;  // re-planned after a policy change
  const Policy& P = *ctx_.policy;
  is.t_known = t;
  const bool proactive = is.found != static_cast<std::uint8_t>(Found::Resident);
  if (is.counted) {
    ++m_.c.known;
    ++m_.c.found[is.found];
    m_.c.find_hours += t - is.t_raised;
    if (proactive) ++m_.grids[is.grid].proactive;
    else ++m_.c.via[is.via];
  }
  if (proactive) m_.days[std::min<std::size_t>(day_, m_.days.size() - 1)].proactive++;
  is.t_complain = P.max_complaints > 0 ? t + static_cast<double>(is.patience) : kInf;
  if (!proactive && is.via == static_cast<std::uint8_t>(Via::Hotline)) {
    is.state = IssueState::WithHotline;
    if (is.counted) ++m_.c.complaints_direct;
    complain(t, id);
    return;
  }
  Role role = Role::Grid;
  if (is.found == static_cast<std::uint8_t>(Found::MemberVisit) || (!proactive && is.via == static_cast<std::uint8_t>(Via::Member)))
    role = Role::Member;
  else if (is.found == static_cast<std::uint8_t>(Found::LeadWalk) || (!proactive && is.via == static_cast<std::uint8_t>(Via::Lead)))
    role = Role::Lead;
  (void)P;
  route(t, id, role);
}

void Community::on_patience(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  is.armed = false;
  if (is.state == IssueState::Resolved) return;
  const Policy& P = *ctx_.policy;
  is.t_complain = kInf;
  if (is.complaints >= P.max_complaints) return;
  if (P.complain_unstarted) {
    // Queue-theory mode: complain only while nobody has started; the case leaves the line.
    if (is.state == IssueState::Waiting) {
      if (P.hotline) {
        pools_[is.pool].remove_waiting(t);
        is.state = IssueState::WithHotline;
        is.pool = kNoPool;
      }
      complain(t, id);
    } else if (is.state == IssueState::AtMeeting) {
      if (P.hotline) is.state = IssueState::WithHotline;
      complain(t, id);
    } else {
      return;
    }
  } else {
    complain(t, id);
  }
  if (P.repeat_patience > 0 && is.complaints < P.max_complaints)
    is.t_complain = t + static_cast<double>(is.patience) * P.repeat_patience;
}

void Community::complain(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  const Policy& P = *ctx_.policy;
  if (is.complaints < 255) ++is.complaints;
  m_.days[std::min<std::size_t>(day_, m_.days.size() - 1)].complaints++;
  if (is.counted) {
    ++m_.c.complaints;
    if (is.complaints == 1) ++m_.c.complained_issues;
    ++m_.grids[is.grid].complaints;
  }
  if (P.firms && P.types[is.type].handler == 1) ++firm_complaints_[(grid0_ + is.grid) % ctx_.firm_count];
  if (!P.hotline) return;
  rng::Stream s = routing_stream(is);
  Message msg;
  msg.time = t;
  msg.issue = id;
  msg.household = household_global(is.household);
  msg.issue_index = is.index;
  msg.kind = MessageKind::Complaint;
  msg.delay = P.forward_delay.sample(s);
  msg.to_department = P.dispatch_to_department;
  msg.department = P.types[is.type].department;
  outbox_.push_back(msg);
  ++is.pending;  // the forced dispatch will come back
}

void Community::on_dispatch(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  if (is.counted) ++m_.c.dispatches;
  is.priority = true;
  const Policy& P = *ctx_.policy;
  switch (is.state) {
    case IssueState::WithHotline:
    case IssueState::AtMeeting: route(t, id, Role::Dispatch); break;
    case IssueState::Waiting:
      if (P.dispatch_to_department) {
        pools_[is.pool].remove_waiting(t);
        is.pool = kNoPool;
        route(t, id, Role::Dispatch);
      } else {
        pools_[is.pool].promote(id);
        ++is.ring_refs;
      }
      break;
    default: break;  // latent, in service, at a department, in follow-up or resolved: nothing to speed up
  }
}

void Community::route(double t, std::uint32_t id, Role role) {
  Issue& is = issues_[id];
  const Policy& P = *ctx_.policy;
  const TypePolicy& tp = P.types[is.type];
  if (role == Role::Dispatch && P.dispatch_to_department) {
    whistle(t, id, tp.department);
    return;
  }
  rng::Stream s = routing_stream(is);
  const double u_mediate = s.uniform(), u_order = s.uniform();
  if ((role == Role::Member || role == Role::Lead) && is.severity == 0 && is.nature == Nature::Ordinary) {
    const bool member = role == Role::Member;
    if (u_mediate < (member ? P.member_mediate : P.lead_mediate)) {
      is.state = IssueState::InService;
      is.pool = kNoPool;
      is.by = static_cast<std::uint8_t>(member ? By::MemberMediation : By::LeadMediation);
      is.t_pending = t + P.mediate_hours;
      schedule(is.t_pending, kDone, id);
      return;
    }
  }
  if (is.nature == Nature::Escalate) {
    if (P.linkage && (tp.department == 0 || tp.department == 3)) {
      is.by = static_cast<std::uint8_t>(By::Linkage);
      to_pool(t, id, PoolKind::Linkage);
    } else {
      whistle(t, id, tp.department);
    }
    return;
  }
  const bool to_meeting = P.deliberation && role != Role::Dispatch && (is.nature == Nature::Collective || tp.handler == 2);
  if (to_meeting) {
    is.state = IssueState::AtMeeting;
    if (!is.listed) {
      is.listed = true;
      meeting_.push_back(id);
    }
    return;
  }
  if (tp.handler == 1 && P.firms) {
    is.by = static_cast<std::uint8_t>(By::Firm);
    to_pool(t, id, PoolKind::Firm);
    return;
  }
  if (P.orders && role != Role::Dispatch && u_order < P.orders_share) {
    is.state = IssueState::InService;
    is.pool = kNoPool;
    is.by = static_cast<std::uint8_t>(By::MemberOrder);
    rng::Stream st = routing_stream(is);
    is.t_pending = t + P.orders_time.sample(st) * tp.work_factor;
    schedule(is.t_pending, kDone, id);
    return;
  }
  is.by = static_cast<std::uint8_t>(By::GridWorker);
  to_pool(t, id, PoolKind::Workers);
}

void Community::to_pool(double t, std::uint32_t id, PoolKind kind) {
  Issue& is = issues_[id];
  const std::uint32_t pool = pool_of(is, kind);
  is.pool = static_cast<std::uint16_t>(pool);
  is.t_pending = t;
  if (pools_[pool].has_free_server()) {
    start_service(t, id, pool);
  } else {
    is.state = IssueState::Waiting;
    pools_[pool].enqueue(t, id, is.priority);
    ++is.ring_refs;
  }
}

void Community::start_service(double t, std::uint32_t id, std::uint32_t pool) {
  Issue& is = issues_[id];
  const Policy& P = *ctx_.policy;
  pools_[pool].start(t);
  is.state = IssueState::InService;
  is.pool = static_cast<std::uint16_t>(pool);
  const auto kind = static_cast<PoolKind>(pool % kPoolKinds);
  if (kind == PoolKind::Workers && is.counted) {
    ++m_.c.waited;
    if (t > is.t_pending) ++m_.c.waited_positive;
    m_.c.wait_hours += t - is.t_pending;
  }
  rng::Stream s = routing_stream(is);
  const double work = P.types[is.type].work_factor;
  double d = 0;
  if (kind == PoolKind::Workers) {
    d = P.grid_service.sample(s) * work;
  } else if (kind == PoolKind::Firm) {
    const double q = (*ctx_.firm_quality)[(grid0_ + pool / kPoolKinds) % ctx_.firm_count];
    d = P.firm_service.sample(s) * work / std::max(q, 0.05);
  } else {
    d = P.dept_time[P.types[is.type].department].sample(s) * P.linkage_factor;
  }
  is.t_pending = t + d;
  schedule(is.t_pending, kDone, id);
}

void Community::on_done(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  if (is.state != IssueState::InService) return;
  const Policy& P = *ctx_.policy;
  double reopen = P.reopen_prob;
  if (is.pool != kNoPool) {
    const std::uint32_t pool = is.pool;
    sim::ServerPool& sp = pools_[pool];
    sp.finish(t);
    is.pool = kNoPool;
    if (pool % kPoolKinds == static_cast<std::uint32_t>(PoolKind::Firm)) {
      const double q = (*ctx_.firm_quality)[(grid0_ + pool / kPoolKinds) % ctx_.firm_count];
      reopen = std::min(1.0, P.reopen_prob + P.reopen_slope * (1.0 - q));
    }
    serve_waiting(t, pool);
  } else if (is.by == static_cast<std::uint8_t>(By::MemberOrder)) {
    rng::Stream s = routing_stream(is);
    if (s.uniform() >= P.orders_success) {  // the member could not solve it: back to the grid
      is.by = static_cast<std::uint8_t>(By::GridWorker);
      to_pool(t, id, PoolKind::Workers);
      return;
    }
  }
  close(t, id, reopen);
}

void Community::close(double t, std::uint32_t id, double reopen_prob) {
  Issue& is = issues_[id];
  rng::Stream s = routing_stream(is);
  if (reopen_prob > 0 && s.uniform() < reopen_prob) {
    is.state = IssueState::FollowUp;
    if (is.passes < 255) ++is.passes;
    if (is.counted) ++m_.c.reopened;
    is.t_pending = t + ctx_.policy->followup.sample(s);
    schedule(is.t_pending, kReopen, id);
    return;
  }
  resolve(t, id);
}

void Community::on_reopen(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  if (is.state != IssueState::FollowUp) return;
  route(t, id, Role::Grid);
}

void Community::whistle(double t, std::uint32_t id, std::uint8_t department) {
  Issue& is = issues_[id];
  is.state = IssueState::AtDepartment;
  is.pool = kNoPool;
  is.by = static_cast<std::uint8_t>(By::Department);
  if (is.counted) ++m_.c.whistles;
  Message msg;
  msg.time = t;
  msg.issue = id;
  msg.household = household_global(is.household);
  msg.issue_index = is.index;
  msg.step = is.step++;
  msg.kind = MessageKind::Whistle;
  msg.department = department;
  outbox_.push_back(msg);
  ++is.pending;  // the department will report back
}

void Community::on_dept_done(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  --is.pending;
  if (is.state != IssueState::AtDepartment) return;
  is.state = IssueState::InService;
  close(t, id, ctx_.policy->reopen_prob);
}

void Community::on_meeting(double t) {
  const Policy& P = *ctx_.policy;
  meeting_scheduled_ = false;
  if (!P.deliberation) {
    // The meeting was abolished: pending issues go to the grid workers.
    for (std::uint32_t id : meeting_) {
      Issue& is = issues_[id];
      is.listed = false;
      if (is.state == IssueState::AtMeeting) {
        is.by = static_cast<std::uint8_t>(By::GridWorker);
        to_pool(t, id, PoolKind::Workers);
      } else {
        release_if_unreferenced(id);
      }
    }
    meeting_.clear();
    return;
  }
  ++m_.c.meetings_held;
  std::size_t keep = 0;
  for (std::size_t i = 0; i < meeting_.size(); ++i) {
    const std::uint32_t id = meeting_[i];
    Issue& is = issues_[id];
    if (is.state != IssueState::AtMeeting) {
      is.listed = false;
      release_if_unreferenced(id);
      continue;
    }
    rng::Stream s = routing_stream(is);
    if (s.uniform() < P.settle_prob_effective) {
      is.listed = false;
      is.state = IssueState::InService;
      is.by = static_cast<std::uint8_t>(By::Deliberation);
      if (is.counted) ++m_.c.settled;
      close(t, id, P.reopen_prob);
    } else if (++is.meetings >= P.max_meetings) {
      is.listed = false;
      whistle(t, id, 1);  // urban management
    } else {
      meeting_[keep++] = id;
    }
  }
  meeting_.resize(keep);
  queue_.push(t + P.meeting_period_h, kMeeting, 0);
  meeting_scheduled_ = true;
}

void Community::resolve(double t, std::uint32_t id) {
  Issue& is = issues_[id];
  const Policy& P = *ctx_.policy;
  is.state = IssueState::Resolved;
  is.pool = kNoPool;
  const double T = t - is.t_known;
  --open_all_;
  m_.days[std::min<std::size_t>(day_, m_.days.size() - 1)].resolved++;
  if (is.counted) {
    --open_;
    ++m_.c.resolved;
    ++m_.c.by[is.by];
    m_.c.resolve_hours += T;
    resolve_times_.push_back(T);  // into m_.resolve_hist at the end of the window, in this order
    if (T <= deadline_of(is)) ++m_.c.within_deadline;
    GridStats& g = m_.grids[is.grid];
    ++g.resolved;
    g.resolve_hours += T;
  }
  // Satisfaction moves by performance minus expectation.
  const double D = deadline_of(is);
  double perf = T <= D ? 1.0 : D / T;
  perf = std::clamp(perf - P.complaint_penalty * is.complaints, 0.0, 1.0);
  float& sat = satisfaction_[is.household];
  const double next = std::clamp(static_cast<double>(sat) + P.satisfaction_rate * (perf - P.expectation), 0.0, 1.0);
  satisfaction_total_ += next - static_cast<double>(sat);
  sat = static_cast<float>(next);
  if (ctx_.issue_log && is.counted) log_issue(is, t);
}

void Community::log_issue(const Issue& is, double t_resolved) {
  log_.push_back(IssueLogRow{household_global(is.household), is.index, is.type, is.severity,
                             static_cast<std::uint8_t>(is.nature), is.found, is.via, is.by,
                             static_cast<std::uint8_t>(is.state), is.complaints, is.passes,
                             grid0_ + is.grid, is.t_raised, is.t_known, t_resolved});
}

// ------------------------------------------------------------------------------------------
// Messages from the district and policy changes

void Community::deliver_department_done(double time, std::uint32_t id) {
  queue_.push(std::max(time, now_), kDeptDone, id);
}

void Community::deliver_dispatch(double time, std::uint32_t id) {
  queue_.push(std::max(time, now_), kDispatch, id);
}

void Community::apply_policy(double t) {
  const Policy& P = *ctx_.policy;
  // More servers: start waiting cases at once.
  for (std::uint32_t pool = 0; pool < pools_.size(); ++pool) serve_waiting(t, pool);
  // Latent issues: re-plan detection under the new visiting policy.
  for (std::uint32_t id = 0; id < issues_.size(); ++id) {
    Issue& is = issues_[id];
    if (is.pending == 0xFF || is.state != IssueState::Latent) continue;
    std::uint8_t found = 0;
    const double td = plan_detection(is, t, found);
    if (td != is.t_pending) {
      is.t_pending = td;
      is.found = found;
      if (std::isfinite(td)) schedule(td, kDetect, id);
    }
  }
  if (P.deliberation && !meeting_scheduled_) {
    queue_.push(t + P.meeting_period_h * 0.5, kMeeting, 0);
    meeting_scheduled_ = true;
  }
}

void Community::finish(double horizon) {
  m_.resolve_hist.add_all(resolve_times_);
  resolve_times_.clear();
  for (std::uint32_t lg = 0; lg < grids_; ++lg) {
    for (std::uint32_t k = 0; k < kPoolKinds; ++k) pools_[lg * kPoolKinds + k].advance(horizon);
    const sim::ServerPool& w = pools_[lg * kPoolKinds + 0];
    const sim::ServerPool& f = pools_[lg * kPoolKinds + 1];
    const double span = horizon - ctx_.warmup_h;
    m_.grids[lg].worker_busy = w.busy_area();
    m_.grids[lg].worker_capacity = w.servers() * span;
    m_.worker_busy += w.busy_area();
    m_.worker_capacity += w.servers() * span;
    m_.worker_queue_area += w.queue_area();
    m_.firm_busy += f.busy_area();
    m_.firm_capacity += f.servers() * span;
  }
  const double months = (horizon - ctx_.warmup_h) / kHoursPerMonth;
  m_.member_hours_used = member_hours_per_month_used_ * months;
  m_.member_hours_available = member_hours_per_month_available_ * months;
  if (ctx_.issue_log)
    for (const Issue& is : issues_)
      if (is.pending != 0xFF && is.counted && is.state != IssueState::Resolved) log_issue(is, std::nan(""));
}

double Community::satisfaction_sum() const {
  double s = 0;
  for (const float x : satisfaction_) s += x;
  return s;
}

std::uint64_t Community::satisfied() const {
  std::uint64_t n = 0;
  for (const float x : satisfaction_) n += x >= 0.6f;
  return n;
}

std::array<std::uint64_t, 8> Community::final_states() const {
  std::array<std::uint64_t, 8> out{};
  for (const Issue& is : issues_)
    if (is.pending != 0xFF && is.counted && is.state != IssueState::Resolved) ++out[static_cast<std::size_t>(is.state)];
  out[static_cast<std::size_t>(IssueState::Resolved)] = m_.c.resolved;
  return out;
}

}  // namespace gridgov::models
