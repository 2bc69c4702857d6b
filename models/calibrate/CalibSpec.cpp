#include "models/calibrate/CalibSpec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "gridgov/Version.hpp"
#include "models/run/Outputs.hpp"
#include "models/scenario/FileKeys.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::models::calibrate {

using filekeys::check_keys;
using filekeys::describe;
using filekeys::did_you_mean;
using filekeys::fail;
using filekeys::indent;
using filekeys::read_int;
using filekeys::read_real;
using schema::InputError;
using schema::Kind;
using schema::Location;
using schema::mark_of;
using schema::Value;

namespace {

constexpr double kDaysPerMonth = 365.25 / 12;

const std::vector<std::string> kAlgorithms{"bobyqa", "neldermead", "sbplx", "cobyla", "crs2", "isres", "direct"};
const std::vector<std::string> kPer{"day", "month", "1000_residents_month", "1000_households_month"};
/// Run-level keys a calibration controls itself.
const std::set<std::string> kReserved{"simulation.seed", "simulation.replicates", "simulation.issue_log"};

std::string per_word(Per p) { return kPer[static_cast<std::size_t>(p)]; }

bool plain_name(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         std::all_of(s.begin(), s.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

/// A window {year: N} or {from_day: A, to_day: B} (both days inclusive), within the horizon.
DayWindow read_window(const YAML::Node& n, const std::string& key, const std::string& file, std::int64_t days) {
  const Location at = mark_of(n, file);
  if (!n.IsMap()) fail(at, key, "{year: N} or {from_day: A, to_day: B} (days counted from 0, both inclusive)", describe(n));
  check_keys(n, key, {"year", "from_day", "to_day"}, file);
  DayWindow w;
  w.given = true;
  if (n["year"]) {
    if (n["from_day"] || n["to_day"]) fail(at, key, "either year or from_day/to_day", "both");
    const auto y = read_int(n["year"], key + ".year", file, 1, 1000);
    w.from = 365 * (y - 1);
    w.to = 365 * y;
    if (w.to > days)
      fail(mark_of(n["year"], file), key + ".year",
           fmt::format("a year that ends within the horizon (simulation.days = {}: years 1 to {})", days, days / 365),
           fmt::format("{}", y));
  } else {
    if (!n["from_day"] || !n["to_day"]) fail(at, key, "both from_day and to_day", describe(n));
    w.from = read_int(n["from_day"], key + ".from_day", file, 0, 1e9);
    const auto last = read_int(n["to_day"], key + ".to_day", file, 0, 1e9);
    if (last < w.from)
      fail(mark_of(n["to_day"], file), key + ".to_day", fmt::format("a day >= from_day ({})", w.from), fmt::format("{}", last));
    if (last >= days)
      fail(mark_of(n["to_day"], file), key + ".to_day", fmt::format("a day within the horizon (0 to {})", days - 1),
           fmt::format("{}", last));
    w.to = last + 1;
  }
  return w;
}

Target read_target(const YAML::Node& n, const std::string& file, const ScenarioSpec& spec) {
  const Location at = mark_of(n, file);
  if (!n.IsMap()) fail(at, "targets", "each target a mapping {name, metric, observed, tolerance or se, ...}", describe(n));
  check_keys(n, "targets", {"name", "metric", "window", "relative_to", "per", "observed", "tolerance", "se", "weight", "source"},
             file);
  Target t;
  t.where = at;
  if (!n["name"]) fail(at, "targets.name", "a name for each target (letters, digits and _)", "nothing");
  t.name = filekeys::read_word(n["name"], "targets.name", file, "a name of letters, digits and _");
  if (!plain_name(t.name))
    fail(mark_of(n["name"], file), "targets.name", "a name of at most 64 letters, digits and _", describe(n["name"]));
  const std::string key = "targets." + t.name;

  const YAML::Node m = n["metric"];
  if (!m)
    fail(at, key + ".metric", "a metric: a summary.csv column, or a timeseries.csv column or list of them (summed)", "nothing");
  if (m.IsScalar())
    t.metrics.push_back(m.Scalar());
  else if (m.IsSequence() && m.size() > 0)
    for (const auto& item : m)
      t.metrics.push_back(filekeys::read_word(item, key + ".metric", file, "a timeseries.csv column name"));
  else
    fail(mark_of(m, file), key + ".metric", "a metric name or a non-empty list of timeseries.csv column names", describe(m));

  const auto summary = summary_metric_names();
  std::vector<std::string> daily;
  for (const auto& c : day_metric_columns()) daily.push_back(c.name);
  const bool windowed = n["window"] || n["relative_to"] || n["per"];
  t.daily = m.IsSequence() || windowed || std::find(summary.begin(), summary.end(), t.metrics[0]) == summary.end();
  const auto& names = t.daily ? daily : summary;
  for (const auto& name : t.metrics) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      std::vector<std::string> all = names;
      if (!t.daily) all.insert(all.end(), daily.begin(), daily.end());
      fail(mark_of(m, file), key + ".metric",
           t.daily ? "timeseries.csv columns (gridgov outputs lists them; a window, relative_to or per needs daily metrics)"
                   : "a summary.csv or timeseries.csv column (gridgov outputs lists them)",
           "'" + name + "'" + did_you_mean(name, all));
    }
    t.columns.push_back(static_cast<std::size_t>(it - names.begin()));
  }
  if (t.daily) {
    t.window =
        n["window"] ? read_window(n["window"], key + ".window", file, spec.days) : DayWindow{spec.warmup_days, spec.days, false};
    if (n["relative_to"]) t.reference = read_window(n["relative_to"], key + ".relative_to", file, spec.days);
    if (const YAML::Node p = n["per"]) {
      const std::string w = p.IsScalar() ? p.Scalar() : "";
      const auto it = std::find(kPer.begin(), kPer.end(), w);
      if (it == kPer.end())
        fail(mark_of(p, file), key + ".per", "one of day, month, 1000_residents_month, 1000_households_month",
             describe(p) + did_you_mean(w, kPer));
      t.per = static_cast<Per>(it - kPer.begin());
    }
  }

  if (!n["observed"]) fail(at, key + ".observed", "the observed value", "nothing");
  t.observed = read_real(n["observed"], key + ".observed", file);
  if (n["tolerance"]) {
    t.tolerance = read_real(n["tolerance"], key + ".tolerance", file);
    if (!(t.tolerance > 0)) fail(mark_of(n["tolerance"], file), key + ".tolerance", "a number > 0", describe(n["tolerance"]));
  }
  if (n["se"]) {
    t.se = read_real(n["se"], key + ".se", file);
    if (!(t.se > 0)) fail(mark_of(n["se"], file), key + ".se", "a number > 0", describe(n["se"]));
  }
  if (!(t.tolerance > 0) && !(t.se > 0))
    fail(at, key, "a tolerance (how close counts as reached) or an se (the observation's standard error), or both", "neither");
  if (n["weight"]) {
    t.weight = read_real(n["weight"], key + ".weight", file);
    if (!(t.weight >= 0))
      fail(mark_of(n["weight"], file), key + ".weight", "a number >= 0 (0: a check, reported but not fitted)",
           describe(n["weight"]));
  }
  if (n["source"])
    t.source = filekeys::read_word(n["source"], key + ".source", file, "a one-line text naming where the figure comes from");
  return t;
}

FreeParam read_param(const YAML::Node& key_node, const YAML::Node& n, const std::string& file, const ScenarioSpec& spec) {
  const auto& S = scenario_schema();
  const Location kl = mark_of(key_node, file);
  const std::string k = key_node.IsScalar() ? key_node.Scalar() : "?";
  const long idx = S.find(k);
  if (idx < 0)
    throw InputError(fmt::format("{}: unknown scenario parameter '{}' under 'parameters'{}", kl.str(), k, S.suggest(k)));
  if (kReserved.count(k))
    throw InputError(fmt::format("{}: key 'parameters.{}': {} is set by the calibration itself", kl.str(), k, k));
  const auto& p = S.params()[static_cast<std::size_t>(idx)];
  const std::string key = "parameters." + k;
  FreeParam f;
  f.path = p.path;
  f.index = static_cast<std::size_t>(idx);
  f.where = kl;
  if (p.kind != Kind::Int && p.kind != Kind::Real)
    fail(kl, key, "a numeric (integer or number) parameter", std::string(schema::kind_name(p.kind)));
  f.integer = p.kind == Kind::Int;
  const Location at = mark_of(n, file);
  if (!n.IsMap()) fail(at, key, "{min: A, max: B} (optionally start: X, scale: log)", describe(n));
  check_keys(n, key, {"min", "max", "start", "scale"}, file);
  if (!n["min"] || !n["max"]) fail(at, key, "both 'min' and 'max'", describe(n));
  f.min = read_real(n["min"], key + ".min", file);
  f.max = read_real(n["max"], key + ".max", file);
  if (!(f.max > f.min))
    fail(mark_of(n["max"], file), key + ".max", fmt::format("a number > min ({})", f.min), fmt::format("{}", f.max));
  auto as_value = [&](double x) { return f.integer ? Value(static_cast<std::int64_t>(std::llround(x))) : Value(x); };
  schema::check_value(p, as_value(f.min), mark_of(n["min"], file));
  schema::check_value(p, as_value(f.max), mark_of(n["max"], file));
  if (f.integer && std::ceil(f.min) >= std::floor(f.max))
    fail(at, key, "bounds that hold at least two integers", fmt::format("min {} and max {}", f.min, f.max));
  if (const YAML::Node s = n["scale"]) {
    const std::string v = s.IsScalar() ? s.Scalar() : "";
    if (v != "linear" && v != "log") fail(mark_of(s, file), key + ".scale", "linear or log", describe(s));
    f.log = v == "log";
    if (f.log && !(f.min > 0))
      fail(mark_of(n["min"], file), key + ".min", "a number > 0 on a log scale", fmt::format("{}", f.min));
  }
  if (n["start"]) {
    f.start = read_real(n["start"], key + ".start", file);
    if (f.start < f.min || f.start > f.max)
      fail(mark_of(n["start"], file), key + ".start", fmt::format("a value within [{}, {}]", f.min, f.max),
           fmt::format("{}", f.start));
  } else {
    const Value v = S.get(spec, f.index);
    f.start = std::clamp(f.integer ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v), f.min, f.max);
  }
  return f;
}

