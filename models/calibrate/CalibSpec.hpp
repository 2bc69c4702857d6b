#pragma once
/// \file
/// A calibration: a base scenario, observed figures (targets) and the parameters free to move
/// (with bounds), an NLopt derivative-free optimiser and its budget, and optionally mechanisms to
/// switch off one at a time at the fitted point (which mechanisms carry a target). Loaded from YAML
/// with the same error discipline as scenarios and sweeps (file:line:column, the key, what was
/// expected; schema::InputError).
///
/// Every evaluation runs the scenario with the same seed and replicates 0..R-1 (common random
/// numbers): two parameter settings differ only through the parameters, so the objective is a
/// deterministic function of them, an optimiser can follow it, and a resumed calibration replays
/// exactly.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/metrics/Metrics.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/schema/Schema.hpp"

namespace gridgov::models::calibrate {

/// Days [from, to) of the simulated calendar (day 0 is the first simulated day, warm-up included).
struct DayWindow {
  std::int64_t from = 0, to = 0;
  bool given = false;
  std::string text() const;  ///< "days 365-729" (inclusive, as analysts read it)
};

/// How a daily metric's window mean is expressed.
enum class Per { Day, Month, ThousandResidentsMonth, ThousandHouseholdsMonth };

/// One observed figure the model should reproduce.
struct Target {
  std::string name;                  ///< unique, [A-Za-z0-9_]: names its columns in trace.csv
  std::vector<std::string> metrics;  ///< one summary metric, or daily metrics (summed)
  bool daily = false;                ///< metrics are timeseries.csv columns
  std::vector<std::size_t> columns;  ///< their indices (summary_metric_names() or day_metric_columns())
  DayWindow window;                  ///< daily: the days averaged (default: after the warm-up to the horizon)
  DayWindow reference;               ///< daily, optional: value = window / reference - 1 (relative change)
  Per per = Per::Day;
  double observed = 0;
  double tolerance = 0;  ///< > 0: the target is reached when |fitted - observed| <= tolerance
  double se = 0;         ///< > 0: the observation's standard error (reached within 1.96 se)
  double weight = 1;     ///< 0: a check (an output compared with a source), reported but not fitted
  std::string source;    ///< where the observed figure comes from (free text)
  schema::Location where;

  /// The objective's scale: se when given, else the tolerance.
  double scale() const { return se > 0 ? se : tolerance; }
  /// Whether `fitted` counts as reaching the observed figure.
  bool reached(double fitted) const;
  /// The metric as a reader sees it: "complaints_repair+complaints_property_service over days 1095-1459
  /// relative to days 0-364, per 1,000 residents a month".
  std::string description() const;
  /// The value of this target in one replicate.
  double value(const ReplicateMetrics& r) const;
};

/// One parameter the optimiser moves. The optimiser works on u in [0, 1] (log-spaced when `log`).
struct FreeParam {
  std::string path;
  std::size_t index = 0;  ///< in scenario_schema().params()
  bool integer = false;
  bool log = false;
  double min = 0, max = 0, start = 0;
  schema::Location where;

  double value_at(double u) const;  ///< the parameter value at unit coordinate u (rounded for integers)
  double unit_of(double x) const;   ///< the unit coordinate of a value
};

/// A mechanism switched off at the fitted point: parameters held at given values for the whole run
/// (interventions no longer change them).
struct Attribution {
  std::string name;
  std::vector<std::pair<std::size_t, schema::Value>> hold;
  schema::Location where;
};

struct CalibSpec {
  std::string source;       ///< calibration file path
  LoadedScenario base;      ///< base scenario with `set` applied
  std::string base_source;  ///< path, "inline" or "<default scenario>"
  std::uint64_t seed = 0;
  std::uint32_t replicates = 1;
  std::string algorithm = "bobyqa";  ///< bobyqa | neldermead | sbplx | cobyla | crs2 | isres | direct
  std::uint32_t evaluations = 40;    ///< optimiser budget (the sensitivity and attribution runs come on top)
  double xtol = 1e-3;                ///< stop when a step moves every unit coordinate less than this
  std::uint64_t optimiser_seed = 0;  ///< random seed of the global (stochastic) algorithms
  bool stop_when_reached = true;     ///< stop as soon as every target is reached
  double sensitivity_step = 0.05;    ///< local sensitivity: +/- this share of each parameter's unit range (0: none)
  std::vector<Target> targets;
  std::vector<FreeParam> params;
  std::vector<Attribution> attribution;
};

/// Load and check a calibration file: every target names a metric the runs produce, every window
/// lies within the horizon, every free parameter is numeric with bounds inside its declared range,
/// and the scenario at the start and at every corner of the box is valid. Throws schema::InputError.
CalibSpec load_calibration(const std::string& path);

/// The scenario of one evaluation: the base with the free parameters at `values` (in params order),
/// the calibration's seed and replicates, no issue log.
ScenarioSpec scenario_at(const CalibSpec& c, const std::vector<double>& values);
/// The same with an attribution's parameters held (removed from every intervention).
ScenarioSpec scenario_without(const CalibSpec& c, const std::vector<double>& values, const Attribution& a);

/// calibration.resolved.yaml: a complete calibration file (inline base scenario with every
/// parameter, every setting explicit) that reproduces the calibration.
std::string resolved_calibration_yaml(const CalibSpec& c);

}  // namespace gridgov::models::calibrate
