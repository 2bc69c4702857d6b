#pragma once
/// \file
/// Micro-grid leads (微网格长; seed 004: 260 comprehensive grids split into 1,312 micro-grids,
/// "red micro-grids" served by 300+ party members, "patrol and report → timely disposal →
/// follow-up tracking"): one lead per micro-grid (models/geography/: every building lies in one
/// micro-grid of its grid) walks the micro-grid's households and reports what they find. Off by
/// default; a redesign from grids to micro-grids is a scenario (scenarios/microgrids.yaml).
///
/// The lead gives hours_per_week; a walk past every household of a micro-grid of H households
/// takes minutes_per_household x H minutes, so the lead walks it
///   w(H) = min(walks_per_week, hours_per_week x 60 / (minutes_per_household x H))
/// times a week: smaller micro-grids (geography.buildings_per_microgrid) or more hours mean more
/// walks. A walk finds a latent issue with probability detect_prob; walks are periodic (period
/// 168 / w(H) hours) with a phase per micro-grid, or Poisson under party.visit_timing: poisson.
/// Its random slot is 5 (models/mechanisms/Detectors.hpp).
///
/// lead_from says who the leads are: party members (members; an issue they find is taken with
/// the member's role: mediated on the spot with party.mediate_prob, as after a member's visit)
/// or building leads (leads; leads.mediate_prob, as after a lead's walk). Micro-grids have leads
/// only while that pool exists (party.enabled with members, or leads.enabled).
///
/// Buys: latent issues found earlier (found_by_microgrid_walk_share, found_proactively_share,
/// time_to_known_mean_h) and more on-the-spot mediation. Costs: the leads' unpaid hours, reported
/// in summary.csv as microgrid_lead_hours_available (hours_per_week per lead) and
/// microgrid_lead_hours_used (w(H) x minutes_per_household x H / 60 per lead and week), over the
/// measured span and under the policy in force at each time.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/mechanisms/Visiting.hpp"
#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct DetectionQuery;
struct Geography;
struct Runtime;

struct MicrogridsParams {
  bool enabled = false;
  std::string lead_from = "members";
  double hours_per_week = 2;
  double minutes_per_household = 2;
  double walks_per_week = 2;
  double detect_prob = 0.3;

  static void declare(Section<ScenarioSpec, MicrogridsParams> s);
};

struct MicrogridsRuntime {
  bool enabled = false;       ///< switched on with hours and walks to give
  bool from_members = true;   ///< leads are party members (else building leads)
  double hours_per_week = 0;  ///< each lead's time
  double minutes_per_household = 1;
  double max_walks_per_week = 0;
  double pwalk = 0, log1mp = 0;  ///< per-walk detection probability, log(1 - pwalk)

  static MicrogridsRuntime derive(const MicrogridsParams& p);

  /// Walks a week of the lead of a micro-grid of `households` households (>= 1): as many as the
  /// lead's hours pay for, at most walks_per_week.
  double walks_per_week(std::uint64_t households) const {
    const double paid = hours_per_week * 60.0 / (minutes_per_household * static_cast<double>(households));
    return paid < max_walks_per_week ? paid : max_walks_per_week;
  }
};

/// The detector and the leads' hours (defined in Microgrids.cpp, so that this header stays light:
/// ScenarioSpec includes it through models/mechanisms/Sections.hpp).
struct Microgrids {
  /// Whether micro-grids have walking leads under policy P: switched on, and the pool the leads
  /// are drawn from (party members or building leads) exists.
  static bool staffed(const Runtime& P);
  /// Detector: the micro-grid lead's walk offer for the issue.
  static void offer(const DetectionQuery& q, std::size_t slot, visiting::Earliest& best);

  /// The leads of a geography under a policy, and their hours per week.
  struct Week {
    std::uint32_t leads = 0;
    double hours_available = 0;  ///< leads x hours_per_week
    double hours_used = 0;       ///< sum over micro-grids of w(H) x minutes_per_household x H / 60
  };
  static Week week(const Runtime& P, const Geography& g);
};

}  // namespace gridgov::models