Attribution read_attribution(const YAML::Node& n, const std::string& file) {
  const auto& S = scenario_schema();
  const Location at = mark_of(n, file);
  if (!n.IsMap()) fail(at, "attribution", "each item a mapping {name: N, hold: {key: value}}", describe(n));
  check_keys(n, "attribution", {"name", "hold"}, file);
  Attribution a;
  a.where = at;
  if (!n["name"]) fail(at, "attribution.name", "a name for the mechanism", "nothing");
  a.name = filekeys::read_word(n["name"], "attribution.name", file, "a name on one line");
  const YAML::Node h = n["hold"];
  if (!h || !h.IsMap() || h.size() == 0)
    fail(h ? mark_of(h, file) : at, "attribution.hold",
         "a mapping of scenario key paths to the values that switch the mechanism off", describe(h));
  for (auto kv = h.begin(); kv != h.end(); ++kv) {
    const Location kl = mark_of(kv->first, file);
    const std::string k = kv->first.IsScalar() ? kv->first.Scalar() : "?";
    const long idx = S.find(k);
    if (idx < 0)
      throw InputError(fmt::format("{}: unknown scenario parameter '{}' under 'attribution.hold'{}", kl.str(), k, S.suggest(k)));
    for (const auto& [i, v] : a.hold)
      if (i == static_cast<std::size_t>(idx)) throw InputError(kl.str() + ": key 'attribution.hold." + k + "' is given twice");
    const auto& p = S.params()[static_cast<std::size_t>(idx)];
    a.hold.emplace_back(static_cast<std::size_t>(idx), schema::parse_value(p, kv->second, mark_of(kv->second, file)));
  }
  return a;
}

