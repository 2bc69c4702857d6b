#pragma once
/// \file
/// Grid workers (网格员): paid staff per grid who patrol public spaces, visit households and
/// work cases in a first-come first-served line (forced dispatches first).
///
/// Time budget: each worker works grid.hours_per_week; of the grid's working hours, the share
/// grid.admin_share goes to reporting and data entry, patrols take patrols_per_day x
/// patrol_minutes, household visits take households x visits_per_household_year x visit_minutes;
/// the rest (at least kMinCaseShare of the hours) is case work. A case needs grid.service_time
/// working hours and so takes that divided by the worker's case hours per calendar hour
/// (case_rate) in calendar time. Fewer households per worker: more workers, and each with more
/// case time. When reporting, patrols and visits would take more than (1 - kMinCaseShare) of the
/// hours, patrols and visits are thinned to fit (rounds_share): an understaffed grid finds less.
/// Buys: issues found by patrols and visits; the default handler of every case.
/// Costs: paid hours (staff_hours_*_grid_worker; grid_worker_utilisation is the share of them
/// used: cases, patrols, visits and reporting). Parameters: grid.*.
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
  static constexpr double kMinCaseShare = 0.1;
  /// Hours of the grid's workers per week not spent on cases (reporting, patrols, visits).
  static double overhead_per_week(const Runtime& P, std::uint32_t households, std::uint32_t servers) {
    const double week = P.grid.hours_per_week * servers;
    const double other = P.grid.admin_share * week + P.grid.patrol_hours_per_week +
                         P.grid.visit_hours_per_household_week * static_cast<double>(households);
    return std::min(other, (1.0 - kMinCaseShare) * week);
  }
  /// Share of the planned patrols and household visits the grid's workers have hours for: 1 unless
  /// reporting, patrols and visits together would take more than (1 - kMinCaseShare) of their
  /// hours; then patrols and visits are thinned to the hours reporting leaves below that cap (0 when
  /// there are no workers or reporting alone fills it).
  static double rounds_share(const Runtime& P, std::uint32_t households, std::uint32_t servers) {
    const double week = P.grid.hours_per_week * servers;
    const double rounds = P.grid.patrol_hours_per_week + P.grid.visit_hours_per_household_week * static_cast<double>(households);
    const double room = (1.0 - kMinCaseShare) * week - P.grid.admin_share * week;
    if (rounds <= room) return 1.0;
    return room > 0 ? room / rounds : 0.0;
  }
  /// Case-work hours per calendar hour of one worker of a grid (1 in queue-theory mode).
  static double case_rate(const Runtime& P, std::uint32_t households, std::uint32_t servers) {
    if (servers == 0) return 1.0;
    const double week = P.grid.hours_per_week * servers;
    return (week - overhead_per_week(P, households, servers)) / (168.0 * servers);
  }
  /// Calendar hours the case takes (working hours over the case rate).
  static double service_time(const Runtime& P, const Issue& is, double case_rate, random::Stream& s) {
    return P.grid.grid_service.sample(s) * P.households.types[is.type].work_factor / case_rate;
  }
};

/// Detector: grid workers' patrols of public spaces find patrol-visible issues.
struct GridPatrols {
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const Runtime& P = *q.ctx.policy;
    if (!P.households.types[q.issue.type].patrol_visible || !(q.grid_rounds_share > 0)) return;
    best.consider(visiting::detect_time(q.t_from, P.grid.patrol_period_h / q.grid_rounds_share,
                                        visiting::phase_of(q.phase_key ^ (q.grid_global * 4 + 3)), P.grid.patrol_detect,
                                        P.grid.patrol_log1mp, q.uniform(slot), P.party.poisson_visits, best.time),
                  byte_of(Found::Patrol));
  }
};

/// Detector: grid workers' household visits.
struct GridVisits {
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best) {
    const Runtime& P = *q.ctx.policy;
    if (!(q.grid_rounds_share > 0)) return;
    best.consider(visiting::detect_time(q.t_from, P.grid.grid_visit_period_h / q.grid_rounds_share,
                                        visiting::phase_of(q.phase_key ^ (q.household_global * 4 + 0)), P.grid.grid_visit_detect,
                                        P.grid.grid_visit_log1mp, q.uniform(slot), P.party.poisson_visits, best.time),
                  byte_of(Found::GridVisit));
  }
};

}  // namespace gridgov::models
