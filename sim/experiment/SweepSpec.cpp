#include "sim/experiment/SweepSpec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "analysis/Design.hpp"
#include "gridgov/Version.hpp"
#include "sim/io/Output.hpp"
#include "sim/schema/FileKeys.hpp"

namespace gridgov::experiment {

namespace fs = std::filesystem;
using schema::InputError;
using schema::Kind;
using schema::Location;
using schema::mark_of;
using schema::Value;
using schema::filekeys::check_keys;
using schema::filekeys::describe;
using schema::filekeys::did_you_mean;
using schema::filekeys::fail;
using schema::filekeys::indent;
using schema::filekeys::read_int;
using schema::filekeys::read_real;

namespace {

const std::vector<std::string> kDesigns{"factorial", "list", "lhs", "sobol", "morris"};

bool numeric(Kind k) { return k == Kind::Int || k == Kind::Real; }

/// Parse `node` as a value of the scenario parameter `p`.
Value param_value(const schema::ParamInfo& p, const YAML::Node& node, const std::string& file, const fs::path& dir) {
  Value v = schema::parse_value(p, node, mark_of(node, file));
  if (const auto* str = std::get_if<std::string>(&v); str && str->find_first_of("\r\n") != std::string::npos)
    fail(mark_of(node, file), p.path, "a value on one line (sweep tables hold one run per line)", "a line break");
  if (p.kind == Kind::Path) {
    auto& s = std::get<std::string>(v);
    if (!s.empty() && fs::path(s).is_relative()) s = fs::absolute(dir / s).lexically_normal().string();
  }
  return v;
}

Value number_value(const schema::ParamInfo& p, double x) {
  if (p.kind == Kind::Int) return Value(static_cast<std::int64_t>(std::llround(x)));
  return Value(x);
}

/// Factorial levels of one parameter: a list, a single value, or a range.
std::vector<Value> factorial_levels(const schema::ParamInfo& p, const YAML::Node& node, const std::string& file,
                                    const fs::path& dir) {
  const Location at = mark_of(node, file);
  std::vector<Value> out;
  if (node.IsSequence()) {
    if (node.size() == 0) fail(at, "design.parameters." + p.path, "a non-empty list of values", "an empty list");
    for (const auto& item : node) {
      out.push_back(param_value(p, item, file, dir));
      if (std::find(out.begin(), out.end() - 1, out.back()) != out.end() - 1)
        fail(mark_of(item, file), "design.parameters." + p.path, "distinct levels (each level once)",
             "'" + value_cell(out.back()) + "' again");
    }
    return out;
  }
  if (node.IsMap() && p.kind != Kind::Dist) {
    if (!numeric(p.kind))
      fail(at, "design.parameters." + p.path, "a list of values (ranges need a numeric parameter)", "a mapping");
    const std::string key = "design.parameters." + p.path;
    check_keys(node, key, {"from", "to", "step", "n", "scale"}, file);
    if (!node["from"] || !node["to"])
      fail(at, key, "a range {from: A, to: B, step: S} or {from: A, to: B, n: N}", "no 'from' or 'to'");
    if (!!node["step"] == !!node["n"]) fail(at, key, "exactly one of 'step' and 'n'", describe(node));
    const double from = read_real(node["from"], key + ".from", file);
    const double to = read_real(node["to"], key + ".to", file);
    std::string scale = "linear";
    if (node["scale"]) {
      scale = node["scale"].IsScalar() ? node["scale"].Scalar() : "";
      if (scale != "linear" && scale != "log")
        fail(mark_of(node["scale"], file), key + ".scale", "linear or log", describe(node["scale"]));
    }
    if (node["step"]) {
      if (scale == "log")
        fail(mark_of(node["scale"], file), key + ".scale", "linear with 'step' (use 'n' for a log scale)", "log");
      const double step = read_real(node["step"], key + ".step", file);
      if (!(step > 0)) fail(mark_of(node["step"], file), key + ".step", "a number > 0", fmt::format("{}", step));
      if (to < from)
        fail(mark_of(node["to"], file), key + ".to", fmt::format("a number >= from ({})", from), fmt::format("{}", to));
      const double count = std::floor((to - from) / step * (1 + 1e-12)) + 1;
      if (count > 1e6) fail(at, key, "at most 1,000,000 levels", fmt::format("{}", count));
      for (long i = 0; i < static_cast<long>(count); ++i) out.push_back(number_value(p, from + static_cast<double>(i) * step));
    } else {
      const auto n = read_int(node["n"], key + ".n", file, 1, 1e6);
      if (scale == "log" && !(from > 0 && to > 0))
        fail(at, key, "from > 0 and to > 0 on a log scale", fmt::format("from {} to {}", from, to));
      for (std::int64_t i = 0; i < n; ++i) {
        const double f = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
        const double x = scale == "log" ? std::exp(std::log(from) + f * (std::log(to) - std::log(from))) : from + f * (to - from);
        out.push_back(number_value(p, i == n - 1 ? to : x));
      }
    }
    for (const auto& v : out) schema::check_value(p, v, at);
    // Integer ranges can round two levels onto one value.
    for (std::size_t i = 1; i < out.size(); ++i)
      if (out[i] == out[i - 1]) fail(at, key, "distinct levels", "levels that repeat after rounding to integers");
    return out;
  }
  out.push_back(param_value(p, node, file, dir));
  return out;
}

/// Continuous-design bounds of one parameter.
void read_bounds(SweepParam& sp, const schema::ParamInfo& p, const YAML::Node& node, const std::string& file) {
  const std::string key = "design.parameters." + p.path;
  const Location at = mark_of(node, file);
  if (!numeric(p.kind))
    fail(at, key, "a numeric (integer or number) parameter for a continuous design", std::string(schema::kind_name(p.kind)));
  if (!node.IsMap()) fail(at, key, "{min: A, max: B} (optionally scale: log) or {dist: normal, mean: M, sd: S}", describe(node));
  check_keys(node, key, {"min", "max", "scale", "dist", "mean", "sd"}, file);
  if (node["dist"]) {
    const YAML::Node d = node["dist"];
    sp.dist = d.IsScalar() ? d.Scalar() : "";
    const std::vector<std::string> dists{"uniform", "loguniform", "normal"};
    if (std::find(dists.begin(), dists.end(), sp.dist) == dists.end())
      fail(mark_of(d, file), key + ".dist", "one of uniform, loguniform, normal", describe(d) + did_you_mean(sp.dist, dists));
  }
  if (node["scale"]) {
    const YAML::Node sc = node["scale"];
    const std::string v = sc.IsScalar() ? sc.Scalar() : "";
    if (v != "linear" && v != "log") fail(mark_of(sc, file), key + ".scale", "linear or log", describe(sc));
    if (v == "log") {
      if (sp.dist == "normal") fail(mark_of(sc, file), key + ".scale", "no scale with dist: normal", "log");
      sp.dist = "loguniform";
    }
  }
  if (sp.dist == "normal") {
    if (!node["mean"] || !node["sd"]) fail(at, key, "'mean' and 'sd' for dist: normal", "a mapping without them");
    sp.mean = read_real(node["mean"], key + ".mean", file);
    sp.sd = read_real(node["sd"], key + ".sd", file);
    if (!(sp.sd > 0)) fail(mark_of(node["sd"], file), key + ".sd", "a number > 0", fmt::format("{}", sp.sd));
    // Truncated to the given bounds, else to the parameter's declared range.
    sp.min = node["min"] ? read_real(node["min"], key + ".min", file) : p.min;
    sp.max = node["max"] ? read_real(node["max"], key + ".max", file) : p.max;
    if (p.kind == Kind::Int) {
      if (!std::isfinite(sp.min)) sp.min = -1e15;
      if (!std::isfinite(sp.max)) sp.max = 1e15;
    }
  } else {
    if (node["mean"] || node["sd"]) fail(at, key, "'mean' and 'sd' only with dist: normal", "mean/sd");
    if (!node["min"] || !node["max"]) fail(at, key, "both 'min' and 'max'", "a mapping without them");
    sp.min = read_real(node["min"], key + ".min", file);
    sp.max = read_real(node["max"], key + ".max", file);
    if (sp.dist == "loguniform" && !(sp.min > 0))
      fail(mark_of(node["min"], file), key + ".min", "a number > 0 on a log scale", fmt::format("{}", sp.min));
  }
  if (!(sp.max >= sp.min)) fail(at, key + ".max", fmt::format("a number >= min ({})", sp.min), fmt::format("{}", sp.max));
  if (p.kind == Kind::Int && std::ceil(sp.min) > std::floor(sp.max))
    fail(at, key, fmt::format("bounds that contain an integer ({} is an integer parameter)", p.path),
         fmt::format("min {} and max {}", sp.min, sp.max));
  if (std::isfinite(sp.min)) schema::check_value(p, number_value(p, sp.min), node["min"] ? mark_of(node["min"], file) : at);
  if (std::isfinite(sp.max)) schema::check_value(p, number_value(p, sp.max), node["max"] ? mark_of(node["max"], file) : at);
}

/// Map a unit coordinate to a parameter value.
Value from_unit(const SweepParam& sp, const schema::ParamInfo& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  double x = 0;
  if (sp.dist == "normal") {
    const boost::math::normal_distribution<double> nd(sp.mean, sp.sd);
    if (std::isfinite(sp.min) && sp.min > sp.mean) {
      // Wholly in the upper tail: work with upper-tail probabilities, which keep their precision there.
      const double lo = boost::math::cdf(boost::math::complement(nd, sp.min));
      const double hi = std::isfinite(sp.max) ? boost::math::cdf(boost::math::complement(nd, sp.max)) : 0.0;
      const double q = std::max(lo - u * (lo - hi), 1e-300);
      x = std::clamp(boost::math::quantile(boost::math::complement(nd, q)), sp.min, sp.max);
    } else {
      const double lo = std::isfinite(sp.min) ? boost::math::cdf(nd, sp.min) : 0.0;
      const double hi = std::isfinite(sp.max) ? boost::math::cdf(nd, sp.max) : 1.0;
      const double q = std::clamp(lo + u * (hi - lo), 1e-300, 1 - 1e-12);
      x = std::clamp(boost::math::quantile(nd, q), sp.min, sp.max);
    }
    if (p.kind == Kind::Int) x = std::clamp(std::round(x), std::ceil(sp.min), std::floor(sp.max));
    return number_value(p, x);
  }
  if (sp.dist == "loguniform") {
    x = std::exp(std::log(sp.min) + u * (std::log(sp.max) - std::log(sp.min)));
    return number_value(p, std::clamp(x, sp.min, sp.max));
  }
  if (p.kind == Kind::Int) {
    // Every integer in [min, max] equally likely.
    const double lo = std::ceil(sp.min), hi = std::floor(sp.max);
    x = std::min(hi, lo + std::floor(u * (hi - lo + 1)));
    return Value(static_cast<std::int64_t>(x));
  }
  return Value(sp.min + u * (sp.max - sp.min));
}

}  // namespace

std::string value_cell(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return schema::value_yaml(v);
}

SweepSpec load_sweep(const Model& model, const std::string& path) {
  const auto& S = model.schema();
  // Run-level keys that a sweep controls itself and that may not be varied.
  const auto reserved = model.reserved();
  const std::set<std::string> kReserved(reserved.begin(), reserved.end());
  SweepSpec s;
  s.model = &model;
  s.source = path;
  const YAML::Node root = schema::load_yaml_file(path);
  const fs::path dir = fs::path(path).parent_path();
  if (!root.IsMap())
    throw InputError(mark_of(root, path).str() + ": a sweep must be a mapping with keys base, set, seed, replicates, design");
  check_keys(root, "", {"gridgov_version", "base", "set", "seed", "replicates", "design", "timeseries", "baseline"}, path);

  s.base = model.read_base(root, path, s.base_source);
  const Scenario& b = *s.base;

  s.seed = b.seed();
  if (const YAML::Node n = root["seed"]) s.seed = static_cast<std::uint64_t>(read_int(n, "seed", path, 0, 9.0e15));
  s.replicates = b.replicates();
  if (const YAML::Node n = root["replicates"])
    s.replicates = static_cast<std::uint32_t>(read_int(n, "replicates", path, 1, (1 << 24) - 1));

  if (const YAML::Node n = root["timeseries"]) s.timeseries = schema::filekeys::read_bool(n, "timeseries", path);

  // Design.
  const YAML::Node design = root["design"];
  if (!design)
    throw InputError(mark_of(root, path).str() +
                     ": key 'design': expected a design mapping {type: factorial, parameters: {...}}, got nothing");
  if (!design.IsMap()) fail(mark_of(design, path), "design", "a mapping {type: ..., parameters: {...}}", describe(design));
  const YAML::Node type = design["type"];
  if (!type || !type.IsScalar())
    fail(mark_of(design, path), "design.type", "one of factorial, list, lhs, sobol, morris", describe(type));
  s.design = type.Scalar();
  if (std::find(kDesigns.begin(), kDesigns.end(), s.design) == kDesigns.end())
    fail(mark_of(type, path), "design.type", "one of factorial, list, lhs, sobol, morris",
         describe(type) + did_you_mean(s.design, kDesigns));
  std::vector<std::string> allowed{"type"};
  if (s.design == "factorial") allowed.insert(allowed.end(), {"parameters"});
  if (s.design == "list") allowed.insert(allowed.end(), {"points"});
  if (s.design == "lhs") allowed.insert(allowed.end(), {"parameters", "points", "seed"});
  if (s.design == "sobol") allowed.insert(allowed.end(), {"parameters", "base_samples"});
  if (s.design == "morris") allowed.insert(allowed.end(), {"parameters", "trajectories", "levels", "seed"});
  check_keys(design, "design", allowed, path);
  s.design_seed = s.seed;
  if (const YAML::Node n = design["seed"])
    s.design_seed = static_cast<std::uint64_t>(read_int(n, "design.seed", path, 0, 9.0e15));

  auto param_info = [&](const YAML::Node& key, const std::string& prefix) -> const schema::ParamInfo& {
    const Location kl = mark_of(key, path);
    const std::string k = key.IsScalar() ? key.Scalar() : "?";
    const long idx = S.find(k);
    if (idx < 0)
      throw InputError(fmt::format("{}: unknown scenario parameter '{}' under '{}'{}", kl.str(), k, prefix, S.suggest(k)));
    if (kReserved.count(k))
      throw InputError(fmt::format("{}: key '{}.{}': {} is set by the sweep itself (use the sweep's seed and replicates keys)",
                                   kl.str(), prefix, k, k));
    return S.params()[static_cast<std::size_t>(idx)];
  };

  if (s.design == "list") {
    const YAML::Node pts = design["points"];
    if (!pts || !pts.IsSequence() || pts.size() == 0)
      fail(pts ? mark_of(pts, path) : mark_of(design, path), "design.points", "a non-empty list of {name: N, set: {key: value}}",
           describe(pts));
    s.label_columns = {"name"};
    std::map<std::string, std::size_t> col_of;
    std::vector<std::map<std::size_t, Value>> given;
    std::set<std::string> names;
    for (const auto& item : pts) {
      const Location il = mark_of(item, path);
      if (!item.IsMap()) fail(il, "design.points", "each point a mapping {name: N, set: {key: value}}", describe(item));
      check_keys(item, "design.points", {"name", "set"}, path);
      if (!item["name"] || !item["name"].IsScalar() || item["name"].Scalar().empty())
        fail(il, "design.points.name", "a name for each point", describe(item["name"]));
      const std::string name = item["name"].Scalar();
      if (name.find_first_of("\r\n") != std::string::npos)
        fail(mark_of(item["name"], path), "design.points.name", "a name on one line (sweep tables hold one run per line)",
             "a line break");
      if (!names.insert(name).second)
        fail(mark_of(item["name"], path), "design.points.name", "unique point names", "'" + name + "' twice");
      std::map<std::size_t, Value> vals;
      if (const YAML::Node set = item["set"]; set && !set.IsNull()) {
        if (!set.IsMap())
          fail(mark_of(set, path), "design.points.set", "a mapping of scenario key paths to values", describe(set));
        for (auto kv = set.begin(); kv != set.end(); ++kv) {
          const auto& p = param_info(kv->first, "design.points.set");
          auto [it, fresh] = col_of.emplace(p.path, s.params.size());
          if (fresh) {
            SweepParam sp;
            sp.path = p.path;
            sp.index = static_cast<std::size_t>(S.find(p.path));
            sp.where = mark_of(kv->first, path);
            s.params.push_back(sp);
          }
          if (vals.count(it->second))
            throw InputError(mark_of(kv->first, path).str() + ": key '" + p.path + "' is given twice in one point");
          vals[it->second] = param_value(p, kv->second, path, dir);
        }
      }
      given.push_back(std::move(vals));
      s.points.push_back(SweepPoint{{}, {name}});
    }
    for (std::size_t i = 0; i < s.points.size(); ++i)
      for (std::size_t c = 0; c < s.params.size(); ++c) {
        auto it = given[i].find(c);
        s.points[i].values.push_back(it != given[i].end() ? it->second : b.get(s.params[c].index));
      }
  } else {
    const YAML::Node params = design["parameters"];
    if (!params || !params.IsMap() || params.size() == 0)
      fail(params ? mark_of(params, path) : mark_of(design, path), "design.parameters",
           "a mapping of scenario key paths to levels or bounds", describe(params));
    std::set<std::string> seen;
    std::vector<std::vector<Value>> levels;
    for (auto kv = params.begin(); kv != params.end(); ++kv) {
      const auto& p = param_info(kv->first, "design.parameters");
      if (!seen.insert(p.path).second)
        throw InputError(mark_of(kv->first, path).str() + ": key 'design.parameters." + p.path + "' is given twice");
      SweepParam sp;
      sp.path = p.path;
      sp.index = static_cast<std::size_t>(S.find(p.path));
      sp.where = mark_of(kv->first, path);
      if (s.design == "factorial")
        levels.push_back(factorial_levels(p, kv->second, path, dir));
      else
        read_bounds(sp, p, kv->second, path);
      s.params.push_back(sp);
    }
    const std::size_t k = s.params.size();
    auto make_points = [&](const std::vector<std::vector<double>>& unit) {
      for (const auto& row : unit) {
        SweepPoint pt;
        for (std::size_t j = 0; j < k; ++j) pt.values.push_back(from_unit(s.params[j], S.params()[s.params[j].index], row[j]));
        s.points.push_back(std::move(pt));
      }
    };
    if (s.design == "factorial") {
      double total = 1;
      for (const auto& l : levels) total *= static_cast<double>(l.size());
      if (total > 1e7)
        fail(mark_of(params, path), "design.parameters", "at most 10,000,000 factorial points", fmt::format("{}", total));
      // First parameter varies slowest (like nested loops written in the file's order).
      std::vector<std::size_t> at(k, 0);
      for (std::size_t n = 0; n < static_cast<std::size_t>(total); ++n) {
        SweepPoint pt;
        for (std::size_t j = 0; j < k; ++j) pt.values.push_back(levels[j][at[j]]);
        s.points.push_back(std::move(pt));
        for (std::size_t j = k; j-- > 0;) {
          if (++at[j] < levels[j].size()) break;
          at[j] = 0;
        }
      }
    } else if (s.design == "lhs") {
      if (!design["points"]) fail(mark_of(design, path), "design.points", "the number of Latin-hypercube points", "nothing");
      s.design_size = static_cast<std::size_t>(read_int(design["points"], "design.points", path, 1, 1e7));
      make_points(analysis::latin_hypercube(s.design_size, k, s.design_seed));
    } else if (s.design == "sobol") {
      if (!design["base_samples"])
        fail(mark_of(design, path), "design.base_samples", "the Saltelli base sample size N (N*(k+2) points)", "nothing");
      s.design_size = static_cast<std::size_t>(read_int(design["base_samples"], "design.base_samples", path, 1, 1e6));
      if (2 * k > analysis::kSobolMaxDims)
        fail(mark_of(params, path), "design.parameters",
             fmt::format("at most {} parameters for a Sobol' design", analysis::kSobolMaxDims / 2), fmt::format("{}", k));
      const auto d = analysis::saltelli(s.design_size, k);
      make_points(d.points);
      s.label_columns = {"block", "base_row"};
      for (std::size_t i = 0; i < s.points.size(); ++i) s.points[i].labels = {d.block[i], std::to_string(d.base_row[i])};
    } else {  // morris
      if (!design["trajectories"])
        fail(mark_of(design, path), "design.trajectories", "the number of Morris trajectories", "nothing");
      s.design_size = static_cast<std::size_t>(read_int(design["trajectories"], "design.trajectories", path, 1, 1e6));
      if (design["levels"]) {
        s.morris_levels = static_cast<std::size_t>(read_int(design["levels"], "design.levels", path, 2, 1000));
        if (s.morris_levels % 2 != 0)
          fail(mark_of(design["levels"], path), "design.levels", "an even number of levels", fmt::format("{}", s.morris_levels));
      }
      const auto d = analysis::morris(s.design_size, k, s.morris_levels, s.design_seed);
      make_points(d.points);
      s.label_columns = {"trajectory", "step", "changed"};
      for (std::size_t i = 0; i < s.points.size(); ++i)
        s.points[i].labels = {
            std::to_string(d.trajectory[i]), std::to_string(d.step[i]),
            d.changed_factor[i] < 0 ? std::string() : s.params[static_cast<std::size_t>(d.changed_factor[i])].path};
    }
  }
  if (s.runs() > (1ull << 40)) throw InputError(path + ": the sweep has more than 2^40 runs");

  // The baseline point of the paired differences in points.csv: a list point's name, else a point id.
  if (const YAML::Node n = root["baseline"]) {
    const Location at = mark_of(n, path);
    if (!n.IsScalar() || n.Scalar().empty())
      fail(at, "baseline", "a design point: a point id (a row of design.csv) or, in a list design, a point name", describe(n));
    const std::string text = n.Scalar();
    if (s.design == "list")
      for (std::size_t i = 0; i < s.points.size(); ++i)
        if (s.points[i].labels[0] == text) s.baseline = static_cast<long long>(i);
    if (s.baseline < 0) {
      unsigned long long id = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      if (ec == std::errc() && ptr == text.data() + text.size() && id < s.points.size()) s.baseline = static_cast<long long>(id);
    }
    if (s.baseline < 0) {
      std::vector<std::string> names;
      if (s.design == "list")
        for (const auto& pt : s.points) names.push_back(pt.labels[0]);
      fail(at, "baseline",
           fmt::format("a point id from 0 to {}{}", s.points.size() - 1,
                       s.design == "list" ? fmt::format(" or a point name ({})", fmt::join(names, ", ")) : std::string()),
           describe(n) + (s.design == "list" ? did_you_mean(text, names) : std::string()));
    }
  }

  // Every point must be a valid scenario.
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    schema::Provenance where;
    for (const auto& sp : s.params) where[sp.path] = sp.where;
    for (std::size_t j = 0; j < s.params.size(); ++j)
      schema::check_value(S.params()[s.params[j].index], s.points[i].values[j], s.params[j].where);
    try {
      point_scenario(s, i)->validate(path, where);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{} (design point {})", e.what(), i));
    }
  }
  return s;
}