/// Check that a scenario built for the calibration is valid; errors say which setting made it.
void check_scenario(const CalibSpec& c, const ScenarioSpec& spec, const std::string& what) {
  LoadedScenario ls;
  ls.spec = spec;
  ls.where = c.base.where;
  ls.source = c.source;
  for (const auto& f : c.params) ls.where[f.path] = f.where;
  try {
    validate(ls);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{} ({})", e.what(), what));
  }
}

}  // namespace

std::string DayWindow::text() const { return fmt::format("days {}-{}", from, to - 1); }

bool Target::reached(double fitted) const {
  if (!std::isfinite(fitted)) return false;
  const double d = std::abs(fitted - observed);
  if (tolerance > 0 && d <= tolerance) return true;
  return se > 0 && d <= 1.96 * se;
}

std::string Target::description() const {
  std::string s = fmt::format("{}", fmt::join(metrics, "+"));
  if (!daily) return s + " (summary.csv)";
  s += " over " + window.text();
  if (reference.given) s += ", relative change from " + reference.text();
  switch (per) {
    case Per::Day:
      s += reference.given ? "" : ", per day";
      break;
    case Per::Month:
      s += ", per month";
      break;
    case Per::ThousandResidentsMonth:
      s += ", per 1,000 residents a month";
      break;
    case Per::ThousandHouseholdsMonth:
      s += ", per 1,000 households a month";
      break;
  }
  return s;
}

