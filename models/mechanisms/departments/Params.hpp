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
  std::int64_t servers = 0;                 ///< parallel cases handled; 0 = scaled with the district's households
  double servers_per_100k_households = 40;  ///< used when servers is 0
  schema::DistSpec response_time = schema::DistSpec::lognormal(3, 3, "days");  ///< time to handle one case
};

struct DepartmentsParams {
  /// Defaults in the order of kDepartmentNames (police, urban management, market regulation,
  /// fire): capacity per 100,000 households sized so that a district of default communities keeps
  /// every department below 85% utilisation.
  std::array<DepartmentSpec, kDepartments> list{DepartmentSpec{0, 15}, DepartmentSpec{0, 50}, DepartmentSpec{0, 15},
                                                DepartmentSpec{0, 15}};

  static void declare(Section<ScenarioSpec, DepartmentsParams> s);
};

struct DepartmentsRuntime {
  std::array<random::Distribution, kDepartments> dept_time;
  std::array<std::uint32_t, kDepartments> dept_servers;  ///< fixed count, or 0: scaled
  std::array<double, kDepartments> servers_per_100k;
  /// Servers of department d in a district of `households` households (at least 1).
  std::uint32_t servers(std::size_t d, std::uint64_t households) const;

  static DepartmentsRuntime derive(const DepartmentsParams& p);
};

}  // namespace gridgov::models