std::unique_ptr<Scenario> point_scenario(const SweepSpec& s, std::size_t point) {
  std::vector<std::pair<std::size_t, Value>> changes;
  for (std::size_t j = 0; j < s.params.size(); ++j) changes.emplace_back(s.params[j].index, s.points[point].values[j]);
  return s.base->with(changes, s.seed);
}

std::string resolved_sweep_yaml(const SweepSpec& s) {
  std::string out = fmt::format(
      "# gridgov {} resolved sweep: the design written out in full and the base scenario with every parameter.\n"
      "# Source: {} (base: {})\n# Seed: {}\n"
      "# Running this file (gridgov sweep sweep.resolved.yaml) reproduces runs.csv and points.csv.\n",
      kVersion, s.source, s.base_source, s.seed);
  out += fmt::format("gridgov_version: \"{}\"\nseed: {}\nreplicates: {}\ntimeseries: {}\ndesign:\n  type: {}\n", kVersion, s.seed,
                     s.replicates, s.timeseries ? "true" : "false", s.design);
  if (s.baseline >= 0) {
    const auto b = static_cast<std::size_t>(s.baseline);
    out.insert(out.rfind("design:\n"),
               "baseline: " + (s.design == "list" ? schema::value_yaml(Value(s.points[b].labels[0])) : std::to_string(b)) + "\n");
  }
  if (s.design == "list") {
    out += "  points:\n";
    for (const auto& pt : s.points) {
      out += "    - name: " + schema::value_yaml(Value(pt.labels[0])) + "\n      set:" + (s.params.empty() ? " {}\n" : "\n");
      for (std::size_t j = 0; j < s.params.size(); ++j)
        out += "        " + s.params[j].path + ": " + schema::value_yaml(pt.values[j]) + "\n";
    }
  } else {
    if (s.design == "lhs") out += fmt::format("  points: {}\n  seed: {}\n", s.design_size, s.design_seed);
    if (s.design == "sobol") out += fmt::format("  base_samples: {}\n", s.design_size);
    if (s.design == "morris")
      out += fmt::format("  trajectories: {}\n  levels: {}\n  seed: {}\n", s.design_size, s.morris_levels, s.design_seed);
    out += "  parameters:\n";
    for (std::size_t j = 0; j < s.params.size(); ++j) {
      const auto& sp = s.params[j];
      out += "    " + sp.path + ": ";
      if (s.design == "factorial") {
        // The distinct levels, in order of first appearance.
        std::vector<Value> levels;
        for (const auto& pt : s.points)
          if (std::find(levels.begin(), levels.end(), pt.values[j]) == levels.end()) levels.push_back(pt.values[j]);
        std::vector<std::string> texts;
        for (const auto& v : levels) texts.push_back(schema::value_yaml(v));
        out += "[" + fmt::format("{}", fmt::join(texts, ", ")) + "]\n";
      } else if (sp.dist == "normal") {
        out +=
            fmt::format("{{dist: normal, mean: {}, sd: {}", schema::value_yaml(Value(sp.mean)), schema::value_yaml(Value(sp.sd)));
        if (std::isfinite(sp.min)) out += ", min: " + schema::value_yaml(Value(sp.min));
        if (std::isfinite(sp.max)) out += ", max: " + schema::value_yaml(Value(sp.max));
        out += "}\n";
      } else {
        out += fmt::format("{{dist: {}, min: {}, max: {}}}\n", sp.dist, schema::value_yaml(Value(sp.min)),
                           schema::value_yaml(Value(sp.max)));
      }
    }
  }
  out += "base:\n" + indent(s.base->resolved_yaml(), 2);
  return out;
}

io::TableSpec design_table(const SweepSpec& s) {
  io::TableSpec t{"design.csv", "design point", {{"point_id", "", "Design point number (0-based)"}}};
  for (const auto& l : s.label_columns)
    t.columns.push_back(
        {l, "", "Design label: name (list), block and base_row (sobol), trajectory, step and changed parameter (morris)"});
  for (const auto& p : s.params)
    t.columns.push_back({p.path, s.model->schema().params()[p.index].unit, "Scenario parameter value at this point"});
  return t;
}

std::string design_csv(const SweepSpec& s) {
  const io::TableSpec t = design_table(s);
  io::CsvBuilder csv(t);
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    csv.cell(static_cast<unsigned long long>(i));
    for (const auto& l : s.points[i].labels) csv.cell(l);
    for (const auto& v : s.points[i].values) csv.cell(value_cell(v));
    csv.end_row();
  }
  return csv.text();
}

}  // namespace gridgov::experiment