double Target::value(const ReplicateMetrics& r) const {
  if (!daily) return summary_values(r)[columns[0]];
  auto mean_over = [&](const DayWindow& w) {
    const std::size_t to = std::min<std::size_t>(static_cast<std::size_t>(w.to), r.days.size());
    double sum = 0;
    std::size_t n = 0;
    for (auto d = static_cast<std::size_t>(w.from); d < to; ++d, ++n) {
      const auto v = day_values(r, d);
      for (const auto c : columns) sum += v[c];
    }
    return n == 0 ? std::nan("") : sum / static_cast<double>(n);
  };
  const double x = mean_over(window);
  if (reference.given) return x / mean_over(reference) - 1;  // NaN or inf when the reference is 0: reported as such
  const double hh = static_cast<double>(r.households);
  switch (per) {
    case Per::Day:
      return x;
    case Per::Month:
      return x * kDaysPerMonth;
    case Per::ThousandResidentsMonth:
      return x * kDaysPerMonth * 1000 / (hh * r.household_size);
    case Per::ThousandHouseholdsMonth:
      return x * kDaysPerMonth * 1000 / hh;
  }
  return x;
}

double FreeParam::value_at(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  double x = log ? std::exp(std::log(min) + u * (std::log(max) - std::log(min))) : min + u * (max - min);
  x = std::clamp(x, min, max);
  if (integer) return std::clamp(std::round(x), std::ceil(min), std::floor(max));
  // The start value exactly, not its round trip through the unit coordinate.
  if (std::abs(x - start) <= 1e-12 * (max - min)) x = start;
  return x;
}

double FreeParam::unit_of(double x) const {
  const double u = log ? (std::log(x) - std::log(min)) / (std::log(max) - std::log(min)) : (x - min) / (max - min);
  return std::clamp(u, 0.0, 1.0);
}

