#include "sim/schema/DistSpec.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace gridgov::schema {

const std::vector<std::string>& time_units() {
  static const std::vector<std::string> u{"minutes", "hours", "days", "weeks", "years"};
  return u;
}

double unit_hours(const std::string& unit) {
  if (unit == "minutes") return 1.0 / 60.0;
  if (unit == "hours") return 1.0;
  if (unit == "days") return 24.0;
  if (unit == "weeks") return 168.0;
  if (unit == "years") return 8760.0;
  throw std::invalid_argument("unknown time unit '" + unit + "'");
}

const std::vector<std::string>& dist_kinds() {
  static const std::vector<std::string> k{"fixed", "exponential", "lognormal", "gamma", "uniform", "empirical"};
  return k;
}

random::Distribution DistSpec::to_hours() const {
  const double h = unit_hours(unit);
  if (dist == "fixed") return random::Distribution::fixed(value * h);
  if (dist == "exponential") return random::Distribution::exponential(mean * h);
  if (dist == "lognormal") return random::Distribution::lognormal(mean * h, sd * h);
  if (dist == "gamma") return random::Distribution::gamma(mean * h, sd * h);
  if (dist == "uniform") return random::Distribution::uniform(min * h, max * h);
  if (dist == "empirical") {
    std::vector<double> v(values);
    for (double& x : v) x *= h;
    return random::Distribution::empirical(std::move(v), weights, interpolate);
  }
  throw std::invalid_argument("unknown distribution '" + dist + "'");
}

static std::string list(const std::vector<double>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); }

std::string DistSpec::yaml() const {
  if (dist == "fixed") return fmt::format("{{dist: fixed, value: {}, unit: {}}}", value, unit);
  if (dist == "exponential") return fmt::format("{{dist: exponential, mean: {}, unit: {}}}", mean, unit);
  if (dist == "lognormal" || dist == "gamma")
    return fmt::format("{{dist: {}, mean: {}, sd: {}, unit: {}}}", dist, mean, sd, unit);
  if (dist == "uniform") return fmt::format("{{dist: uniform, min: {}, max: {}, unit: {}}}", min, max, unit);
  return fmt::format("{{dist: empirical, values: {}, weights: {}, interpolate: {}, unit: {}}}", list(values), list(weights),
                     interpolate ? "true" : "false", unit);
}

DistSpec DistSpec::fixed(double v, std::string u) {
  DistSpec d;
  d.dist = "fixed";
  d.value = v;
  d.unit = std::move(u);
  return d;
}
DistSpec DistSpec::exponential(double m, std::string u) {
  DistSpec d;
  d.dist = "exponential";
  d.mean = m;
  d.unit = std::move(u);
  return d;
}
DistSpec DistSpec::lognormal(double m, double s, std::string u) {
  DistSpec d;
  d.dist = "lognormal";
  d.mean = m;
  d.sd = s;
  d.unit = std::move(u);
  return d;
}
DistSpec DistSpec::gamma(double m, double s, std::string u) {
  DistSpec d = lognormal(m, s, std::move(u));
  d.dist = "gamma";
  return d;
}
DistSpec DistSpec::uniform(double lo, double hi, std::string u) {
  DistSpec d;
  d.dist = "uniform";
  d.min = lo;
  d.max = hi;
  d.unit = std::move(u);
  return d;
}

}  // namespace gridgov::schema
