#pragma once
/// \file
/// Parameters of four-staff linkage (departments.linkage.*) and their run-time form.
#include "models/scenario/Section.hpp"

namespace gridgov::models {

struct LinkageParams {
  bool linkage_enabled = false;
  double linkage_time_factor = 0.4;

  static void declare(Section<ScenarioSpec, LinkageParams> s);
};

struct LinkageRuntime {
  bool linkage;
  double linkage_factor;

  static LinkageRuntime derive(const LinkageParams& p) { return {p.linkage_enabled, p.linkage_time_factor}; }
};

}  // namespace gridgov::models
