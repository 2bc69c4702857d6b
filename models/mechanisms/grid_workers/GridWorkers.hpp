#pragma once
/// \file
/// Grid workers (网格员): paid staff per grid who patrol public spaces, visit households and
/// work cases in a first-come first-served line (forced dispatches first).
/// Buys: issues found by patrols and visits; the default handler of every case. Costs: paid
/// hours (grid_worker_utilisation is the busy share of them). Parameters: grid.*.
#include <algorithm>
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/mechanisms/Visiting.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct GridWorkers {
  /// Workers in a grid of `households` households.
  static std::uint32_t servers(const Runtime& P, std::uint32_t households) {
    return P.grid.workers_per_grid > 0
               ? static_cast<std::uint32_t>(P.grid.workers_per_grid)
               : std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::llround(static_cast<double>(households) /
                                                                                     static_cast<double>(P.grid.households_per_worker))));
  }
  /// The patrol offer for a patrol-visible issue in global grid `grid`.
  static void offer_patrol(const Runtime& P, std::uint64_t phase_key, const Issue& is, std::uint64_t grid, double t_from, double u,
                           visiting::Earliest& best) {
    if (!P.households.types[is.type].patrol_visible) return;
    best.consider(visiting::detect_time(t_from, P.grid.patrol_period_h, visiting::phase_of(phase_key ^ (grid * 4 + 3)), P.grid.patrol_detect,
                                        P.grid.patrol_log1mp, u, P.party.poisson_visits, best.time),
                  byte_of(Found::Patrol));
  }
  /// The household-visit offer for an issue of global household hg.
  static void offer_visit(const Runtime& P, std::uint64_t phase_key, std::uint64_t hg, double t_from, double u,
                          visiting::Earliest& best) {
    best.consider(visiting::detect_time(t_from, P.grid.grid_visit_period_h, visiting::phase_of(phase_key ^ (hg * 4 + 0)),
                                        P.grid.grid_visit_detect, P.grid.grid_visit_log1mp, u, P.party.poisson_visits, best.time),
                  byte_of(Found::GridVisit));
  }
  /// Hours a worker spends on the case.
  static double service_time(const Runtime& P, const Issue& is, rng::Stream& s) {
    return P.grid.grid_service.sample(s) * P.households.types[is.type].work_factor;
  }
};

}  // namespace gridgov::models
