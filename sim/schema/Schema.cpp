#include "sim/schema/Schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace gridgov::schema {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Bool: return "bool";
    case Kind::Int: return "integer";
    case Kind::Real: return "number";
    case Kind::String: return "string";
    case Kind::Path: return "path";
    case Kind::Dist: return "distribution";
  }
  return "?";
}

Location mark_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return Location{file, 0, 0};
  return Location{file, m.line + 1, m.column + 1};
}

namespace {

std::string describe_node(const YAML::Node& n) {
  if (n.IsNull()) return "nothing (null)";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "'" + n.Scalar() + "'";
}

[[noreturn]] void fail(const Location& where, const std::string& path, const std::string& expected,
                       const std::string& got) {
  throw InputError(fmt::format("{}: key '{}': expected {}, got {}", where.str(), path, expected, got));
}

bool parse_real(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && ptr == e && std::isfinite(out);
}

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, out);
  if (ec == std::errc() && ptr == e) return true;
  // Accept integral reals written like 1e6 or 60.0.
  double d = 0;
  if (parse_real(s, d) && std::floor(d) == d && std::fabs(d) < 9.0e15) {
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

std::string range_text(const ParamInfo& p) {
  const bool lo = std::isfinite(p.min), hi = std::isfinite(p.max);
  if (lo && hi) return fmt::format("{} {} and <= {}", p.min_exclusive ? ">" : ">=", p.min, p.max);
  if (lo) return fmt::format("{} {}", p.min_exclusive ? ">" : ">=", p.min);
  if (hi) return fmt::format("<= {}", p.max);
  return "any value";
}

bool in_range(const ParamInfo& p, double x) {
  if (p.min_exclusive ? !(x > p.min) : !(x >= p.min)) return false;
  return x <= p.max;
}

double number(const ParamInfo& p, const std::string& path, const YAML::Node& n, const Location& where) {
  double d = 0;
  if (!n.IsScalar() || !parse_real(n.Scalar(), d)) fail(where, path, "a number", describe_node(n));
  (void)p;
  return d;
}

DistSpec parse_dist(const ParamInfo& p, const YAML::Node& node, const Location& where, const std::string& file) {
  DistSpec d;
  d.unit = p.unit.empty() ? "hours" : p.unit;
  if (node.IsScalar()) {
    d.dist = "fixed";
    d.value = number(p, p.path, node, where);
    return d;
  }
  if (!node.IsMap())
    fail(where, p.path, "a distribution like {dist: lognormal, mean: 3, sd: 2, unit: days} or a number",
         describe_node(node));
  const YAML::Node kind = node["dist"];
  if (!kind || !kind.IsScalar()) fail(where, p.path + ".dist", "one of fixed, exponential, lognormal, gamma, uniform, empirical", "no 'dist' key");
  d.dist = kind.Scalar();
  const auto& kinds = dist_kinds();
  if (std::find(kinds.begin(), kinds.end(), d.dist) == kinds.end())
    fail(mark_of(kind, file), p.path + ".dist", "one of fixed, exponential, lognormal, gamma, uniform, empirical",
         "'" + d.dist + "'");
  std::set<std::string> allowed{"dist", "unit"};
  if (d.dist == "fixed") allowed.insert("value");
  if (d.dist == "exponential") allowed.insert("mean");
  if (d.dist == "lognormal" || d.dist == "gamma") allowed.insert({"mean", "sd"});
  if (d.dist == "uniform") allowed.insert({"min", "max"});
  if (d.dist == "empirical") allowed.insert({"values", "weights", "interpolate"});
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string k = it->first.Scalar();
    const Location kl = mark_of(it->first, file);
    if (!allowed.count(k)) {
      std::string best;
      std::size_t bd = 3;
      for (const auto& a : allowed)
        if (auto dd = edit_distance(k, a); dd < bd) bd = dd, best = a;
      throw InputError(fmt::format("{}: unknown key '{}.{}' for a {} distribution (allowed: {}){}", kl.str(), p.path, k,
                                   d.dist, fmt::join(allowed, ", "),
                                   best.empty() ? "" : " (did you mean '" + best + "'?)"));
    }
  }
  auto need = [&](const char* key) -> double {
    const YAML::Node v = node[key];
    if (!v) fail(where, p.path + "." + key, fmt::format("a number ('{}' is required for dist: {})", key, d.dist), "nothing");
    return number(p, p.path + "." + key, v, mark_of(v, file));
  };
  if (node["unit"]) {
    const YAML::Node u = node["unit"];
    const auto& units = time_units();
    if (!u.IsScalar() || std::find(units.begin(), units.end(), u.Scalar()) == units.end())
      fail(mark_of(u, file), p.path + ".unit", "one of minutes, hours, days, weeks, years", describe_node(u));
    d.unit = u.Scalar();
  }
  auto positive = [&](const char* key, double x, bool strict) {
    if (strict ? !(x > 0) : !(x >= 0))
      fail(mark_of(node[key], file), p.path + "." + key, strict ? "a number > 0" : "a number >= 0", fmt::format("{}", x));
  };
  if (d.dist == "fixed") {
    d.value = need("value");
    positive("value", d.value, false);
  } else if (d.dist == "exponential") {
    d.mean = need("mean");
    positive("mean", d.mean, true);
  } else if (d.dist == "lognormal" || d.dist == "gamma") {
    d.mean = need("mean");
    d.sd = need("sd");
    positive("mean", d.mean, true);
    positive("sd", d.sd, false);
  } else if (d.dist == "uniform") {
    d.min = need("min");
    d.max = need("max");
    positive("min", d.min, false);
    if (d.max < d.min) fail(mark_of(node["max"], file), p.path + ".max", fmt::format("a number >= min ({})", d.min), fmt::format("{}", d.max));
  } else {
    const YAML::Node vals = node["values"];
    if (!vals || !vals.IsSequence() || vals.size() == 0)
      fail(vals ? mark_of(vals, file) : where, p.path + ".values", "a non-empty list of numbers", vals ? describe_node(vals) : "nothing");
    for (const auto& v : vals) {
      d.values.push_back(number(p, p.path + ".values", v, mark_of(v, file)));
      if (d.values.back() < 0) fail(mark_of(v, file), p.path + ".values", "numbers >= 0", fmt::format("{}", d.values.back()));
    }
    if (const YAML::Node w = node["weights"]) {
      if (!w.IsSequence() || w.size() != vals.size())
        fail(mark_of(w, file), p.path + ".weights", fmt::format("a list of {} weights (one per value)", vals.size()), describe_node(w));
      double total = 0;
      for (const auto& x : w) {
        d.weights.push_back(number(p, p.path + ".weights", x, mark_of(x, file)));
        if (d.weights.back() < 0) fail(mark_of(x, file), p.path + ".weights", "weights >= 0", fmt::format("{}", d.weights.back()));
        total += d.weights.back();
      }
      if (!(total > 0)) fail(mark_of(w, file), p.path + ".weights", "weights with a positive sum", "all zero");
    } else {
      d.weights.assign(d.values.size(), 1.0);
    }
    if (const YAML::Node ip = node["interpolate"]) {
      bool b = false;
      if (!ip.IsScalar() || !YAML::convert<bool>::decode(ip, b)) fail(mark_of(ip, file), p.path + ".interpolate", "true or false", describe_node(ip));
      d.interpolate = b;
      if (b && !std::is_sorted(d.values.begin(), d.values.end()))
        fail(mark_of(vals, file), p.path + ".values", "values in increasing order when interpolate is true", "unsorted values");
    }
  }
  // The range declared for the parameter applies to the distribution's mean.
  const double m = d.to_hours().expected() / unit_hours(d.unit);
  if (!in_range(p, m)) fail(where, p.path, "a distribution with mean " + range_text(p), fmt::format("mean {}", m));
  return d;
}

}  // namespace

