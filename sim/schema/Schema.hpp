#pragma once
/// \file
/// Declare each scenario parameter once — path, kind, default, unit, range, description,
/// source — and derive from that one table: YAML validation with file:line:column errors and
/// did-you-mean, `--set` overrides, the resolved scenario YAML, `gridgov params` and
/// docs/parameters.md. The table is generic; the governance model fills it (models/).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "sim/schema/DistSpec.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::schema {

/// The kinds of parameter values.
enum class Kind { Bool, Int, Real, String, Path, Dist };
const char* kind_name(Kind k);

/// One parameter value.
using Value = std::variant<bool, std::int64_t, double, std::string, DistSpec>;

/// Everything declared about one parameter, except how it is stored.
struct ParamInfo {
  std::string path;  ///< dotted key path, e.g. "party.members_per_household"
  Kind kind = Kind::Real;
  std::string unit;  ///< unit of the value ("" when dimensionless); for Dist the default unit
  double min = -std::numeric_limits<double>::infinity();  ///< inclusive lower bound (Int, Real, Dist numbers)
  double max = std::numeric_limits<double>::infinity();   ///< inclusive upper bound
  bool min_exclusive = false;                             ///< the lower bound itself is not allowed
  std::vector<std::string> choices;                       ///< allowed values of a String (empty = any)
  std::string description;
  std::string source;   ///< where the default comes from (seed file, literature), may be empty
  bool policy = false;  ///< may be changed by a scheduled intervention
};

/// A scheduled change of policy parameters, applied identically in every replicate.
struct Intervention {
  double day = 0;                                      ///< simulated day at whose start it applies
  std::string label;                                   ///< free text for outputs
  std::vector<std::pair<std::size_t, Value>> changes;  ///< (parameter index, new value)
  Location where;                                      ///< where it was written
};

/// Provenance: where each explicitly given key path came from.
using Provenance = std::map<std::string, Location>;

/// Parse and validate a YAML node against a parameter's declaration (throws InputError).
Value parse_value(const ParamInfo& p, const YAML::Node& node, const Location& where);
/// Check a value's range and choices (throws InputError citing `where`).
void check_value(const ParamInfo& p, const Value& v, const Location& where);
/// A value as YAML flow text (exact round trip for reals and for any string).
std::string value_yaml(const Value& v);
/// A string in YAML double-quoted style that reads back byte for byte (control characters,
/// quotes, backslashes, leading and trailing spaces, Unicode line separators escaped).
std::string quote_yaml(const std::string& s);
/// A string safe inside a one-line YAML comment (control characters escaped as \xNN).
std::string comment_text(const std::string& s);
/// Location of a yaml-cpp node in `file` (1-based line and column).
Location mark_of(const YAML::Node& node, const std::string& file);

/// The non-typed part of a schema: the parameter table, lookup and suggestions.
class SchemaBase {
 public:
  const std::vector<ParamInfo>& params() const { return params_; }
  /// Index of a parameter path, or -1.
  long find(const std::string& path) const;
  bool is_section(const std::string& path) const { return sections_.count(path) != 0; }
  /// " (did you mean 'x'?)" or "" when nothing is close.
  std::string suggest(const std::string& path) const;
  /// docs/parameters.md text (Markdown), defaults taken from `defaults`.
  std::string markdown(const std::vector<Value>& defaults) const;
  /// Plain-text listing for `gridgov params`.
  std::string text(const std::vector<Value>& defaults) const;

 protected:
  void declare(ParamInfo info);
  std::vector<ParamInfo> params_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, int> sections_;
};

/// A schema bound to a spec type `Spec`, which must have a member
/// `std::vector<schema::Intervention> interventions`.
template <class Spec>
class Schema : public SchemaBase {
 public:
  /// Declare a parameter stored at `access(spec)`; T is bool, an integer type, double,
  /// std::string or DistSpec. The default is whatever a default-constructed Spec holds.
  template <class Access>
  void add(ParamInfo info, Access access) {
    using T = std::remove_cvref_t<decltype(access(std::declval<Spec&>()))>;
    setters_.push_back([access](Spec& s, const Value& v) {
      T& field = access(s);
      if constexpr (std::is_same_v<T, bool>)
        field = std::get<bool>(v);
      else if constexpr (std::is_integral_v<T>)
        field = static_cast<T>(std::get<std::int64_t>(v));
      else if constexpr (std::is_floating_point_v<T>)
        field = static_cast<T>(std::get<double>(v));
      else
        field = std::get<T>(v);
    });
    getters_.push_back([access](const Spec& s) -> Value {
      const T& field = access(const_cast<Spec&>(s));
      if constexpr (std::is_same_v<T, bool>)
        return Value(field);
      else if constexpr (std::is_integral_v<T>)
        return Value(static_cast<std::int64_t>(field));
      else if constexpr (std::is_floating_point_v<T>)
        return Value(static_cast<double>(field));
      else
        return Value(field);
    });
    declare(std::move(info));
  }