CalibSpec load_calibration(const std::string& path) {
  CalibSpec c;
  c.source = path;
  const YAML::Node root = schema::load_yaml_file(path);
  if (!root.IsMap())
    throw InputError(mark_of(root, path).str() +
                     ": a calibration must be a mapping with keys base, set, seed, replicates, optimiser, targets, parameters");
  check_keys(root, "",
             {"gridgov_version", "base", "set", "seed", "replicates", "optimiser", "sensitivity", "targets", "parameters",
              "attribution"},
             path);
  c.base = filekeys::read_base(root, path, c.base_source);
  const ScenarioSpec& spec = c.base.spec;
  c.seed = static_cast<std::uint64_t>(spec.seed);
  if (const YAML::Node n = root["seed"]) c.seed = static_cast<std::uint64_t>(read_int(n, "seed", path, 0, 9.0e15));
  c.replicates = static_cast<std::uint32_t>(spec.replicates);
  if (const YAML::Node n = root["replicates"])
    c.replicates = static_cast<std::uint32_t>(read_int(n, "replicates", path, 1, 10000));
  c.optimiser_seed = c.seed;

  if (const YAML::Node o = root["optimiser"]; o && !o.IsNull()) {
    if (!o.IsMap())
      fail(mark_of(o, path), "optimiser", "a mapping {algorithm, evaluations, xtol, seed, stop_when_reached}", describe(o));
    check_keys(o, "optimiser", {"algorithm", "evaluations", "xtol", "seed", "stop_when_reached"}, path);
    if (const YAML::Node a = o["algorithm"]) {
      c.algorithm = a.IsScalar() ? a.Scalar() : "";
      if (std::find(kAlgorithms.begin(), kAlgorithms.end(), c.algorithm) == kAlgorithms.end())
        fail(mark_of(a, path), "optimiser.algorithm", fmt::format("one of {}", fmt::join(kAlgorithms, ", ")),
             describe(a) + did_you_mean(c.algorithm, kAlgorithms));
    }
    if (const YAML::Node n = o["evaluations"])
      c.evaluations = static_cast<std::uint32_t>(read_int(n, "optimiser.evaluations", path, 1, 100000));
    if (const YAML::Node n = o["xtol"]) {
      c.xtol = read_real(n, "optimiser.xtol", path);
      if (!(c.xtol > 0 && c.xtol < 1))
        fail(mark_of(n, path), "optimiser.xtol", "a number in (0, 1) (a share of each parameter's unit range)", describe(n));
    }
    if (const YAML::Node n = o["seed"])
      c.optimiser_seed = static_cast<std::uint64_t>(read_int(n, "optimiser.seed", path, 0, 9.0e15));
    if (const YAML::Node n = o["stop_when_reached"])
      c.stop_when_reached = filekeys::read_bool(n, "optimiser.stop_when_reached", path);
  }
  if (const YAML::Node s = root["sensitivity"]; s && !s.IsNull()) {
    if (!s.IsMap()) fail(mark_of(s, path), "sensitivity", "a mapping {step: S}", describe(s));
    check_keys(s, "sensitivity", {"step"}, path);
    if (const YAML::Node n = s["step"]) {
      c.sensitivity_step = read_real(n, "sensitivity.step", path);
      if (!(c.sensitivity_step >= 0 && c.sensitivity_step <= 0.5))
        fail(mark_of(n, path), "sensitivity.step", "a number in [0, 0.5] (0: no local sensitivity)", describe(n));
    }
  }

  const YAML::Node targets = root["targets"];
  if (!targets || !targets.IsSequence() || targets.size() == 0)
    fail(targets ? mark_of(targets, path) : mark_of(root, path), "targets",
         "a non-empty list of targets {name, metric, observed, tolerance or se}", describe(targets));
  std::set<std::string> names;
  for (const auto& t : targets) {
    c.targets.push_back(read_target(t, path, spec));
    if (!names.insert(c.targets.back().name).second)
      fail(mark_of(t["name"], path), "targets.name", "unique target names", "'" + c.targets.back().name + "' twice");
  }

  const YAML::Node params = root["parameters"];
  if (!params || !params.IsMap() || params.size() == 0)
    fail(params ? mark_of(params, path) : mark_of(root, path), "parameters",
         "a mapping of scenario key paths to {min, max} (the free parameters)", describe(params));
  std::set<std::string> seen;
  for (auto kv = params.begin(); kv != params.end(); ++kv) {
    c.params.push_back(read_param(kv->first, kv->second, path, spec));
    if (!seen.insert(c.params.back().path).second)
      throw InputError(mark_of(kv->first, path).str() + ": key 'parameters." + c.params.back().path + "' is given twice");
  }
  if (c.params.size() > 32)
    fail(mark_of(params, path), "parameters", "at most 32 free parameters", fmt::format("{}", c.params.size()));

  if (const YAML::Node a = root["attribution"]; a && !a.IsNull()) {
    if (!a.IsSequence()) fail(mark_of(a, path), "attribution", "a list of {name, hold: {key: value}}", describe(a));
    std::set<std::string> an;
    for (const auto& item : a) {
      c.attribution.push_back(read_attribution(item, path));
      if (!an.insert(c.attribution.back().name).second)
        fail(mark_of(item["name"], path), "attribution.name", "unique names", "'" + c.attribution.back().name + "' twice");
    }
  }

  if (std::none_of(c.targets.begin(), c.targets.end(), [](const Target& t) { return t.weight > 0; }))
    fail(mark_of(targets, path), "targets", "at least one target with a weight > 0 (weight 0 marks a check that is not fitted)",
         "only checks");

  // The scenario must be valid at the start and with each parameter at each of its bounds.
  std::vector<double> start;
  for (const auto& f : c.params) start.push_back(f.start);
  check_scenario(c, scenario_at(c, start), "at the start values");
  for (std::size_t j = 0; j < c.params.size(); ++j)
    for (const double x : {c.params[j].min, c.params[j].max}) {
      auto v = start;
      v[j] = c.params[j].value_at(c.params[j].unit_of(x));
      check_scenario(c, scenario_at(c, v), fmt::format("with {} = {}", c.params[j].path, v[j]));
    }
  for (const auto& a : c.attribution) check_scenario(c, scenario_without(c, start, a), "attribution '" + a.name + "'");
  return c;
}

