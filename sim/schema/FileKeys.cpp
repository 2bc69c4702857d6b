#include "sim/schema/FileKeys.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/schema/InputError.hpp"

namespace gridgov::schema::filekeys {

void fail(const Location& at, const std::string& key, const std::string& expected, const std::string& got) {
  throw InputError(fmt::format("{}: key '{}': expected {}, got {}", at.str(), key, expected, got));
}

std::string indent(const std::string& text, int n) {
  std::string out, pad(static_cast<std::size_t>(n), ' ');
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) out += pad + text.substr(start, nl - start);
    out += '\n';
    start = nl + 1;
  }
  return out;
}

std::string describe(const YAML::Node& n) {
  if (!n || n.IsNull()) return "nothing";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "'" + n.Scalar() + "'";
}

void check_keys(const YAML::Node& node, const std::string& prefix, const std::vector<std::string>& allowed,
                const std::string& file) {
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const Location kl = mark_of(it->first, file);
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : "?";
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (!seen.insert(k).second) throw InputError(kl.str() + ": key '" + path + "' is given twice; expected each key once");
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      throw InputError(fmt::format("{}: unknown key '{}' (expected one of {}){}", kl.str(), path, fmt::join(allowed, ", "),
                                   did_you_mean(k, allowed)));
  }
}

double read_real(const YAML::Node& n, const std::string& key, const std::string& file) {
  ParamInfo info;
  info.path = key;
  info.kind = Kind::Real;
  return std::get<double>(parse_value(info, n, mark_of(n, file)));
}

std::int64_t read_int(const YAML::Node& n, const std::string& key, const std::string& file, double lo, double hi) {
  ParamInfo info;
  info.path = key;
  info.kind = Kind::Int;
  info.min = lo;
  info.max = hi;
  return std::get<std::int64_t>(parse_value(info, n, mark_of(n, file)));
}

bool read_bool(const YAML::Node& n, const std::string& key, const std::string& file) {
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail(mark_of(n, file), key, "true or false", describe(n));
  return v;
}

std::string read_word(const YAML::Node& n, const std::string& key, const std::string& file, const std::string& expected) {
  if (!n.IsScalar() || n.Scalar().empty() || n.Scalar().find_first_of("\r\n") != std::string::npos)
    fail(mark_of(n, file), key, expected, describe(n));
  return n.Scalar();
}

}  // namespace gridgov::schema::filekeys
