#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using schema::Kind;
using schema::ParamInfo;

namespace {
using namespace params;
using schema::Kind;

#define F(expr) \
  [](ScenarioSpec & s) -> auto& { return s.expr; }

schema::Schema<ScenarioSpec> build() {
  schema::Schema<ScenarioSpec> S;
  // simulation
  S.add(P("simulation.seed", Kind::Int, "", 0, 9.0e15,
          "Random seed; every random draw derives from (seed, replicate, entity, purpose)."),
        F(seed));
  S.add(P("simulation.days", Kind::Int, "days", 1, 36500, "Simulated horizon."), F(days));
  S.add(P("simulation.warmup_days", Kind::Int, "days", 0, 36500,
          "Issues raised before this day are simulated but left out of the metrics."),
        F(warmup_days));
  S.add(P("simulation.replicates", Kind::Int, "", 1, 100000,
          "Independent replicates (replicate r uses random streams keyed by r)."),
        F(replicates));
  S.add(P("simulation.window_hours", Kind::Real, "hours", 1, 24 * 30,
          "Synchronisation window between communities; cross-community messages (departments, 12345, firm reviews) apply at "
          "window ends."),
        F(window_hours));
  S.add(Flag("simulation.issue_log", "Write issues.csv, one row per issue.", false), F(issue_log));

  // geography
  S.add(Choice("geography.source", {"lattice", "csv"},
               "Generate buildings on a lattice from counts, or load them from geography.buildings_csv."),
        F(geo_source));
  S.add(P("geography.communities", Kind::Int, "", 1, 100000, "Communities (社区), one partition each.", kS001), F(communities));
  S.add(P("geography.grids_per_community", Kind::Int, "", 1, 10000, "Grids (网格) per community.", kS001),
        F(grids_per_community));
  S.add(P("geography.buildings_per_grid", Kind::Int, "", 1, 100000, "Buildings (楼栋) per grid."), F(buildings_per_grid));
  S.add(P("geography.households_per_building", Kind::Int, "", 1, 100000, "Households (户) per building."),
        F(households_per_building));
  S.add(P("geography.buildings_per_microgrid", Kind::Real, "buildings", 1, 100000,
          "Average buildings per micro-grid (微网格): each grid's buildings, in order, split into round(buildings / this) "
          "contiguous runs (at least one, at most one per building); default: a grid of 6 buildings splits into 5 micro-grids, "
          "as 260 grids split into 1,312 (≈5 each). Used by lattices and by a CSV without a microgrid column.",
          kS004),
        F(buildings_per_microgrid));
  S.add(P("geography.buildings_csv", Kind::Path, "", -kInf, kInf,
          "Buildings CSV (id,community,grid,x,y,households, optionally microgrid), relative to the scenario file; used when "
          "source is csv."),
        F(buildings_csv));
  S.add(P("geography.link_radius", Kind::Real, "csv coordinate units", 0, kInf,
          "Buildings from a CSV closer than this are neighbours in the graph."),
        F(link_radius));
  S.add(P("geography.minutes_per_hop", Kind::Real, "minutes", 0, 600, "Walking time between neighbouring buildings."),
        F(minutes_per_hop));
  S.add(P("geography.stations_per_community", Kind::Int, "", 0, 10000,
          "Party-mass service stations per community (Tianhe: 80 stations over 16 communities).", kS001),
        F(stations_per_community));
  S.add(P("geography.service_circle_minutes", Kind::Real, "minutes", 0, 600,
          "Households within this walking time of a station lie in its service circle (15-minute party-mass service circle).",
          kS002),
        F(service_circle_minutes));
  S.add(P("geography.household_size", Kind::Real, "persons", 0.1, 20,
          "Average persons per household (China 2020 census: 2.62); used for resident counts.", "lit."),
        F(household_size));

  // mechanisms, each declaring its own section (the order is the order of the resolved YAML)
#define GRIDGOV_DECLARE(member, Params, Runtime) Params::declare({S, &ScenarioSpec::member});
  GRIDGOV_SECTIONS(GRIDGOV_DECLARE)
#undef GRIDGOV_DECLARE
  return S;
}
#undef F
}  // namespace

const schema::Schema<ScenarioSpec>& scenario_schema() {
  static const schema::Schema<ScenarioSpec> s = build();
  return s;
}

std::size_t deadline_class_index(const std::string& name) {
  return static_cast<std::size_t>(std::find(kDeadlineClasses.begin(), kDeadlineClasses.end(), name) - kDeadlineClasses.begin());
}
std::size_t department_index(const std::string& name) {
  return static_cast<std::size_t>(std::find(kDepartmentNames.begin(), kDepartmentNames.end(), name) - kDepartmentNames.begin());
}

}  // namespace gridgov::models
