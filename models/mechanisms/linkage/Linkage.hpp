#pragma once
/// \file
/// Four-staff linkage (四员联动): police, fire and property staff work inside the grid, so
/// whistles to a linked department are handled in the grid's linkage line, faster by
/// departments.linkage.time_factor. Buys: shorter escalated cases, less load on district
/// departments. Costs: one linkage staff line per grid. Parameters: departments.linkage.*.
#include <array>
#include <cstdint>

#include "models/lifecycle/Issue.hpp"
#include "models/world/Context.hpp"

namespace gridgov::models {

struct Linkage {
  /// Departments whose staff sit in the grid under linkage (police and fire).
  static constexpr std::array<bool, kDepartments> kLinked{true, false, false, true};
  static_assert(kDeptPolice == 0 && kDeptFire == 3);
  /// Staff lines per grid.
  static constexpr std::uint32_t kServersPerGrid = 1;

  /// Whether an escalated issue for department d is handled in the grid.
  static bool takes(const Runtime& P, std::uint8_t department) { return P.linkage.linkage && kLinked[department]; }
  /// Hours the linkage staff spend on the case.
  static double service_time(const Runtime& P, const Issue& is, random::Stream& s) {
    return P.departments.dept_time[P.households.types[is.type].department].sample(s) * P.linkage.linkage_factor;
  }
};

}  // namespace gridgov::models