  Value get(const Spec& s, std::size_t i) const { return getters_[i](s); }
  void set(Spec& s, std::size_t i, const Value& v) const { setters_[i](s, v); }
  std::vector<Value> values(const Spec& s) const {
    std::vector<Value> out;
    for (std::size_t i = 0; i < params_.size(); ++i) out.push_back(get(s, i));
    return out;
  }

  /// Apply a YAML document to `spec` (throws InputError). Records where each key came from.
  void apply_yaml(Spec& spec, const YAML::Node& root, const std::string& file, Provenance* where) const;
  /// Apply `path=value` (the text of one --set option). `option` names where it came from in
  /// messages ("--set", or "--seed" for an option that stands for one key).
  void apply_override(Spec& spec, const std::string& assignment, Provenance* where, const std::string& option = "--set") const;
  /// The complete scenario as YAML (every parameter, then the interventions).
  std::string resolved_yaml(const Spec& spec, const std::string& header_comment) const;

 private:
  void walk(Spec& spec, const YAML::Node& node, const std::string& prefix, const std::string& file, Provenance* where) const;
  void read_interventions(Spec& spec, const YAML::Node& node, const std::string& file) const;
  std::vector<std::function<void(Spec&, const Value&)>> setters_;
  std::vector<std::function<Value(const Spec&)>> getters_;
};

/// Load a YAML file (or text) with errors as InputError with file:line:column.
YAML::Node load_yaml_file(const std::string& path);
YAML::Node load_yaml_text(const std::string& text, const std::string& name);

/// Turn a list of (path, value) in declaration order into nested YAML text.
std::string nested_yaml(const std::vector<std::pair<std::string, std::string>>& entries);

// ---------------------------------------------------------------------------------------------

template <class Spec>
void Schema<Spec>::walk(Spec& spec, const YAML::Node& node, const std::string& prefix, const std::string& file,
                        Provenance* where) const {
  std::map<std::string, Location> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const Location kloc = mark_of(it->first, file);
    if (!it->first.IsScalar())
      throw InputError(kloc.str() + ": keys must be plain names" + (prefix.empty() ? "" : " under '" + prefix + "'"));
    const std::string key = it->first.Scalar();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (auto dup = seen.find(key); dup != seen.end())
      throw InputError(kloc.str() + ": key '" + path + "' is given twice (first at line " + std::to_string(dup->second.line) +
                       "); expected each key once");
    seen.emplace(key, kloc);
    if (prefix.empty() && key == "gridgov_version") {  // written by resolved scenarios, informational
      if (!it->second.IsScalar())
        throw InputError(mark_of(it->second, file).str() +
                         ": key 'gridgov_version': expected a string (the gridgov version that wrote the file), got " +
                         (it->second.IsSequence() ? "a list"
                          : it->second.IsMap()    ? "a mapping"
                                                  : "nothing (null)"));
      continue;
    }
    if (prefix.empty() && key == "interventions") {
      read_interventions(spec, it->second, file);
      continue;
    }
    const long idx = find(path);
    if (idx >= 0) {
      const Location vloc = mark_of(it->second, file);
      const auto& p = params_[static_cast<std::size_t>(idx)];
      Value v = parse_value(p, it->second, vloc);
      setters_[static_cast<std::size_t>(idx)](spec, v);
      if (where) (*where)[path] = vloc;
      continue;
    }
    if (is_section(path)) {
      if (!it->second.IsMap())
        throw InputError(mark_of(it->second, file).str() + ": key '" + path +
                         "': expected a mapping of sub-keys (a section), got " +
                         (it->second.IsSequence() ? "a list" : "a value"));
      if (where) (*where)[path] = kloc;  // sections too, for cross-field messages
      walk(spec, it->second, path, file, where);
      continue;
    }
    throw InputError(kloc.str() + ": unknown key '" + path + "'" + suggest(path));
  }
}

