#pragma once
/// \file
/// The typed, validated scenario: every parameter of a run. Simulation and geography settings
/// live here; each mechanism owns a section (its parameter struct, with defaults as member
/// initialisers) and declares it once — YAML path, unit, range, description, source, policy
/// flag — in models/mechanisms/<name>/Params.cpp. Nothing downstream reads YAML.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/mechanisms/Sections.hpp"
#include "models/scenario/Vocabulary.hpp"
#include "sim/schema/DistSpec.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::models {

using schema::DistSpec;

struct ScenarioSpec {
  // ---- simulation ----
  std::int64_t seed = 20260101;
  std::int64_t days = 365;
  std::int64_t warmup_days = 0;
  std::int64_t replicates = 1;
  double window_hours = 24;
  bool issue_log = false;

  // ---- geography ----
  std::string geo_source = "lattice";
  std::int64_t communities = 4, grids_per_community = 3, buildings_per_grid = 6, households_per_building = 40;
  double buildings_per_microgrid = 1.2;  ///< = kDefaultBuildingsPerMicrogrid (Geography.hpp; checked by a test)
  std::string buildings_csv;
  double link_radius = 1.5;
  double minutes_per_hop = 2.0;
  std::int64_t stations_per_community = 1;
  double service_circle_minutes = 15;
  double household_size = 2.62;

  // ---- mechanisms: each declares its own section (models/mechanisms/Sections.hpp) ----
#define GRIDGOV_SECTION_MEMBER(member, Params, Runtime) Params member;
  GRIDGOV_SECTIONS(GRIDGOV_SECTION_MEMBER)
#undef GRIDGOV_SECTION_MEMBER

  // ---- interventions ----
  std::vector<schema::Intervention> interventions;
};

/// The parameter table of ScenarioSpec (built once, thread-safe after first use).
const schema::Schema<ScenarioSpec>& scenario_schema();

/// The default scenario YAML compiled into the binary (scenarios/default.yaml).
const std::string& default_scenario_yaml();

/// Everything that describes where a scenario came from.
struct LoadedScenario {
  ScenarioSpec spec;
  schema::Provenance where;
  std::string source;  ///< file name, or "<default scenario>"
};

/// Read a scenario file (or the built-in default when `path` is empty), apply `--set`
/// overrides in order, then run the cross-field checks. Throws schema::InputError.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);
/// A command-line option that stands for one key (--seed N is simulation.seed=N): errors name the option.
struct OptionOverride {
  std::string option;      ///< e.g. "--seed"
  std::string assignment;  ///< e.g. "simulation.seed=7"
};
/// The same, then `options` (applied after `overrides`).
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                             const std::vector<OptionOverride>& options);
/// The same from text in memory (`name` stands for the file in messages; relative paths in it are
/// relative to `base_dir`). For the fuzzers and tests.
LoadedScenario load_scenario_text(const std::string& text, const std::string& name, const std::string& base_dir,
                                  const std::vector<std::string>& overrides);
/// Make the scenario's relative file paths (geography.buildings_csv) absolute: relative to
/// `base_dir` when they were written in a file, to the working directory when given by --set.
void resolve_paths(LoadedScenario& s, const std::string& base_dir);
/// Cross-field checks (shares that must sum to 1, files that must exist, ...).
void validate(const LoadedScenario& s);

/// Index helpers.
std::size_t deadline_class_index(const std::string& name);
std::size_t department_index(const std::string& name);

}  // namespace gridgov::models
