#pragma once
/// \file
/// The run-time values of every mechanism, each derived by its mechanism from its own section
/// of the ScenarioSpec (times in hours, rates per hour, ready distributions); the sections are
/// listed once in models/mechanisms/Sections.hpp. Rebuilt when an intervention changes a policy
/// parameter. Hot loops read these typed fields, never the spec or a string.
#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

struct Runtime {
  explicit Runtime(const ScenarioSpec& s) {
#define GRIDGOV_DERIVE(member, Params, R) member = R::derive(s.member);
    GRIDGOV_SECTIONS(GRIDGOV_DERIVE)
#undef GRIDGOV_DERIVE
  }

#define GRIDGOV_RUNTIME_MEMBER(member, Params, R) R member;
  GRIDGOV_SECTIONS(GRIDGOV_RUNTIME_MEMBER)
#undef GRIDGOV_RUNTIME_MEMBER
};

}  // namespace gridgov::models
