#pragma once
/// \file
/// A distribution as written in scenario YAML, e.g. `{dist: lognormal, mean: 3, sd: 2, unit: days}`.
/// It keeps the user's unit so that the resolved scenario reads like the input; `to_hours()`
/// gives the engine's `random::Distribution` with every duration in hours.
#include <string>
#include <vector>

#include "sim/random/Distribution.hpp"

namespace gridgov::schema {

/// Time units accepted in YAML, with their length in hours.
double unit_hours(const std::string& unit);  ///< throws std::invalid_argument for an unknown unit
/// The names accepted for `unit:`.
const std::vector<std::string>& time_units();

struct DistSpec {
  std::string dist = "fixed";           ///< fixed | exponential | lognormal | gamma | uniform | empirical
  double value = 0;                     ///< fixed
  double mean = 0, sd = 0;              ///< exponential (mean), lognormal and gamma (mean, sd of the variable)
  double min = 0, max = 0;              ///< uniform
  std::vector<double> values, weights;  ///< empirical
  bool interpolate = false;             ///< empirical: piecewise-linear CDF instead of discrete
  std::string unit = "hours";           ///< unit of every number above

  /// The distribution in hours, ready to sample.
  random::Distribution to_hours() const;
  /// Theoretical mean in hours.
  double mean_hours() const { return to_hours().expected(); }
  /// Compact YAML flow text, e.g. "{dist: lognormal, mean: 3, sd: 2, unit: days}".
  std::string yaml() const;

  static DistSpec fixed(double v, std::string unit);
  static DistSpec exponential(double mean, std::string unit);
  static DistSpec lognormal(double mean, double sd, std::string unit);
  static DistSpec gamma(double mean, double sd, std::string unit);
  static DistSpec uniform(double lo, double hi, std::string unit);

  bool operator==(const DistSpec&) const = default;
};

/// The distribution kinds accepted for `dist:`.
const std::vector<std::string>& dist_kinds();

}  // namespace gridgov::schema
