#pragma once
/// \file
/// Grid workers (网格员): paid staff per grid who patrol public spaces, visit households and
/// work cases in a first-come first-served line (forced dispatches first).
/// Buys: issues found by patrols and visits; the default handler of every case. Costs: paid
/// hours (grid_worker_utilisation is the busy share of them). Parameters: grid.*.
#include <algorithm>
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/mechanisms/DetectionQuery.hpp"
#include "models/mechanisms/Visiting.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct GridWorkers {
  /// Workers in a grid of `households` households.
  static std::uint32_t servers(const Runtime& P, std::uint32_t households) {
    return P.grid.workers_per_grid > 0
               ? static_cast<std::uint32_t>(P.grid.workers_per_grid)
               : std::max<std::uint32_t>(
                     1, static_cast<std::uint32_t>(
                            std::llround(static_cast<double>(households) / static_cast<double>(P.grid.households_per_worker))));
  }
  /// Hours a worker spends on the case.
  static double service_time(const Runtime& P, const Issue& is, rng::Stream& s) {
    return P.grid.grid_service.sample(s) * P.households.types[is.type].work_factor;
  }
};

/// Detector: grid workers' patrols of public spaces find patrol-visible issues.
struct GridPatrols {
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const Runtime& P = *q.ctx.policy;
    if (!P.households.types[q.issue.type].patrol_visible) return;
    best.consider(
        visiting::detect_time(q.t_from, P.grid.patrol_period_h, visiting::phase_of(q.phase_key ^ (q.grid_global * 4 + 3)),
                              P.grid.patrol_detect, P.grid.patrol_log1mp, q.uniform(slot), P.party.poisson_visits, best.time),
        byte_of(Found::Patrol));
  }
};

/// Detector: grid workers' household visits.
struct GridVisits {
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const Runtime& P = *q.ctx.policy;
    best.consider(visiting::detect_time(q.t_from, P.grid.grid_visit_period_h,
                                        visiting::phase_of(q.phase_key ^ (q.household_global * 4 + 0)), P.grid.grid_visit_detect,
                                        P.grid.grid_visit_log1mp, q.uniform(slot), P.party.poisson_visits, best.time),
                  byte_of(Found::GridVisit));
  }
};

}  // namespace gridgov::models