Value parse_value(const ParamInfo& p, const YAML::Node& node, const Location& where) {
  Value v;
  switch (p.kind) {
    case Kind::Bool: {
      bool b = false;
      if (!node.IsScalar() || !YAML::convert<bool>::decode(node, b)) fail(where, p.path, "true or false", describe_node(node));
      v = b;
      break;
    }
    case Kind::Int: {
      std::int64_t i = 0;
      if (!node.IsScalar() || !parse_int(node.Scalar(), i)) fail(where, p.path, "an integer", describe_node(node));
      v = i;
      break;
    }
    case Kind::Real: {
      double d = 0;
      if (!node.IsScalar() || !parse_real(node.Scalar(), d)) fail(where, p.path, "a number", describe_node(node));
      v = d;
      break;
    }
    case Kind::String:
    case Kind::Path: {
      if (!node.IsScalar())
        fail(where, p.path, p.choices.empty() ? "a string" : "one of " + fmt::format("{}", fmt::join(p.choices, ", ")),
             describe_node(node));
      v = node.Scalar();
      break;
    }
    case Kind::Dist: v = parse_dist(p, node, where, where.file); break;
  }
  check_value(p, v, where);
  return v;
}

void check_value(const ParamInfo& p, const Value& v, const Location& where) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (!in_range(p, static_cast<double>(*i))) fail(where, p.path, "an integer " + range_text(p), std::to_string(*i));
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (!in_range(p, *d)) fail(where, p.path, "a number " + range_text(p), fmt::format("{}", *d));
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    if (!p.choices.empty() && std::find(p.choices.begin(), p.choices.end(), *s) == p.choices.end()) {
      std::string best;
      std::size_t bd = 3;
      for (const auto& c : p.choices)
        if (auto dd = edit_distance(*s, c); dd < bd) bd = dd, best = c;
      throw InputError(fmt::format("{}: key '{}': expected one of {}, got '{}'{}", where.str(), p.path,
                                   fmt::join(p.choices, ", "), *s, best.empty() ? "" : " (did you mean '" + best + "'?)"));
    }
  }
}

