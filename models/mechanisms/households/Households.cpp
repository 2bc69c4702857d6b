#include "models/mechanisms/households/Households.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "models/geography/Geography.hpp"

namespace gridgov::models {

void Households::init(const Context& ctx, std::uint32_t community, std::uint64_t first, std::uint64_t count,
                      std::uint32_t first_grid, std::uint32_t grids) {
  const Geography& g = *ctx.geo;
  const std::uint32_t b0 = g.grid_first_building[first_grid], b1 = g.grid_first_building[first_grid + grids];
  hh_.assign(count, Record{1.0f, kNone, 0, 0, 0, 0});
  mood_.assign(count, Mood{static_cast<float>(ctx.policy->households.initial_satisfaction),
                           static_cast<float>(ctx.policy->households.trust_initial)});
  grid_households_.assign(grids, 0);
  for (std::uint32_t b = b0; b < b1; ++b) {
    const auto lg = static_cast<std::uint16_t>(g.buildings[b].grid - first_grid);
    for (std::uint64_t h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h) hh_[h - first].grid = lg;
    grid_households_[lg] += g.buildings[b].households;
  }
  // Reporting propensity: lognormal with mean 1, from the household's own stream.
  const double sd = ctx.spec->households.propensity_sd;
  const double s2 = std::log1p(sd * sd), mu = -0.5 * s2;
  const RunKeys keys{ctx.seed, ctx.replicate};
  for (std::size_t h = 0; h < count; ++h) {
    random::Stream s = keys.stream(first + h, streams::kHousehold);
    hh_[h].propensity = sd > 0 ? static_cast<float>(std::exp(mu + std::sqrt(s2) * random::sample_standard_normal(s))) : 1.0f;
    // Vulnerability: block 1 of the same stream (a policy-free draw: common random numbers).
    s.seek(1);
    if (s.uniform() < ctx.spec->households.vulnerable_share) hh_[h].flags |= kVulnerable;
  }
  // Service stations' circles (15-minute party-mass service circle).
  const auto k = static_cast<std::uint32_t>(ctx.spec->stations_per_community);
  if (k > 0) {
    const auto sites = spread_sites(g, community, k);
    const double mph = ctx.spec->minutes_per_hop;
    const std::uint32_t max_hops =
        mph > 0 ? static_cast<std::uint32_t>(std::floor(ctx.spec->service_circle_minutes / mph)) : 1u << 30;
    const auto hops = g.hops_from_any(sites, max_hops);
    for (std::uint32_t b = b0; b < b1; ++b)
      if (hops[b] != std::numeric_limits<std::uint32_t>::max())
        for (std::uint64_t h = g.building_first_household[b]; h < g.building_first_household[b + 1]; ++h)
          hh_[h - first].flags |= kInCircle;
  }
  satisfaction_total_ = ctx.policy->households.initial_satisfaction * static_cast<double>(count);
}

double Households::next_arrival_gap(const Context& ctx, const Lifecycle& lc, std::uint32_t h, std::uint32_t index) const {
  random::Stream s = RunKeys{ctx.seed, ctx.replicate}.stream(lc.household_global(h), streams::kIssues);
  s.seek(streams::issue_block(index, streams::kGapAndType));
  return -std::log(s.uniform()) / ctx.policy->households.issue_rate_per_hour;
}

void Households::draw_issue(const Context& ctx, const Lifecycle& lc, Issue& is) const {
  const Runtime& P = *ctx.policy;
  const Record& hh = hh_[is.household];
  random::Stream s = RunKeys{ctx.seed, ctx.replicate}.stream(lc.household_global(is.household), streams::kIssues);
  s.seek(streams::issue_block(is.index, streams::kGapAndType));
  (void)s.uniform();  // the gap before this issue
  const double u_type = s.uniform() * P.households.issue_rate_per_hour;
  std::uint8_t type = 0;
  while (type + 1u < kIssueTypes && u_type >= P.households.type_cumulative[type]) ++type;
  is.type = type;
  const TypePolicy& tp = P.households.types[type];
  s.seek(streams::issue_block(is.index, streams::kSeverityNature));
  const double u_sev = s.uniform(), u_nat = s.uniform();
  is.severity = u_sev < tp.minor_share ? 0 : (u_sev >= 1.0 - tp.urgent_share ? 2 : 1);
  is.nature = u_nat < tp.collective_share
                  ? Nature::Collective
                  : (u_nat < tp.collective_share + tp.escalate_share ? Nature::Escalate : Nature::Ordinary);
  s.seek(streams::issue_block(is.index, streams::kNeed));
  is.need = (hh.flags & kVulnerable) != 0 && s.uniform() < P.households.unreported_share;
  // The channel: the hotline's weight scales with distrust of local channels.
  s.seek(streams::issue_block(is.index, streams::kChannel));
  std::array<double, kVias> w = P.households.via_weight;
  const double distrust0 = 1.0 - P.households.trust_initial;
  w[byte_of(Via::Hotline)] *= distrust0 > 0 ? (1.0 - static_cast<double>(mood_[is.household].trust)) / distrust0 : 1.0;
  double u_via = s.uniform() * (w[0] + w[1] + w[2] + w[3] + w[4]);
  std::uint8_t via = 0;
  while (via + 1u < kVias && u_via >= w[via]) u_via -= w[via++];
  // A channel the household does not have falls back to the grid worker.
  if ((via == byte_of(Via::Member) && (!P.party.party || hh.member == kNone)) || (via == byte_of(Via::Lead) && !P.leads.leads) ||
      (via == byte_of(Via::Firm) && (!P.firms.firms || tp.handler != kHandlerFirm)) ||
      (via == byte_of(Via::Hotline) && !P.hotline.hotline))
    via = byte_of(Via::Grid);
  is.via = via;
  s.seek(streams::issue_block(is.index, streams::kPatience));
  is.patience = static_cast<float>(P.households.patience.sample(s));
}

double Households::report_time(const Context& ctx, const Lifecycle& lc, const Issue& is) const {
  random::Stream s = RunKeys{ctx.seed, ctx.replicate}.stream(lc.household_global(is.household), streams::kIssues);
  if (is.need) return Lifecycle::kInf;
  s.seek(streams::issue_block(is.index, streams::kReportDelay));
  double prop = hh_[is.household].propensity;
  if (hh_[is.household].flags & kInCircle) prop *= ctx.policy->households.circle_factor;
  const double delay = ctx.policy->households.report_delay.sample(s);
  return prop > 0 ? is.t_raised + delay / prop : Lifecycle::kInf;
}

void Households::after_resolution(const Runtime& P, const Issue& is, double hours, bool local) {
  const double D = deadline(P, is);
  double perf = hours <= D ? 1.0 : D / hours;
  perf = std::clamp(perf - P.households.complaint_penalty * is.complaints, 0.0, 1.0);
  float& sat = mood_[is.household].satisfaction;
  const double next = static_cast<double>(sat) + P.households.satisfaction_rate * (perf - static_cast<double>(sat));
  satisfaction_total_ += next - static_cast<double>(sat);
  sat = static_cast<float>(next);
  float& tr = mood_[is.household].trust;
  tr = static_cast<float>(tr + P.households.trust_rate * ((local ? perf : 0.0) - tr));
}

void Households::after_complaint(const Runtime& P, std::uint32_t h) {
  float& sat = mood_[h].satisfaction;
  const double next = static_cast<double>(sat) * (1.0 - P.households.satisfaction_rate);
  satisfaction_total_ += next - static_cast<double>(sat);
  sat = static_cast<float>(next);
  float& tr = mood_[h].trust;
  tr = static_cast<float>(tr * (1.0 - P.households.trust_rate));
}

double Households::trust_sum() const {
  double s = 0;
  for (const Mood& x : mood_) s += x.trust;
  return s;
}

std::uint64_t Households::vulnerable() const {
  std::uint64_t n = 0;
  for (const Record& r : hh_) n += (r.flags & kVulnerable) != 0;
  return n;
}

double Households::satisfaction_sum() const {
  double s = 0;
  for (const Mood& x : mood_) s += x.satisfaction;
  return s;
}

std::uint64_t Households::satisfied() const {
  std::uint64_t n = 0;
  for (const Mood& x : mood_) n += x.satisfaction >= 0.6f;
  return n;
}

}  // namespace gridgov::models
