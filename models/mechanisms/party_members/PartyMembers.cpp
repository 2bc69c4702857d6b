#include "models/mechanisms/party_members/PartyMembers.hpp"

#include <algorithm>
#include <cmath>

#include "models/geography/Geography.hpp"

namespace gridgov::models {

std::vector<std::uint32_t> PartyMembers::plan(const Context& ctx, std::uint64_t first_household, std::uint64_t households) {
  std::vector<std::uint32_t> buildings;
  const Runtime& P = *ctx.policy;
  if (!P.party.party) return buildings;
  const auto H = static_cast<double>(households);
  const auto M = static_cast<std::uint64_t>(std::llround(P.party.members_per_household * H));
  const Geography& g = *ctx.geo;
  buildings.reserve(M);
  for (std::uint64_t k = 0; k < M; ++k) {
    const auto home = first_household + static_cast<std::uint64_t>((static_cast<double>(k) + 0.5) * H / static_cast<double>(M));
    const auto it = std::upper_bound(g.building_first_household.begin(), g.building_first_household.end(), home);
    buildings.push_back(static_cast<std::uint32_t>(it - g.building_first_household.begin() - 1));
  }
  return buildings;
}

void PartyMembers::install(const Context& ctx, std::uint64_t first_household, std::vector<std::uint32_t> buildings,
                           std::span<const std::uint32_t> link, std::span<const std::uint16_t> hops, std::uint32_t first_source,
                           Households& hh) {
  const Runtime& P = *ctx.policy;
  building_ = std::move(buildings);
  const std::size_t M = building_.size();
  const std::size_t H = hh.count();
  member_.assign(M, Hot{0.0, 0.0f, 0});
  effort_.assign(M, 1.0f);
  spare_per_month_.assign(M, 0.0f);
  spare_.assign(M, 0.0f);
  month_.assign(M, 0xFFFFFFFFu);
  central_ = P.party.members_per_central > 0
                 ? static_cast<std::uint32_t>((M + P.party.members_per_central - 1) / P.party.members_per_central)
                 : 0;
  std::vector<double> load(M, 0.0);
  const double visits = std::isfinite(P.party.member_period_h) ? kHoursPerMonth / P.party.member_period_h : 0.0;
  for (std::size_t h = 0; h < H; ++h) {
    const std::uint32_t src = link.empty() ? Households::kNone : link[h];
    auto& rec = hh[static_cast<std::uint32_t>(h)];
    rec.member =
        (src == Households::kNone || src < first_source || src >= first_source + M) ? Households::kNone : src - first_source;
    const std::uint16_t hop = hops.empty() ? 0 : hops[h];
    if (rec.member != Households::kNone)
      load[rec.member] += visits * (P.party.visit_minutes + 2.0 * hop * ctx.spec->minutes_per_hop) / 60.0;
  }
  hours_used_ = hours_available_ = 0;
  const RunKeys keys{ctx.seed, ctx.replicate};
  for (std::size_t k = 0; k < M; ++k) {
    // The member's home household keys the member's own stream (block k keeps members apart).
    random::Stream s = keys.stream(first_household + (k * H) / std::max<std::size_t>(M, 1), streams::kStaff);
    s.seek(k);
    const double u_kind = s.uniform(), u_effort = s.uniform();
    const std::uint8_t kind =
        u_kind < P.party.kind_cumulative[0] ? kRetired : (u_kind < P.party.kind_cumulative[1] ? kInService : kMobile);
    double effort = P.party.effort_min + (P.party.effort_max - P.party.effort_min) * u_effort;
    if (P.party.points) effort += P.party.points_gain * (1.0 - effort);
    const double hours = P.party.member_hours_month * P.party.kind_hours[kind];
    const double budget = load[k] > hours && load[k] > 0 ? hours / load[k] : 1.0;
    effort_[k] = static_cast<float>(effort);
    spare_per_month_[k] = static_cast<float>(effort * std::max(0.0, hours - load[k]));
    Hot& mh = member_[k];
    mh.kind = kind;
    mh.pvisit = static_cast<float>(P.party.member_detect * effort * budget * (kind == kMobile ? P.party.mobile_share : 1.0));
    mh.log1mp = std::log1p(-static_cast<double>(mh.pvisit));
    hours_used_ += std::min(load[k], hours) * effort;
    hours_available_ += hours;
  }
}

}  // namespace gridgov::models
