#pragma once
/// \file
/// Neighbourhood volunteers (the "N" of "1+10+N", the fifth level of Tianhe's "subdistrict →
/// community → grid → building lead → volunteer"; seeds 000, 001, 004): residents who walk
/// their building a few times a week and report what they see to the grid. Off by default.
///
/// Buys: latent issues found earlier (found_by_volunteer_walk_share; a higher
/// found_proactively_share, a shorter time_to_known_mean_h). Costs: volunteers' unpaid hours —
/// walking every household of a building takes minutes_per_household per walk; with
/// per_household volunteers per household giving hours_per_month each, the share of the planned
/// walks that is done is coverage = min(1, per_household x hours_per_month x 60 /
/// (minutes_per_household x walks_per_week x 730/168)), and the unpaid hours per household and
/// month are coverage x minutes_per_household x walks_per_week x (730/168) / 60.
///
/// A walk finds a latent issue with probability detect_prob x coverage; walks are periodic
/// (period 168 / walks_per_week hours) with a phase per building, or Poisson under
/// party.visit_timing: poisson. Its random slot is 4 (models/mechanisms/Detectors.hpp).
///
/// Orders (volunteers.take_orders, with party.orders.enabled): the hours volunteers give beyond
/// their walks, per_household x hours_per_month - the walking hours, pooled per community and
/// month, take orders (群众点单、社区派单、党员接单: "members or volunteers take the order") that no
/// party member has spare time for, on the same terms as members' orders (party.orders.*: share,
/// work hours, time, success). Buys: grid-worker hours on a backlogged grid, where members alone
/// run out of time (or there are none). Costs: volunteers' unpaid hours (work_hours per order).
#include <cstddef>
#include <cstdint>
#include <limits>

#include "models/mechanisms/Visiting.hpp"
#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct DetectionQuery;

struct VolunteersParams {
  bool enabled = false;
  double per_household = 0.05;
  double walks_per_week = 2;
  double minutes_per_household = 1;
  double hours_per_month = 4;
  double detect_prob = 0.15;
  bool take_orders = false;

  static void declare(Section<ScenarioSpec, VolunteersParams> s);
};

struct VolunteersRuntime {
  bool enabled = false;
  double period_h = std::numeric_limits<double>::infinity();  ///< hours between walks past one household
  double coverage = 0;                                        ///< share of planned walks done
  double pwalk = 0, log1mp = 0;                               ///< per-walk detection probability, log(1 - pwalk)
  double unpaid_hours_per_household_month = 0;                ///< walking
  bool orders = false;                                        ///< volunteers take orders members cannot
  double order_hours_per_household_month = 0;                 ///< their hours beyond the walks, for orders

  static VolunteersRuntime derive(const VolunteersParams& p);
};

/// The detector (offer defined in Volunteers.cpp, so that this header stays light: ScenarioSpec
/// includes it through models/mechanisms/Sections.hpp).
struct Volunteers {
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best);
};

}  // namespace gridgov::models
