#pragma once
/// \file
/// Parameters of the district departments (departments.<name>.*): the scenario's values and
/// their run-time form.
#include <array>
#include <cstdint>

#include "models/scenario/Section.hpp"
#include "models/scenario/Vocabulary.hpp"
#include "sim/random/Distribution.hpp"
#include "sim/schema/DistSpec.hpp"

namespace gridgov::models {

struct DepartmentSpec {
  std::int64_t servers = 3;                                                    ///< parallel cases handled
  schema::DistSpec response_time = schema::DistSpec::lognormal(3, 3, "days");  ///< time to handle one case
};

struct DepartmentsParams {
  std::array<DepartmentSpec, kDepartments> list{};

  static void declare(Section<ScenarioSpec, DepartmentsParams> s);
};

struct DepartmentsRuntime {
  std::array<rng::Distribution, kDepartments> dept_time;
  std::array<std::uint32_t, kDepartments> dept_servers;

  static DepartmentsRuntime derive(const DepartmentsParams& p);
};

}  // namespace gridgov::models
