#pragma once
/// \file
/// Reading the YAML files that wrap a scenario (sweeps, calibrations) with the scenario loader's
/// error discipline: file:line:column, the key path, what was expected, what was found, and a
/// did-you-mean for misspelt names. Every function throws schema::InputError.
#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/ScenarioSpec.hpp"
#include "sim/schema/FileKeys.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::models::filekeys {

/// The generic readers (fail, describe, did_you_mean, check_keys, read_real, read_int, read_bool,
/// read_word) live in sim/schema/FileKeys.hpp.
using namespace schema::filekeys;

/// The scenario a wrapping file starts from: its `base` key (a scenario file relative to the file,
/// an inline scenario mapping, or absent for the built-in default) with its `set` mapping applied,
/// validated. `base_source` receives where the base came from (a path, "inline" or
/// "<default scenario>").
LoadedScenario read_base(const YAML::Node& root, const std::string& path, std::string& base_source);

}  // namespace gridgov::models::filekeys
