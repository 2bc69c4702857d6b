#pragma once
/// \file
/// gridgov's governance model as the experiment machinery (sim/experiment/) sees it: the scenario
/// schema, the base scenario of a sweep file (its base and set keys), a design point's scenario,
/// one replicate's summary metrics and daily rows as typed values, and a pilot run for --plan.
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/experiment/Model.hpp"

namespace gridgov::models {

/// The model (one per process; thread-safe).
const experiment::Model& experiment_model();

/// The scenario behind a scenario of experiment_model() (throws std::bad_cast for another model's).
const ScenarioSpec& spec_of(const experiment::Scenario& s);

}  // namespace gridgov::models