ScenarioSpec scenario_at(const CalibSpec& c, const std::vector<double>& values) {
  const auto& S = scenario_schema();
  ScenarioSpec spec = c.base.spec;
  for (std::size_t j = 0; j < c.params.size(); ++j) {
    const auto& f = c.params[j];
    S.set(spec, f.index, f.integer ? Value(static_cast<std::int64_t>(std::llround(values[j]))) : Value(values[j]));
  }
  spec.seed = static_cast<std::int64_t>(c.seed);
  spec.replicates = c.replicates;
  spec.issue_log = false;
  return spec;
}

ScenarioSpec scenario_without(const CalibSpec& c, const std::vector<double>& values, const Attribution& a) {
  const auto& S = scenario_schema();
  ScenarioSpec spec = scenario_at(c, values);
  for (const auto& [index, value] : a.hold) {
    S.set(spec, index, value);
    for (auto& iv : spec.interventions)
      std::erase_if(iv.changes, [index = index](const auto& change) { return change.first == index; });
  }
  return spec;
}

std::string resolved_calibration_yaml(const CalibSpec& c) {
  const auto& S = scenario_schema();
  std::string out = fmt::format(
      "# gridgov {} resolved calibration: every setting explicit and the base scenario with every parameter.\n"
      "# Source: {} (base: {})\n# Running this file (gridgov calibrate calibration.resolved.yaml) repeats the calibration.\n",
      kVersion, c.source, c.base_source);
  out += fmt::format("gridgov_version: \"{}\"\nseed: {}\nreplicates: {}\n", kVersion, c.seed, c.replicates);
  out += fmt::format("optimiser:\n  algorithm: {}\n  evaluations: {}\n  xtol: {}\n  seed: {}\n  stop_when_reached: {}\n",
                     c.algorithm, c.evaluations, schema::value_yaml(Value(c.xtol)), c.optimiser_seed,
                     c.stop_when_reached ? "true" : "false");
  out += fmt::format("sensitivity:\n  step: {}\n", schema::value_yaml(Value(c.sensitivity_step)));
  out += "targets:\n";
  auto window_yaml = [](const DayWindow& w) { return fmt::format("{{from_day: {}, to_day: {}}}", w.from, w.to - 1); };
  for (const auto& t : c.targets) {
    out += "  - name: " + t.name + "\n";
    if (t.daily) {
      std::vector<std::string> quoted;
      for (const auto& m : t.metrics) quoted.push_back(m);
      out += fmt::format("    metric: [{}]\n    window: {}\n", fmt::join(quoted, ", "), window_yaml(t.window));
      if (t.reference.given) out += "    relative_to: " + window_yaml(t.reference) + "\n";
      out += "    per: " + per_word(t.per) + "\n";
    } else {
      out += "    metric: " + t.metrics[0] + "\n";
    }
    out += "    observed: " + schema::value_yaml(Value(t.observed)) + "\n";
    if (t.tolerance > 0) out += "    tolerance: " + schema::value_yaml(Value(t.tolerance)) + "\n";
    if (t.se > 0) out += "    se: " + schema::value_yaml(Value(t.se)) + "\n";
    out += "    weight: " + schema::value_yaml(Value(t.weight)) + "\n";
    if (!t.source.empty()) out += "    source: " + schema::value_yaml(Value(t.source)) + "\n";
  }
  out += "parameters:\n";
  for (const auto& f : c.params)
    out += fmt::format("  {}: {{min: {}, max: {}, start: {}, scale: {}}}\n", f.path, schema::value_yaml(Value(f.min)),
                       schema::value_yaml(Value(f.max)), schema::value_yaml(Value(f.start)), f.log ? "log" : "linear");
  if (!c.attribution.empty()) {
    out += "attribution:\n";
    for (const auto& a : c.attribution) {
      out += "  - name: " + schema::value_yaml(Value(a.name)) + "\n    hold:\n";
      for (const auto& [i, v] : a.hold) out += "      " + S.params()[i].path + ": " + schema::value_yaml(v) + "\n";
    }
  }
  out += "base:\n" + indent(S.resolved_yaml(c.base.spec, ""), 2);
  return out;
}

}  // namespace gridgov::models::calibrate