std::string value_yaml(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    std::string s = fmt::format("{}", *d);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    std::string out = "\"";
    for (char c : *s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }
  return std::get<DistSpec>(v).yaml();
}

void SchemaBase::declare(ParamInfo info) {
  if (index_.count(info.path)) throw std::logic_error("parameter declared twice: " + info.path);
  std::string prefix;
  std::size_t pos = 0;
  while ((pos = info.path.find('.', pos)) != std::string::npos) {
    sections_[info.path.substr(0, pos)] = 1;
    ++pos;
  }
  index_[info.path] = params_.size();
  params_.push_back(std::move(info));
}

long SchemaBase::find(const std::string& path) const {
  auto it = index_.find(path);
  return it == index_.end() ? -1 : static_cast<long>(it->second);
}

std::string SchemaBase::suggest(const std::string& path) const {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(3, path.size() / 4) + 1;
  auto consider = [&](const std::string& cand) {
    const std::size_t d = edit_distance(path, cand);
    if (d < best_d) best_d = d, best = cand;
  };
  for (const auto& p : params_) consider(p.path);
  for (const auto& [s, _] : sections_) consider(s);
  // Also try the same last component under a different section.
  if (best.empty()) {
    const std::string last = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    for (const auto& p : params_) {
      const std::string plast = p.path.substr(p.path.rfind('.') == std::string::npos ? 0 : p.path.rfind('.') + 1);
      if (edit_distance(last, plast) <= 1 && last.size() > 3) return " (did you mean '" + p.path + "'?)";
    }
    return "";
  }
  return " (did you mean '" + best + "'?)";
}

static std::string fmt_bound(const ParamInfo& p) {
  const bool lo = std::isfinite(p.min), hi = std::isfinite(p.max);
  if (!p.choices.empty()) return fmt::format("{}", fmt::join(p.choices, " \\| "));
  if (!lo && !hi) return "";
  return fmt::format("{}{}, {}]", p.min_exclusive ? "(" : "[", lo ? fmt::format("{}", p.min) : "-inf",
                     hi ? fmt::format("{}", p.max) : "inf");
}

