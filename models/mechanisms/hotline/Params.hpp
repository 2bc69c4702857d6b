#pragma once
/// \file
/// Parameters of the 12345 hotline (hotline.*) and their run-time form.
#include <string>

#include "models/scenario/Section.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct HotlineParams {
  bool hotline_enabled = true;
  schema::DistSpec forward_delay = schema::DistSpec::fixed(4, "hours");
  std::string dispatch_to = "handler";

  static void declare(Section<ScenarioSpec, HotlineParams> s);
};

struct HotlineRuntime {
  bool hotline;
  random::Distribution forward_delay;
  bool dispatch_to_department;

  static HotlineRuntime derive(const HotlineParams& p) {
    return {p.hotline_enabled, p.forward_delay.to_hours(), p.dispatch_to == "department"};
  }
};

}  // namespace gridgov::models
