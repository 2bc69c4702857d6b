#include "sim/schema/Schema.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/io/InputFile.hpp"

namespace gridgov::schema {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "integer";
    case Kind::Real:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Path:
      return "path";
    case Kind::Dist:
      return "distribution";
  }
  return "?";
}

Location mark_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return Location{file, 0, 0};
  return Location{file, m.line + 1, m.column + 1};
}

namespace {

/// A string for a message: control characters escaped, at most 80 bytes shown.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= 80) return out + "...";
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string describe_node(const YAML::Node& n) {
  if (n.IsNull()) return "nothing (null)";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "'" + printable(n.Scalar()) + "'";
}

[[noreturn]] void fail(const Location& where, const std::string& path, const std::string& expected, const std::string& got) {
  throw InputError(fmt::format("{}: key '{}': expected {}, got {}", where.str(), path, expected, got));
}

/// Why a scalar is not a plain decimal number ("" when it is one): YAML's other spellings
/// (0x10, 0o17, 1_000, .inf, .nan), numbers out of a double's range and leading zeros (010 reads
/// as octal in YAML 1.1) are refused rather than guessed at.
std::string real_problem(const std::string& s, double& out) {
  if (s.empty()) return "(empty)";
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+' || *b == '-') ++b;
  if (b == e || *b == '+' || *b == '-') return "(not a number)";
  const std::string_view body(b, static_cast<std::size_t>(e - b));
  if (body.find('_') != std::string_view::npos) return "(digit separators such as 1_000 are not accepted; write 1000)";
  if (body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X' || body[1] == 'o' || body[1] == 'b'))
    return "(hexadecimal, octal and binary numbers are not accepted; write a decimal number)";
  std::string lower(body);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos) return "(not a finite number)";
  if (body.size() > 1 && body[0] == '0' && std::isdigit(static_cast<unsigned char>(body[1])))
    return "(leading zeros are not accepted: YAML 1.1 reads 010 as octal)";
  const char* start = s.data();
  if (*start == '+') ++start;
  auto [ptr, ec] = std::from_chars(start, e, out, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) return "(out of the range of a double)";
  if (ec != std::errc() || ptr != e) return "";  // not a number at all: the caller's message says so
  if (!std::isfinite(out)) return "(not a finite number)";
  return "";
}

bool parse_real(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  if (b == e) return false;
  std::string why = real_problem(s, out);
  if (!why.empty()) return false;
  auto [ptr, ec] = std::from_chars(b, e, out, std::chars_format::general);
  return ec == std::errc() && ptr == e && std::isfinite(out);
}

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  double probe = 0;
  if (!real_problem(s, probe).empty()) return false;
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

/// A scalar written as a quoted string ("30", '0.5') is a string, not a number or a bool.
bool quoted(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "!"; }

/// " (why)" when a scalar is refused as a number, for the message.
std::string number_hint(const YAML::Node& n) {
  if (!n.IsScalar()) return "";
  if (quoted(n)) return " (a quoted string; write the number without quotes)";
  double d = 0;
  const std::string why = real_problem(n.Scalar(), d);
  return why.empty() ? "" : " " + why;
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
  if (!n.IsScalar() || quoted(n) || !parse_real(n.Scalar(), d)) fail(where, path, "a number", describe_node(n) + number_hint(n));
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
    fail(where, p.path, "a distribution like {dist: lognormal, mean: 3, sd: 2, unit: days} or a number", describe_node(node));
  const YAML::Node kind = node["dist"];
  if (!kind) fail(where, p.path + ".dist", "one of fixed, exponential, lognormal, gamma, uniform, empirical", "no 'dist' key");
  if (!kind.IsScalar())
    fail(mark_of(kind, file), p.path + ".dist", "one of fixed, exponential, lognormal, gamma, uniform, empirical",
         describe_node(kind));
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
    const Location kl = mark_of(it->first, file);
    if (!it->first.IsScalar()) throw InputError(kl.str() + ": keys must be plain names under '" + p.path + "'");
    const std::string k = it->first.Scalar();
    if (!allowed.count(k))
      throw InputError(fmt::format("{}: unknown key '{}.{}' for a {} distribution (allowed: {}){}", kl.str(), p.path, k, d.dist,
                                   fmt::join(allowed, ", "), did_you_mean(k, allowed)));
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
    if (d.max < d.min)
      fail(mark_of(node["max"], file), p.path + ".max", fmt::format("a number >= min ({})", d.min), fmt::format("{}", d.max));
  } else {
    const YAML::Node vals = node["values"];
    if (!vals || !vals.IsSequence() || vals.size() == 0)
      fail(vals ? mark_of(vals, file) : where, p.path + ".values", "a non-empty list of numbers",
           vals ? describe_node(vals) : "nothing");
    for (const auto& v : vals) {
      d.values.push_back(number(p, p.path + ".values", v, mark_of(v, file)));
      if (d.values.back() < 0) fail(mark_of(v, file), p.path + ".values", "numbers >= 0", fmt::format("{}", d.values.back()));
    }
    if (const YAML::Node w = node["weights"]) {
      if (!w.IsSequence() || w.size() != vals.size())
        fail(mark_of(w, file), p.path + ".weights", fmt::format("a list of {} weights (one per value)", vals.size()),
             describe_node(w));
      double total = 0;
      for (const auto& x : w) {
        d.weights.push_back(number(p, p.path + ".weights", x, mark_of(x, file)));
        if (d.weights.back() < 0)
          fail(mark_of(x, file), p.path + ".weights", "weights >= 0", fmt::format("{}", d.weights.back()));
        total += d.weights.back();
      }
      if (!(total > 0)) fail(mark_of(w, file), p.path + ".weights", "weights with a positive sum", "all zero");
    } else {
      d.weights.assign(d.values.size(), 1.0);
    }
    if (const YAML::Node ip = node["interpolate"]) {
      bool b = false;
      if (!ip.IsScalar() || !YAML::convert<bool>::decode(ip, b))
        fail(mark_of(ip, file), p.path + ".interpolate", "true or false", describe_node(ip));
      d.interpolate = b;
      if (b && !std::is_sorted(d.values.begin(), d.values.end()))
        fail(mark_of(vals, file), p.path + ".values", "values in increasing order when interpolate is true", "unsorted values");
    }
  }
  // Every number must stay finite once converted to hours, and so must what sampling derives
  // from them (the squared coefficient of variation of lognormal and gamma, the weights' sum).
  {
    const double h = unit_hours(d.unit);
    auto finite_in_hours = [&](const char* key, double x) {
      if (!std::isfinite(x * h))
        fail(node[key] ? mark_of(node[key], file) : where, p.path + "." + key,
             fmt::format("a number whose value in hours is finite ({} {} is not)", x, d.unit), fmt::format("{}", x));
    };
    if (d.dist == "fixed") finite_in_hours("value", d.value);
    if (d.dist == "exponential" || d.dist == "lognormal" || d.dist == "gamma") finite_in_hours("mean", d.mean);
    if (d.dist == "lognormal" || d.dist == "gamma") {
      finite_in_hours("sd", d.sd);
      const double cv = d.sd / d.mean;
      if (!std::isfinite(cv * cv) || !std::isfinite(d.sd * h * d.sd * h))
        fail(mark_of(node["sd"], file), p.path + ".sd", "an sd whose square in hours is finite", fmt::format("{}", d.sd));
    }
    if (d.dist == "uniform") {
      finite_in_hours("min", d.min);
      finite_in_hours("max", d.max);
    }
    if (d.dist == "empirical") {
      for (double x : d.values) finite_in_hours("values", x);
      double total = 0;
      for (double w : d.weights) total += w;
      if (!std::isfinite(total))
        fail(mark_of(node["weights"], file), p.path + ".weights", "weights with a finite sum", "an infinite sum");
    }
  }
  // The range declared for the parameter applies to the distribution's mean.
  const double m = d.to_hours().expected() / unit_hours(d.unit);
  if (!std::isfinite(m)) fail(where, p.path, "a distribution with a finite mean", "an infinite or undefined mean");
  if (!in_range(p, m)) fail(where, p.path, "a distribution with mean " + range_text(p), fmt::format("mean {}", m));
  return d;
}

}  // namespace

