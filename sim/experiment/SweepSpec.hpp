#pragma once
/// \file
/// A sweep: a model, its base scenario, the parameters to vary (any scenario key path), a design that turns
/// them into points (full factorial, a list of named scenarios, Latin hypercube, Sobol'/Saltelli,
/// Morris), and replicates per point. Loaded from YAML with the same error discipline as scenarios
/// (file:line:column, the key, what was expected, did-you-mean; schema::InputError).
///
/// Runs: run r of a sweep with R replicates per point is point r / R, replicate r % R. Every run uses
/// the sweep seed and its replicate index as random-stream keys, so replicate k of every point sees
/// the same random streams (common random numbers) and nothing depends on order or executor.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/experiment/Model.hpp"
#include "sim/io/Output.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::experiment {

/// One varied parameter.
struct SweepParam {
  std::string path;        ///< scenario key path
  std::size_t index = 0;   ///< index in the model's schema().params()
  schema::Location where;  ///< where the sweep file names it
  // Continuous designs (lhs, sobol, morris): how a unit coordinate u maps to a value.
  std::string dist = "uniform";  ///< uniform | loguniform | normal
  double min = 0, max = 0;       ///< bounds (uniform, loguniform; truncation for normal)
  double mean = 0, sd = 0;       ///< normal
};

/// A design point: one value per parameter (in SweepSpec::params order) and its labels.
struct SweepPoint {
  std::vector<schema::Value> values;
  std::vector<std::string> labels;  ///< one per SweepSpec::label_columns
};

struct SweepSpec {
  const Model* model = nullptr;          ///< the model the sweep runs (outlives the sweep)
  std::string source;                    ///< sweep file path
  std::shared_ptr<const Scenario> base;  ///< base scenario with the sweep's `set` applied
  std::string base_source;               ///< where the base came from (path or "inline")
  std::uint64_t seed = 0;                ///< random-stream seed of every run
  std::uint32_t replicates = 1;          ///< replicates per point
  std::string design;                    ///< factorial | list | lhs | sobol | morris
  std::uint64_t design_seed = 0;         ///< lhs and morris sampling seed
  std::size_t design_size = 0;           ///< lhs points, sobol base samples or morris trajectories
  std::size_t morris_levels = 4;         ///< morris grid levels
  bool timeseries = false;               ///< per-point daily bands (point_timeseries.csv)
  long long baseline = -1;               ///< point of the paired differences in points.csv (-1: none)
  std::vector<SweepParam> params;
  std::vector<std::string> label_columns;  ///< design-specific point labels (name, block, trajectory, ...)
  std::vector<SweepPoint> points;

  std::uint64_t runs() const { return static_cast<std::uint64_t>(points.size()) * replicates; }
  std::size_t point_of(std::uint64_t run) const { return static_cast<std::size_t>(run / replicates); }
  std::uint32_t replicate_of(std::uint64_t run) const { return static_cast<std::uint32_t>(run % replicates); }
};

/// Load and validate a sweep file; every point is checked (types, ranges, cross-field rules) before
/// anything runs. Throws schema::InputError.
SweepSpec load_sweep(const Model& model, const std::string& path);

/// The scenario of one point (one replicate, the sweep seed, no optional logs).
std::unique_ptr<Scenario> point_scenario(const SweepSpec& s, std::size_t point);

/// sweep.resolved.yaml: a complete sweep file (inline base scenario, explicit design, every
/// parameter) that reproduces the sweep.
std::string resolved_sweep_yaml(const SweepSpec& s);

/// A value as one CSV cell (numbers in shortest round-trip form, strings unquoted).
std::string value_cell(const schema::Value& v);

/// design.csv's declaration (its columns depend on the sweep).
io::TableSpec design_table(const SweepSpec& s);

/// design.csv text: point_id, label columns, parameter columns.
std::string design_csv(const SweepSpec& s);

}  // namespace gridgov::experiment