template <class Spec>
void Schema<Spec>::read_interventions(Spec& spec, const YAML::Node& node, const std::string& file) const {
  const Location loc = mark_of(node, file);
  if (node.IsNull()) return;
  if (!node.IsSequence()) throw InputError(loc.str() + ": key 'interventions': expected a list of {day: D, set: {path: value}}");
  spec.interventions.clear();
  for (const auto& item : node) {
    const Location iloc = mark_of(item, file);
    if (!item.IsMap()) throw InputError(iloc.str() + ": key 'interventions': each item must be a mapping");
    Intervention iv;
    iv.where = iloc;
    bool have_day = false, have_set = false;
    for (auto kv = item.begin(); kv != item.end(); ++kv) {
      const Location kl = mark_of(kv->first, file), vl = mark_of(kv->second, file);
      if (!kv->first.IsScalar()) throw InputError(kl.str() + ": keys must be plain names under 'interventions'");
      const std::string k = kv->first.Scalar();
      if (k == "day") {
        ParamInfo dayinfo;
        dayinfo.path = "interventions.day";
        dayinfo.unit = "days";
        dayinfo.min = 0.0;
        iv.day = std::get<double>(parse_value(dayinfo, kv->second, vl));
        have_day = true;
      } else if (k == "label") {
        if (!kv->second.IsScalar())
          throw InputError(vl.str() + ": key 'interventions.label': expected a string, got " +
                           (kv->second.IsSequence() ? "a list"
                            : kv->second.IsMap()    ? "a mapping"
                                                    : "nothing (null)"));
        iv.label = kv->second.Scalar();
      } else if (k == "set") {
        if (!kv->second.IsMap())
          throw InputError(vl.str() + ": key 'interventions.set': expected a mapping of parameter paths to values");
        for (auto s = kv->second.begin(); s != kv->second.end(); ++s) {
          const Location sl = mark_of(s->first, file);
          if (!s->first.IsScalar()) throw InputError(sl.str() + ": keys must be plain names under 'interventions.set'");
          const std::string path = s->first.Scalar();
          const long idx = find(path);
          if (idx < 0) throw InputError(sl.str() + ": interventions: unknown parameter '" + path + "'" + suggest(path));
          const auto& p = params_[static_cast<std::size_t>(idx)];
          if (!p.policy)
            throw InputError(sl.str() + ": interventions: '" + path +
                             "' is not a policy parameter and cannot change during a run (see `gridgov params`)");
          iv.changes.emplace_back(static_cast<std::size_t>(idx), parse_value(p, s->second, mark_of(s->second, file)));
        }
        have_set = true;
      } else {
        throw InputError(kl.str() + ": unknown key 'interventions." + k + "' (expected day, set or label)");
      }
    }
    if (!have_day || !have_set) throw InputError(iloc.str() + ": key 'interventions': each item needs both 'day' and 'set'");
    spec.interventions.push_back(std::move(iv));
  }
}

template <class Spec>
void Schema<Spec>::apply_yaml(Spec& spec, const YAML::Node& root, const std::string& file, Provenance* where) const {
  if (root.IsNull()) return;
  if (!root.IsMap()) throw InputError(mark_of(root, file).str() + ": a scenario must be a mapping of keys");
  walk(spec, root, "", file, where);
}

template <class Spec>
void Schema<Spec>::apply_override(Spec& spec, const std::string& assignment, Provenance* where, const std::string& option) const {
  const auto eq = assignment.find('=');
  const std::string origin = option == "--set" ? "--set " + assignment : option + " " + assignment.substr(eq + 1);
  if (eq == std::string::npos || eq == 0) throw InputError(origin + ": expected --set path.to.key=value");
  const std::string path = assignment.substr(0, eq);
  const long idx = find(path);
  if (idx < 0) throw InputError(origin + ": unknown key '" + path + "'" + suggest(path));
  const std::string name = option == "--set" ? "--set " + path : option;
  YAML::Node node = load_yaml_text(assignment.substr(eq + 1), name);
  Location loc = option == "--set" ? Location{name, 1, static_cast<int>(eq) + 2} : Location{name, 0, 0};
  Value v = parse_value(params_[static_cast<std::size_t>(idx)], node, loc);
  setters_[static_cast<std::size_t>(idx)](spec, v);
  if (where) (*where)[path] = loc;
}

template <class Spec>
std::string Schema<Spec>::resolved_yaml(const Spec& spec, const std::string& header_comment) const {
  std::vector<std::pair<std::string, std::string>> entries;
  for (std::size_t i = 0; i < params_.size(); ++i) entries.emplace_back(params_[i].path, value_yaml(get(spec, i)));
  std::string out = header_comment + nested_yaml(entries);
  if (spec.interventions.empty()) {
    out += "interventions: []\n";
  } else {
    out += "interventions:\n";
    for (const auto& iv : spec.interventions) {
      out += "  - day: " + value_yaml(Value(iv.day)) + "\n";
      if (!iv.label.empty()) out += "    label: " + value_yaml(Value(iv.label)) + "\n";
      out += "    set:\n";
      for (const auto& [idx, v] : iv.changes) out += "      " + params_[idx].path + ": " + value_yaml(v) + "\n";
    }
  }
  return out;
}

}  // namespace gridgov::schema
