#include "models/world/World.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/mechanisms/microgrids/Microgrids.hpp"
#include "models/mechanisms/property_firms/PropertyFirms.hpp"

namespace gridgov::models {

std::shared_ptr<const Geography> build_geography(const ScenarioSpec& spec) {
  if (spec.geo_source == "csv") {
    try {
      return std::make_shared<const Geography>(
          load_buildings_csv(spec.buildings_csv, spec.link_radius, spec.buildings_per_microgrid));
    } catch (const GeographyError& e) {
      throw schema::InputError(e.what());
    }
  }
  LatticeSpec ls{static_cast<std::uint32_t>(spec.communities), static_cast<std::uint32_t>(spec.grids_per_community),
                 static_cast<std::uint32_t>(spec.buildings_per_grid), static_cast<std::uint32_t>(spec.households_per_building),
                 spec.buildings_per_microgrid};
  return std::make_shared<const Geography>(make_lattice(ls));
}

World::World(const ScenarioSpec& spec, const Geography& geo, std::uint32_t replicate) : spec_(spec) {
  policy_ = std::make_unique<Runtime>(spec_);
  ctx_.spec = &spec_;
  ctx_.policy = policy_.get();
  ctx_.geo = &geo;
  ctx_.seed = static_cast<std::uint64_t>(spec_.seed);
  ctx_.replicate = replicate;
  ctx_.horizon_h = static_cast<double>(spec_.days) * 24.0;
  ctx_.warmup_h = static_cast<double>(spec_.warmup_days) * 24.0;
  ctx_.days = static_cast<std::uint32_t>(spec_.days);
  ctx_.firm_count = static_cast<std::uint32_t>(spec_.firms.firm_count);
  ctx_.issue_log = spec_.issue_log;

  // Estates (grids) are dealt to firms in turn, so a firm serves estates in several communities.
  std::vector<std::uint64_t> firm_households(ctx_.firm_count, 0);
  for (std::uint32_t g = 0; g < geo.grids; ++g)
    for (std::uint32_t b = geo.grid_first_building[g]; b < geo.grid_first_building[g + 1]; ++b)
      firm_households[PropertyFirms::firm_of_grid(g, ctx_.firm_count)] += geo.buildings[b].households;
  district_ = std::make_unique<District>(ctx_, firm_households);
  ctx_.firm_quality = &district_->firm_quality();

  communities_.reserve(geo.communities);
  for (std::uint32_t c = 0; c < geo.communities; ++c) communities_.emplace_back(c, ctx_);
  tbb::parallel_for(std::size_t{0}, communities_.size(), [&](std::size_t c) { communities_[c].build(); });
  link_members();
  tbb::parallel_for(std::size_t{0}, communities_.size(), [&](std::size_t c) { communities_[c].start(); });

  interventions_ = std::make_unique<Interventions>(spec_);
  microgrid_week_ = Microgrids::week(*policy_, geo);
}

void World::accrue_microgrid_hours(double t) {
  const double from = std::max(microgrid_accrued_to_, ctx_.warmup_h);
  if (t > from) {
    microgrid_hours_available_ += microgrid_week_.hours_available * (t - from) / 168.0;
    microgrid_hours_used_ += microgrid_week_.hours_used * (t - from) / 168.0;
  }
  microgrid_accrued_to_ = std::max(microgrid_accrued_to_, t);
}

void World::link_members() {
  std::vector<std::vector<std::uint32_t>> planned(communities_.size());
  tbb::parallel_for(std::size_t{0}, communities_.size(), [&](std::size_t c) { planned[c] = communities_[c].plan_members(); });
  std::vector<std::uint32_t> sources, first(communities_.size() + 1, 0);
  for (std::size_t c = 0; c < communities_.size(); ++c) {
    first[c] = static_cast<std::uint32_t>(sources.size());
    sources.insert(sources.end(), planned[c].begin(), planned[c].end());
  }
  first[communities_.size()] = static_cast<std::uint32_t>(sources.size());
  std::vector<std::uint32_t> link;
  std::vector<std::uint16_t> hops;
  if (!sources.empty()) {
    std::vector<std::uint32_t> capacity(sources.size(), policy_->party.households_per_member);
    link = link_nearest_with_capacity(*ctx_.geo, sources, capacity, &hops);
  }
  tbb::parallel_for(std::size_t{0}, communities_.size(), [&](std::size_t c) {
    Community& com = communities_[c];
    const std::size_t h0 = ctx_.geo->building_first_household[ctx_.geo->grid_first_building[com.first_grid()]];
    std::span<const std::uint32_t> l;
    std::span<const std::uint16_t> hp;
    if (!link.empty()) {
      l = std::span<const std::uint32_t>(link).subspan(h0, com.households());
      hp = std::span<const std::uint16_t>(hops).subspan(h0, com.households());
    }
    com.set_members(std::move(planned[c]), l, hp, first[c]);
  });
}

void World::synchronise(double t_end) {
  district_->process(t_end, communities_);
  district_->review(t_end, communities_);
  if (!interventions_->apply_due(spec_, t_end)) return;
  accrue_microgrid_hours(t_end);  // at the rates of the policy that ends here
  *policy_ = Runtime(spec_);
  microgrid_week_ = Microgrids::week(*policy_, *ctx_.geo);
  ++ctx_.epoch;
  link_members();
  district_->apply_policy(t_end);
  tbb::parallel_for(std::size_t{0}, communities_.size(), [&](std::size_t c) { communities_[c].apply_policy(t_end); });
}

void World::run(const std::function<void(double)>& on_window) {
  engine::RunOptions opt;
  opt.horizon_hours = ctx_.horizon_h;
  opt.window_hours = spec_.window_hours;
  opt.on_window = on_window;
  // Interventions at day 0 apply before anything happens.
  synchronise(0.0);
  engine::run_windows(*this, opt);
  accrue_microgrid_hours(ctx_.horizon_h);
  for (auto& c : communities_) c.finish(ctx_.horizon_h);
  district_->finish(ctx_.horizon_h, communities_);
}

ReplicateMetrics World::collect() {
  ReplicateMetrics r;
  const Geography& g = *ctx_.geo;
  r.replicate = ctx_.replicate;
  r.seed = ctx_.seed;
  r.household_size = spec_.household_size;
  r.hours = ctx_.horizon_h - ctx_.warmup_h;
  r.grids.resize(g.grids);
  r.grid_community = g.grid_community;
  r.grid_households.assign(g.grids, 0);
  r.grid_firm.resize(g.grids);
  for (std::uint32_t gi = 0; gi < g.grids; ++gi) {
    for (std::uint32_t b = g.grid_first_building[gi]; b < g.grid_first_building[gi + 1]; ++b)
      r.grid_households[gi] += g.buildings[b].households;
    r.grid_firm[gi] = PropertyFirms::firm_of_grid(gi, ctx_.firm_count);
  }
  r.days.resize(ctx_.days);
  r.day_types.resize(ctx_.days);
  r.communities.reserve(communities_.size());
  double sat = 0, trust = 0;
  std::uint64_t satisfied = 0;
  for (const Community& c : communities_) {
    const PartitionMetrics& m = c.metrics();
    r.households += c.households();
    r.members += c.members();
    r.central_members += c.central_members();
    r.leads += c.leads();
    r.workers += c.workers();
    r.c.merge(m.c);
    r.resolve_hist.merge(m.resolve_hist);
    for (std::uint32_t lg = 0; lg < c.grid_count(); ++lg) r.grids[c.first_grid() + lg].merge(m.grids[lg]);
    for (std::size_t d = 0; d < r.days.size(); ++d) r.days[d].merge(m.days[d]);
    merge_days(r.day_types, m.day_types);
    r.worker_busy += m.worker_busy;
    r.worker_capacity += m.worker_capacity;
    r.firm_busy += m.firm_busy;
    r.firm_capacity += m.firm_capacity;
    r.worker_queue_area += m.worker_queue_area;
    r.staff.merge(m.staff);
    r.events += c.events();
    sat += c.satisfaction_sum();
    satisfied += c.satisfied();
    trust += c.trust_sum();
    r.vulnerable_households += c.vulnerable();
    r.communities.push_back(CommunityStats{c.grid_count(), c.households(), c.members(), c.central_members(), c.leads(),
                                           c.workers(), m.c.raised, m.c.resolved, m.c.complaints, m.c.resolve_hours,
                                           c.satisfaction_sum()});
    const auto fs = c.final_states();
    for (std::size_t i = 0; i < fs.size(); ++i) r.final_states[i] += fs[i];
  }
  r.satisfaction_mean = r.households ? sat / static_cast<double>(r.households) : 0;
  r.satisfied_share = r.households ? static_cast<double>(satisfied) / static_cast<double>(r.households) : 0;
  r.trust_mean = r.households ? trust / static_cast<double>(r.households) : 0;
  r.dept_busy = district_->dept_busy();
  r.dept_capacity = district_->dept_capacity();
  r.staff.add_available(Staff::DeptStaff, r.dept_capacity * kServerWorkingShare);
  r.staff.add_used(Staff::DeptStaff, r.dept_busy * kServerWorkingShare);
  const CostsRuntime& cost = policy_->costs;
  r.cost_paid = r.staff.available[index_of(Staff::Workers)] * cost.grid_worker_hour +
                r.staff.used[index_of(Staff::FirmStaff)] * cost.firm_staff_hour +
                r.staff.available[index_of(Staff::DeptStaff)] * cost.department_staff_hour;
  for (std::size_t k = 0; k < kStaffKinds; ++k)
    if (!kStaffPaid[k]) r.unpaid_hours += r.staff.used[k];
  r.unpaid_hours += microgrid_hours_used_;  // micro-grid leads (models/mechanisms/microgrids/)
  r.cost_unpaid = r.unpaid_hours * cost.unpaid_hour;
  r.hotline_contacts = district_->hotline_contacts();
  r.firms_blacklisted = district_->blacklisted();
  r.firms_redlisted = district_->redlisted();
  r.firms_replaced = district_->replaced();
  r.departments = district_->departments();
  r.firm_periods = district_->firm_periods();
  r.microgrid_leads = microgrid_week_.leads;
  r.microgrid_hours_available = microgrid_hours_available_;
  r.microgrid_hours_used = microgrid_hours_used_;
  return r;
}

std::vector<IssueLogRow> World::issue_log() const {
  std::vector<IssueLogRow> out;
  for (const Community& c : communities_) out.insert(out.end(), c.issue_log().begin(), c.issue_log().end());
  return out;
}

}  // namespace gridgov::models
