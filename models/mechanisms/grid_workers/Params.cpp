#include "models/mechanisms/grid_workers/Params.hpp"

#include <cmath>
#include <limits>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void GridParams::declare(Section<ScenarioSpec, GridParams> s) {
  s.add(P("grid.workers_per_grid", Kind::Int, "", 0, 10000, "Grid workers per grid; 0 = from grid.households_per_worker.",
          "seeds/004_bb17891a7f0bf00e.txt", true),
        &GridParams::workers_per_grid);
  s.add(P("grid.households_per_worker", Kind::Int, "", 1, 1000000,
          "Households per grid worker when workers_per_grid is 0 (at least one per grid).", "", true),
        &GridParams::households_per_worker);
  s.add(P("grid.patrols_per_day", Kind::Real, "patrols/day", 0, 100,
          "Patrols of the grid's public spaces per day (at least 30 minutes a day).", "lit.", true),
        &GridParams::patrols_per_day);
  s.add(Share("grid.patrol_detect_prob", "Probability that one patrol finds a latent patrol-visible issue.", "", true),
        &GridParams::patrol_detect_prob);
  s.add(P("grid.visits_per_household_year", Kind::Real, "visits/household/year", 0, 1000,
          "Household visits by grid workers (ordinary households twice a year).", "lit.", true),
        &GridParams::grid_visits_per_household_year);
  s.add(Share("grid.visit_detect_prob", "Probability that one grid-worker visit finds a latent issue.", "", true),
        &GridParams::grid_visit_detect_prob);
  s.add(Dist("grid.service_time", "hours",
             "Working hours a grid worker spends on one case; the case takes longer in calendar time, as the worker works "
             "grid.hours_per_week and shares them with patrols, visits and reporting.",
             "lit.", true),
        &GridParams::grid_service_time);
  s.add(P("grid.hours_per_week", Kind::Real, "hours/week", 1, 168,
          "Working hours of a grid worker per week (168 = always at work: queue-theory mode).", "lit.", true),
        &GridParams::hours_per_week);
  s.add(Share("grid.admin_share",
              "Share of a grid worker's hours taken by reporting, forms and data entry (the burden of 'grid + formalism' the "
              "sources complain of).",
              "lit.", true),
        &GridParams::admin_share);
  s.add(P("grid.patrol_minutes", Kind::Real, "minutes", 0, 1440, "Length of one patrol of the grid (at least 30 minutes a day).",
          "lit."),
        &GridParams::patrol_minutes);
  s.add(
      P("grid.visit_minutes", Kind::Real, "minutes", 0, 600, "Length of one household visit by a grid worker, walking included."),
      &GridParams::visit_minutes);
  s.add(Share("grid.reopen_prob",
              "Probability that a closure reopens at follow-up (every handler; firms add firms.reopen_slope x (1 - quality)).",
              "", true),
        &GridParams::reopen_prob);
  s.add(Dist("grid.followup_delay", "days", "Delay from closure to the follow-up that may reopen it."),
        &GridParams::followup_delay);
  s.add(P("grid.mediate_hours", Kind::Real, "hours", 0, 1000, "Time to settle a minor issue on the spot."),
        &GridParams::mediate_hours);
}

GridRuntime GridRuntime::derive(const GridParams& s) {
  GridRuntime r{};
  r.workers_per_grid = s.workers_per_grid;
  r.households_per_worker = s.households_per_worker;
  r.patrol_period_h = s.patrols_per_day > 0 ? 24.0 / s.patrols_per_day : kInf;
  r.patrol_detect = s.patrol_detect_prob;
  r.grid_visit_period_h = s.grid_visits_per_household_year > 0 ? 8760.0 / s.grid_visits_per_household_year : kInf;
  r.grid_visit_detect = s.grid_visit_detect_prob;
  r.patrol_log1mp = std::log1p(-r.patrol_detect);
  r.grid_visit_log1mp = std::log1p(-r.grid_visit_detect);
  r.reopen_prob = s.reopen_prob;
  r.mediate_hours = s.mediate_hours;
  r.grid_service = s.grid_service_time.to_hours();
  r.followup = s.followup_delay.to_hours();
  r.hours_per_week = s.hours_per_week;
  r.admin_share = s.admin_share;
  r.patrol_hours_per_week = s.patrols_per_day * 7.0 * s.patrol_minutes / 60.0;
  r.visit_hours_per_household_week = s.grid_visits_per_household_year * (168.0 / 8760.0) * s.visit_minutes / 60.0;
  return r;
}

}  // namespace gridgov::models