std::string SchemaBase::markdown(const std::vector<Value>& defaults) const {
  std::string out =
      "# Scenario parameters\n\n"
      "<!-- Generated by `gridgov params --markdown` from the parameter table in models/ScenarioSchema.cpp. "
      "Do not edit by hand: a test fails when this file is stale. -->\n\n"
      "Every key of a scenario YAML file, with its type, default, unit, allowed range and source. Keys nest: "
      "`party.members_per_household` is written\n\n```yaml\nparty:\n  members_per_household: 0.1\n```\n\n"
      "Distributions are written `{dist: KIND, ..., unit: UNIT}` with KIND one of fixed (value), exponential "
      "(mean), lognormal (mean, sd), gamma (mean, sd), uniform (min, max), empirical (values, weights, "
      "interpolate) and UNIT one of minutes, hours, days, weeks, years; a plain number means a fixed value in "
      "the default unit. Parameters marked **policy** may be changed by `interventions` during a run.\n\n";
  std::string section = "\x01";
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& p = params_[i];
    const auto dot = p.path.find('.');
    const std::string sec = dot == std::string::npos ? "(top level)" : p.path.substr(0, dot);
    if (sec != section) {
      section = sec;
      out += "\n## `" + sec + "`\n\n| key | type | default | unit | range | description | source |\n|---|---|---|---|---|---|---|\n";
    }
    std::string desc = p.description;
    if (p.policy) desc += " **policy**";
    out += fmt::format("| `{}` | {} | `{}` | {} | {} | {} | {} |\n", p.path, kind_name(p.kind), value_yaml(defaults[i]),
                       p.unit, fmt_bound(p), desc, p.source);
  }
  out += "\n## `interventions`\n\nA list of scheduled policy changes applied identically in every replicate:\n\n"
         "```yaml\ninterventions:\n  - day: 365\n    label: red/black list from year 2\n    set:\n"
         "      firms.review.enabled: true\n```\n\nOnly parameters marked **policy** may appear under `set`.\n";
  return out;
}

std::string SchemaBase::text(const std::vector<Value>& defaults) const {
  std::string out;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& p = params_[i];
    out += fmt::format("{}  ({}{}{})  default {}{}\n    {}{}\n", p.path, kind_name(p.kind),
                       p.unit.empty() ? "" : ", " + p.unit, fmt_bound(p).empty() ? "" : ", " + fmt_bound(p),
                       value_yaml(defaults[i]), p.policy ? "  [policy]" : "", p.description,
                       p.source.empty() ? "" : "  Source: " + p.source);
  }
  return out;
}

YAML::Node load_yaml_text(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}:{}: malformed YAML: {}", name, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

YAML::Node load_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file (does it exist and is it readable?)");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read file");
  return load_yaml_text(ss.str(), path);
}

std::string nested_yaml(const std::vector<std::pair<std::string, std::string>>& entries) {
  // Group by section in order of first appearance, recursively.
  struct NodeT {
    std::vector<std::string> order;
    std::map<std::string, NodeT> children;
    std::map<std::string, std::string> leaves;
  };
  NodeT root;
  for (const auto& [path, val] : entries) {
    NodeT* n = &root;
    std::size_t start = 0, dot;
    while ((dot = path.find('.', start)) != std::string::npos) {
      const std::string part = path.substr(start, dot - start);
      if (!n->children.count(part) && !n->leaves.count(part)) n->order.push_back(part);
      n = &n->children[part];
      start = dot + 1;
    }
    const std::string leaf = path.substr(start);
    n->order.push_back(leaf);
    n->leaves[leaf] = val;
  }
  std::string out;
  std::function<void(const NodeT&, int)> emit = [&](const NodeT& n, int depth) {
    for (const auto& k : n.order) {
      out.append(static_cast<std::size_t>(depth) * 2, ' ');
      if (auto it = n.leaves.find(k); it != n.leaves.end()) {
        out += k + ": " + it->second + "\n";
      } else {
        out += k + ":\n";
        emit(n.children.at(k), depth + 1);
      }
    }
  };
  emit(root, 0);
  return out;
}

}  // namespace gridgov::schema
