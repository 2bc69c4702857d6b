#pragma once
/// \file
/// What the experiment machinery (sim/experiment/: sweep files and designs, the crash-safe sweep
/// folder and its journals, the oneTBB, shard and MPI executors, collect, plan) needs from a model,
/// and nothing more. The machinery knows parameters only by their schema entries (path, kind, unit,
/// range) and results only as typed values in the columns the model declares; it never sees the
/// model's scenario type. gridgov's governance model implements it in models/run/ExperimentModel.cpp;
/// tests implement it with small analytic models (tests/sim/experiment/).
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/Output.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::experiment {

/// What one replicate of a scenario produced, as typed values.
struct RunValues {
  std::vector<double> metrics;            ///< one per Model::metric_columns() (NaN: no value)
  std::vector<std::vector<double>> days;  ///< [day][column], columns of Model::day_columns(); only when asked for
};

/// What a short pilot run measured (for the estimates of `gridgov sweep --plan`).
struct Pilot {
  double seconds_per_run = 0;  ///< estimated wall time of one whole run
  std::string length;          ///< how long the pilot ran, e.g. "30-day"
  std::string size;            ///< how big the model is, e.g. "1200 agents"
};

/// A scenario owned by the model: an experiment's base scenario, or one design point's. Immutable;
/// its const methods may be called from several threads at once.
class Scenario {
 public:
  virtual ~Scenario() = default;
  /// The value of parameter `index` of Model::schema().
  virtual schema::Value get(std::size_t index) const = 0;
  /// The random seed and replicate count the scenario asks for (an experiment's defaults).
  virtual std::uint64_t seed() const = 0;
  virtual std::uint32_t replicates() const = 0;
  /// Every parameter as YAML (the `base:` of a resolved experiment file, which reloads to this scenario).
  virtual std::string resolved_yaml() const = 0;
  /// This scenario with `changes` (parameter index, value) applied, the random seed `seed`, and
  /// what an experiment run needs (one replicate, no optional logs).
  virtual std::unique_ptr<Scenario> with(const std::vector<std::pair<std::size_t, schema::Value>>& changes,
                                         std::uint64_t seed) const = 0;
  /// The model's cross-field checks; `where` adds the keys an experiment file set to the scenario's
  /// own provenance and `source` names that file. Throws schema::InputError.
  virtual void validate(const std::string& source, const schema::Provenance& where) const = 0;
  /// The input files its runs read (their content is pinned in the sweep folder).
  virtual std::vector<std::string> input_files() const = 0;
  /// Simulated days of a run (the rows of RunValues::days).
  virtual std::size_t days() const = 0;
  /// Run replicate `replicate` in the current oneTBB arena. `after_window` is called as the run
  /// progresses and may throw to abandon it; `series` asks for RunValues::days. Throws on failure.
  virtual RunValues run(std::uint32_t replicate, const std::function<void()>& after_window, bool series) const = 0;
  /// A short run of replicate 0 on the calling thread, to estimate a whole run's cost.
  virtual Pilot pilot() const = 0;
};

/// A model as the experiment machinery sees it: its parameter schema, how an experiment file names
/// its base scenario, and the columns of its results.
class Model {
 public:
  virtual ~Model() = default;
  /// The parameters a design may vary (by index into params()).
  virtual const schema::SchemaBase& schema() const = 0;
  /// Parameters an experiment sets itself (its seed, replicates, logs) that a design may not vary.
  virtual std::vector<std::string> reserved() const = 0;
  /// The base scenario of an experiment file `file`: its `base` and `set` keys of `root`, validated.
  /// `source` receives where the base came from (a path, "inline", ...). Throws schema::InputError.
  virtual std::unique_ptr<Scenario> read_base(const YAML::Node& root, const std::string& file, std::string& source) const = 0;
  /// The columns of RunValues::metrics (one value per run) and of RunValues::days (one row per day).
  virtual std::vector<io::Column> metric_columns() const = 0;
  virtual std::vector<io::Column> day_columns() const = 0;
};

}  // namespace gridgov::experiment
