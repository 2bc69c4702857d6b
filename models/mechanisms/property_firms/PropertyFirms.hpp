#pragma once
/// \file
/// Property firms, community side: firm staff per estate (grid) work the cases of issue types
/// handled by the firm, at a speed and reopen rate set by the firm's quality (district side:
/// models/mechanisms/property_firms/FirmRegistry.hpp keeps qualities and the red/black list).
/// Buys: estate repairs without grid time. Costs: paid firm-staff hours (firm_staff_utilisation).
/// Parameters: firms.*.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/lifecycle/Issue.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct PropertyFirms {
  /// The firm that serves global grid (estate) g: estates are dealt to firms in turn, so a firm
  /// serves estates in several communities.
  static std::uint32_t firm_of_grid(std::uint32_t g, std::uint32_t firm_count) { return g % firm_count; }
  /// Whether the firm takes issues of this type.
  static bool handles(const Runtime& P, const Issue& is) {
    return P.firms.firms && P.households.types[is.type].handler == kHandlerFirm;
  }
  /// Staff in an estate of `households` households (at least one).
  static std::uint32_t servers(const Runtime& P, std::uint32_t households) {
    return std::max<std::uint32_t>(
        1, static_cast<std::uint32_t>((households + P.firms.households_per_staff - 1) / P.firms.households_per_staff));
  }
  static double quality(const Context& ctx, std::uint32_t global_grid) {
    return (*ctx.firm_quality)[firm_of_grid(global_grid, ctx.firm_count)];
  }
  /// Hours the firm's staff spend on the case (slower at lower quality).
  static double service_time(const Context& ctx, const Issue& is, std::uint32_t global_grid, random::Stream& s) {
    const Runtime& P = *ctx.policy;
    return P.firms.firm_service.sample(s) * P.households.types[is.type].work_factor / std::max(quality(ctx, global_grid), 0.05);
  }
  /// Probability that a firm closure reopens at follow-up.
  static double reopen_prob(const Context& ctx, std::uint32_t global_grid) {
    const Runtime& P = *ctx.policy;
    return std::min(1.0, P.grid.reopen_prob + P.firms.reopen_slope * (1.0 - quality(ctx, global_grid)));
  }
};

}  // namespace gridgov::models
