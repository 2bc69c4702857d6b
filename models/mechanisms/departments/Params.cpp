#include "models/mechanisms/departments/Params.hpp"

#include "models/scenario/ScenarioSpec.hpp"

namespace gridgov::models {

using namespace params;
using schema::Kind;

void DepartmentsParams::declare(Section<ScenarioSpec, DepartmentsParams> s) {
  for (std::size_t d = 0; d < kDepartments; ++d) {
    const std::string base = std::string("departments.") + kDepartmentNames[d] + ".";
    s.add_at(
        P(base + "servers", Kind::Int, "", 1, 100000,
          std::string("Cases the ") + kDepartmentNames[d] + " department handles in parallel (shared by all communities).", "",
          true),
        [d](DepartmentsParams & p) -> auto& { return p.list[d].servers; });
    s.add_at(
        Dist(base + "response_time", "days", "Time the department takes on one case.", "", true),
        [d](DepartmentsParams & p) -> auto& { return p.list[d].response_time; });
  }
}

DepartmentsRuntime DepartmentsRuntime::derive(const DepartmentsParams& s) {
  DepartmentsRuntime r{};
  for (std::size_t d = 0; d < kDepartments; ++d) {
    r.dept_time[d] = s.list[d].response_time.to_hours();
    r.dept_servers[d] = static_cast<std::uint32_t>(s.list[d].servers);
  }
  return r;
}

}  // namespace gridgov::models
