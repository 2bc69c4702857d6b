#pragma once
/// \file
/// How a mechanism declares its slice of the scenario schema: a Section binds the schema to one
/// member of ScenarioSpec (the mechanism's parameter struct), so the mechanism names only its
/// own fields. The ParamInfo helpers give every declaration the same shape (path, kind, unit,
/// range, description, source, policy flag).
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/schema/Schema.hpp"

namespace gridgov::models {

struct ScenarioSpec;

namespace params {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// A parameter of `kind` with unit and inclusive range [lo, hi].
inline schema::ParamInfo P(std::string path, schema::Kind kind, std::string unit, double lo, double hi, std::string desc,
                           std::string source = "", bool policy = false) {
  schema::ParamInfo p;
  p.path = std::move(path);
  p.kind = kind;
  p.unit = std::move(unit);
  p.min = lo;
  p.max = hi;
  p.description = std::move(desc);
  p.source = std::move(source);
  p.policy = policy;
  return p;
}
/// A share in [0, 1].
inline schema::ParamInfo Share(std::string path, std::string desc, std::string source = "", bool policy = false) {
  return P(std::move(path), schema::Kind::Real, "share", 0, 1, std::move(desc), std::move(source), policy);
}
/// One of a list of words.
inline schema::ParamInfo Choice(std::string path, std::vector<std::string> choices, std::string desc, bool policy = false) {
  schema::ParamInfo p = P(std::move(path), schema::Kind::String, "", -kInf, kInf, std::move(desc), "", policy);
  p.choices = std::move(choices);
  return p;
}
/// An on/off switch (a policy by default).
inline schema::ParamInfo Flag(std::string path, std::string desc, bool policy = true) {
  return P(std::move(path), schema::Kind::Bool, "", -kInf, kInf, std::move(desc), "", policy);
}
/// A distribution (times: unit is the default unit of its numbers).
inline schema::ParamInfo Dist(std::string path, std::string unit, std::string desc, std::string source = "",
                              bool policy = false) {
  return P(std::move(path), schema::Kind::Dist, std::move(unit), 0, kInf, std::move(desc), std::move(source), policy);
}
template <class Names>
std::vector<std::string> names(const Names& arr) {
  return {arr.begin(), arr.end()};
}

/// Seed files cited as sources.
inline const char* const kS000 = "seeds/000_af47f0c404d73ae8.txt";
inline const char* const kS001 = "seeds/001_4c7fc85168f3dea2.txt";
inline const char* const kS002 = "seeds/002_6dc15ae47d6dc069.txt";
inline const char* const kS003 = "seeds/003_4e2742b5ca61d8ac.txt";
inline const char* const kS004 = "seeds/004_bb17891a7f0bf00e.txt";

}  // namespace params

/// The schema seen through one section (a member `Sec ScenarioSpec::*` of the spec).
template <class Spec, class Sec>
class Section {
 public:
  Section(schema::Schema<Spec>& s, Sec Spec::*member) : schema_(s), member_(member) {}
  /// Declare a parameter stored in field `field` of the section.
  template <class T>
  void add(schema::ParamInfo info, T Sec::*field) {
    schema_.add(std::move(info), [m = member_, field](Spec& s) -> T& { return (s.*m).*field; });
  }
  /// Declare a parameter stored where `access(section)` says (array elements, nested structs).
  template <class Access>
  void add_at(schema::ParamInfo info, Access access) {
    schema_.add(
        std::move(info), [ m = member_, access ](Spec & s) -> auto& { return access(s.*m); });
  }

 private:
  schema::Schema<Spec>& schema_;
  Sec Spec::*member_;
};

}  // namespace gridgov::models