Value parse_value(const ParamInfo& p, const YAML::Node& node, const Location& where) {
  Value v;
  switch (p.kind) {
    case Kind::Bool: {
      bool b = false;
      if (!node.IsScalar() || quoted(node) || !YAML::convert<bool>::decode(node, b))
        fail(where, p.path, "true or false",
             describe_node(node) + (quoted(node) ? " (a quoted string; write true or false without quotes)" : ""));
      v = b;
      break;
    }
    case Kind::Int: {
      std::int64_t i = 0;
      if (!node.IsScalar() || quoted(node) || !parse_int(node.Scalar(), i))
        fail(where, p.path, "an integer", describe_node(node) + number_hint(node));
      v = i;
      break;
    }
    case Kind::Real: {
      double d = 0;
      if (!node.IsScalar() || quoted(node) || !parse_real(node.Scalar(), d))
        fail(where, p.path, "a number", describe_node(node) + number_hint(node));
      // A duration must stay finite once converted to hours (1e308 days is not).
      if (std::find(time_units().begin(), time_units().end(), p.unit) != time_units().end() &&
          !std::isfinite(d * unit_hours(p.unit)))
        fail(where, p.path, fmt::format("a number whose value in hours is finite ({} {} is not)", d, p.unit),
             describe_node(node));
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
    case Kind::Dist:
      v = parse_dist(p, node, where, where.file);
      break;
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
    if (!p.choices.empty() && std::find(p.choices.begin(), p.choices.end(), *s) == p.choices.end())
      throw InputError(fmt::format("{}: key '{}': expected one of {}, got '{}'{}", where.str(), p.path,
                                   fmt::join(p.choices, ", "), *s, did_you_mean(*s, p.choices)));
  }
}

std::string quote_yaml(const std::string& s) {
  // YAML double-quoted style: escape the quote, the backslash and every control character, so
  // that any string (leading or trailing spaces, line breaks, tabs, UTF-8) reads back exactly.
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Unicode line and paragraph separators and NEL would be folded as line breaks.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) {
      out += "\\u0085";
      ++i;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string comment_text(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string value_yaml(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    std::string s = fmt::format("{}", *d);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return quote_yaml(*s);
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
      out +=
          "\n## `" + sec + "`\n\n| key | type | default | unit | range | description | source |\n|---|---|---|---|---|---|---|\n";
    }
    std::string desc = p.description;
    if (p.policy) desc += " **policy**";
    out += fmt::format("| `{}` | {} | `{}` | {} | {} | {} | {} |\n", p.path, kind_name(p.kind), value_yaml(defaults[i]), p.unit,
                       fmt_bound(p), desc, p.source);
  }
  out +=
      "\n## `interventions`\n\nA list of scheduled policy changes applied identically in every replicate:\n\n"
      "```yaml\ninterventions:\n  - day: 365\n    label: red/black list from year 2\n    set:\n"
      "      firms.review.enabled: true\n```\n\nOnly parameters marked **policy** may appear under `set`.\n";
  return out;
}

std::string SchemaBase::text(const std::vector<Value>& defaults) const {
  std::string out;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const auto& p = params_[i];
    out += fmt::format("{}  ({}{}{})  default {}{}\n    {}{}\n", p.path, kind_name(p.kind), p.unit.empty() ? "" : ", " + p.unit,
                       fmt_bound(p).empty() ? "" : ", " + fmt_bound(p), value_yaml(defaults[i]), p.policy ? "  [policy]" : "",
                       p.description, p.source.empty() ? "" : "  Source: " + p.source);
  }
  return out;
}

namespace {

/// A pass over the parser's events, before any node is built: refuses a second document and a
/// key given twice in one mapping (at any depth: sections, distributions, intervention items and
/// their `set`), which a node tree would silently collapse. Linear in the text (aliases are not
/// expanded).
class Lint : public YAML::EventHandler {
 public:
  explicit Lint(std::string name) : name_(std::move(name)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      throw InputError(fmt::format("{}:{}:{}: a second YAML document (after '---'); expected exactly one document", name_,
                                   mark.line + 1, mark.column + 1));
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { leaf(mark, nullptr); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { leaf(mark, nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
    leaf(mark, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(mark, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool map = false;
    bool want_key = true;
    std::string key;  // the key whose value is being read (maps)
    std::map<std::string, int> keys;
  };

  std::string path_of(const std::string& key) const {
    std::string path;
    for (const auto& f : stack_)
      if (f.map && !f.want_key) path += (path.empty() ? "" : ".") + f.key;
    return path.empty() ? key : path + "." + key;
  }
  /// A key position that holds something other than a plain scalar.
  [[noreturn]] void bad_key(const YAML::Mark& mark) const {
    const std::string where = path_of("");
    throw InputError(fmt::format("{}:{}:{}: keys must be plain names{}", name_, mark.line + 1, mark.column + 1,
                                 where.empty() || where == "." ? "" : " under '" + where.substr(0, where.size() - 1) + "'"));
  }
  void leaf(const YAML::Mark& mark, const std::string* scalar) {
    if (stack_.empty() || !stack_.back().map) return;
    Frame& f = stack_.back();
    if (!f.want_key) {
      f.want_key = true;
      return;
    }
    if (!scalar) bad_key(mark);
    if (const auto it = f.keys.find(*scalar); it != f.keys.end())
      throw InputError(fmt::format("{}:{}:{}: key '{}' is given twice (first at line {}); expected each key once", name_,
                                   mark.line + 1, mark.column + 1, path_of(*scalar), it->second));
    f.keys.emplace(*scalar, mark.line + 1);
    f.key = *scalar;
    f.want_key = false;
  }
  void open(const YAML::Mark& mark, bool map) {
    if (!stack_.empty() && stack_.back().map && stack_.back().want_key) bad_key(mark);
    stack_.push_back(Frame{map, true, {}, {}});
  }
  void close() {
    stack_.pop_back();
    if (!stack_.empty() && stack_.back().map) stack_.back().want_key = true;
  }

  std::string name_;
  int documents_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

YAML::Node load_yaml_text(const std::string& text, const std::string& name) {
  try {
    {
      std::istringstream in(text);
      YAML::Parser parser(in);
      Lint lint(name);
      while (parser.HandleNextDocument(lint)) {
      }
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}:{}: malformed YAML: {}", name, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

YAML::Node load_yaml_file(const std::string& path) {
  std::string text, error;
  if (!io::read_bounded(path, io::kMaxYamlBytes, "YAML file", text, error)) throw InputError(path + ": " + error);
  return load_yaml_text(text, path);
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
